"""How well two stretches of a page's text read on from each other: shared vocabulary.

A page's articles each have their own names and subjects (三道河村 and its sheep,
民馨路街道 and its 小区); text that strayed from its article shares its words with
the article it belongs to. Vocabulary is approximated by character bigrams,
weighted by how few of the page's items use them, so words every article uses
(党组织, 群众) count for little.
"""

from __future__ import annotations

import math
import operator
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

_RUN = re.compile(r"[\u4e00-\u9fff]+|[A-Za-z0-9]+")


def bigrams(text: str) -> frozenset[str]:
    """Character bigrams inside runs of Chinese characters (and whole Latin/digit words)."""
    grams: set[str] = set()
    for run in _RUN.findall(text):
        if run.isascii():
            grams.add(run.lower())
        else:
            grams.update(map(operator.add, run, run[1:]))
    return frozenset(grams)


def union(sets: Iterable[frozenset[str]]) -> frozenset[str]:
    """The bigrams of several texts together (each text read on its own, not across)."""
    return frozenset().union(*sets)


@dataclass(frozen=True)
class Vocabulary:
    """Bigram weights of one page: log(documents / documents using the bigram)."""

    weights: dict[str, float]

    @classmethod
    def of(cls, documents: Sequence[frozenset[str]]) -> Vocabulary:
        counts: Counter[str] = Counter()
        for document in documents:
            counts.update(document)
        total = len(documents) + 1
        return cls({gram: math.log(total / count) for gram, count in counts.items()})

    def similarity(self, a: frozenset[str], b: frozenset[str]) -> float:
        """Cosine of two bigram sets, weighted (0 when either is empty)."""
        weight = self.weights.get
        shared = sum(weight(g, 0.0) ** 2 for g in a & b)
        if not shared:
            return 0.0
        norm = math.sqrt(sum(weight(g, 0.0) ** 2 for g in a) * sum(weight(g, 0.0) ** 2 for g in b))
        return shared / norm
