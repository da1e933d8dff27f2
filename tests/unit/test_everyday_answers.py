"""Single everyday questions over the shipped pages: words people use for what the
articles say otherwise (retrieval/answer/question_forms.yaml synonyms)."""

from __future__ import annotations

from retrieval.answer.knowledge import KnowledgeBase


def test_fewer_than_and_company_as_the_articles_write_them(shared_kb: KnowledgeBase):
    """不到3个 is the articles' 少于3名, 物业公司 their 物业企业: the rule for small ones."""
    answer = shared_kb.ask("物业公司党员不到3个，党组织咋建?")
    assert answer.answered and answer.passages
    assert "少于3名党员" in answer.passages[0].paragraph
