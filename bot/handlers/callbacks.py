"""Inline buttons: 更多结果, 全文 and suggested topics."""

from __future__ import annotations

import dataclasses
import logging

from telegram import CallbackQuery, Update
from telegram.error import BadRequest, NetworkError
from telegram.ext import ContextTypes

from bot import callback_data as cb
from bot import render, texts
from bot.handlers.questions import answer_question, more_button_data, search, send_reply
from bot.state import state_of

log = logging.getLogger(__name__)


async def acknowledge(
    query: CallbackQuery, text: str | None = None, *, alert: bool = False
) -> None:
    """Answer the button press (stops the client's spinner). Its failure must not cost the
    user the content that follows: a repeat after a dropped connection gets "query is too
    old", and a press acknowledged late is only cosmetic."""
    try:
        await query.answer(text, show_alert=alert)
    except (BadRequest, NetworkError) as exc:  # BadRequest is a NetworkError; named for clarity
        log.warning("could not answer callback query: %s", exc)


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    state = state_of(context)
    parsed = cb.parse(query.data)
    if parsed is None:
        await acknowledge(query, texts.STALE, alert=True)
        return

    if isinstance(parsed, cb.Suggest):
        await acknowledge(query)
        await answer_question(update, context, parsed.topic)
        return

    kb = state.knowledge.kb
    if parsed.version != cb.short_version(kb.version):
        # Numbers in the button refer to an index that has since been replaced.
        await acknowledge(query, texts.STALE, alert=True)
        return

    if isinstance(parsed, cb.FullText):
        article = kb.article(parsed.article_id) if parsed.article_id >= 0 else None
        if article is None:
            await acknowledge(query, texts.ARTICLE_GONE, alert=True)
            return
        await acknowledge(query)
        for text in render.article_messages(article):
            await send_reply(update, context, text)
        return

    await show_more(update, context, parsed)


async def show_more(update: Update, context: ContextTypes.DEFAULT_TYPE, more: cb.More) -> None:
    query = update.callback_query
    state = state_of(context)
    question = more.question
    if question is None and more.cache_id is not None:
        question = state.questions.get(more.cache_id)
    if question is None:  # evicted, or from before a restart
        await acknowledge(query, texts.STALE, alert=True)
        return
    if update.effective_user is not None:
        decision = state.limiter.check(update.effective_user.id)
        if not decision.allowed:
            await acknowledge(
                query,
                texts.rate_limited(decision.retry_after, state.settings.rate_limit_per_minute),
                alert=True,
            )
            return

    page = state.settings.more_passages
    offset = max(0, more.offset)
    # One extra passage tells whether another 更多结果 button makes sense.
    result = await search(state, question, page + 1, offset)
    passages = result.answer.passages[:page]
    if not passages:
        await acknowledge(query, texts.NO_MORE)
        return
    next_more = None
    if len(result.answer.passages) > page:
        next_more = more_button_data(state, result.version, offset + page, question)
    answer = dataclasses.replace(result.answer, passages=passages)
    text, markup = render.more_message(answer, result.version, offset, more=next_more)
    await acknowledge(query)
    await send_reply(update, context, text, markup)
