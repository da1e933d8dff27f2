"""Pipeline stage 2, lines -> blocks: what each line of a page is.

Each line is classified on its own (column marker, byline, photo credit, brief,
quotation, box heading, heading, body text), then three small steps look at
neighbours: short lines next to a byline are its title even with punctuation
inside; a heading that is really a broken line goes back to body text; the lines
of a two-line heading printed as one block become one heading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import Enum, auto

from retrieval.corpus.page_lines import Line
from retrieval.text.punctuation import (
    CLAUSE_MARK,
    CLOSERS,
    DASH,
    SENTENCE_END,
    ends_sentence,
    quote_balance,
)

# Column names that also appear without the ◎ marker.
KNOWN_COLUMNS = (
    "五化协同 大抓基层", "信息集装箱", "北疆党旗红", "知行合一", "学思践悟", "初心如磐", "每周一学",
    "广角", "观潮", "掠影",
)
BRIEF_MARKS = "●◆"
MAX_HEADING_CHARS = 40
MAX_TITLE_CHARS = 60  # a headline next to a byline may be longer than a subheading
MAX_HEAD_LEAD = 8  # `在哪做?` before the dash of a section head
# A line ending in this particle reads on: headings end on a noun or a verb.
READS_ON = "的"

_CREDIT_LINE = re.compile(r"^\S.{0,40}\s摄$")  # 李文超 摄 / 本报记者 许敬 通讯员 包青松 摄
_ATTRIBUTION = re.compile(r"^[（(]([^()（）]{1,40})[)）]$")
# a credit or attribution glued to the end of the sentence it follows
_GLUED_CREDIT = re.compile(r"(?<=[。！？!?…])\s*([^。！？!?…]{1,40}?\s摄)$")
_GLUED_ATTRIBUTION = re.compile(r"(?<=[。！？!?…])\s*[（(]([^()（）]{1,30})[)）]$")
_NUMBERING = re.compile(r"^[\u2460-\u2473\d]*")  # the ① of 大抓基层①
_WORD_CHAR = re.compile(r"[\w\u4e00-\u9fff]")


class Kind(Enum):
    COLUMN = auto()  # ◎广角, 知行合一, 观潮 标题…
    BOX_HEAD = auto()  # ◎党的基层组织的任期： (a heading inside a box of excerpts)
    BYLINE = auto()  # □本报记者 宋爽
    CREDIT = auto()  # 李文超 摄
    ATTRIBUTION = auto()  # (本报记者 宋爽)
    BRIEF = auto()  # ●… / ◆…
    QUOTE = auto()  # ★…
    QUOTE_SOURCE = auto()  # ——2017年10月18日，…
    HEADING = auto()  # a short line that is not prose
    BODY = auto()


@dataclass(frozen=True)
class Block:
    kind: Kind
    text: str
    line: int  # number of the (first) page line
    gap: int  # blank lines above it
    extra: str = ""  # COLUMN: a title sharing the marker's line

    @property
    def is_text(self) -> bool:
        """Body text, a brief or a quotation: what paragraphs are made of."""
        return self.kind in (Kind.BODY, Kind.BRIEF, Kind.QUOTE)


def split_known_column(text: str) -> tuple[str, str] | None:
    """'COLUMN rest' -> (column with its issue number, rest) when text starts with a known name."""
    for name in KNOWN_COLUMNS:
        if text.startswith(name):
            rest = text[len(name):]
            numbering = _NUMBERING.match(rest)
            number = numbering.group(0) if numbering else ""
            return name + number, rest[len(number):].strip()
    return None


def is_balanced(text: str) -> bool:
    balance = quote_balance(text)
    return balance.unclosed == 0 and balance.unopened == 0


def is_section_head(text: str) -> bool:
    """`在哪做?——高标准建设阵地,打造…`: a short lead, a dash, a phrase; no sentence inside."""
    lead, dash, rest = text.partition(DASH)
    return bool(dash and lead and rest) and len(lead) <= MAX_HEAD_LEAD and not any(
        mark in rest for mark in SENTENCE_END
    )


def looks_like_heading(text: str, limit: int = MAX_HEADING_CHARS) -> bool:
    """A short line that is not a sentence, nor the broken start of one."""
    if len(text) > limit or not _WORD_CHAR.search(text) or ends_sentence(text):
        return False
    if not is_balanced(text) or text.endswith(READS_ON):
        return False
    return is_section_head(text) or not CLAUSE_MARK.search(text)


def classify_line(line: Line) -> Block:
    """What one non-empty, stripped page line is, judged on its own."""
    text = line.text

    def block(kind: Kind, value: str, extra: str = "") -> Block:
        return Block(kind, value, line.number, line.gap, extra)

    if text.startswith("◎"):
        inner = text[1:].strip()
        if inner.endswith(("：", ":")):
            return block(Kind.BOX_HEAD, inner)
        known = split_known_column(inner)
        return block(Kind.COLUMN, *(known or (inner,)))
    if text.startswith("□"):
        return block(Kind.BYLINE, text[1:].strip())
    if text[0] in BRIEF_MARKS:
        return block(Kind.BRIEF, text[1:].strip())
    if text.startswith("★"):
        return block(Kind.QUOTE, text[1:].strip())
    if text.startswith(DASH):
        return block(Kind.QUOTE_SOURCE, text.lstrip("—").strip())
    if _CREDIT_LINE.match(text) and not CLAUSE_MARK.search(text):
        return block(Kind.CREDIT, text)
    attribution = _ATTRIBUTION.match(text)
    if attribution:
        return block(Kind.ATTRIBUTION, attribution.group(1).strip())
    known = split_known_column(text)
    if known and (known[1] == "" or text[len(known[0])] == " "):
        return block(Kind.COLUMN, *known)
    if looks_like_heading(text):
        return block(Kind.HEADING, text)
    return block(Kind.BODY, text)


def mark_titles_near_bylines(blocks: list[Block]) -> list[Block]:
    """Up to two short lines right before a byline are its headline, punctuation and all."""
    marked = list(blocks)
    for index, block in enumerate(blocks):
        if block.kind is not Kind.BYLINE:
            continue
        for before in (index - 1, index - 2):
            if before < 0 or marked[before].kind not in (Kind.BODY, Kind.HEADING):
                break
            text = marked[before].text
            # a headline never ends with a full stop, nor leaves a quotation open
            if (len(text) > MAX_TITLE_CHARS or text.rstrip(CLOSERS).endswith("。")
                    or not is_balanced(text)):
                break
            marked[before] = replace(marked[before], kind=Kind.HEADING)
    return marked


def reads_on_into(text: str, following: Block | None) -> bool:
    """Does the next block start in the middle of this line's sentence?"""
    if following is None or following.kind is not Kind.BODY:
        return False
    head = following.text[0]
    return head in "，、,；;：:" or (head in CLOSERS and not text.endswith(tuple(CLOSERS)))


def demote_broken_headings(blocks: list[Block]) -> list[Block]:
    """A 'heading' whose text runs on into the next block is a broken line of prose."""
    demoted = list(blocks)
    for index, block in enumerate(blocks):
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if block.kind is Kind.HEADING and reads_on_into(block.text, following):
            demoted[index] = replace(block, kind=Kind.BODY)
    return demoted


def merge_heading_lines(blocks: list[Block]) -> list[Block]:
    """Heading lines printed as one block (no blank line between) are one heading."""
    merged: list[Block] = []
    for block in blocks:
        previous = merged[-1] if merged else None
        if (block.kind is Kind.HEADING and block.gap == 0 and previous is not None
                and previous.kind is Kind.HEADING):
            merged[-1] = replace(previous, text=f"{previous.text} {block.text}")
        else:
            merged.append(block)
    return merged


def split_trailing_credit(block: Block) -> list[Block]:
    """'…国泰民安。崔超 摄', '●…成效。（张雨）': the text, then its credit as a block of its own."""
    if block.kind is Kind.BODY:
        match, kind = _GLUED_CREDIT.search(block.text), Kind.CREDIT
    elif block.kind is Kind.BRIEF:
        match, kind = _GLUED_ATTRIBUTION.search(block.text), Kind.ATTRIBUTION
    else:
        return [block]
    if not match or not match.start():
        return [block]
    text, credit = block.text[: match.start()].rstrip(), match.group(1).strip()
    return [replace(block, text=text), Block(kind, credit, block.line, 0)]


def page_blocks(lines: list[Line]) -> list[Block]:
    """Stage 2: classify every line, then settle headings against their neighbours."""
    blocks = [part for line in lines for part in split_trailing_credit(classify_line(line))
              if part.text]  # a bare ● or ★ says nothing
    blocks = mark_titles_near_bylines(blocks)
    blocks = demote_broken_headings(blocks)
    return merge_heading_lines(blocks)
