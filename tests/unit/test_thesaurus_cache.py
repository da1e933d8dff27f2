"""The thesaurus is read from the package once and then from its cache in the temp folder,
with the same synonyms and classes either way (retrieval/text/thesaurus.py)."""

from __future__ import annotations

import tempfile

from retrieval.text import thesaurus


def test_the_cached_tables_give_what_the_package_gives(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    thesaurus._tables.cache_clear()
    thesaurus.synonyms.cache_clear()
    try:
        fresh = (sorted(thesaurus.synonyms("沿着")), thesaurus.is_everyday_word("张罗"),
                 thesaurus.is_everyday_word("护照"))
        cached = list(tmp_path.glob("grassroots-qa-cilin*.json"))
        assert len(cached) == 1 and cached[0].stat().st_size > 0
        thesaurus._tables.cache_clear()
        thesaurus.synonyms.cache_clear()
        again = (sorted(thesaurus.synonyms("沿着")), thesaurus.is_everyday_word("张罗"),
                 thesaurus.is_everyday_word("护照"))
        assert again == fresh and "沿" in fresh[0] and fresh[1:] == (True, False)
        # a broken cache is read from the package again (the package read is recorded,
        # not repeated: it takes a second)
        package = thesaurus._read_tables()
        reads: list[int] = []
        monkeypatch.setattr(thesaurus, "_read_tables", lambda: reads.append(1) or package)
        cached[0].write_text("not json", encoding="utf-8")
        thesaurus._tables.cache_clear()
        thesaurus.synonyms.cache_clear()
        assert sorted(thesaurus.synonyms("沿着")) == fresh[0] and reads == [1]
    finally:
        thesaurus._tables.cache_clear()
        thesaurus.synonyms.cache_clear()
