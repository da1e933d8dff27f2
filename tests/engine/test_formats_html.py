"""HTML saved from a news site: the article without navigation, sidebar, comments,
scripts or footer; title and byline from the page's metadata."""

from __future__ import annotations

import pytest
from support import formats_samples as samples

from retrieval.corpus import formats
from retrieval.corpus.formats import ExtractError, Limits
from retrieval.corpus.loader import parse_document, read_document

PAGE = "002_65741c68368d13e7.txt"
LEAKS = ("首页", "登录", "相关阅读", "网友", "点赞", "版权所有", "红包", "tracker", "console",
         "NewsArticle", "color: red")


def test_newspaper_page_as_html_gives_what_the_text_file_gives():
    text_articles = parse_document(PAGE, (samples.REPO / "corpus" / PAGE).read_bytes())
    document = read_document("page.html", samples.news_html(PAGE))
    assert document.extracted.source_format == "html"
    assert document.extracted.date == "2023-12-28"
    expected = [samples.norm(p) for a in text_articles for p in a.paragraphs]
    assert samples.paragraph_recall(expected, document.articles) >= 0.95
    titles = [t for t in samples.gold_titles(PAGE)
              if t in {samples.norm(a.title) for a in text_articles}]
    assert samples.title_recall(titles, document.articles) == 1.0
    for leak in LEAKS:
        assert leak not in document.extracted.text, leak
    assert "第002版" not in document.extracted.text  # the page has its own headlines


def test_single_article_takes_title_and_byline_from_the_metadata():
    document = read_document("a.html", samples.single_article_html())
    [article] = document.articles
    assert article.title == "云端议事厅让村民线上议事"  # og:title, without "_新闻频道_…"
    assert article.byline == "本报记者 宋爽"
    assert article.paragraphs == samples.ARTICLE_PARAGRAPHS
    for leak in LEAKS:
        assert leak not in document.extracted.text, leak


def test_gbk_page_is_decoded():
    html = samples.single_article_html().decode().replace('charset="utf-8"', 'charset="gbk"')
    [article] = parse_document("a.htm", html.encode("gbk", errors="xmlcharrefreplace"))
    assert article.paragraphs[0] == samples.ARTICLE_PARAGRAPHS[0]


def test_page_without_article_text():
    page = (f"<html><head><title>首页</title></head><body>{samples.NAV}{samples.SIDEBAR}"
            f"{samples.FOOTER}</body></html>").encode()
    with pytest.raises(ExtractError, match="没有找到正文"):
        formats.extract("nav.html", page)


def test_html_keeps_the_small_text_limit():
    with pytest.raises(ExtractError, match="文件太大"):
        formats.extract("a.html", samples.single_article_html(), Limits(max_text_bytes=1000))
    with pytest.raises(ExtractError, match="binary"):
        formats.extract("a.html", samples.zip_bomb(1))
