"""Known names (initiatives, places, quoted terms) and near-name matching.

A question names its topic exactly (三减三优), with a typo (板登议事会, 亮嗮比: a
character of the same sound or a similar one), or with a character left out or
added (红色马甲 for 红色小马甲). Near-names are compared by fuzzy pinyin (sh/s,
zh/z, ch/c, ang/an, eng/en, ing/in, l/n merged, tones ignored) and by character
edit distance, against names the corpus really uses.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

_CJK = re.compile(r"^[\u3400-\u9fff0-9a-z+]+$")
# Fuzzy pinyin: pairs people (and input methods) confuse.
_FUZZY = (("zh", "z"), ("ch", "c"), ("sh", "s"), ("ang", "an"), ("eng", "en"),
          ("ing", "in"), ("l", "n"))
MIN_NEAR_CHARS = 3  # two-character names are too easily "near" ordinary words


@dataclass(frozen=True)
class NameMatch:
    name: str  # the known name (normalised)
    asked_as: str  # how the question wrote it
    start: int  # position in the text searched
    exact: bool


def fuzzy_syllable(syllable: str) -> str:
    for long, short in _FUZZY:
        if syllable.startswith(long) or syllable.endswith(long):
            syllable = syllable.replace(long, short, 1)
    return syllable


def fuzzy_pinyin(text: str) -> tuple[str, ...]:
    from pypinyin import lazy_pinyin  # ~0.2 s to import: only when a near-name is sought

    return tuple(fuzzy_syllable(s) for s in lazy_pinyin(text))


@lru_cache(maxsize=4096)
def _readings(text: str) -> tuple[frozenset[str], ...]:
    """Every fuzzy reading of each character (a name's are asked for again and again)."""
    from pypinyin import Style, pinyin

    return tuple(frozenset(fuzzy_syllable(s) for s in readings)
                 for readings in pinyin(text, style=Style.NORMAL, heteronym=True))


def readings_alike(a: str, b: str) -> bool:
    """Two texts of one length that may sound the same, any reading of a character with
    several counting (都 is dū in 甘其毛都, dōu elsewhere: 甘其毛度 writes it)."""
    if len(a) != len(b):
        return False
    left, right = _readings(a), _readings(b)
    return len(left) == len(right) and all(
        x & y for x, y in zip(left, right, strict=True))


@dataclass(frozen=True, eq=False)
class NameIndex:
    """The names a question can be about, longest first, with their kinds."""

    names: tuple[str, ...]  # normalised, distinct, longest first
    initiatives: frozenset[str]
    corpus_text: str  # every paragraph, normalised: a window found here is no typo
    people: frozenset[str] = frozenset()  # people the articles name after a role
    # names only a mistyped question is matched to (武穿县 → 武川县); written right, they
    # are ordinary words of the question (places: their own rules weigh them)
    typo_only: tuple[str, ...] = ()
    _sounds: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)

    @classmethod
    def build(cls, initiatives: Iterable[str], other_names: Iterable[str],
              corpus_text: str, people: Iterable[str] = (),
              typo_only: Iterable[str] = ()) -> NameIndex:
        initiative_set = frozenset(initiatives)
        people_set = frozenset(people)
        everything = {n for n in (*initiative_set, *other_names, *people_set)
                      if len(n) >= 2 and _CJK.match(n)}
        ordered = tuple(sorted(everything, key=lambda n: (-len(n), n)))
        typos = tuple(n for n in dict.fromkeys(typo_only) if n not in everything)
        return cls(ordered, initiative_set, corpus_text, people=people_set, typo_only=typos)

    @cached_property
    def plus_names(self) -> tuple[str, ...]:
        """The names written with a plus (党建+旅游, 嘎查+社区联合体)."""
        return tuple(n for n in self.names if "+" in n)

    @cached_property
    def name_set(self) -> frozenset[str]:
        """The names, for membership tests."""
        return frozenset(self.names)

    @cached_property
    def _near_candidates(self) -> tuple[str, ...]:
        return tuple(n for n in self.names if len(n) >= MIN_NEAR_CHARS)

    @cached_property
    def _typo_index(self) -> dict[tuple[int, int, str], tuple[str, ...]]:
        """typo_only names by (length, 0 or 1, their first or second character): with at
        most one character in three mistyped, a slip keeps one of the two."""
        index: dict[tuple[int, int, str], list[str]] = {}
        for name in self.typo_only:
            if len(name) >= MIN_NEAR_CHARS:
                for at in (0, 1):
                    index.setdefault((len(name), at, name[at]), []).append(name)
        return {key: tuple(names) for key, names in index.items()}

    def _sound_slips(self, text: str) -> list[NameMatch]:
        """typo_only names the text writes with the same sound and at most one character
        in three different (武穿县 for 武川县), looked up by a character they share (a
        hundred places cost a few lookups, and the pinyin only the candidates)."""
        found = []
        index = self._typo_index
        for run in re.finditer(r"[\u3400-\u9fff]+", text):
            chunk = run.group(0)
            for offset in range(len(chunk) - MIN_NEAR_CHARS + 1):
                for size in range(MIN_NEAR_CHARS, min(len(chunk) - offset, 13) + 1):
                    window = chunk[offset: offset + size]
                    names = {*index.get((size, 0, window[0]), ()),
                             *index.get((size, 1, window[1]), ())}
                    for name in names:
                        slips = sum(a != b for a, b in zip(window, name, strict=True))
                        if (slips > 0 and slips * 3 <= size
                                and window not in self.corpus_text
                                and readings_alike(window, name)):
                            found.append(NameMatch(name, window, run.start() + offset, False))
        return found

    def sound_of(self, name: str) -> tuple[str, ...]:
        cached = self._sounds.get(name)
        if cached is None:
            cached = fuzzy_pinyin(name)
            self._sounds[name] = cached  # a dict write is atomic: safe across threads
        return cached

    def warm(self) -> None:
        """Compute every name's pinyin now (in a builder thread), not on a question."""
        for name in self._near_candidates:
            self.sound_of(name)

    def exact(self, text: str) -> list[NameMatch]:
        """Known names in the text, longest first, not overlapping one another."""
        taken = [False] * len(text)
        found: list[NameMatch] = []
        for name in self.names:
            start = text.find(name)
            while start != -1:
                end = start + len(name)
                if not any(taken[start:end]):
                    taken[start:end] = [True] * len(name)
                    found.append(NameMatch(name, name, start, True))
                start = text.find(name, end)
        return found

    @cached_property
    def _by_length(self) -> dict[int, tuple[str, ...]]:
        groups: dict[int, list[str]] = {}
        for name in self._near_candidates:
            groups.setdefault(len(name), []).append(name)
        return {size: tuple(names) for size, names in groups.items()}

    def near(self, text: str) -> tuple[list[NameMatch], list[str]]:
        """(confident matches, doubtful candidates) for names the text nearly writes.

        Confident: the same fuzzy pinyin with at most one character in three
        different, or one character added or left out of a name of four or more.
        Doubtful: one character different otherwise (offered, not answered).
        Per name length, every window of the text of that length ±1 is compared with
        every name in one rapidfuzz call; windows the corpus itself contains are no typos.
        """
        confident: list[NameMatch] = []
        doubtful: list[str] = []
        windows = [(start, w) for group in _windows(text).values() for start, w in group]
        for size, names in self._by_length.items():
            near = [(start, w) for start, w in windows if abs(len(w) - size) <= 1]
            if not near:
                continue
            distances = process.cdist([w for _, w in near], names, scorer=Levenshtein.distance,
                                      score_cutoff=2)
            for i, j in zip(*(distances <= 2).nonzero(), strict=True):
                start, window = near[i]
                name, distance = names[j], int(distances[i, j])
                if distance == 0 or window in self.corpus_text:
                    continue
                same_sound = len(window) == size and distance * 3 <= size and (
                    self.sound_of(window) == self.sound_of(name)
                    or readings_alike(window, name))
                one_more_or_less = distance == 1 and len(window) != size and size >= 4
                if same_sound or one_more_or_less:
                    confident.append(NameMatch(name, window, start, False))
                elif distance == 1 and name not in doubtful:
                    doubtful.append(name)
        confident += self._shortened(windows) + self._sound_slips(text)
        confident = _without_overlaps(confident)
        doubtful = [n for n in doubtful if all(n != m.name for m in confident)]
        return confident, doubtful


    def _shortened(self, windows: list[tuple[int, str]]) -> list[NameMatch]:
        """Initiatives written short, the way people say them (板凳会 for 板凳议事会): a
        window of at least half the name, not in the corpus, with the name's first two
        characters and its last one, its other characters in the name's order."""
        found = []
        for start, window in windows:
            names = self._initiatives_by_start.get(window[:2], ())
            if len(window) < MIN_NEAR_CHARS or not names:
                continue
            for name in names:
                if (len(window) < len(name) <= 2 * len(window) and window[-1] == name[-1]
                        and _in_order(window, name) and window not in self.corpus_text):
                    found.append(NameMatch(name, window, start, False))
        return found

    @cached_property
    def _initiatives_by_start(self) -> dict[str, tuple[str, ...]]:
        """Initiatives by their first two characters (short forms keep them)."""
        groups: dict[str, list[str]] = {}
        for name in sorted(self.initiatives):
            groups.setdefault(name[:2], []).append(name)
        return {start: tuple(names) for start, names in groups.items()}


def _in_order(short: str, name: str) -> bool:
    """Every character of `short` occurs in `name`, in the same order."""
    rest = iter(name)
    return all(char in rest for char in short)


def _windows(text: str) -> dict[int, list[tuple[int, str]]]:
    """Every CJK stretch's substrings by length (2..13), with their start."""
    out: dict[int, list[tuple[int, str]]] = {}
    for run in re.finditer(r"[\u3400-\u9fff0-9a-z+]+", text):
        chunk = run.group(0)
        for length in range(2, min(13, len(chunk)) + 1):
            for offset in range(len(chunk) - length + 1):
                out.setdefault(length, []).append(
                    (run.start() + offset, chunk[offset: offset + length]))
    return out


def _without_overlaps(matches: list[NameMatch]) -> list[NameMatch]:
    """Longest names first; a match overlapping a kept one is dropped."""
    kept: list[NameMatch] = []
    for match in sorted(matches, key=lambda m: -len(m.name)):
        end = match.start + len(match.asked_as)
        if all(end <= k.start or match.start >= k.start + len(k.asked_as) for k in kept):
            kept.append(match)
    return kept
