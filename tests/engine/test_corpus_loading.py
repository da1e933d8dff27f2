"""Facts of the real pages that the parser must get right."""

from __future__ import annotations

import pytest

from retrieval.corpus.loader import CorpusFileError, load_corpus, parse_document, parse_upload


@pytest.fixture(scope="module")
def corpus(engine_corpus):
    return load_corpus(engine_corpus)


def test_all_five_pages_load(corpus):
    assert len(corpus.report.loaded) == 5
    assert corpus.report.skipped == ()
    assert len(corpus.articles) > 40


def test_bench_council_article_metadata(corpus):
    article = next(a for a in corpus.articles if "板凳议事会" in a.title)
    assert article.title == "“板凳议事会” 问题现场办"
    assert "宋爽" in article.byline
    assert article.source.startswith("001_")
    # its own headline and byline, no marker of its own: the column above is not its column
    assert article.column == ""


@pytest.mark.parametrize("start, end", [
    ("由社区干部任", "组长，几名党员和居民代表为成员"),
    ("采取单独建、联", "合建、挂靠建"),
    ("15个市直部", "门单位的党组织书记"),
])
def test_layout_breaks_are_repaired(corpus, start, end):
    joined = [p.text for p in corpus.paragraphs if start + end[:2] in p.text]
    assert joined, f"{start!r} + {end!r} should be one paragraph"
    assert end in joined[0]


def test_no_paragraph_is_title_byline_or_column(corpus):
    titles = {a.title for a in corpus.articles}
    for paragraph in corpus.paragraphs:
        text = paragraph.text
        assert text not in titles
        assert not text.startswith(("□", "◎", "●", "◆", "★", "——"))
        assert text not in {"广角", "知行合一", "掠影", "初心如磐", "北疆党旗红", "每周一学"}
        assert not text.endswith(" 摄")


def test_photo_brief_and_quote_items_are_their_own_articles(corpus):
    kinds = {a.kind for a in corpus.articles}
    assert {"article", "photo", "brief", "quote"} <= kinds
    photo = next(a for a in corpus.articles if a.title == "祝福祖国")
    assert photo.kind == "photo" and photo.byline == "崔超 摄"
    brief = next(a for a in corpus.articles if a.kind == "brief" and "牙克石" in a.paragraphs[0])
    assert brief.byline == "本报记者 宋爽" and len(brief.paragraphs) == 1
    quote = next(a for a in corpus.articles if a.kind == "quote")
    assert quote.column == "每周一学" and "习近平" in quote.byline


def test_title_after_byline_and_two_line_titles(corpus):
    titles = {a.title for a in corpus.articles}
    assert "文明新风拂遍青城大地" in titles  # the page puts it after the byline
    assert "建设乡村“幸福路” 铺就致富“快车道”" in titles  # two lines, one title


def test_uploaded_article_with_front_matter():
    data = ("---\ntitle: 测试文章\nbyline: 本报记者 某某\n---\n"
            "第一段内容。\n\n第二段在排版时，被分成\n\n两块了。\n").encode()
    [article] = parse_upload("new.md", data)
    assert article.title == "测试文章"
    assert article.byline == "本报记者 某某"
    assert article.paragraphs == ("第一段内容。", "第二段在排版时，被分成两块了。")


@pytest.mark.parametrize("name, data, reason", [
    ("empty.txt", b"", "空"),
    ("blank.txt", b"  \n\n ", "空"),
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", "binary"),
    ("control.txt", bytes(range(1, 32)) * 20, "binary"),
    ("latin1.txt", "caf\xe9 ".encode("latin-1") * 3 + b"\xff\xfe\xfd", "编码"),
    ("bad.yaml.md", b"---\ntitle: [unclosed\n---\nbody text.\n", "YAML"),
    ("prog.exe", "正文。".encode(), ".txt"),
])
def test_bad_files_get_a_clear_reason(name, data, reason):
    with pytest.raises(CorpusFileError, match=reason.replace(".", r"\.")):
        parse_upload(name, data)


def test_gb18030_and_bom_are_decoded():
    text = "红色物业是一项工作。"
    assert parse_document("g.txt", text.encode("gb18030"))[0].paragraphs == (text,)
    assert parse_document("b.txt", b"\xef\xbb\xbf" + text.encode())[0].paragraphs == (text,)


def test_bad_file_is_skipped_and_others_load(tmp_path):
    (tmp_path / "a.txt").write_text("好文章\n\n这是正文。\n", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "c.md").write_bytes(b"")
    (tmp_path / "notes.csv").write_text("ignored", encoding="utf-8")
    load = load_corpus(tmp_path)
    assert load.report.loaded == ("a.txt",)
    assert {s.path for s in load.report.skipped} == {"b.txt", "c.md"}
    assert load.articles[0].title == "好文章"
