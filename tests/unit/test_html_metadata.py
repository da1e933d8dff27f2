"""An HTML page's metadata (retrieval/corpus/formats/html.py page_metadata): an empty
<meta> hides nothing, and of two declarations of one key the first counts."""

from __future__ import annotations

import lxml.html

from retrieval.corpus.formats.html import page_metadata


def _meta(head: str) -> dict[str, str]:
    return page_metadata(lxml.html.fromstring(
        f"<html><head>{head}<title>网页标题</title></head><body><p>正文。</p></body></html>"))


def test_an_empty_meta_does_not_hide_the_next_source_of_the_same_field():
    meta = _meta('<meta name="author" content="  "><meta property="article:author" content="张三">'
                 '<meta property="og:title" content=""><meta name="title" content="文章标题">'
                 '<meta property="article:published_time" content="">'
                 '<meta name="date" content="2024-05-01">')
    assert (meta["title"], meta["author"], meta["date"]) == ("文章标题", "张三", "2024-05-01")


def test_the_first_of_two_declarations_of_a_key_counts():
    meta = _meta('<meta name="author" content="张三"><meta name="author" content="编辑部">')
    assert meta["author"] == "张三"
