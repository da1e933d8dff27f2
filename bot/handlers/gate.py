"""Runs before every other handler: drops updates from blocked or not-allowed users/chats."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.access import is_allowed
from bot.state import state_of

log = logging.getLogger(__name__)


async def gate(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if not is_allowed(state_of(context).settings, update):
        user = update.effective_user
        log.info("ignored update from user %s (access lists)", user.id if user else "?")
        raise ApplicationHandlerStop
