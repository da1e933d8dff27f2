"""Admin uploads and reloads with the real index, over HTTP: what an admin adds is found
at once, cited by title (never by file name); a reload reports what it skipped.
(The Telegram side of uploads, in process: tests/unit/test_bot_admin.py; disk trouble and
reloads under load: test_reliability_uploads.py.)"""

from __future__ import annotations

from support.e2e_harness import MakeBot
from support.hermetic import ADMIN_ID
from support.messages import FILE_NAME
from support.uploads import GOOD_ARTICLE


async def test_an_uploaded_article_answers_at_once_cited_by_its_title(make_bot: MakeBot):
    bot = await make_bot(own_corpus=True)
    before = len(bot.api.messages_to(ADMIN_ID))
    bot.api.document_message(ADMIN_ID, "云端 议事厅.txt", GOOD_ARTICLE)
    [preview] = await bot.next_messages(ADMIN_ID, before, timeout=20)
    assert "《云端议事厅让村民线上议事》" in preview["text"]
    before = len(bot.api.messages_to(ADMIN_ID))
    await bot.press(ADMIN_ID, preview, "收录")
    [ack] = await bot.next_messages(ADMIN_ID, before, timeout=20)
    assert ack["text"].startswith("✅ 已保存为 云端_议事厅.txt")
    assert "《云端议事厅让村民线上议事》" in ack["text"]
    uploads = bot.settings.retrieval.uploads_dir
    assert (uploads / "云端_议事厅.txt").read_bytes() == GOOD_ARTICLE
    assert not (bot.corpus_dir / "云端_议事厅.txt").exists()
    answer = await bot.ask_private(605, "云端议事厅累计议定了多少事项")
    assert "136件" in answer["text"].split("\n", 1)[0]
    assert "—— 《云端议事厅让村民线上议事》 · 基层来信 · 通讯员 测试" in answer["text"]
    assert "云端_议事厅" not in answer["text"] and not FILE_NAME.search(answer["text"])
    sources = await bot.ask_private(605, "/sources")
    assert "管理员添加" in sources["text"] and "云端_议事厅" not in sources["text"]


async def test_reload_reads_new_files_and_reports_the_skipped(make_bot: MakeBot):
    bot = await make_bot(own_corpus=True)
    kb = bot.state.knowledge.kb
    (bot.corpus_dir / "zz_empty.txt").write_bytes(b"   \n")
    (bot.corpus_dir / "extra.md").write_bytes(GOOD_ARTICLE)
    text = (await bot.ask_private(ADMIN_ID, "/reload", timeout=20))["text"]
    new_kb = bot.state.knowledge.kb
    assert len(new_kb.articles) == len(kb.articles) + 1
    assert f"文章：{len(kb.articles)} → {len(new_kb.articles)}" in text
    assert f"段落：{len(kb.paragraphs)} → {len(new_kb.paragraphs)}" in text
    assert "zz_empty.txt" in text and "empty" in text
    assert "云端议事厅" in (await bot.ask_private(600, "云端议事厅是什么"))["text"]
