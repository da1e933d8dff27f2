"""PDF: the text layer, read in reading order by its geometry (layout.py).

pypdfium2 (PDFium, the PDF engine of Chromium) gives every character with its box and
type size; columns, headlines and paragraphs are rebuilt from those, since a
newspaper PDF's content stream order is often not the reading order. Pages without a
text layer (scans) are recognised by OCR when the optional OCR extra is installed.
Runs in the extraction process (isolate.py), never in the bot's own.
"""

from __future__ import annotations

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from retrieval.corpus.formats import layout, ocr
from retrieval.corpus.formats.base import ExtractedText, ExtractError, Limits

MIN_PAGE_CHARS = 10  # fewer characters than this: the page is a scan (or a picture)
OCR_SCALE = 200 / 72  # render scans at 200 dpi for OCR
_PASSWORD = 4  # FPDF_ERR_PASSWORD


def extract(data: bytes, limits: Limits) -> ExtractedText:
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == _PASSWORD:
            raise ExtractError("PDF 有密码保护，请上传未加密的文件 (encrypted PDF)") from None
        raise ExtractError("PDF 文件已损坏，无法打开 (corrupt PDF)") from None
    try:
        count = len(document)
        if count == 0:
            raise ExtractError("PDF 没有页面 (PDF has no pages)")
        if count > limits.max_pdf_pages:
            raise ExtractError(f"PDF 有 {count} 页，超过上限 {limits.max_pdf_pages} 页 "
                               f"(more than {limits.max_pdf_pages} pages)")
        pages, scanned = [], []
        recogniser = ocr.Recogniser() if ocr.available() else None
        for index in range(count):
            page = document[index]
            lines = page_lines(page)
            if sum(len(line.text) for line in lines) < MIN_PAGE_CHARS:
                scanned.append(index)
                if recogniser is not None:
                    lines = _recognise(page, recogniser, limits)
            pages.append(lines)
        if len(scanned) == count and not ocr.available():
            raise ExtractError("PDF 没有文字层（扫描件）；" + ocr.HOW_TO_ENABLE
                               + " (no text layer: a scan)")
        title = (document.get_metadata_dict().get("Title") or "").strip()
    finally:
        document.close()
    text = layout.page_text(pages)
    if not text.strip():
        raise ExtractError("PDF 里没有找到文字 (no text in the PDF)")
    # The document title is often a file name or a template's; used only as a last resort.
    return ExtractedText(text=text, source_format="pdf", pages=count,
                         ocr=bool(scanned) and ocr.available(), title=_plausible(title))


def page_lines(page: pdfium.PdfPage) -> list[layout.Line]:
    """The page's characters -> lines, in top-down coordinates."""
    height = page.get_height()
    textpage = page.get_textpage()
    glyphs = []
    for index in range(textpage.count_chars()):
        if pdfium_c.FPDFText_IsGenerated(textpage.raw, index):
            continue  # a space or line break PDFium inferred; geometry decides those
        code = pdfium_c.FPDFText_GetUnicode(textpage.raw, index)
        if code in (0, 0xFFFE, 0xFFFF) or 0xD800 <= code <= 0xDFFF:
            continue
        left, bottom, right, top = textpage.get_charbox(index, loose=True)
        size = pdfium_c.FPDFText_GetFontSize(textpage.raw, index)
        if not 0 < size < 500:
            size = top - bottom
        glyphs.append(layout.Glyph(chr(code), left, height - top, right, height - bottom, size))
    return layout.build_lines(glyphs)


def _recognise(page: pdfium.PdfPage, recogniser: ocr.Recogniser,
               limits: Limits) -> list[layout.Line]:
    width, height = page.get_size()
    scale = min(OCR_SCALE, (limits.max_image_pixels / max(width * height, 1)) ** 0.5)
    image = page.render(scale=scale).to_pil()
    return [layout.Line(line.text, line.x0 / scale, line.top / scale, line.x1 / scale,
                        line.bottom / scale, line.size / scale)
            for line in recogniser.lines(image)]


def _plausible(title: str) -> str:
    lowered = title.lower()
    if len(title) > 60 or lowered.endswith((".doc", ".docx", ".indd", ".pdf", ".txt")):
        return ""
    if lowered in ("untitled", "无标题", "microsoft word"):
        return ""
    return title
