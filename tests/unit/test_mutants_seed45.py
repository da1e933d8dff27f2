"""Tests written for mutants that survived the seed-45 sample (bench/mutants.py --seed
45 --n 60): a question without a named topic keeps to passages about its topical
words, a definition line with no answer span marks the topic, and .md files are read
as Markdown."""

from __future__ import annotations

from retrieval.answer.knowledge import KnowledgeBase
from retrieval.corpus.formats import format_of

ELDERLY = ("老人", "老年人", "老龄")


def test_candidates_without_a_named_topic_mention_its_topical_words(shared_kb: KnowledgeBase):
    query = shared_kb.understand("老人吃饭的地方建了几个")
    assert query.topic is None and "老年人" in query.topic_forms
    candidates = shared_kb.ranked(query)
    assert candidates
    assert all(any(form in "".join(c.article.paragraphs) for form in ELDERLY)
               for c in candidates)


def test_a_definition_line_without_an_answer_span_marks_the_topic(shared_kb: KnowledgeBase):
    answer = shared_kb.ask("板凳议事会是什么")
    assert answer.answer is not None and answer.answer.spans
    a, b = answer.answer.spans[0]
    assert answer.answer.text[a:b] == "板凳议事会"


def test_markdown_files_are_read_as_markdown():
    assert format_of("notes.md") == "md"
    assert format_of("NOTES.MARKDOWN") == "md"
