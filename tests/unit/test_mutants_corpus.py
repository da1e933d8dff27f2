"""Corpus stage edges the rest of the unit layer leaves out (found by bench/mutants.py):
subheadings by position, a brief's second paragraph, a continuation found by its words
past a weaker rival, OCR fragments on one baseline, the control-character threshold of
text files, an empty Word document, a lone surrogate in a PDF's text layer, extraction
cache entries made under other limits."""

from __future__ import annotations

import io

import pytest
from support import formats_samples as samples
from support.pages import APPLES_AND_BOOKS

from retrieval.corpus.formats import ExtractCache, ExtractError, Limits, docx, layout, pdf, text
from retrieval.corpus.loader import parse_document
from retrieval.corpus.page_parser import parse_page
from retrieval.models import Article, Heading


def test_a_paragraph_sits_under_the_last_subheading_before_it():
    article = Article(0, "标题", "", "", "p.txt", ("一", "二", "三", "四"),
                      headings=(Heading("甲", 1), Heading("乙", 3)))
    assert [article.heading_of(i) for i in range(4)] == ["", "甲", "甲", "乙"]


def test_a_briefs_second_paragraph_stays_in_the_brief():
    page = ("◎基层动态\n\n"
            "●近日，青山区幸福街道召开议事会，居民代表30人参加，\n\n"
            "会上确定了今年要办的10件实事。\n\n"
            "●河西村组建巡逻队，夜间轮流巡逻。\n")
    articles = parse_document("000_x.txt", page.encode("utf-8"))
    assert [a.kind for a in articles] == ["brief", "brief"]
    assert articles[0].paragraphs == ("近日，青山区幸福街道召开议事会，居民代表30人参加，",
                                      "会上确定了今年要办的10件实事。")


def _line(text_: str, x0: float, x1: float, top: float = 100.0, size: float = 10.0):
    return layout.Line(text_, x0, top, x1, top + size, size)


def test_fragments_on_one_baseline_join_only_when_close():
    close = layout.join_fragments([_line("党建", 0, 20), _line("引领", 25, 45)])
    assert [line.text for line in close] == ["党建 引领"]
    apart = layout.join_fragments([_line("党建", 0, 20), _line("引领", 60, 80)])
    assert [line.text for line in apart] == ["党建", "引领"]


def test_a_text_may_hold_as_many_control_characters_as_the_threshold():
    body = "党" * 1000  # threshold max(2, len // 200): 5 for about 1000 characters
    assert text.decode_text(("\x01" * 5 + body).encode("utf-8")).endswith(body)
    with pytest.raises(ExtractError):
        text.decode_text(("\x01" * 6 + body).encode("utf-8"))


def test_a_word_document_without_text_is_refused_as_such():
    from docx import Document

    buffer = io.BytesIO()
    Document().save(buffer)
    with pytest.raises(ExtractError, match="no text in the document"):
        docx.extract(buffer.getvalue(), Limits())


def _one_line_pdf(line: str) -> bytes:
    from reportlab.pdfgen import canvas

    samples._register_font()
    buffer = io.BytesIO()
    drawing = canvas.Canvas(buffer, pagesize=samples.A4, invariant=1)
    drawing.setFont(samples.FONT, 14)
    drawing.drawString(72, 700, line)
    drawing.showPage()
    drawing.save()
    return buffer.getvalue()


@pytest.mark.parametrize("code", [0xD800, 0xDFFF])
def test_half_a_surrogate_pair_from_the_text_layer_is_dropped(monkeypatch, code):
    pytest.importorskip("reportlab")
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(_one_line_pdf("党建引领基层治理"))
    real = pdf.pdfium_c.FPDFText_GetUnicode

    def unicode_of(textpage, index):  # the text layer says 引 is a lone surrogate
        value = real(textpage, index)
        return code if value == ord("引") else value

    monkeypatch.setattr(pdf.pdfium_c, "FPDFText_GetUnicode", unicode_of)
    try:
        lines = pdf.page_lines(document[0])
    finally:
        document.close()
    assert "".join(line.text for line in lines).replace(" ", "") == "党建领基层治理"


def test_the_extraction_cache_forgets_results_read_under_other_limits(tmp_path):
    cache = ExtractCache(tmp_path)
    data = b"%PDF-1.7 not really"
    cache.put("pdf", data, Limits(), ExtractError("PDF 文件已损坏，无法打开 (corrupt PDF)"))
    assert isinstance(cache.get("pdf", data, Limits()), ExtractError)
    assert cache.get("pdf", data, Limits(max_pdf_pages=10)) is None


def test_a_weak_candidate_earlier_on_the_page_does_not_hide_the_clear_continuation():
    """by vocabulary: the section sharing clearly most words wins wherever it stands; a
    header-less paragraph at the top that shares one word is no rival."""
    page = "清晨，社区广场上有人打太极拳、跳广场舞，也有人读书。\n\n" + APPLES_AND_BOOKS
    morning, apples, books = parse_page(page)
    assert morning.paragraphs == ["清晨，社区广场上有人打太极拳、跳广场舞，也有人读书。"]
    assert books.title == "书香 满街巷"
    assert "今年以来，北湖街道在各社区开展“全民读书月活动，北湖街道图书馆组织居民读书，" \
           "图书馆里坐满了读书的居民。" in books.paragraphs
