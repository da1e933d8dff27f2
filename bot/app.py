"""Assembles the python-telegram-bot Application: builder options, state, handlers."""

from __future__ import annotations

import functools
import logging

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

from bot import texts
from bot.access import REPLY_TO_BOT
from bot.delivery import RetryingRateLimiter, RetryPolicy
from bot.handlers import admin, callbacks, commands, errors, gate, inline, questions, upload
from bot.settings import Settings
from bot.state import STATE_KEY, BotState, KnowledgeHolder, QuestionCache, RateLimiter, Stats
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
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY, Update.INLINE_QUERY]

# Only new messages: edits and channel posts are not questions.
NEW_MESSAGE = filters.UpdateType.MESSAGE
GROUPS = filters.ChatType.GROUPS
PRIVATE = filters.ChatType.PRIVATE


def build_application(
    settings: Settings,
    kb: KnowledgeBase,
    *,
    builder: ApplicationBuilder | None = None,
) -> Application:
    """The whole bot, ready for run_polling / run_webhook (or manual start in tests).

    `builder` lets tests pass extra builder options (e.g. shorter timeouts)."""
    builder = builder or ApplicationBuilder()
    builder = (
        builder.token(settings.token)
        .defaults(Defaults(parse_mode=ParseMode.HTML, allow_sending_without_reply=True))
        # 429s are waited out by AIORateLimiter; network failures and 5xx are repeated
        # around it, as bot.delivery describes.
        .rate_limiter(RetryingRateLimiter(AIORateLimiter(max_retries=FLOOD_RETRIES),
                                          RetryPolicy.of(settings)))
        # Each update in its own task (bounded), so one slow chat never blocks the others.
        .concurrent_updates(settings.concurrent_updates)
        .connect_timeout(CONNECT_TIMEOUT)
        .read_timeout(settings.request_timeout)
        .write_timeout(settings.request_timeout)
        .pool_timeout(POOL_TIMEOUT)
        .get_updates_connect_timeout(CONNECT_TIMEOUT)
        .get_updates_read_timeout(settings.request_timeout)
        .get_updates_pool_timeout(POOL_TIMEOUT)
        # Enough connections for the concurrent handlers plus getUpdates.
        .connection_pool_size(max(8, min(settings.concurrent_updates, 128)))
        .post_init(post_init)
    )
    if settings.base_url:
        builder = builder.base_url(settings.base_url)
    if settings.base_file_url:
        builder = builder.base_file_url(settings.base_file_url)
    application = builder.build()

    application.bot_data[STATE_KEY] = BotState(
        settings=settings,
        knowledge=KnowledgeHolder(kb, functools.partial(build_knowledge_base, settings.retrieval)),
        stats=Stats(recent_unanswered=settings.recent_unanswered),
        limiter=RateLimiter(settings.rate_limit_per_minute),
        questions=QuestionCache(),
    )
    add_handlers(application)
    return application


def add_handlers(application: Application) -> None:
    # Group -1 runs first for every update and can stop it (allow/block lists).
    application.add_handler(TypeHandler(Update, gate.gate), group=-1)

    command = NEW_MESSAGE  # CommandHandler itself ignores /cmd@OtherBot
    application.add_handlers([
        CommandHandler(["start", "help"], commands.on_help, filters=command),
        CommandHandler("ask", questions.on_ask, filters=command),
        CommandHandler("topics", commands.on_topics, filters=command),
        CommandHandler("sources", commands.on_sources, filters=command),
        CommandHandler("reload", admin.on_reload, filters=command),
        CommandHandler("stats", admin.on_stats, filters=command),
        MessageHandler(PRIVATE & NEW_MESSAGE & filters.TEXT & ~filters.COMMAND,
                       questions.on_private_text),
        # In groups only a reply to the bot (here) or an @mention (added in post_init,
        # when the bot's username is known) is a question; other chatter is ignored.
        MessageHandler(GROUPS & NEW_MESSAGE & filters.TEXT & ~filters.COMMAND & REPLY_TO_BOT,
                       questions.on_group_text),
        MessageHandler(PRIVATE & NEW_MESSAGE & filters.Document.ALL, upload.on_document),
        MessageHandler(PRIVATE & NEW_MESSAGE & filters.COMMAND, commands.on_unknown_command),
        MessageHandler(PRIVATE & NEW_MESSAGE & ~filters.TEXT, commands.on_other_private),
        CallbackQueryHandler(callbacks.on_button),
        InlineQueryHandler(inline.on_inline_query),
    ])
    application.add_error_handler(errors.on_error)


async def post_init(application: Application) -> None:
    """After getMe: register the @mention handler and the command menu."""
    username = application.bot.username
    application.add_handler(
        MessageHandler(
            GROUPS & NEW_MESSAGE & filters.TEXT & ~filters.COMMAND & filters.Mention(username),
            questions.on_group_text,
        )
    )
    try:
        await application.bot.set_my_commands([BotCommand(c, d) for c, d in texts.COMMANDS])
    except Exception as exc:  # a missing menu is cosmetic: log and keep starting
        log.warning("setMyCommands failed: %s", exc)
    kb = application.bot_data[STATE_KEY].knowledge.kb
    log.info("@%s ready: %d articles, %d paragraphs, index %s",
             username, len(kb.articles), len(kb.paragraphs), kb.version)
