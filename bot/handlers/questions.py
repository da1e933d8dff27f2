"""Questions: private text, /ask, group mentions and replies, suggestion buttons.

Handlers stay thin: clean the question, check the rate limit, search off the event loop,
render, reply, record timing.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatType
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot import callback_data as cb
from bot import render, texts
from bot.access import command_argument, strip_mentions, unmarked_command
from bot.state import BotState, state_of
from retrieval.models import Answer

log = logging.getLogger(__name__)

# Lower-cased fragments of the 400s that come from a message's formatting.
FORMATTING_ERRORS = ("can't parse entities", "message is too long")


@dataclass(frozen=True)
class Search:
    answer: Answer
    version: str
    search_ms: float


def prepare_question(raw: str, max_chars: int) -> tuple[str, str]:
    """Sendable, trimmed question and a note for the user when it had to be cut."""
    question = render.clean_text(raw).strip()
    if len(question) > max_chars:
        return question[:max_chars], texts.question_cut(max_chars)
    return question, ""


async def search(state: BotState, question: str, top_k: int, offset: int = 0) -> Search:
    """Ask the current index in a worker thread: the event loop keeps serving other chats."""
    kb = state.knowledge.kb  # the index in use when the question arrived, even mid-reload
    started = time.perf_counter()
    answer = await asyncio.to_thread(kb.ask, question, top_k=top_k, offset=offset)
    return Search(answer, kb.version, (time.perf_counter() - started) * 1000)


async def send_reply(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    text: str,
    markup: InlineKeyboardMarkup | None = None,
) -> None:
    """Reply in the update's chat; in groups quote the message being answered.

    Network failures are repeated by the bot's rate limiter (bot.delivery). If Telegram
    refuses the HTML itself, the same text goes out once more as plain text: a reply
    without bold is better than none.
    """
    try:
        await _send(update, context, text, markup, html=True)
    except BadRequest as exc:
        if not is_formatting_error(exc):
            raise
        log.warning("Telegram refused our HTML (%s); sending it as plain text", exc.message)
        await _send(update, context, render.html_to_plain(text), markup, html=False)


def is_formatting_error(exc: BadRequest) -> bool:
    """A 400 that only the message's formatting can cause."""
    message = exc.message.lower()
    return any(marker in message for marker in FORMATTING_ERRORS)


async def _send(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    text: str,
    markup: InlineKeyboardMarkup | None,
    *,
    html: bool,
) -> None:
    message = update.effective_message
    chat = update.effective_chat
    quote = chat is not None and chat.type != ChatType.PRIVATE
    # parse_mode=None overrides the HTML default of the Application's Defaults.
    mode = {} if html else {"parse_mode": None}
    if isinstance(message, Message):
        await message.reply_text(text, reply_markup=markup, do_quote=quote, **mode)
    elif chat is not None:  # a button under a message too old to be accessible
        await context.bot.send_message(chat.id, text, reply_markup=markup, **mode)


def more_button_data(state: BotState, version: str, offset: int, question: str) -> str:
    data = cb.more_data(version, offset, question)
    if data is None:  # too long for 64 bytes: keep it server-side under a short id
        data = cb.more_data_cached(version, offset, state.questions.put(question))
    return data


async def answer_question(
    update: Update, context: ContextTypes.DEFAULT_TYPE, raw_question: str
) -> None:
    """The whole question path, shared by every way of asking."""
    started = time.perf_counter()
    state = state_of(context)
    settings = state.settings
    chat = update.effective_chat
    user = update.effective_user
    chat_type = chat.type if chat else "unknown"

    question, note = prepare_question(raw_question, settings.retrieval.max_question_chars)
    if not question:
        await send_reply(update, context, texts.ASK_USAGE)
        return
    if user is not None:
        decision = state.limiter.check(user.id)
        if not decision.allowed:
            log.info("question chat=%s rate_limited", chat_type)
            if decision.notify:
                await send_reply(
                    update, context,
                    texts.rate_limited(decision.retry_after, settings.rate_limit_per_minute),
                )
            return

    compact = chat_type != ChatType.PRIVATE
    top_k = settings.group_passages if compact else settings.retrieval.top_k
    result = await search(state, question, top_k)
    answer = result.answer
    more = None
    if answer.answered and len(answer.passages) >= top_k:
        more = more_button_data(state, result.version, len(answer.passages), question)
    text, markup = render.answer_message(answer, result.version, more=more, note=note)
    await send_reply(update, context, text, markup)

    total_ms = (time.perf_counter() - started) * 1000
    state.stats.record(question, answer.answered, total_ms, result.search_ms)
    log.info(
        "question chat=%s answered=%s passages=%d search_ms=%.1f ms=%.1f",
        chat_type, answer.answered, len(answer.passages), result.search_ms, total_ms,
    )


async def on_private_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """In a private chat any text is a question (but "/ask@ …" is still /ask)."""
    text = update.effective_message.text or ""
    command = unmarked_command(text)
    if command == "ask":
        await on_ask(update, context)
    elif command is not None:
        await send_reply(update, context, texts.UNKNOWN_COMMAND)
    else:
        await answer_question(update, context, text)


async def on_group_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A group message that @mentions the bot or replies to one of its messages."""
    text = update.effective_message.text or ""
    await answer_question(update, context, strip_mentions(text, context.bot.username or ""))


async def on_ask(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/ask QUESTION anywhere. A bare /ask replying to someone's message asks that message."""
    message = update.effective_message
    question = command_argument(message.text or "")
    replied = message.reply_to_message
    if not question and replied is not None and replied.text:
        question = replied.text
    if not question:
        await send_reply(update, context, texts.ASK_USAGE)
        return
    await answer_question(update, context, question)
