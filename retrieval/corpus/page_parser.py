"""Newspaper page text -> articles.

A page is a sequence of blocks (non-empty lines). Each block is classified on
its own (column marker, byline, heading, body text …), then a small state
machine groups them into articles, repairing sentences that the page layout
broke across blocks. Titles, column markers and bylines become metadata and
never paragraphs. See DESIGN.md, "The corpus pages", for the facts handled.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum, auto

from retrieval.text.punctuation import CLAUSE_MARK, CLOSERS, ends_sentence

# Column names that also appear without the ◎ marker.
KNOWN_COLUMNS = (
    "五化协同 大抓基层", "信息集装箱", "北疆党旗红", "知行合一", "学思践悟", "初心如磐", "每周一学",
    "广角", "观潮", "掠影",
)

_INNER_PUNCT = CLAUSE_MARK
_CREDIT_LINE = re.compile(r"^\S.{0,40}\s摄$")  # 李文超 摄 / 本报记者 许敬 通讯员 包青松 摄
_CAPTION_CREDIT = re.compile(r"(?<=[。！？!?…])\s*([^。！？!?…]{1,40}?\s摄)$")
_ATTRIBUTION = re.compile(r"^[（(]([^()（）]{1,40})[)）]$")
_INLINE_ATTRIBUTION = re.compile(r"[（(]([^()（）]{1,30})[)）]$")
MAX_HEADING_CHARS = 40
MAX_TITLE_CHARS = 60


class Kind(Enum):
    COLUMN = auto()  # ◎广角, 知行合一, 观潮 标题…
    SECTION = auto()  # ◎党的基层组织的任期： (a titled knowledge item)
    BYLINE = auto()  # □本报记者 宋爽
    CREDIT = auto()  # 李文超 摄
    ATTRIBUTION = auto()  # (本报记者 宋爽)
    BRIEF = auto()  # ●… / ◆…
    QUOTE = auto()  # ★…
    QUOTE_SOURCE = auto()  # ——2017年10月18日，…
    HEADING = auto()  # a short line without sentence punctuation
    BODY = auto()


@dataclass
class Block:
    kind: Kind
    text: str
    extra: str = ""  # COLUMN: a title that shares the marker's line


@dataclass
class Draft:
    """An article being assembled."""

    title: str
    column: str
    byline: str = ""
    kind: str = "article"
    paragraphs: list[str] = field(default_factory=list)
    awaiting_title: bool = False  # a byline came first; the title may follow it


def headline(text: str, limit: int = 24) -> str:
    """A short title for an untitled item: its first sentence, cut with … if long."""
    first = re.split(r"[。！？!?]", text, maxsplit=1)[0].strip()
    return first if len(first) <= limit else first[:limit] + "…"


def _match_known_column(text: str) -> tuple[str, str] | None:
    """Split 'COLUMN rest' when text starts with a known column name."""
    for name in KNOWN_COLUMNS:
        if text == name or text.startswith(name):
            rest = text[len(name):]
            # keep issue numbers like ① with the column name
            number = re.match(r"^[\u2460-\u2473\d]*", rest).group(0)
            return name + number, rest[len(number):].strip()
    return None


def classify(text: str) -> Block:
    """Classify one non-empty, stripped line of a page."""
    if text.startswith("◎"):
        inner = text[1:].strip()
        if inner.endswith(("：", ":")):
            return Block(Kind.SECTION, inner.rstrip("：:").strip())
        known = _match_known_column(inner)
        if known:
            return Block(Kind.COLUMN, known[0], known[1])
        return Block(Kind.COLUMN, inner)
    if text.startswith("□"):
        return Block(Kind.BYLINE, text[1:].strip())
    if text[0] in "●◆":
        return Block(Kind.BRIEF, text[1:].strip())
    if text.startswith("★"):
        return Block(Kind.QUOTE, text[1:].strip())
    if text.startswith("——"):
        return Block(Kind.QUOTE_SOURCE, text.lstrip("—").strip())
    if _CREDIT_LINE.match(text) and not _INNER_PUNCT.search(text):
        return Block(Kind.CREDIT, text)
    attribution = _ATTRIBUTION.match(text)
    if attribution:
        return Block(Kind.ATTRIBUTION, attribution.group(1).strip())
    known = _match_known_column(text)
    if known and (known[1] == "" or text[len(known[0])] == " "):
        return Block(Kind.COLUMN, known[0], known[1])
    if len(text) <= MAX_HEADING_CHARS and not _INNER_PUNCT.search(text):
        return Block(Kind.HEADING, text)
    return Block(Kind.BODY, text)


def _mark_titles_near_bylines(blocks: list[Block]) -> None:
    """Short lines right before a byline are its title, even with punctuation inside."""
    for i, block in enumerate(blocks):
        if block.kind is not Kind.BYLINE:
            continue
        for j in (i - 1, i - 2):
            if j < 0 or blocks[j].kind not in (Kind.BODY, Kind.HEADING):
                break
            text = blocks[j].text
            # Titles never end with a full stop; a sentence before a byline is body text.
            if len(text) > MAX_TITLE_CHARS or text.rstrip(CLOSERS).endswith("。"):
                break
            blocks[j].kind = Kind.HEADING


def _split_caption_credit(text: str) -> tuple[str, str] | None:
    """'…国泰民安。崔超 摄' -> ('…国泰民安。', '崔超 摄')."""
    match = _CAPTION_CREDIT.search(text)
    if not match:
        return None
    return text[: match.start()].rstrip(), match.group(1).strip()


class PageAssembler:
    """Groups classified blocks into article drafts (one pass, small state)."""

    def __init__(self, blocks: list[Block]) -> None:
        self.blocks = blocks
        self.drafts: list[Draft] = []
        self.column = ""
        self.pending: list[str] = []  # headings waiting for the article they title
        self.current: Draft | None = None

    def run(self) -> list[Draft]:
        for index, block in enumerate(self.blocks):
            getattr(self, f"_on_{block.kind.name.lower()}")(index, block)
        self._close()
        return self.drafts

    # -- helpers -------------------------------------------------------------
    def _close(self) -> None:
        if self.current is not None and self.current.paragraphs:
            self.drafts.append(self.current)
        self.current = None

    def _open(self, title: str, kind: str = "article", byline: str = "") -> Draft:
        self._close()
        self.current = Draft(title=title, column=self.column, byline=byline, kind=kind)
        return self.current

    def _take_pending_title(self) -> str:
        title, self.pending = " ".join(self.pending), []
        return title

    def _append_text(self, text: str) -> None:
        """Add body text, joining it to the previous paragraph when that one was cut."""
        draft = self.current
        assert draft is not None
        if draft.paragraphs and not ends_sentence(draft.paragraphs[-1]):
            draft.paragraphs[-1] += text
        else:
            draft.paragraphs.append(text)

    def _byline_ahead(self, index: int) -> bool:
        """Is this heading (with at most one more heading) followed by a byline?"""
        for block in self.blocks[index + 1 : index + 3]:
            if block.kind is Kind.BYLINE:
                return True
            if block.kind is not Kind.HEADING:
                return False
        return False

    def _photo_ahead(self, index: int) -> bool:
        """Does a photo caption (ending in '… 摄' or followed by a credit line) follow?"""
        for block in self.blocks[index + 1 : index + 3]:
            if block.kind is Kind.CREDIT:
                return True
            if block.kind is not Kind.BODY:
                return False
            if _split_caption_credit(block.text):
                return True
        return False

    # -- one handler per block kind -------------------------------------------
    def _on_column(self, index: int, block: Block) -> None:
        self._close()
        self.column = block.text
        if block.extra:
            self.pending.append(block.extra)

    def _on_section(self, index: int, block: Block) -> None:
        self.pending = []
        self._open(block.text)

    def _on_byline(self, index: int, block: Block) -> None:
        title = self._take_pending_title()
        draft = self._open(title, byline=block.text)
        draft.awaiting_title = not title

    def _on_heading(self, index: int, block: Block) -> None:
        draft = self.current
        if draft is not None and draft.awaiting_title and not draft.paragraphs:
            draft.title = f"{draft.title} {block.text}".strip()
            return
        if self._photo_ahead(index):
            self.pending = []
            self._open(block.text, kind="photo")
            return
        if self._byline_ahead(index):
            self._close()
            self.pending.append(block.text)
            return
        if draft is not None and draft.paragraphs and draft.kind == "article":
            # A subheading inside the running article; it may title an untitled one.
            if not draft.title:
                draft.title = block.text
            return
        self._close()
        self.pending.append(block.text)

    def _on_body(self, index: int, block: Block) -> None:
        caption = _split_caption_credit(block.text)
        next_is_credit = index + 1 < len(self.blocks) and self.blocks[index + 1].kind is Kind.CREDIT
        draft = self.current
        if (caption or next_is_credit) and (draft is None or draft.kind != "photo"):
            # A photo caption with no title line of its own.
            self._open(self._take_pending_title(), kind="photo")
        elif draft is None or draft.kind in ("brief", "quote"):
            self._open(self._take_pending_title())
        if caption:
            self._append_text(caption[0])
            self._finish_photo(caption[1])
        else:
            self._append_text(block.text)

    def _finish_photo(self, credit: str) -> None:
        draft = self.current
        assert draft is not None
        draft.byline = credit
        if not draft.title and draft.paragraphs:
            draft.title = headline(draft.paragraphs[0])
        self._close()

    def _on_credit(self, index: int, block: Block) -> None:
        if self.current is not None and self.current.kind == "photo":
            self._finish_photo(block.text)

    def _on_attribution(self, index: int, block: Block) -> None:
        draft = self.current
        if draft is None and self.drafts and not self.drafts[-1].byline:
            draft = self.drafts[-1]  # (来源：…) after a section that already closed
        if draft is not None and not draft.byline:
            draft.byline = block.text
        if self.current is not None and self.current.kind == "brief":
            self._close()

    def _on_brief(self, index: int, block: Block) -> None:
        text, byline = block.text, ""
        inline = _INLINE_ATTRIBUTION.search(text)
        if inline and ends_sentence(text[: inline.start()]):
            text, byline = text[: inline.start()].rstrip(), inline.group(1).strip()
        self.pending = []
        draft = self._open(headline(text), kind="brief", byline=byline)
        draft.paragraphs.append(text)
        if byline:
            self._close()

    def _on_quote(self, index: int, block: Block) -> None:
        self.pending = []
        draft = self._open(headline(block.text), kind="quote")
        draft.paragraphs.append(block.text)

    def _on_quote_source(self, index: int, block: Block) -> None:
        if self.current is not None and self.current.kind == "quote":
            self.current.byline = block.text
            self._close()


def parse_page(text: str) -> list[Draft]:
    """Split a page's text into article drafts (title, column, byline, paragraphs)."""
    lines = (line.strip() for line in text.splitlines())
    blocks = [classify(line) for line in lines if line]
    _mark_titles_near_bylines(blocks)
    drafts = PageAssembler(blocks).run()
    for draft in drafts:
        if not draft.title:
            draft.title = headline(draft.paragraphs[0])
    return drafts
