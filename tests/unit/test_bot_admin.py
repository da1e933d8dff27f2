"""Admins, in process: /reload (single-flight, failures keep the old index), /stats and
article uploads (getFile and the download through the RecordingRequest); everyone else
is refused. Index builds are stubs here; tests/e2e has uploads with the real index."""

from __future__ import annotations

import asyncio
import dataclasses
import threading
from pathlib import Path

import pytest
from support.hermetic import ADMIN_ID
from support.stub_kb import ARTICLES, StubKnowledgeBase
from support.unit_harness import MakeUnitBot, UnitBot
from support.uploads import GOOD_ARTICLE

from bot import texts
from retrieval.models import Article, SkippedFile

EXTRA = Article(3, "云端议事厅让村民线上议事", "基层来信", "通讯员 测试", "extra.md",
                ("某某旗今年推出“云端议事厅”。",))


class Builds:
    """Stands in for build_knowledge_base (what KnowledgeHolder calls to reload): returns
    the next knowledge base, or raises; `gate` holds a build until the test opens it."""

    def __init__(self, *results: StubKnowledgeBase | Exception, gated: bool = False) -> None:
        self.results = list(results)
        self.started = threading.Event()
        self.gate = threading.Event()
        if not gated:
            self.gate.set()
        self.seen_files: list[set[str]] = []
        self.corpus_dir: Path | None = None

    def __call__(self, config) -> StubKnowledgeBase:
        self.started.set()
        uploads = Path(config.uploads_dir)
        self.seen_files.append({p.name for p in uploads.iterdir() if not p.name.startswith(".")}
                               if uploads.is_dir() else set())
        if not self.gate.wait(10):
            raise TimeoutError("the test never opened the gate")
        result = self.results.pop(0)
        if isinstance(result, Exception):
            raise result
        return result


def newer(**changes) -> StubKnowledgeBase:
    base = dict(version="stub0002newindex", articles=(*ARTICLES, EXTRA))
    base.update(changes)
    return StubKnowledgeBase(**base)


async def admin_bot(make_unit_bot: MakeUnitBot, monkeypatch, builds: Builds,
                    **telegram) -> UnitBot:
    monkeypatch.setattr("bot.app.build_knowledge_base", builds)
    return await make_unit_bot(**telegram)


def corpus_files(unit: UnitBot) -> set[str]:
    return {p.name for p in unit.corpus_dir.iterdir()}


def uploaded_files(unit: UnitBot) -> set[str]:
    """What admins added (the uploads folder, without its hidden registry)."""
    folder = unit.state.settings.retrieval.uploads_dir
    return {p.name for p in folder.iterdir() if not p.name.startswith(".")} if folder.is_dir() \
        else set()


async def upload(unit: UnitBot, name: str, content: bytes, *, confirm: bool = True,
                 **kw) -> str:
    """Send a document; when the bot previews it, press 收录 (or 替换) and return what the
    bot says then; otherwise return the refusal."""
    preview = await unit.feed(unit.updates.document(ADMIN_ID, name, content, **kw))
    labels = [b["text"] for row in (preview.reply.get("reply_markup") or {}).get(
        "inline_keyboard", []) for b in row] if preview.calls else []
    if not confirm or not ({"收录", "替换"} & set(labels)):
        return preview.text
    label = "收录" if "收录" in labels else "替换"
    return (await unit.press(ADMIN_ID, preview.reply, label)).text


# --------------------------------------------------------------------------- reload


async def test_reload_reports_changes_and_skipped_files(make_unit_bot, monkeypatch):
    skipped = (SkippedFile("zz_empty.txt", "empty file"),)
    unit = await admin_bot(make_unit_bot, monkeypatch, Builds(newer(skipped=skipped)))
    reload = await unit.private(ADMIN_ID, "/reload")
    assert [c.endpoint for c in reload.calls] == ["sendChatAction", "sendMessage"]
    text = reload.text
    assert text.startswith("✅ 索引已重新加载，用时 ") and "秒" in text
    assert "文章：3 → 4" in text and "段落：10 → 11" in text
    assert "zz_empty.txt：empty file" in text
    assert unit.kb.version == "stub0002newindex" and unit.state.knowledge.builds == 1
    unit.clean()


async def test_non_admins_are_refused(make_unit_bot, monkeypatch):
    unit = await admin_bot(make_unit_bot, monkeypatch, Builds())
    for command in ("/reload", "/stats", "/uploads", "/term 新名称"):
        assert (await unit.ask(601, command))["text"] == texts.NOT_ADMIN, command
    assert unit.state.knowledge.builds == 0


async def test_concurrent_reloads_build_once_and_questions_keep_flowing(
        make_unit_bot, monkeypatch):
    builds = Builds(newer(), gated=True)
    unit = await admin_bot(make_unit_bot, monkeypatch, builds)
    first = asyncio.create_task(unit.private(ADMIN_ID, "/reload"))
    assert await asyncio.to_thread(builds.started.wait, 10)
    second = asyncio.create_task(unit.private(ADMIN_ID, "/reload"))
    # While the build is stuck, questions are answered by the old index.
    answer = await unit.ask(602, "红色物业是什么")
    assert "覆盖小区86个" in answer["text"] and "stub0001" in str(answer["reply_markup"])
    assert unit.state.knowledge.reloading and not first.done() and not second.done()
    builds.gate.set()
    await asyncio.gather(first, second)
    replies = [m["text"] for m in unit.rec.messages_to(ADMIN_ID)]
    assert unit.state.knowledge.builds == 1  # the second /reload joined the first
    assert sum(r.startswith("已有一次重新加载在进行") for r in replies) == 1
    assert all("✅" in r for r in replies)
    unit.clean()


async def test_a_failed_reload_keeps_the_old_index(make_unit_bot, monkeypatch):
    unit = await admin_bot(make_unit_bot, monkeypatch,
                           Builds(OSError("terms.dict is a directory")))
    old = unit.kb.version
    text = (await unit.ask(ADMIN_ID, "/reload"))["text"]
    assert "❌ 重新加载失败" in text and "继续使用原来的索引" in text
    assert "OSError: terms.dict is a directory" in text
    assert unit.kb.version == old
    assert "覆盖小区86个" in (await unit.ask(603, "红色物业是什么"))["text"]
    stats = (await unit.ask(ADMIN_ID, "/stats"))["text"]
    assert "上次重新加载：" in stats and "失败：OSError" in stats
    assert unit.state.stats.handler_errors == 0


async def test_stats_for_admins(unit_bot: UnitBot):
    await unit_bot.ask(604, "板凳议事会是什么")
    await unit_bot.ask(604, "推荐一部好看的电影")
    text = (await unit_bot.ask(ADMIN_ID, "/stats"))["text"]
    assert "文章 3 篇 · 段落 10 个 · 索引 stub0001dead" in text
    assert "回答问题 2 个，找到答案 1 个（50%）" in text
    assert "答复耗时：中位数 " in text and "p95" in text and " ms" in text
    assert "上次重新加载：启动以来没有" in text
    assert "出错：处理消息 0 次" in text
    assert text.endswith("最近没找到答案的问题\n• 推荐一部好看的电影")
    unit_bot.clean()


# --------------------------------------------------------------------------- uploads


async def test_a_good_upload_is_saved_under_a_safe_name_and_indexed(make_unit_bot, monkeypatch):
    builds = Builds(newer())
    unit = await admin_bot(make_unit_bot, monkeypatch, builds)
    preview = await upload(unit, "云端 议事厅.txt", GOOD_ARTICLE, confirm=False)
    assert "云端_议事厅.txt" in preview and "《云端议事厅让村民线上议事》" in preview
    assert uploaded_files(unit) == set() and builds.seen_files == []  # nothing before 收录
    unit.clean()
    text = await upload(unit, "云端 议事厅.txt", GOOD_ARTICLE)
    assert text.startswith("✅ 已保存为 云端_议事厅.txt，找到文章：《云端议事厅让村民线上议事》")
    assert "文章 3 → 4" in text
    assert uploaded_files(unit) == {"云端_议事厅.txt"}
    assert corpus_files(unit) == set()  # the shipped pages' folder is never written
    folder = unit.state.settings.retrieval.uploads_dir
    assert (folder / "云端_议事厅.txt").read_bytes() == GOOD_ARTICLE
    assert builds.seen_files == [{"云端_议事厅.txt"}]  # the build read the saved file
    assert [c.endpoint for c in unit.rec.calls if c.endpoint in ("getFile", "file")] == [
        "getFile", "file"] * 2  # once per upload (the preview, then the one confirmed)
    unit.clean()


async def test_an_upload_never_overwrites_nor_leaves_its_folder(make_unit_bot, monkeypatch):
    unit = await admin_bot(make_unit_bot, monkeypatch, Builds(newer()))
    folder = unit.state.settings.retrieval.uploads_dir
    folder.mkdir(parents=True)
    earlier = folder / "000_2668ce89a97b4a1b.txt"
    earlier.write_bytes(b"an earlier upload")
    outside = {p.name for p in folder.parent.iterdir()}
    text = await upload(unit, "../../000_2668ce89a97b4a1b.txt", GOOD_ARTICLE)
    assert text.startswith("✅")
    assert uploaded_files(unit) == {earlier.name, "000_2668ce89a97b4a1b-2.txt"}
    assert earlier.read_bytes() == b"an earlier upload"
    assert {p.name for p in folder.parent.iterdir()} == outside
    unit.clean()


@pytest.mark.parametrize("name, content, kw, words", [
    ("tool.exe", b"MZ\x90\x00", {}, "只接受 TXT"),
    ("notes.txt.exe", GOOD_ARTICLE, {}, "只接受 TXT"),
    ("", b"x", {}, "只接受 TXT"),
    ("big.txt", GOOD_ARTICLE, {"declared_size": 5_000_000}, "超过上限 1000 字节"),
    ("real-big.txt", "字".encode() * 400, {}, "超过上限"),  # 1200 bytes
    ("unsized.txt", "字".encode() * 400, {"size_known": False}, "超过上限"),
    ("binary.txt", bytes(range(256)), {}, "❌ 文件没有保存"),
    ("empty.md", b"\n\n", {}, "❌ 文件没有保存"),
])
async def test_bad_uploads_change_nothing(make_unit_bot, monkeypatch, name, content, kw, words):
    unit = await admin_bot(make_unit_bot, monkeypatch, Builds(), corpus={
        "max_upload_bytes": 1000})
    assert words in await upload(unit, name, content, **kw)
    assert uploaded_files(unit) == set() and unit.state.knowledge.builds == 0
    downloads = len(unit.rec.endpoint_calls("file"))
    # Refused by name or declared size: never fetched. Without a size: fetched, then refused.
    assert downloads == (1 if name in ("unsized.txt", "binary.txt", "empty.md") else 0)
    unit.clean()


async def test_documents_of_non_admins_and_in_groups_are_never_downloaded(unit_bot: UnitBot):
    refused = await unit_bot.feed(unit_bot.updates.document(606, "a.txt", GOOD_ARTICLE))
    assert refused.text == texts.NOT_ADMIN_UPLOAD
    for user in (606, ADMIN_ID):  # in a group even an admin's document is just chatter
        in_group = await unit_bot.feed(unit_bot.updates.document(
            user, "b.txt", GOOD_ARTICLE, chat_id=-100606))
        assert in_group.calls == []
    assert not unit_bot.rec.endpoint_calls("getFile") and not unit_bot.rec.endpoint_calls("file")
    assert corpus_files(unit_bot) == set()


@pytest.mark.parametrize("outcome", ["build fails", "loader skips the file"])
async def test_an_upload_is_taken_back_when_it_cannot_be_indexed(
        make_unit_bot, monkeypatch, outcome):
    result = (OSError("corpus disk failed mid-read") if outcome == "build fails"
              else newer(skipped=(SkippedFile("ok.txt", "no paragraphs found"),)))
    unit = await admin_bot(make_unit_bot, monkeypatch, Builds(result))
    text = await upload(unit, "ok.txt", GOOD_ARTICLE)
    reason = "corpus disk failed mid-read" if outcome == "build fails" else "no paragraphs found"
    assert text.startswith("❌ 文件没有保存") and reason in text
    assert uploaded_files(unit) == set()
    unit.clean()


async def test_uploads_one_at_a_time_each_indexed(make_unit_bot, monkeypatch):
    """Two uploads at once: both saved under different names, each build after its file."""
    builds = Builds(newer(), dataclasses.replace(newer(), version="stub0003third"))
    unit = await admin_bot(make_unit_bot, monkeypatch, builds)
    second = GOOD_ARTICLE.replace("云端议事厅让".encode(), "云端议事厅又让".encode())
    previews = [await unit.feed(unit.updates.document(ADMIN_ID, "a.txt", body))
                for body in (GOOD_ARTICLE, second)]
    unit.clean()
    await asyncio.gather(*(unit.press(ADMIN_ID, p.reply, "收录") for p in previews))
    acks = [m["text"] for m in unit.rec.messages_to(ADMIN_ID)][-2:]
    assert all(t.startswith("✅") for t in acks), acks
    assert uploaded_files(unit) == {"a.txt", "a-2.txt"}
    assert builds.seen_files == [{"a.txt"}, {"a.txt", "a-2.txt"}]
    unit.clean()
