"""Pipeline stage 5, items -> articles: paragraphs, titles, subheadings, credited text.

Joined blocks become paragraphs; an article printed without a title next to its
byline takes its first subheading as its title (the layout moved the headline);
subheadings become headings with the index of their first paragraph; a run that
ends an article but reads on with the article printed right after it goes there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from retrieval.corpus.cohesion import Vocabulary, bigrams, union
from retrieval.corpus.page_blocks import Block
from retrieval.corpus.page_items import Item, Section

MIN_KEPT = 2  # paragraphs an article keeps before a run of its end may go elsewhere
MAX_RUN = 8  # paragraphs of a strayed run at most: about one printed column
STRAYED = 1.5  # the run shares this many times more words with the next article than its own


@dataclass
class Draft:
    """An article as the page gives it; the loader turns it into an Article."""

    title: str
    column: str
    byline: str = ""
    kind: str = "article"
    paragraphs: list[str] = field(default_factory=list)
    headings: list[tuple[str, int]] = field(default_factory=list)  # (text, first paragraph)


def headline(text: str, limit: int = 24) -> str:
    """A short title for an untitled item: its first sentence, cut with … if long."""
    first = re.split(r"[。！？!?]", text, maxsplit=1)[0].strip()
    return first if len(first) <= limit else first[:limit] + "…"


def join_texts(first: str, second: str) -> str:
    """Halves of a broken line: nothing between them, but a space between two Latin words."""
    if first[-1:].isascii() and first[-1:].isalnum() and second[:1].isascii() \
            and second[:1].isalpha():
        return f"{first} {second}"
    return first + second


def chain_text(unit: int, blocks: list[Block], links: dict[int, int]) -> str:
    text, seen = blocks[unit].text, {unit}
    while unit in links and links[unit] not in seen:
        unit = links[unit]
        seen.add(unit)
        text = join_texts(text, blocks[unit].text)
    return text


def with_displaced_title(item: Item) -> Item:
    """An untitled article with a header of its own (a byline, a column) takes its first
    subheading as its title: the layout moved the headline."""
    if item.kind != "article" or item.title or not item.headed:
        return item
    for index, section in enumerate(item.sections):
        if section.heading:
            merged = Section(item.sections[index - 1].heading if index else "",
                             (item.sections[index - 1].units if index else []) + section.units)
            sections = item.sections[: max(0, index - 1)] + [merged] + item.sections[index + 1:]
            return Item(item.kind, section.heading, item.column, item.byline, item.headed,
                        item.closed, sections)
    return item


def draft_of(item: Item, blocks: list[Block], links: dict[int, int]) -> Draft:
    """Paragraphs (joined chains starting in this item) and the headings above them."""
    continued = set(links.values())
    draft = Draft(item.title, item.column, item.byline, item.kind)
    for section in item.sections:
        if section.heading:
            draft.headings.append((section.heading, len(draft.paragraphs)))
        draft.paragraphs += [chain_text(u, blocks, links) for u in section.units
                             if u not in continued]
    # a heading with nothing under it heads nothing
    draft.headings = [(text, first) for text, first in draft.headings
                      if first < len(draft.paragraphs)]
    return draft


def text_length(paragraphs: list[str]) -> int:
    return sum(len(p) for p in paragraphs)


def strayed_run(draft: Draft, following: frozenset[str], grams: list[frozenset[str]],
                vocabulary: Vocabulary) -> int | None:
    """Where the run of the draft's end that reads on with the following article starts.

    `grams` are the bigrams of the draft's paragraphs, `following` those of the next article.
    """
    count = len(draft.paragraphs)
    last_heading = draft.headings[-1][1] if draft.headings else 0
    best, best_ratio = None, STRAYED
    for start in range(max(MIN_KEPT, last_heading, count - MAX_RUN), count):
        if text_length(draft.paragraphs[start:]) > text_length(draft.paragraphs[:start]):
            continue  # an article keeps the larger part of its text
        run = union(grams[start:])
        kept = vocabulary.similarity(run, union(grams[:start]))
        there = vocabulary.similarity(run, following)
        if there > best_ratio * kept:
            best, best_ratio = start, there / kept if kept else float("inf")
    return best


def credit_strayed_runs(drafts: list[Draft]) -> list[Draft]:
    """Text ending an article that reads on with the article printed after it belongs there
    (the layout put that article's last column above its header)."""
    grams = [[bigrams(p) for p in d.paragraphs] for d in drafts]
    vocabulary = Vocabulary.of([union(g) for g in grams])
    for index in range(len(drafts) - 1):
        draft, following = drafts[index], drafts[index + 1]
        if draft.kind != "article" or following.kind != "article" or not following.paragraphs:
            continue
        start = strayed_run(draft, union(grams[index + 1]), grams[index], vocabulary)
        if start is not None:
            following.paragraphs += draft.paragraphs[start:]
            grams[index + 1] += grams[index][start:]
            del draft.paragraphs[start:], grams[index][start:]
    return drafts


def page_articles(blocks: list[Block], items: list[Item], links: dict[int, int]) -> list[Draft]:
    """Stage 5: drafts with paragraphs, headings and titles; empty items left out."""
    drafts = [draft_of(with_displaced_title(item), blocks, links) for item in items]
    drafts = credit_strayed_runs([d for d in drafts if d.paragraphs])
    for draft in drafts:
        draft.title = draft.title or headline(draft.paragraphs[0])
    return drafts
