"""DOCX: heading styles become the headline and subheading lines the page parser reads;
a byline paragraph becomes the byline; zip bombs and impostors are refused unread."""

from __future__ import annotations

import io
import zipfile

import pytest
from support import formats_samples as samples

from retrieval.corpus import formats
from retrieval.corpus.formats import ExtractError, Limits
from retrieval.corpus.loader import parse_document, read_document

PAGE = "002_65741c68368d13e7.txt"


def test_article_with_heading_styles():
    document = read_document("云端.docx", samples.article_docx())
    assert document.extracted.source_format == "docx"
    text = document.extracted.text
    assert text.startswith("云端议事厅让村民线上议事\n\n□本报记者 宋爽\n\n")
    assert "\n\n村民线上说事\n\n" in text  # Heading 2: a short line of its own
    [article] = document.articles
    assert article.title == "云端议事厅让村民线上议事"
    assert article.byline == "本报记者 宋爽"  # not the "Administrator" author property
    assert article.paragraphs[0] == samples.ARTICLE_PARAGRAPHS[0]
    assert samples.ARTICLE_PARAGRAPHS[2] in article.paragraphs
    assert "议定事项136件。" in article.paragraphs  # table cells are read, in order
    assert "村民线上说事" not in article.paragraphs  # a subheading is never a paragraph


def test_heading_1_is_a_title_too_and_the_title_property_is_a_last_resort():
    [article] = parse_document("a.docx", samples.article_docx(title_style="Heading 1",
                                                                core_title="模板标题"))
    assert article.title == "云端议事厅让村民线上议事"
    [untitled] = parse_document("b.docx", samples.article_docx(title_style="", byline="",
                                                                core_title="云端议事厅"))
    assert untitled.title == "云端议事厅"


def test_newspaper_page_as_docx_gives_what_the_text_file_gives():
    text_articles = parse_document(PAGE, (samples.REPO / "corpus" / PAGE).read_bytes())
    articles = parse_document("page.docx", samples.newspaper_docx(PAGE))
    expected = [samples.norm(p) for a in text_articles for p in a.paragraphs]
    assert samples.paragraph_recall(expected, articles) >= 0.95
    titles = [t for t in samples.gold_titles(PAGE)
              if t in {samples.norm(a.title) for a in text_articles}]
    assert samples.title_recall(titles, articles) == 1.0


def reason(name: str, data: bytes, **limits) -> str:
    with pytest.raises(ExtractError) as caught:
        formats.extract(name, data, Limits(**limits))
    assert "\n" not in str(caught.value)
    return str(caught.value)


def test_zip_bomb_is_refused_unread():
    bomb = samples.zip_bomb(24)  # 24 MB of zeros in a few kB
    assert len(bomb) < 100 * 1024
    # the same check as the default 200 MB, at a size this test builds quickly
    assert "压缩炸弹" in reason("bomb.docx", bomb, max_unpacked_bytes=16 * 1024 * 1024)


def test_not_a_word_document():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    assert "Excel" in reason("table.docx", buffer.getvalue())
    assert "损坏" in reason("broken.docx", b"PK\x03\x04" + b"\x00" * 200)
    assert "旧版 Word" in reason("old.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500)
    assert "与扩展名 .docx 不符" in reason("fake.docx", "一段文字。".encode())


def test_docx_over_the_size_limit():
    assert "文件太大" in reason("a.docx", samples.article_docx(), max_document_bytes=1000)
