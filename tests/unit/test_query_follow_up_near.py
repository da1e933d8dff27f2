"""A follow-up in a conversation (retrieval/answer/query.py understand): a misspelt name
it is not sure of is read as the conversation's topic, and no did-you-mean is offered."""

from __future__ import annotations

from retrieval.answer.forms import question_forms
from retrieval.answer.names import NameIndex
from retrieval.answer.query import Resources, understand
from retrieval.text.normalize import normalize
from retrieval.text.tokenizer import Tokenizer

PARAGRAPHS = ["石榴籽议事厅每月开一次会。", "社区居民参加议事。"]


def _resources() -> Resources:
    tokenizer = Tokenizer({"石榴籽议事厅"})
    docs = [set(tokenizer.tokens(p)) for p in PARAGRAPHS]
    names = NameIndex.build(["石榴籽议事厅"], [], normalize("\n".join(PARAGRAPHS)))
    return Resources(question_forms(), tokenizer, names,
                     lambda token: sum(token in d for d in docs),
                     lambda text: sum(text in normalize(p) for p in PARAGRAPHS), len(PARAGRAPHS))


def test_a_doubtful_name_out_of_a_conversation_is_offered():
    query = understand("那个石榴果议事厅呢", _resources())
    assert query.did_you_mean == ("石榴籽议事厅",) and query.topic is None


def test_a_follow_up_about_the_conversations_topic_offers_no_did_you_mean():
    query = understand("那个石榴果议事厅呢", _resources(), topic="石榴籽议事厅")
    assert query.topic is not None and query.topic.source == "conversation"
    assert query.did_you_mean == ()
