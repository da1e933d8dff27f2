"""Assembles the python-telegram-bot Application: builder options, state, handlers."""

from __future__ import annotations

import functools
import logging
from typing import Any

from telegram import BotCommand, Update
from telegram.constants import ParseMode
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    Defaults,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot import buttons, texts
from bot.access import MENTIONS_BOT, REPLY_TO_BOT
from bot.context import CONTEXT_TYPES
from bot.delivery import RetryingRateLimiter, RetryPolicy
from bot.dialogue import MemoryContextStore
from bot.handlers import admin, commands, errors, gate, inline, questions, upload
from bot.handlers import buttons as presses
from bot.knowledge_holder import KnowledgeHolder
from bot.previews import Previews
from bot.quota import Quota
from bot.settings import Settings
from bot.state import STATE_KEY, BotState
from bot.stats import Stats
from retrieval.answer.build import build_knowledge_base
from retrieval.answer.knowledge import KnowledgeBase

log = logging.getLogger(__name__)

# AIORateLimiter retries a request answered with 429 after Telegram's retry_after.
FLOOD_RETRIES = 3
# HTTP timeouts (seconds); read/write come from telegram.request_timeout, and getUpdates
# adds its long-poll timeout to the read timeout.
CONNECT_TIMEOUT = 10.0
POOL_TIMEOUT = 10.0

# Only what the handlers use; unset, Telegram keeps whatever an earlier run asked for.
ALLOWED_UPDATES = [Update.MESSAGE, Update.EDITED_MESSAGE, Update.CALLBACK_QUERY,
                   Update.INLINE_QUERY]

NEW = filters.UpdateType.MESSAGE
EDITED = filters.UpdateType.EDITED_MESSAGE
GROUPS = filters.ChatType.GROUPS
PRIVATE = filters.ChatType.PRIVATE
TEXT = filters.TEXT & ~filters.COMMAND
# In groups only a reply to the bot or an @mention of it is a question; the mention
# filter reads the bot's username when it runs, so it works from the first update.
GROUP_QUESTION = GROUPS & TEXT & (REPLY_TO_BOT | MENTIONS_BOT)


def build_application(
    settings: Settings,
    kb: KnowledgeBase,
    *,
    builder: ApplicationBuilder | None = None,
) -> Application[Any, Any, Any, Any, Any, Any]:
    """The whole bot, ready for run_polling / run_webhook (or manual start in tests).

    `builder` lets tests bring their own HTTP layer (e.g. a recording request). PTB refuses
    timeouts and pool sizes on a builder that has a request instance, so the HTTP options
    are set only on the default builder, whose HTTPXRequest they configure."""
    if builder is None:
        builder = http_options(ApplicationBuilder(), settings)
    builder = (
        builder.token(settings.token)
        .context_types(CONTEXT_TYPES)
        .defaults(Defaults(parse_mode=ParseMode.HTML, allow_sending_without_reply=True))
        # 429s are waited out by AIORateLimiter; network failures and 5xx are repeated
        # around it, as bot.delivery describes.
        .rate_limiter(RetryingRateLimiter(AIORateLimiter(max_retries=FLOOD_RETRIES),
                                          RetryPolicy.of(settings)))
        # Each update in its own task (bounded), so one slow chat never blocks the others.
        .concurrent_updates(settings.concurrent_updates)
        .post_init(post_init)
    )
    if settings.base_url:
        builder = builder.base_url(settings.base_url)
    if settings.base_file_url:
        builder = builder.base_file_url(settings.base_file_url)
    application = builder.build()

    application.bot_data[STATE_KEY] = BotState(
        settings=settings,
        knowledge=KnowledgeHolder(kb, functools.partial(build_knowledge_base, settings.retrieval),
                                  spawn=application.create_task),
        stats=Stats(recent_unanswered=settings.recent_unanswered),
        quota=Quota(settings.rate_limit_per_minute),
        dialogue=MemoryContextStore(settings.dialogue_seconds, settings.dialogue_chats),
        previews=Previews(settings.preview_minutes * 60.0),
    )
    add_handlers(application)
    return application


def http_options(builder: ApplicationBuilder, settings: Settings) -> ApplicationBuilder:
    """Timeouts and connection pool of the HTTPXRequests PTB creates."""
    return (
        builder.connect_timeout(CONNECT_TIMEOUT)
        .read_timeout(settings.request_timeout)
        .write_timeout(settings.request_timeout)
        .pool_timeout(POOL_TIMEOUT)
        .get_updates_connect_timeout(CONNECT_TIMEOUT)
        .get_updates_read_timeout(settings.request_timeout)
        .get_updates_pool_timeout(POOL_TIMEOUT)
        # Two, not PTB's one: the getUpdates that acknowledges the last updates at shutdown
        # must not queue behind the cancelled long poll's connection.
        .get_updates_connection_pool_size(2)
        # Enough connections for the concurrent handlers plus getUpdates.
        .connection_pool_size(max(8, min(settings.concurrent_updates, 128)))
    )


def add_handlers(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    # Group -1 runs first for every update and can stop it (access lists, quota).
    application.add_handler(TypeHandler(Update, gate.gate), group=-1)

    command = NEW  # CommandHandler itself ignores /cmd@OtherBot
    application.add_handlers([
        CommandHandler("start", commands.on_start, filters=command),
        CommandHandler("help", commands.on_help, filters=command),
        CommandHandler("ask", questions.on_ask, filters=command | EDITED),
        CommandHandler("topics", commands.on_topics, filters=command),
        CommandHandler("sources", commands.on_sources, filters=command),
        CommandHandler("reload", admin.on_reload, filters=command),
        CommandHandler("stats", admin.on_stats, filters=command),
        CommandHandler("uploads", admin.on_uploads, filters=command),
        CommandHandler("term", admin.on_term, filters=command),
        MessageHandler(PRIVATE & (NEW | EDITED) & TEXT, questions.on_private_text),
        MessageHandler(GROUP_QUESTION & (NEW | EDITED), questions.on_group_text),
        MessageHandler(PRIVATE & NEW & filters.Document.ALL, upload.on_document),
        MessageHandler(PRIVATE & NEW & filters.COMMAND, commands.on_unknown_command),
        MessageHandler(PRIVATE & NEW & ~filters.TEXT, commands.on_other_private),
        CallbackQueryHandler(presses.on_ask, pattern=buttons.ASK),
        CallbackQueryHandler(presses.on_more, pattern=buttons.MORE),
        CallbackQueryHandler(presses.on_full, pattern=buttons.FULL),
        CallbackQueryHandler(presses.on_wrong, pattern=buttons.WRONG),
        CallbackQueryHandler(presses.on_topics_page, pattern=buttons.TOPICS),
        CallbackQueryHandler(upload.on_upload_choice, pattern=buttons.UPLOAD),
        CallbackQueryHandler(admin.on_remove_choice, pattern=buttons.REMOVE),
        CallbackQueryHandler(presses.on_unknown_button),
        InlineQueryHandler(inline.on_inline_query),
    ])
    application.add_error_handler(errors.on_error)


async def post_init(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """After getMe: the command menu (cosmetic: a failure is logged, start-up goes on)."""
    try:
        await application.bot.set_my_commands([BotCommand(c, d) for c, d in texts.COMMANDS])
    except Exception as exc:
        log.warning("setMyCommands failed: %s", exc)
    kb = application.bot_data[STATE_KEY].knowledge.kb
    log.info("@%s ready: %d articles, %d paragraphs, index %s",
             application.bot.username, len(kb.articles), len(kb.paragraphs), kb.version)
