"""The global error handler: log the failure, tell the user, keep running."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import Forbidden, NetworkError

from bot import texts
from bot.context import BotContext
from bot.state import STATE_KEY
from bot.stats import Stats

log = logging.getLogger(__name__)


def _stats(context: BotContext) -> Stats | None:
    state = context.bot_data.get(STATE_KEY)
    return state.stats if state is not None else None


async def on_error(update: object, context: BotContext) -> None:
    error = context.error
    stats = _stats(context)
    if not isinstance(update, Update):
        # Polling hiccups (update is None): PTB retries with backoff; one line is enough.
        if isinstance(error, NetworkError):
            if stats is not None:
                stats.network_errors += 1
            log.warning("network error while talking to Telegram: %s", error)
        else:
            if stats is not None:
                stats.handler_errors += 1
            log.error("error outside an update", exc_info=error)
        return

    if stats is not None:
        stats.handler_errors += 1
    log.error("error while handling update %s", update.update_id, exc_info=error)
    if isinstance(error, Forbidden):  # blocked by the user or removed from the chat
        return
    if update.callback_query is not None:
        try:
            await update.callback_query.answer(texts.ERROR, show_alert=True)
            return
        except Exception:  # already answered (the failure came later): say it in the chat
            pass
    if update.effective_chat is None:  # inline queries have no chat to write to
        return
    try:
        await context.bot.send_message(update.effective_chat.id, texts.ERROR)
    except Exception as exc:  # the apology itself failed: nothing more to do
        log.warning("could not tell the user about the error: %s", exc)
