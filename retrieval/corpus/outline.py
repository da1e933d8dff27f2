"""How a page was understood, for people and for tools: the `articles` contract.

`article_record` is the JSON object of `python -m retrieval articles --json`
(docs/architecture.md, "Contracts"). `outline` is the readable form an editor checks a page
with: each article's title · column · byline, its subheadings, and the first
characters of each paragraph; `chars` and `max_paragraphs` make it brief enough
for an upload preview.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from retrieval.models import Article

ELLIPSIS = "…"


def article_record(article: Article) -> dict:
    """One article as the `articles --json` contract gives it."""
    return {
        "source": article.source,
        "title": article.title,
        "column": article.column,
        "byline": article.byline,
        "kind": article.kind,
        "headings": [{"text": h.text, "first_paragraph": h.first_paragraph}
                     for h in article.headings],
        "paragraphs": list(article.paragraphs),
    }


def clip(text: str, chars: int | None) -> str:
    """The first `chars` characters, with … when cut (None: all of it)."""
    if chars is None or len(text) <= chars:
        return text
    return text[: max(0, chars)] + ELLIPSIS


def heading_line(article: Article) -> str:
    """《title》 · column · byline, and the kind when it is not an article."""
    parts = [f"《{article.title}》" if article.title else "（无标题）", article.column,
             article.byline]
    line = " · ".join(part for part in parts if part)
    return line if article.kind == "article" else f"{line}  [{article.kind}]"


def article_outline(article: Article, chars: int | None = 30,
                    max_paragraphs: int | None = None) -> list[str]:
    """The article's heading line, then its subheadings and paragraph openings, indented."""
    lines = [heading_line(article)]
    starts: dict[int, list[str]] = {}
    for heading in article.headings:
        starts.setdefault(heading.first_paragraph, []).append(heading.text)
    shown = article.paragraphs[:max_paragraphs] if max_paragraphs is not None \
        else article.paragraphs
    for index, paragraph in enumerate(shown):
        lines += [f"  ## {text}" for text in starts.get(index, [])]
        lines.append(f"    {index + 1}. {clip(paragraph, chars)}")
    hidden = len(article.paragraphs) - len(shown)
    if hidden > 0:
        lines.append(f"    … {hidden} more")
    return lines


def outline(articles: Sequence[Article] | Iterable[Article], chars: int | None = 30,
            max_paragraphs: int | None = None) -> str:
    """The readable outline of several articles, grouped under their source file."""
    lines: list[str] = []
    source = None
    for article in articles:
        if article.source != source:
            source = article.source
            lines += ["", f"== {source}"] if lines else [f"== {source}"]
        lines += article_outline(article, chars, max_paragraphs)
    return "\n".join(lines)
