"""Chinese tokenisation: normalise, segment with an owned jieba instance, filter.

jieba's module-level functions share one global tokenizer; we own ours so that a
reload can build a new dictionary without touching the one serving questions.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from functools import lru_cache

import jieba

from retrieval.text.normalize import normalize

# jieba logs its dictionary loading at DEBUG/INFO on a logger of its own.
jieba.setLogLevel(logging.WARNING)

# Function words that carry no topic in documents or questions.
STOPWORDS = frozenset(
    "的 地 得 了 着 过 和 与 及 以及 或 或者 并 并且 而 而且 也 都 就 还 又 再 才 "
    "把 被 让 给 对 从 向 以 为 于 在 是 之 其 这 那 这个 那个 这些 那些 这里 那里 "
    "该 此 等 等等 个 一个 中 上 下 里 我 你 他 她 它 我们 你们 他们 她们 咱们 自己 "
    "啊 呀 吧 呢 吗 嘛 哦 哈 么".split()
)

ENGLISH_STOPWORDS = frozenset(
    "a an the is are was were be been do does did of in on at to for from by with and or "
    "what which who whom whose where when why how many much about tell me please can you "
    "i we it this that these those there".split()
)
_PARTICLES = "了"  # not 过/着: 通过, 随着 are words of their own
_WORD_CHAR = re.compile(r"[0-9a-z\u3400-\u9fff\uf900-\ufaff]")
# Words that may be added to jieba: CJK, Latin, digits and the joiners jieba keeps inside words.
_DICT_WORD = re.compile(r"^[0-9a-z+#&._%\-\u3400-\u9fff\uf900-\ufaff]{2,12}$")


def _strip_particle(word: str) -> str:
    """'建了' -> '建': jieba glues the particle 了 to verbs, hiding the verb."""
    return word[:-1] if len(word) > 1 and word[-1] in _PARTICLES else word


@lru_cache(maxsize=1)
def _base_dictionary() -> tuple[dict[str, int], int]:
    """jieba's dictionary (prefix frequencies and total), loaded once per process."""
    base = jieba.Tokenizer()
    base.initialize()
    return base.FREQ, base.total


def in_base_dictionary(word: str) -> bool:
    """A word of jieba's own dictionary, or the start of one (门德 of 门德尔松)."""
    return word in _base_dictionary()[0]


def base_frequency(word: str) -> int:
    """How often jieba's own dictionary counts the word (0 for a prefix or a stranger):
    边境 1738, 苏珊 21, 康建 none."""
    return _base_dictionary()[0].get(word) or 0


def _fresh_jieba() -> jieba.Tokenizer:
    """A jieba tokenizer of its own (our words are added to it) on a copy of the loaded
    dictionary: a dict copy takes milliseconds, loading jieba's cache half a second, and
    every index rebuild (/reload, an upload) makes a new Tokenizer."""
    freq, total = _base_dictionary()
    fresh = jieba.Tokenizer()
    fresh.FREQ, fresh.total = dict(freq), total
    fresh.initialized = True
    return fresh


class Tokenizer:
    """A jieba tokenizer with the corpus's own initiative names kept whole."""

    def __init__(self, user_words: Iterable[str] = ()) -> None:
        words = sorted({normalize(w) for w in user_words})
        self.user_words: tuple[str, ...] = tuple(w for w in words if _DICT_WORD.match(w))
        self._jieba = _fresh_jieba()
        for word in self.user_words:
            # A high frequency makes jieba prefer the whole word over its parts.
            self._jieba.add_word(word, freq=10**6)

    def __reduce__(self) -> tuple[type, tuple[tuple[str, ...]]]:
        # Picklable by its dictionary, so worker processes can rebuild it.
        return (Tokenizer, (self.user_words,))

    def is_word(self, text: str) -> bool:
        """Whether jieba's dictionary (with ours added) has this word."""
        return bool(self._jieba.FREQ.get(text))

    def tokens(self, text: str) -> list[str]:
        """Document tokens: normalised words without punctuation and stopwords.

        HMM is off: its guesses at unknown words depend on the surrounding text,
        so a name could be cut one way in a paragraph and another in a question;
        without it unknown words fall apart into single characters, consistently.
        """
        words = (_strip_particle(w) for w in self._jieba.cut_for_search(normalize(text), HMM=False))
        return [w for w in words if w not in STOPWORDS and _WORD_CHAR.search(w)]
