"""Admins: /reload, /stats and article upload; everyone else is refused."""

from __future__ import annotations

import shutil

from conftest import ADMIN_ID, BotHarness

from bot import texts

GOOD_ARTICLE = """---
title: 云端议事厅让村民线上议事
column: 基层来信
byline: 通讯员 测试
---
某某旗今年推出“云端议事厅”，村民通过手机参与村务讨论，已累计议定事项136件。

“云端议事厅”由村党支部书记担任召集人，每月组织一次线上议事。
""".encode()


def corpus_files(bot: BotHarness) -> set[str]:
    return {p.name for p in bot.corpus_dir.iterdir()}


async def send_and_wait(bot: BotHarness, user_id: int, update_fn, timeout: float = 15.0) -> dict:
    before = len(bot.api.messages_to(user_id))
    update_fn()
    [reply] = await bot.next_messages(user_id, before, timeout=timeout)
    return reply


async def test_reload_reports_changes_and_skipped_files(make_bot):
    bot = await make_bot(own_corpus=True)
    kb = bot.state.knowledge.kb
    (bot.corpus_dir / "zz_empty.txt").write_bytes(b"   \n")
    (bot.corpus_dir / "extra.md").write_bytes(GOOD_ARTICLE)
    reply = await bot.ask_private(ADMIN_ID, "/reload")
    text = reply["text"]
    new_kb = bot.state.knowledge.kb
    assert f"文章：{len(kb.articles)} → {len(new_kb.articles)}" in text
    assert f"段落：{len(kb.paragraphs)} → {len(new_kb.paragraphs)}" in text
    assert len(new_kb.articles) == len(kb.articles) + 1
    assert "zz_empty.txt" in text and "empty" in text
    assert "秒" in text
    # the new article answers questions at once
    assert "云端议事厅" in (await bot.ask_private(600, "云端议事厅是什么"))["text"]


async def test_non_admin_is_refused(bot: BotHarness):
    for command in ("/reload", "/stats"):
        assert (await bot.ask_private(601, command))["text"] == texts.NOT_ADMIN
    assert bot.state.knowledge.builds == 0


async def test_concurrent_reloads_build_once_and_questions_keep_flowing(make_bot):
    bot = await make_bot(own_corpus=True)
    (bot.corpus_dir / "extra.txt").write_bytes(GOOD_ARTICLE)
    bot.api.private_message(ADMIN_ID, "/reload")
    bot.api.private_message(ADMIN_ID, "/reload")
    # a question during the reload is answered (by the old index) without waiting for it
    answer = await bot.ask_private(602, "板凳议事会是什么", timeout=10)
    assert "板凳议事会" in answer["text"]
    replies = await bot.api.wait_for_messages(ADMIN_ID, 2, timeout=15)
    order = [m["chat"]["id"] for m in bot.api.sent_messages]
    assert order.index(602) < order.index(ADMIN_ID)  # answered before the reload finished
    assert bot.state.knowledge.builds == 1
    assert sum("已有一次重新加载在进行" in r["text"] for r in replies) == 1
    assert all("✅" in r["text"] for r in replies)


async def test_failed_reload_keeps_the_old_index(make_bot):
    bot = await make_bot(own_corpus=True)
    old_version = bot.state.knowledge.kb.version
    terms = bot.settings.retrieval.terms_file
    terms.unlink()
    terms.mkdir()  # a careless admin: the dictionary path is now a folder
    reply = await bot.ask_private(ADMIN_ID, "/reload", timeout=15)
    assert "❌ 重新加载失败" in reply["text"] and "继续使用原来的索引" in reply["text"]
    assert bot.state.knowledge.kb.version == old_version
    assert "板凳议事会" in (await bot.ask_private(603, "板凳议事会是什么"))["text"]
    stats = await bot.ask_private(ADMIN_ID, "/stats")
    assert "失败" in stats["text"]


async def test_stats_for_admin(bot: BotHarness):
    await bot.ask_private(604, "板凳议事会是什么")
    await bot.ask_private(604, "推荐一部好看的电影")
    text = (await bot.ask_private(ADMIN_ID, "/stats"))["text"]
    kb = bot.state.knowledge.kb
    assert f"文章 {len(kb.articles)} 篇" in text and f"段落 {len(kb.paragraphs)} 个" in text
    assert "回答问题 2 个" in text and "找到答案 1 个（50%）" in text
    assert "中位数" in text and "p95" in text and " ms" in text
    assert "上次重新加载：启动以来没有" in text
    assert "• 推荐一部好看的电影" in text


async def test_upload_good_article_becomes_searchable(make_bot):
    bot = await make_bot(own_corpus=True)
    before_files = corpus_files(bot)
    reply = await send_and_wait(
        bot, ADMIN_ID, lambda: bot.api.document_message(ADMIN_ID, "云端 议事厅.txt", GOOD_ARTICLE))
    assert "✅" in reply["text"] and "《云端议事厅让村民线上议事》" in reply["text"]
    assert corpus_files(bot) - before_files == {"云端_议事厅.txt"}
    assert (bot.corpus_dir / "云端_议事厅.txt").read_bytes() == GOOD_ARTICLE
    answer = await bot.ask_private(605, "云端议事厅累计议定了多少事项")
    assert "136" in answer["text"] and "云端_议事厅.txt" in answer["text"]


async def test_upload_path_traversal_name_stays_in_corpus(make_bot):
    bot = await make_bot(own_corpus=True)
    before_files = corpus_files(bot)
    outside = bot.corpus_dir.parent
    before_outside = {p.name for p in outside.iterdir()}
    reply = await send_and_wait(
        bot, ADMIN_ID,
        lambda: bot.api.document_message(ADMIN_ID, "../../000_2668ce89a97b4a1b.txt", GOOD_ARTICLE))
    assert "✅" in reply["text"]
    assert corpus_files(bot) - before_files == {"000_2668ce89a97b4a1b-2.txt"}  # no overwrite
    assert {p.name for p in outside.iterdir()} == before_outside
    shipped = (bot.corpus_dir / "000_2668ce89a97b4a1b.txt").read_bytes()
    assert shipped != GOOD_ARTICLE


async def test_bad_uploads_change_nothing(make_bot):
    bot = await make_bot(own_corpus=True, corpus={"max_upload_bytes": 1000})
    api = bot.api
    files = corpus_files(bot)

    async def upload(name: str, content: bytes, **kw) -> str:
        reply = await send_and_wait(bot, ADMIN_ID,
                                    lambda: api.document_message(ADMIN_ID, name, content, **kw))
        return reply["text"]

    downloads = len(api.calls("getFile"))
    assert "只接受 .txt 或 .md" in await upload("tool.exe", b"MZ\x90\x00")
    assert "只接受 .txt 或 .md" in await upload("notes.txt.exe", GOOD_ARTICLE)
    text = await upload("big.txt", GOOD_ARTICLE, declared_size=5_000_000)
    assert "超过上限 1000 字节" in text
    assert len(api.calls("getFile")) == downloads  # refused before any download

    assert "超过上限" in await upload("real-big.txt", "字".encode() * 400)  # 1200 bytes
    assert "不是文本文件" in await upload("binary.txt", bytes(range(256)))
    assert "empty" in await upload("empty.md", b"\n\n")
    assert corpus_files(bot) == files
    assert bot.state.knowledge.builds == 0


async def test_non_admin_documents_are_never_downloaded(bot: BotHarness):
    files = corpus_files(bot)
    reply = await send_and_wait(bot, 606,
                                lambda: bot.api.document_message(606, "a.txt", GOOD_ARTICLE))
    assert reply["text"] == texts.NOT_ADMIN_UPLOAD
    assert not bot.api.calls("getFile")
    assert not [r for r in bot.api.requests if r[0] == "file"]
    assert corpus_files(bot) == files


async def test_upload_rolled_back_when_reload_fails(make_bot):
    bot = await make_bot(own_corpus=True)
    files = corpus_files(bot)
    terms = bot.settings.retrieval.terms_file
    terms.unlink()
    terms.mkdir()
    reply = await send_and_wait(
        bot, ADMIN_ID, lambda: bot.api.document_message(ADMIN_ID, "ok.txt", GOOD_ARTICLE))
    assert "❌ 文件没有保存" in reply["text"]
    shutil.rmtree(terms)
    assert corpus_files(bot) == files - {terms.name}
    assert "没有找到与" in (await bot.ask_private(607, "云端议事厅累计议定了多少事项"))["text"]


async def test_allow_and_block_lists(make_bot):
    bot = await make_bot(allowed_users=[1502], blocked_users=[1501])
    bot.api.private_message(1501, "板凳议事会是什么")  # blocked
    bot.api.private_message(1503, "板凳议事会是什么")  # not on the allow list
    assert "板凳议事会" in (await bot.ask_private(1502, "板凳议事会是什么"))["text"]
    assert "板凳议事会" in (await bot.ask_private(ADMIN_ID, "板凳议事会是什么"))["text"]
    assert not bot.api.messages_to(1501) and not bot.api.messages_to(1503)
