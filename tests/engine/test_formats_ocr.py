"""OCR (optional extra): a page image rendered here is read back; so is a scanned PDF.
Skipped when rapidocr-onnxruntime (pip install -e ".[ocr]") or a CJK font is missing."""

from __future__ import annotations

import pytest
from support import formats_samples as samples

from retrieval.corpus import formats
from retrieval.corpus.formats import ExtractError, ocr

pytestmark = [
    pytest.mark.skipif(not ocr.available(), reason='OCR not installed: pip install -e ".[ocr]"'),
    pytest.mark.skipif(samples.cjk_font() is None, reason="no CJK font to render a page image"),
]
PAGE = "002_65741c68368d13e7.txt"
LINES = [text for _, text in samples.roles(PAGE)][:6]  # column, headline, byline, body


def test_photo_of_a_page_is_recognised():
    extracted = formats.extract("photo.png", samples.text_image(LINES, width=640, size=24))
    assert extracted.source_format == "image" and extracted.ocr
    assert samples.char_accuracy("".join(LINES), extracted.text) >= 0.9


def test_scanned_pdf_is_recognised():
    scan = samples.image_only_pdf(samples.text_image(LINES[:3], width=640, size=24))
    extracted = formats.extract("scan.pdf", scan)
    assert extracted.ocr and extracted.pages == 1
    assert samples.char_accuracy("".join(LINES[:3]), extracted.text) >= 0.8


def test_image_over_the_pixel_limit():
    with pytest.raises(ExtractError, match="图片太大"):
        formats.extract("big.png", samples.text_image(LINES[:1]),
                        formats.Limits(max_image_pixels=1000))
