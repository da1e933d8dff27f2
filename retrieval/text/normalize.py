"""One text normalisation for documents and queries alike.

Full-width digits, Latin letters and punctuation become half-width (NFKC),
traditional characters become simplified, Latin letters are case-folded.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def _traditional_to_simplified_table() -> dict[int, str]:
    """Character table from OpenCC's TSCharacters dictionary (first candidate wins).

    Character-level conversion is enough for search (紅色物業 -> 红色物业) and, as a
    str.translate table, costs microseconds where OpenCC's phrase matcher costs
    about a millisecond per sentence.
    """
    text = resources.files("opencc").joinpath("dictionary/TSCharacters.txt").read_text("utf-8")
    table: dict[int, str] = {}
    for line in text.splitlines():
        source, _, targets = line.partition("\t")
        if len(source) == 1 and targets:
            table[ord(source)] = targets.split()[0]
    return table


def to_simplified(text: str) -> str:
    return text.translate(_traditional_to_simplified_table())


# Spellings of one word that people and papers both use (噶查 for 嘎查, a village);
# same length, so offsets into the normalised text stay those of the original.
_VARIANTS = (("噶查", "嘎查"),)


def normalize(text: str) -> str:
    """NFKC (full-width -> half-width), traditional -> simplified, case folding, one
    spelling of words written two ways."""
    text = to_simplified(unicodedata.normalize("NFKC", text)).casefold()
    for variant, spelling in _VARIANTS:
        if variant in text:
            text = text.replace(variant, spelling)
    return text
