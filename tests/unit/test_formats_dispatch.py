"""One entry point for every format: suffixes, limits, magic bytes, the cache format."""

from __future__ import annotations

import pytest
from support import formats_samples as samples

from bot import storage
from retrieval.corpus import formats
from retrieval.corpus.formats import ExtractedText, ExtractError, Limits, ocr
from retrieval.corpus.loader import CorpusFileError, parse_upload


@pytest.mark.parametrize("name, fmt", [
    ("a.TXT", "txt"), ("b.md", "md"), ("c.pdf", "pdf"), ("d.Docx", "docx"), ("e.htm", "html"),
    ("f.html", "html"), ("g.jpeg", "image"), ("h.txt.exe", None), ("noext", None), ("i.doc", None),
])
def test_format_from_the_last_extension(name, fmt):
    assert formats.format_of(name) == fmt
    assert (storage.allowed_suffix(name) is not None) == (fmt is not None)


def test_unsupported_file_says_what_is_accepted():
    with pytest.raises(CorpusFileError, match="PDF、DOCX、HTML"):
        parse_upload("notes.doc", b"\xd0\xcf\x11\xe0")
    with pytest.raises(ExtractError, match="unsupported"):
        formats.extract("a.exe", b"MZ")


def test_text_keeps_a_small_limit_and_documents_a_large_one():
    limits = Limits()
    assert formats.size_limit("txt", limits) == formats.size_limit("html", limits) == 2 * 1024 ** 2
    assert formats.size_limit("pdf", limits) == formats.size_limit("docx", limits) == 20 * 1024 ** 2
    with pytest.raises(ExtractError, match="文件太大"):
        formats.extract("a.txt", "字".encode() * 1000, Limits(max_text_bytes=1000))


@pytest.mark.skipif(ocr.available(), reason="OCR is installed")
def test_image_without_ocr_says_how_to_enable_it():
    with pytest.raises(ExtractError, match=r'pip install -e "\.\[ocr\]"'):
        formats.extract("photo.jpg", b"\xff\xd8\xff\xe0" + b"\0" * 100)


def test_image_extension_on_something_else():
    with pytest.raises(ExtractError, match="与扩展名 .png 不符"):
        formats.extract("photo.png", b"%PDF-1.4 not an image")


def test_markdown_front_matter_is_metadata():
    data = "---\ntitle: 题目\ndate: 2024-01-05\n---\n正文。\n".encode()
    extracted = formats.extract("a.md", data)
    assert (extracted.title, extracted.date, extracted.text) == ("题目", "2024-01-05", "正文。\n")


def test_extracted_text_round_trips_and_rejects_junk():
    original = ExtractedText("正文。\n", "pdf", title="题", pages=2, ocr=True)
    assert ExtractedText.from_json(original.to_json()) == original
    for junk in (None, [], {"text": 1}, {"text": "x", "pages": "2"}, {"text": "x", "ocr": 1}):
        with pytest.raises(ValueError):
            ExtractedText.from_json(junk)


def test_parse_upload_reads_every_format():
    [article] = parse_upload("a.docx", samples.article_docx())
    assert article.title == "云端议事厅让村民线上议事"
