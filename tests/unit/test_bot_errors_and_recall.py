"""bot.handlers.errors.on_error, branch by branch (what it counts, whom it tells), and
bot.dialogue.recall / remember / carried by their whole return values."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from telegram import Update
from telegram.error import BadRequest, Forbidden, NetworkError, TimedOut

from bot import dialogue, texts
from bot.handlers.errors import on_error
from bot.state import STATE_KEY
from bot.stats import Stats


class FakeBot:
    def __init__(self, fail: bool = False) -> None:
        self.sent: list[tuple[int, str]] = []
        self.fail = fail

    async def send_message(self, chat_id: int, text: str) -> None:
        if self.fail:
            raise NetworkError("down")
        self.sent.append((chat_id, text))


class FakeQuery:
    def __init__(self, fail: bool = False) -> None:
        self.answered: list[tuple[str, bool]] = []
        self.fail = fail

    async def answer(self, text: str, show_alert: bool = False) -> None:
        if self.fail:
            raise BadRequest("Query is too old")
        self.answered.append((text, show_alert))


def context(error: BaseException, *, stats: Stats | None = None, bot: FakeBot | None = None):
    bot_data = {STATE_KEY: SimpleNamespace(stats=stats)} if stats is not None else {}
    return SimpleNamespace(error=error, bot_data=bot_data, bot=bot or FakeBot())


def update(*, chat_id: int | None = 7, query: FakeQuery | None = None):
    """An Update for isinstance, with what on_error reads."""
    u = Update.__new__(Update)
    object.__setattr__(u, "_frozen", False)
    u.update_id = 1
    u.callback_query = query
    u._effective_chat = SimpleNamespace(id=chat_id) if chat_id is not None else None
    return u


@pytest.fixture(autouse=True)
def _effective_chat(monkeypatch):
    monkeypatch.setattr(Update, "effective_chat",
                        property(lambda self: self._effective_chat), raising=True)


async def test_outside_an_update_network_errors_and_others_are_counted_apart():
    stats = Stats()
    await on_error(None, context(NetworkError("x"), stats=stats))
    assert (stats.network_errors, stats.handler_errors) == (1, 0)
    await on_error(None, context(TimedOut(), stats=stats))  # a NetworkError too
    assert (stats.network_errors, stats.handler_errors) == (2, 0)
    await on_error("job", context(ValueError("bug"), stats=stats))
    assert (stats.network_errors, stats.handler_errors) == (2, 1)
    await on_error(None, context(ValueError("bug")))  # no state yet: nothing to count
    assert (stats.network_errors, stats.handler_errors) == (2, 1)


async def test_an_error_in_an_update_is_counted_once_and_the_chat_is_told():
    stats, bot = Stats(), FakeBot()
    await on_error(update(chat_id=42), context(ValueError("bug"), stats=stats, bot=bot))
    assert (stats.handler_errors, stats.network_errors) == (1, 0)
    assert bot.sent == [(42, texts.ERROR)]
    await on_error(update(chat_id=42), context(NetworkError("x"), stats=stats, bot=bot))
    assert (stats.handler_errors, stats.network_errors) == (2, 0)
    assert bot.sent == [(42, texts.ERROR)] * 2


async def test_forbidden_is_counted_but_nobody_is_written_to():
    stats, bot, query = Stats(), FakeBot(), FakeQuery()
    await on_error(update(query=query), context(Forbidden("blocked"), stats=stats, bot=bot))
    assert stats.handler_errors == 1 and bot.sent == [] and query.answered == []


async def test_a_button_press_is_answered_with_an_alert_not_a_message():
    stats, bot, query = Stats(), FakeBot(), FakeQuery()
    await on_error(update(query=query), context(ValueError("bug"), stats=stats, bot=bot))
    assert query.answered == [(texts.ERROR, True)] and bot.sent == []
    # already answered: the apology goes to the chat instead
    late = FakeQuery(fail=True)
    await on_error(update(chat_id=9, query=late), context(ValueError("bug"), bot=bot))
    assert bot.sent == [(9, texts.ERROR)]


async def test_no_chat_or_a_failing_apology_ends_quietly():
    bot = FakeBot()
    await on_error(update(chat_id=None), context(ValueError("bug"), bot=bot))
    assert bot.sent == []
    await on_error(update(chat_id=3), context(ValueError("bug"), bot=FakeBot(fail=True)))


# --------------------------------------------------------------------------- dialogue


def test_recall_of_nothing_is_an_empty_recall():
    store = dialogue.MemoryContextStore(600, 10)
    key = dialogue.ConversationKey.of(1, 2, private=True)
    got = dialogue.recall(store, key, dialogue.AnswerKey(1, 5))
    assert got == dialogue.Recall(None, None, False, None, "", None, "")
    assert (got.topic, got.article_id, got.from_reply, got.intent, got.index_version,
            got.paragraph_id, got.line) == (None, None, False, None, "", None, "")


def test_recall_gives_back_every_field_of_the_turn():
    store = dialogue.MemoryContextStore(600, 10)
    key = dialogue.ConversationKey.of(-5, 2, private=False)
    turn = dialogue.Turn("红色物业", 3, "v1", "where", 17, "在青山区。")
    dialogue.remember(store, key, turn, dialogue.AnswerKey(-5, 99))
    assert dialogue.recall(store, key) == dialogue.Recall(
        "红色物业", 3, from_reply=False, intent="where", index_version="v1",
        paragraph_id=17, line="在青山区。")
    replied = dialogue.recall(store, dialogue.ConversationKey(-5, 8), dialogue.AnswerKey(-5, 99))
    assert replied == dialogue.Recall("红色物业", 3, True, "where", "v1", 17, "在青山区。")
    # a reply to an answer no longer remembered: the conversation's own turn
    assert dialogue.recall(store, key, dialogue.AnswerKey(-5, 100)).from_reply is False
    # a turn without an intent recalls None, not ""
    dialogue.remember(store, key, dialogue.Turn(None, 4))
    got = dialogue.recall(store, key)
    assert (got.topic, got.article_id, got.intent, got.paragraph_id, got.line) == (
        None, 4, None, None, "")


def test_remember_without_a_sent_message_only_updates_the_conversation():
    store = dialogue.MemoryContextStore(600, 10)
    key = dialogue.ConversationKey.of(1, 1, private=True)
    dialogue.remember(store, key, dialogue.Turn("甲", 1))
    assert len(store) == 1 and store.get(key) == dialogue.Turn("甲", 1)
    dialogue.remember(store, key, dialogue.Turn("乙", 2), dialogue.AnswerKey(1, 3))
    assert len(store) == 2 and store.get(dialogue.AnswerKey(1, 3)) == dialogue.Turn("乙", 2)


def test_carried_keeps_everything_but_the_topic():
    turn = dialogue.Turn(None, 3, "v", "number", 8, "一共50万元。")
    assert dialogue.carried(turn, "揭榜挂帅", 3) == dialogue.Turn(
        "揭榜挂帅", 3, "v", "number", 8, "一共50万元。")
    assert dialogue.carried(turn, None, 3) is turn
    assert dialogue.carried(turn, "揭榜挂帅", None) is turn
    assert dialogue.carried(dialogue.Turn(None, None), "甲", None).topic == "甲"


def test_conversation_keys():
    assert dialogue.ConversationKey.of(5, 7, private=True, thread_id=2) == (
        dialogue.ConversationKey(5, None, 2))
    assert dialogue.ConversationKey.of(-5, 7, private=False) == dialogue.ConversationKey(-5, 7)
    assert dialogue.ConversationKey.of(-5, None, private=False).user_id is None
