"""Odd updates, in process: each gets a sensible reply or is ignored; the error handler
never runs, and Telegram (the RecordingRequest's rules) refuses nothing the bot sends."""

from __future__ import annotations

import pytest
from support.hermetic import ADMIN_ID
from support.stub_kb import StubKnowledgeBase
from support.unit_harness import MakeUnitBot, UnitBot

from bot import texts

GROUP = -1004242
CAPTION_64K = "板凳议事会是什么？" * 7282  # 65,538 characters
QUESTION = "板凳议事会是什么"


@pytest.mark.parametrize("text, reply", [
    ("/ask", texts.ASK_USAGE),
    ("/ask@", texts.ASK_USAGE),  # Telegram marks no command here: still our /ask
    ("/ask@QaTestBot", texts.ASK_USAGE),
    ("/ask   \n\t ", texts.ASK_USAGE),
    ("/ask \x00\x01\x1b", texts.ASK_USAGE),  # nothing left after cleaning
    ("\x00\x07", texts.ASK_USAGE),
    ("/help@", texts.UNKNOWN_COMMAND),
    ("/nosuchcommand", texts.UNKNOWN_COMMAND),
    ("/ask@OtherBot 板凳议事会", texts.UNKNOWN_COMMAND),  # a command for another bot
])
async def test_odd_commands_in_private(unit_bot: UnitBot, text, reply):
    assert (await unit_bot.ask(9101, text))["text"] == reply
    unit_bot.clean()


async def test_odd_text_in_private_is_answered(unit_bot: UnitBot):
    assert "126件" in (await unit_bot.ask(9101, "/ask@ 板凳议事会是什么"))["text"]
    # Lone surrogates (possible in JSON) and controls: cleaned, never sent back as such.
    assert "126件" in (await unit_bot.ask(9101, "\ud800板凳议事会\x1b是什么\udfff"))["text"]
    long_text = await unit_bot.ask(9102, CAPTION_64K)
    limit = unit_bot.settings.retrieval.max_question_chars
    assert texts.question_cut(limit) in long_text["text"] and "板凳议事会" in long_text["text"]
    unit_bot.clean()


async def test_media_and_strangers_documents_in_private(unit_bot: UnitBot):
    make = unit_bot.updates
    for update in (make.photo(9103, caption=CAPTION_64K), make.sticker(9103),
                   make.private(9103, None, location={"latitude": 1.0, "longitude": 2.0})):
        assert (await unit_bot.feed(update)).text == texts.PRIVATE_ONLY_TEXT
    document = await unit_bot.feed(make.document(9103, "a.txt", b"x", caption=CAPTION_64K))
    assert document.text == texts.NOT_ADMIN_UPLOAD
    assert not unit_bot.rec.endpoint_calls("getFile")
    unit_bot.clean()


async def test_odd_group_messages_are_ignored_or_answered(unit_bot: UnitBot):
    make = unit_bot.updates
    usage = make.group(GROUP, 9201, "/ask")
    bare_mention = make.group(GROUP, 9201, "@QaTestBot")  # a mention with nothing to ask
    answered = {id(usage), id(bare_mention)}
    for update in (
        usage,
        make.group(GROUP, 9201, "/ask@"),  # not a command, not a mention: chatter
        make.photo(9201, caption="/ask " + CAPTION_64K, chat_id=GROUP),
        make.sticker(9201, chat_id=GROUP),
        make.group(GROUP, 9201, None, new_chat_members=[
            {"id": 9202, "is_bot": False, "first_name": "N"}]),
        make.document(9201, "a.txt", b"x", chat_id=GROUP),
        bare_mention,
        make.group(GROUP, 9201, "/ask " + "\x00" * 10),
    ):
        out = await unit_bot.feed(update)
        if id(update) in answered or update["message"].get("text", "").startswith("/ask \x00"):
            assert out.text == texts.ASK_USAGE
            assert out.reply["reply_to_message_id"] == update["message"]["message_id"]
        else:
            assert out.calls == [], update
    unit_bot.clean()


async def test_updates_the_bot_never_asked_for_are_ignored(unit_bot: UnitBot):
    """Channel posts, chosen inline results, membership changes: Telegram only sends them
    if allowed_updates asks (it does not), but an old webhook or deployment may have
    asked. The bot ignores them without an error."""
    make = unit_bot.updates
    post = make.channel_post(-1009301, "/ask 板凳议事会是什么")
    edited_post = {"update_id": 10_000, "edited_channel_post": {
        **post["channel_post"], "text": "/ask@QaTestBot 板凳议事会", "edit_date": 1}}
    for update in (post, make.channel_post(-1009301, QUESTION), edited_post,
                   make.chosen_inline_result(9301, "x-1", QUESTION),
                   make.joined(GROUP, 9301, unit_bot.rec.bot_user)):
        assert (await unit_bot.feed(update)).calls == [], update
    unit_bot.clean()


async def test_odd_button_presses(unit_bot: UnitBot):
    reply = await unit_bot.ask(9401, QUESTION)
    version = unit_bot.kb.version[:8]
    forged = [("f|zzzz|999999", texts.STALE), (f"f|{version}|999999", texts.ARTICLE_GONE),
              (f"f|{version}|-1", texts.ARTICLE_GONE), ("m|x|-5|#99999", texts.STALE),
              ("s|", texts.STALE), ("f|" + "9" * 60, texts.STALE), ("\x00", texts.STALE)]
    for data, answer in forged:
        out = await unit_bot.feed(unit_bot.updates.callback(9401, reply, data))
        assert out.callback_answer["text"] == answer, data
        assert out.messages == []
    # Presses on a message sent via inline mode: no message and no chat in the update.
    for data in (f"f|{version}|0", "q|t板凳议事会是什么", f"m|{version}|1|t红色物业是什么",
                 f"w|{version}|1|t问", "t|1"):
        out = await unit_bot.feed(unit_bot.updates.inline_callback(9401, "inline-1", data))
        assert out.endpoint("answerCallbackQuery") and out.messages == [], data
    unit_bot.clean()


async def test_odd_inline_queries(unit_bot: UnitBot):
    for text in ("", CAPTION_64K, "\x00\x01", "\ud800", "<b>&amp;"):
        assert (await unit_bot.inline(9402, text)).endpoint("answerInlineQuery"), text
    unit_bot.clean()


async def test_admin_odd_documents(make_unit_bot: MakeUnitBot, monkeypatch):
    monkeypatch.setattr("bot.app.build_knowledge_base",
                        lambda config: StubKnowledgeBase(version="stub0002newindex"))
    unit = await make_unit_bot()
    article = "测试标题\n\n“奇名议事会”每月开会一次，已议定事项12件。\n".encode()
    for name, content, expected in (("", b"x", "只接受 TXT"),
                                    ("a.txt", b"\xff\xfe\x00", "❌"),
                                    ("\x00\u202e/../.txt", article, "📄 upload.txt")):
        update = unit.updates.document(ADMIN_ID, name, content, caption=CAPTION_64K)
        out = await unit.feed(update)
        assert expected in out.text, name
    done = await unit.press(ADMIN_ID, out.reply, "收录")
    assert done.text.startswith("✅")
    uploads = unit.state.settings.retrieval.uploads_dir
    assert {p.name for p in uploads.iterdir() if not p.name.startswith(".")} == {"upload.txt"}
    assert not any(unit.corpus_dir.glob("upload*"))
    unit.clean()
