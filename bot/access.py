"""Who may do what: admins, allow/block lists, and how a group message addresses the bot."""

from __future__ import annotations

import re

from telegram import Message, MessageEntity, Update, User
from telegram.ext import filters

from bot.settings import Settings

# Telegram's service accounts: GroupAnonymousBot sends for anonymous group admins,
# 777000 relays linked-channel posts. Their id says nothing about the real sender.
ANONYMOUS_ADMIN_ID = 1087968824
TELEGRAM_SERVICE_ID = 777000
_SERVICE_IDS = frozenset({ANONYMOUS_ADMIN_ID, TELEGRAM_SERVICE_ID})


def is_admin(settings: Settings, user: User | None, message: Message | None = None) -> bool:
    """A listed user id speaking as themself. A message sent on behalf of a chat
    (anonymous group admin, channel) is never an admin: we cannot tell who sent it."""
    if user is None or user.id in _SERVICE_IDS or user.is_bot:
        return False
    if message is not None and message.sender_chat is not None:
        return False
    return user.id in settings.admin_ids


def is_allowed(settings: Settings, update: Update) -> bool:
    """Admins always (the issue's rule), then the block list, then the optional allow lists."""
    user = update.effective_user
    chat = update.effective_chat
    if is_admin(settings, user, update.effective_message):
        return True
    if user is not None and user.id in settings.blocked_users:
        return False
    if settings.allowed_users and (user is None or user.id not in settings.allowed_users):
        return False
    # Inline queries have no chat; only the user list applies to them.
    chats = settings.allowed_chats
    return not (chats and chat is not None and chat.id not in chats)


def replies_to_bot(message: Message) -> bool:
    """Whether the message replies to a message this bot sent."""
    replied = message.reply_to_message
    return (replied is not None and replied.from_user is not None
            and replied.from_user.id == message.get_bot().id)


class ReplyToBot(filters.MessageFilter):
    """Messages that reply to a message this bot sent."""

    __slots__ = ()

    def filter(self, message: Message) -> bool:
        return replies_to_bot(message)


class MentionsBot(filters.MessageFilter):
    """Messages that @mention this bot. The username is read when the filter runs (it is
    known after getMe), so no handler has to be added once the bot has started. Usernames
    are case-insensitive ("@qatestbot" is a mention of QaTestBot); PTB's Mention is not."""

    __slots__ = ()

    def filter(self, message: Message) -> bool:
        username = message.get_bot().username
        if not username:
            return False
        wanted = f"@{username}".lower()
        mentions = message.parse_entities([MessageEntity.MENTION]).values()
        return any(text.lower() == wanted for text in mentions)


REPLY_TO_BOT = ReplyToBot(name="ReplyToBot")
MENTIONS_BOT = MentionsBot(name="MentionsBot")


def strip_mentions(text: str, username: str) -> str:
    """The question in "@ThisBot 问题" / "问题 @ThisBot": the text without our mention."""
    if not username:
        return text.strip()
    return re.sub(rf"@{re.escape(username)}\b", " ", text, flags=re.IGNORECASE).strip()


def command_argument(text: str) -> str:
    """Everything after the command word ("/ask@Bot  问题" → "问题"), newlines kept."""
    parts = text.split(maxsplit=1)
    return parts[1].strip() if len(parts) > 1 else ""


# "/ask@" or "/ask@ 问题": Telegram marks no bot_command entity (the "@" names no bot),
# so CommandHandler never sees them; in a private chat they still mean the command.
_UNMARKED_COMMAND = re.compile(r"^/([A-Za-z0-9_]{1,32})@\S*(?:\s|$)")


def unmarked_command(text: str) -> str | None:
    """The command word of "/cmd@…" text that Telegram did not mark as a command."""
    match = _UNMARKED_COMMAND.match(text)
    return match.group(1).lower() if match else None
