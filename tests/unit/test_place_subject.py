"""retrieval/answer/subject.py: the place a question names becomes the answer's topic."""

from __future__ import annotations

from retrieval.answer.knowledge import KnowledgeBase
from retrieval.answer.subject import place_subject

ARTICLE = "察哈尔社区有党员1052人。杨树镇多布库尔猎民村活动室暖意融融。"


def test_the_place_the_article_writes_the_same_way():
    assert place_subject("察哈尔社区住了多少人", ARTICLE) == "察哈尔社区"
    assert place_subject("去察哈尔社区怎么走", ARTICLE) == "察哈尔社区"  # 去 is no part of it
    assert place_subject("多布库尔猎民村搞了个啥景区", ARTICLE) == "多布库尔猎民村"


def test_no_place_for_phrases_or_places_the_article_lacks():
    assert place_subject("这个村有多少人", "这个村有多少人") is None
    assert place_subject("马鞍山村种了啥", ARTICLE) is None
    assert place_subject("板凳议事会是什么", ARTICLE) is None


def test_an_answer_about_a_place_carries_it_as_its_topic(shared_kb: KnowledgeBase):
    answer = shared_kb.ask("察哈尔社区住了多少人")
    assert answer.answered and answer.topic is not None
    assert (answer.topic.name, answer.topic.source) == ("察哈尔社区", "question")
    follow_up = shared_kb.ask("有多少党员", topic=answer.topic.name)
    assert follow_up.answered and follow_up.answer is not None
    assert "1052" in follow_up.answer.text


def test_a_follow_up_is_answered_in_the_conversations_article(shared_kb: KnowledgeBase):
    """赤峰比武争星的主会场在哪 → 有多少人参加: the count of the article just quoted (66名),
    though another 比武争星 article's count scores higher on its own."""
    first = shared_kb.ask("赤峰比武争星的主会场在哪")
    assert first.answered and first.topic is not None
    article = first.passages[0].article_id
    alone = shared_kb.ask("有多少人参加", topic=first.topic.name, asked_before=first.intent)
    there = shared_kb.ask("有多少人参加", topic=first.topic.name, asked_before=first.intent,
                          article=article)
    assert alone.passages[0].article_id != article  # what the preference changes
    assert there.passages[0].article_id == article
    assert there.answer is not None and "66名" in there.answer.text
