"""Admin commands: /reload and /stats. Everyone else gets a polite refusal."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ChatAction

from bot import replies, texts
from bot.access import is_admin
from bot.context import BotContext
from bot.knowledge_holder import KbSummary

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
