"""Whole conversations against the fake Bot API with the real knowledge base (issue 11):
follow-ups, small talk, several questions at once, English, near-names, the layout."""

from __future__ import annotations

import asyncio
import re
import statistics

import yaml
from support.e2e_harness import BotHarness
from support.hermetic import DATA
from support.messages import buttons

from bot import texts

GROUP = -1009876543210
FILE_NAME = re.compile(r"\d{3}_[0-9a-f]{16}\.txt")


def no_api_errors(bot: BotHarness) -> None:
    # The fake rejects what Telegram rejects (bad HTML, >4096, callback_data >64 bytes).
    assert not [e for e in bot.api.errors if e[0] != "getUpdates"], bot.api.errors


def first_line(reply: dict) -> str:
    return reply["text"].split("\n", 1)[0]


def is_answer(reply: dict) -> bool:
    return "——" in reply["text"] and "《" in reply["text"]


async def group_answer(bot: BotHarness, update: dict, timeout: float = 5.0) -> dict:
    message_id = update["message"]["message_id"]
    return await bot.api.wait_for(
        lambda: next((m for m in bot.api.messages_to(GROUP)
                      if m["reply_to_message_id"] == message_id), None), timeout)


async def test_private_follow_ups_keep_the_topic(bot: BotHarness):
    first = await bot.ask_private(501, "三减三优是什么")
    assert is_answer(first) and "三减三优" in first["text"]
    for follow_up, expected in (("在哪儿搞的", "赤峰"), ("这个是谁牵头的", "三减三优"),
                                ("有什么效果", "三减三优")):
        reply = await bot.ask_private(501, follow_up)
        assert reply["text"].startswith("（关于 三减三优）"), reply["text"]
        assert is_answer(reply), reply["text"]
        assert "《“三减三优”为基层减负增效》" in reply["text"]
        assert expected in reply["text"]
    no_api_errors(bot)


async def test_what_came_next_goes_on_in_the_article(bot: BotHarness):
    """后来呢 after an answer: the article's next sentence, not the same answer again; a
    reply to an earlier answer goes on from that one."""
    first = await bot.ask_private(507, "教育局住宅楼小区以前啥情况")
    assert "被私人划分占领" in first_line(first)
    then = await bot.ask_private(507, "后来呢")
    assert "划分出多个停车位" in then["text"][:150], then["text"]  # after the topic note
    again = await bot.ask_private(507, "然后呢")
    assert "98%" in again["text"][:150], again["text"]
    no_api_errors(bot)


async def test_an_answer_naming_no_topic_still_leaves_its_article(bot: BotHarness):
    """民警去牧点讲了啥 names no initiative; 主题党日叫啥名 next is that article's
    主题党日 (北疆同心圆), not the 信访局's, which another article reports."""
    first = await bot.ask_private(509, "乌兰毛都派出所民警去牧点讲了啥")
    assert is_answer(first) and "边境安全知识" in first["text"][:150]
    then = await bot.ask_private(509, "主题党日叫啥名")
    assert "北疆同心圆" in then["text"][:150], then["text"]
    no_api_errors(bot)


async def test_follow_up_without_context_asks_back(bot: BotHarness):
    reply = await bot.ask_private(502, "在哪儿搞的")
    assert reply["text"] == texts.ASK_WHICH
    choices = buttons(reply)
    assert len(choices) >= 2
    before = len(bot.api.messages_to(502))
    await bot.press(502, reply, choices[0][0])
    [answer] = await bot.next_messages(502, before)
    assert is_answer(answer) and choices[0][0] in answer["text"]


async def test_group_follow_up_by_reply_uses_that_answer(bot: BotHarness):
    api = bot.api
    asked = api.group_message(GROUP, 601, "@QaTestBot 红色物业是什么")
    answer = await group_answer(bot, asked)
    assert "红色物业" in answer["text"]
    # Another member replies to the bot's answer without naming the topic.
    follow = api.group_message(GROUP, 602, "那效果呢", reply_to=answer)
    reply = await group_answer(bot, follow)
    assert reply["text"].startswith("（关于 红色物业）"), reply["text"]
    assert is_answer(reply)
    # By reference: the first user asks on, addressing the bot.
    again = api.group_message(GROUP, 601, "@QaTestBot 在哪儿搞的")
    reply = await group_answer(bot, again)
    assert reply["text"].startswith("（关于 红色物业）") and "乌兰浩特" in reply["text"]
    # Someone else in the group has no conversation yet: asked back, not guessed.
    stranger = api.group_message(GROUP, 603, "@QaTestBot 在哪儿搞的")
    assert (await group_answer(bot, stranger))["text"] == texts.ASK_WHICH
    no_api_errors(bot)


async def test_small_talk_is_answered_kindly_with_examples(bot: BotHarness):
    for text in ("你好", "谢谢", "你是谁", "你能做什么", "👍"):
        reply = await bot.ask_private(503, text)
        assert texts.NOT_COVERED not in reply["text"], text
        examples = [label for label, data in buttons(reply) if data.startswith("q|")]
        assert len(examples) == 3, (text, buttons(reply))
    # The examples are of different kinds and each one is answered.
    before = len(bot.api.messages_to(503))
    await bot.press(503, reply, examples[1])
    [answer] = await bot.next_messages(503, before)
    assert is_answer(answer)


async def test_several_questions_in_one_message(bot: BotHarness):
    reply = await bot.ask_private(504, "三减三优是什么？在哪儿搞的？")
    text = reply["text"]
    assert text.startswith("① 三减三优是什么") and "② 在哪儿搞的" in text
    assert text.count("——") == 2 and "赤峰" in text


async def test_english_gets_english_and_chinese_names_still_answer(bot: BotHarness):
    reply = await bot.ask_private(505, "what is the weather like today?")
    assert reply["text"].startswith("I answer questions in Chinese")
    assert any(label == "板凳议事会" for label, _ in buttons(reply))
    named = await bot.ask_private(505, "what is 板凳议事会")
    assert is_answer(named) and "板凳议事会" in named["text"]


async def test_near_names_say_which_name_they_used(bot: BotHarness):
    for typo, name in (("板登议事会是什么", "板凳议事会"), ("红色马甲是干嘛的", "红色小马甲"),
                       ("亮嗮比是啥", "亮晒比")):
        reply = await bot.ask_private(506, typo)
        assert reply["text"].startswith(f"（按“{name}”理解）"), reply["text"]
        assert is_answer(reply)


async def test_layout_answer_first_bold_span_no_repeats_no_file_names(bot: BotHarness):
    reply = await bot.ask_private(507, "察哈尔社区有多少党员")
    raw = reply["_raw_text"]
    line = first_line(reply)
    assert "1052人" in line
    assert "<b>1052人</b>" in raw.split("\n", 1)[0]  # the answer itself is marked …
    assert raw.split("\n", 1)[0].count("<b>") == 1  # … and nothing else in that line
    assert line not in reply["text"].split("\n", 1)[1]  # never shown twice
    assert "<blockquote" in raw
    assert not FILE_NAME.search(reply["text"])
    assert "党建版 第1页" in reply["text"]
    assert {"全文", "👎"} <= {label for label, _ in buttons(reply)}


async def test_reply_length_median(bot: BotHarness):
    items = yaml.safe_load((DATA / "qa_everyday_tune.yaml").read_text(encoding="utf-8"))
    lengths = []
    for item in [i for i in items if not i.get("abstain")][:40]:
        reply = await bot.ask_private(508, item["q"])
        if is_answer(reply):
            lengths.append(len(reply["text"]))
    assert len(lengths) >= 30
    assert statistics.median(lengths) <= 350, statistics.median(lengths)


async def test_more_results_stay_in_the_article(bot: BotHarness):
    reply = await bot.ask_private(509, "三减三优减了啥")
    before = len(bot.api.messages_to(509))
    await bot.press(509, reply, "更多结果")
    [more] = await bot.next_messages(509, before)
    assert more["text"].startswith("更多结果（第 ")
    assert more["text"].count("《“三减三优”为基层减负增效》") >= 2, more["text"]


async def test_full_text_from_a_group_goes_private(bot: BotHarness):
    api = bot.api
    api.private_message(610, "/start")  # this member has a private chat with the bot
    await api.wait_for_messages(610, 1)
    asked = api.group_message(GROUP, 610, "@QaTestBot 板凳议事会是什么")
    answer = await group_answer(bot, asked)
    group_before = len(api.messages_to(GROUP))
    private_before = len(api.messages_to(610))
    query = await bot.press(610, answer, "全文")
    assert (await bot.callback_answer(query))["text"] == texts.SENT_PRIVATELY
    parts = await bot.next_messages(610, private_before)
    assert parts[0]["text"].startswith("“板凳议事会” 问题现场办")
    [notice] = await bot.next_messages(GROUP, group_before)
    assert len(notice["text"]) < 40 and texts.SENT_PRIVATELY in notice["text"]

    # A member the bot cannot write to gets one collapsed quotation in the group.
    group_before = len(api.messages_to(GROUP))
    await bot.press(611, answer, "全文")
    [quoted] = await bot.next_messages(GROUP, group_before)
    assert "<blockquote expandable>" in quoted["_raw_text"]
    await asyncio.sleep(0.2)
    assert len(api.messages_to(GROUP)) == group_before + 1  # never a flood
    # The one refused call: the private message to the member without a private chat.
    assert [e for e in api.errors if e[0] != "getUpdates"] == [
        ("sendMessage", 400, "Bad Request: chat not found")]


async def test_edited_question_edits_the_answer(bot: BotHarness):
    api = bot.api
    update = api.private_message(512, "察哈尔社区有多少党员")
    [answer] = await bot.next_messages(512, 0)
    api.edited_message(update["message"], "丰镇镇有多少个村")
    edited = await api.wait_for(
        lambda: next((c for c in api.calls("editMessageText")
                      if c.get("message_id") == answer["message_id"]), None))
    assert "28个村" in re.sub(r"<[^>]+>", "", edited["text"])
    assert len(api.messages_to(512)) == 1  # edited in place, nothing new sent


async def test_wrong_answer_button_is_counted_in_stats(make_bot):
    bot = await make_bot()
    reply = await bot.ask_private(513, "红色物业是什么")
    query = await bot.press(513, reply, "👎")
    assert (await bot.callback_answer(query))["text"] == texts.WRONG_THANKS
    snapshot = bot.state.stats.snapshot()
    assert snapshot.marked_wrong == 1 and snapshot.recent_wrong == ("红色物业是什么",)
    assert "👎 答错反馈：1 次" in texts.stats_text(snapshot, _summary(bot), None)


def _summary(bot: BotHarness):
    from bot.knowledge_holder import KbSummary

    return KbSummary.of(bot.state.knowledge.kb)


async def test_commands_start_help_topics_sources(bot: BotHarness):
    start = await bot.ask_private(514, "/start")
    assert len([b for b in buttons(start) if b[1].startswith("q|")]) == 3
    help_private = await bot.ask_private(514, "/help")
    assert help_private["text"] != start["text"] and "直接发问题" in help_private["text"]
    asked = bot.api.group_message(GROUP, 514, "/help")
    help_group = await group_answer(bot, asked)
    assert "@QaTestBot" in help_group["text"] and "直接发问题" not in help_group["text"]

    topics = await bot.ask_private(514, "/topics")
    assert len(topics["text"]) < 200
    names = [label for label, data in buttons(topics) if data.startswith("q|")]
    assert len(names) == 8 and "下一页 ›" in [label for label, _ in buttons(topics)]
    query = await bot.press(514, topics, "下一页 ›")
    await bot.callback_answer(query)
    page2 = await bot.api.wait_for(lambda: next(
        (c for c in bot.api.calls("editMessageText")
         if c.get("message_id") == topics["message_id"]), None))
    assert "第 2/" in page2["text"]

    sources = await bot.ask_private(514, "/sources")
    assert "党建版 第1页" in sources["text"] and not FILE_NAME.search(sources["text"])


async def test_every_offered_button_gets_an_answer(bot: BotHarness):
    """Follow-up and suggestion buttons for the questions of our own set: each press
    is answered (an offered follow-up is one the corpus answers)."""
    items = yaml.safe_load((DATA / "qa_everyday_tune.yaml").read_text(encoding="utf-8"))
    offered: dict[str, str] = {}  # callback_data -> label
    for item in items:
        reply = await bot.ask_private(515, item["q"])
        for label, data in buttons(reply):
            if data.startswith("q|") and label not in offered.values():
                offered[data] = label
    assert len(offered) >= 10
    for data, label in offered.items():
        before = len(bot.api.messages_to(515))
        bot.api.callback_query(515, {"message_id": 1, "chat": {"id": 515, "type": "private"}},
                               data)
        [answer] = await bot.next_messages(515, before)
        assert is_answer(answer), (label, answer["text"])
