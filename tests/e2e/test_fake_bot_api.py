"""Tests of the fake Bot API server itself, driven by a real telegram.Bot over HTTP.

If the fake accepted what Telegram rejects (or the reverse), every bot test built on it would
prove nothing, so each Telegram rule the bot relies on is checked here through python-telegram-bot.
The fake serves only the methods the bot calls; anything else is "method not found".
"""

from __future__ import annotations

import asyncio
import datetime as dtm
import json
import time
from collections.abc import AsyncIterator, Iterator

import aiohttp
import pytest
import pytest_asyncio
from aiohttp import web
from support.fake_bot_api import FakeBotApi
from support.telegram_rules import detect_entities, parse_html, utf16_len
from telegram import (
    Bot,
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
)
from telegram.error import (
    BadRequest,
    Conflict,
    EndPointNotFound,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TimedOut,
)

USER = 4242
GROUP = -1001234567890


# One server and one Bot for the module (a Bot costs ~60 ms to build); `fake` resets the
# server's state before each test, so tests stay independent.
pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def server() -> AsyncIterator[FakeBotApi]:
    shared = FakeBotApi()
    await shared.start()
    yield shared
    await shared.stop()


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def bot(server: FakeBotApi) -> AsyncIterator[Bot]:
    async with Bot(server.token, base_url=server.base_url, base_file_url=server.file_base_url) as b:
        yield b


@pytest.fixture
def fake(server: FakeBotApi) -> Iterator[FakeBotApi]:
    server.reset()
    yield server
    assert server.internal_errors == []  # the fake never crashed on what PTB sent


def keyboard(data: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton("更多结果", callback_data=data)]])


def seconds(value: int | dtm.timedelta) -> float:
    # RetryAfter.retry_after is an int or a timedelta depending on PTB_TIMEDELTA
    return value.total_seconds() if isinstance(value, dtm.timedelta) else float(value)


# ------------------------------------------------------------------------- identity, routing


async def test_get_me_returns_the_configured_bot() -> None:
    server = FakeBotApi(token="987:OTHER-token_value", bot_id=777, bot_username="OtherQaBot")
    await server.start()
    try:
        async with Bot(server.token, base_url=server.base_url) as b:
            me = await b.get_me()
        assert (me.id, me.username, me.is_bot) == (777, "OtherQaBot", True)
        assert server.calls("getMe")  # Bot.initialize and get_me both went over HTTP
    finally:
        await server.stop()


@pytest.mark.filterwarnings("ignore:Please use:UserWarning")  # PTB: "use Bot.sendDocument"
async def test_wrong_token_is_unauthorized_and_unknown_method_is_404(
    fake: FakeBotApi, bot: Bot
) -> None:
    with pytest.raises(InvalidToken):
        await Bot("123:not-the-token", base_url=fake.base_url).get_me()
    with pytest.raises(EndPointNotFound):
        await bot.do_api_request("noSuchMethod")
    for unused in ("sendDocument", "getChat", "deleteMessage", "getWebhookInfo"):
        with pytest.raises(EndPointNotFound):  # the bot never calls them: not served
            await bot.do_api_request(unused, api_kwargs={"chat_id": USER})
    url = f"{fake.base_url}{fake.token}/noSuchMethod"
    async with aiohttp.ClientSession() as http, http.post(url) as resp:
        body = await resp.json()
    assert resp.status == 404
    assert body == {"ok": False, "error_code": 404, "description": "Not Found: method not found"}


async def test_methods_are_case_insensitive_and_json_bodies_are_decoded(fake: FakeBotApi) -> None:
    fake.private_message(USER, "hi")
    markup = json.dumps({"inline_keyboard": [[{"text": "a", "callback_data": "x"}]]})
    async with aiohttp.ClientSession() as http:
        url = f"{fake.base_url}{fake.token}/SENDMESSAGE"
        payload = {"chat_id": USER, "text": "<i>json</i>", "parse_mode": "HTML"}
        async with http.post(url, json={**payload, "reply_markup": markup}) as resp:
            body = await resp.json()
    assert body["ok"] is True
    assert body["result"]["text"] == "json"
    assert body["result"]["reply_markup"] == {
        "inline_keyboard": [[{"text": "a", "callback_data": "x"}]]
    }
    assert fake.requests[-1][0] == "sendMessage"


# ------------------------------------------------------------------------- updates


async def test_queued_message_is_delivered_and_offset_acknowledges_it(
    fake: FakeBotApi, bot: Bot
) -> None:
    queued = fake.private_message(USER, "/ask@QaTestBot 什么是网格化管理", first_name="张")
    assert fake.pending_updates() == 1

    updates = await bot.get_updates(timeout=0)
    assert [u.update_id for u in updates] == [queued["update_id"]]
    message = updates[0].message
    assert message.text == "/ask@QaTestBot 什么是网格化管理"
    assert message.chat.type == "private" and message.from_user.first_name == "张"
    assert message.entities[0].type == "bot_command" and message.entities[0].length == 14
    # delivered but not yet acknowledged: a second call without offset returns it again
    assert len(await bot.get_updates(timeout=0)) == 1

    assert await bot.get_updates(offset=queued["update_id"] + 1, timeout=0) == ()
    assert fake.pending_updates() == 0


async def test_long_poll_holds_while_empty_and_wakes_on_a_new_update(
    fake: FakeBotApi, bot: Bot
) -> None:
    started = time.monotonic()
    assert await bot.get_updates(timeout=0.4) == ()
    assert time.monotonic() - started >= 0.35  # held for the timeout, not answered at once

    asyncio.get_running_loop().call_later(0.1, fake.private_message, USER, "late")
    started = time.monotonic()
    updates = await bot.get_updates(timeout=3)
    assert time.monotonic() - started < 1.5
    assert updates[0].message.text == "late"


async def test_limit_and_allowed_updates(fake: FakeBotApi, bot: Bot) -> None:
    fake.private_message(USER, "one")
    fake.inline_query(USER, "q")
    fake.private_message(USER, "two")
    assert len(await bot.get_updates(limit=1, timeout=0)) == 1
    only_messages = await bot.get_updates(allowed_updates=["message"], timeout=0)
    assert [u.message.text for u in only_messages] == ["one", "two"]
    assert fake.pending_updates() == 2  # the inline query was dropped, as Telegram never sends it


async def test_a_newer_get_updates_terminates_the_waiting_one(fake: FakeBotApi, bot: Bot) -> None:
    # e.g. a second bot instance polling with the same token
    first = asyncio.ensure_future(bot.get_updates(timeout=3))
    await fake.wait_for(lambda: fake.in_flight["getUpdates"] == 1)  # the first is waiting
    async with Bot(fake.token, base_url=fake.base_url) as second:
        assert await second.get_updates(timeout=0) == ()
    with pytest.raises(Conflict):
        await asyncio.wait_for(first, 1)


async def test_group_message_reply_to_the_bot_and_anonymous_admin(
    fake: FakeBotApi, bot: Bot
) -> None:
    fake.group_message(GROUP, USER, "hello")
    sent = await bot.send_message(GROUP, "answer")
    reply = fake.group_message(GROUP, USER, "follow-up", reply_to=fake.sent_messages[-1])
    anonymous = fake.group_message(
        GROUP, 0, "/reload", sender_chat={"id": GROUP, "type": "supergroup"}
    )

    assert reply["message"]["reply_to_message"]["from"]["id"] == fake.bot_id
    assert reply["message"]["reply_to_message"]["message_id"] == sent.message_id
    assert anonymous["message"]["from"]["username"] == "GroupAnonymousBot"
    updates = await bot.get_updates(timeout=0)
    assert updates[1].message.reply_to_message.from_user.id == fake.bot_id
    assert updates[2].message.sender_chat.id == GROUP
    assert updates[1].message.chat.type == "supergroup"


async def test_group_messages_are_stored_so_replies_quote_them(fake: FakeBotApi, bot: Bot) -> None:
    question = fake.group_message(GROUP, USER, "/ask 问题")
    message_id = question["message"]["message_id"]
    await bot.send_message(GROUP, "answer", reply_to_message_id=message_id)
    assert fake.sent_messages[-1]["reply_to_message_id"] == message_id
    assert fake.message(GROUP, message_id)["text"] == "/ask 问题"
    edited = fake.edited_message(question, "/ask 新问题")
    assert edited["edited_message"]["message_id"] == message_id


async def test_ignore_allowed_updates_delivers_what_was_not_asked_for(
    fake: FakeBotApi, bot: Bot
) -> None:
    original = fake.private_message(USER, "hi")
    fake.edited_message(original, "hi!")
    assert [u.message for u in await bot.get_updates(timeout=0, allowed_updates=["message"])]
    fake.private_message(USER, "again")
    fake.edited_message(original, "hi!!")
    fake.ignore_allowed_updates = True
    updates = await bot.get_updates(offset=-2, timeout=0, allowed_updates=["message"])
    assert [u.edited_message is not None for u in updates] == [False, True]


async def test_pending_update_ids_follow_the_offset(fake: FakeBotApi, bot: Bot) -> None:
    first = fake.private_message(USER, "a")["update_id"]
    second = fake.private_message(USER, "b")["update_id"]
    assert fake.pending_update_ids() == [first, second]
    await bot.get_updates(offset=second, timeout=0)  # acknowledges `first`
    assert fake.pending_update_ids() == [second]


async def test_inline_callback_query_has_no_message(fake: FakeBotApi, bot: Bot) -> None:
    fake.inline_callback_query(USER, "inline-1", "f|v|1")
    [update] = await bot.get_updates(timeout=0)
    query = update.callback_query
    assert query.message is None and query.inline_message_id == "inline-1"
    assert await query.answer()


async def test_privacy_mode_withholds_chatter_but_not_commands_for_this_bot(
    fake: FakeBotApi, bot: Bot
) -> None:
    fake.privacy_mode = True
    fake.group_message(GROUP, USER, "just chatting")
    fake.group_message(GROUP, USER, "/ask@OtherBot 问题")
    fake.group_message(GROUP, USER, "/ask@QaTestBot 问题")
    me = await bot.get_me()
    updates = await bot.get_updates(timeout=0)
    assert [u.message.text for u in updates] == ["/ask@QaTestBot 问题"]
    assert len(fake.filtered_updates) == 2
    assert me.can_read_all_group_messages is False


async def test_detected_entities_follow_telegrams_rules() -> None:  # async: module loop mark
    assert detect_entities("/ask@QaTestBot 问题") == [
        {"type": "bot_command", "offset": 0, "length": 14}
    ]
    assert detect_entities("/ask@") == []  # a bare "@" makes no command at all
    assert detect_entities("/ask问题") == []  # glued to letters: not a command
    assert detect_entities("问/ask") == []
    # offsets are UTF-16: the emoji takes two units
    assert detect_entities("😀 @QaTestBot hi") == [{"type": "mention", "offset": 3, "length": 10}]
    assert detect_entities("mail a@bcdef or @abc") == []  # glued to a word; too short


# ------------------------------------------------------------------------- sending & validation


async def test_valid_html_message_is_recorded(fake: FakeBotApi, bot: Bot) -> None:
    question = fake.private_message(USER, "问题")["message"]
    raw = (
        "<b>网格</b>化 &lt;管理&gt; 😀<i>x</i>\n<a href='https://example.org/?a=1&amp;b=2'>原文</a>"
    )
    sent = await bot.send_message(
        USER,
        raw,
        parse_mode="HTML",
        reply_markup=keyboard("more:1"),
        reply_to_message_id=question["message_id"],
    )
    assert sent.text == "网格化 <管理> 😀x\n原文"
    assert sent.reply_to_message.text == "问题"
    recorded = fake.messages_to(USER)[-1]
    assert recorded["_raw_text"] == raw and recorded["_parse_mode"] == "HTML"
    assert recorded["reply_to_message_id"] == question["message_id"]
    assert recorded["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "more:1"
    entities = {e["type"]: e for e in recorded["entities"]}
    assert (entities["bold"]["offset"], entities["bold"]["length"]) == (0, 2)
    assert entities["italic"]["offset"] == 11  # after the emoji's two UTF-16 units
    assert entities["text_link"]["url"] == "https://example.org/?a=1&b=2"


@pytest.mark.parametrize(
    "raw",
    ["<b>x", "a & b", "AT&T", "<br>", "a < b", "<b>x</i>", "</b>", "<span>x</span>", "&nbsp;"],
)
async def test_invalid_html_is_a_bad_request(fake: FakeBotApi, bot: Bot, raw: str) -> None:
    fake.private_message(USER, "hi")
    with pytest.raises(BadRequest, match="(?i)can't parse entities"):
        await bot.send_message(USER, raw, parse_mode="HTML")
    assert fake.sent_messages == []
    # the same text without parse_mode is just text
    assert (await bot.send_message(USER, raw)).text == raw


async def test_html_parser_details() -> None:  # async: module loop mark
    text, entities = parse_html('<pre><code class="language-python">x = 1</code></pre>')
    assert (text, entities) == (
        "x = 1",
        [{"type": "pre", "offset": 0, "length": 5, "language": "python"}],
    )
    text, entities = parse_html("<blockquote expandable>q</blockquote> <tg-spoiler>s</tg-spoiler>")
    assert [e["type"] for e in entities] == ["expandable_blockquote", "spoiler"]
    assert parse_html("  <b> </b>x\r\n ")[0] == "x"  # trimmed, whitespace-only entity dropped
    assert parse_html("a &amp;&#20013;&#x6587;")[0] == "a &中文"
    assert parse_html("a & b", strict=False)[0] == "a & b"  # what Telegram itself tolerates


async def test_text_length_is_counted_after_parsing_in_utf16(fake: FakeBotApi, bot: Bot) -> None:
    fake.private_message(USER, "hi")
    await bot.send_message(USER, "<b>" + "x" * 4096 + "</b>", parse_mode="HTML")
    with pytest.raises(BadRequest, match="(?i)message is too long"):
        await bot.send_message(USER, "x" * 4097)
    emoji = "😀" * 2049  # 2049 characters but 4098 UTF-16 units
    assert utf16_len(emoji) == 4098
    with pytest.raises(BadRequest, match="(?i)message is too long"):
        await bot.send_message(USER, emoji)
    assert len(fake.sent_messages) == 1


async def test_empty_text_and_unknown_chat(fake: FakeBotApi, bot: Bot) -> None:
    fake.private_message(USER, "hi")
    with pytest.raises(BadRequest, match="(?i)message text is empty"):
        await bot.send_message(USER, "<b> </b>\n", parse_mode="HTML")
    with pytest.raises(BadRequest, match="(?i)chat not found"):
        await bot.send_message(USER + 1, "hello")


async def test_callback_data_is_limited_to_64_bytes(fake: FakeBotApi, bot: Bot) -> None:
    fake.private_message(USER, "hi")
    await bot.send_message(USER, "ok", reply_markup=keyboard("é" * 32))  # 64 bytes
    with pytest.raises(BadRequest, match="(?i)button_data_invalid"):
        await bot.send_message(USER, "x", reply_markup=keyboard("a" * 65))
    with pytest.raises(BadRequest, match="(?i)button_data_invalid"):
        await bot.send_message(USER, "x", reply_markup=keyboard("é" * 33))  # 33 chars, 66 bytes
    assert len(fake.sent_messages) == 1


async def test_edit_message_text_rules(fake: FakeBotApi, bot: Bot) -> None:
    fake.private_message(USER, "hi")
    sent = await bot.send_message(USER, "page 1", reply_markup=keyboard("p:2"))
    with pytest.raises(BadRequest, match="(?i)message is not modified"):
        await bot.edit_message_text("page 1", USER, sent.message_id, reply_markup=keyboard("p:2"))
    edited = await bot.edit_message_text("<b>page 2</b>", USER, sent.message_id, parse_mode="HTML")
    assert edited.text == "page 2" and edited.reply_markup is None  # no markup = keyboard removed
    assert fake.edited[-1]["_raw_text"] == "<b>page 2</b>"
    assert fake.message(USER, sent.message_id)["text"] == "page 2"
    with pytest.raises(BadRequest, match="(?i)message to edit not found"):
        await bot.edit_message_text("x", USER, sent.message_id + 100)
    with pytest.raises(BadRequest, match="(?i)can't parse entities"):
        await bot.edit_message_text("<b>x", USER, sent.message_id, parse_mode="HTML")


async def test_callback_query_and_answer(fake: FakeBotApi, bot: Bot) -> None:
    fake.private_message(USER, "hi")
    await bot.send_message(USER, "answer", reply_markup=keyboard("more:1"))
    press = fake.callback_query(USER, fake.sent_messages[-1], "more:1")
    update = (await bot.get_updates(timeout=0))[-1]
    assert update.callback_query.data == "more:1"
    assert update.callback_query.message.from_user.id == fake.bot_id
    query_id = press["callback_query"]["id"]
    with pytest.raises(BadRequest):
        await bot.answer_callback_query(query_id, text="x" * 201)
    await bot.answer_callback_query(query_id, text="好的")
    assert fake.callback_answers[-1]["text"] == "好的"
    with pytest.raises(BadRequest, match="(?i)query is too old"):
        await bot.answer_callback_query(query_id)  # a query is answered once


async def test_inline_answer_is_recorded_and_validated(fake: FakeBotApi, bot: Bot) -> None:
    query_id = fake.inline_query(USER, "网格")["inline_query"]["id"]

    def article(result_id: str, text: str) -> InlineQueryResultArticle:
        content = InputTextMessageContent(text, parse_mode="HTML")
        return InlineQueryResultArticle(result_id, "《标题》", content, description="snippet")

    with pytest.raises(BadRequest, match="(?i)result_id_duplicate"):
        await bot.answer_inline_query(query_id, [article("1", "a"), article("1", "b")])
    with pytest.raises(BadRequest, match="(?i)can't parse entities"):
        await bot.answer_inline_query(query_id, [article("1", "<b>a")])
    with pytest.raises(BadRequest, match="(?i)results_too_much"):
        await bot.answer_inline_query(query_id, [article(str(i), "a") for i in range(51)])
    await bot.answer_inline_query(query_id, [article("r1", "<b>答</b>")], cache_time=0)
    answer = fake.inline_answers[-1]
    assert answer["inline_query_id"] == query_id and answer["cache_time"] == 0
    assert answer["results"][0]["input_message_content"]["message_text"] == "<b>答</b>"


async def test_commands_and_chat_action(fake: FakeBotApi, bot: Bot) -> None:
    await bot.set_my_commands([BotCommand("ask", "提问"), BotCommand("topics", "主题")])
    assert [c["command"] for c in fake.commands] == ["ask", "topics"]
    with pytest.raises(BadRequest):
        await bot.set_my_commands([BotCommand("Ask-Me", "bad name")])
    fake.private_message(USER, "hi")
    await bot.send_chat_action(USER, "typing")
    assert fake.chat_actions == [{"chat_id": USER, "action": "typing"}]


# ------------------------------------------------------------------------- files


async def test_document_download_round_trip(fake: FakeBotApi, bot: Bot) -> None:
    content = "标题：网格化管理\n\n正文。".encode()
    fake.document_message(USER, "article.md", content, declared_size=12345, caption="/upload")
    message = (await bot.get_updates(timeout=0))[0].message
    assert message.document.file_name == "article.md"
    assert message.document.file_size == 12345  # the declared size, not the real one
    assert message.caption_entities[0].type == "bot_command"
    file = await bot.get_file(message.document.file_id)
    assert file.file_size == len(content)
    assert bytes(await file.download_as_bytearray()) == content
    with pytest.raises(BadRequest, match="(?i)invalid file_id"):
        await bot.get_file("nope")


async def test_document_without_size_anywhere(fake: FakeBotApi, bot: Bot) -> None:
    fake.document_message(USER, "a.txt", b"12345", size_known=False)
    message = (await bot.get_updates(timeout=0))[0].message
    assert message.document.file_size is None
    file = await bot.get_file(message.document.file_id)
    assert file.file_size is None
    assert bytes(await file.download_as_bytearray()) == b"12345"


async def test_oversized_declared_document_cannot_be_fetched(fake: FakeBotApi, bot: Bot) -> None:
    update = fake.document_message(USER, "big.txt", b"x", declared_size=21 * 1024 * 1024)
    with pytest.raises(BadRequest, match="(?i)file is too big"):
        await bot.get_file(update["message"]["document"]["file_id"])


# ------------------------------------------------------------------------- fault injection


@pytest.mark.parametrize(
    ("kind", "error", "not_error", "message"),
    [
        ("500", NetworkError, BadRequest, "Internal Server Error"),
        ("429", RetryAfter, BadRequest, "Flood control exceeded"),
        ("drop", NetworkError, BadRequest, "disconnected without sending a response"),
        ("400", BadRequest, RetryAfter, "Injected fault"),
    ],
)
async def test_fault_fails_the_next_calls_then_expires(
    fake: FakeBotApi,
    bot: Bot,
    monkeypatch: pytest.MonkeyPatch,
    kind: str,
    error: type[Exception],
    not_error: type[Exception],
    message: str,
) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")  # RetryAfter.retry_after as a timedelta
    fake.private_message(USER, "hi")
    fake.inject_fault("sendMessage", kind, times=2, retry_after=7)
    for _ in range(2):
        with pytest.raises(error, match=message) as caught:
            await bot.send_message(USER, "answer")
        assert not isinstance(caught.value, not_error)
        if kind == "429":
            assert seconds(caught.value.retry_after) == 7
    assert fake.sent_messages == []  # a failed call delivered nothing
    await bot.send_message(USER, "answer")
    assert [m["text"] for m in fake.sent_messages] == ["answer"]
    assert fake.fault_log == [("sendMessage", kind)] * 2
    await bot.get_me()  # other methods were never affected


async def test_fault_on_any_method_and_for_one_chat(fake: FakeBotApi, bot: Bot) -> None:
    fake.private_message(USER, "hi")
    fake.private_message(USER + 1, "hi")
    fake.inject_fault("*", "500")
    with pytest.raises(NetworkError):
        await bot.get_me()
    fake.inject_fault("sendMessage", "400", chat_id=USER + 1, description="Bad Request: custom")
    await bot.send_message(USER, "unaffected chat")
    with pytest.raises(BadRequest, match="(?i)custom"):
        await bot.send_message(USER + 1, "faulty chat")
    assert [m["chat"]["id"] for m in fake.sent_messages] == [USER]


async def test_drop_after_executes_but_loses_the_answer(fake: FakeBotApi, bot: Bot) -> None:
    fake.private_message(USER, "hi")
    fake.inject_fault("sendMessage", "drop_after")
    with pytest.raises(NetworkError):
        await bot.send_message(USER, "delivered anyway")
    assert [m["text"] for m in fake.sent_messages] == ["delivered anyway"]


async def test_hang_delays_then_answers_or_times_out(fake: FakeBotApi, bot: Bot) -> None:
    fake.inject_fault("getMe", "hang", delay=0.3)
    started = time.monotonic()
    await bot.get_me()
    assert time.monotonic() - started >= 0.25
    fake.inject_fault("getMe", "hang")  # delay=0: until stop()
    with pytest.raises(TimedOut):
        await bot.get_me(read_timeout=0.3)


async def test_idle_waits_for_the_requests_being_served(fake: FakeBotApi, bot: Bot) -> None:
    fake.private_message(USER, "hi")
    fake.inject_fault("sendMessage", "hang", delay=0.3)
    late = asyncio.ensure_future(bot.send_message(USER, "late"))
    await fake.wait_for(lambda: fake.in_flight["sendMessage"] == 1)
    assert fake.sent_messages == []
    await fake.idle()
    assert [m["text"] for m in fake.sent_messages] == ["late"]
    await late


async def test_stop_releases_a_hanging_request() -> None:
    own = FakeBotApi()
    await own.start()
    async with Bot(own.token, base_url=own.base_url) as b:
        own.inject_fault("getMe", "hang")
        pending = asyncio.ensure_future(b.get_me(read_timeout=10))
        await own.wait_for(lambda: own.in_flight["getMe"] == 1)  # hanging in the fake
        started = time.monotonic()
        await own.stop()
        with pytest.raises(NetworkError):
            await pending
        assert time.monotonic() - started < 2


async def test_clear_faults_and_bad_kind(fake: FakeBotApi, bot: Bot) -> None:
    fake.inject_fault("getMe", "500", times=5)
    fake.clear_faults()
    await bot.get_me()
    with pytest.raises(ValueError):
        fake.inject_fault("getMe", "explode")


# ------------------------------------------------------------------------- webhook, waiting


async def test_webhook_delivery_with_secret_and_getupdates_conflict(
    fake: FakeBotApi, bot: Bot
) -> None:
    received: list[tuple[str | None, dict]] = []
    answers = iter([500, 200, 200])  # the first delivery fails and must be retried

    async def hook(request: web.Request) -> web.Response:
        received.append(
            (request.headers.get("X-Telegram-Bot-Api-Secret-Token"), await request.json())
        )
        return web.Response(status=next(answers))

    app = web.Application()
    app.router.add_post("/hook", hook)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        first = fake.private_message(USER, "via webhook")
        await bot.set_webhook(f"http://127.0.0.1:{port}/hook", secret_token="s3cret")
        with pytest.raises(Conflict):
            await bot.get_updates(timeout=0)
        await fake.wait_for(lambda: fake.pending_updates() == 0 and len(received) == 2)
        assert [r[1]["update_id"] for r in received] == [first["update_id"]] * 2
        assert {r[0] for r in received} == {"s3cret"}
        assert [d["status"] for d in fake.webhook_deliveries] == [500, 200]
        await bot.delete_webhook()
        assert fake.webhook_url == "" and await bot.get_updates(timeout=0) == ()
    finally:
        await runner.cleanup()


async def test_wait_for_messages_and_helpful_timeout(fake: FakeBotApi, bot: Bot) -> None:
    fake.private_message(USER, "hi")
    asyncio.get_running_loop().call_later(
        0.05, lambda: asyncio.ensure_future(bot.send_message(USER, "later"))
    )
    assert [m["text"] for m in await fake.wait_for_messages(USER, 1, timeout=2)] == ["later"]
    with pytest.raises(AssertionError, match=r"(?s)expected 2 message.*sendMessage"):
        await fake.wait_for_messages(USER, 2, timeout=0.1)
