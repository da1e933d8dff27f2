"""Admin commands: /reload, /stats, /uploads (list and take back) and /term. Everyone
else gets a polite refusal."""

from __future__ import annotations

import asyncio
import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatAction

from bot import render, replies, storage, texts
from bot.access import command_argument, is_admin
from bot.buttons import Buttons, RemoveChoice
from bot.context import BotContext
from bot.handlers import update_parts as parts
from bot.handlers.gate import admin_press
from bot.knowledge_holder import KbSummary
from bot.upload_registry import UploadRegistry
from retrieval.text.dictionary import valid_term

log = logging.getLogger(__name__)


def _is_admin(update: Update, context: BotContext) -> bool:
    return is_admin(context.state.settings, update.effective_user, update.effective_message)


async def on_reload(update: Update, context: BotContext) -> None:
    if not _is_admin(update, context):
        await replies.reply(update, texts.NOT_ADMIN)
        return
    user = update.effective_user
    log.info("reload requested by admin %s", user.id if user else "?")
    chat = update.effective_chat
    await replies.working(context.bot, chat.id if chat else None, ChatAction.TYPING)
    result = await context.state.knowledge.reload(join_running=True)
    await replies.reply(update, texts.reload_text(result))


async def on_stats(update: Update, context: BotContext) -> None:
    if not _is_admin(update, context):
        await replies.reply(update, texts.NOT_ADMIN)
        return
    state = context.state
    text = texts.stats_text(
        state.stats.snapshot(), KbSummary.of(state.knowledge.kb), state.knowledge.last_reload
    )
    await replies.reply(update, text)


async def on_uploads(update: Update, context: BotContext) -> None:
    """/uploads: what admins added, newest first, each with a remove button."""
    if not _is_admin(update, context):
        await replies.reply(update, texts.NOT_ADMIN)
        return
    records = UploadRegistry(context.state.settings.retrieval.uploads_dir).records()
    rows = [[InlineKeyboardButton(f"删除 {render.clip(r.file, 20)}",
                                  callback_data=Buttons.remove("ask", r.id))] for r in records[:20]]
    await replies.reply(update, texts.uploads_list(records), render.markup(rows))


async def on_remove_choice(update: Update, context: BotContext) -> None:
    """删除 → 确定删除 / 取消 → the file is removed and the index rebuilt."""
    query = parts.callback_query(update)
    state = context.state
    parsed = await admin_press(update, context, RemoveChoice)
    if parsed is None:
        return
    registry = UploadRegistry(state.settings.retrieval.uploads_dir)
    record = registry.get(parsed.upload_id)
    if record is None:
        await replies.acknowledge(query, texts.UPLOAD_GONE, alert=True)
        return
    await replies.acknowledge(query)
    if parsed.action == "ask":
        confirm = InlineKeyboardMarkup([[
            InlineKeyboardButton("确定删除", callback_data=Buttons.remove("yes", record.id)),
            InlineKeyboardButton("取消", callback_data=Buttons.remove("no", record.id))]])
        await replies.reply(update, texts.remove_confirm(record), confirm, bot=context.bot)
        return
    if parsed.action == "no":
        await replies.reply(update, texts.REMOVE_CANCELLED, bot=context.bot)
        return
    folder = state.settings.retrieval.uploads_dir
    async with state.upload_lock:
        try:
            aside = await asyncio.to_thread(storage.set_aside, folder / record.file)
        except OSError as exc:
            await replies.reply(update, texts.upload_not_written(exc), bot=context.bot)
            return
        result = await state.knowledge.reload(join_running=False)
        if not result.ok:
            storage.restore(aside)
            await replies.reply(update, texts.reload_text(result), bot=context.bot)
            return
        storage.remove_quietly(aside)
        registry.remove(record.id, parts.user(update).id)
    log.info("upload removed by admin %s: uploads/%s (%s)", parts.user(update).id,
             record.file, "、".join(record.titles[:5]))
    await replies.reply(update, texts.removed(record, result), bot=context.bot)


async def on_term(update: Update, context: BotContext) -> None:
    """/term 新名称: keep an initiative name whole in searches and list it in /topics."""
    if not _is_admin(update, context):
        await replies.reply(update, texts.NOT_ADMIN)
        return
    name = command_argument(parts.message(update).text or "")
    if not valid_term(name):
        await replies.reply(update, texts.TERM_USAGE)
        return
    path = context.state.settings.retrieval.admin_terms_file
    try:
        await asyncio.to_thread(storage.add_term, path, name)
    except OSError as exc:
        await replies.reply(update, texts.upload_not_written(exc))
        return
    log.info("term added by admin %s: %s", parts.user(update).id, name)
    await replies.reply(update, texts.term_added(name))
