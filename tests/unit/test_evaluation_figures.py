"""retrieval.evaluation as functions of the answers given: evaluate's every figure, per
intent and in total, its failures, the report's lines, read_qa_file, first_hit_rank and
line_is_right, with a knowledge base that answers from a fixed table."""

from __future__ import annotations

import pytest

from retrieval.evaluation import (
    RANK_DEPTH,
    QAItem,
    evaluate,
    first_hit_rank,
    line_is_right,
    read_qa_file,
)
from retrieval.models import Answer, AnswerLine, Passage


def passage(rank: int, paragraph: str) -> Passage:
    return Passage(rank=rank, score=1.0, paragraph_id=rank, article_id=0, title="t", column="",
                   byline="", source="s.txt", paragraph=paragraph, sentence=paragraph,
                   snippet=paragraph, highlights=())


def answer(question: str, paragraphs: list[str], *, answered: bool = True, line: str | None = None,
           intent: str = "number") -> Answer:
    return Answer(question, answered, tuple(passage(i, p) for i, p in enumerate(paragraphs, 1)),
                  intent=intent, answer=AnswerLine(line, (), 1) if line is not None else None)


class TableKB:
    def __init__(self, answers: dict[str, Answer]) -> None:
        self.answers = answers
        self.asked: list[tuple[str, int | None, bool]] = []

    def ask(self, question: str, top_k: int | None = None, keep_weak: bool = False) -> Answer:
        self.asked.append((question, top_k, keep_weak))
        return self.answers[question]


def test_every_figure_of_a_small_run():
    kb = TableKB({
        "a": answer("a", ["有120个", "别的"], line="有120个"),  # hit@1, right line
        "b": answer("b", ["别的", "有 4 0 名"], line="别的"),  # rank 2, wrong line
        "c": answer("c", ["x", "y", "z", "40名"], answered=False),  # rank 4, not answered
        "d": answer("d", ["x"] * 5, line="x", intent="where"),  # no hit
        "e": answer("e", [], answered=False, intent="where"),  # abstained, as asked
        "f": answer("f", ["x"], line="答了", intent="where"),  # answered, should abstain
    })
    items = [QAItem("a", ("120个",), intent="number"), QAItem("b", ("40名",), intent="where"),
             QAItem("c", ("40名",)), QAItem("d", ("火星",)), QAItem("e", abstain=True),
             QAItem("f", abstain=True)]
    report = evaluate(kb, items)
    assert kb.asked == [(q, RANK_DEPTH, True) for q in "abcdef"] and RANK_DEPTH == 5
    assert (report.answerable, report.abstain_questions) == (4, 2)
    assert report.hit_at_1 == 0.25 and report.hit_at_3 == 0.5
    assert report.mrr_at_5 == pytest.approx((1 + 1 / 2 + 1 / 4) / 4)
    assert report.answered_rate == 0.75 and report.line_accuracy == 0.25
    assert report.abstain_accuracy == 0.5
    assert report.intent_accuracy == 0.5  # a: number (right), b: tagged where, answered number
    assert report.per_intent == {
        "number": {"n": 2, "hit_at_1": 0.5, "hit_at_3": 0.5, "mrr_at_5": (1 + 1 / 4) / 2,
                   "answered_rate": 0.5, "line_accuracy": 0.5, "abstain_accuracy": 0.0},
        "where": {"n": 2, "hit_at_1": 0.0, "hit_at_3": 0.5, "mrr_at_5": 0.25,
                  "answered_rate": 1.0, "line_accuracy": 0.0, "abstain_accuracy": 0.5},
    }
    assert report.failures == [
        {"q": "b", "intent": "number", "rank": 2, "answered": True, "line_ok": False,
         "line": "别的"},
        {"q": "c", "intent": "number", "rank": 4, "answered": False, "line_ok": False,
         "line": None},
        {"q": "d", "intent": "where", "rank": None, "answered": True, "line_ok": False,
         "line": "x"},
        {"q": "f", "problem": "answered, should abstain", "line": "答了"},
    ]
    assert report.lines() == [
        "questions: 6 (4 answerable, 2 to abstain on)",
        "answered (answerable): 0.750",
        "hit@1: 0.250  hit@3: 0.500",
        "MRR@5: 0.438",
        "answer line: 0.250",
        "abstain accuracy: 0.500",
        "intent accuracy: 0.500",
        "per intent (n, hit@1, hit@3, answered, answer line):",
        "  number        2  0.50  0.50  0.50  0.50",
        "  where         2  0.00  0.50  1.00  0.00",
    ]
    assert report.as_dict()["failures"] == report.failures


def test_a_run_without_tags_or_items():
    kb = TableKB({"a": answer("a", ["有3个"], line="有3个")})
    report = evaluate(kb, [QAItem("a", ("3个",))])
    assert report.intent_accuracy is None and "intent accuracy" not in "".join(report.lines())
    assert report.failures == [] and report.hit_at_1 == 1.0 and report.abstain_accuracy == 0.0
    empty = evaluate(kb, [])
    assert (empty.answerable, empty.hit_at_1, empty.per_intent) == (0, 0.0, {})
    assert empty.lines()[-1] == "abstain accuracy: 0.000"
    only_abstain = evaluate(TableKB({"e": answer("e", [], answered=False)}),
                            [QAItem("e", abstain=True)])
    assert only_abstain.per_intent == {} and only_abstain.abstain_accuracy == 1.0


def test_first_hit_rank_and_line_is_right():
    a = answer("红色物业覆盖多少小区", ["无关", "覆盖 小区 86 个", "86个"], line="覆盖小区86个。")
    assert first_hit_rank(a, QAItem("q", ("86个",))) == 2  # spaces do not count
    assert first_hit_rank(a, QAItem("q", ("火星", "无关"))) == 1
    assert first_hit_rank(a, QAItem("q", ())) is None
    assert line_is_right(a, QAItem("红色物业覆盖多少小区", ("86个",)))
    # an expected string the question itself holds proves nothing
    assert not line_is_right(a, QAItem("红色物业覆盖多少小区", ("小区",)))
    # `line` strings, when given, are what the line must hold
    assert not line_is_right(a, QAItem("q", ("86个",), line=("四成",)))
    assert line_is_right(a, QAItem("q", ("火星",), line=("火星", "小区86")))
    assert not line_is_right(answer("q", ["86个"]), QAItem("q", ("86个",)))  # no line


def test_read_qa_file(tmp_path):
    path = tmp_path / "qa.yaml"
    path.write_text("- {q: 甲, expect: [1, 二], line: [x], intent: where}\n"
                    "- {q: 乙, abstain: true}\n- {q: 3}\n", encoding="utf-8")
    assert read_qa_file(path) == [QAItem("甲", ("1", "二"), False, ("x",), "where"),
                                  QAItem("乙", (), True, (), None), QAItem("3")]
    path.write_text("", encoding="utf-8")
    assert read_qa_file(path) == []
    path.write_text("q: 甲\n", encoding="utf-8")
    with pytest.raises(ValueError, match="expected a list of"):
        read_qa_file(path)
    path.write_text("- {expect: [1]}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="entry without 'q'"):
        read_qa_file(path)
    path.write_text("- 甲\n", encoding="utf-8")
    with pytest.raises(ValueError, match="entry without 'q'"):
        read_qa_file(path)


def test_intent_accuracy_and_hit_at_3_at_their_edges():
    kb = TableKB({
        "a": answer("a", ["x", "y", "40名"], line="40名", intent="number"),  # rank 3
        "b": answer("b", ["x", "y", "z", "40名"], line="x", intent="number"),  # rank 4
        "c": answer("c", ["40名"], line="40名", intent="where"),
    })
    items = [QAItem("a", ("40名",), intent="number"), QAItem("b", ("40名",), intent="number"),
             QAItem("c", ("40名",), intent="who")]
    report = evaluate(kb, items)
    assert report.intent_accuracy == pytest.approx(2 / 3)
    assert report.hit_at_3 == pytest.approx(2 / 3) and report.hit_at_1 == pytest.approx(1 / 3)
    assert report.mrr_at_5 == pytest.approx((1 / 3 + 1 / 4 + 1) / 3)
    assert sorted(report.per_intent) == ["number", "who"]  # grouped by the tag
