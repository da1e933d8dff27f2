"""Result order, the answered gate and several questions in one message, on small
invented candidates (retrieval/answer/rerank.py, knowledge.answers, split.py)."""

from __future__ import annotations

import pytest

from retrieval.answer.knowledge import answers
from retrieval.answer.query import Query, Term, TopicRef
from retrieval.answer.rerank import Candidate, SentenceView, order_results
from retrieval.answer.split import split_questions
from retrieval.models import Article, Hit, Paragraph


def article(article_id: int) -> Article:
    return Article(article_id, f"文章{article_id}", "", "", "p.txt", ("段落。",))


def candidate(article_id: int, value: float, *, on_topic: bool = True, coverage: float = 1.0,
              fit: float = 1.0) -> Candidate:
    sentence = SentenceView("段落。", "段落。", frozenset({"段落"}), 0)
    paragraph = Paragraph(article_id * 10, article_id, 0, "段落。")
    return Candidate(Hit(article_id * 10, value), paragraph, article(article_id), (sentence,), 0,
                     fit, coverage, on_topic, value)


def query(intent: str = "definition", *, proper_missing: bool = False) -> Query:
    terms = (Term("三减三优", 3.0, True, True),)
    if proper_missing:
        terms += (Term("上海", 6.0, False, True, (), proper=True),)
    return Query("q", "q", intent, None, None, terms, (), ("三减三优",),
                 TopicRef("三减三优", "三减三优", "question"), (), False, False)


def test_off_topic_passages_are_no_results():
    ranked = [candidate(1, 3.0), candidate(2, 2.9, on_topic=False), candidate(3, 1.0)]
    assert [c.article.id for c in order_results(ranked)] == [1, 3]


def test_other_articles_come_first_only_when_comparably_relevant():
    best, same, close, far = (candidate(1, 4.0), candidate(1, 2.0), candidate(2, 3.5),
                              candidate(3, 1.0))
    ordered = order_results([best, close, same, far])
    assert ordered == [best, close, same, far]  # close (3.5 ≥ 0.75 × 4) before same article
    ordered = order_results([best, far, same])
    assert ordered == [best, same, far]  # far (1.0 < 3.0) after the best article's paragraph


def test_a_nearly_as_relevant_candidate_that_fits_clearly_better_comes_first():
    best, quote = candidate(1, 4.0, fit=0.2), candidate(1, 3.6, fit=1.0)
    assert order_results([best, quote])[0] is quote  # 3.6 >= 0.85 x 4, fit +0.8
    assert order_results([best, quote], lambda c: c is not quote)[0] is best  # cannot answer
    assert order_results([best, candidate(1, 3.0, fit=1.0)])[0] is best  # 3.0 < 0.85 x 4
    assert order_results([best, candidate(1, 3.9, fit=0.6)])[0] is best  # fits only +0.4


def test_a_best_that_cannot_answer_gives_way_within_its_article_when_asked():
    best, beside, other = candidate(1, 4.0), candidate(1, 3.2), candidate(2, 3.9)
    only_beside = lambda c: c is beside  # noqa: E731
    assert order_results([best, other, beside], only_beside, next_in_article=True)[0] is beside
    # not without next_in_article (what/when/number questions), not from another article
    assert order_results([best, other, beside], only_beside)[0] is best
    only_other = lambda c: c is other  # noqa: E731
    assert order_results([best, other, beside], only_other, next_in_article=True)[0] is best
    # down to NEXT_IN_ARTICLE_SHARE of the best's value (2.7 ≥ 0.65 × 4; 2.5 is not)
    near, far = candidate(1, 2.7), candidate(1, 2.5)
    assert order_results([best, near], lambda c: c is near, next_in_article=True)[0] is near
    assert order_results([best, far], lambda c: c is far, next_in_article=True)[0] is best


def test_the_gate_wants_coverage_topic_no_veto_and_for_span_intents_a_span():
    assert answers(candidate(1, 1.0), query(), 0.5)
    assert not answers(candidate(1, 1.0, coverage=0.4), query(), 0.5)
    assert not answers(candidate(1, 1.0, on_topic=False), query(), 0.5)
    assert not answers(candidate(1, 1.0), query(proper_missing=True), 0.5)
    assert not answers(candidate(1, 1.0, fit=0.2), query("number"), 0.5)
    assert answers(candidate(1, 1.0, fit=0.2), query("how"), 0.5)


@pytest.mark.parametrize("message, parts", [
    ("三减三优是什么？在哪儿搞的？", ["三减三优是什么", "在哪儿搞的"]),
    ("红色物业是什么，还有效果怎么样", ["红色物业是什么", "效果怎么样"]),
    ("察哈尔社区有多少党员\n书记是谁", ["察哈尔社区有多少党员", "书记是谁"]),
    ("请问三减三优是什么呢？谢谢", ["请问三减三优是什么呢？谢谢"]),  # one question and thanks
    ("板凳议事会是什么", ["板凳议事会是什么"]),
    ("甲是什么？乙是什么？丙是什么？丁是什么？", ["甲是什么", "乙是什么", "丙是什么"]),
    # a space or comma between two stretches that each ask something
    ("刘玉环买了多少只小鸭 卖不了的蛋咋办", ["刘玉环买了多少只小鸭", "卖不了的蛋咋办"]),
    ("三减三优是什么，在哪儿搞的", ["三减三优是什么", "在哪儿搞的"]),
    ("乌海干部培训 咋搞的", ["乌海干部培训 咋搞的"]),  # the first stretch asks nothing
    ("物业公司党员不到3个，党组织咋建?", ["物业公司党员不到3个，党组织咋建?"]),
])
def test_several_questions_in_one_message(message, parts):
    assert split_questions(message) == parts


def test_a_question_about_its_topic_needs_a_word_of_what_it_asks():
    """网格员咋报名: a paragraph about the topic that says nothing of 报名 does not answer."""
    def asked(intent: str, word: str, *alternatives: str) -> Query:
        terms = (Term("网格员", 3.0, True, True), Term(word, 0.8, True, False, alternatives))
        return Query("q", "q", intent, None, None, terms, (), ("网格员",),
                     TopicRef("网格员", "网格员", "question"), (), False, False)

    def about(text: str) -> Candidate:
        sentence = SentenceView(text, text, frozenset({"网格员"}), 0)
        return Candidate(Hit(1, 1.0), Paragraph(1, 1, 0, text), article(1), (sentence,), 0,
                         1.0, 1.0, True, 1.0)

    silent = about("网格员发现后迅速上报。")
    assert not answers(silent, asked("how", "报名", "参加"), 0.5)
    assert answers(about("网格员可以到社区参加培训。"), asked("how", "报名", "参加"), 0.5)
    # as text, leniently: 水 is in 河水
    assert answers(about("河水流经网格员的村。"), asked("where", "水"), 0.5)
    # other intents keep the plain coverage rule
    assert answers(silent, asked("definition", "报名"), 0.5)
