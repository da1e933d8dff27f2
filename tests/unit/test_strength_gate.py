"""bot.handlers.gate.asks_something (what the quota counts) for every kind of update, and
bot.handlers.update_parts refusing updates without the part a handler needs.

PYTEST_DONT_REWRITE: plain asserts, so that collecting this file stays cheap (the unit
layer's time budget); a failure still shows the failing line.
"""

from __future__ import annotations

from typing import Any

import pytest
from telegram import Update

from bot.handlers import update_parts as parts
from bot.handlers.gate import asks_something


class FakeBot:
    """What the filters read of the bot: its id and username."""

    id = 99
    username = "QaBot"
    defaults = None


USER = {"id": 1, "is_bot": False, "first_name": "U"}
PRIVATE = {"id": 1, "type": "private", "first_name": "U"}
GROUP = {"id": -5, "type": "supergroup", "title": "G"}
BOT_USER = {"id": 99, "is_bot": True, "first_name": "Bot", "username": "QaBot"}


def message(chat: dict, text: str | None, **extra: Any) -> dict:
    body: dict[str, Any] = {"message_id": 1, "date": 0, "chat": chat, "from": USER, **extra}
    if text is not None:
        body["text"] = text
        if text.startswith("/"):
            length = len(text.split()[0])
            body["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        elif "@" in text:
            at = text.index("@")
            length = len(text[at:].split()[0])
            body["entities"] = [{"type": "mention", "offset": at, "length": length}]
    return body


def update(**body: Any) -> Update:
    return Update.de_json({"update_id": 1, **body}, FakeBot())


def _private_messages_case(text, asks):
    assert asks_something(update(message=message(PRIVATE, text))) is asks


def test_private_messages():
    for text, asks in [
        ("红山村在哪", True),
        ("/start", False),
        ("/help", False),
        ("/ask 红山村在哪", True),
        ("/ask", True),
        ("/ask@QaBot 问题", True),
        ("/asked 问题", False),
        ("", False),
        (None, False),
    ]:
        _private_messages_case(text, asks)


def test_edited_private_messages_count_too():
    assert asks_something(update(edited_message=message(PRIVATE, "红山村在哪", edit_date=1)))


def _group_messages_case(text, extra, asks):
    assert asks_something(update(message=message(GROUP, text, **extra))) is asks


def test_group_messages():
    for text, extra, asks in [
        ("大家好", {}, False),
        ("@QaBot 红山村在哪", {}, True),
        ("@qabot 红山村在哪", {}, True),
        ("@OtherBot 红山村在哪", {}, False),
        (
            "红山村在哪",
            {
                "reply_to_message": {
                    "message_id": 0,
                    "date": 0,
                    "chat": GROUP,
                    "from": BOT_USER,
                    "text": "答",
                }
            },
            True,
        ),
        (
            "红山村在哪",
            {
                "reply_to_message": {
                    "message_id": 0,
                    "date": 0,
                    "chat": GROUP,
                    "from": USER,
                    "text": "问",
                }
            },
            False,
        ),
        ("/ask 红山村在哪", {}, True),
        ("/start", {}, False),
        (None, {}, False),
    ]:
        _group_messages_case(text, extra, asks)


def test_button_presses_and_inline_queries():
    press = {
        "id": "q1",
        "from": USER,
        "chat_instance": "c",
        "data": "f|x|1",
        "message": message(PRIVATE, "答"),
    }
    assert asks_something(update(callback_query=press))
    inline = {"id": "i1", "from": USER, "query": "红山村", "offset": ""}
    assert asks_something(update(inline_query=inline))
    assert not asks_something(update(inline_query={**inline, "query": "   "}))
    assert not asks_something(update(inline_query={**inline, "query": ""}))


def test_updates_without_a_message_ask_nothing():
    assert not asks_something(
        update(
            my_chat_member={
                "chat": GROUP,
                "from": USER,
                "date": 0,
                "old_chat_member": {"status": "left", "user": BOT_USER},
                "new_chat_member": {"status": "member", "user": BOT_USER},
            }
        )
    )
    assert not asks_something(
        update(
            channel_post={
                "message_id": 1,
                "date": 0,
                "text": "x",
                "chat": {"id": -9, "type": "channel"},
            }
        )
    )


def test_update_parts_give_the_part_or_refuse():
    press = {"id": "q1", "from": USER, "chat_instance": "c", "data": "x"}
    with_press = update(callback_query=press)
    assert parts.callback_query(with_press).data == "x"
    assert parts.user(with_press).id == 1
    inline = update(inline_query={"id": "i1", "from": USER, "query": "q", "offset": ""})
    assert parts.inline_query(inline).query == "q"
    text = update(message=message(PRIVATE, "hi"))
    assert parts.message(text).text == "hi"
    doc = update(
        message={
            **message(PRIVATE, None),
            "document": {"file_id": "f", "file_unique_id": "u", "file_name": "a.txt"},
        }
    )
    assert parts.document(doc).file_name == "a.txt"
    with pytest.raises(parts.WrongUpdate, match="callback-query"):
        parts.callback_query(text)
    with pytest.raises(parts.WrongUpdate, match="inline query"):
        parts.inline_query(text)
    with pytest.raises(parts.WrongUpdate, match="without a message"):
        parts.message(inline)
    with pytest.raises(parts.WrongUpdate, match="without a document"):
        parts.document(text)
    with pytest.raises(parts.WrongUpdate, match="without a document"):
        parts.document(inline)
    with pytest.raises(parts.WrongUpdate, match="sender"):
        parts.user(
            update(
                channel_post={
                    "message_id": 1,
                    "date": 0,
                    "text": "x",
                    "chat": {"id": -9, "type": "channel"},
                }
            )
        )
    assert issubclass(parts.WrongUpdate, TypeError)
