"""Positioned characters -> page text in reading order (used for PDF text layers and OCR).

Pure geometry, no PDF library: characters are grouped into lines, lines into column
runs by a recursive XY cut (split at vertical gutters no line crosses; where something
spans the gutters, such as a headline over several columns, split into horizontal
strips first and regroup the strips that share a gutter), then runs into paragraphs:
a paragraph ends where a line stops short of its column's right edge, the next line is
indented, the type size changes or a gap opens. A paragraph cut by a column or page
break continues in the next run. The result is the block format of the corpus pages:
one paragraph per line, blocks separated by blank lines, the lines of a heading (larger
type) kept together in one block.

Coordinates: x grows to the right, y grows downwards (top of the page is 0).
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from retrieval.text.punctuation import CLAUSE_MARK, CLOSERS, SENTENCE_END

GUTTER_EM = 1.0  # a horizontal gap this wide (in body-size ems) separates columns
SPACE_EM = 0.3  # a gap this wide between two glyphs of a line is a space
INDENT_EM = 0.9  # first-line indent of Chinese paragraphs is 2 em; centred lines count too
SHORT_EM = 1.2  # a line ending this far before its column's edge ends a paragraph
GAP_LEADING = 1.8  # a vertical gap this many times the usual line distance ends a paragraph
SIZE_CHANGE = 0.12  # relative type-size change that ends a paragraph
HEADING_SIZE = 1.12  # type this much above the body size is a heading
SPAN_SIZE = 1.4  # and this much above, a headline (read before the columns beside it)
MARKERS = "◎□●◆★"
_LATIN_END = re.compile(r"[A-Za-z]$")
_LATIN_START = re.compile(r"^[A-Za-z]")


@dataclass(frozen=True)
class Glyph:
    """One character with its box (loose: font bounds and advance width)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float


@dataclass(frozen=True)
class Line:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


# --------------------------------------------------------------------------- glyphs -> lines


def build_lines(glyphs: Iterable[Glyph]) -> list[Line]:
    """Glyphs sharing a baseline band and close enough horizontally form a line."""
    ordered = sorted(glyphs, key=lambda g: (g.top, g.x0))
    rows: list[list[Glyph]] = []
    for glyph in ordered:  # group by vertical overlap of the glyph's middle with a row
        middle = (glyph.top + glyph.bottom) / 2
        for row in reversed(rows[-8:]):  # only recent rows can still overlap
            first = row[0]
            same_size = abs(first.size - glyph.size) < 0.3 * first.size
            if first.top <= middle <= first.bottom and same_size:
                row.append(glyph)
                break
        else:
            rows.append([glyph])
    lines: list[Line] = []
    for row in rows:
        row.sort(key=lambda g: g.x0)
        pieces, current = [], [row[0]]
        for glyph in row[1:]:
            if glyph.x0 - current[-1].x1 > GUTTER_EM * glyph.size:
                pieces.append(current)
                current = []
            current.append(glyph)
        pieces.append(current)
        lines.extend(line for line in map(_line, pieces) if line is not None)
    return lines


def _line(glyphs: Sequence[Glyph]) -> Line | None:
    """One line from its glyphs, left to right; space glyphs and wide gaps become spaces
    (they matter: "李文超 摄" is a photo credit, "李文超摄" is not)."""
    inked = [g for g in glyphs if g.text.strip()]
    if not inked:
        return None
    parts = [inked[0].text]
    for before, glyph in zip(inked, inked[1:], strict=False):
        if glyph.x0 - before.x1 > SPACE_EM * glyph.size or _space_between(glyphs, before, glyph):
            parts.append(" ")
        parts.append(glyph.text)
    return Line(
        text=re.sub(r"\s+", " ", "".join(parts)).strip(),
        x0=min(g.x0 for g in inked),
        top=min(g.top for g in inked),
        x1=max(g.x1 for g in inked),
        bottom=max(g.bottom for g in inked),
        size=statistics.median(g.size for g in inked),
    )


def join_fragments(lines: Iterable[Line], max_gap_em: float = 1.0) -> list[Line]:
    """OCR engines cut a line at a wide space: pieces on one baseline and closer than
    max_gap_em (of their type size) are one line again, with a space between them. A
    speck much smaller than the line it overlaps (a misread ◎) is dropped."""
    out: list[Line] = []
    for line in sorted(lines, key=lambda item: (item.x0, item.top)):
        for n, other in enumerate(out):
            if not (other.top <= line.middle <= other.bottom
                    and line.top <= other.middle <= line.bottom):
                continue
            gap = line.x0 - other.x1
            size = max(line.size, other.size)
            if gap < 0 and min(line.size, other.size) < 0.6 * size:
                if line.size > other.size:
                    out[n] = line
                break
            if -size <= gap <= max_gap_em * size:
                out[n] = Line(f"{other.text} {line.text}", other.x0, min(other.top, line.top),
                              line.x1, max(other.bottom, line.bottom), size)
                break
        else:
            out.append(line)
    return out


def _space_between(glyphs: Sequence[Glyph], before: Glyph, after: Glyph) -> bool:
    return any(not g.text.strip() and before.x0 < g.x0 < after.x0 for g in glyphs)


# --------------------------------------------------------------------------- lines -> runs


def reading_order(lines: Sequence[Line], body_size: float) -> list[list[Line]]:
    """Column runs (each top to bottom) in reading order: bands down, columns across."""
    return _cut(list(lines), GUTTER_EM * body_size, SPAN_SIZE * body_size)


def _cut(lines: list[Line], min_gap: float, big: float) -> list[list[Line]]:
    if len(lines) <= 1:
        return [lines] if lines else []
    columns = _split_columns(lines, min_gap)
    if len(columns) > 1:
        return [run for column in columns for run in _cut(column, min_gap, big)]
    groups = _group_strips(lines, min_gap, big)
    if len(groups) > 1:
        return [run for group in groups for run in _cut(group, min_gap, big)]
    return [sorted(lines, key=lambda line: (line.top, line.x0))]


def _covered(lines: Iterable[Line]) -> list[tuple[float, float]]:
    """Union of the lines' x-ranges, as sorted disjoint intervals."""
    spans: list[tuple[float, float]] = []
    for x0, x1 in sorted((line.x0, line.x1) for line in lines):
        if spans and x0 <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], x1))
        else:
            spans.append((x0, x1))
    return spans


def _gaps(lines: Iterable[Line], left: float, right: float,
          min_gap: float) -> list[tuple[float, float]]:
    """Uncovered x-intervals in [left, right] at least min_gap wide (edges included)."""
    gaps, cursor = [], left
    for x0, x1 in _covered(lines):
        if x0 - cursor >= min_gap:
            gaps.append((cursor, x0))
        cursor = max(cursor, x1)
    if right - cursor >= min_gap:
        gaps.append((cursor, right))
    return gaps


def _split_columns(lines: list[Line], min_gap: float) -> list[list[Line]]:
    """Split at every gutter that no line crosses; columns left to right."""
    merged: list[tuple[float, float]] = []  # spans closer than min_gap belong together
    for span in _covered(lines):
        if merged and span[0] - merged[-1][1] < min_gap:
            merged[-1] = (merged[-1][0], span[1])
        else:
            merged.append(span)
    if len(merged) == 1:
        return [lines]
    columns: list[list[Line]] = [[] for _ in merged]
    for line in lines:
        index = next(i for i, (x0, x1) in enumerate(merged) if x0 <= line.x0 <= x1)
        columns[index].append(line)
    return columns


def _strips(lines: list[Line]) -> list[list[Line]]:
    """Horizontal strips: lines chained by vertical overlap, top to bottom."""
    strips: list[list[Line]] = []
    bottom = float("-inf")
    for line in sorted(lines, key=lambda item: item.top):
        # a small overlap (loose boxes touch between lines) does not chain two rows
        if strips and line.top < bottom - 0.2 * line.size:
            strips[-1].append(line)
            bottom = max(bottom, line.bottom)
        else:
            strips.append([line])
            bottom = line.bottom
    return strips


def _intersect(a: list[tuple[float, float]], b: list[tuple[float, float]],
               min_gap: float) -> list[tuple[float, float]]:
    out = []
    for a0, a1 in a:
        for b0, b1 in b:
            lo, hi = max(a0, b0), min(a1, b1)
            if hi - lo >= min_gap:
                out.append((lo, hi))
    return out


@dataclass
class _Group:
    lines: list[Line]
    gaps: list[tuple[float, float]]  # gaps every strip of the group leaves open
    gutters: list[tuple[float, float]]  # of those, the ones some strip has ink on both sides of


def _group_strips(lines: list[Line], min_gap: float, big: float) -> list[list[Line]]:
    """Consecutive strips that share a gutter form one group (a band of columns). A gutter
    is a gap every strip leaves open and at least one strip has text on both sides of;
    strips of headline type (`big` and up) never join a band, nor do strips between bands."""
    left = min(line.x0 for line in lines)
    right = max(line.x1 for line in lines)
    groups: list[_Group] = []
    for strip in _strips(lines):
        gaps = _gaps(strip, left, right, min_gap)
        own = _gaps(strip, min(x.x0 for x in strip), max(x.x1 for x in strip), min_gap)
        headline = all(x.size >= big for x in strip)
        if groups and not headline:
            group = groups[-1]
            common = _intersect(group.gaps, gaps, min_gap)
            gutters = [c for c in common if left < c[0] and c[1] < right
                       and (_overlaps(c, own) or _overlaps(c, group.gutters))]
            if gutters:
                group.lines.extend(strip)
                group.gaps, group.gutters = common, gutters
                continue
        groups.append(_Group(list(strip), [] if headline else gaps, own))
    return _merge_plain(groups)


def _merge_plain(groups: list[_Group]) -> list[list[Line]]:
    """Neighbouring groups without gutters (single-column text) are read as one."""
    out: list[list[Line]] = []
    plain_before = False
    for group in groups:
        plain = not group.gutters
        if plain and plain_before:
            out[-1].extend(group.lines)
        else:
            out.append(list(group.lines))
        plain_before = plain
    return out


def _overlaps(gap: tuple[float, float], others: list[tuple[float, float]]) -> bool:
    return any(min(gap[1], b) > max(gap[0], a) for a, b in others)


# --------------------------------------------------------------------------- runs -> text


@dataclass
class _Paragraph:
    lines: list[Line]
    heading: bool

    @property
    def text(self) -> str:
        if self.heading:  # the lines of a headline stay lines: the parser joins them
            return "\n".join(line.text for line in self.lines)
        text = self.lines[0].text
        for line in self.lines[1:]:
            space = _LATIN_END.search(text) and _LATIN_START.search(line.text)
            text += (" " if space else "") + line.text
        return text


def body_size(lines: Iterable[Line]) -> float:
    """The type size most characters are set in."""
    weights: dict[float, int] = {}
    for line in lines:
        key = round(line.size * 2) / 2
        weights[key] = weights.get(key, 0) + len(line.text)
    return max(weights, key=weights.__getitem__) if weights else 10.0


def paragraphs(runs: Sequence[Sequence[Line]], size: float) -> list[str]:
    """Column runs in reading order -> paragraph texts (headings: lines kept apart)."""
    out: list[_Paragraph] = []
    open_end = False  # does the last paragraph run on past the end of its run?
    for run in runs:
        if not run:
            continue
        left = min(line.x0 for line in run)
        right = max(line.x1 for line in run)
        leading = _usual_leading(run)
        previous: Line | None = None
        for line in run:
            heading = line.size >= HEADING_SIZE * size
            indented = line.x0 - left >= INDENT_EM * line.size
            if previous is None:
                before = out[-1].lines[-1] if out else None
                starts = not (open_end and before is not None and not indented and not heading
                              and not out[-1].heading and _same_size(before, line)
                              and not _stands_alone(before, line, right))
            else:
                short = right - previous.x1 >= SHORT_EM * previous.size
                gap = line.top - previous.top > GAP_LEADING * leading
                starts = (short or indented or gap or not _same_size(previous, line)
                          or heading != out[-1].heading
                          or _stands_alone(previous, line, right))
                if heading and out[-1].heading and _same_size(previous, line) and not gap:
                    out[-1].lines.append(line)  # the next line of the same headline
                    previous = line
                    continue
            if starts:
                out.append(_Paragraph([line], heading))
            else:
                out[-1].lines.append(line)
            previous = line
        last = run[-1]
        open_end = right - last.x1 < SHORT_EM * last.size and len(run) > 1
    return [p.text for p in out]


def _stands_alone(previous: Line, line: Line, right: float) -> bool:
    """Lines that never continue the paragraph before them, even after a full line: one
    opening with a page marker (◎ column, □ byline, ● ◆ brief, ★ quotation), and a
    short line without punctuation after a finished sentence (a photo's title)."""
    if line.text[0] in MARKERS or previous.text.endswith(" 摄"):
        return True
    finished = previous.text[-1] in SENTENCE_END + CLOSERS
    short = right - line.x1 >= SHORT_EM * line.size
    return finished and short and not CLAUSE_MARK.search(line.text)


def _same_size(a: Line, b: Line) -> bool:
    return abs(a.size - b.size) <= SIZE_CHANGE * max(a.size, b.size)


def _usual_leading(run: Sequence[Line]) -> float:
    steps = [b.top - a.top for a, b in zip(run, run[1:], strict=False) if b.top > a.top]
    return statistics.median(steps) if steps else (run[0].bottom - run[0].top) * 1.5


def page_text(pages: Sequence[Sequence[Line]]) -> str:
    """Pages of lines -> the page-text format: paragraphs separated by blank lines."""
    size = body_size(line for page in pages for line in page)
    runs = [run for page in pages for run in reading_order(page, size)]
    return "\n\n".join(paragraphs(runs, size)) + "\n"
