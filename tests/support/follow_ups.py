"""Asking a follow-up the way the bot does: after an answer, with its topic, intent,
article and shown line (bot/handlers/questions.py passes the same to ask_all)."""

from __future__ import annotations

from retrieval.answer.knowledge import KnowledgeBase
from retrieval.models import Answer, Shown


def ask_after_answer(kb: KnowledgeBase, first: Answer, question: str,
                     topic: str | None = None) -> Answer:
    """`question` as a follow-up of the answer `first`; `topic` is the conversation's
    topic when it is not the first answer's own (the bot carries it across answers
    about no named thing)."""
    passage = first.passages[0]
    return kb.ask(question, topic=topic or (first.topic.name if first.topic else None),
                  asked_before=first.intent, article=passage.article_id,
                  shown=Shown(passage.paragraph_id, first.answer.text if first.answer else ""))


def ask_after(kb: KnowledgeBase, first_question: str, question: str) -> Answer:
    """`question` as a follow-up of the answer to `first_question`."""
    return ask_after_answer(kb, kb.ask(first_question), question)
