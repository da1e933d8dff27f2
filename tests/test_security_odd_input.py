"""Odd updates over real HTTP: each gets a sensible reply or is ignored, and the error
handler never runs (no unhandled error), nor does the fake see an invalid request."""

from __future__ import annotations

import asyncio

from conftest import ADMIN_ID, BotHarness, MakeBot

from bot import texts

GROUP = -1004242
CAPTION_64K = "板凳议事会是什么？" * 7282  # 65,538 characters
QUESTION = "板凳议事会是什么"


def clean_run(bot: BotHarness) -> None:
    assert bot.state.stats.handler_errors == 0, "the error handler saw an unhandled error"
    assert not [e for e in bot.api.errors if e[0] != "getUpdates"], bot.api.errors
    assert not bot.api.internal_errors


async def settle(bot: BotHarness, user: int) -> None:
    """Every update queued before this call has been handled once this returns: updates
    are fetched in order, and the control question goes out last."""
    reply = await bot.ask_private(user, "/ask 红色物业")
    assert "红色物业" in reply["text"]


async def test_odd_commands_in_private(bot: BotHarness):
    user = 9101
    expected = [
        ("/ask", texts.ASK_USAGE),
        ("/ask@", texts.ASK_USAGE),  # Telegram marks no command here: still our /ask
        ("/ask@QaTestBot", texts.ASK_USAGE),
        ("/ask   \n\t ", texts.ASK_USAGE),
        ("/ask \x00\x01\x1b", texts.ASK_USAGE),  # nothing left after cleaning
        ("\x00\x07", texts.ASK_USAGE),
        ("/help@", texts.UNKNOWN_COMMAND),
        ("/nosuchcommand", texts.UNKNOWN_COMMAND),
        ("/ask@OtherBot 板凳议事会", texts.UNKNOWN_COMMAND),  # a command for another bot
    ]
    for text, reply in expected:
        assert (await bot.ask_private(user, text))["text"] == reply, text
    assert "板凳议事会" in (await bot.ask_private(user, "/ask@ 板凳议事会是什么"))["text"]
    clean_run(bot)


async def test_huge_and_media_messages_in_private(bot: BotHarness):
    user = 9102
    api = bot.api
    long_text = await bot.ask_private(user, CAPTION_64K)
    limit = bot.settings.retrieval.max_question_chars
    assert texts.question_cut(limit) in long_text["text"] and "板凳议事会" in long_text["text"]
    for send in (lambda: api.photo_message(user, caption=CAPTION_64K),
                 lambda: api.sticker_message(user),
                 # a message with neither text nor media we know (e.g. a location)
                 lambda: api.private_message(user, "", location={"latitude": 1.0,
                                                                   "longitude": 2.0})):
        before = len(api.messages_to(user))
        send()
        [reply] = await bot.next_messages(user, before)
        assert reply["text"] == texts.PRIVATE_ONLY_TEXT
    # A non-admin's document with a 64 KB caption: refused, never downloaded.
    before = len(api.messages_to(user))
    api.document_message(user, "a.txt", b"x", caption=CAPTION_64K)
    [reply] = await bot.next_messages(user, before)
    assert reply["text"] == texts.NOT_ADMIN_UPLOAD and not api.calls("getFile")
    clean_run(bot)


async def test_odd_group_messages_are_ignored_or_answered(bot: BotHarness):
    api = bot.api
    usage = api.group_message(GROUP, 9201, "/ask")
    api.group_message(GROUP, 9201, "/ask@")  # not a command, not a mention: chatter
    api.photo_message(9201, caption="/ask " + CAPTION_64K, chat_id=GROUP)
    api.sticker_message(9201, chat_id=GROUP)
    api.group_message(GROUP, 9201, "", new_chat_members=[{"id": 9202, "is_bot": False,
                                                          "first_name": "N"}])
    api.document_message(9201, "a.txt", b"x", chat_id=GROUP)
    api.group_message(GROUP, 9201, "@QaTestBot")  # a bare mention: nothing to ask
    await settle(bot, 9203)
    await asyncio.sleep(0.2)
    replies = api.messages_to(GROUP)
    assert [(m["text"], m["reply_to_message_id"]) for m in replies] == [
        (texts.ASK_USAGE, usage["message"]["message_id"]),
        (texts.ASK_USAGE, usage["message"]["message_id"] + 6),
    ]
    clean_run(bot)


async def test_updates_the_bot_never_asked_for_are_ignored(bot: BotHarness):
    """Edits, channel posts, chosen inline results, membership changes: Telegram only sends
    them if allowed_updates asks (it does not), but an old webhook or deployment may have
    asked. The bot ignores them without an error."""
    api = bot.api
    api.ignore_allowed_updates = True
    original = api.private_message(9301, QUESTION)
    await api.wait_for_messages(9301, 1)
    api.edited_message(original, "/ask 红色物业是什么")
    api.channel_post(-1009301, "/ask 板凳议事会是什么")
    post = api.channel_post(-1009301, "板凳议事会是什么")
    api.edited_message(post, "/ask@QaTestBot 板凳议事会")
    api.chosen_inline_result(9301, "x-1", QUESTION)
    api.add_update({"my_chat_member": {
        "chat": {"id": GROUP, "type": "supergroup", "title": "G"},
        "from": {"id": 9301, "is_bot": False, "first_name": "U"}, "date": 0,
        "old_chat_member": {"status": "left", "user": api.bot_user},
        "new_chat_member": {"status": "member", "user": api.bot_user}}})
    await settle(bot, 9302)
    assert len(api.messages_to(9301)) == 1 and not api.messages_to(-1009301)
    clean_run(bot)


async def test_odd_button_presses_and_inline_queries(bot: BotHarness):
    api = bot.api
    reply = await bot.ask_private(9401, QUESTION)
    # Forged or foreign callback data, and a press on a message sent via inline mode
    # (no message, no chat in the update).
    for data in ("f|zzzz|999999", "m|x|-5|#99999", "s|", "f|" + "9" * 60, "\x00"):
        query = api.callback_query(9401, reply, data)
        answer = await bot.callback_answer(query)
        assert answer.get("text") in (texts.STALE, texts.ARTICLE_GONE), (data, answer)
    version = bot.state.knowledge.kb.version[:8]
    for data in (f"f|{version}|0", "s|板凳议事会", f"m|{version}|1|t红色物业"):
        query = api.inline_callback_query(9401, "inline-msg-1", data)
        await bot.callback_answer(query)
    # Inline queries: empty, huge, control characters only.
    for text in ("", CAPTION_64K, "\x00\x01"):
        api.inline_query(9401, text)
    await api.wait_for(lambda: len(api.inline_answers) == 3)
    await settle(bot, 9402)
    assert len(api.messages_to(9401)) == 1  # nothing sent to a chat for the inline presses
    clean_run(bot)


async def test_admin_odd_documents(make_bot: MakeBot):
    bot = await make_bot(own_corpus=True)
    api = bot.api
    files = {p.name for p in bot.corpus_dir.iterdir()}
    article = "测试标题\n\n“奇名议事会”每月开会一次，已议定事项12件。\n".encode()
    cases = [("", b"x", "只接受 .txt 或 .md"), ("a.txt", b"\xff\xfe\x00", "❌"),
             ("\x00\u202e/../.txt", article, "✅")]
    for name, content, expected in cases:
        before = len(api.messages_to(ADMIN_ID))
        api.document_message(ADMIN_ID, name, content, caption=CAPTION_64K)
        [reply] = await bot.next_messages(ADMIN_ID, before, timeout=15)
        assert expected in reply["text"], (name, reply["text"])
    added = {p.name for p in bot.corpus_dir.iterdir()} - files
    assert added == {"upload.txt"}  # a name with nothing usable left in it
    clean_run(bot)
