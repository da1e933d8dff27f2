"""The question-form data (question_forms.yaml) compiled for matching.

Only data lives in the YAML file; this module turns it into regular expressions
once. Matching is on normalised text (see retrieval.text.normalize).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from typing import Any

import yaml

from retrieval.text.normalize import normalize

INTENTS = ("definition", "where", "who", "when", "number", "how", "effect", "list",
           "yesno", "small_talk", "unknown")
# Everything but letters, digits and CJK: what a small-talk message is compared without.
_NON_WORD = re.compile(r"[^\w\u3400-\u9fff]+|_")
_CLOSING_PARTICLES = re.compile(r"[呢吧啊呀哈嘛哦啦咧噢哟]+$")
# Calling the bot (谢谢机器人, 你好小助手, bot你好): no content of the message
_BOT_NAMES = r"(?:机器人|小助手|助手|小机器人|bot)"
_ADDRESSEE = re.compile(rf"^{_BOT_NAMES}|{_BOT_NAMES}$")
# 多少吨, 几个: the measure word a number question names.
# Measure words that end words too (人家, 派出所, 车站): a unit only right after 多少/几
_CLASSIFIERS = frozenset("个家所座站位名")
_MEASURE_ASKED = re.compile(
    r"(?:多少|几)(个|名|人|位|家|户|项|次|亩|元|块|钱|支|条|所|站|座|处|类|种|级|届|年|月|天|吨|斤|株|棵|头|只"
    r"|件|张|场|期|批|万|辆|台|套|盏|间|栋|本|篇|份|艘|架)")


@dataclass(frozen=True)
class UnitClass:
    """What a number question counts: words that ask for it and the units that give it."""

    name: str
    asked: tuple[str, ...]
    give: re.Pattern[str]


@dataclass(frozen=True)
class Offer:
    """A question of one intent the bot can suggest about a topic."""

    intent: str
    label: str  # the button's text, e.g. 在哪里？
    templates: tuple[str, ...]  # '{t}是在哪儿搞的' …


@dataclass(frozen=True)
class QuestionForms:
    small_talk: dict[str, frozenset[str]]  # kind -> whole messages
    fillers: re.Pattern[str]
    intents: tuple[tuple[str, re.Pattern[str]], ...]  # in priority order
    units: tuple[UnitClass, ...]
    synonyms: dict[str, tuple[str, ...]]
    light_words: frozenset[str]
    question_words: re.Pattern[str]  # removed wherever they are, whatever the intent
    drop_words: frozenset[str]  # tokens that never count as content
    offers: tuple[Offer, ...] = ()  # questions the bot may suggest, by intent
    never_joined: frozenset[str] = frozenset()  # characters never glued to the word before
    doing_verbs: frozenset[str] = frozenset()  # verbs of doing in general (操作, 办)
    # (asked, said): a question matching `asked` is answered only by a passage matching
    # `said` (哪儿能买到 needs a shop or a channel of sale)
    needs_evidence: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = ()

    def small_talk_kind(self, normalized: str) -> str | None:
        """'greeting', 'thanks' … when the whole message is small talk (emoji-only too)."""
        bare = _NON_WORD.sub("", normalized)
        if not bare:
            return "emoji" if normalized.strip() else None
        kind = self._kind_of(bare) or self._run_kind(bare)
        if kind is not None:
            return kind
        # 好吧 拜拜, ok 谢谢: small talk in every part; the last part says what it is
        parts = [p for p in _NON_WORD.split(normalized) if p]
        kinds = [self._kind_of(p) for p in parts]
        if len(parts) > 1 and all(kinds):
            return kinds[-1]
        return None

    def _run_kind(self, text: str) -> str | None:
        """The last phrase's kind when text is small-talk phrases run together
        (好嘞谢谢, 嗯嗯好的), split wherever the parts are all phrases."""
        kinds: list[str | None] = [None] * (len(text) + 1)  # kind of the run ending at i
        kinds[0] = ""
        longest = self._longest_small_talk  # no part is longer: a long question costs
        for end in range(1, len(text) + 1):  # len(text) * longest tries, not len(text)²
            for start in range(max(0, end - longest), end):
                if kinds[start] is not None:
                    kind = self._kind_of(text[start:end])
                    if kind is not None:
                        kinds[end] = kind
                        break
        return kinds[-1] or None

    @cached_property
    def _longest_small_talk(self) -> int:
        """The longest phrase with a closing particle and a name for the bot around it."""
        return max((len(p) for ps in self.small_talk.values() for p in ps), default=0) + 8

    def _kind_of(self, phrase: str) -> str | None:
        # 谢谢啦, 你好呀: a closing particle changes nothing; nor does calling the bot by
        # what it is (谢谢机器人, 小助手你好)
        bare = _CLOSING_PARTICLES.sub("", phrase)
        for candidate in dict.fromkeys((phrase, bare, _ADDRESSEE.sub("", bare))):
            for kind, phrases in self.small_talk.items():
                if candidate in phrases:
                    return kind
        return None

    def strip_fillers(self, normalized: str) -> str:
        return self.fillers.sub(" ", normalized)

    def intent_of(self, text: str) -> tuple[str, str]:
        """(intent, the text with every matched question form removed).

        The intent whose form matches the longest stretch wins (咋回事 asks what
        something is, though 咋 alone asks how); on equal length, file order.
        Forms of every intent are removed, longest first, since they never name
        content (什么 in 是什么 and 有什么效果 alike).
        """
        found: list[tuple[int, int, int, int, str]] = []  # (-length, order, start, end, intent)
        for order, (name, pattern) in enumerate(self.intents):
            for match in pattern.finditer(text):
                if match.end() > match.start():
                    found.append((match.start() - match.end(), order, match.start(),
                                  match.end(), name))
        found.sort()
        intent = found[0][4] if found else "unknown"
        removed = [False] * len(text)
        for _, _, start, end, _ in found:
            if not any(removed[start:end]):
                removed[start:end] = [True] * (end - start)
        stripped = "".join(" " if gone else ch for ch, gone in zip(text, removed, strict=True))
        return intent, self.question_words.sub(" ", stripped)

    def unit_for(self, text: str,
                 is_word: Callable[[str], bool] | None = None) -> UnitClass | None:
        """The unit a number question asks for: the measure word right after 多少/几
        (多少吨), else the class of the asked word nearest the end (多少党员 -> people).

        With is_word, a classifier ending a word of its own is none of them (人家退了她
        多少: 家 is no count of households, 派出所 none of 所; 满意率's 率 is a share)."""
        measure = _MEASURE_ASKED.search(text)
        if measure:
            word = measure.group(1)
            # The measure word is the unit (几个党员突击队 -> 个), except for people
            # counted with 个 (几个人).
            if word == "个" and text[measure.end(): measure.end() + 1] == "人":
                word = "人"
            for unit in self.units:
                if word in unit.asked:
                    return unit
            return UnitClass(word, (word,), re.compile(re.escape(word)))
        best: tuple[int, UnitClass] | None = None
        for unit in self.units:
            for word in unit.asked:
                at = text.rfind(word)
                if at > 0 and word in _CLASSIFIERS and is_word is not None and any(
                        is_word(text[at - size: at + 1]) for size in (1, 2)):
                    continue
                if at >= 0 and (best is None or at > best[0]):
                    best = (at, unit)
        return best[1] if best else None


def _colloquial(phrase: str) -> tuple[str, ...]:
    """A phrase and the way people type it: 什么 as 啥 (你能干什么 → 你能干啥)."""
    return (phrase, phrase.replace("什么", "啥")) if "什么" in phrase else (phrase,)


def _alternation(phrases: list[str]) -> str:
    # Longest first, so 请问一下 is removed whole before 请问.
    return "|".join(sorted((f"(?:{p})" for p in phrases), key=len, reverse=True))


def compile_forms(data: dict[str, Any]) -> QuestionForms:
    small_talk = {
        kind: frozenset(variant for p in phrases
                        for variant in _colloquial(_NON_WORD.sub("", normalize(p))))
        for kind, phrases in (data.get("small_talk") or {}).items()
    }
    fillers = re.compile(_alternation([normalize(p) for p in data.get("fillers") or []]))
    intents = tuple(
        (name, re.compile("|".join(f"(?:{normalize(p)})" for p in patterns)))
        for name, patterns in (data.get("intents") or {}).items() if patterns
    )
    unknown = [name for name, _ in intents if name not in INTENTS]
    if unknown:
        raise ValueError(f"question_forms.yaml: unknown intents {unknown}")
    units = tuple(
        UnitClass(name, tuple(normalize(w) for w in spec["asked"]), re.compile(spec["give"]))
        for name, spec in (data.get("units") or {}).items()
    )
    synonyms = {normalize(k): tuple(normalize(v) for v in values)
                for k, values in (data.get("synonyms") or {}).items()}
    light = frozenset(normalize(w) for w in data.get("light_words") or [])
    question_words = re.compile(
        _alternation([normalize(p) for p in data.get("question_words") or []]) or "(?!)")
    drop = frozenset(normalize(w) for w in data.get("drop_words") or [])
    offers = tuple(
        Offer(intent, str(spec["label"]), tuple(str(q) for q in spec["questions"]))
        for intent, spec in (data.get("offers") or {}).items()
    )
    never_joined = frozenset(normalize(w) for w in data.get("never_joined") or [])
    doing = frozenset(normalize(w) for w in data.get("doing_verbs") or [])
    needs = tuple((re.compile(normalize(spec["asked"])), re.compile(normalize(spec["said"])))
                  for spec in data.get("needs_evidence") or [])
    return QuestionForms(small_talk, fillers, intents, units, synonyms, light,
                         question_words, drop, offers, never_joined, doing, needs)


@lru_cache(maxsize=1)
def question_forms() -> QuestionForms:
    """The shipped forms (question_forms.yaml beside this module), compiled once."""
    text = resources.files("retrieval.answer").joinpath("question_forms.yaml").read_text("utf-8")
    return compile_forms(yaml.safe_load(text))
