"""Load, in process: the per-user quota for every kind of update that asks something
(questions, inline queries, button presses), and many chats at once, each answered once.
(How fast: bench/, not tests. Under load over HTTP: tests/e2e/test_bot_load_polling.py.)"""

from __future__ import annotations

import asyncio

from support.unit_harness import MakeUnitBot

from bot import texts

RED = "红色物业是什么"


async def test_questions_over_the_quota_get_one_notice(make_unit_bot: MakeUnitBot):
    unit = await make_unit_bot(rate_limit_per_minute=3)
    outcomes = [await unit.private(701, f"{RED}{i}") for i in range(5)]
    sent = [[m["text"] for m in o.messages] for o in outcomes]
    assert all("覆盖小区86个" in s[0] for s in sent[:3])
    assert sent[3] == [texts.rate_limited(60, 3)] and "每分钟最多 3 个问题" in sent[3][0]
    assert sent[4] == []  # told once per blocked stretch, not on every message
    assert unit.state.stats.served == 3
    # Another user is not affected; commands that ask nothing are never counted.
    assert "覆盖小区86个" in (await unit.ask(702, RED))["text"]
    assert (await unit.private(701, "/help")).messages
    unit.clean()


async def test_inline_queries_count_against_the_quota(make_unit_bot: MakeUnitBot):
    unit = await make_unit_bot(rate_limit_per_minute=2)
    answers = [(await unit.inline(703, RED)).inline_answer for _ in range(3)]
    assert [len(a["results"]) for a in answers] == [5, 5, 0]
    assert answers[2]["cache_time"] == 0  # the empty answer is not cached by Telegram
    # The same quota covers questions in chats (the inline refusal used up the one notice).
    assert (await unit.private(703, RED)).messages == []
    assert unit.state.stats.served == 2


async def test_button_presses_count_against_the_quota(make_unit_bot: MakeUnitBot):
    unit = await make_unit_bot(rate_limit_per_minute=2)
    reply = await unit.ask(704, RED)  # 1
    assert (await unit.press(704, reply, "全文")).messages  # 2
    blocked = await unit.press(704, reply, "更多结果")  # 3: over
    assert blocked.messages == []
    notice = blocked.callback_answer
    assert notice["text"] == texts.rate_limited(60, 2) and notice["show_alert"] is True
    assert unit.kb.asked[-1].offset == 0  # the press never reached retrieval


async def test_many_chats_at_once_are_each_answered_once(unit_bot):
    # 24 sends: within AIORateLimiter's burst of 30 a second, so nothing waits here.
    users = range(800, 808)
    questions = [RED, "板凳议事会是什么", "推荐一部好看的电影"]
    updates = [unit_bot.updates.private(user, question)
               for question in questions for user in users]
    await asyncio.gather(*(unit_bot.feed(update) for update in updates))
    for user in users:
        assert len(unit_bot.rec.messages_to(user)) == len(questions), user
    assert unit_bot.state.stats.served == len(updates)
    unit_bot.clean()
