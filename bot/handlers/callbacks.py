"""Inline buttons: 更多结果, 全文 and suggested topics."""

from __future__ import annotations

import dataclasses
import logging

from telegram import Update
from telegram.ext import ContextTypes

from bot import callback_data as cb
from bot import render, texts
from bot.handlers.questions import answer_question, more_button_data, search, send_reply
from bot.state import state_of

log = logging.getLogger(__name__)


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    state = state_of(context)
    parsed = cb.parse(query.data)
    if parsed is None:
        await query.answer(texts.STALE, show_alert=True)
        return

    if isinstance(parsed, cb.Suggest):
        await query.answer()
        await answer_question(update, context, parsed.topic)
        return

    kb = state.knowledge.kb
    if parsed.version != cb.short_version(kb.version):
        # Numbers in the button refer to an index that has since been replaced.
        await query.answer(texts.STALE, show_alert=True)
        return

    if isinstance(parsed, cb.FullText):
        article = kb.article(parsed.article_id) if parsed.article_id >= 0 else None
        if article is None:
            await query.answer(texts.ARTICLE_GONE, show_alert=True)
            return
        await query.answer()
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
        await query.answer(texts.STALE, show_alert=True)
        return
    if update.effective_user is not None:
        decision = state.limiter.check(update.effective_user.id)
        if not decision.allowed:
            await query.answer(
                texts.rate_limited(decision.retry_after, state.settings.rate_limit_per_minute),
                show_alert=True,
            )
            return

    page = state.settings.more_passages
    offset = max(0, more.offset)
    # One extra passage tells whether another 更多结果 button makes sense.
    result = await search(state, question, page + 1, offset)
    passages = result.answer.passages[:page]
    if not passages:
        await query.answer(texts.NO_MORE)
        return
    next_more = None
    if len(result.answer.passages) > page:
        next_more = more_button_data(state, result.version, offset + page, question)
    answer = dataclasses.replace(result.answer, passages=passages)
    text, markup = render.more_message(answer, result.version, offset, more=next_more)
    await query.answer()
    await send_reply(update, context, text, markup)
