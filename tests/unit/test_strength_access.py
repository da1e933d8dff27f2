"""bot.access: who is an admin, who may ask (admins, block list, allow lists), and the
text helpers for mentions and commands."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from telegram import User

from bot import access
from bot.settings import Settings
from retrieval.config import retrieval_config_from_mapping

RETRIEVAL = retrieval_config_from_mapping({}, Path("/srv"))


def settings(**kw) -> Settings:
    return Settings(token="t", retrieval=RETRIEVAL, config_path=Path("/srv/c.yaml"), **kw)


def user(uid: int, bot: bool = False) -> User:
    return User(uid, "n", bot)


def message(sender_chat: object = None) -> SimpleNamespace:
    return SimpleNamespace(sender_chat=sender_chat)


def update(uid: int | None, chat: int | None = 1, sender_chat: object = None) -> SimpleNamespace:
    return SimpleNamespace(
        effective_user=None if uid is None else user(uid),
        effective_chat=None if chat is None else SimpleNamespace(id=chat),
        effective_message=message(sender_chat))


def test_service_ids():
    assert access.ANONYMOUS_ADMIN_ID == 1087968824
    assert access.TELEGRAM_SERVICE_ID == 777000


def test_is_admin():
    s = settings(admin_ids=frozenset({5, 777000, 1087968824, 6}))
    assert access.is_admin(s, user(5)) is True
    assert access.is_admin(s, user(5), message()) is True
    assert access.is_admin(s, user(7)) is False
    assert access.is_admin(s, None) is False
    assert access.is_admin(s, user(777000)) is False
    assert access.is_admin(s, user(1087968824)) is False
    assert access.is_admin(s, user(6, bot=True)) is False
    assert access.is_admin(s, user(5), message(sender_chat=object())) is False


def test_is_allowed_order_of_rules():
    s = settings(admin_ids=frozenset({1}), blocked_users=frozenset({1, 2}),
                 allowed_users=frozenset({3, 4}), allowed_chats=frozenset({10}))
    assert access.is_allowed(s, update(1, chat=99)) is True  # admins always
    assert access.is_allowed(s, update(2, chat=10)) is False  # blocked
    assert access.is_allowed(s, update(3, chat=10)) is True
    assert access.is_allowed(s, update(3, chat=11)) is False  # not an allowed chat
    assert access.is_allowed(s, update(3, chat=None)) is True  # inline: no chat
    assert access.is_allowed(s, update(5, chat=10)) is False  # not an allowed user
    assert access.is_allowed(s, update(None, chat=10)) is False
    assert access.is_allowed(s, update(1, chat=99, sender_chat=object())) is False


def test_is_allowed_without_lists():
    s = settings(blocked_users=frozenset({2}))
    assert access.is_allowed(s, update(5, chat=7)) is True
    assert access.is_allowed(s, update(None, chat=7)) is True
    assert access.is_allowed(s, update(2, chat=7)) is False
    only_chats = settings(allowed_chats=frozenset({7}))
    assert access.is_allowed(only_chats, update(5, chat=7)) is True
    assert access.is_allowed(only_chats, update(5, chat=8)) is False
    only_users = settings(allowed_users=frozenset({5}))
    assert access.is_allowed(only_users, update(5, chat=8)) is True


@pytest.mark.parametrize(("text", "name", "question"), [
    ("@QaBot 问题", "QaBot", "问题"),
    ("问题 @qabot", "QaBot", "问题"),
    ("  @QABOT 问 @QaBot 题 ", "QaBot", "问   题"),
    ("@QaBotX 问题", "QaBot", "@QaBotX 问题"),
    ("@Qa.Bot 问题", "Qa.Bot", "问题"),
    ("@QaxBot 问题", "Qa.Bot", "@QaxBot 问题"),
    ("  @QaBot 问题  ", "", "@QaBot 问题"),
])
def test_strip_mentions(text: str, name: str, question: str):
    assert access.strip_mentions(text, name) == question


@pytest.mark.parametrize(("text", "argument"), [
    ("/ask@Bot  问题", "问题"), ("/ask 第一行\n第二行 ", "第一行\n第二行"), ("/ask", ""),
    ("/ask   ", ""), ("", ""),
])
def test_command_argument(text: str, argument: str):
    assert access.command_argument(text) == argument


@pytest.mark.parametrize(("text", "command"), [
    ("/ask@", "ask"), ("/ASK@ 问题", "ask"), ("/ask@x问题", "ask"), ("/ask@Bot\n问", "ask"),
    ("/ask 问题", None), ("ask@", None), (" /ask@", None), ("/" + "a" * 33 + "@", None),
    ("/" + "a" * 32 + "@", "a" * 32), ("/a-b@", None),
])
def test_unmarked_command(text: str, command: str | None):
    assert access.unmarked_command(text) == command
