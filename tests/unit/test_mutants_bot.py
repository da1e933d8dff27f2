"""Telegram layer paths the rest of the unit layer leaves out (found by bench/mutants.py):
/uploads lists, 删除 asks first and 取消 keeps the file; a message of exactly the limit
is not shrunk; `python -m bot` runs polling or a webhook as the settings say; the
answer line's cut and the evidence's ellipsis; a character wider than a split limit;
why an upload could not be written; the skipped-files list; a third upload's name."""

from __future__ import annotations

import dataclasses
import datetime
import errno
from pathlib import Path
from typing import Any

from support.hermetic import ADMIN_ID
from support.stub_kb import ARTICLES, StubKnowledgeBase
from support.telegram_rules import format_text
from support.unit_harness import MakeUnitBot, UnitBot

from bot import render, storage, texts
from bot.__main__ import BOOTSTRAP_RETRIES, run
from bot.app import ALLOWED_UPDATES
from bot.settings import WebhookSettings
from retrieval.models import Answer, AnswerLine, Article, Passage, SkippedFile, TopicInfo

ARTICLE = """---
title: 云端议事厅让村民线上议事
---
某某旗今年推出“云端议事厅”，村民通过手机参与村务讨论，已累计议定事项136件。
""".encode()
EXTRA = Article(3, "云端议事厅让村民线上议事", "", "", "云端.md", ("某某旗今年推出“云端议事厅”。",))


def labels(message: dict[str, Any]) -> list[str]:
    rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
    return [button["text"] for row in rows for button in row]


def uploaded(unit: UnitBot) -> set[str]:
    folder = unit.state.settings.retrieval.uploads_dir
    return {p.name for p in folder.iterdir() if not p.name.startswith(".")} if folder.is_dir() \
        else set()


async def test_removing_an_upload_asks_first_and_cancel_keeps_it(make_unit_bot: MakeUnitBot,
                                                                 monkeypatch):
    builds = [StubKnowledgeBase(version="stub0002withextra", articles=(*ARTICLES, EXTRA)),
              StubKnowledgeBase(version="stub0003without")]
    monkeypatch.setattr("bot.app.build_knowledge_base", lambda config: builds.pop(0))
    unit = await make_unit_bot()
    preview = await unit.feed(unit.updates.document(ADMIN_ID, "云端.md", ARTICLE))
    await unit.press(ADMIN_ID, preview.reply, "收录")
    assert uploaded(unit) == {"云端.md"}

    listing = (await unit.private(ADMIN_ID, "/uploads")).reply
    assert "云端.md" in listing["text"] and "还没有添加过" not in listing["text"]
    asked = await unit.press(ADMIN_ID, listing, "删除 云端.md")
    assert labels(asked.reply) == ["确定删除", "取消"]
    assert uploaded(unit) == {"云端.md"} and len(builds) == 1  # nothing removed yet

    cancelled = await unit.press(ADMIN_ID, asked.reply, "取消")
    assert cancelled.text == texts.REMOVE_CANCELLED
    assert uploaded(unit) == {"云端.md"} and len(builds) == 1

    asked = await unit.press(ADMIN_ID, listing, "删除 云端.md")
    done = await unit.press(ADMIN_ID, asked.reply, "确定删除")
    assert done.text.startswith("🗑")
    assert uploaded(unit) == set() and builds == []
    assert "还没有添加过" in (await unit.private(ADMIN_ID, "/uploads")).text
    unit.clean()


def test_a_message_of_exactly_the_limit_is_kept_at_full_size():
    scales: list[float] = []

    def build(scale: float) -> str:
        scales.append(scale)
        return "字" * int(100 * scale)

    assert render.fit(build, limit=100) == "字" * 100
    assert scales == [1.0]
    assert render.fit(build, limit=99) == "字" * 60  # one over: the next scale


class Recorder:
    """Stands in for the Application: which run_* was called, with what."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.post_init: Any = None  # run() chains the stop deadline in front of it

    def run_polling(self, **kw: Any) -> None:
        self.calls.append(("polling", kw))

    def run_webhook(self, **kw: Any) -> None:
        self.calls.append(("webhook", kw))


async def test_python_m_bot_polls_or_listens_as_the_settings_say(unit_bot: UnitBot):
    polling = unit_bot.settings
    app = Recorder()
    run(app, polling)
    assert app.calls == [("polling", {
        "timeout": datetime.timedelta(seconds=polling.poll_timeout),
        "allowed_updates": ALLOWED_UPDATES, "drop_pending_updates": False,
        "bootstrap_retries": BOOTSTRAP_RETRIES})]
    assert app.post_init is not None  # the stop deadline is installed once the loop runs

    hook = WebhookSettings(listen="127.0.0.1", port=8443, url_path="tg",
                           url="https://bot.example.org/tg", secret_token="s3cret")
    app = Recorder()
    run(app, dataclasses.replace(polling, mode="webhook", webhook=hook))
    [(kind, kw)] = app.calls
    assert kind == "webhook"
    assert (kw["listen"], kw["port"], kw["url_path"], kw["webhook_url"], kw["secret_token"]) == (
        "127.0.0.1", 8443, "tg", "https://bot.example.org/tg", "s3cret")


def _answer(line: str, evidence: str) -> Answer:
    passage = Passage(rank=1, score=1.0, paragraph_id=1, article_id=0, title="标题", column="",
                      byline="", source="000_2668ce89a97b4a1b.txt", paragraph=line,
                      sentence=line, snippet=line, highlights=(), evidence=evidence,
                      page="党建版 第1页")
    return Answer("板凳议事会是什么", True, (passage,), terms=("板凳议事会",),
                  intent="definition", answer=AnswerLine(line, ((0, 5),), 1),
                  topic=TopicInfo("板凳议事会", "板凳议事会"))


def _shown(html: str) -> list[str]:
    text, _ = format_text(html, "HTML")
    return text.split("\n")


def test_a_long_answer_line_is_cut_to_300_characters_with_an_ellipsis():
    line = "板凳议事会" + "让居民议事" * 80 + "。"
    first = _shown(render.answer_text(_answer(line, "居民围坐在板凳上议事。")))[0]
    assert first == line[:299] + "…"


def test_the_evidence_quotation_drops_the_snippets_trailing_ellipsis():
    shown = _shown(render.answer_text(_answer("板凳议事会让居民议事。", "居民围坐在板凳上议事…")))
    assert shown[1] == "居民围坐在板凳上议事"


def test_a_character_wider_than_the_limit_still_goes_out_on_its_own():
    assert render.split_plain("&&", limit=3) == ["&", "&"]  # "&amp;" is 5 wide


def test_an_unwritable_upload_says_why():
    assert "只读文件系统" in texts.upload_not_written(OSError(errno.EROFS, "Read-only file system"))
    assert "权限" in texts.upload_not_written(PermissionError(errno.EACCES, "Permission denied"))
    assert "无法写入资料目录" in texts.upload_not_written(OSError("no errno"))


def test_the_skipped_files_list_says_how_many_more_only_when_there_are_more():
    files = [SkippedFile(f"{n}.txt", "空文件") for n in range(3)]
    assert "另有" not in texts.skipped_block(files, limit=3)
    assert texts.skipped_block([*files, SkippedFile("3.txt", "空文件")], limit=3).endswith(
        "…… 另有 1 个")


def test_uploads_of_one_name_are_numbered_on(tmp_path: Path):
    saved = [storage.save_atomically(tmp_path, "a.txt", bytes([n])) for n in range(4)]
    assert [p.name for p in saved] == ["a.txt", "a-2.txt", "a-3.txt", "a-4.txt"]
