"""bench/conversations.py counts what it should: its core (run_conversations) drives the
real bot over the fake Bot API through a small inline set — a private follow-up pair, a
group mention with chatter and a reply to the bot, small talk — and a turn counts only
when its expect phrase is in the head of the reply. Deliberately unmatchable phrases
prove that a miss is counted as one."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from support.e2e_harness import BotHarness

from bot import texts

BENCH = Path(__file__).resolve().parents[2] / "bench" / "conversations.py"
NEVER = "这串字不会出现在任何回复里"


def _load_bench():
    spec = importlib.util.spec_from_file_location("conversations_bench", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


conv = _load_bench()

INLINE = [
    {"chat": "private", "turns": [
        {"say": "三减三优是什么", "kind": "question", "expect": ["三减三优"]},
        {"say": "在哪儿搞的", "kind": "follow_up", "expect": ["赤峰"]},
        {"say": "在哪儿搞的", "kind": "follow_up", "expect": [NEVER]},
    ]},
    {"chat": "group", "turns": [
        {"say": "红色物业是什么", "kind": "question", "mention": True, "expect": ["红色物业"]},
        {"say": "大家周末好", "kind": "chatter", "user": 2},
        {"say": "那效果呢", "kind": "follow_up", "reply_to": 0, "user": 2,
         "expect": ["（关于 红色物业）"]},
    ]},
    {"chat": "private", "turns": [
        {"say": "你好", "kind": "small_talk", "expect": ["你好"]},
        {"say": "谢谢", "kind": "small_talk", "expect": [NEVER]},
    ]},
]


async def test_the_bench_counts_answers_and_misses(bot: BotHarness):
    run = await conv.run_conversations(bot, conv.conversations_from(INLINE))
    got = [(o.say, o.ok) for o in run.outcomes]
    assert got == [("三减三优是什么", True), ("在哪儿搞的", True), ("在哪儿搞的", False),
                   ("红色物业是什么", True), ("那效果呢", True),
                   ("你好", True), ("谢谢", False)], [(o.say, o.head) for o in run.outcomes]
    # Every counted turn had a reply; the unmatchable ones are misses of a real reply.
    assert all(o.head for o in run.outcomes)
    assert run.outcomes[1].head.startswith("（关于三减三优）")
    assert [chat for chat, _ in run.chatter] == [conv.GROUP_BASE - 1]
    assert run.chatter_answered == 0
    assert run.extra == 0

    report = conv.summary(run, misses=True)
    assert report["replies"] == 7 and report["answer_first"] == round(5 / 7, 3)
    assert report["by_kind"]["follow_up"] == {"replies": 3, "answer_first": round(2 / 3, 3)}
    assert report["by_kind"]["small_talk"] == {"replies": 2, "answer_first": 0.5}
    assert report["chatter"] == {"sent": 1, "answered": 0}
    assert [(m["conversation"], m["turn"]) for m in report["misses"]] == [(0, 2), (2, 1)]


def test_judging_of_one_head():
    question = conv.Turn("三减三优是啥", "question", ("减标牌",))
    assert conv.starts_with_answer(question, "以“减 标牌、优职能”为主要内容".replace(" ", ""))
    assert not conv.starts_with_answer(question, "以“减事项”为主要内容")
    # A not-found reply never answers, whatever it happens to contain.
    not_found = conv.squash(texts.NOT_COVERED) + "减标牌"
    assert not conv.starts_with_answer(question, not_found)
    abstain = conv.Turn("明天天气咋样", "abstain")
    assert conv.starts_with_answer(abstain, conv.squash(texts.NOT_COVERED))
    assert not conv.starts_with_answer(abstain, "天气晴")
    several = conv.Turn("啥？在哪？", "several", ("赤峰",))
    assert conv.starts_with_answer(several, "①啥" + conv.squash(texts.NOT_COVERED_PART) + "②赤峰")
    # Only the first HEAD characters count.
    late = {"_raw_text": "<b>" + "字" * conv.HEAD + "</b>减标牌"}
    assert not conv.starts_with_answer(question, conv.head_of(late))


def test_malformed_data_is_refused():
    with pytest.raises(ValueError, match="must mention the bot or reply"):
        conv.conversations_from([{"chat": "group", "turns": [
            {"say": "红色物业是什么", "kind": "question", "expect": ["乌兰浩特"]}]}])
    with pytest.raises(ValueError, match="earlier turn"):
        conv.conversations_from([{"chat": "private", "turns": [
            {"say": "那效果呢", "kind": "follow_up", "reply_to": 0, "expect": ["x"]}]}])
    with pytest.raises(ValueError, match="needs expect"):
        conv.conversations_from([{"chat": "private", "turns": [
            {"say": "你好", "kind": "small_talk"}]}])
