"""HTML (an article saved from a news site): the main text without navigation, comments
or footer, as blocks in the page format; title and byline from the page's metadata.

readability-lxml finds the main content (by text density; navigation, comment and
footer blocks score negative); lxml parses it. Scripts and styles are never run: they
are dropped with the rest of the page's markup.
"""

from __future__ import annotations

import logging
import re

import lxml.html
from lxml import etree

from retrieval.corpus.formats.base import BYLINE_START, ExtractedText, ExtractError, Limits

BLOCK_TAGS = {"p", "div", "section", "article", "main", "li", "blockquote", "pre", "tr",
              "table", "ul", "ol", "dl", "dt", "dd", "figure", "figcaption", "center",
              "h1", "h2", "h3", "h4", "h5", "h6", "header", "footer", "aside", "td", "th"}
SKIPPED_TAGS = {"script", "style", "noscript", "template", "svg", "canvas", "iframe", "object"}
HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
MIN_ARTICLE_CHARS = 20  # less than this is not an article (a navigation-only page)
_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_-]+)""", re.I)
_SITE_SUFFIX = re.compile(r"\s*[_|｜\-—–]+\s*[^_|｜\-—–]{1,30}$")  # 标题_新闻频道_某某网
_DATE = re.compile(r"(19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}")
_INFO = re.compile(r"来源[：:]|发布时间|浏览|字号|责任编辑|编辑[：:]|【打印】|【关闭】|分享到")
_META_TITLE = ("og:title", "title", "articletitle", "headline")
_META_AUTHOR = ("author", "article:author", "byline", "dc.creator")
_META_DATE = ("article:published_time", "publishdate", "pubdate", "publish_date", "date",
              "dc.date", "og:published_time")


def extract(data: bytes, limits: Limits) -> ExtractedText:
    from readability import Document  # imported here: the bot never loads it

    page = decode_html(data)
    try:
        tree = lxml.html.document_fromstring(page)
    except (etree.ParserError, ValueError):
        raise ExtractError("网页无法解析 (unparsable HTML)") from None
    meta = page_metadata(tree)
    logging.getLogger("readability.readability").setLevel(logging.ERROR)
    try:
        summary = Document(page).summary(html_partial=True)
        content = lxml.html.fragment_fromstring(summary, create_parent="div")
    except (etree.ParserError, ValueError, TypeError):
        raise ExtractError("网页无法解析 (unparsable HTML)") from None
    blocks = [b for b in html_blocks(content) if not _is_info(b[1])]
    if sum(len(text) for _, text in blocks) < MIN_ARTICLE_CHARS:
        raise ExtractError("网页里没有找到正文 (no article text in the page)")
    return ExtractedText(text=compose(blocks, meta["title"], meta["author"]),
                         source_format="html", date=meta["date"], url=meta["url"])


def decode_html(data: bytes) -> str:
    """The declared charset (Chinese sites often still serve GBK), else UTF-8, else GB18030."""
    declared = _CHARSET.search(data[:4096])
    candidates = [declared.group(1).decode("ascii").lower()] if declared else []
    for encoding in (*candidates, "utf-8-sig", "gb18030"):
        if encoding in ("gb2312", "gbk"):
            encoding = "gb18030"  # the superset: a page labelled GB2312 often uses GBK characters
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("utf-8", errors="replace")


def page_metadata(tree: lxml.html.HtmlElement) -> dict[str, str]:
    """title / author / date / url from <meta> and <title>."""
    metas: dict[str, str] = {}
    for element in tree.iter("meta"):
        key = (element.get("property") or element.get("name") or "").strip().lower()
        value = " ".join((element.get("content") or "").split())
        if key and value and key not in metas:
            metas[key] = value
    title = next((metas[k] for k in _META_TITLE if k in metas), "")
    if not title:
        found = tree.find(".//title")
        shown = found.text_content() if found is not None else ""
        title = _SITE_SUFFIX.sub("", " ".join(shown.split()))
    canonical = tree.find(".//link[@rel='canonical']")
    url = metas.get("og:url") or (canonical.get("href", "") if canonical is not None else "")
    return {
        "title": title,
        "author": next((metas[k] for k in _META_AUTHOR if k in metas), ""),
        "date": next((metas[k] for k in _META_DATE if k in metas), ""),
        "url": url,
    }


def html_blocks(root: lxml.html.HtmlElement) -> list[tuple[str, str]]:
    """(kind, text) blocks in document order: 'heading' for h1-h6, else 'text'.
    Block elements and <br> end a block; inline markup is read through."""
    blocks: list[tuple[str, str]] = []
    parts: list[str] = []
    kind = "text"

    def flush() -> None:
        text = " ".join("".join(parts).split())
        if text:
            blocks.append((kind, text))
        parts.clear()

    def walk(element: etree._Element) -> None:
        nonlocal kind
        tag = element.tag
        if not isinstance(tag, str) or tag in SKIPPED_TAGS:  # comments, scripts, styles
            parts.append(element.tail or "")
            return
        block = tag in BLOCK_TAGS
        if block or tag == "br":
            flush()
        if tag in HEADING_TAGS:
            kind = "heading"
        parts.append(element.text or "")
        for child in element:
            walk(child)
        if block:
            flush()
            kind = "text"
        parts.append(element.tail or "")

    walk(root)
    flush()
    return blocks


def compose(blocks: list[tuple[str, str]], title: str, author: str) -> str:
    """Blocks -> page text. A page that shows its own headlines (a newspaper page) keeps
    them; a single article gets its title, and its byline, from the metadata."""
    top = blocks[:3]
    has_heading = any(kind == "heading" for kind, _ in top)
    byline_at = next((i for i, (_, text) in enumerate(top) if BYLINE_START.match(text)
                      and len(text) <= 60), None)
    lines = [text if kind == "heading" or i != byline_at else "□" + text.lstrip("□")
             for i, (kind, text) in enumerate(blocks)]
    if title and not has_heading and _norm(title) not in {_norm(t) for t in lines[:3]}:
        head = [title]
        if author and byline_at is None:
            head.append("□" + author)
        lines = head + lines
    return "\n\n".join(lines) + "\n"


def _is_info(text: str) -> bool:
    """A dateline or tool row ('2023-12-28 来源：某某网 字号：大 中 小'), not article text."""
    return len(text) <= 80 and bool(_INFO.search(text)) and (
        bool(_DATE.search(text)) or not re.search(r"[。！？]", text))


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text)
