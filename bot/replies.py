"""Everything that goes out to Telegram: replies, edits, private messages, button
acknowledgements, inline answers and chat actions.

Network failures are repeated by the bot's rate limiter (bot.delivery). If Telegram
refuses our HTML itself ("can't parse entities"), the same text goes out once more as
plain text: a reply without bold is better than none. Parse mode (HTML) and quoting
(a reply quotes the question in groups, not in private chats) are PTB's Defaults.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from telegram import (
    CallbackQuery,
    InlineKeyboardMarkup,
    InlineQuery,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Message,
    Update,
)
from telegram.constants import ChatAction, ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, TelegramError

from bot.render import html_to_plain

log = logging.getLogger(__name__)

# Lower-cased fragments of the 400s that come from a message's formatting.
FORMATTING_ERRORS = ("can't parse entities", "message is too long")
INLINE_CACHE_SECONDS = 30  # Telegram may reuse inline results this long; answers change on reload


def is_formatting_error(exc: BadRequest) -> bool:
    """A 400 that only the message's formatting can cause."""
    message = exc.message.lower()
    return any(marker in message for marker in FORMATTING_ERRORS)


async def _html_or_plain(send: Callable[..., Awaitable[Any]], text: str, **kwargs: Any) -> Any:
    try:
        return await send(text, **kwargs)
    except BadRequest as exc:
        if not is_formatting_error(exc):
            raise
        log.warning("Telegram refused our HTML (%s); sending it as plain text", exc.message)
        return await send(html_to_plain(text), parse_mode=None, **kwargs)


async def reply(update: Update, text: str, markup: InlineKeyboardMarkup | None = None,
                *, bot: Any = None) -> Message | None:
    """Answer in the update's chat: as a reply to its message when there is one (PTB
    quotes it in groups), else as a new message (a button under an old message)."""
    message = update.effective_message
    if isinstance(message, Message):
        sent: Message = await _html_or_plain(message.reply_text, text, reply_markup=markup)
        return sent
    chat = update.effective_chat
    if chat is not None and bot is not None:
        return await send(bot, chat.id, text, markup)
    return None


async def send(bot: Any, chat_id: int, text: str,
               markup: InlineKeyboardMarkup | None = None) -> Message:
    async def post(body: str, **kwargs: Any) -> Message:
        return await bot.send_message(chat_id, body, **kwargs)

    sent: Message = await _html_or_plain(post, text, reply_markup=markup)
    return sent


async def send_many(update: Update, texts: Sequence[str], *, bot: Any = None) -> None:
    for text in texts:
        await reply(update, text, bot=bot)


async def edit(bot: Any, chat_id: int, message_id: int, text: str,
               markup: InlineKeyboardMarkup | None = None) -> bool:
    """Replace an earlier answer's text; False when it can no longer be edited."""
    async def change(body: str, **kwargs: Any) -> Any:
        return await bot.edit_message_text(body, chat_id=chat_id, message_id=message_id,
                                           **kwargs)

    try:
        await _html_or_plain(change, text, reply_markup=markup)
    except BadRequest as exc:
        if "not modified" in exc.message.lower():
            return True  # the same answer again: nothing to change
        log.info("could not edit message %s: %s", message_id, exc.message)
        return False
    return True


async def send_private(bot: Any, user_id: int, texts: Sequence[str]) -> bool:
    """Send to the user's private chat; False when the bot may not write there
    (the user never started it, or blocked it)."""
    try:
        for text in texts:
            await send(bot, user_id, text)
    except Forbidden:
        return False
    except BadRequest as exc:  # "chat not found": the user never opened a chat with us
        log.info("cannot write to user privately: %s", exc.message)
        return False
    return True


async def acknowledge(query: CallbackQuery, text: str | None = None, *,
                      alert: bool = False) -> None:
    """Answer a button press (stops the client's spinner). Its failure must not cost the
    user the content that follows: a repeat after a dropped connection gets "query is too
    old", and a press acknowledged late is only cosmetic."""
    try:
        await query.answer(text, show_alert=alert)
    except (BadRequest, NetworkError) as exc:  # BadRequest is a NetworkError; named for clarity
        log.warning("could not answer callback query: %s", exc)


def inline_result(result_id: str, title: str, description: str, html: str, *,
                  plain: bool = False) -> InlineQueryResultArticle:
    content = (InputTextMessageContent(html_to_plain(html), parse_mode=None) if plain
               else InputTextMessageContent(html, parse_mode=ParseMode.HTML))
    return InlineQueryResultArticle(id=result_id, title=title, description=description,
                                    input_message_content=content)


async def answer_inline(query: InlineQuery,
                        results: Sequence[tuple[str, str, str, str]]) -> None:
    """(id, title, description, html) results; as plain text if Telegram refuses the HTML."""
    try:
        await query.answer([inline_result(*r) for r in results],
                           cache_time=INLINE_CACHE_SECONDS)
    except BadRequest as exc:
        if not is_formatting_error(exc):
            raise
        log.warning("Telegram refused inline HTML (%s); answering with plain text", exc.message)
        await query.answer([inline_result(*r, plain=True) for r in results],
                           cache_time=INLINE_CACHE_SECONDS)


async def working(bot: Any, chat_id: int | None,
                  action: str = ChatAction.TYPING) -> None:
    """Show "typing…" (or "sending a file…") while something slow runs; cosmetic only."""
    if chat_id is None:
        return
    try:
        await bot.send_chat_action(chat_id, action)
    except TelegramError as exc:
        log.debug("chat action failed: %s", exc)
