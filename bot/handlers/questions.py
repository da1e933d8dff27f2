"""Questions: private text, /ask, group mentions and replies, and edited questions.

Thin: clean the question, recall the conversation's topic, ask retrieval off the event
loop, turn the answers into a reply (bot.conversation), send it, remember the topic.
The quota is checked before any handler runs (handlers.gate).
"""

from __future__ import annotations

import asyncio
import logging
import time

from telegram import Message, Update
from telegram.constants import ChatType

from bot import dialogue, render, replies, texts
from bot.access import command_argument, replies_to_bot, strip_mentions, unmarked_command
from bot.context import BotContext
from bot.conversation import Layout, reply_for
from bot.handlers import update_parts as parts
from bot.state import SentAnswer
from retrieval.models import Shown

log = logging.getLogger(__name__)


def prepare_question(raw: str, max_chars: int) -> tuple[str, str]:
    """Sendable, trimmed question and a note for the user when it had to be cut."""
    question = render.clean_text(raw).strip()
    if len(question) > max_chars:
        return question[:max_chars], texts.question_cut(max_chars)
    return question, ""


def conversation_of(update: Update) -> dialogue.ConversationKey | None:
    chat, user, message = update.effective_chat, update.effective_user, update.effective_message
    if chat is None:
        return None
    in_thread = isinstance(message, Message) and bool(message.is_topic_message)
    thread = message.message_thread_id if in_thread and message is not None else None
    return dialogue.ConversationKey.of(chat.id, user.id if user else None,
                                       private=chat.type == ChatType.PRIVATE, thread_id=thread)


async def answer_question(update: Update, context: BotContext, raw_question: str,
                          *, topic: str | None = None) -> None:
    """The whole question path, shared by every way of asking (buttons included).

    `topic`: the topic a button's question was asked under (its conversation's)."""
    started = time.perf_counter()
    state = context.state
    settings = state.settings
    chat, message = update.effective_chat, update.effective_message
    private = chat is not None and chat.type == ChatType.PRIVATE
    question, note = prepare_question(raw_question, settings.retrieval.max_question_chars)
    if not question:
        await replies.reply(update, texts.ASK_USAGE, bot=context.bot)
        return

    conversation = conversation_of(update)
    replied_to = None
    if (isinstance(message, Message) and replies_to_bot(message) and chat is not None
            and message.reply_to_message is not None):
        replied_to = dialogue.AnswerKey(chat.id, message.reply_to_message.message_id)
    kb = state.knowledge.kb  # the index in use when the question arrived, even mid-reload
    asked_before, article, went = None, None, None
    if topic is None and conversation is not None:
        recalled = dialogue.recall(state.dialogue, conversation, replied_to)
        topic, asked_before = recalled.topic, recalled.intent
        if recalled.index_version == kb.version:  # article ids of another index mean nothing
            article = recalled.article_id
            if recalled.paragraph_id is not None and recalled.line:
                went = Shown(recalled.paragraph_id, recalled.line)
    shown = settings.retrieval.top_k if private else settings.group_passages
    searched = time.perf_counter()
    # One passage more than shown: whether 更多结果 would find anything.
    answers = await asyncio.to_thread(kb.ask_all, question, shown + 1, topic=topic,
                                      asked_before=asked_before, article=article,
                                      shown=went)
    search_ms = (time.perf_counter() - searched) * 1000
    reply = reply_for(answers, kb, state.buttons, Layout(compact=not private, shown=shown,
                                                          note=note), asked_topic=topic)

    previous = None
    if update.edited_message is not None and chat is not None:
        previous = state.answers.get((chat.id, update.edited_message.message_id))
    sent_id = None
    if previous is not None and await replies.edit(
            context.bot, previous.chat_id, previous.message_id, reply.text, reply.markup):
        sent_id = previous.message_id
    else:
        sent = await replies.reply(update, reply.text, reply.markup, bot=context.bot)
        sent_id = sent.message_id if sent is not None else None

    if chat is not None and sent_id is not None:
        if isinstance(message, Message) and update.callback_query is None:
            state.answers.put((chat.id, message.message_id), SentAnswer(chat.id, sent_id))
        if reply.turn is not None and conversation is not None:
            dialogue.remember(state.dialogue, conversation,
                              dialogue.carried(reply.turn, topic, article),
                              dialogue.AnswerKey(chat.id, sent_id))
    total_ms = (time.perf_counter() - started) * 1000
    state.stats.record(question, reply.answered, total_ms, search_ms)
    log.info("question chat=%s parts=%d answered=%s intent=%s search_ms=%.1f ms=%.1f",
             chat.type if chat else "?", len(answers), reply.answered, answers[0].intent,
             search_ms, total_ms)


async def on_private_text(update: Update, context: BotContext) -> None:
    """In a private chat any text is a question (but "/ask@ …" is still /ask)."""
    text = parts.message(update).text or ""
    command = unmarked_command(text)
    if command == "ask":
        await on_ask(update, context)
    elif command is not None:
        await replies.reply(update, texts.UNKNOWN_COMMAND)
    else:
        await answer_question(update, context, text)


async def on_group_text(update: Update, context: BotContext) -> None:
    """A group message that @mentions the bot or replies to one of its messages."""
    text = parts.message(update).text or ""
    await answer_question(update, context, strip_mentions(text, context.bot.username or ""))


async def on_ask(update: Update, context: BotContext) -> None:
    """/ask QUESTION anywhere. A bare /ask replying to someone's message asks that message."""
    message = parts.message(update)
    question = command_argument(message.text or "")
    replied = message.reply_to_message
    if not question and replied is not None and replied.text and not replies_to_bot(message):
        question = replied.text
    if not question:
        await replies.reply(update, texts.ASK_USAGE)
        return
    await answer_question(update, context, question)
