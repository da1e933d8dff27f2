"""The fifteenth session's rules: a question is no answer, the sentence or reply after it is."""

from __future__ import annotations

from retrieval.answer.knowledge import KnowledgeBase
from retrieval.answer.rerank import asks_itself, is_asked_aloud


def test_a_question_of_its_own_and_one_asked_aloud_are_told_apart():
    assert asks_itself("基层党课由谁来讲，在哪儿讲、怎么讲？")
    assert not asks_itself("赤峰市发动嘎查村书记深入一线宣讲。")
    assert not asks_itself("“能不能找人修一下?”")
    assert is_asked_aloud("“东禾太小区有3盏路灯不亮了,能不能找人修一下?”")
    assert not is_asked_aloud("基层党课由谁来讲，在哪儿讲、怎么讲？")


def test_the_sentence_after_a_question_the_article_asks_itself_answers_it(
        shared_kb: KnowledgeBase):
    # 基层党课由谁来讲，在哪儿讲、怎么讲？ holds most of these words; the next sentence says
    answer = shared_kb.ask("赤峰书记主播用啥软件讲党课")
    assert answer.answer is not None
    assert not asks_itself(answer.answer.text)
    assert "书记" in answer.answer.text


def test_what_was_done_about_a_request_is_the_reply_to_it(shared_kb: KnowledgeBase):
    answer = shared_kb.ask("板凳议事会那路灯后来咋处理的")
    assert answer.answer is not None and "返厂维修" in answer.answer.text


def test_what_the_request_itself_says_is_still_answered_by_it(shared_kb: KnowledgeBase):
    answer = shared_kb.ask("板凳议事会上路灯坏了几盏")
    assert answer.answer is not None and "3盏" in answer.answer.text
