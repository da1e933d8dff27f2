"""Pipeline stage 4, items -> joined text: sentences the layout broke, repaired across the page.

A text block that does not end its sentence is continued by another block. Usually
that is the next block; when a heading, a caption or another item stands between,
or the halves are printed in the wrong order, the page is searched:
1. a quotation the fragment opens is closed, early, by the block that continues it;
2. otherwise the next block of the same flow, or the first text after an
   interruption (a subheading of the same item, text that lost its header);
3. otherwise the subheaded section or header-less item whose words the fragment's
   item shares, clearly more than any other and no less than its own item does.
A continuation that opens a section or a header-less item brings it along: the
whole run of text belongs to the article it continues.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from functools import cached_property

from retrieval.corpus.cohesion import Vocabulary, bigrams, union
from retrieval.corpus.page_blocks import Block, Kind
from retrieval.corpus.page_items import FLOW_KINDS, Item, Section
from retrieval.text.punctuation import SENTENCE, ends_sentence, quote_balance

SEARCH_WINDOW = 200  # blocks either side searched for a continuation (about one page)
CLEAR_LEAD = 2.0  # the chosen section must share twice the words of the runner-up


@dataclass(frozen=True)
class Place:
    item: int
    section: int


@dataclass(frozen=True)
class Group:
    """A run of text that may move to the article it continues: a subheaded section or a
    header-less item."""

    item: int
    sections: tuple[int, ...]
    first: int  # its first unit


def item_places(index: int, item: Item) -> dict[int, Place]:
    return {unit: Place(index, s) for s, section in enumerate(item.sections)
            for unit in section.units}


def opens_quote(text: str) -> bool:
    return quote_balance(text).unclosed > 0


def closes_early(text: str) -> bool:
    """Does the text close, in its first sentence, a quotation it never opened?"""
    first = quote_balance(text).first_unopened
    match = SENTENCE.match(text)
    return 0 <= first < (match.end() if match else len(text))


def item_groups(index: int, item: Item) -> list[Group]:
    """The item's runs of text that may move: the whole item when it has no header of its
    own, else its subheaded sections (but an untitled article's first subheading is its
    displaced title: that section stays)."""
    if item.kind not in FLOW_KINDS or not item.units:
        return []
    if not item.headed:
        return [Group(index, tuple(range(len(item.sections))), item.units[0])]
    headed = [s for s, section in enumerate(item.sections) if section.heading]
    if item.kind == "article" and not item.title:
        headed = headed[1:]
    return [Group(index, (s,), item.sections[s].units[0]) for s in headed
            if item.sections[s].units]


class Joiner:
    """Links each broken text block to the block that continues it, moving runs of text
    to the article they continue."""

    def __init__(self, blocks: list[Block], items: list[Item]) -> None:
        self.blocks = blocks
        self.items = copy.deepcopy(items)
        self.links: dict[int, int] = {}  # fragment -> its continuation
        self.back: dict[int, int] = {}  # continuation -> its fragment
        self.where: dict[int, Place] = {}
        self.groups: dict[int, Group] = {}  # first unit -> the movable run it opens
        for index in range(len(self.items)):
            self.refresh(index)
        self.grams: dict[int, frozenset[str]] = {}
        self.early: dict[int, bool] = {}
        self.root: dict[int, int] = {}  # towards the head of a chain (compressed as it is read)

    def run(self) -> tuple[list[Item], dict[int, int]]:
        for unit in sorted(self.where):
            if self.is_fragment(unit):
                continuation = self.continuation(unit)
                if continuation is not None:
                    self.link(unit, continuation)
        return self.items, self.links

    # -- which blocks take part ----------------------------------------------------------
    def is_fragment(self, unit: int) -> bool:
        item = self.items[self.where[unit].item]
        if item.kind == "photo" or (item.kind in ("brief", "quote") and item.byline):
            return False  # a caption, or a note its attribution ended
        return not ends_sentence(self.blocks[unit].text)

    def may_continue(self, fragment: int, unit: int) -> bool:
        """Body text of a running item, not yet claimed, not the start of the fragment's own
        chain."""
        return (self.blocks[unit].kind is Kind.BODY and unit not in self.back
                and self.items[self.where[unit].item].kind in FLOW_KINDS
                and self.chain_head(fragment) != unit)

    def chain_head(self, unit: int) -> int:
        path = []
        while unit in self.root:
            path.append(unit)
            unit = self.root[unit]
        for step in path:
            self.root[step] = unit
        return unit

    def closes_early(self, unit: int) -> bool:
        if unit not in self.early:
            self.early[unit] = closes_early(self.blocks[unit].text)
        return self.early[unit]

    # -- the three ways to find a continuation ---------------------------------------------
    def continuation(self, fragment: int) -> int | None:
        following = self.flow_next(fragment)
        if opens_quote(self.blocks[fragment].text):
            if following is not None and self.closes_early(following):
                return following
            closer = self.nearest_closer(fragment)
            if closer is not None:
                return closer
        if following is not None:
            return following
        after = self.after_interruption(fragment)
        return after if after is not None else self.by_vocabulary(fragment)

    def flow_next(self, fragment: int) -> int | None:
        """The very next block, when it is text of the same section."""
        following = fragment + 1
        here, there = self.where.get(fragment), self.where.get(following)
        if here is None or there is None or (here.item, here.section) != (there.item,
                                                                          there.section):
            return None
        return following if self.may_continue(fragment, following) else None

    def nearest_closer(self, fragment: int) -> int | None:
        """The nearest text that closes, early, a quotation it never opened (after the
        fragment first, at equal distance)."""
        for distance in range(1, SEARCH_WINDOW + 1):
            for unit in (fragment + distance, fragment - distance):
                if (unit in self.where and self.closes_early(unit)
                        and self.may_continue(fragment, unit)):
                    return unit
        return None

    def after_interruption(self, fragment: int) -> int | None:
        """The first running text after a subheading, a caption or a note: when it is in the
        same item, or opens an item that has no header of its own."""
        here = self.where[fragment]
        for unit in range(fragment + 1, min(len(self.blocks), fragment + SEARCH_WINDOW)):
            place = self.where.get(unit)
            if place is None or self.items[place.item].kind not in FLOW_KINDS:
                continue  # headings, captions, notes: what may stand between the halves
            item = self.items[place.item]
            opens_headerless = not item.headed and item.units[0] == unit
            if (place.item == here.item or opens_headerless) and self.may_continue(fragment, unit):
                return unit
            return None
        return None

    def by_vocabulary(self, fragment: int) -> int | None:
        """The section or header-less item that reads on from the fragment's item."""
        here = self.where[fragment].item
        own = self.text_of(self.items[here].units)
        scored: list[tuple[float, int]] = []
        nearby = range(fragment - SEARCH_WINDOW, fragment + SEARCH_WINDOW + 1)
        for group in (self.groups[u] for u in nearby if u in self.groups):
            if group.item == here or not self.may_continue(fragment, group.first):
                continue
            inside = set(self.group_units(group))
            text = self.text_of(list(inside))
            rest = self.text_of([u for u in self.items[group.item].units if u not in inside])
            ours = self.vocabulary.similarity(text, own)
            if ours > 0 and ours >= self.vocabulary.similarity(text, rest):
                scored.append((ours, group.first))
        scored.sort(reverse=True)
        if not scored or (len(scored) > 1 and scored[0][0] < CLEAR_LEAD * scored[1][0]):
            return None
        return scored[0][1]

    # -- vocabulary ---------------------------------------------------------------------------
    def text_of(self, units: list[int]) -> frozenset[str]:
        for unit in units:
            if unit not in self.grams:
                self.grams[unit] = bigrams(self.blocks[unit].text)
        return union(self.grams[u] for u in units)

    @cached_property
    def vocabulary(self) -> Vocabulary:
        return Vocabulary.of([self.text_of(item.units) for item in self.items])

    # -- applying a join --------------------------------------------------------------------
    def group_units(self, group: Group) -> list[int]:
        item = self.items[group.item]
        return [u for s in group.sections for u in item.sections[s].units]

    def link(self, fragment: int, continuation: int) -> None:
        self.links[fragment] = continuation
        self.back[continuation] = fragment
        self.root[continuation] = fragment
        here, there = self.where[fragment], self.where[continuation]
        if here.item == there.item:
            return
        group = self.groups.get(continuation)
        if group is not None:
            self.move(group, here)

    def move(self, group: Group, target: Place) -> None:
        """Put the group's sections right after the section holding the fragment."""
        source = self.items[group.item]
        moved: list[Section] = [source.sections[s] for s in group.sections]
        source.sections = [sec for s, sec in enumerate(source.sections)
                           if s not in group.sections] or [Section("")]
        receiver = self.items[target.item]
        at = target.section + 1
        receiver.sections[at:at] = moved
        self.refresh(group.item)
        self.refresh(target.item)

    def refresh(self, index: int) -> None:
        """Record where an item's units are and which runs of it may move."""
        item = self.items[index]
        self.where.update(item_places(index, item))
        for unit in item.units:
            self.groups.pop(unit, None)
        self.groups.update((g.first, g) for g in item_groups(index, item))


def join_page(blocks: list[Block], items: list[Item]) -> tuple[list[Item], dict[int, int]]:
    """Stage 4: the items with runs of text moved where they read on, and the joins
    (fragment block -> continuation block)."""
    return Joiner(blocks, items).run()
