"""Private chats, in process on the stub knowledge base: the answer layout, not-found,
follow-ups, buttons (更多结果, 全文, 👎, questions), commands, odd and failing sends."""

from __future__ import annotations

import re

import pytest
from support.hermetic import ADMIN_ID
from support.messages import FILE_NAME, button_data, buttons, first_line, labels, tg_len
from support.stub_kb import ARTICLES, StubKnowledgeBase
from support.unit_harness import MakeUnitBot, UnitBot

from bot import buttons as kinds
from bot import texts
from retrieval.models import Article

RED = "红色物业是什么"  # 7 passages in the stub: more than one page
BENCH = "板凳议事会是什么"  # exactly 3 passages: one page, nothing more


async def test_answer_first_then_evidence_citation_with_page_label_and_buttons(
        unit_bot: UnitBot):
    reply = await unit_bot.ask(101, RED)
    raw = reply["_raw_text"]
    assert reply["_parse_mode"] == "HTML"
    # The answer line first, the answer itself (the number) in bold, and only that.
    assert first_line(reply) == "乌兰浩特市推行“红色物业”，覆盖小区86个。"
    assert raw.split("\n", 1)[0].count("<b>") == 1 and "<b>86个</b>" in raw
    assert any(e["type"] == "bold" for e in reply["entities"])
    # One evidence quotation (never the answer line again), then the citation.
    assert "<blockquote>红色物业由社区党组织牵头" in raw
    assert reply["text"].count("覆盖小区86个") == 1
    assert "—— 《红色物业暖民心》 · 知行合一 · 通讯员 杜金辉 · 党建版 第2页" in reply["text"]
    assert not FILE_NAME.search(reply["text"])  # page labels, never file names
    assert labels(reply) == ["更多结果", "全文", "👎", "在哪儿搞的", "效果怎么样"]
    kinds_of = [data.split("|", 1)[0] for _, data in buttons(reply)]
    assert kinds_of == ["m", "f", "w", "q", "q"]
    assert all(len(data.encode()) <= 64 for _, data in buttons(reply))
    assert reply["reply_to_message_id"] is None  # private answers do not quote the question
    unit_bot.clean()


async def test_more_results_only_when_there_is_more(unit_bot: UnitBot):
    # Exactly one page of passages: a 更多结果 button would only say "no more".
    reply = await unit_bot.ask(102, BENCH)
    assert "更多结果" not in labels(reply) and {"全文", "👎"} <= set(labels(reply))
    asked = unit_bot.kb.asked[-1]
    assert asked.top_k == unit_bot.settings.retrieval.top_k + 1  # one more than shown


async def test_not_found_is_one_line_and_question_buttons(unit_bot: UnitBot):
    reply = await unit_bot.ask(103, "推荐一部好看的电影")
    assert first_line(reply) == texts.NOT_COVERED
    assert reply["text"] == f"{texts.NOT_COVERED}\n{texts.TRY_THESE}"
    assert "《" not in reply["text"] and "更多结果" not in labels(reply)
    questions = [(label, data) for label, data in buttons(reply)]
    assert [label for label, _ in questions] == ["板凳议事会", "红色物业"]
    assert all(data.startswith("q|") for _, data in questions)
    assert unit_bot.state.stats.snapshot().recent_unanswered == ("推荐一部好看的电影",)

    # A suggestion, pressed, is asked.
    pressed = await unit_bot.press(103, reply, "红色物业")
    assert not pressed.callback_answer.get("text")  # acknowledged silently
    assert first_line(pressed.reply).startswith("乌兰浩特市推行“红色物业”")
    unit_bot.clean()


async def test_follow_ups_small_talk_english_and_ask_back(unit_bot: UnitBot):
    await unit_bot.ask(104, RED)
    follow = await unit_bot.ask(104, "在哪儿搞的")
    assert first_line(follow) == "（关于 红色物业）"
    assert "<i>（关于 红色物业）</i>" in follow["_raw_text"]

    hello = await unit_bot.ask(105, "你好")
    assert hello["text"].startswith("你好！")
    assert [data[:2] for _, data in buttons(hello)] == ["q|"] * 3

    english = await unit_bot.ask(105, "what is this bot?")
    assert english["text"] == texts.ENGLISH
    assert "板凳议事会" in labels(english)

    # No conversation yet: asked back which initiative, one button each.
    which = await unit_bot.ask(106, "在哪儿搞的")
    assert which["text"] == texts.ASK_WHICH
    pressed = await unit_bot.press(106, which, "红色物业")
    assert "红色物业" in pressed.text and "——" in pressed.text
    unit_bot.clean()


async def test_several_questions_in_one_message(unit_bot: UnitBot):
    reply = await unit_bot.ask(107, "红色物业是什么？推荐一部电影？")
    text = reply["text"]
    assert text.startswith("① 红色物业是什么") and "② 推荐一部电影" in text
    assert texts.NOT_COVERED_PART in text and text.count("——") == 1
    assert labels(reply) == ["全文"]


async def test_more_results_page_on_until_there_is_no_more(unit_bot: UnitBot):
    reply = await unit_bot.ask(108, RED)
    first = await unit_bot.press(108, reply, "更多结果")
    assert not first.callback_answer.get("text")
    page = first.reply
    assert page["text"].startswith("更多结果（第 4–6 条）")
    assert "④" in page["text"] and "⑥" in page["text"] and "覆盖小区86个" not in page["text"]
    assert "更多结果" in labels(page)  # a 7th passage exists
    assert [label for label in labels(page) if label.startswith("全文")] == ["全文④", "全文⑥"]

    last = (await unit_bot.press(108, page, "更多结果")).reply
    assert last["text"].startswith("更多结果（第 7 条）") and "更多结果" not in labels(last)
    unit_bot.clean()


async def test_more_results_of_a_question_too_long_for_the_button(unit_bot: UnitBot):
    """The question does not fit in callback_data (64 bytes): the button carries a short
    id into the ButtonStore, and pressing it must still page on that question."""
    question = "请详细介绍一下红色物业这项工作到底是什么以及它是怎样开展起来的"
    reply = await unit_bot.ask(109, question)
    data = button_data(reply, "更多结果")
    assert re.fullmatch(r"m\|stub0001\|3\|#\d+", data), data
    more = await unit_bot.press(109, reply, "更多结果")
    assert not more.callback_answer.get("text"), "a long question's button answered stale"
    assert more.text.startswith("更多结果（第 4–6 条）")
    assert unit_bot.kb.asked[-1].question == question and unit_bot.kb.asked[-1].offset == 3

    # The same for a follow-up: its conversation topic travels with it.
    await unit_bot.ask(110, RED)
    follow = await unit_bot.ask(110, "在哪儿搞的" + "，麻烦说得具体一点儿" * 3)
    more = await unit_bot.press(110, follow, "更多结果")
    assert more.text.startswith("更多结果（第 4–")
    assert unit_bot.kb.asked[-1].topic == "红色物业"
    unit_bot.clean()


async def test_full_text_sends_the_whole_article(unit_bot: UnitBot):
    reply = await unit_bot.ask(111, BENCH)
    pressed = await unit_bot.press(111, reply, "全文")
    assert not pressed.callback_answer.get("text")
    [article] = pressed.messages
    assert article["text"].startswith("“板凳议事会”问题现场办\n广角 · 本报记者 宋爽 · 党建版 第1页")
    for paragraph in ARTICLES[0].paragraphs:
        assert paragraph in article["text"]
    unit_bot.clean()


async def test_a_long_article_comes_in_pieces_within_the_limit(make_unit_bot: MakeUnitBot):
    body = tuple(f"第{i}段：“长文试点”在社区推进，居民参与议事{i}次&协商。" * 8
                 for i in range(40))
    long_article = Article(0, "长文试点报道", "", "", "000_stub.txt", body)
    kb = StubKnowledgeBase(articles=(long_article,), topic_articles={"长文试点": (0,)})
    unit = await make_unit_bot(kb)
    reply = await unit.ask(112, "长文试点是什么")
    parts = (await unit.press(112, reply, "全文")).messages
    assert len(parts) >= 3
    assert all(tg_len(p["_raw_text"]) <= 4096 and tg_len(p["text"]) <= 4096 for p in parts)
    assert parts[0]["text"].startswith("长文试点报道") and "第39段" in parts[-1]["text"]
    joined = "".join(p["text"] for p in parts)
    assert joined.count("居民参与议事") == 40 * 8
    unit.clean()


async def test_a_reload_makes_old_buttons_stale(make_unit_bot: MakeUnitBot, monkeypatch):
    monkeypatch.setattr("bot.app.build_knowledge_base",
                        lambda config: StubKnowledgeBase(version="stub0002newindex"))
    unit = await make_unit_bot()
    old = await unit.ask(ADMIN_ID, RED)
    report = await unit.ask(ADMIN_ID, "/reload")
    assert report["text"].startswith("✅")
    for label in ("全文", "更多结果"):
        pressed = await unit.press(ADMIN_ID, old, label)
        answer = pressed.callback_answer
        assert answer["text"] == texts.STALE and answer["show_alert"] is True
        assert pressed.messages == []  # nothing sent for a button of the old index
    # Buttons of the new index work.
    fresh = await unit.ask(ADMIN_ID, RED)
    assert (await unit.press(ADMIN_ID, fresh, "全文")).messages
    unit.clean()


@pytest.mark.parametrize("data", ["zzz", "m|stub0001|x|t问", "f|stub0001|", "q|", "w|v|1|",
                                  "m|stub0001|3|#999999", "t|-1x", "u|ok|x", "r|maybe|2"])
async def test_buttons_the_bot_did_not_make_are_answered_stale(unit_bot: UnitBot, data):
    reply = await unit_bot.ask(113, RED)
    pressed = await unit_bot.feed(unit_bot.updates.callback(113, reply, data))
    assert pressed.callback_answer["text"] == texts.STALE and pressed.messages == []
    unit_bot.clean()


@pytest.mark.parametrize("data", ["u|ok|1", "u|no|1", "r|ask|2", "r|yes|2"])
async def test_admin_buttons_refuse_everyone_else(unit_bot: UnitBot, data):
    reply = await unit_bot.ask(113, RED)
    pressed = await unit_bot.feed(unit_bot.updates.callback(113, reply, data))
    assert pressed.callback_answer["text"] == texts.NOT_ADMIN and pressed.messages == []
    unit_bot.clean()


async def test_wrong_answer_button_is_thanked_and_counted(unit_bot: UnitBot):
    reply = await unit_bot.ask(114, RED)
    pressed = await unit_bot.press(114, reply, "👎")
    assert pressed.callback_answer["text"] == texts.WRONG_THANKS and not pressed.messages
    snapshot = unit_bot.state.stats.snapshot()
    assert snapshot.marked_wrong == 1 and snapshot.recent_wrong == (RED,)


async def test_start_help_topics_sources_and_ask(unit_bot: UnitBot):
    kb = unit_bot.kb
    start = await unit_bot.ask(115, "/start")
    assert "2 个版面上的 3 篇文章" in start["text"]
    examples = [label for label, data in buttons(start) if data.startswith("q|")]
    assert examples == list(kb.example_questions(3))

    help_private = await unit_bot.ask(115, "/help")
    assert help_private["text"] != start["text"] and "直接发问题" in help_private["text"]
    assert "@QaTestBot" in help_private["text"] and "/reload" not in help_private["text"]
    assert "/reload" in (await unit_bot.ask(ADMIN_ID, "/help"))["text"]
    help_group = (await unit_bot.group(-100115, 115, "/help")).reply
    assert "直接发问题" not in help_group["text"] and "@QaTestBot 问题" in help_group["text"]

    topics = await unit_bot.ask(115, "/topics")
    names = [label for label, data in buttons(topics) if data.startswith("q|")]
    assert len(names) == 8 and "（第 1/2 页）" in topics["text"]
    assert labels(topics)[-1] == "下一页 ›"
    paged = await unit_bot.press(115, topics, "下一页 ›")
    [edit] = paged.edits
    assert edit["message_id"] == topics["message_id"] and "（第 2/2 页）" in edit["text"]
    assert "‹ 上一页" in labels(edit) and not paged.messages

    sources = await unit_bot.ask(115, "/sources")
    assert "党建版 第1页" in sources["text"] and "党建版 第2页" in sources["text"]
    assert "3 篇文章" in sources["text"] and not FILE_NAME.search(sources["text"])

    assert (await unit_bot.ask(115, "/ask"))["text"] == texts.ASK_USAGE
    assert "覆盖小区86个" in (await unit_bot.ask(115, f"/ask {RED}"))["text"]
    # The command menu was registered at start-up.
    commands = unit_bot.rec.commands
    assert [c["command"] for c in commands] == [c for c, _ in texts.COMMANDS]
    unit_bot.clean()


async def test_html_looking_and_overlong_questions(unit_bot: UnitBot):
    reply = await unit_bot.ask(116, "<b>&？红色物业是什么？")
    assert "① <b>&" in reply["text"]  # shown literally …
    assert "<b>&lt;b&gt;&amp;？</b>" in reply["_raw_text"]  # … because escaped in the HTML

    limit = unit_bot.settings.retrieval.max_question_chars
    long_question = RED + "&<>" * 2000
    reply = await unit_bot.ask(116, long_question)
    assert texts.question_cut(limit) in reply["text"]
    assert tg_len(reply["_raw_text"]) <= 4096
    assert len(unit_bot.kb.asked[-1].question) == limit
    unit_bot.clean()


async def test_stickers_edits_and_channel_posts(unit_bot: UnitBot):
    sticker = await unit_bot.feed(unit_bot.updates.sticker(117))
    assert sticker.text == texts.PRIVATE_ONLY_TEXT and len(buttons(sticker.reply)) == 3

    question = unit_bot.updates.private(117, "板凳议事会是什么")
    answer = (await unit_bot.feed(question)).reply
    edited = await unit_bot.feed(unit_bot.updates.edited(question, RED))
    assert edited.messages == []  # the answer is edited in place, nothing new sent
    [edit] = edited.edits
    assert edit["message_id"] == answer["message_id"] and "覆盖小区86个" in edit["text"]
    assert unit_bot.rec.message(117, answer["message_id"])["text"] == edit["text"]

    post = await unit_bot.feed(unit_bot.updates.channel_post(-1009999, BENCH))
    assert post.calls == []
    unit_bot.clean()


async def test_a_refused_reply_is_apologised_for_and_the_next_is_answered(unit_bot: UnitBot):
    unit_bot.rec.fail("sendMessage", 400, description="Bad Request: not enough rights",
                      chat_id=118)
    failed = await unit_bot.private(118, RED)
    assert [m["text"] for m in failed.messages] == [texts.ERROR]
    assert unit_bot.state.stats.handler_errors == 1
    assert "覆盖小区86个" in (await unit_bot.ask(118, RED))["text"]


async def test_a_user_who_blocked_the_bot_gets_no_apology(unit_bot: UnitBot):
    unit_bot.rec.fail("sendMessage", 403, chat_id=119)
    blocked = await unit_bot.private(119, RED)
    assert blocked.messages == [] and [c.endpoint for c in blocked.errors] == ["sendMessage"]
    assert unit_bot.state.stats.handler_errors == 1  # logged, and no second try


async def test_refused_html_goes_out_once_more_as_plain_text(unit_bot: UnitBot):
    unit_bot.rec.fail("sendMessage", 400, chat_id=120, description=(
        "Bad Request: can't parse entities: Unsupported start tag \"x\" at byte offset 7"))
    sent = await unit_bot.private(120, RED)
    reply = sent.reply
    assert reply["_parse_mode"] is None and "<b>" not in reply["_raw_text"]
    assert first_line(reply) == "乌兰浩特市推行“红色物业”，覆盖小区86个。"
    assert labels(reply)[:3] == ["更多结果", "全文", "👎"]  # the buttons stay
    assert unit_bot.state.stats.handler_errors == 0


def test_callback_kinds_route_by_prefix():
    assert [p.pattern for p in (kinds.MORE, kinds.FULL, kinds.ASK, kinds.WRONG, kinds.TOPICS)
            ] == [r"^m\|", r"^f\|", r"^q\|", r"^w\|", r"^t\|"]
