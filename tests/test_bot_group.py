"""Group chats: answered only when addressed; quoted, compact replies."""

from __future__ import annotations

import asyncio

from conftest import ADMIN_ID, BotHarness, buttons

from bot import texts

GROUP = -1001234567890


async def _answer_to(bot: BotHarness, update: dict, timeout: float = 5.0) -> dict:
    """The bot's message replying to the message in `update`."""
    message_id = update["message"]["message_id"]
    return await bot.api.wait_for(
        lambda: next((m for m in bot.api.messages_to(GROUP)
                      if m["reply_to_message_id"] == message_id), None), timeout)


def _replied_ids(bot: BotHarness) -> list[int]:
    return [m["reply_to_message_id"] for m in bot.api.messages_to(GROUP)]


async def test_addressed_messages_are_answered_compactly(bot: BotHarness):
    api = bot.api
    ask = api.group_message(GROUP, 201, "/ask 板凳议事会是什么")
    reply = await _answer_to(bot, ask)
    assert "板凳议事会" in reply["text"] and "《" in reply["text"]
    assert "其他相关内容" not in reply["text"]  # compact: one passage
    assert [label for label, _ in buttons(reply)][:2] == ["更多结果", "全文"]

    addressed = api.group_message(GROUP, 202, "/ask@QaTestBot 察哈尔社区有多少党员")
    assert "1052" in (await _answer_to(bot, addressed))["text"]

    mention = api.group_message(GROUP, 203, "@QaTestBot 红色物业是什么")
    assert "红色物业" in (await _answer_to(bot, mention))["text"]

    follow_up = api.group_message(GROUP, 204, "察哈尔社区有多少党员", reply_to=reply)
    assert "1052" in (await _answer_to(bot, follow_up))["text"]

    # a bare /ask replying to someone's message asks that message
    question = api.group_message(GROUP, 205, "丰镇镇有多少个村")
    bare = api.group_message(GROUP, 206, "/ask", reply_to=question)
    assert "28" in (await _answer_to(bot, bare))["text"]
    assert not [e for e in api.errors if e[0] != "getUpdates"]


async def test_chatter_and_other_bots_are_ignored(bot: BotHarness):
    api = bot.api
    someone = api.group_message(GROUP, 301, "板凳议事会是什么")  # plain chatter
    api.group_message(GROUP, 302, "/ask@OtherBot 板凳议事会是什么")
    api.group_message(GROUP, 303, "/help@OtherBot")
    api.group_message(GROUP, 304, "红色物业是什么", reply_to=someone)  # reply to a user
    api.group_message(GROUP, 305, "@OtherBot 红色物业是什么")
    api.group_message(GROUP, 306, "我觉得 QaTestBot 不错")  # name without @mention
    await asyncio.sleep(0.5)
    control = api.group_message(GROUP, 307, "/ask 红色物业")
    await _answer_to(bot, control)
    await asyncio.sleep(0.3)
    sent = api.messages_to(GROUP)
    assert len(sent) == 1, [m["text"][:40] for m in sent]
    assert _replied_ids(bot) == [control["message"]["message_id"]]


async def test_group_buttons_reply_in_the_group(bot: BotHarness):
    ask = bot.api.group_message(GROUP, 401, "/ask 红色物业")
    reply = await _answer_to(bot, ask)
    before = len(bot.api.messages_to(GROUP))
    await bot.press(402, reply, "更多结果")  # anyone in the group may press
    [more] = await bot.next_messages(GROUP, before)
    assert more["text"].startswith("更多结果（第 2–")  # the group answer showed one passage
    assert _replied_ids(bot)[-1] == reply["message_id"]


async def test_anonymous_admin_and_other_users_cannot_reload(make_bot):
    bot = await make_bot(admins=[ADMIN_ID])
    anonymous = bot.api.group_message(GROUP, ADMIN_ID, "/reload",
                                      sender_chat={"id": GROUP, "type": "supergroup",
                                                   "title": "G"})
    assert (await _answer_to(bot, anonymous))["text"] == texts.NOT_ADMIN
    stranger = bot.api.group_message(GROUP, 777, "/reload@QaTestBot")
    assert (await _answer_to(bot, stranger))["text"] == texts.NOT_ADMIN
    stats = bot.api.group_message(GROUP, 777, "/stats")
    assert (await _answer_to(bot, stats))["text"] == texts.NOT_ADMIN
    assert bot.state.knowledge.builds == 0
