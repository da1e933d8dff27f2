"""A Mongolian name after a role is a person (乌仁图雅 has no surname), a who-question
naming only a post (村支书叫啥) is about the conversation's topic, and 哪个苏木 asks
where."""

from __future__ import annotations

import pytest
from support.small_corpus import small_resources

from retrieval.answer import spans
from retrieval.answer.query import Resources, understand
from retrieval.text.dictionary import named_people

PARAGRAPHS = ["乌盖苏木党委书记乌仁图雅“晒”出成绩、亮出变化。",
              "据马鞍山村党总支书记刘叶阳介绍，山葡萄种植已发展到3500亩。",
              "党委书记乡村振兴擂台比武现场人很多。"]


@pytest.fixture(scope="module")
def res() -> Resources:
    return small_resources(PARAGRAPHS, ["泥裤腿234"])


def test_a_mongolian_name_after_a_role_is_a_person():
    sentence = PARAGRAPHS[0]
    assert any("乌仁图雅" in sentence[a:b] for a, b in spans.people(sentence))
    assert "乌仁图雅" in named_people(PARAGRAPHS)
    # a role followed by everyday words is no one
    assert not any("乡村振兴" in PARAGRAPHS[2][a:b] for a, b in spans.people(PARAGRAPHS[2]))
    assert not {n for n in named_people(PARAGRAPHS[2:]) if "乡村" in n}


@pytest.mark.parametrize("question", ["村支书叫啥", "书记是谁"])
def test_a_post_alone_is_asked_about_the_conversations_topic(res, question):
    query = understand(question, res, topic="马鞍山村")
    assert query.topic is not None and query.topic.name == "马鞍山村"
    assert query.topic.source == "conversation"
    # without a conversation it names nothing to answer about
    assert understand(question, res).topic is None


def test_which_sumu_asks_where(res):
    assert understand("哪个苏木搞的", res, topic="泥裤腿234").intent == "where"
    assert understand("是哪个嘎查的", res, topic="泥裤腿234").intent == "where"


def test_problems_counted_are_content_a_question_announced_is_not(res):
    assert understand("解决了多少问题", res, topic="马鞍山村").counted == "问题"
    announced = understand("我有个问题，马鞍山村党总支书记是谁", res)
    assert "问题" not in [t.text for t in announced.terms]


def test_whether_anyone_may_is_a_yes_or_no_that_limits_answer(res):
    query = understand("谁都能揭榜吗", res, topic="揭榜挂帅")
    assert query.intent == "yesno"
    limits = "干部职工不限职务、不限年龄、不限身份，谁有本事谁来。"
    assert spans.fit(limits, limits, query) == 1.0
    # the clauses saying who may
    assert [limits[a:b] for a, b in spans.answer_spans(limits, query)] == [
        "干部职工不限职务、不限年龄、不限身份", "谁有本事谁来"]
    other = "“揭榜”火热，后续服务保障更要到位。"
    assert spans.fit(other, other, query) == spans.NOT_ELIGIBILITY_FIT


def test_a_quoted_character_is_what_a_definition_asks_about():
    own = small_resources(["“晒”是土左旗方言“看”的意思。",
                           "在“晒晒”志愿服务队的帮助下，老人学会了视频。"], ["晒晒"])
    query = understand("晒是啥意思", own, topic="晒晒")
    assert query.subject == "晒"
    # the conversation's topic stays (its follow-ups are about 晒晒, not every 晒)
    assert query.topic is not None and query.topic.name == "晒晒"
    assert spans.fit("“晒”是土左旗方言“看”的意思。", "“晒”是土左旗方言“看”的意思。", query) == 1.0
    # a character the articles never quote is no subject of its own
    assert understand("学是啥意思", own, topic="晒晒").subject != "学"
