"""retrieval/answer/continuation.py: 后来呢 goes on from the answer just shown."""

from __future__ import annotations

import pytest

from retrieval.answer.continuation import asks_to_go_on, sentence_after
from retrieval.answer.knowledge import KnowledgeBase
from retrieval.answer.rerank import SentenceView
from retrieval.models import Shown


@pytest.mark.parametrize("question", ["后来呢", "那后来呢？", "然后呢", "接着说", "还有呢",
                                      "后来怎么样了", "继续"])
def test_asking_to_go_on(question):
    assert asks_to_go_on(question)


@pytest.mark.parametrize("question", ["后来他当上书记了吗", "还有哪些", "然后去哪了呢", ""])
def test_questions_of_their_own(question):
    assert not asks_to_go_on(question)


def _sentences(*texts: str) -> tuple[SentenceView, ...]:
    return tuple(SentenceView(t, t, frozenset(), 0) for t in texts)


def test_the_sentence_after_the_line_even_when_the_line_was_cut():
    sentences = _sentences("以前小区很乱。", "后来党员带头清理，划出车位。", "现在满意率98%。")
    assert sentence_after(sentences, "以前小区很乱。") == 1
    assert sentence_after(sentences, "后来党员带头清理…") == 2  # a cut line ends in …
    assert sentence_after(sentences, "现在满意率98%。") is None  # the paragraph's last
    assert sentence_after(sentences, "别的文章的句子") is None


def test_the_knowledge_base_goes_on_and_then_to_the_next_paragraph(shared_kb: KnowledgeBase):
    first = shared_kb.ask("教育局住宅楼小区以前啥情况")
    assert first.answer is not None and first.topic is not None
    shown = Shown(first.passages[0].paragraph_id, first.answer.text)
    then = shared_kb.ask("后来呢", topic=first.topic.name, shown=shown)
    assert then.answered and then.answer is not None
    assert "划分出多个停车位" in then.answer.text
    # the last sentence of a paragraph: the next paragraph's first
    last = shared_kb.evidence(first.passages[0].paragraph_id).sentences[-1]
    after = shared_kb.ask("然后呢", shown=Shown(first.passages[0].paragraph_id, last.text))
    assert after.answered and after.passages[0].paragraph_id != first.passages[0].paragraph_id
    assert after.passages[0].article_id == first.passages[0].article_id
    # without a shown answer, 后来呢 is an ordinary (topic-less) question
    assert not shared_kb.ask("后来呢").answered
