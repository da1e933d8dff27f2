"""Every message the bot may send for one question, built with the bot's own functions
(prepare_question → kb.ask_all → conversation.reply_for → render), and the checks Telegram
applies to them. Used by the property tests with the stub knowledge base (unit) and with
the real one (e2e)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

from telegram import InlineKeyboardMarkup

from bot import render, texts
from bot.buttons import Buttons, fits
from bot.conversation import Layout, reply_for
from bot.handlers.questions import prepare_question
from support.telegram_rules import MAX_TEXT_UTF16, ApiError, format_text

MAX_QUESTION_CHARS = 500  # config.yaml answer.max_question_chars


def assert_sendable(message: str) -> None:
    """What the Bot API would say to sendMessage(text=message, parse_mode=HTML)."""
    assert render.tg_len(message) <= MAX_TEXT_UTF16
    try:
        shown, _ = format_text(message, "HTML")  # strict: stricter than Telegram itself
    except ApiError as exc:  # pragma: no cover - the failure message is the point
        raise AssertionError(f"{exc.description}\n{message[:500]!r}") from None
    assert shown.strip(), "Telegram refuses an empty message"
    plain = render.html_to_plain(message)  # the fallback must be sendable as well
    assert render.tg_len(plain) <= MAX_TEXT_UTF16 and plain.strip()


def assert_buttons(markup: InlineKeyboardMarkup | None) -> None:
    for row in (markup.inline_keyboard if markup else ()):
        for button in row:
            assert fits(button.callback_data), button.callback_data


def question_path(kb: Any, raw: str, shown: int) -> Iterable[str]:
    """The answer (as in a private chat with `shown` passages, or a group with 1), the
    inline results, the next 更多结果 page and the articles behind the 全文 buttons."""
    buttons = Buttons()
    question, note = prepare_question(raw, MAX_QUESTION_CHARS)
    if not question:
        yield texts.ASK_USAGE
        return
    answers = kb.ask_all(question, shown + 1)
    reply = reply_for(answers, kb, buttons, Layout(compact=shown == 1, shown=shown, note=note))
    assert_buttons(reply.markup)
    yield reply.text
    answer = kb.ask(question, 5)
    heading = render.question_heading(question)
    for passage in answer.passages if answer.answered else ():
        single = dataclasses.replace(answer, passages=(passage,))
        inline = reply_for([single], kb, buttons, Layout(True, 1, note=note, heading=heading))
        yield inline.text
        yield render.inline_title(single, passage) or "?"
        article = kb.article(passage.article_id)
        yield render.article_messages(article, kb.page_label(article.source))[0]
        yield render.article_quotation(article, kb.page_label(article.source))
    if not answer.answered:
        yield reply_for([answer], kb, buttons, Layout(True, 1, note=note, heading=heading)).text
        return
    page = kb.ask(question, 3, shown)
    if page.passages:
        yield render.more_text(page, shown)
