"""A background model of general Chinese, from jieba's own dictionary.

Words the corpus never uses still say something: 报名 or 搞 (verbs) are everyday
words whose absence from the articles proves nothing, while 护照 or 上海 (nouns,
places) name a topic the articles do not cover. jieba's dict.txt tags each word
with its part of speech; the "light" classes below are the ones that do not name
a topic. Reading the 349k-line file takes ~0.4 s, so it is done once, lazily.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from functools import lru_cache
from pathlib import Path

import jieba

from retrieval.text.lexicon import SURNAMES

# Part-of-speech tags (jieba / ICTCLAS) of words that never name a topic: verbs,
# adjectives, adverbs, numerals, measure words, pronouns, prepositions, particles,
# idioms, fixed phrases, time and place-direction words, distinguishing words (b).
# Verbal and adjectival nouns (vn, an) stay topical: 管理, 变化 can be what a question
# is about.
_LIGHT_TAGS = frozenset(
    "v vd vg vi vq a ad ag b d dg m mq q r rr rz p c u ud ug uj ul uv uz y e o l i t tg f z "
    "zg k h".split()
)


# Tags of proper nouns: places, people, organisations, other names.
_PROPER_TAGS = frozenset("ns nr nrt nrfg nt nz".split())
# Chinese personal names: jieba tags many verb-object words nr (养羊), which are
# names only when they start with a surname.
_PERSON_TAGS = frozenset("nr nrfg".split())
# ... nor when they are a common word and a suffix for people (高中 + 生, 修复 + 者)
_PEOPLE_SUFFIX = frozenset("生员者师工匠")
_COMMON_FREQUENCY = 100  # jieba's count: a word this common is no given name
# Verbs proper (not verbal nouns): the first half of 养羊, 坐轮椅, a verb and its object.
_VERB_TAGS = frozenset("v vi vd vg".split())
# The head of a place or a body (县长, 厂长): a title people ask about by name.
_HEAD_TITLE = re.compile(r"[省市盟旗县区乡镇村厂校院所局处科]长")
# Resultative and directional complements: the second half of 学完, 选上, 拿去.
_COMPLEMENTS = frozenset("完好到上下出来去起过走掉住成懂会")
# Bump when what _read_classes keeps changes: the cache file name carries it.
_CLASSES_FORMAT = 4


_Classes = tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]


@lru_cache(maxsize=1)
def _classes() -> _Classes:
    """(light words, proper nouns, place names, verbs) of jieba's dictionary.

    Reading dict.txt takes ~0.4 s; the three sets are kept in a JSON file in the temp
    folder (as jieba keeps its own dictionary cache there), keyed by the dictionary's
    size and jieba's version, and read from it in a fraction of that.
    """
    path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    cache = Path(tempfile.gettempdir()) / (
        f"grassroots-qa-pos{_CLASSES_FORMAT}-{jieba.__version__}-{os.path.getsize(path)}.json")
    try:
        light, proper, places, verbs = json.loads(cache.read_text(encoding="utf-8"))
        return frozenset(light), frozenset(proper), frozenset(places), frozenset(verbs)
    except (OSError, ValueError, TypeError):
        pass
    classes = _read_classes(path)
    try:
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps([sorted(c) for c in classes], ensure_ascii=False),
                       encoding="utf-8")
        os.replace(tmp, cache)
    except OSError:  # a read-only temp folder only costs the 0.4 s next time
        pass
    return classes


def _read_classes(path: str) -> _Classes:
    light: set[str] = set()
    proper: set[str] = set()
    places: set[str] = set()
    verbs: set[str] = set()
    with open(path, encoding="utf-8") as lines:
        entries = [parts for parts in (line.split() for line in lines) if len(parts) == 3]
    common = {word for word, freq, tag in entries
              if tag not in _PROPER_TAGS and int(freq) >= _COMMON_FREQUENCY}
    for word, _, tag in entries:
        if tag in _VERB_TAGS:
            verbs.add(word)
        if tag in _LIGHT_TAGS:
            light.add(word)
        elif tag in _PERSON_TAGS and (
                word[0] not in SURNAMES
                or (len(word) == 3 and word[:2] in common and word[2] in _PEOPLE_SUFFIX)):
            continue
        elif tag in _PROPER_TAGS:
            proper.add(word)
            if tag == "ns" and len(word) >= 2:
                places.add(word)
    return frozenset(light), frozenset(proper), frozenset(places), frozenset(verbs)


def is_light_compound(word: str) -> bool:
    """A word the dictionary lacks, made of two everyday words of it (拿去 = 拿 + 去,
    家修 = 家 + 修): a phrase of the question, not a name of something. The head of a
    place or a body (县长 = 县 + 长) is a title, whose holder is what is asked."""
    if len(word) != 2 or is_proper_noun(word) or word in light_words():
        return False
    if _HEAD_TITLE.fullmatch(word):
        return False
    words = light_words()
    # 学完, 选上, 办好: a verb and the result or direction it reaches
    return (word[0] in words and word[1] in words) or word[1] in _COMPLEMENTS


def ends_in_complement(word: str) -> bool:
    """A two-character verb and where it gets (劝住, 买到, 学完): the articles tell the
    outcome in words of their own."""
    return len(word) == 2 and word[1] in _COMPLEMENTS


def light_words() -> frozenset[str]:
    """Words of jieba's dictionary whose part of speech does not name a topic."""
    return _classes()[0]


def is_place_name(word: str) -> bool:
    """A place in jieba's dictionary (北京, 辽宁, 额尔古纳): where-answers without a suffix."""
    return word in _classes()[2]


def is_verb(word: str) -> bool:
    """A verb in jieba's dictionary (养, 坐, 修): what a verb-object phrase starts with."""
    return word in _classes()[3]


def is_proper_noun(word: str) -> bool:
    """A place, person, organisation or other name in jieba's dictionary (上海, 深圳)."""
    return word in _classes()[1]


def is_light(word: str) -> bool:
    """True for everyday words (verbs, adverbs, single characters …) that name no topic."""
    if len(word) == 1 and not word.isascii():
        return True
    return word in light_words()
