"""The eighth session's rules, over the shipped pages: a place for doing something
(吃饭的地方) is asked by what is done there, not by the word 地方."""

from __future__ import annotations

from retrieval.answer.knowledge import KnowledgeBase
from retrieval.models import Answer, Shown


def _after(kb: KnowledgeBase, first_question: str, question: str) -> Answer:
    first = kb.ask(first_question)
    passage = first.passages[0]
    return kb.ask(question, topic=first.topic.name if first.topic else None,
                  asked_before=first.intent, article=passage.article_id,
                  shown=Shown(passage.paragraph_id, first.answer.text if first.answer else ""))


def test_a_place_for_doing_something_is_asked_by_what_is_done_there(shared_kb: KnowledgeBase):
    meals = _after(shared_kb, "杭锦旗一老一少是咋回事", "老人吃饭的地方建了几个")
    assert meals.answered and meals.answer is not None
    assert "3个社区打造为老服务餐厅" in meals.answer.text
    query = shared_kb.understand("老人吃饭的地方建了几个")
    assert "地方" not in [t.text for t in query.terms]
