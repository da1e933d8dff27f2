"""retrieval/answer/gathered.py: the items of a counted name, gathered from its article."""

from __future__ import annotations

import dataclasses

from retrieval.answer.gathered import counted_name, gathered_line
from retrieval.answer.query import Query, TopicRef
from retrieval.models import Article


def _query(intent: str, topic: str) -> Query:
    return Query(question="", normalized="", intent=intent, small_talk=None, unit=None,
                 terms=(), tokens=(), names=(topic,), topic=TopicRef(topic, topic, "question"),
                 did_you_mean=(), english=False, needs_topic=False)


ARTICLE = Article(id=0, title="筑牢屏障", column="", byline="", source="x.txt", paragraphs=(
    "该旗以固边兴边“三大工程”推进融合发展。",
    "该旗实施“强基工程”，锻造头雁队伍。“强基工程”实施以来成效明显。",
    "该旗开展“聚力工程”，推进党组织融合发展。",
    "该旗建立“嘎查+社区联合体”。",
    "该旗实施“固边工程”，筑牢边境屏障。",
))


def test_the_items_of_a_counted_name_are_its_articles_quoted_names_of_that_kind():
    line = gathered_line(ARTICLE, _query("list", "三大工程"), 1)
    assert line is not None
    assert line.text == "强基工程、聚力工程、固边工程"
    assert [line.text[a:b] for a, b in line.spans] == ["强基工程", "聚力工程", "固边工程"]


def test_no_gathered_line_for_other_questions_or_too_few_items():
    assert counted_name(_query("definition", "三大工程")) is None
    assert counted_name(_query("list", "红色物业")) is None
    assert counted_name(_query("list", "四项机制")) == (4, "机制")
    one = dataclasses.replace(ARTICLE, paragraphs=ARTICLE.paragraphs[:2])
    assert gathered_line(one, _query("list", "三大工程"), 1) is None
