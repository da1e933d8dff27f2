"""Group chats, in process on the stub knowledge base: answered only when addressed, as
compact quoted replies; follow-ups per member and thread; 更多结果 and 全文 go privately."""

from __future__ import annotations

from support.hermetic import ADMIN_ID
from support.messages import first_line, labels
from support.unit_harness import UnitBot

from bot import texts

GROUP = -1001234567890
RED = "红色物业是什么"


async def test_addressed_messages_are_answered_compactly_as_replies(unit_bot: UnitBot):
    ask = unit_bot.updates.group(GROUP, 201, f"/ask {RED}")
    reply = (await unit_bot.feed(ask)).reply
    assert reply["reply_to_message_id"] == ask["message"]["message_id"]  # quotes the question
    assert first_line(reply) == "乌兰浩特市推行“红色物业”，覆盖小区86个。"
    assert "相关：" not in reply["text"] and reply["text"].count("——") == 1  # compact
    assert labels(reply)[:3] == ["更多结果", "全文", "👎"]
    assert unit_bot.kb.asked[-1].top_k == unit_bot.settings.group_passages + 1

    for text in ("/ask@QaTestBot 板凳议事会是什么", "@QaTestBot 板凳议事会是什么",
                 "板凳议事会是什么 @qatestbot"):
        assert "126件" in (await unit_bot.group(GROUP, 202, text)).text, text

    # A reply to one of the bot's answers is a question, and a follow-up of that answer.
    follow = await unit_bot.group(GROUP, 203, "在哪儿搞的", reply_to=reply)
    assert first_line(follow.reply) == "（关于 红色物业）"
    # A bare /ask replying to someone's message asks that message.
    question = unit_bot.updates.group(GROUP, 204, "板凳议事会是什么")
    assert (await unit_bot.feed(question)).calls == []  # chatter: not addressed
    bare = await unit_bot.group(GROUP, 205, "/ask", reply_to=question)
    assert "126件" in bare.text
    unit_bot.clean()


async def test_chatter_other_bots_and_replies_to_users_are_ignored(unit_bot: UnitBot):
    someone = unit_bot.updates.group(GROUP, 301, "板凳议事会是什么")
    ignored = [
        someone,
        unit_bot.updates.group(GROUP, 302, "/ask@OtherBot 板凳议事会是什么"),
        unit_bot.updates.group(GROUP, 303, "/help@OtherBot"),
        unit_bot.updates.group(GROUP, 304, RED, reply_to=someone),  # a reply to a member
        unit_bot.updates.group(GROUP, 305, "@OtherBot 红色物业是什么"),
        unit_bot.updates.group(GROUP, 306, "我觉得 QaTestBot 不错"),  # no @mention
        unit_bot.updates.sticker(307, chat_id=GROUP),
        unit_bot.updates.joined(GROUP, 308, unit_bot.rec.bot_user),
    ]
    for update in ignored:
        assert (await unit_bot.feed(update)).calls == [], update
    assert unit_bot.state.stats.served == 0
    unit_bot.clean()


async def test_each_member_and_each_thread_has_a_conversation_of_its_own(unit_bot: UnitBot):
    await unit_bot.group(GROUP, 401, f"@QaTestBot {RED}")
    again = await unit_bot.group(GROUP, 401, "@QaTestBot 在哪儿搞的")
    assert first_line(again.reply) == "（关于 红色物业）"
    stranger = await unit_bot.group(GROUP, 402, "@QaTestBot 在哪儿搞的")
    assert stranger.text == texts.ASK_WHICH  # asked back, not guessed from someone else

    await unit_bot.group(GROUP, 403, "@QaTestBot 板凳议事会是什么", thread_id=11)
    await unit_bot.group(GROUP, 403, f"@QaTestBot {RED}", thread_id=12)
    in_11 = await unit_bot.group(GROUP, 403, "@QaTestBot 在哪儿搞的", thread_id=11)
    assert first_line(in_11.reply) == "（关于 板凳议事会）"
    unit_bot.clean()


async def test_more_and_full_text_go_to_the_presser_privately(unit_bot: UnitBot):
    answer = (await unit_bot.group(GROUP, 501, f"/ask {RED}")).reply
    for label, private_start in (("全文", "红色物业暖民心"), ("更多结果", "更多结果（第 2–4 条）")):
        pressed = await unit_bot.press(502, answer, label)  # anyone in the group may press
        assert pressed.callback_answer["text"] == texts.SENT_PRIVATELY
        private, notice = pressed.messages
        assert private["chat"]["id"] == 502 and private["text"].startswith(private_start)
        assert notice["chat"]["id"] == GROUP and len(notice["text"]) < 40
        assert texts.SENT_PRIVATELY in notice["text"]
    unit_bot.clean()


async def test_without_a_private_chat_full_text_is_one_collapsed_quotation(unit_bot: UnitBot):
    answer = (await unit_bot.group(GROUP, 601, f"/ask {RED}")).reply
    unit_bot.rec.fail("sendMessage", 400, chat_id=602)  # "chat not found": never /start-ed
    pressed = await unit_bot.press(602, answer, "全文")
    [quoted] = pressed.messages
    assert quoted["chat"]["id"] == GROUP  # never a flood of messages for everyone
    assert "<blockquote expandable>" in quoted["_raw_text"]
    assert quoted["text"].startswith("《红色物业暖民心》")
    assert not pressed.callback_answer.get("text")

    unit_bot.rec.fail("sendMessage", 403, chat_id=603)  # the member blocked the bot
    more = await unit_bot.press(603, answer, "更多结果")
    [page] = more.messages
    assert page["chat"]["id"] == GROUP and page["text"].startswith("更多结果（第 2–4 条）")
    assert unit_bot.state.stats.handler_errors == 0


async def test_anonymous_admins_and_members_cannot_reload_or_see_stats(unit_bot: UnitBot):
    group_itself = {"id": GROUP, "type": "supergroup", "title": "G"}
    anonymous = await unit_bot.group(GROUP, ADMIN_ID, "/reload", sender_chat=group_itself)
    assert anonymous.text == texts.NOT_ADMIN
    assert (await unit_bot.group(GROUP, 777, "/reload@QaTestBot")).text == texts.NOT_ADMIN
    assert (await unit_bot.group(GROUP, 777, "/stats")).text == texts.NOT_ADMIN
    assert unit_bot.state.knowledge.builds == 0
    unit_bot.clean()
