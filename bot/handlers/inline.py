"""Inline mode: "@ThisBot 问题" in any chat lists up to five passages to send."""

from __future__ import annotations

import logging
import time

from telegram import InlineQueryResultArticle, InputTextMessageContent, Update
from telegram.constants import ParseMode
from telegram.ext import ContextTypes

from bot import callback_data as cb
from bot import render
from bot.handlers.questions import prepare_question, search
from bot.state import state_of
from retrieval.models import Answer

log = logging.getLogger(__name__)

MAX_RESULTS = 5
CACHE_SECONDS = 30  # Telegram may reuse results for this long; answers change only on reload


def _content(text: str) -> InputTextMessageContent:
    return InputTextMessageContent(text, parse_mode=ParseMode.HTML)


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
    results: list[InlineQueryResultArticle] = []
    if answer.answered and answer.passages:
        for passage in answer.passages[:MAX_RESULTS]:
            # Each result sends the full answer built around its own passage.
            single = Answer(answer.query, True, (passage,), answer.terms)
            text, _ = render.found_message(single, result.version, note=note, heading=heading)
            results.append(
                InlineQueryResultArticle(
                    id=f"{version}-{passage.paragraph_id}",
                    title=render.inline_title(passage),
                    description=render.inline_description(passage),
                    input_message_content=_content(text),
                )
            )
    else:
        text, _ = render.not_found_message(answer, note=note, heading=heading)
        hint = "、".join(answer.suggestions[:4])
        results.append(
            InlineQueryResultArticle(
                id=f"{version}-none",
                title="没有找到相关内容",
                description=render.clip(f"可以问问：{hint}" if hint else "换个说法试试", 200),
                input_message_content=_content(text),
            )
        )
    await inline_query.answer(results, cache_time=CACHE_SECONDS)

    total_ms = (time.perf_counter() - started) * 1000
    # Inline queries arrive while the user types: count them, but keep the
    # half-typed ones out of the "recent unanswered" list admins read.
    state.stats.record(question, answer.answered, total_ms, result.search_ms,
                       keep_unanswered=False)
    log.info(
        "question chat=inline answered=%s passages=%d search_ms=%.1f ms=%.1f",
        answer.answered, len(results), result.search_ms, total_ms,
    )
