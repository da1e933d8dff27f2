"""Retrieval behaviour on the embedded corpus: text handling, answers, quality, CLI."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import pytest

from retrieval.answer.build import build_knowledge_base
from retrieval.config import load_retrieval_config
from retrieval.evaluation import evaluate, read_qa_file
from retrieval.text.normalize import normalize
from retrieval.text.sentences import find_spans

ROOT = Path(__file__).resolve().parents[2]
DEV_QA = ROOT / "tests" / "data" / "dev_qa.yaml"  # copy of shared/eval/dev_qa.yaml


@pytest.fixture(scope="module")
def kb(tmp_path_factory, engine_config):
    config = dataclasses.replace(load_retrieval_config(engine_config),
                                 cache_dir=tmp_path_factory.mktemp("cache"))
    return build_knowledge_base(config)


def test_normalize_traditional_fullwidth_case():
    assert normalize("紅色物業ＡＢＣ１２３，") == "红色物业abc123,"


@pytest.mark.parametrize(
    "term", ["板凳议事会", "红色物业", "三减三优", "亮晒比", "比武争星", "揭榜挂帅"])
def test_initiative_names_stay_whole(kb, term):
    assert term in kb.tokenizer.tokens(f"关于{term}的报道")


def test_query_drops_question_words_keeps_numbers(kb):
    query = kb.understand("巴彦淖尔干部工作1+10制度体系是什么？有多少")
    assert "1+10" in query.tokens
    assert not {"什么", "多少", "是", "?", "？"} & set(query.tokens)


def test_traditional_question_finds_simplified_text(kb):
    answer = kb.ask("紅色物業怎麼做的")
    assert answer.answered
    assert "红色物业" in answer.passages[0].title + answer.passages[0].paragraph


@pytest.mark.parametrize("question", [
    "上海市垃圾分类有什么新规定", "推荐一部好看的电影", "深圳南山区人才补贴怎么申请",
    "", "   ", "😀😀😀", "<b>&", "what is the weather today",
])
def test_unanswerable_questions_are_not_answered(kb, question):
    answer = kb.ask(question)
    assert not answer.answered
    assert answer.passages == ()
    assert answer.suggestions  # something to ask instead


def test_answer_has_sentence_snippet_citation_and_highlights(kb):
    answer = kb.ask("察哈尔社区有多少党员")
    top = answer.passages[0]
    assert "党员1052人" in top.sentence
    assert top.sentence in top.snippet.replace("…", "")
    assert top.citation == f"《{top.title}》 · {top.column} · {top.byline} · {top.page}"
    assert top.page == "党建版 第1页" and top.source not in top.citation
    assert "察哈尔社区" in top.highlights
    spans = find_spans(top.sentence, top.highlights)
    assert any(top.sentence[a:b] == "党员" for a, b in spans)


def test_results_stay_on_the_topic(kb):
    """Every passage of a question about an initiative mentions it (title, heading or text)."""
    answer = kb.ask("三减三优是什么", top_k=5)
    assert answer.answered and len(answer.passages) >= 3
    for passage in answer.passages:
        assert "三减三优" in passage.title + passage.heading + passage.paragraph


def test_paging_continues_the_same_ranking(kb):
    first = kb.ask("党建引领乡村振兴", top_k=2)
    more = kb.ask("党建引领乡村振兴", top_k=2, offset=2)
    assert [p.rank for p in more.passages] == [3, 4]
    assert not {p.paragraph_id for p in first.passages} & {p.paragraph_id for p in more.passages}


def test_snippet_marks_cuts(kb):
    answer = kb.ask("乌兰察布市统一设计了公开栏")
    top = answer.passages[0]
    assert top.snippet.startswith("…") or top.snippet.endswith("…") or top.snippet == top.paragraph


def test_topics_list_initiatives_with_articles(kb):
    topics = {t.name: t.article_ids for t in kb.topics()}
    assert {"板凳议事会", "红色物业", "三减三优", "揭榜挂帅", "比武争星"} <= set(topics)
    bench = [kb.articles[i].title for i in topics["板凳议事会"]]
    assert "“板凳议事会” 问题现场办" in bench


def test_dev_questions_meet_the_quality_bar(kb):
    report = evaluate(kb, read_qa_file(DEV_QA))
    assert report.hit_at_1 >= 0.90, report.failures
    assert report.hit_at_3 >= 0.97, report.failures
    assert report.mrr_at_5 >= 0.93, report.failures
    assert report.abstain_accuracy == 1.0, report.failures
    assert report.answered_rate >= 0.95, report.failures


def test_engines_rank_identically(kb, tmp_path):
    """The fast engine and rank_bm25 give the same answers end to end."""
    reference = build_knowledge_base(dataclasses.replace(kb.config, engine="rank_bm25"))
    for item in read_qa_file(DEV_QA):
        ours = kb.ask(item.question, top_k=5, keep_weak=True)
        theirs = reference.ask(item.question, top_k=5, keep_weak=True)
        assert [p.paragraph_id for p in ours.passages] == [p.paragraph_id for p in theirs.passages]
        assert [p.score for p in ours.passages] == pytest.approx(
            [p.score for p in theirs.passages], abs=1e-9)


def run_cli(*args: str, stdin: str | None = None,
            config: Path | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m retrieval`, with the hermetic config unless another one is given."""
    if config is not None:
        args = ("--config", str(config), *args)
    return subprocess.run([sys.executable, "-m", "retrieval", *args], input=stdin, cwd=ROOT,
                          capture_output=True, text=True, timeout=120, check=False)


def test_cli_ask_json_contract(engine_config):
    result = run_cli("ask", "--json", "--top", "2", "板凳议事会是什么", config=engine_config)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"query", "answered", "results", "intent", "answer", "topic",
                         "did_you_mean"}
    assert data["intent"] == "definition"
    assert data["topic"] == {"name": "板凳议事会", "asked_as": "板凳议事会"}
    line = data["answer"]
    assert line["rank"] == 1 and line["text"]
    assert all(0 <= a < b <= len(line["text"]) for a, b in line["spans"])
    assert data["query"] == "板凳议事会是什么" and data["answered"] is True
    assert len(data["results"]) == 2
    for rank, item in enumerate(data["results"], start=1):
        assert set(item) == {"rank", "score", "title", "column", "byline", "source",
                             "paragraph", "snippet"}
        assert item["rank"] == rank
    assert "板凳议事会" in data["results"][0]["paragraph"]


def test_cli_ask_reads_stdin_one_json_per_line(engine_config):
    result = run_cli("ask", stdin="察哈尔社区有多少党员\n推荐一部好看的电影\n",
                     config=engine_config)
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [d["answered"] for d in lines] == [True, False]
    assert "党员1052人" in lines[0]["results"][0]["paragraph"]


def test_cli_eval_prints_metrics(engine_config):
    result = run_cli("eval", str(DEV_QA), config=engine_config)
    assert result.returncode == 0, result.stderr
    for label in ("hit@1", "hit@3", "MRR@5", "abstain accuracy"):
        assert label in result.stdout


def test_cli_bad_config_is_one_line(tmp_path):
    bad = tmp_path / "config.yaml"
    bad.write_text("index: {variant: nonsense}\n", encoding="utf-8")
    result = run_cli("--config", str(bad), "ask", "x")
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "variant" in result.stderr


def test_second_build_loads_the_snapshot_and_answers_the_same(tmp_path, engine_config):
    config = dataclasses.replace(load_retrieval_config(engine_config), cache_dir=tmp_path)
    first = build_knowledge_base(config)
    second = build_knowledge_base(config)
    assert not first.from_snapshot and second.from_snapshot
    assert first.version == second.version
    question = "察哈尔社区有多少党员"
    assert kb_answer_ids(first, question) == kb_answer_ids(second, question)


def test_corrupt_snapshot_is_rebuilt(tmp_path, engine_config):
    config = dataclasses.replace(load_retrieval_config(engine_config), cache_dir=tmp_path)
    build_knowledge_base(config)
    for snapshot in tmp_path.rglob("*.npz"):
        snapshot.write_bytes(snapshot.read_bytes()[:1000])  # truncated
    rebuilt = build_knowledge_base(config)
    assert not rebuilt.from_snapshot
    assert rebuilt.ask("察哈尔社区有多少党员").answered


def test_plus_variant_returns_only_matching_paragraphs(kb):
    """BM25Plus scores every paragraph above zero; search must still drop non-matches."""
    plus = build_knowledge_base(dataclasses.replace(
        kb.config, bm25=dataclasses.replace(kb.config.bm25, variant="plus")))
    tokens = ["乃玛岱"]
    hits = plus.search(plus.understand("乃玛岱"), k=len(plus.paragraphs))
    assert plus.engine.get_scores(tokens).min() > 0  # the trap the filter avoids
    assert hits
    for hit in hits:
        paragraph = plus.paragraphs[hit.paragraph_id]
        assert "乃玛岱" in paragraph.text + plus.articles[paragraph.article_id].title


def kb_answer_ids(kb, question):
    return [p.paragraph_id for p in kb.ask(question, top_k=5).passages]


@pytest.mark.parametrize("question", ["0", "000 0 1", "a", "的的的", "?", "\u3000"])
def test_degenerate_questions(kb, question):
    answer = kb.ask(question)
    assert answer.answered == bool(answer.passages)


def test_a_question_with_its_own_rare_words_is_no_follow_up(kb):
    """那个 before a noun is a determiner: with words rare enough to stand alone the
    question is answered on its own, remembered topic or not; without them it asks back."""
    question = "龙庭小区那个女生刷单先付了多少钱"
    for topic in (None, "揭榜挂帅"):
        answer = kb.ask(question, topic=topic)
        assert answer.answered and answer.answer is not None, topic
        assert "100" in answer.answer.text
    assert kb.ask("那个在哪儿搞的").needs_topic
    assert kb.ask("那个在哪儿搞的", topic="三减三优").topic.name == "三减三优"
