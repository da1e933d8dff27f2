"""KnowledgeBase.ask with the conversation's article (retrieval.answer.knowledge): a
question that names its own topic is answered from the whole corpus, not confined to the
article the last answer came from, even when that article answers it too."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("question", ["丰镇镇有多少个村", "赤峰有多少基层书记参加宣讲"])
def test_a_question_with_its_own_topic_keeps_the_other_articles(shared_kb, question):
    alone = shared_kb.ask(question, top_k=3)
    articles = [p.article_id for p in alone.passages]
    assert alone.answered and len(set(articles)) >= 2
    other = next(a for a in articles if a != articles[0])
    answer = shared_kb.ask(question, top_k=3, article=other)
    assert answer.answered and not answer.needs_topic
    assert len({p.article_id for p in answer.passages}) >= 2
    assert {p.article_id for p in answer.passages} <= set(articles) | {other}


@pytest.mark.parametrize("question", ["多少钱", "有多少人参加", "在哪儿搞的"])
@pytest.mark.parametrize("asked_before", [None, "number", "where", "who"])
@pytest.mark.parametrize("article", [None, 0])
def test_a_follow_up_with_no_topic_at_all_asks_for_one(shared_kb, question, asked_before,
                                                        article):
    """Whatever the last answer answered, 多少钱 with no topic remembered is not answered
    from whatever passage mentions money: it asks what it is about."""
    answer = shared_kb.ask(question, top_k=3, asked_before=asked_before, article=article)
    assert not answer.answered and answer.needs_topic and answer.passages == ()
