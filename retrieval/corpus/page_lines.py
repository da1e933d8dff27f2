"""Pipeline stage 1, text -> lines: the page's non-empty lines with the blank space above them.

The blank lines matter: none means the line continues the same printed block
(a two-line headline), two or more mark a frame break between items (a photo,
a new box).
"""

from __future__ import annotations

from dataclasses import dataclass

GAP = 2  # blank lines that separate framed items rather than paragraphs


@dataclass(frozen=True)
class Line:
    number: int  # 1-based line number in the page text
    text: str  # stripped, never empty
    gap: int  # blank lines right above it (the first line counts the page top)


def split_lines(text: str) -> list[Line]:
    """Non-empty stripped lines, each with the number of blank lines above it."""
    lines: list[Line] = []
    blank = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if not stripped:
            blank += 1
            continue
        lines.append(Line(number, stripped, blank))
        blank = 0
    return lines
