"""bot.knowledge_holder: summaries, a successful and a failed reload (the old index keeps
serving), single-flight joining, and reloads that must run after the running one.

PYTEST_DONT_REWRITE: plain asserts, so that collecting this file stays cheap (the unit
layer's time budget); a failure still shows the failing line.
"""

from __future__ import annotations

import asyncio
import threading
from types import SimpleNamespace

from bot.knowledge_holder import KbSummary, KnowledgeHolder, ReloadResult, _joined
from retrieval.models import SkippedFile


def fake_kb(version: str, articles: int = 2, paragraphs: int = 5, skipped=()):
    return SimpleNamespace(
        version=version,
        articles=[object()] * articles,
        paragraphs=[object()] * paragraphs,
        report=SimpleNamespace(skipped=list(skipped)),
    )


def test_summary_of_a_kb():
    assert KbSummary.of(fake_kb("v1", 3, 7)) == KbSummary("v1", 3, 7)


def test_joined_copies_every_field():
    result = ReloadResult(
        ok=False,
        before=KbSummary("a", 1, 1),
        after=None,
        skipped=(SkippedFile("x", "y"),),
        seconds=2.5,
        error="E: x",
        finished_at=123.0,
    )
    joined = _joined(result)
    assert joined.joined and not result.joined
    assert (
        joined.ok,
        joined.before,
        joined.after,
        joined.skipped,
        joined.seconds,
        joined.error,
        joined.finished_at,
    ) == (False, result.before, None, result.skipped, 2.5, "E: x", 123.0)


async def test_a_reload_swaps_the_index_and_reports_it():
    new = fake_kb("v2", 4, 9, skipped=[SkippedFile("bad.txt", "empty")])
    holder = KnowledgeHolder(fake_kb("v1"), lambda: new)
    assert not holder.reloading and holder.last_reload is None and holder.builds == 0
    result = await holder.reload()
    assert holder.kb is new and holder.builds == 1
    assert result.ok and not result.joined and result.error == ""
    assert result.before == KbSummary("v1", 2, 5) and result.after == KbSummary("v2", 4, 9)
    assert result.skipped == (SkippedFile("bad.txt", "empty"),)
    assert result.seconds >= 0.0
    assert holder.last_reload is result
    assert not holder.reloading


async def test_a_failed_build_keeps_the_old_index():
    old = fake_kb("v1")

    def build():
        raise RuntimeError("disk gone")

    holder = KnowledgeHolder(old, build)
    result = await holder.reload()
    assert holder.kb is old
    assert not result.ok and result.after is None and result.skipped == ()
    assert result.error == "RuntimeError: disk gone"
    assert holder.last_reload is result and holder.builds == 1


async def test_a_second_reload_joins_the_running_one():
    release = threading.Event()
    started = threading.Event()

    def build():
        started.set()
        release.wait(5)
        return fake_kb("v2")

    holder = KnowledgeHolder(fake_kb("v1"), build)
    first = asyncio.ensure_future(holder.reload())
    while not started.is_set():
        await asyncio.sleep(0)
    assert holder.reloading
    second = asyncio.ensure_future(holder.reload())
    await asyncio.sleep(0)
    release.set()
    one, two = await asyncio.gather(first, second)
    assert holder.builds == 1
    assert not one.joined and two.joined
    assert two.after == one.after == KbSummary("v2", 2, 5)


async def test_a_reload_that_must_include_new_files_builds_again():
    release = threading.Event()
    started = threading.Event()
    versions = iter(["v2", "v3"])

    def build():
        started.set()
        release.wait(5)
        return fake_kb(next(versions))

    holder = KnowledgeHolder(fake_kb("v1"), build)
    first = asyncio.ensure_future(holder.reload())
    while not started.is_set():
        await asyncio.sleep(0)
    second = asyncio.ensure_future(holder.reload(join_running=False))
    await asyncio.sleep(0)
    release.set()
    one, two = await asyncio.gather(first, second)
    assert holder.builds == 2
    assert not two.joined and two.before == KbSummary("v2", 2, 5)
    assert two.after == KbSummary("v3", 2, 5) and holder.kb.version == "v3"


async def test_reloads_go_through_the_given_spawn():
    spawned = []

    def spawn(coroutine):
        spawned.append(coroutine)
        return asyncio.ensure_future(coroutine)

    holder = KnowledgeHolder(fake_kb("v1"), lambda: fake_kb("v2"), spawn=spawn)
    await holder.reload()
    assert len(spawned) == 1
