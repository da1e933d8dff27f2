"""python -m retrieval's commands (retrieval.__main__: build, ask, topics, eval) on a
two-article corpus in a temp folder: what each prints, in text and JSON, and its exit
code; errors in the arguments or the config are one line on stderr and exit code 2."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from support.hermetic import TINY_PAGE, tiny_corpus, write_config

from retrieval.__main__ import main

PAGE = TINY_PAGE


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> str:
    root = tmp_path_factory.mktemp("cli")
    corpus = tiny_corpus(root, PAGE)
    return str(write_config(root / "cfg", corpus, root / "cache", {}))


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_build_then_load_the_snapshot(config, capsys):
    code, out, _ = run(capsys, "--config", config, "build")
    assert code == 0
    assert out.startswith("articles 2, paragraphs 3, ")
    code, out, _ = run(capsys, "--config", config, "build")
    assert code == 0 and "loaded snapshot" in out and " in " in out and out.endswith(" s\n")


def test_ask_in_text_and_json(config, capsys):
    code, out, _ = run(capsys, "--config", config, "ask", "石榴籽议事厅解决了多少问题")
    lines = out.split("\n")
    assert code == 0 and lines[0] == "议事厅由社区党委书记牵头，每月召开一次，已经解决问题120个。"
    assert lines[1] == "[1] 议事厅由社区党委书记牵头，每月召开一次，已经解决问题120个。"
    assert lines[2].startswith(
        "    —— 《石榴籽议事厅让居民说了算》 · 本报记者 王明 · 测试版 第1页  (score ")
    code, out, _ = run(capsys, "--config", config, "ask", "--json", "--top", "1",
                       "石榴籽议事厅", "是什么")
    record = json.loads(out)
    assert code == 0 and record["query"] == "石榴籽议事厅 是什么"
    assert record["answered"] is True and record["intent"] == "definition"
    assert len(record["results"]) == 1 and record["results"][0]["source"] == "000_tiny.txt"


def test_ask_reads_one_question_per_line_from_stdin(config, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("巡逻队有多少党员\n\n   \n火星上有什么\n"))
    code, out, _ = run(capsys, "--config", config, "ask")
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [r["query"] for r in records] == ["巡逻队有多少党员", "火星上有什么"]
    assert records[1]["answered"] is False


def test_topics_in_text_and_json(config, capsys):
    code, out, _ = run(capsys, "--config", config, "topics")
    assert code == 0 and out == "石榴籽议事厅: 《石榴籽议事厅让居民说了算》(000_tiny.txt)\n"
    code, out, _ = run(capsys, "--config", config, "topics", "--json")
    assert json.loads(out) == [{"name": "石榴籽议事厅", "articles": [
        {"title": "石榴籽议事厅让居民说了算", "source": "000_tiny.txt"}]}]


def test_eval_in_text_and_json(config, capsys, tmp_path: Path):
    qa = tmp_path / "qa.yaml"
    qa.write_text("- {q: 石榴籽议事厅解决了多少问题, expect: [120个]}\n"
                  "- {q: 火星上有什么, expect: [火星]}\n", encoding="utf-8")
    code, out, _ = run(capsys, "--config", config, "eval", str(qa))
    lines = out.split("\n")
    assert code == 0 and lines[0].startswith('miss: {"q": "火星上有什么"')
    assert "questions: 2 (2 answerable, 0 to abstain on)" in lines
    assert "hit@1: 0.500  hit@3: 0.500" in lines
    code, out, _ = run(capsys, "--config", config, "eval", "--json", str(qa))
    report = json.loads(out)
    assert code == 0 and report["answerable"] == 2 and report["hit_at_1"] == 0.5
    assert [f["q"] for f in report["failures"]] == ["火星上有什么"]


def test_argument_and_config_errors(tmp_path, capsys):
    code, _, err = run(capsys, "ask", "--top", "0", "x")
    assert code == 2 and err == "error: --top must be at least 1\n"
    bad = tmp_path / "bad.yaml"
    bad.write_text("answer: {top_k: 0}\n", encoding="utf-8")
    code, _, err = run(capsys, "--config", str(bad), "topics")
    assert code == 2 and err.startswith("error: answer.top_k: expected a whole number >= 1")
    code, _, err = run(capsys, "--config", str(tmp_path / "none.yaml"), "topics")
    assert code == 2 and err == f"error: config file {tmp_path / 'none.yaml'} not found\n"
