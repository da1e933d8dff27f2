"""Load: per-user rate limit, 20 chats at once, and measured answer latency."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import yaml
from conftest import REPO, BotHarness

from bot.state import median, percentile

DEV_QA = REPO.parent / "shared" / "eval" / "dev_qa.yaml"
FALLBACK_QUESTIONS = [
    "板凳议事会是什么", "红色物业", "察哈尔社区有多少党员", "丰镇镇有多少个村", "李西芬工作室",
    "亮晒比创先争优行动是哪个市搞的", "明星湖有多大", "推荐一部好看的电影",
]


def questions(n: int) -> list[str]:
    found: list[str] = []
    if Path(DEV_QA).exists():
        found = [item["q"] for item in yaml.safe_load(DEV_QA.read_text(encoding="utf-8"))]
    found = found or FALLBACK_QUESTIONS
    return [found[i % len(found)] for i in range(n)]


async def test_rate_limit_is_per_user_and_friendly(make_bot):
    bot = await make_bot(rate_limit_per_minute=3)
    for i in range(5):
        bot.api.private_message(701, f"板凳议事会是什么{i}")
    await bot.api.wait_for_messages(701, 4)
    await asyncio.sleep(0.3)  # a fifth message would have arrived by now
    sent = bot.api.messages_to(701)
    limited = [m for m in sent if m["text"].startswith("提问有点快了")]
    assert len(sent) == 4 and len(limited) == 1  # 3 answers + one notice, not one per message
    assert "每分钟最多 3 个问题" in limited[0]["text"]
    assert bot.state.stats.served == 3
    # another user is not affected
    assert "板凳议事会" in (await bot.ask_private(702, "板凳议事会是什么"))["text"]


async def test_twenty_chats_at_once_are_all_answered_quickly(bot: BotHarness):
    users = range(800, 820)
    started = time.perf_counter()
    for user_id, question in zip(users, questions(20), strict=True):
        bot.api.private_message(user_id, question)
    await bot.api.wait_for(lambda: all(bot.api.messages_to(u) for u in users), timeout=10)
    elapsed = time.perf_counter() - started
    print(f"\n20 concurrent chats answered in {elapsed:.2f}s")
    assert elapsed < 3.0, elapsed
    assert all(len(bot.api.messages_to(u)) == 1 for u in users)


async def test_answer_latency(bot: BotHarness, capsys):
    """Ask 30 questions (10 chats at a time) and report median / p95 answer times."""
    qs = questions(30)
    round_trips: list[float] = []
    for wave in range(3):
        users = [900 + wave * 10 + i for i in range(10)]
        sent_at = {}
        for user_id, question in zip(users, qs[wave * 10:(wave + 1) * 10], strict=True):
            sent_at[user_id] = time.perf_counter()
            bot.api.private_message(user_id, question)
        pending = set(users)
        deadline = time.perf_counter() + 10
        while pending and time.perf_counter() < deadline:
            for user_id in list(pending):
                if bot.api.messages_to(user_id):
                    round_trips.append((time.perf_counter() - sent_at[user_id]) * 1000)
                    pending.discard(user_id)
            await asyncio.sleep(0.002)
        assert not pending
    snap = bot.state.stats.snapshot()
    assert snap.served == 30
    with capsys.disabled():
        print(
            f"\nanswer latency over {snap.served} questions "
            f"({snap.answered} answered): "
            f"handler median {snap.median_ms:.1f} ms, p95 {snap.p95_ms:.1f} ms; "
            f"search median {snap.search_median_ms:.1f} ms, p95 {snap.search_p95_ms:.1f} ms; "
            f"end-to-end via polling median {median(round_trips):.1f} ms, "
            f"p95 {percentile(round_trips, 0.95):.1f} ms"
        )
    assert snap.p95_ms is not None and snap.p95_ms < 2000
