"""PDF extraction edges (retrieval/corpus/formats/pdf.py): a character whose type size
the text layer does not give is sized by its box, and the document title property is
kept up to 60 characters."""

from __future__ import annotations

import io

import pytest
from support import formats_samples as samples

from retrieval.corpus.formats import Limits, pdf

pytest.importorskip("reportlab")

LINE = "党建引领基层治理见到了实效"  # 13 characters: a text page, no scan


def _one_line_pdf(title: str | None = None) -> bytes:
    from reportlab.pdfgen import canvas

    samples._register_font()
    buffer = io.BytesIO()
    drawing = canvas.Canvas(buffer, pagesize=samples.A4, invariant=1)
    if title is not None:
        drawing.setTitle(title)
    drawing.setFont(samples.FONT, 14)
    drawing.drawString(72, 700, LINE)
    drawing.showPage()
    drawing.save()
    return buffer.getvalue()


def test_a_character_without_a_usable_type_size_is_sized_by_its_box(monkeypatch):
    import pypdfium2 as pdfium

    monkeypatch.setattr(pdf.pdfium_c, "FPDFText_GetFontSize", lambda textpage, index: 0.0)
    document = pdfium.PdfDocument(_one_line_pdf())
    try:
        [line] = pdf.page_lines(document[0])
    finally:
        document.close()
    assert line.text.replace(" ", "") == LINE
    assert abs(line.size - (line.bottom - line.top)) < 1.0  # about 14 pt, the box's height


def test_a_document_title_of_60_characters_is_kept_and_a_longer_one_dropped():
    title = "党建" * 30
    assert pdf.extract(_one_line_pdf(title), Limits()).title == title
    assert pdf.extract(_one_line_pdf(title + "党"), Limits()).title == ""
