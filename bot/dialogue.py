"""Dialogue context: what a conversation was last about, so follow-ups can be answered.

Pure logic, no Telegram: the handlers turn an update into a ConversationKey and ask
here which topic a question without one refers to. The memory is a small store with
expiry behind the ContextStore protocol; the in-memory one is an LRU bounded in size,
so memory does not grow with the number of users. A shared store (several replicas
serving one bot) only has to implement get and put.

What is remembered: per conversation, the last answered topic (an initiative or named
thing, as the corpus writes it), the article and paragraph the answer came from, its
answer line (article text) and the kind of question it answered (where, how many …);
per answer message, the same, so that a reply to that message is about it. Nothing
else — no question text, no user names.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Protocol

from bot.memory import ExpiringLRU


@dataclass(frozen=True)
class Turn:
    """What one answer was about."""

    topic: str | None  # the corpus's name for it; None: an answer about no named topic,
    # whose article a follow-up still continues in (主题党日叫啥名 after 民警去牧点讲了啥)
    article_id: int | None = None
    index_version: str = ""  # article ids change when the index is rebuilt
    intent: str = ""  # what it answered (where, number …): 党员呢 asks the same again
    paragraph_id: int | None = None  # where its answer line is: 后来呢 goes on from there
    line: str = ""  # the answer line shown (article text, never the user's)


@dataclass(frozen=True)
class ConversationKey:
    """Who is talking where. In groups each user has a conversation of their own, and
    each forum thread too; a private chat is one conversation."""

    chat_id: int
    user_id: int | None = None  # None in private chats
    thread_id: int | None = None

    @classmethod
    def of(cls, chat_id: int, user_id: int | None, *, private: bool,
           thread_id: int | None = None) -> ConversationKey:
        return cls(chat_id, None if private else user_id, thread_id)


@dataclass(frozen=True)
class AnswerKey:
    """One message the bot sent (a reply to it refers to its answer)."""

    chat_id: int
    message_id: int


Key = ConversationKey | AnswerKey


class ContextStore(Protocol):
    def get(self, key: Key) -> Turn | None: ...

    def put(self, key: Key, turn: Turn) -> None: ...


class MemoryContextStore(ExpiringLRU[Key, Turn]):
    """The in-memory ContextStore: turns kept `ttl` seconds, at most `capacity` of them."""


@dataclass(frozen=True)
class Recall:
    """The topic a new question may refer to, and where it came from."""

    topic: str | None
    article_id: int | None = None
    from_reply: bool = False  # the question replies to one of our answers
    intent: str | None = None  # what the last answer answered
    index_version: str = ""  # the index article_id and paragraph_id belong to
    paragraph_id: int | None = None
    line: str = ""


def recall(store: ContextStore, conversation: ConversationKey,
           replied_to: AnswerKey | None = None) -> Recall:
    """A reply to one of our answers is about that answer; otherwise the conversation's
    last topic (if it has not expired)."""
    if replied_to is not None:
        turn = store.get(replied_to)
        if turn is not None:
            return _recall_of(turn, from_reply=True)
    turn = store.get(conversation)
    return _recall_of(turn) if turn else Recall(None)


def _recall_of(turn: Turn, *, from_reply: bool = False) -> Recall:
    return Recall(turn.topic, turn.article_id, from_reply=from_reply,
                  intent=turn.intent or None, index_version=turn.index_version,
                  paragraph_id=turn.paragraph_id, line=turn.line)


def carried(turn: Turn, topic: str | None, article_id: int | None) -> Turn:
    """An answer about no named topic in the article the conversation was already in
    (一共多少钱 after 揭榜挂帅 questions) keeps the conversation's topic; one from another
    article leaves it."""
    if turn.topic is None and topic is not None and turn.article_id == article_id:
        return dataclasses.replace(turn, topic=topic)
    return turn


def remember(store: ContextStore, conversation: ConversationKey, turn: Turn,
             sent: AnswerKey | None = None) -> None:
    """After an answer: the conversation is now about its topic, and so is the message."""
    store.put(conversation, turn)
    if sent is not None:
        store.put(sent, turn)
