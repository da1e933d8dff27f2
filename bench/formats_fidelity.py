"""Fidelity and speed of document extraction, and the libraries it was chosen against.

PDF: shipped pages with gold segmentation are laid out as newspaper PDFs (reportlab,
unequal columns, headlines over the columns, sentences across column breaks), with the
content stream in reading order and shuffled. Each candidate's text goes through the
same page parser; scored as verbatim paragraph recall against what the parser gives on
the page's .txt ("vs txt") and against the gold ("vs gold"), plus gold titles found.
Candidates missing from the environment are skipped: for the full comparison
    pip install pdfminer.six pdfplumber pypdf trafilatura
HTML: the page as a web page inside navigation, sidebar, comments, scripts, footer.
OCR (when the [ocr] extra and a CJK font are installed): character accuracy on a
rendered page image.

    python bench/formats_fidelity.py [--json] [--no-ocr]
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "unit"))

import formats_samples as samples  # noqa: E402

from retrieval.corpus import formats  # noqa: E402
from retrieval.corpus.formats import layout, ocr  # noqa: E402
from retrieval.corpus.loader import parse_document  # noqa: E402
from retrieval.corpus.page_parser import parse_page  # noqa: E402
from retrieval.models import Article  # noqa: E402

PAGES = ("000_2668ce89a97b4a1b.txt", "002_65741c68368d13e7.txt")


# ------------------------------------------------------------------ PDF candidates


def ours(data: bytes) -> str:
    return formats.extract("page.pdf", data).text


def pypdfium2_text(data: bytes) -> str:
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    return "\n".join(page.get_textpage().get_text_range() for page in document)


def pdfminer_text(data: bytes) -> str:
    from pdfminer.high_level import extract_text

    return extract_text(io.BytesIO(data))


def pdfminer_chars_with_our_layout(data: bytes) -> str:
    """pdfminer.six's characters through the same layout.py, to compare the char source."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTChar

    pages = []
    for page in extract_pages(io.BytesIO(data), laparams=LAParams()):
        glyphs: list[layout.Glyph] = []

        def walk(item, height=page.height, glyphs=glyphs) -> None:
            if isinstance(item, LTChar):
                glyphs.append(layout.Glyph(item.get_text(), item.x0, height - item.y1, item.x1,
                                           height - item.y0, item.size))
            elif hasattr(item, "__iter__"):
                for child in item:
                    walk(child)

        walk(page)
        pages.append(layout.build_lines(glyphs))
    return layout.page_text(pages)


def pdfplumber_text(data: bytes, **options) -> str:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(page.extract_text(**options) or "" for page in pdf.pages)


def pypdf_text(data: bytes, **options) -> str:
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text(**options) for page in reader.pages)


PDF_CANDIDATES: dict[str, Callable[[bytes], str]] = {
    "ours: pypdfium2 chars + layout.py": ours,
    "pdfminer.six chars + layout.py": pdfminer_chars_with_our_layout,
    "pypdfium2 get_text_range": pypdfium2_text,
    "pdfminer.six extract_text": pdfminer_text,
    "pdfplumber extract_text": pdfplumber_text,
    "pdfplumber extract_text(layout)": lambda d: pdfplumber_text(d, layout=True),
    "pypdf extract_text": pypdf_text,
    "pypdf extract_text(layout)": lambda d: pypdf_text(d, extraction_mode="layout"),
}


def articles(text: str) -> list[Article]:
    return [Article(0, d.title, d.column, d.byline, "x", tuple(d.paragraphs))
            for d in parse_page(text)]


def score(page: str, got: list[Article]) -> dict[str, float]:
    reference = parse_document(page, (ROOT / "corpus" / page).read_bytes())
    expected = [samples.norm(p) for a in reference for p in a.paragraphs]
    return {
        "vs_txt": round(samples.paragraph_recall(expected, got), 3),
        "vs_gold": round(samples.paragraph_recall(samples.gold_paragraphs(page), got), 3),
        "titles": round(samples.title_recall(samples.gold_titles(page), got), 3),
    }


def pdf_rows() -> list[dict]:
    rows = []
    for page in PAGES:
        rows.append({"candidate": ".txt page (reference)", "page": page, "stream": "-",
                     **score(page, parse_document(page, (ROOT / "corpus" / page).read_bytes()))})
        for stream in ("reading order", "shuffled"):
            data = samples.newspaper_pdf(page, shuffle=stream == "shuffled")
            for name, read in PDF_CANDIDATES.items():
                started = time.perf_counter()
                try:
                    text = read(data)
                except ImportError:
                    continue
                seconds = time.perf_counter() - started
                rows.append({"candidate": name, "page": page, "stream": stream,
                             **score(page, articles(text)), "seconds": round(seconds, 3)})
    return rows


def upload_timing() -> dict[str, float]:
    """A 2-page PDF (page 002 on A3) through parse_document, as an upload is checked."""
    data = samples.newspaper_pdf(PAGES[1])
    times = []
    for _ in range(3):
        started = time.perf_counter()
        parse_document("upload.pdf", data)
        times.append(time.perf_counter() - started)
    return {"pages": 2, "bytes": len(data), "best_s": round(min(times), 3),
            "worst_s": round(max(times), 3)}


# ------------------------------------------------------------------ HTML candidates


def ours_html(html: bytes) -> str:
    return formats.extract("page.html", html).text


def trafilatura_html(html: bytes) -> str:
    import trafilatura
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "10")
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")
    found = trafilatura.bare_extraction(html, include_comments=False, include_tables=True,
                                        with_metadata=True, deduplicate=False, config=config)
    return "\n\n".join("".join(e.itertext()) for e in found.body) if found else ""


HTML_CANDIDATES = {"ours: readability-lxml + blocks": ours_html, "trafilatura": trafilatura_html}
LEAKS = ("首页", "登录", "相关阅读", "网友", "版权所有", "红包", "tracker", "console")


def html_rows() -> list[dict]:
    rows = []
    for page in PAGES:
        html = samples.news_html(page)
        for name, read in HTML_CANDIDATES.items():
            started = time.perf_counter()
            try:
                text = read(html)
            except ImportError:
                continue
            seconds = time.perf_counter() - started
            rows.append({"candidate": name, "page": page, **score(page, articles(text)),
                         "leaked": [w for w in LEAKS if w in text], "seconds": round(seconds, 3)})
    return rows


# ------------------------------------------------------------------ OCR


def ocr_row() -> dict | None:
    if not ocr.available() or samples.cjk_font() is None:
        return None
    lines = [text for _, text in samples.roles(PAGES[1])][:12]
    image = samples.text_image(lines, width=640, size=24)
    started = time.perf_counter()
    text = formats.extract("photo.png", image).text
    return {"engine": "rapidocr-onnxruntime", "chars": len(samples.norm("".join(lines))),
            "char_accuracy": round(samples.char_accuracy("".join(lines), text), 4),
            "seconds": round(time.perf_counter() - started, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--no-ocr", action="store_true")
    args = parser.parse_args()
    result = {"pdf": pdf_rows(), "upload_2_page_pdf": upload_timing(), "html": html_rows(),
              "ocr": None if args.no_ocr else ocr_row()}
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return
    print(f"{'PDF candidate':36} {'page':5} {'stream':13} vs txt  vs gold  titles  seconds")
    for row in result["pdf"]:
        print(f"{row['candidate']:36} {row['page'][:3]:5} {row['stream']:13} {row['vs_txt']:6.3f}"
              f"  {row['vs_gold']:6.3f}  {row['titles']:6.3f}  {row.get('seconds', '')}")
    print("2-page PDF upload (extract + parse):", result["upload_2_page_pdf"])
    print(f"\n{'HTML candidate':36} {'page':5} vs txt  vs gold  titles  leaked  seconds")
    for row in result["html"]:
        print(f"{row['candidate']:36} {row['page'][:3]:5} {row['vs_txt']:6.3f}  "
              f"{row['vs_gold']:6.3f}  {row['titles']:6.3f}  {row['leaked'] or '-'}  "
              f"{row['seconds']}")
    print("\nOCR:", result["ocr"] or "not installed (pip install -e \".[ocr]\") or no CJK font")


if __name__ == "__main__":
    main()
