"""Follow-ups over the shipped pages: what a conversation's earlier answer lets a short
question mean (retrieval/answer/knowledge.py ask, with topic / asked_before / article)."""

from __future__ import annotations

from retrieval.answer.knowledge import KnowledgeBase


def _after(kb: KnowledgeBase, first: str, question: str):
    before = kb.ask(first)
    assert before.answered and before.topic is not None and before.passages
    return before, kb.ask(question, topic=before.topic.name, asked_before=before.intent,
                          article=before.passages[0].article_id)


def test_a_pronoun_refers_to_the_answer_before(shared_kb: KnowledgeBase):
    """她 is the person of the 板凳议事会 article: answered there, not left unanswered."""
    before, answer = _after(shared_kb, "啥叫板凳议事会啊", "她是哪年来社区的")
    assert answer.answered and answer.answer is not None
    assert "2020年年底" in answer.answer.text
    assert answer.passages[0].article_id == before.passages[0].article_id


def test_a_question_naming_nothing_stays_in_the_article(shared_kb: KnowledgeBase):
    """民警劝了多久 after the 反诈 answer: the 1个多小时 of that article, not another
    article's 民警 with a date in it."""
    before, answer = _after(shared_kb, "科尔沁那边反诈都谁在搞", "民警劝了多久")
    assert answer.answer is not None and "1个多小时" in answer.answer.text
    alone = shared_kb.ask("民警劝了多久")
    assert alone.passages and alone.passages[0].article_id != before.passages[0].article_id


def test_staff_are_found_however_written(shared_kb: KnowledgeBase):
    """帮办代办员 (the articles: 帮办代办人员) and 考核 (the articles: 过关)."""
    _, answer = _after(shared_kb, "三减三优是个啥东西", "那帮办代办员上岗前要考核不")
    assert answer.answered and answer.answer is not None
    assert "过关一个上岗一个" in answer.answer.text


def test_a_count_by_its_noun_before_the_measure_word(shared_kb: KnowledgeBase):
    """窗口设几个: the sentence with 1个综合窗口, not one with 乡村两级 and no count."""
    _, answer = _after(shared_kb, "三减三优是个啥东西", "村里窗口现在设几个")
    assert answer.answer is not None and "1个综合窗口" in answer.answer.text
