"""Secrets and access, in process: no log record of a run holds the token (PTB logs its
base URL, the token included, at DEBUG); allow and block lists decide who is answered and
whose updates are read at all; admins are always allowed. (The same over HTTP, where
httpx logs every request URL: tests/e2e/test_security_secrets.py.)"""

from __future__ import annotations

import logging

from support.hermetic import ADMIN_ID, TOKEN
from support.log_capture import Keep
from support.unit_harness import MakeUnitBot, UnitBot

from bot import texts
from bot.logging_setup import setup_logging

SECRET_PART = TOKEN.split(":", 1)[1]
QUESTION = "板凳议事会是什么"
ALLOWED_GROUP = -1009801
OTHER_GROUP = -1009802


async def test_no_log_record_of_a_debug_run_holds_the_token(make_unit_bot: MakeUnitBot,
                                                            capfd):
    keep = Keep()
    root = logging.getLogger()
    root.addHandler(keep)  # installed first: it sees each record before the bot's handler
    undo = setup_logging("DEBUG", [TOKEN])
    try:
        unit = await make_unit_bot()  # PTB logs "Set Bot API URL: …/bot<TOKEN>"
        reply = await unit.ask(9701, QUESTION)
        await unit.press(9701, reply, "全文")
        await unit.inline(9701, "红色物业")
        unit.rec.fail("sendMessage", 400, chat_id=9702)  # the error handler logs a traceback
        await unit.private(9702, QUESTION)
        await unit.ask(ADMIN_ID, "/stats")
        await unit.app.stop()
        await unit.app.shutdown()  # shutdown logs are part of the run
    finally:
        root.removeHandler(keep)
        undo()
    out, err = capfd.readouterr()
    everything = "\n".join([*keep.lines, out, err])
    assert "Set Bot API URL: https://api.telegram.org/bot[REDACTED]" in everything
    assert "Traceback" in everything and " DEBUG " in err  # the run really logged
    assert TOKEN not in everything and SECRET_PART not in everything


async def test_allowed_chats(make_unit_bot: MakeUnitBot):
    unit = await make_unit_bot(allowed_chats=[ALLOWED_GROUP])
    make = unit.updates
    assert (await unit.feed(make.group(ALLOWED_GROUP, 9801, f"/ask {QUESTION}"))).messages
    assert (await unit.feed(make.group(OTHER_GROUP, 9801, f"/ask {QUESTION}"))).calls == []
    # A private chat is a chat too, and it is not listed; admins are always allowed.
    assert (await unit.private(9801, QUESTION)).calls == []
    assert (await unit.feed(make.group(OTHER_GROUP, ADMIN_ID, f"/ask {QUESTION}"))).messages
    assert (await unit.private(ADMIN_ID, QUESTION)).messages
    # Inline queries have no chat: only the user lists apply to them.
    assert (await unit.inline(9801, QUESTION)).inline_answer["results"]
    unit.clean()


async def test_blocked_and_unlisted_users_are_never_answered_nor_read(
        make_unit_bot: MakeUnitBot):
    unit = await make_unit_bot(allowed_users=[9901, 9902], blocked_users=[9902])
    make = unit.updates
    reply = await unit.ask(9901, QUESTION)
    ignored = [
        make.private(9902, QUESTION),  # blocked wins over allowed
        make.group(ALLOWED_GROUP, 9902, f"/ask {QUESTION}"),
        make.group(ALLOWED_GROUP, 9903, f"/ask {QUESTION}"),  # not on the allow list
        make.private(9903, QUESTION),
        make.inline(9902, QUESTION),
        make.callback(9902, reply, reply["reply_markup"]["inline_keyboard"][0][0][
            "callback_data"]),
        make.document(9902, "a.txt", b"x"),
    ]
    for update in ignored:
        assert (await unit.feed(update)).calls == [], update  # not even a callback answer
    assert (await unit.private(ADMIN_ID, QUESTION)).messages  # admins are always allowed
    assert unit.state.stats.served == 2  # 9901 and the admin
    unit.clean()


async def test_blocked_admin_is_still_an_admin(make_unit_bot: MakeUnitBot):
    unit = await make_unit_bot(blocked_users=[ADMIN_ID], allowed_users=[1])
    assert (await unit.ask(ADMIN_ID, "/stats"))["text"].startswith("运行统计")
    unit.clean()


async def test_admin_status_is_not_taken_from_messages_on_behalf_of_a_chat(
        unit_bot: UnitBot):
    channel = {"id": -100555, "type": "channel", "title": "C"}
    out = await unit_bot.group(-100556, ADMIN_ID, "/stats", sender_chat=channel)
    assert out.text == texts.NOT_ADMIN
    unit_bot.clean()
