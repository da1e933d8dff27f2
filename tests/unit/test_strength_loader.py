"""retrieval.corpus.loader in tmp_path: which files a folder holds, the metadata that fills
in, uploads after the shipped pages (and not twice when they are one folder), global
article and paragraph ids, skipped files with their reasons, and the configured limits.

PYTEST_DONT_REWRITE: plain asserts, so that collecting this file stays cheap (the unit
layer's time budget); a failure still shows the failing line.
"""

from __future__ import annotations

import pytest

from retrieval.config import RetrievalConfig
from retrieval.corpus import loader
from retrieval.corpus.errors import CorpusFileError
from retrieval.corpus.formats import ExtractedText
from retrieval.models import Heading, Paragraph, SkippedFile

PAGE = "红山村苹果丰收\n\n□本报记者 甲\n\n果园里的苹果熟了。\n\n小标题\n\n合作社帮助销售。\n"
TWO = "标题一\n\n□记者 乙\n\n第一篇正文。\n\n◎观潮\n\n标题二\n\n第二篇正文。\n"


def test_corpus_files_are_sorted_documents_without_hidden_or_other_files(tmp_path):
    for name in ("b.txt", "a.MD", ".hidden.txt", "notes.csv", "c.pdf", "d.docx", "e.html"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / "dir.txt").mkdir()
    assert [p.name for p in loader.corpus_files(tmp_path)] == [
        "a.MD",
        "b.txt",
        "c.pdf",
        "d.docx",
        "e.html",
    ]
    assert loader.corpus_files(tmp_path / "missing") == []
    (tmp_path / "file").write_text("x")
    assert loader.corpus_files(tmp_path / "file") == []


def test_articles_from_the_page_with_metadata_filling_in():
    extracted = ExtractedText(TWO, "txt", title="元数据标题", byline="元记者", column="元栏目")
    first, second = loader.articles_from("p.txt", extracted)
    assert (first.id, first.title, first.byline, first.column, first.source) == (
        0,
        "元数据标题",
        "记者 乙",
        "元栏目",
        "p.txt",
    )
    assert (second.id, second.title, second.byline, second.column) == (
        1,
        "标题二",
        "元记者",
        "观潮",
    )
    assert first.paragraphs == ("第一篇正文。",) and first.kind == "article"
    plain = loader.articles_from("p.txt", ExtractedText(TWO, "txt"))
    assert plain[0].title == "标题一" and plain[1].byline == "" and plain[0].column == ""


def test_headings_become_heading_records():
    (article,) = loader.articles_from("p.txt", ExtractedText(PAGE, "txt"))
    assert article.headings == (Heading("小标题", 1),)
    assert article.paragraphs == ("果园里的苹果熟了。", "合作社帮助销售。")


def test_a_page_without_text_is_an_error():
    with pytest.raises(CorpusFileError, match="no article text"):
        loader.articles_from("p.txt", ExtractedText("", "txt"))
    with pytest.raises(CorpusFileError, match="no article text"):
        loader.parse_document("p.txt", "□本报记者 甲\n".encode())


def test_read_and_parse_document():
    document = loader.read_document("p.txt", PAGE.encode("utf-8"))
    assert document.extracted.source_format == "txt"
    assert [a.title for a in document.articles] == ["红山村苹果丰收"]
    assert loader.parse_document("p.txt", PAGE.encode()) == document.articles


def test_front_matter_gives_the_first_title():
    data = ("---\ntitle: 前言标题\n---\n" + PAGE).encode("utf-8")
    articles = loader.parse_document("p.md", data)
    assert articles[0].title == "前言标题"


def test_parse_upload_refuses_unknown_types():
    with pytest.raises(CorpusFileError, match="unsupported file type"):
        loader.parse_upload("x.exe", b"data")
    assert loader.parse_upload("x.txt", PAGE.encode())[0].title == "红山村苹果丰收"


def test_load_corpus_numbers_articles_and_paragraphs_across_files(tmp_path):
    corpus, uploads = tmp_path / "corpus", tmp_path / "uploads"
    corpus.mkdir()
    uploads.mkdir()
    (corpus / "b.txt").write_text(TWO, encoding="utf-8")
    (corpus / "a.txt").write_text(PAGE, encoding="utf-8")
    (corpus / "bad.txt").write_text("□本报记者 甲\n", encoding="utf-8")
    (uploads / "a.txt").write_text("上传的标题\n\n上传的正文。\n", encoding="utf-8")
    load = loader.load_corpus(corpus, uploads)
    assert load.report.loaded == ("a.txt", "b.txt", "uploads/a.txt")
    assert load.report.skipped == (SkippedFile("bad.txt", "没有找到正文 (no article text found)"),)
    assert [(a.id, a.source, a.title) for a in load.articles] == [
        (0, "a.txt", "红山村苹果丰收"),
        (1, "b.txt", "标题一"),
        (2, "b.txt", "标题二"),
        (3, "uploads/a.txt", "上传的标题"),
    ]
    assert load.paragraphs == (
        Paragraph(0, 0, 0, "果园里的苹果熟了。"),
        Paragraph(1, 0, 1, "合作社帮助销售。"),
        Paragraph(2, 1, 0, "第一篇正文。"),
        Paragraph(3, 2, 0, "第二篇正文。"),
        Paragraph(4, 3, 0, "上传的正文。"),
    )
    assert load.files == (
        ("a.txt", PAGE.encode()),
        ("b.txt", TWO.encode()),
        ("uploads/a.txt", "上传的标题\n\n上传的正文。\n".encode()),
    )


def test_uploads_in_the_corpus_folder_are_read_once(tmp_path):
    (tmp_path / "a.txt").write_text(PAGE, encoding="utf-8")
    load = loader.load_corpus(tmp_path, tmp_path)
    assert load.report.loaded == ("a.txt",)
    assert loader.load_corpus(tmp_path).report.loaded == ("a.txt",)
    assert loader._same_folder(tmp_path, tmp_path / ".")
    assert not loader._same_folder(tmp_path, tmp_path / "other")


def test_an_unreadable_file_is_skipped_with_the_reason(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(PAGE, encoding="utf-8")
    real = loader.Path.read_bytes

    def read_bytes(self):
        if self.name == "a.txt":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(loader.Path, "read_bytes", read_bytes)
    load = loader.load_corpus(tmp_path)
    assert load.report.skipped == (
        SkippedFile("a.txt", "无法读取 (cannot read: Permission denied)"),
    )
    assert load.report.loaded == ("b.txt",) and load.articles[0].id == 0


def test_number_articles():
    first = loader.articles_from("a", ExtractedText(TWO, "txt"))
    second = loader.articles_from("b", ExtractedText(PAGE, "txt"))
    articles, paragraphs = loader.number_articles([first, [], second])
    assert [a.id for a in articles] == [0, 1, 2]
    assert [(p.id, p.article_id, p.position) for p in paragraphs] == [
        (0, 0, 0),
        (1, 1, 0),
        (2, 2, 0),
        (3, 2, 1),
    ]
    assert loader.number_articles([]) == ((), ())


def test_limits_and_the_configured_corpus(tmp_path):
    config = RetrievalConfig(
        corpus_dir=tmp_path / "c",
        uploads_dir=tmp_path / "u",
        cache_dir=tmp_path / "cache" / "index",
        max_upload_bytes=1234,
        max_document_bytes=5678,
        max_pdf_pages=9,
    )
    limits = loader.limits_for(config)
    assert (limits.max_text_bytes, limits.max_document_bytes, limits.max_pdf_pages) == (
        1234,
        5678,
        9,
    )
    (tmp_path / "c").mkdir()
    (tmp_path / "u").mkdir()
    (tmp_path / "c" / "a.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "u" / "b.txt").write_text(PAGE, encoding="utf-8")
    load = loader.load_corpus_for(config)
    assert load.report.loaded == ("a.txt", "uploads/b.txt")
    assert config.extract_dir == tmp_path / "cache" / "extract"
    big = tmp_path / "c" / "big.txt"
    big.write_text(PAGE * 200, encoding="utf-8")
    load = loader.load_corpus_for(config)
    assert [s.path for s in load.report.skipped] == ["big.txt"]
