"""retrieval.corpus.loader.load_corpus and its helpers on folders in tmp_path: which files
are read and in what order, how uploads are named and numbered after the shipped pages,
what is skipped and why, and the limits taken from the config."""

from __future__ import annotations

from pathlib import Path

import pytest

from retrieval.config import RetrievalConfig
from retrieval.corpus.errors import CorpusFileError
from retrieval.corpus.loader import (
    UPLOADS_LABEL,
    corpus_files,
    limits_for,
    load_corpus,
    number_articles,
    parse_upload,
)
from retrieval.models import Article, Paragraph

PAGE = "{title}\n\n□本报记者 王明\n\n{body}\n"


def page(folder: Path, name: str, title: str, *bodies: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(PAGE.format(title=title, body="\n\n".join(bodies)),
                               encoding="utf-8")


def test_pages_then_uploads_in_name_order_with_global_ids(tmp_path):
    corpus, uploads = tmp_path / "corpus", tmp_path / "uploads"
    page(corpus, "001_b.txt", "第二篇文章的标题", "乙村修了一条路，村民出行方便了。")
    page(corpus, "000_a.txt", "第一篇文章的标题", "甲村开了议事会，大家说了算。",
         "议事会每月开一次，解决了很多问题。")
    page(uploads, "000_a.txt", "上传文章的标题", "丙村办起了夜校，村民学技术。")
    (corpus / ".hidden.txt").write_text("x", encoding="utf-8")
    (corpus / "notes.csv").write_text("x", encoding="utf-8")
    (corpus / "sub.txt").mkdir()
    load = load_corpus(corpus, uploads)
    assert load.report.loaded == ("000_a.txt", "001_b.txt", f"{UPLOADS_LABEL}/000_a.txt")
    assert UPLOADS_LABEL == "uploads" and load.report.skipped == ()
    assert [(a.id, a.title, a.source) for a in load.articles] == [
        (0, "第一篇文章的标题", "000_a.txt"), (1, "第二篇文章的标题", "001_b.txt"),
        (2, "上传文章的标题", "uploads/000_a.txt")]
    assert [(p.id, p.article_id, p.position) for p in load.paragraphs] == [
        (0, 0, 0), (1, 0, 1), (2, 1, 0), (3, 2, 0)]
    assert load.paragraphs[1].text == "议事会每月开一次，解决了很多问题。"
    assert [name for name, _ in load.files] == list(load.report.loaded)
    assert load.files[0][1] == (corpus / "000_a.txt").read_bytes()


def test_uploads_in_the_corpus_folder_itself_are_not_read_twice(tmp_path):
    corpus = tmp_path / "corpus"
    page(corpus, "000_a.txt", "第一篇文章的标题", "甲村开了议事会，大家说了算。")
    assert load_corpus(corpus, corpus).report.loaded == ("000_a.txt",)
    assert load_corpus(corpus, tmp_path / "corpus" / ".." / "corpus").report.loaded == (
        "000_a.txt",)
    assert load_corpus(corpus, tmp_path / "none").report.loaded == ("000_a.txt",)
    assert load_corpus(corpus).report.loaded == ("000_a.txt",)
    empty = load_corpus(tmp_path / "missing")
    assert (empty.articles, empty.paragraphs, empty.report.loaded, empty.files) == ((), (), (), ())


def test_bad_files_are_skipped_with_their_reason_and_the_rest_load(tmp_path):
    corpus = tmp_path / "corpus"
    page(corpus, "001_ok.txt", "好文章的标题在这里", "甲村开了议事会，大家说了算。")
    (corpus / "000_empty.txt").write_text("   \n", encoding="utf-8")
    (corpus / "002_big.txt").write_text("长" * 200, encoding="utf-8")
    load = load_corpus(corpus, limits=limits_for(RetrievalConfig(max_upload_bytes=300)))
    assert load.report.loaded == ("001_ok.txt",)
    assert [s.path for s in load.report.skipped] == ["000_empty.txt", "002_big.txt"]
    assert all(s.reason for s in load.report.skipped)
    assert [a.id for a in load.articles] == [0]
    unreadable = corpus / "003_link.txt"
    unreadable.symlink_to(tmp_path / "nowhere.txt")
    assert unreadable not in corpus_files(corpus)  # a dangling link is no file
    assert corpus_files(corpus) == [corpus / "000_empty.txt", corpus / "001_ok.txt",
                                    corpus / "002_big.txt"]
    assert "003_link.txt" not in load_corpus(corpus).report.loaded


def test_number_articles_renumbers_every_group_in_order():
    a = Article(5, "甲", "", "", "a.txt", ("一", "二"))
    b = Article(0, "乙", "", "", "b.txt", ())
    c = Article(0, "丙", "", "", "b.txt", ("三",))
    articles, paragraphs = number_articles([[a], [b, c]])
    assert [x.id for x in articles] == [0, 1, 2] and articles[0].title == "甲"
    assert paragraphs == (Paragraph(0, 0, 0, "一"), Paragraph(1, 0, 1, "二"),
                          Paragraph(2, 2, 0, "三"))
    assert number_articles([]) == ((), ())


def test_limits_for_and_parse_upload():
    limits = limits_for(RetrievalConfig(max_upload_bytes=10, max_document_bytes=20,
                                        max_pdf_pages=3))
    assert (limits.max_text_bytes, limits.max_document_bytes, limits.max_pdf_pages) == (
        10, 20, 3)
    with pytest.raises(CorpusFileError, match="unsupported file type"):
        parse_upload("a.exe", b"x")
    articles = parse_upload("a.txt", PAGE.format(title="上传文章的标题",
                                                 body="丙村办起了夜校，村民学技术。").encode())
    assert [(a.title, a.source) for a in articles] == [("上传文章的标题", "a.txt")]


MD = ("---\ntitle: 元数据标题\ncolumn: 元栏目\nbyline: 元作者\n---\n\n"
      "正文的第一篇标题\n\n甲村开了议事会，大家说了算，解决了很多问题。\n\n"
      "◎基层治理\n\n第二篇文章的标题\n\n□本报记者 李华\n\n乙村修了一条路，村民出行方便了。\n")


def test_metadata_fills_the_first_title_and_what_the_page_leaves_out():
    first, second = parse_upload("a.md", MD.encode("utf-8"))
    assert (first.title, first.column, first.byline) == ("元数据标题", "元栏目", "元作者")
    assert first.paragraphs == ("甲村开了议事会，大家说了算，解决了很多问题。",)
    assert (second.title, second.column, second.byline) == (
        "第二篇文章的标题", "基层治理", "本报记者 李华")
    assert (first.source, second.source, first.id, second.id) == ("a.md", "a.md", 0, 1)


@pytest.mark.parametrize("text", ["◎基层治理\n", "本报记者 王明\n", "1\n"])
def test_a_page_without_article_text_is_refused(text):
    with pytest.raises(CorpusFileError, match=r"^没有找到正文 \(no article text found\)$"):
        parse_upload("a.txt", text.encode("utf-8"))


def test_parse_upload_names_the_accepted_types():
    with pytest.raises(CorpusFileError) as error:
        parse_upload("a.exe", b"x")
    assert str(error.value).startswith("只接受 .txt .md .pdf .docx .html 文件（")
    assert str(error.value).endswith("(unsupported file type)")


def test_a_file_that_cannot_be_read_is_skipped_with_the_reason(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    page(corpus, "000_a.txt", "第一篇文章的标题", "甲村开了议事会，大家说了算。")
    page(corpus, "001_b.txt", "第二篇文章的标题", "乙村修了一条路，村民出行方便了。")
    read_bytes = Path.read_bytes

    def failing(self: Path) -> bytes:
        if self.name == "000_a.txt":
            raise PermissionError(13, "Permission denied")
        return read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", failing)
    load = load_corpus(corpus)
    assert load.report.loaded == ("001_b.txt",)
    assert [(s.path, s.reason) for s in load.report.skipped] == [
        ("000_a.txt", "无法读取 (cannot read: Permission denied)")]
    assert [a.id for a in load.articles] == [0]


def test_folders_that_cannot_be_resolved_are_taken_as_different(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    page(corpus, "000_a.txt", "第一篇文章的标题", "甲村开了议事会，大家说了算。")

    def unresolvable(self: Path, strict: bool = False) -> Path:
        raise OSError("too many levels of symbolic links")

    monkeypatch.setattr(Path, "resolve", unresolvable)
    assert load_corpus(corpus, corpus).report.loaded == ("000_a.txt", "uploads/000_a.txt")
