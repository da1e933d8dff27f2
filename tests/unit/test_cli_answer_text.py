"""retrieval.__main__.answer_text and answer_json (the `ask` command's output) as whole
values, for every kind of answer: small talk, needs a topic, not found (with near-names,
with suggestions, with neither), answered (with and without a near-name reading)."""

from __future__ import annotations

from retrieval.__main__ import answer_json, answer_text
from retrieval.models import Answer, AnswerLine, Passage, TopicInfo


def passage(rank: int, score: float = 3.14159265) -> Passage:
    return Passage(rank=rank, score=score, paragraph_id=7, article_id=2, title="标题",
                   column="广角", byline="本报记者 宋爽", source="000_x.txt", paragraph="整段。",
                   sentence="句子。", snippet="片段。", highlights=("做法",), page="党建版 第1页")


def test_not_answered_texts():
    assert answer_text(Answer("你好", False, (), small_talk="greeting")) == "（闲聊，不检索资料）"
    assert answer_text(Answer("在哪儿", False, (), needs_topic=True)) == (
        "请说明想问哪一项做法（例如：三减三优在哪儿搞的）。")
    assert answer_text(Answer("  火星  ", False, ())) == "资料里没有找到能回答“火星”的内容。"
    assert answer_text(Answer("板凳会", False, (), did_you_mean=("板凳议事会", "议事会"),
                              suggestions=("红色物业",))) == (
        "资料里没有找到能回答“板凳会”的内容。\n您是不是想问：板凳议事会、议事会")
    assert answer_text(Answer("火星", False, (), suggestions=("红色物业", "三减三优"))) == (
        "资料里没有找到能回答“火星”的内容。\n可以问问：红色物业、三减三优")


def test_answered_text_line_then_passages():
    answer = Answer("q", True, (passage(1), passage(2, 1.0)),
                    answer=AnswerLine("答案在这里。", ((0, 2),), 1),
                    topic=TopicInfo("板凳议事会", "板凳会", "near_name"))
    assert answer_text(answer).split("\n") == [
        "（按“板凳议事会”理解）",
        "答案在这里。",
        "[1] 片段。",
        "    —— 《标题》 · 广角 · 本报记者 宋爽 · 党建版 第1页  (score 3.14)",
        "[2] 片段。",
        "    —— 《标题》 · 广角 · 本报记者 宋爽 · 党建版 第1页  (score 1.00)",
    ]
    plain = Answer("q", True, (passage(1),), topic=TopicInfo("板凳议事会", "板凳议事会"))
    assert answer_text(plain).split("\n")[0] == "[1] 片段。"
    assert answer_text(Answer("q", True, ())) == ""


def test_answer_json_whole_object():
    answer = Answer("问题", True, (passage(1),), intent="where",
                    answer=AnswerLine("答案。", ((0, 2), (3, 4)), 1),
                    topic=TopicInfo("板凳议事会", "板凳会", "near_name"),
                    did_you_mean=("甲",))
    assert answer_json(answer) == {
        "query": "问题", "answered": True, "intent": "where",
        "answer": {"text": "答案。", "spans": [[0, 2], [3, 4]], "rank": 1},
        "topic": {"name": "板凳议事会", "asked_as": "板凳会"},
        "did_you_mean": ["甲"],
        "results": [{"rank": 1, "score": 3.141593, "title": "标题", "column": "广角",
                     "byline": "本报记者 宋爽", "source": "000_x.txt", "paragraph": "整段。",
                     "snippet": "片段。"}],
    }
    assert answer_json(Answer("q", False, ())) == {
        "query": "q", "answered": False, "intent": "unknown", "answer": None, "topic": None,
        "did_you_mean": [], "results": []}
