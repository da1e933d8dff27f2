"""/start, /help, /topics, /sources, and messages that are no questions."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatType

from bot import render, replies, texts
from bot.access import is_admin
from bot.buttons import Buttons
from bot.context import BotContext
from bot.knowledge_holder import KbSummary


def _examples_markup(context: BotContext) -> InlineKeyboardMarkup | None:
    kb = context.state.knowledge.kb
    examples = kb.example_questions(3)
    return render.markup(render.ask_buttons(context.state.buttons,
                                            [(q, q) for q in examples], per_row=1))


async def on_start(update: Update, context: BotContext) -> None:
    """Greets and offers three example questions (of different kinds) as buttons."""
    kb = context.state.knowledge.kb
    text = texts.start_text(KbSummary.of(kb), pages=len({a.source for a in kb.articles}))
    await replies.reply(update, text, _examples_markup(context))


async def on_help(update: Update, context: BotContext) -> None:
    chat = update.effective_chat
    text = texts.help_text(
        context.bot.username or "bot",
        private=chat is None or chat.type == ChatType.PRIVATE,
        is_admin=is_admin(context.state.settings, update.effective_user,
                          update.effective_message),
    )
    await replies.reply(update, text, _examples_markup(context))


def topics_page(context: BotContext, page: int) -> tuple[str, InlineKeyboardMarkup | None]:
    """One page of initiative names, each a button asking what it is, with ‹ › paging."""
    kb = context.state.knowledge.kb
    names = [t.name for t in kb.topics()]
    size = texts.TOPICS_PAGE_SIZE
    pages = max(1, (len(names) + size - 1) // size)
    page = min(max(0, page), pages - 1)
    shown = names[page * size: (page + 1) * size]
    buttons: Buttons = context.state.buttons
    rows = render.ask_buttons(buttons, [(n, f"{n}是什么") for n in shown])
    paging = []
    if page > 0:
        paging.append(InlineKeyboardButton("‹ 上一页", callback_data=Buttons.topics(page - 1)))
    if page + 1 < pages:
        paging.append(InlineKeyboardButton("下一页 ›", callback_data=Buttons.topics(page + 1)))
    rows.append(paging)
    if not names:
        return "资料里还没有识别出基层做法的名称。", None
    return texts.topics_header(len(names), page, pages), render.markup(rows)


async def on_topics(update: Update, context: BotContext) -> None:
    text, markup = topics_page(context, 0)
    await replies.reply(update, text, markup)


async def on_sources(update: Update, context: BotContext) -> None:
    kb = context.state.knowledge.kb
    admin = is_admin(context.state.settings, update.effective_user, update.effective_message)
    await replies.send_many(update, texts.sources_messages(
        kb.articles, kb.page_labels, kb.report.skipped, is_admin=admin))


async def on_unknown_command(update: Update, context: BotContext) -> None:
    await replies.reply(update, texts.UNKNOWN_COMMAND)


async def on_other_private(update: Update, context: BotContext) -> None:
    """Stickers, photos and the like in a private chat: explain how to ask."""
    await replies.reply(update, texts.PRIVATE_ONLY_TEXT, _examples_markup(context))



