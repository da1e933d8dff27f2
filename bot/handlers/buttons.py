"""Inline buttons, one handler per kind (routed by bot.app with CallbackQueryHandler
patterns from bot.buttons): 更多结果, 全文, asking a suggested question, 👎, /topics pages.

In a group, 更多结果 and 全文 go to the presser's private chat when the bot may write
there (a short notice says so in the group); otherwise 全文 comes as one collapsed
quotation in the group — never a flood of messages for everyone.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging

from telegram import CallbackQuery, Update
from telegram.constants import ChatType

from bot import buttons as kinds
from bot import render, replies, texts
from bot.context import BotContext
from bot.handlers import update_parts as parts
from bot.handlers.commands import topics_page
from bot.handlers.questions import answer_question

log = logging.getLogger(__name__)


def _in_group(update: Update) -> bool:
    chat = update.effective_chat
    return chat is not None and chat.type != ChatType.PRIVATE


def _current(context: BotContext, version: str) -> bool:
    return version == kinds.short_version(context.state.knowledge.kb.version)


async def on_ask(update: Update, context: BotContext) -> None:
    query = parts.callback_query(update)
    parsed = context.state.buttons.parse(query.data)
    if not isinstance(parsed, kinds.Ask):
        await replies.acknowledge(query, texts.STALE, alert=True)
        return
    await replies.acknowledge(query)
    await answer_question(update, context, parsed.question.text, topic=parsed.question.topic)


async def on_full(update: Update, context: BotContext) -> None:
    query = parts.callback_query(update)
    parsed = context.state.buttons.parse(query.data)
    kb = context.state.knowledge.kb
    if not isinstance(parsed, kinds.FullText) or not _current(context, parsed.version):
        await replies.acknowledge(query, texts.STALE, alert=True)
        return
    article = kb.article(parsed.article_id) if parsed.article_id >= 0 else None
    if article is None:
        await replies.acknowledge(query, texts.ARTICLE_GONE, alert=True)
        return
    messages = render.article_messages(article, kb.page_label(article.source))
    await _deliver(update, context, query, messages,
                   group_fallback=render.article_quotation(article, kb.page_label(article.source)))


async def on_more(update: Update, context: BotContext) -> None:
    query = parts.callback_query(update)
    state = context.state
    parsed = state.buttons.parse(query.data)
    if not isinstance(parsed, kinds.More) or not _current(context, parsed.version):
        await replies.acknowledge(query, texts.STALE, alert=True)
        return
    page = state.settings.more_passages
    offset = max(0, parsed.offset)
    kb = state.knowledge.kb
    # One extra passage tells whether another 更多结果 button makes sense.
    answer = await asyncio.to_thread(kb.ask, parsed.question.text, page + 1, offset,
                                     topic=parsed.question.topic)
    passages = answer.passages[:page]
    if not passages:
        await replies.acknowledge(query, texts.NO_MORE_FOUND)
        return
    shown = dataclasses.replace(answer, passages=passages)
    text = render.more_text(shown, offset)
    rows = []
    if len(answer.passages) > page:
        rows.append([render.InlineKeyboardButton(
            "更多结果", callback_data=state.buttons.more(kb.version, offset + page,
                                                      parsed.question))])
    first: dict[int, int] = {}  # article id -> the number of its first passage shown
    for number, p in enumerate(passages, start=offset + 1):  # as more_text numbers them
        first.setdefault(p.article_id, number)
    rows.append([render.InlineKeyboardButton(
        f"全文{render.number(rank)}" if len(first) > 1 else "全文",
        callback_data=state.buttons.full(kb.version, article_id))
        for article_id, rank in list(first.items())[:3]])
    markup = render.markup(rows)
    if _in_group(update):
        await _deliver(update, context, query, [text], group_fallback=text, markup=markup)
        return
    await replies.acknowledge(query)
    await replies.reply(update, text, markup, bot=context.bot)


async def _deliver(update: Update, context: BotContext, query: CallbackQuery,
                   messages: list[str], *, group_fallback: str,
                   markup: render.InlineKeyboardMarkup | None = None) -> None:
    """Private chat: send here. Group: to the presser privately (notice in the group),
    or, when the bot may not write to them, one message in the group."""
    if not _in_group(update):
        await replies.acknowledge(query)
        for i, text in enumerate(messages):
            last = i == len(messages) - 1
            await replies.reply(update, text, markup if last else None, bot=context.bot)
        return
    user = update.effective_user
    if user is not None and await replies.send_private(context.bot, user.id, messages):
        await replies.acknowledge(query, texts.SENT_PRIVATELY)
        await replies.reply(update, render.escape(
            f"{user.first_name or '你'}，{texts.SENT_PRIVATELY}"), bot=context.bot)
        return
    await replies.acknowledge(query)
    await replies.reply(update, group_fallback, markup, bot=context.bot)


async def on_wrong(update: Update, context: BotContext) -> None:
    query = parts.callback_query(update)
    parsed = context.state.buttons.parse(query.data)
    if not isinstance(parsed, kinds.Wrong):
        await replies.acknowledge(query, texts.STALE, alert=True)
        return
    context.state.stats.record_wrong(parsed.question.text)
    log.info("answer marked wrong (paragraph %s)", parsed.paragraph_id)
    await replies.acknowledge(query, texts.WRONG_THANKS)


async def on_topics_page(update: Update, context: BotContext) -> None:
    query = parts.callback_query(update)
    parsed = context.state.buttons.parse(query.data)
    if not isinstance(parsed, kinds.TopicsPage):
        await replies.acknowledge(query, texts.STALE, alert=True)
        return
    text, markup = topics_page(context, parsed.page)
    await replies.acknowledge(query)
    message = query.message
    if message is None or not await replies.edit(
            context.bot, message.chat.id, message.message_id, text, markup):
        await replies.reply(update, text, markup, bot=context.bot)


async def on_unknown_button(update: Update, context: BotContext) -> None:
    """A button this bot did not make (or from a much older version)."""
    await replies.acknowledge(parts.callback_query(update), texts.STALE, alert=True)
