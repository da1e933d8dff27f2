"""Pipeline stage 3, blocks -> items: the page's articles, photos, briefs, quotations and boxes.

An item is a header (title, column, byline) and its text, in sections: the lead,
then one section per subheading. Header lines (headings, column markers, a
byline) standing together are one header, whatever their order on the page.
Items hold block indices, not text: the next stage may still join text across
items before paragraphs are made.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from retrieval.corpus.page_blocks import Block, Kind
from retrieval.corpus.page_lines import GAP

HEADER_KINDS = (Kind.COLUMN, Kind.BYLINE, Kind.HEADING)
FLOW_KINDS = ("article", "box")  # items whose text runs on; the others are one caption or note
SMALL_KINDS = ("photo", "brief", "quote")  # items a single column marker may head several of


@dataclass
class Section:
    heading: str  # "" for the lead, before any subheading
    units: list[int] = field(default_factory=list)  # indices of text blocks


@dataclass
class Item:
    kind: str  # article | photo | brief | quote | box
    title: str = ""
    column: str = ""
    byline: str = ""
    headed: bool = False  # opened by a header of its own (title, column or byline)
    closed: bool = False  # a credit, attribution or source ended it: no more text
    sections: list[Section] = field(default_factory=lambda: [Section("")])

    @property
    def units(self) -> list[int]:
        return [unit for section in self.sections for unit in section.units]

    @property
    def runs_on(self) -> bool:
        """Does text that follows belong to this item?"""
        return self.kind in FLOW_KINDS and not self.closed


@dataclass
class HeaderRun:
    """Header lines standing together: headings, column markers, bylines."""

    titles: list[str]
    column: str | None
    byline: str


def header_run(blocks: list[Block]) -> HeaderRun:
    titles: list[str] = []
    column: str | None = None
    bylines: list[str] = []
    for block in blocks:
        if block.kind is Kind.COLUMN:
            column = block.text  # of stacked markers, the one nearest the item wins
            titles += [block.extra] if block.extra else []
        elif block.kind is Kind.BYLINE:
            bylines.append(block.text)
        else:
            titles.append(block.text)
    return HeaderRun(titles, column, " ".join(bylines))


class ItemBuilder:
    """One pass over the blocks; one small handler per block kind."""

    def __init__(self, blocks: list[Block]) -> None:
        self.blocks = blocks
        self.items: list[Item] = []
        self.pending_column: str | None = None  # a marker waiting for the item it heads
        self.shared: tuple[str, str] | None = None  # (column, kind) several small items share

    @property
    def current(self) -> Item | None:
        return self.items[-1] if self.items else None

    def run(self) -> list[Item]:
        index = 0
        while index < len(self.blocks):
            end = index
            while end < len(self.blocks) and self.blocks[end].kind in HEADER_KINDS:
                end += 1
            if end > index:
                self.on_header(header_run(self.blocks[index:end]), end)
                index = end
                continue
            getattr(self, f"on_{self.blocks[index].kind.name.lower()}")(index)
            index += 1
        return self.items

    # -- helpers ------------------------------------------------------------------
    def open(self, kind: str, title: str = "", byline: str = "", headed: bool = True) -> Item:
        if self.pending_column is not None:
            column, self.pending_column = self.pending_column, None
            self.shared = (column, kind) if kind in SMALL_KINDS else None
        elif self.shared is not None and self.shared[1] == kind:
            column = self.shared[0]
        else:
            column, self.shared = "", None
        item = Item(kind, title, column, byline, headed=headed or bool(column))
        self.items.append(item)
        return item

    def add_text(self, index: int) -> None:
        assert self.current is not None
        self.current.sections[-1].units.append(index)

    def is_caption(self, index: int) -> bool:
        """Text followed by a photo credit line."""
        following = index + 1
        return (self.blocks[index].kind is Kind.BODY and following < len(self.blocks)
                and self.blocks[following].kind is Kind.CREDIT)

    def awaiting_caption(self) -> bool:
        item = self.current
        return item is not None and item.kind == "photo" and not item.units and not item.closed

    # -- header lines -----------------------------------------------------------------
    def on_header(self, run: HeaderRun, following: int) -> None:
        title = " ".join(run.titles)
        if run.byline:
            if run.column is not None:
                self.pending_column = run.column
            self.open("article", title, run.byline)
            return
        if run.column is not None:
            self.pending_column, self.shared = run.column, None
            self.close_current()  # a column marker ends the text above it
        if not title:
            self.close_current()
            return
        if following < len(self.blocks) and self.is_caption(following):
            self.open("photo", title)
        elif run.column is None and self.current is not None and self.current.runs_on \
                and self.current.units:
            self.current.sections.append(Section(title))  # a subheading
        elif following < len(self.blocks) and self.blocks[following].kind in (
                Kind.BRIEF, Kind.QUOTE):
            self.pending_column = self.pending_column or title  # a heading over notes
        else:
            self.open("article", title)

    def close_current(self) -> None:
        if self.current is not None:
            self.current.closed = True

    # -- one handler per kind of block ------------------------------------------------
    def on_body(self, index: int) -> None:
        block = self.blocks[index]
        item = self.current
        if self.awaiting_caption():
            self.add_text(index)
        elif self.is_caption(index) and (block.gap >= GAP or item is None or not item.runs_on):
            self.open("photo", headed=False)
            self.add_text(index)
        elif item is not None and (item.runs_on or (item.kind in ("brief", "quote")
                                                    and not item.closed)):
            self.add_text(index)  # a photo credit inside running text is left out below
        else:
            self.open("article", headed=False)
            self.add_text(index)

    def on_credit(self, index: int) -> None:
        item = self.current
        if item is not None and item.kind == "photo" and not item.closed:
            item.byline, item.closed = self.blocks[index].text, True

    def on_attribution(self, index: int) -> None:
        item = self.current
        if item is not None and not item.closed and not item.byline and item.units:
            item.byline = self.blocks[index].text
            item.closed = item.kind != "article"

    def on_quote_source(self, index: int) -> None:
        self.on_attribution(index)

    def on_brief(self, index: int) -> None:
        self.open("brief")
        self.add_text(index)

    def on_quote(self, index: int) -> None:
        self.open("quote")
        self.add_text(index)

    def on_box_head(self, index: int) -> None:
        text = self.blocks[index].text
        if self.current is not None and self.current.kind == "box" and not self.current.closed:
            self.current.sections.append(Section(text))
            return
        box = self.open("box")
        box.sections = [Section(text)]


def page_items(blocks: list[Block]) -> list[Item]:
    """Stage 3: group the blocks into items (block indices only, no text joined yet)."""
    return ItemBuilder(blocks).run()
