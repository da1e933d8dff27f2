"""Single everyday questions over the shipped pages: words people use for what the
articles say otherwise (retrieval/answer/question_forms.yaml synonyms)."""

from __future__ import annotations

from retrieval.answer.knowledge import KnowledgeBase


def test_fewer_than_and_company_as_the_articles_write_them(shared_kb: KnowledgeBase):
    """不到3个 is the articles' 少于3名, 物业公司 their 物业企业: the rule for small ones."""
    answer = shared_kb.ask("物业公司党员不到3个，党组织咋建?")
    assert answer.answered and answer.passages
    assert "少于3名党员" in answer.passages[0].paragraph


def test_who_sent_the_question_is_no_part_of_it(shared_kb: KnowledgeBase):
    """领导让我问下 is a filler (领导 would be a heavy word); 老百姓 are the articles' 群众."""
    query = shared_kb.understand("领导让我问下 文明实践志愿服务活动给老百姓带来了啥好处")
    assert "领导" not in [t.text for t in query.terms]
    answer = shared_kb.ask("领导让我问下 文明实践志愿服务活动给老百姓带来了啥好处")
    assert answer.answer is not None and "增强了群众的获得感" in answer.answer.text


def test_where_an_event_was_held_is_the_place_by_its_name(shared_kb: KnowledgeBase):
    """述职會在哪開的 (traditional characters): the line keeps the clause with the venue,
    not the one about who reported."""
    answer = shared_kb.ask("乌兰察布那個述职會在哪開的")
    assert answer.answer is not None and "党政大楼" in answer.answer.text
