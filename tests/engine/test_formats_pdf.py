"""PDF: a shipped page laid out as a real newspaper PDF (reportlab, shuffled content
stream, unequal columns, headlines over the columns, sentences across column breaks)
must give the parser what the text file gives it; bad PDFs are refused with a reason."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import formats_samples as samples

from retrieval.corpus import formats
from retrieval.corpus.formats import ExtractCache, ExtractError, Limits, isolate, ocr
from retrieval.corpus.formats.base import TransientExtractError
from retrieval.corpus.loader import load_corpus, parse_document, read_document

PAGE = "002_65741c68368d13e7.txt"
pytest.importorskip("reportlab")


@pytest.fixture(scope="module")
def page_pdf() -> bytes:
    return samples.newspaper_pdf(PAGE)  # A3, two pages


@pytest.fixture(scope="module")
def text_articles():
    return parse_document(PAGE, (samples.REPO / "corpus" / PAGE).read_bytes())


def test_pdf_page_gives_what_the_text_file_gives(page_pdf, text_articles):
    document = read_document("page.pdf", page_pdf)
    assert document.extracted.source_format == "pdf" and document.extracted.pages == 2
    expected = [samples.norm(p) for a in text_articles for p in a.paragraphs]
    assert samples.paragraph_recall(expected, document.articles) >= 0.95
    # against the hand-made gold: at least what the text file reaches, less 2 points
    gold = samples.gold_paragraphs(PAGE)
    assert samples.paragraph_recall(gold, document.articles) >= \
        samples.paragraph_recall(gold, text_articles) - 0.02
    titles = [t for t in samples.gold_titles(PAGE)
              if t in {samples.norm(a.title) for a in text_articles}]
    assert samples.title_recall(titles, document.articles) == 1.0
    by_title = {samples.norm(a.title): a for a in document.articles}
    lead = by_title[samples.norm("为改革创新者撑腰 为实干争先者鼓劲 "
                                 "精准发力 打出激励干部担当作为“组合拳”")]
    assert lead.byline == "本报记者 宋爽 通讯员 李晓龙" and lead.column == "初心如磐"


def test_extraction_is_cached_by_content(page_pdf, tmp_path: Path, monkeypatch):
    cache = ExtractCache(tmp_path / "extract")
    first = formats.extract("a.pdf", page_pdf, cache=cache)
    [entry] = (tmp_path / "extract").iterdir()
    assert entry.name.endswith(".pdf.json") and entry.stat().st_mode & 0o777 == 0o644

    def no_child(*args, **kwargs):
        raise AssertionError("extracted again")

    monkeypatch.setattr(isolate, "run", no_child)
    assert formats.extract("renamed.pdf", page_pdf, cache=cache) == first  # same bytes
    entry.write_text("{not json", encoding="utf-8")  # a damaged entry is a miss
    with pytest.raises(AssertionError, match="extracted again"):
        formats.extract("a.pdf", page_pdf, cache=cache)


def test_uploads_folder_pdf_loads_after_shipped_pages_and_is_cached(page_pdf, tmp_path: Path):
    shipped, uploads, cache = tmp_path / "corpus", tmp_path / "uploads", tmp_path / "extract"
    shipped.mkdir()
    uploads.mkdir()
    (shipped / "a.txt").write_text("好文章\n\n这是正文。\n", encoding="utf-8")
    (uploads / "page.pdf").write_bytes(page_pdf)
    (uploads / "locked.pdf").write_bytes(samples.encrypted_pdf())
    load = load_corpus(shipped, uploads, cache_dir=cache)
    assert load.report.loaded == ("a.txt", "uploads/page.pdf")
    assert [s.path for s in load.report.skipped] == ["uploads/locked.pdf"]
    assert load.articles[0].source == "a.txt" and load.articles[1].source == "uploads/page.pdf"
    assert len(list(cache.iterdir())) == 2  # the failure is remembered too
    assert load_corpus(shipped, uploads, cache_dir=cache).articles == load.articles
    assert (uploads / "page.pdf").read_bytes() == page_pdf  # the original is kept as is


# ------------------------------------------------------------------------ bad input


def reason(name: str, data: bytes, **limits) -> str:
    with pytest.raises(ExtractError) as caught:
        formats.extract(name, data, Limits(**limits))
    text = str(caught.value)
    assert "\n" not in text and len(text) < 200  # one line for the admin
    return text


def test_encrypted_pdf():
    assert "密码" in reason("a.pdf", samples.encrypted_pdf())


def test_corrupt_pdf(page_pdf):
    assert "损坏" in reason("a.pdf", b"%PDF-1.7\n" + b"\x00garbage" * 100)
    assert "损坏" in reason("a.pdf", page_pdf[: len(page_pdf) // 3])


def test_pdf_over_the_page_limit(page_pdf):
    assert "超过上限 1 页" in reason("a.pdf", page_pdf, max_pdf_pages=1)


def test_pdf_over_the_size_limit(page_pdf):
    assert "文件太大" in reason("a.pdf", page_pdf, max_document_bytes=1000)


def test_extension_that_lies(page_pdf):
    assert "与扩展名 .docx 不符" in reason("a.docx", page_pdf)
    assert "binary" in reason("a.txt", page_pdf)
    assert "与扩展名 .pdf 不符" in reason("a.pdf", "只是一段文字。".encode())


@pytest.mark.skipif(ocr.available(), reason="with OCR installed the scan is recognised")
def test_scanned_pdf_without_ocr_says_how_to_enable_it():
    png = samples.text_image(["扫描"]) if samples.cjk_font() else _blank_png()
    text = reason("scan.pdf", samples.image_only_pdf(png))
    assert "没有文字层" in text and 'pip install -e ".[ocr]"' in text


def _blank_png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (200, 200), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def test_extraction_never_outlives_its_time_limit(page_pdf):
    # without the limit the extraction would succeed: the error is the limit at work
    with pytest.raises(TransientExtractError, match="已放弃"):
        formats.extract("a.pdf", page_pdf, Limits(timeout_s=0.05, ocr_timeout_s=0.05))


def test_a_memory_cap_failure_is_a_reason_not_a_crash(page_pdf):
    """So little memory that the PDF library cannot even load: a transient reason."""
    with pytest.raises(TransientExtractError, match="内存|无法加载"):
        formats.extract("a.pdf", page_pdf, Limits(memory_bytes=24 * 1024 * 1024))


def test_timeouts_are_not_cached(page_pdf, tmp_path: Path):
    cache = ExtractCache(tmp_path)
    with pytest.raises(TransientExtractError):
        formats.extract("a.pdf", page_pdf, Limits(timeout_s=0.05, ocr_timeout_s=0.05), cache=cache)
    assert list(tmp_path.iterdir()) == []
