"""What to say to a question: retrieval's answers → the reply's text, buttons and the
topic the conversation is now about.

Pure (no Telegram calls): the knowledge base's answers, the offers it can make and the
button factory go in; a Reply comes out. Topic, intent, small talk and near-names all
come from retrieval; nothing here re-detects them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from telegram import InlineKeyboardMarkup

from bot import render, texts
from bot.buttons import Buttons, Question
from bot.dialogue import Turn
from retrieval.models import Answer


class Offers(Protocol):
    """The part of the knowledge base a reply needs besides the answers."""

    @property
    def version(self) -> str: ...

    def offers(self, topic: str, skip: Sequence[str] = (), n: int = 2) -> list[tuple[str, str]]:
        ...

    def example_questions(self, n: int = 3) -> tuple[str, ...]: ...

    def suggestions(self, n: int = 5) -> tuple[str, ...]: ...


@dataclass(frozen=True)
class Reply:
    text: str
    markup: InlineKeyboardMarkup | None
    turn: Turn | None  # what the conversation is about after this reply (None: unchanged)
    answered: bool


@dataclass(frozen=True)
class Layout:
    compact: bool  # groups: answer line, evidence and citation only
    shown: int  # passages shown (the first + related ones); retrieval is asked for one
    #             more, which only tells whether 更多结果 has anything to show
    note: str = ""  # e.g. "the question was cut"
    heading: str = ""  # inline results repeat the question above the answer


def reply_for(answers: Sequence[Answer], kb: Offers, buttons: Buttons, layout: Layout,
              asked_topic: str | None = None) -> Reply:
    """The reply to one message's questions (one answer per question in it)."""
    if len(answers) > 1:
        return _several(answers, kb, buttons, layout)
    answer = answers[0]
    if answer.small_talk:
        return _with_examples(texts.small_talk(answer.small_talk), kb, buttons)
    if answer.answered and answer.passages:
        return _answered(answer, kb, buttons, layout, asked_topic)
    if answer.english:
        names = kb.suggestions(4)
        rows = render.ask_buttons(buttons, [(n, f"{n}是什么") for n in names])
        return Reply(render.escape(texts.ENGLISH), render.markup(rows), None, False)
    if answer.needs_topic:
        names = kb.suggestions(4)
        question = answer.query.strip()
        rows = render.ask_buttons(buttons, [(n, f"{n}{question}") for n in names])
        return Reply(texts.ASK_WHICH, render.markup(rows), None, False)
    return _not_found(answer, buttons, layout)


def _answered(answer: Answer, kb: Offers, buttons: Buttons, layout: Layout,
              asked_topic: str | None) -> Reply:
    main = answer.passages[0]
    topic = answer.topic.name if answer.topic else None
    question = Question(answer.query, asked_topic if _follows_up(answer) else None)
    offers: tuple[tuple[str, str], ...] = ()
    if topic and not layout.heading:
        offers = tuple((label, buttons.ask(Question(q)))
                       for label, q in kb.offers(topic, skip=(answer.intent,)))
    more = (buttons.more(kb.version, layout.shown, question)
            if len(answer.passages) > layout.shown else None)
    answer = dataclasses.replace(answer, passages=answer.passages[: layout.shown])
    markup = render.answer_markup(render.AnswerButtons(
        more=more if not layout.heading else None,
        full=buttons.full(kb.version, main.article_id),
        wrong=buttons.wrong(kb.version, main.paragraph_id, question) if not layout.heading
        else None,
        offers=offers,
    ))
    text = render.answer_text(answer, compact=layout.compact, heading=layout.heading,
                              note=layout.note)
    turn = Turn(topic, main.article_id, kb.version, answer.intent, main.paragraph_id,
                answer.answer.text if answer.answer else "")
    return Reply(text, markup, turn, True)


def _follows_up(answer: Answer) -> bool:
    return answer.topic is not None and answer.topic.source == "conversation"


def _several(answers: Sequence[Answer], kb: Offers, buttons: Buttons, layout: Layout) -> Reply:
    text = render.multi_answer_text(answers, texts.NOT_COVERED_PART, note=layout.note)
    answered = [a for a in answers if a.answered and a.passages]
    last = next((a for a in reversed(answered) if a.topic), answered[-1] if answered else None)
    turn = (Turn(last.topic.name if last.topic else None, last.passages[0].article_id,
                 kb.version, last.intent, last.passages[0].paragraph_id,
                 last.answer.text if last.answer else "")
            if last is not None else None)
    articles: dict[int, int] = {}  # article id -> the first part it answers
    for i, a in enumerate(answers, start=1):
        if a.answered and a.passages:
            articles.setdefault(a.passages[0].article_id, i)
    label = "全文" if len(articles) == 1 else "全文{}"
    rows = [[render.InlineKeyboardButton(label.format(render.number(i)),
                                         callback_data=buttons.full(kb.version, article_id))
             for article_id, i in articles.items()]]
    return Reply(text, render.markup(rows), turn, bool(answered))


def _with_examples(lead: str, kb: Offers, buttons: Buttons) -> Reply:
    examples = kb.example_questions(3)
    rows = render.ask_buttons(buttons, [(q, q) for q in examples], per_row=1)
    return Reply(render.escape(lead), render.markup(rows), None, False)


def _not_found(answer: Answer, buttons: Buttons, layout: Layout) -> Reply:
    lines = [render.escape(texts.NOT_COVERED)]
    if layout.heading:
        lines.insert(0, layout.heading)
    names = answer.did_you_mean or answer.suggestions
    if names:
        lines.append(texts.DID_YOU_MEAN if answer.did_you_mean else texts.TRY_THESE)
    pairs = [(name, f"{name}是什么") for name in names[:4]]
    if layout.note:
        lines.append(f"<i>{render.escape(layout.note)}</i>")
    rows = render.ask_buttons(buttons, pairs)
    return Reply("\n".join(lines), render.markup(rows), None, False)
