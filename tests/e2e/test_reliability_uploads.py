"""Uploads and reloads under trouble: full disk, read-only corpus, lying sizes, slow and
failing index builds while questions keep coming."""

from __future__ import annotations

import errno
import os
import tempfile
import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support.e2e_harness import BotHarness, MakeBot
from support.hermetic import ADMIN_ID

from bot import storage, texts
from retrieval.answer.build import build_knowledge_base
from retrieval.config import retrieval_config_from_mapping
from retrieval.corpus import durable
from retrieval.corpus.loader import load_corpus, load_corpus_for
from retrieval.index.snapshot import snapshot_key

ARTICLE = """---
title: 云端议事厅让村民线上议事
---
某某旗今年推出“云端议事厅”，村民通过手机参与村务讨论，已累计议定事项136件。
""".encode()
NEW_QUESTION = "云端议事厅累计议定了多少事项"
OLD_QUESTION = "板凳议事会是什么"


def corpus_files(bot: BotHarness) -> set[str]:
    """The shipped pages and everything admins added (uploads, with any temp files)."""
    uploads = bot.settings.retrieval.uploads_dir
    return {p.name for p in bot.corpus_dir.iterdir()} | (
        {f"uploads/{p.name}" for p in uploads.iterdir()} if uploads.is_dir() else set())


async def preview(bot: BotHarness, name: str, content: bytes, timeout: float = 15,
                  **kw) -> dict:
    before = len(bot.api.messages_to(ADMIN_ID))
    bot.api.document_message(ADMIN_ID, name, content, **kw)
    [reply] = await bot.next_messages(ADMIN_ID, before, timeout=timeout)
    return reply


async def upload(bot: BotHarness, name: str, content: bytes, timeout: float = 15, **kw) -> str:
    """Send a document and, when it is previewed, press 收录: what the bot says last."""
    shown = await preview(bot, name, content, timeout, **kw)
    if "收录" not in [b["text"] for row in (shown.get("reply_markup") or {}).get(
            "inline_keyboard", []) for b in row]:
        return shown["text"]
    before = len(bot.api.messages_to(ADMIN_ID))
    await bot.press(ADMIN_ID, shown, "收录")
    [reply] = await bot.next_messages(ADMIN_ID, before, timeout=timeout)
    return reply["text"]


async def ask_many(bot: BotHarness, users: range, question: str = OLD_QUESTION) -> None:
    """Ask from every user at once; return when each has its answer."""
    before = {u: len(bot.api.messages_to(u)) for u in users}
    for user in users:
        bot.api.private_message(user, question)
    await bot.api.wait_for(
        lambda: all(len(bot.api.messages_to(u)) > before[u] for u in users), timeout=3)
    for user in users:
        assert "板凳议事会" in bot.api.messages_to(user)[before[user]]["text"]


# --------------------------------------------------------------------------- disk trouble


def full_disk(handle, data: bytes) -> None:
    handle.write(data[: len(data) // 2])  # half of it made it to disk, then ENOSPC
    handle.flush()
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def unwritable_folder(code: int, folder: Path):
    """tempfile.mkstemp failing with `code` inside `folder` (and only there)."""
    real = tempfile.mkstemp

    def mkstemp(*args, **kwargs):
        if Path(kwargs.get("dir") or "").resolve() == folder.resolve():
            raise OSError(code, os.strerror(code), str(folder))
        return real(*args, **kwargs)

    return mkstemp


# Tests run as root, where chmod 0o555 does not stop writes: the read-only folder is
# simulated by the errors the kernel gives a normal user (EROFS on a read-only mount,
# EACCES without write permission), raised where the first write into the folder happens.
@pytest.mark.parametrize("trouble, words", [
    ("ENOSPC", "磁盘已满"),
    ("EROFS", "只读"),
    ("EACCES", "没有写入资料目录的权限"),
], ids=["ENOSPC", "EROFS", "EACCES"])
async def test_disk_trouble_is_reported_and_changes_nothing(
        make_bot: MakeBot, monkeypatch, trouble, words):
    bot = await make_bot(own_corpus=True)
    files = corpus_files(bot)
    version = bot.state.knowledge.kb.version
    if trouble == "ENOSPC":
        monkeypatch.setattr(durable, "write_durably", full_disk)
    else:
        code = getattr(errno, trouble)
        uploads = bot.settings.retrieval.uploads_dir
        uploads.mkdir(parents=True, exist_ok=True)
        monkeypatch.setattr(durable.tempfile, "mkstemp", unwritable_folder(code, uploads))
    text = await upload(bot, "云端.txt", ARTICLE)
    assert text.startswith("❌ 文件没有保存") and words in text, text
    assert "资料和索引都没有改变" in text
    assert corpus_files(bot) == files  # no partial article, no temp file
    assert bot.state.knowledge.kb.version == version and bot.state.knowledge.builds == 0
    await ask_many(bot, range(8100, 8103))  # the old index keeps serving
    assert bot.state.stats.handler_errors == 0


def test_write_is_atomic_temp_fsync_rename(tmp_path: Path, monkeypatch):
    """The article appears under its name only complete and on disk: written to a hidden
    temp file in the same folder, fsynced, then renamed; the folder is fsynced too."""
    events: list[tuple[str, object]] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        events.append(("fsync", os.readlink(f"/proc/self/fd/{fd}")))
        real_fsync(fd)

    def replace(src, dst) -> None:
        src, dst = Path(src), Path(dst)
        assert src.parent == dst.parent == tmp_path and src.name.startswith(".")
        assert src.read_bytes() == ARTICLE and not dst.exists()
        events.append(("replace", src.name))
        real_replace(src, dst)

    monkeypatch.setattr(durable.os, "fsync", fsync)
    monkeypatch.setattr(durable.os, "replace", replace)
    target = storage.save_atomically(tmp_path, "a.txt", ARTICLE)
    monkeypatch.undo()
    kinds = [kind for kind, _ in events]
    assert kinds == ["fsync", "replace", "fsync"], events
    assert Path(str(events[0][1])).name == events[1][1]  # the temp file itself was fsynced
    assert events[2][1] == str(tmp_path)  # then the folder, making the rename durable
    assert target.read_bytes() == ARTICLE
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_a_failed_rename_leaves_nothing(tmp_path: Path, monkeypatch):
    def replace(src, dst) -> None:
        raise OSError(errno.EXDEV, os.strerror(errno.EXDEV))

    monkeypatch.setattr(durable.os, "replace", replace)
    with pytest.raises(OSError):
        storage.save_atomically(tmp_path, "a.txt", ARTICLE)
    monkeypatch.undo()
    assert list(tmp_path.iterdir()) == []


def test_uploads_folder_is_created_and_files_are_readable_by_other_users(tmp_path: Path):
    """The uploads folder is not shipped: the first upload creates it. Saved files get
    0644 like the index snapshots (mkstemp's 0600 would hide them from a reader service)."""
    uploads = tmp_path / "data" / "uploads"
    saved = storage.save_atomically(uploads, "云端.txt", ARTICLE)
    assert saved == uploads / "云端.txt" and saved.read_bytes() == ARTICLE
    assert saved.stat().st_mode & 0o777 == 0o644
    assert [p.name for p in uploads.iterdir()] == ["云端.txt"]


def test_atomic_write_replaces_whole_files_only(tmp_path: Path, monkeypatch):
    target = tmp_path / "entry.json"
    durable.atomic_write(target, b"old")
    monkeypatch.setattr(durable, "write_durably", full_disk)
    with pytest.raises(OSError):
        durable.atomic_write(target, b"new contents")
    monkeypatch.undo()
    assert target.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["entry.json"]
    durable.atomic_write(target, b"new", mode=0o640)
    assert target.read_bytes() == b"new" and target.stat().st_mode & 0o777 == 0o640


# --------------------------------------------------------------------------- shipped vs uploads


def shipped_and_uploads(tmp_path: Path) -> tuple[Path, Path]:
    shipped, uploads = tmp_path / "corpus", tmp_path / "data" / "uploads"
    shipped.mkdir()
    uploads.mkdir(parents=True)
    (shipped / "page.txt").write_text("红色物业\n\n红色物业让小区变了样。\n", encoding="utf-8")
    (uploads / "page.txt").write_bytes(ARTICLE)  # same name as a shipped page: no clash
    return shipped, uploads


def test_uploads_load_after_the_shipped_pages(tmp_path: Path):
    shipped, uploads = shipped_and_uploads(tmp_path)
    load = load_corpus(shipped, uploads)
    assert load.report.loaded == ("page.txt", "uploads/page.txt")
    assert [a.source for a in load.articles] == ["page.txt", "uploads/page.txt"]
    assert [a.title for a in load.articles] == ["红色物业", "云端议事厅让村民线上议事"]
    assert [a.id for a in load.articles] == [0, 1]  # shipped first


def test_the_index_key_changes_with_the_uploads(tmp_path: Path):
    shipped, uploads = shipped_and_uploads(tmp_path)

    def key() -> str:
        return snapshot_key(load_corpus(shipped, uploads).files, [], {})

    before = key()
    (uploads / "second.txt").write_bytes(ARTICLE.replace(b"136", b"248"))
    assert key() != before
    (uploads / "second.txt").unlink()
    assert key() == before


def test_configured_uploads_path_is_read(tmp_path: Path):
    shipped, uploads = shipped_and_uploads(tmp_path)
    config = retrieval_config_from_mapping(
        {"corpus": {"path": "corpus", "uploads_path": "data/uploads"},
         "index": {"cache_dir": "cache/index"}}, tmp_path)
    assert config.uploads_dir == uploads and config.extract_dir == tmp_path / "cache" / "extract"
    assert load_corpus_for(config).report.loaded == ("page.txt", "uploads/page.txt")
    # the same folder configured twice is read once
    same = retrieval_config_from_mapping({"corpus": {"path": "corpus", "uploads_path": "corpus"}},
                                         tmp_path)
    assert load_corpus_for(same).report.loaded == ("page.txt",)


def article_pdf() -> bytes:
    """ARTICLE as a one-page PDF (reportlab's built-in Chinese font needs no font file)."""
    import io

    pytest.importorskip("reportlab")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.setFont("STSong-Light", 18)
    pdf.drawString(72, 760, "云端议事厅让村民线上议事")
    pdf.setFont("STSong-Light", 10)
    pdf.drawString(72, 730, "某某旗今年推出“云端议事厅”，村民通过手机参与村务讨论，")
    pdf.drawString(72, 716, "已累计议定事项136件。")
    pdf.save()
    return buffer.getvalue()


async def test_a_pdf_upload_is_extracted_saved_as_sent_and_answered(make_bot: MakeBot):
    bot = await make_bot(own_corpus=True)
    data = article_pdf()
    text = await upload(bot, "云端.pdf", data, timeout=30)
    assert "✅" in text and "云端.pdf" in text, text
    assert (bot.settings.retrieval.uploads_dir / "云端.pdf").read_bytes() == data  # as sent
    assert "136" in (await bot.ask_private(8500, NEW_QUESTION))["text"]


# --------------------------------------------------------------------------- names, sizes


@settings(max_examples=300, deadline=None)
@given(name=st.text(max_size=300), suffix=st.sampled_from(storage.ALLOWED_SUFFIXES))
def test_any_file_name_becomes_a_plain_name_inside_the_folder(name, suffix):
    safe = storage.safe_file_name(name, suffix)
    stem = safe[: -len(suffix)]
    assert safe.endswith(suffix) and stem
    assert "/" not in safe and "\\" not in safe and ".." not in safe
    assert not safe.startswith((".", "-")) and "\x00" not in safe
    assert all(ch.isprintable() for ch in safe)
    assert "." not in stem  # the only extension is the fixed one
    folder = Path("/corpus")
    assert (folder / safe).parent == folder and (folder / safe).name == safe


async def test_sizes_are_checked_before_and_after_downloading(make_bot: MakeBot):
    bot = await make_bot(own_corpus=True, corpus={"max_upload_bytes": 1000})
    api = bot.api
    files = corpus_files(bot)
    big = "字".encode() * 400  # 1200 bytes

    def downloads() -> int:
        return sum(1 for method, _ in api.requests if method == "file")

    # The Document understates its size: getFile's size (checked before downloading) tells.
    assert "超过上限" in await upload(bot, "a.txt", big, declared_size=100)
    assert downloads() == 0
    # No size anywhere (the Bot API makes it optional): the downloaded bytes are checked.
    assert "超过上限" in await upload(bot, "b.txt", big, size_known=False)
    assert downloads() == 1
    assert corpus_files(bot) == files and bot.state.knowledge.builds == 0


async def test_only_admin_documents_in_private_chats_are_read(make_bot: MakeBot):
    bot = await make_bot(own_corpus=True)
    api = bot.api
    files = corpus_files(bot)
    group = -100777
    api.document_message(8201, "a.txt", ARTICLE)  # a stranger, in private: a good article
    api.document_message(8201, "b.txt", ARTICLE, chat_id=group)  # stranger, group
    api.document_message(ADMIN_ID, "c.txt", ARTICLE, chat_id=group)  # admin, but in a group
    [refusal] = await api.wait_for_messages(8201, 1)
    assert refusal["text"] == texts.NOT_ADMIN_UPLOAD
    await ask_many(bot, range(8202, 8203))  # the updates above were all handled by now
    assert not api.calls("getFile") and not [r for r in api.requests if r[0] == "file"]
    assert not api.messages_to(group)  # group documents are ignored silently
    assert corpus_files(bot) == files


# --------------------------------------------------------------------------- slow builds


class GatedBuild:
    """build_knowledge_base that waits for the test to open the gate (and may then fail),
    so questions can be asked while a reload is in progress."""

    def __init__(self, fail: bool = False) -> None:
        self.started = threading.Event()
        self.gate = threading.Event()
        self.fail = fail

    def __call__(self, *args, **kwargs):
        self.started.set()
        if not self.gate.wait(10):
            raise TimeoutError("the test never opened the gate")
        if self.fail:
            raise OSError(errno.EIO, "corpus disk failed mid-read")
        return build_knowledge_base(*args, **kwargs)


async def gated_bot(make_bot: MakeBot, monkeypatch, *, fail: bool) -> tuple[BotHarness, GatedBuild]:
    build = GatedBuild(fail)
    monkeypatch.setattr("bot.app.build_knowledge_base", build)  # what KnowledgeHolder calls
    return await make_bot(own_corpus=True), build


async def test_questions_during_reload_and_upload_are_answered(make_bot: MakeBot, monkeypatch):
    bot, build = await gated_bot(make_bot, monkeypatch, fail=False)
    old = bot.state.knowledge.kb.version

    # /reload: the build is stuck; questions are answered by the old index meanwhile.
    (bot.corpus_dir / "extra.txt").write_bytes(ARTICLE)
    bot.api.private_message(ADMIN_ID, "/reload")
    await bot.api.wait_for(build.started.is_set)
    await ask_many(bot, range(8300, 8310))
    assert bot.state.knowledge.reloading and bot.state.knowledge.kb.version == old
    build.gate.set()
    [report] = await bot.api.wait_for_messages(ADMIN_ID, 1, timeout=15)
    assert "✅" in report["text"]
    assert "136" in (await bot.ask_private(8300, NEW_QUESTION))["text"]

    # An upload: saved, then indexed by a (stuck) build; questions keep being answered.
    build.started.clear()
    build.gate.clear()
    shown = await preview(bot, "第二篇.txt", ARTICLE.replace(b"136", b"248"))
    before = len(bot.api.messages_to(ADMIN_ID))
    await bot.press(ADMIN_ID, shown, "收录")
    await bot.api.wait_for(build.started.is_set)
    await ask_many(bot, range(8310, 8320))
    build.gate.set()
    [ack] = await bot.next_messages(ADMIN_ID, before, timeout=15)
    assert "✅" in ack["text"] and "第二篇.txt" in ack["text"]
    assert bot.state.stats.handler_errors == 0


async def test_failing_reload_and_upload_keep_the_old_index(make_bot: MakeBot, monkeypatch):
    bot, build = await gated_bot(make_bot, monkeypatch, fail=True)
    old = bot.state.knowledge.kb.version
    files = corpus_files(bot)

    bot.api.private_message(ADMIN_ID, "/reload")
    await bot.api.wait_for(build.started.is_set)
    await ask_many(bot, range(8400, 8405))
    build.gate.set()
    [report] = await bot.api.wait_for_messages(ADMIN_ID, 1, timeout=15)
    assert "❌ 重新加载失败" in report["text"] and "corpus disk failed" in report["text"]
    assert bot.state.knowledge.kb.version == old
    await ask_many(bot, range(8400, 8405))

    # The upload's build fails too: the saved file is taken back out, nothing changed.
    build.started.clear()
    build.gate.clear()
    shown = await preview(bot, "云端.txt", ARTICLE)
    before = len(bot.api.messages_to(ADMIN_ID))
    await bot.press(ADMIN_ID, shown, "收录")
    await bot.api.wait_for(build.started.is_set)
    await ask_many(bot, range(8405, 8410))
    build.gate.set()
    [ack] = await bot.next_messages(ADMIN_ID, before, timeout=15)
    assert "❌ 文件没有保存" in ack["text"] and "corpus disk failed" in ack["text"]
    assert corpus_files(bot) == files
    assert bot.state.knowledge.kb.version == old
    assert "资料里没有讲到" in (await bot.ask_private(8410, NEW_QUESTION))["text"]
    assert bot.state.stats.handler_errors == 0
