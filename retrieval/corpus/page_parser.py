"""Newspaper page text -> articles, in one pipeline of small stages:

    lines   (page_lines)    non-empty lines and the blank space above each
    blocks  (page_blocks)   what each line is: column, byline, heading, credit, text …
    items   (page_items)    header + sections of text: articles, photos, briefs, quotes, boxes
    joins   (page_joins)    broken sentences repaired across the page; strayed runs moved
    articles (page_articles) paragraphs, titles, subheadings; text credited where it reads on

Titles, column markers and bylines become metadata and never paragraphs. See
docs/architecture.md, "The corpus pages", for the facts handled.
"""

from __future__ import annotations

from retrieval.corpus.page_articles import Draft, page_articles
from retrieval.corpus.page_blocks import page_blocks
from retrieval.corpus.page_items import page_items
from retrieval.corpus.page_joins import join_page
from retrieval.corpus.page_lines import split_lines

__all__ = ["Draft", "parse_page"]


def parse_page(text: str) -> list[Draft]:
    """Split a page's text into article drafts (title, column, byline, headings, paragraphs)."""
    blocks = page_blocks(split_lines(text))
    items, links = join_page(blocks, page_items(blocks))
    return page_articles(blocks, items, links)
