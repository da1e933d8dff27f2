"""Runs before every other handler (group -1): the access lists, then the per-user quota.

The quota is checked here, once, for every update that asks something: questions in
any chat, inline queries and button presses (each may cost a search and several
messages). Updates that ask nothing (group chatter, service messages) pass freely.
"""

from __future__ import annotations

import logging
from typing import TypeVar

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ApplicationHandlerStop, filters

from bot import replies, texts
from bot.access import MENTIONS_BOT, REPLY_TO_BOT, is_admin, is_allowed
from bot.buttons import Button
from bot.context import BotContext
from bot.handlers import update_parts as parts

log = logging.getLogger(__name__)
ButtonT = TypeVar("ButtonT", bound=Button)

_ASK_COMMAND = filters.Command() & filters.Regex(r"^/ask(?:@\w+)?(?:\s|$)")
_GROUP_QUESTION = filters.ChatType.GROUPS & filters.TEXT & (REPLY_TO_BOT | MENTIONS_BOT)


def asks_something(update: Update) -> bool:
    """Whether the update will cost a search: what the quota counts."""
    if update.callback_query is not None:
        return True
    if update.inline_query is not None:
        return bool(update.inline_query.query.strip())
    message = update.message or update.edited_message
    if message is None or message.chat is None:
        return False
    if message.chat.type == ChatType.PRIVATE:
        text = message.text or ""
        return bool(text) and not (text.startswith("/")
                                   and not _ASK_COMMAND.check_update(update))
    return bool(_GROUP_QUESTION.check_update(update) or _ASK_COMMAND.check_update(update))


async def gate(update: Update, context: BotContext) -> None:
    state = context.state
    user = update.effective_user
    if not is_allowed(state.settings, update):
        log.info("ignored update from user %s (access lists)", user.id if user else "?")
        raise ApplicationHandlerStop
    if user is None or not asks_something(update):
        return
    decision = state.quota.check(user.id)
    if decision.allowed:
        return
    log.info("quota: user update dropped (retry in %.0fs)", decision.retry_after)
    notice = texts.rate_limited(decision.retry_after, state.settings.rate_limit_per_minute)
    if update.callback_query is not None:
        await replies.acknowledge(update.callback_query, notice, alert=True)
    elif update.inline_query is not None:
        await update.inline_query.answer([], cache_time=0)
    elif decision.notify:
        await replies.reply(update, notice)
    raise ApplicationHandlerStop


async def admin_press(update: Update, context: BotContext, kind: type[ButtonT]) -> ButtonT | None:
    """The button an admin pressed, or None once the presser has been told why not: a
    button this bot no longer knows (STALE) or a presser who is not an admin."""
    query = parts.callback_query(update)
    parsed = context.state.buttons.parse(query.data)
    if not isinstance(parsed, kind):
        await replies.acknowledge(query, texts.STALE, alert=True)
        return None
    if not is_admin(context.state.settings, update.effective_user):
        await replies.acknowledge(query, texts.NOT_ADMIN, alert=True)
        return None
    return parsed
