"""Inline mode: "@ThisBot 问题" in any chat lists up to five passages to send."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from telegram import InlineQuery, InlineQueryResultArticle, InputTextMessageContent, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot import callback_data as cb
from bot import render
from bot.handlers.questions import is_formatting_error, prepare_question, search
from bot.state import state_of
from retrieval.models import Answer

log = logging.getLogger(__name__)

MAX_RESULTS = 5
CACHE_SECONDS = 30  # Telegram may reuse results for this long; answers change only on reload


@dataclass(frozen=True)
class _Result:
    id: str
    title: str
    description: str
    html: str  # the message sent when the result is chosen

    def article(self, *, plain: bool = False) -> InlineQueryResultArticle:
        content = (
            InputTextMessageContent(render.html_to_plain(self.html), parse_mode=None)
            if plain else InputTextMessageContent(self.html, parse_mode=ParseMode.HTML)
        )
        return InlineQueryResultArticle(
            id=self.id, title=self.title, description=self.description,
            input_message_content=content,
        )


async def _answer(inline_query: InlineQuery, results: list[_Result]) -> None:
    """Answer with HTML results; if Telegram refuses the HTML, once more as plain text."""
    try:
        await inline_query.answer([r.article() for r in results], cache_time=CACHE_SECONDS)
    except BadRequest as exc:
        if not is_formatting_error(exc):
            raise
        log.warning("Telegram refused inline HTML (%s); answering with plain text", exc.message)
        await inline_query.answer(
            [r.article(plain=True) for r in results], cache_time=CACHE_SECONDS
        )


async def on_inline_query(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    started = time.perf_counter()
    inline_query = update.inline_query
    state = state_of(context)
    question, note = prepare_question(
        inline_query.query, state.settings.retrieval.max_question_chars
    )
    if not question:
        await inline_query.answer([], cache_time=CACHE_SECONDS)
        return

    result = await search(state, question, MAX_RESULTS)
    answer = result.answer
    heading = render.question_heading(question)
    version = cb.short_version(result.version)
    results: list[_Result] = []
    if answer.answered and answer.passages:
        for passage in answer.passages[:MAX_RESULTS]:
            # Each result sends the full answer built around its own passage.
            single = Answer(answer.query, True, (passage,), answer.terms)
            text, _ = render.found_message(single, result.version, note=note, heading=heading)
            results.append(_Result(
                id=f"{version}-{passage.paragraph_id}",
                title=render.inline_title(passage),
                description=render.inline_description(passage),
                html=text,
            ))
    else:
        text, _ = render.not_found_message(answer, note=note, heading=heading)
        hint = "、".join(answer.suggestions[:4])
        results.append(_Result(
            id=f"{version}-none",
            title="没有找到相关内容",
            description=render.clip(f"可以问问：{hint}" if hint else "换个说法试试", 200),
            html=text,
        ))
    await _answer(inline_query, results)

    total_ms = (time.perf_counter() - started) * 1000
    # Inline queries arrive while the user types: count them, but keep the
    # half-typed ones out of the "recent unanswered" list admins read.
    state.stats.record(question, answer.answered, total_ms, result.search_ms,
                       keep_unanswered=False)
    log.info(
        "question chat=inline answered=%s passages=%d search_ms=%.1f ms=%.1f",
        answer.answered, len(results), result.search_ms, total_ms,
    )
