"""The RecordingRequest itself, driven by a real telegram.Bot: it must refuse what Telegram
refuses and fail the way HTTPXRequest reports failures, or the unit tests on it prove
nothing. (The HTTP fake has the same checks: tests/e2e/test_fake_bot_api.py.)"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from support.recording import RecordingRequest
from support.updates import UpdateMaker
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, EndPointNotFound, Forbidden, NetworkError, TimedOut

from bot.delivery import Outcome, classify

USER = 4242
TOKEN = "123456:TEST-TOKEN-abcdefghijklmnopqrstuvwxyz"


@pytest.fixture
async def rec_bot() -> AsyncIterator[tuple[RecordingRequest, Bot]]:
    rec = RecordingRequest()
    async with Bot(TOKEN, request=rec, get_updates_request=rec) as bot:
        yield rec, bot


def keyboard(data: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton("更多结果", callback_data=data)]])


async def test_calls_are_recorded_with_decoded_parameters(rec_bot):
    rec, bot = rec_bot
    assert (await bot.get_me()).username == "QaTestBot"
    first = await bot.send_message(USER, "<b>答</b> &amp; 问", parse_mode="HTML",
                                   reply_markup=keyboard("m|v|3|t问"))
    second = await bot.send_message(USER, "again")
    assert (first.message_id, second.message_id) == (1, 2)  # per chat, increasing
    assert first.text == "答 & 问" and first.entities[0].type == "bold"
    call = rec.calls[-2]
    assert call.endpoint == "sendMessage" and call.params["chat_id"] == USER
    assert call.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "m|v|3|t问"
    assert rec.messages_to(USER)[0]["_raw_text"] == "<b>答</b> &amp; 问"
    edited = await bot.edit_message_text("新", USER, first.message_id)
    assert edited.text == "新" and rec.message(USER, 1)["text"] == "新"


@pytest.mark.parametrize("send, error", [
    (dict(text="<b>x", parse_mode="HTML"), "can't parse entities"),
    (dict(text="a & b", parse_mode="HTML"), "can't parse entities"),  # strict: escape "&"
    (dict(text="x" * 4097), "message is too long"),
    (dict(text="😀" * 2049), "message is too long"),  # 4098 UTF-16 units
    (dict(text="<b> </b>\n", parse_mode="HTML"), "message text is empty"),
    (dict(text="x", reply_markup=keyboard("é" * 33)), "BUTTON_DATA_INVALID"),  # 66 bytes
])
async def test_what_telegram_refuses_is_refused(rec_bot, send, error):
    rec, bot = rec_bot
    with pytest.raises(BadRequest, match=f"(?i){error}"):
        await bot.send_message(USER, **send)
    assert rec.sent == [] and rec.errors and rec.errors[0][0] == "sendMessage"


async def test_queries_are_answered_once_and_unknown_methods_are_not_found(rec_bot):
    rec, bot = rec_bot
    update = UpdateMaker(rec).callback(USER, {"message_id": 1, "chat": {"id": USER,
                                                                        "type": "private"}}, "x")
    query_id = update["callback_query"]["id"]
    with pytest.raises(BadRequest, match="(?i)message_too_long"):
        await bot.answer_callback_query(query_id, text="x" * 201)
    await bot.answer_callback_query(query_id, text="好")
    with pytest.raises(BadRequest, match="(?i)query is too old"):
        await bot.answer_callback_query(query_id)
    with pytest.raises(EndPointNotFound):
        await bot.do_api_request("noSuchMethod", api_kwargs={"chat_id": USER})


async def test_planned_failures_look_like_httpx_failures(rec_bot):
    rec, bot = rec_bot
    rec.fail("sendMessage", 403, chat_id=USER)
    await bot.send_message(USER + 1, "other chat")  # the 403 is for USER only
    with pytest.raises(Forbidden, match="(?i)blocked"):
        await bot.send_message(USER, "x")
    rec.fail("sendMessage", 400)
    with pytest.raises(BadRequest, match="(?i)chat not found"):  # any chat
        await bot.send_message(USER + 1, "x")
    outcomes = []
    for kind in ("drop", "drop_after", "connect", "timeout"):
        rec.fail("sendMessage", kind)
        with pytest.raises(NetworkError) as caught:
            await bot.send_message(USER, kind)
        outcomes.append(classify(caught.value))
    assert isinstance(caught.value, TimedOut)
    assert outcomes == [Outcome.MAYBE_SENT, Outcome.MAYBE_SENT, Outcome.NOT_SENT,
                        Outcome.MAYBE_SENT]
    # drop_after and timeout were executed by "Telegram": the user has those messages.
    assert [m["text"] for m in rec.sent] == ["other chat", "drop_after", "timeout"]
    rec.fail("sendMessage", 500, times=2)
    for _ in range(2):
        with pytest.raises(NetworkError):
            await bot.send_message(USER, "x")
    assert rec.faults_left == 0
    await bot.send_message(USER, "fine again")


async def test_files_are_served_to_get_file_and_the_download(rec_bot):
    rec, bot = rec_bot
    update = UpdateMaker(rec).document(USER, "文章.md", "正文。".encode(), declared_size=99)
    message = Update.de_json(update, bot).message
    assert message.document.file_size == 99  # what the Document claims
    file = await bot.get_file(message.document.file_id)
    assert file.file_size == len("正文。".encode())
    assert bytes(await file.download_as_bytearray()) == "正文。".encode()
    assert [c.endpoint for c in rec.calls[-2:]] == ["getFile", "file"]
    with pytest.raises(BadRequest, match="(?i)invalid file_id"):
        await bot.get_file("nope")
