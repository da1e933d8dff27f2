"""Conversations over the shipped pages, for the sixth session's rules: a village cut by
the tokenizer is named whole, 支书是谁 shows the person with the post, a count in the
conversation's article in other words answers (房子 → 房舍), but not a price or a phone
number the article never gives, and 位于哪个旗 needs no 位于 in the answer."""

from __future__ import annotations

from retrieval.answer.knowledge import KnowledgeBase
from retrieval.models import Answer


def first(kb: KnowledgeBase, question: str) -> tuple[Answer, int]:
    answer = kb.ask(question)
    assert answer.answered and answer.passages
    return answer, answer.passages[0].article_id


def test_a_village_is_named_whole_and_its_secretary_shown(shared_kb: KnowledgeBase):
    answer, article = first(shared_kb, "多布库尔猎民村今年来了多少游客")
    assert answer.topic is not None and answer.topic.name == "多布库尔猎民村"
    who = shared_kb.ask("支书是谁", topic="多布库尔猎民村", asked_before="number",
                        article=article)
    assert who.answer is not None and "何泽承" in who.answer.text


def test_a_count_in_the_articles_words_answers_but_an_absent_thing_does_not(
        shared_kb: KnowledgeBase):
    _, article = first(shared_kb, "多布库尔猎民村今年来了多少游客")
    count = shared_kb.ask("房子改造了多少栋", asked_before="number", article=article)
    assert count.answer is not None and "31栋" in count.answer.text
    # out of the conversation the same words are not enough
    assert not shared_kb.ask("房子改造了多少栋").answered
    phone = shared_kb.ask("村支书手机号给一个", topic="多布库尔猎民村", asked_before="number",
                          article=article)
    assert not phone.answered
    _, grapes = first(shared_kb, "喀喇沁旗马鞍山村种的啥")
    assert not shared_kb.ask("马鞍山景区门票多少钱", asked_before="definition",
                             article=grapes).answered


def test_where_a_place_lies_needs_no_locating_verb(shared_kb: KnowledgeBase):
    answer = shared_kb.ask("多布库尔猎民村位于哪个旗哪个镇")
    assert answer.answer is not None and "鄂伦春自治旗" in answer.answer.text


def test_what_a_person_did_is_told_after_her_name(shared_kb: KnowledgeBase):
    who, article = first(shared_kb, "庞云霞是谁")
    deeds = shared_kb.ask("她干了啥", topic="庞云霞", asked_before=who.intent, article=article)
    assert deeds.answer is not None and deeds.answer.text.startswith("内蒙古医科大学")
    assert "2栋楼的居民入户采集核酸" in deeds.answer.text  # the deeds, not 像庞云霞一样…
