"""Items of a counted name gathered from its article: 三大工程是哪三个.

Articles often introduce a counted name (固边兴边“三大工程”, “四个一”机制) in one
paragraph and then give each item its own paragraph (实施“强基工程”… 开展“聚力工程”…
实施“固边工程”…). No single sentence lists them, so the answer line is made of the
quoted names in the article that share the counted name's kind (工程), in order.
"""

from __future__ import annotations

import re

from retrieval.answer.query import Query
from retrieval.answer.spans import Span
from retrieval.models import AnswerLine, Article

# 三大工程, 四项机制, 五个平台: a count, then the kind every item ends with.
_COUNTED_NAME = re.compile(r"^([一二三四五六七八九十两]{1,2})(?:大|项|个|种|类|条)?"
                           r"([\u4e00-\u9fff]{2,4})$")
_NUMERALS = {c: i for i, c in enumerate("一二三四五六七八九十", start=1)} | {"两": 2}
_QUOTED = re.compile(r"[“\"]([^”\"]{2,12})[”\"]")


def counted_name(query: Query) -> tuple[int, str] | None:
    """(how many, kind) when a list question asks for the items of a counted name."""
    if query.intent != "list":
        return None
    for name in (query.topic.name if query.topic else "", *query.names):
        found = _COUNTED_NAME.match(name)
        if found and len(found.group(1)) == 1:
            return _NUMERALS[found.group(1)], found.group(2)
    return None


def gathered_items(article: Article, count: int, kind: str, name: str) -> list[str]:
    """The distinct quoted names ending in `kind` in the article, in order, at most count."""
    items: list[str] = []
    for paragraph in article.paragraphs:
        for quoted in _QUOTED.findall(paragraph):
            if quoted.endswith(kind) and quoted != name and quoted != kind and (
                    quoted not in items):
                items.append(quoted)
    return items[:count]


def gathered_line(article: Article, query: Query, rank: int) -> AnswerLine | None:
    """The items as the answer line when the article names at least two of them."""
    asked = counted_name(query)
    if asked is None:
        return None
    count, kind = asked
    name = query.topic.name if query.topic else ""
    items = gathered_items(article, count, kind, name)
    if len(items) < 2:
        return None
    text, spans = "", []
    for item in items:
        text += "、" if text else ""
        spans.append((len(text), len(text) + len(item)))
        text += item
    marked: tuple[Span, ...] = tuple(spans)
    return AnswerLine(text=text, spans=marked, rank=rank)
