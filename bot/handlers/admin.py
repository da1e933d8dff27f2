"""Admin commands: /reload and /stats. Everyone else gets a polite refusal."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import ContextTypes

from bot import texts
from bot.access import is_admin
from bot.handlers.questions import send_reply
from bot.state import KbSummary, state_of

log = logging.getLogger(__name__)


def _is_admin(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    return is_admin(state_of(context).settings, update.effective_user, update.effective_message)


async def on_reload(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if not _is_admin(update, context):
        await send_reply(update, context, texts.NOT_ADMIN)
        return
    user = update.effective_user
    log.info("reload requested by admin %s", user.id if user else "?")
    result = await state_of(context).knowledge.reload(join_running=True)
    await send_reply(update, context, texts.reload_text(result))


async def on_stats(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if not _is_admin(update, context):
        await send_reply(update, context, texts.NOT_ADMIN)
        return
    state = state_of(context)
    text = texts.stats_text(
        state.stats.snapshot(), KbSummary.of(state.knowledge.kb), state.knowledge.last_reload
    )
    await send_reply(update, context, text)
