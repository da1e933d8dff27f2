"""Sentence splitting and the mapping of normalised terms back onto original text."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from retrieval.text.normalize import normalize
from retrieval.text.punctuation import SENTENCE


def split_sentences(text: str) -> list[str]:
    return [s for s in (m.group(0) for m in SENTENCE.finditer(text)) if s.strip()]


def find_spans(text: str, terms: tuple[str, ...] | list[str]) -> list[tuple[int, int]]:
    """Where the (normalised) terms occur in the original text, as merged (start, end) spans.

    Text is normalised one character at a time so every normalised position maps
    back to the original character it came from (NFKC may turn one into several).
    """
    if not text or not terms:
        return []
    haystack, origin = _normalized_map(text)
    spans: list[tuple[int, int]] = []
    for term in sorted({t for t in terms if t}, key=len, reverse=True):
        start = haystack.find(term)
        while start != -1:
            end = start + len(term)
            spans.append((origin[start], origin[end - 1] + 1))
            start = haystack.find(term, end)
    return merge_spans(spans)


@lru_cache(maxsize=4096)  # the same sentences are looked into question after question
def _normalized_map(text: str) -> tuple[str, tuple[int, ...]]:
    """(normalised text, for each of its characters the original character's index)."""
    normalized_chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        for piece in normalize(char):
            normalized_chars.append(piece)
            origin.append(index)
    return "".join(normalized_chars), tuple(origin)


def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping or touching (start, end) spans joined, in order."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
