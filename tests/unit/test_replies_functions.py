"""bot.replies function by function, against fake bots and queries: the plain-text
fallback when Telegram refuses our HTML (and only then), edits that cannot or need not
happen, private messages the bot may not send, acknowledgements that fail, inline answers
and chat actions."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from telegram.constants import ChatAction, ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, TimedOut

from bot import replies

HTML = "<b>答案</b> &amp; 出处"
PLAIN = "答案 & 出处"


class FakeBot:
    """Records calls; raises the queued errors first."""

    def __init__(self, *errors: BaseException) -> None:
        self.errors = list(errors)
        self.calls: list[tuple[str, tuple, dict]] = []

    def _call(self, name: str, *args, **kwargs):
        self.calls.append((name, args, kwargs))
        if self.errors:
            raise self.errors.pop(0)
        return SimpleNamespace(message_id=len(self.calls))

    async def send_message(self, *args, **kwargs):
        return self._call("send_message", *args, **kwargs)

    async def edit_message_text(self, *args, **kwargs):
        return self._call("edit_message_text", *args, **kwargs)

    async def send_chat_action(self, *args, **kwargs):
        return self._call("send_chat_action", *args, **kwargs)


def test_formatting_errors_are_recognised_by_their_message():
    assert replies.is_formatting_error(BadRequest("Can't parse entities: unclosed tag"))
    assert replies.is_formatting_error(BadRequest("Message is too long"))
    assert not replies.is_formatting_error(BadRequest("Chat not found"))
    assert replies.FORMATTING_ERRORS == ("can't parse entities", "message is too long")


async def test_send_falls_back_to_plain_text_once_for_formatting_errors_only():
    bot = FakeBot()
    sent = await replies.send(bot, 5, HTML, None)
    assert sent.message_id == 1
    assert bot.calls == [("send_message", (5, HTML), {"reply_markup": None})]

    bot = FakeBot(BadRequest("Can't parse entities"))
    await replies.send(bot, 5, HTML, "markup")
    assert bot.calls == [
        ("send_message", (5, HTML), {"reply_markup": "markup"}),
        ("send_message", (5, PLAIN), {"parse_mode": None, "reply_markup": "markup"}),
    ]
    bot = FakeBot(BadRequest("Chat not found"))
    with pytest.raises(BadRequest):
        await replies.send(bot, 5, HTML)
    assert len(bot.calls) == 1
    bot = FakeBot(BadRequest("Can't parse entities"), BadRequest("Can't parse entities"))
    with pytest.raises(BadRequest):  # the plain text refused too: no third try
        await replies.send(bot, 5, HTML)
    assert len(bot.calls) == 2


async def test_reply_without_a_message_writes_to_the_chat_if_it_can():
    bot = FakeBot()
    update = SimpleNamespace(effective_message=None, effective_chat=SimpleNamespace(id=9))
    assert (await replies.reply(update, HTML, bot=bot)).message_id == 1
    assert bot.calls[0][1] == (9, HTML)
    assert await replies.reply(update, HTML) is None  # no bot to send with
    nowhere = SimpleNamespace(effective_message=None, effective_chat=None)
    assert await replies.reply(nowhere, HTML, bot=bot) is None and len(bot.calls) == 1
    await replies.send_many(update, ["一", "二"], bot=bot)
    assert [c[1] for c in bot.calls[1:]] == [(9, "一"), (9, "二")]


async def test_edit_outcomes():
    bot = FakeBot()
    assert await replies.edit(bot, 1, 2, HTML, "m") is True
    assert bot.calls == [("edit_message_text", (HTML,),
                          {"chat_id": 1, "message_id": 2, "reply_markup": "m"})]
    assert await replies.edit(FakeBot(BadRequest("Message is not modified: same")), 1, 2,
                              HTML) is True
    assert await replies.edit(FakeBot(BadRequest("Message to edit not found")), 1, 2,
                              HTML) is False
    fallback = FakeBot(BadRequest("Can't parse entities"))
    assert await replies.edit(fallback, 1, 2, HTML) is True
    assert fallback.calls[1][1] == (PLAIN,) and fallback.calls[1][2]["parse_mode"] is None
    with pytest.raises(Forbidden):
        await replies.edit(FakeBot(Forbidden("blocked")), 1, 2, HTML)


async def test_send_private_outcomes():
    bot = FakeBot()
    assert await replies.send_private(bot, 7, ["一", "二"]) is True
    assert [c[1] for c in bot.calls] == [(7, "一"), (7, "二")]
    assert await replies.send_private(FakeBot(Forbidden("blocked")), 7, ["一"]) is False
    assert await replies.send_private(FakeBot(BadRequest("Chat not found")), 7, ["一"]) is False
    assert await replies.send_private(FakeBot(), 7, []) is True

    class SecondRefused(FakeBot):
        async def send_message(self, *args, **kwargs):
            if self.calls:
                self.calls.append(("send_message", args, kwargs))
                raise Forbidden("blocked")
            return self._call("send_message", *args, **kwargs)

    half = SecondRefused()
    assert await replies.send_private(half, 7, ["一", "二", "三"]) is False
    assert [c[1] for c in half.calls] == [(7, "一"), (7, "二")]  # stops at the refusal
    with pytest.raises(TimedOut):
        await replies.send_private(FakeBot(TimedOut()), 7, ["一"])


class FakeQuery:
    def __init__(self, *errors: BaseException) -> None:
        self.errors = list(errors)
        self.answers: list[tuple] = []

    async def answer(self, *args, **kwargs) -> None:
        self.answers.append((args, kwargs))
        if self.errors:
            raise self.errors.pop(0)


async def test_acknowledge_passes_the_text_and_alert_and_swallows_network_failures():
    query = FakeQuery()
    await replies.acknowledge(query)
    await replies.acknowledge(query, "好", alert=True)
    assert query.answers == [((None,), {"show_alert": False}), (("好",), {"show_alert": True})]
    await replies.acknowledge(FakeQuery(BadRequest("Query is too old")))
    await replies.acknowledge(FakeQuery(NetworkError("down")))
    with pytest.raises(ValueError):
        await replies.acknowledge(FakeQuery(ValueError("bug")))


async def test_inline_answers_in_html_then_plain_text():
    result = replies.inline_result("1", "标题", "说明", HTML)
    assert (result.id, result.title, result.description) == ("1", "标题", "说明")
    assert result.input_message_content.message_text == HTML
    assert result.input_message_content.parse_mode == ParseMode.HTML
    plain = replies.inline_result("1", "标题", "说明", HTML, plain=True)
    assert plain.input_message_content.message_text == PLAIN
    assert plain.input_message_content.parse_mode is None

    query = FakeQuery()
    await replies.answer_inline(query, [("a", "t", "d", HTML)])
    (args, kwargs), = query.answers
    assert kwargs == {"cache_time": 30} and replies.INLINE_CACHE_SECONDS == 30
    assert args[0][0].input_message_content.message_text == HTML
    query = FakeQuery(BadRequest("Can't parse entities"))
    await replies.answer_inline(query, [("a", "t", "d", HTML)])
    assert query.answers[1][0][0][0].input_message_content.message_text == PLAIN
    assert query.answers[1][1] == {"cache_time": 30}
    with pytest.raises(BadRequest):
        await replies.answer_inline(FakeQuery(BadRequest("QUERY_ID_INVALID")),
                                    [("a", "t", "d", HTML)])


async def test_working_shows_the_action_and_never_fails():
    bot = FakeBot()
    await replies.working(bot, 3)
    await replies.working(bot, 3, ChatAction.UPLOAD_DOCUMENT)
    await replies.working(bot, None)
    assert [c[1] for c in bot.calls] == [(3, ChatAction.TYPING), (3, ChatAction.UPLOAD_DOCUMENT)]
    await replies.working(FakeBot(Forbidden("blocked")), 3)
    with pytest.raises(ValueError):
        await replies.working(FakeBot(ValueError("bug")), 3)
