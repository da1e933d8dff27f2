"""/start, /help, /topics, /sources and unknown commands."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot import texts
from bot.access import is_admin
from bot.handlers.questions import send_reply
from bot.state import KbSummary, state_of


async def on_help(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/start and /help: what the bot knows, example questions from the corpus, usage."""
    state = state_of(context)
    kb = state.knowledge.kb
    text = texts.help_text(
        KbSummary.of(kb),
        sources=len({a.source for a in kb.articles}),
        examples=kb.example_questions(3),
        topics=[t.name for t in kb.topics()],
        bot_username=context.bot.username or "bot",
        is_admin=is_admin(state.settings, update.effective_user, update.effective_message),
    )
    await send_reply(update, context, text)


async def on_topics(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    kb = state_of(context).knowledge.kb
    for text in texts.topics_messages(kb.topics(), kb.articles):
        await send_reply(update, context, text)


async def on_sources(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    kb = state_of(context).knowledge.kb
    for text in texts.sources_messages(kb.articles, kb.report.skipped):
        await send_reply(update, context, text)


async def on_unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await send_reply(update, context, texts.UNKNOWN_COMMAND)


async def on_other_private(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stickers, photos and the like in a private chat: explain how to ask."""
    await send_reply(update, context, texts.PRIVATE_ONLY_TEXT)
