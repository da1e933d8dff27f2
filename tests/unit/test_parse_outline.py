"""The `articles` contract: JSON records, the readable outline, the command line."""

from __future__ import annotations

import json
from pathlib import Path

from retrieval.__main__ import main
from retrieval.corpus.outline import article_outline, article_record, outline
from retrieval.models import Article, Heading

ROOT = Path(__file__).resolve().parents[2]
CONFIG = str(ROOT / "config.yaml")
ARTICLE = Article(id=0, title="果园丰收", column="专栏", byline="本报记者 甲", source="p.txt",
                  paragraphs=("第一段很长很长很长很长。", "第二段。", "第三段。"),
                  headings=(Heading("小标题", 1),))


def test_a_record_has_the_contract_fields():
    assert article_record(ARTICLE) == {
        "source": "p.txt", "title": "果园丰收", "column": "专栏", "byline": "本报记者 甲",
        "kind": "article", "headings": [{"text": "小标题", "first_paragraph": 1}],
        "paragraphs": ["第一段很长很长很长很长。", "第二段。", "第三段。"]}


def test_the_outline_shows_metadata_subheadings_and_paragraph_openings():
    assert article_outline(ARTICLE, chars=4) == [
        "《果园丰收》 · 专栏 · 本报记者 甲", "    1. 第一段很…", "  ## 小标题",
        "    2. 第二段。", "    3. 第三段。"]


def test_a_brief_outline_for_previews():
    lines = article_outline(ARTICLE, chars=2, max_paragraphs=1)
    assert lines == ["《果园丰收》 · 专栏 · 本报记者 甲", "    1. 第一…", "    … 2 more"]


def test_the_outline_groups_articles_under_their_file_and_names_other_kinds():
    photo = Article(id=1, title="巡边", column="", byline="王五 摄", source="p.txt",
                    paragraphs=("民警巡逻。",), kind="photo")
    text = outline([ARTICLE, photo])
    assert text.startswith("== p.txt\n《果园丰收》")
    assert "《巡边》 · 王五 摄  [photo]" in text and text.count("== p.txt") == 1


def test_the_command_reads_one_file_outside_the_corpus(tmp_path, capsys):
    page = tmp_path / "page.txt"
    page.write_text("标题一\n\n□本报记者 某某\n\n第一段，被分\n\n成两块。\n\n小标题\n\n第二段。\n",
                    encoding="utf-8")
    assert main(["--config", CONFIG, "articles", "--json", str(page)]) == 0
    [line] = capsys.readouterr().out.splitlines()
    assert json.loads(line) == {
        "source": "page.txt", "title": "标题一", "column": "", "byline": "本报记者 某某",
        "kind": "article", "headings": [{"text": "小标题", "first_paragraph": 1}],
        "paragraphs": ["第一段，被分成两块。", "第二段。"]}
    assert main(["--config", CONFIG, "articles", str(page)]) == 0
    assert "## 小标题" in capsys.readouterr().out


def test_the_command_reads_the_whole_corpus(capsys):
    assert main(["--config", CONFIG, "articles", "--json"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len({r["source"] for r in records}) == 5
    assert {r["kind"] for r in records} == {"article", "photo", "brief", "quote", "box"}


def test_a_file_that_cannot_be_read_is_an_error_not_a_traceback(tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert main(["--config", CONFIG, "articles", str(empty)]) == 1
    assert main(["--config", CONFIG, "articles", str(tmp_path / "missing.txt")]) == 1
    assert "error" in capsys.readouterr().err
