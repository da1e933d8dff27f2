"""Inline mode: "@ThisBot 问题" in any chat lists the answer (and a few more passages)
to send into that chat."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import time

from telegram import Update

from bot import buttons as kinds
from bot import render, replies, texts
from bot.buttons import Buttons
from bot.context import BotContext
from bot.conversation import Layout, reply_for
from bot.handlers import update_parts as parts
from bot.handlers.questions import prepare_question
from retrieval.models import Answer, AnswerLine, Passage

log = logging.getLogger(__name__)

MAX_RESULTS = 5


async def on_inline_query(update: Update, context: BotContext) -> None:
    started = time.perf_counter()
    inline_query = parts.inline_query(update)
    state = context.state
    question, note = prepare_question(inline_query.query,
                                      state.settings.retrieval.max_question_chars)
    if not question:
        await inline_query.answer([], cache_time=replies.INLINE_CACHE_SECONDS)
        return

    kb = state.knowledge.kb
    searched = time.perf_counter()
    answer = await asyncio.to_thread(kb.ask, question, MAX_RESULTS)
    search_ms = (time.perf_counter() - searched) * 1000
    heading = render.question_heading(question)
    version = kinds.short_version(kb.version)
    # Inline messages are sent by the user into any chat: buttons there would call back
    # into chats the bot may not be in, so the results carry none.
    no_buttons = Buttons()
    results: list[tuple[str, str, str, str]] = []
    if answer.answered and answer.passages:
        for passage in answer.passages[:MAX_RESULTS]:
            single = answer if passage.rank == 1 else _around(answer, passage)
            reply = reply_for([single], kb, no_buttons,
                              Layout(compact=True, shown=1, note=note, heading=heading))
            results.append((f"{version}-{passage.paragraph_id}",
                            render.inline_title(single, passage),
                            render.inline_description(passage), reply.text))
    else:
        reply = reply_for([answer], kb, no_buttons,
                          Layout(compact=True, shown=1, note=note, heading=heading))
        hint = "、".join(answer.did_you_mean or answer.suggestions[:4])
        results.append((f"{version}-none", texts.NOT_COVERED,
                        render.clip(f"可以问问：{hint}" if hint else "换个说法试试", 200),
                        reply.text))
    await replies.answer_inline(inline_query, results)

    total_ms = (time.perf_counter() - started) * 1000
    # Inline queries arrive while the user types: count them, but keep the
    # half-typed ones out of the "recent unanswered" list admins read.
    state.stats.record(question, answer.answered, total_ms, search_ms, keep_unanswered=False)
    log.info("question chat=inline answered=%s results=%d search_ms=%.1f ms=%.1f",
             answer.answered, len(results), search_ms, total_ms)


def _around(answer: Answer, passage: Passage) -> Answer:
    """The answer re-centred on a later passage: its sentence becomes the answer line."""
    return dataclasses.replace(answer, passages=(passage,),
                               answer=AnswerLine(passage.sentence, (), passage.rank))
