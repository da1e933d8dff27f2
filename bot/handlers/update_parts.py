"""The part of an update a handler was registered for, typed as present.

PTB types every part of an Update as optional; a handler registered for callback
queries (or documents, or inline queries) always gets one, so a missing part means
the handler was wired to the wrong kind of update: a programming error, said loudly.
"""

from __future__ import annotations

from telegram import CallbackQuery, Document, InlineQuery, Message, Update, User


class WrongUpdate(TypeError):
    """A handler received a kind of update it was not registered for."""


def callback_query(update: Update) -> CallbackQuery:
    if update.callback_query is None:
        raise WrongUpdate("a callback-query handler got an update without one")
    return update.callback_query


def inline_query(update: Update) -> InlineQuery:
    if update.inline_query is None:
        raise WrongUpdate("an inline handler got an update without an inline query")
    return update.inline_query


def message(update: Update) -> Message:
    if update.effective_message is None:
        raise WrongUpdate("a message handler got an update without a message")
    return update.effective_message


def document(update: Update) -> Document:
    message = update.effective_message
    if message is None or message.document is None:
        raise WrongUpdate("a document handler got an update without a document")
    return message.document


def user(update: Update) -> User:
    if update.effective_user is None:
        raise WrongUpdate("a handler that needs the sender got an update without one")
    return update.effective_user
