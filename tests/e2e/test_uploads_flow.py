"""Admins add documents the way editors have them (issue 13): preview, then 收录 or 取消;
/uploads lists and takes back; bad files change nothing. Against the fake Bot API, with
real PDF / DOCX / HTML files made in the tests from a shipped page."""

from __future__ import annotations

import pytest
from support import formats_samples as samples
from support.e2e_harness import BotHarness
from support.hermetic import ADMIN_ID
from support.messages import buttons

from bot import texts
from bot.previews import Previews

PAGE = "002_65741c68368d13e7.txt"
QUESTION = "揭榜挂帅有多少干部报名"  # answered only by page 002 (96名干部)


async def bot_without_page(make_bot) -> BotHarness:
    """A bot whose corpus lacks page 002, so only an upload of it can answer QUESTION."""
    bot = await make_bot(own_corpus=True)
    (bot.corpus_dir / PAGE).unlink()
    await bot.ask_private(ADMIN_ID, "/reload")
    assert "96名" not in (await bot.ask_private(ADMIN_ID, QUESTION))["text"]
    return bot


async def upload(bot: BotHarness, name: str, data: bytes, mime: str) -> dict:
    before = len(bot.api.messages_to(ADMIN_ID))
    bot.api.document_message(ADMIN_ID, name, data, mime_type=mime)
    [preview] = await bot.next_messages(ADMIN_ID, before, timeout=30)
    return preview


async def press_and_wait(bot: BotHarness, message: dict, label: str) -> dict:
    before = len(bot.api.messages_to(ADMIN_ID))
    await bot.press(ADMIN_ID, message, label)
    [reply] = await bot.next_messages(ADMIN_ID, before, timeout=30)
    return reply


def uploaded_articles(bot: BotHarness) -> list:
    return [a for a in bot.state.knowledge.kb.articles if a.source.startswith("uploads/")]


@pytest.mark.parametrize("name, make, mime", [
    ("党建版第3页.pdf", lambda: samples.newspaper_pdf(PAGE), "application/pdf"),
    ("党建版第3页.docx", lambda: samples.newspaper_docx(PAGE),
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("党建版第3页.html", lambda: samples.news_html(PAGE), "text/html"),
])
async def test_a_page_as_pdf_docx_or_html_is_previewed_confirmed_and_answers(make_bot, name,
                                                                          make, mime):
    bot = await bot_without_page(make_bot)
    version = bot.state.knowledge.kb.version
    data = make()
    preview = await upload(bot, name, data, mime)
    assert "篇" in preview["text"] and "段落" in preview["text"]
    assert [label for label, _ in buttons(preview)] == ["收录", "取消"]
    assert bot.state.knowledge.kb.version == version  # nothing indexed before 收录
    assert any(c.get("action") == "upload_document" for c in bot.api.calls("sendChatAction"))

    done = await press_and_wait(bot, preview, "收录")
    assert done["text"].startswith("✅"), done["text"]
    articles = uploaded_articles(bot)
    assert samples.paragraph_recall(samples.gold_paragraphs(PAGE), articles) >= 0.95
    assert samples.title_recall(samples.gold_titles(PAGE), articles) >= 0.9
    answer = await bot.ask_private(ADMIN_ID, QUESTION)
    assert "96名" in answer["text"]
    assert (bot.settings.retrieval.uploads_dir / name).read_bytes() == data  # kept as sent

    # The same content again is recognised, not added twice.
    again = await upload(bot, name, data, mime)
    assert again["text"].startswith("这份内容已经收录过")


async def test_cancel_and_expiry_change_nothing(make_bot):
    bot = await bot_without_page(make_bot)
    version = bot.state.knowledge.kb.version
    preview = await upload(bot, "稿件.html", samples.news_html(PAGE), "text/html")
    cancelled = await press_and_wait(bot, preview, "取消")
    assert cancelled["text"] == texts.UPLOAD_CANCELLED
    assert bot.state.knowledge.kb.version == version
    assert not any(bot.settings.retrieval.uploads_dir.glob("*.html"))

    bot.state.previews = Previews(ttl=0.0)  # every preview expires at once
    preview = await upload(bot, "稿件.html", samples.news_html(PAGE), "text/html")
    query = await bot.press(ADMIN_ID, preview, "收录")
    assert (await bot.callback_answer(query))["text"] == texts.PREVIEW_EXPIRED
    assert bot.state.knowledge.kb.version == version
    assert not any(bot.settings.retrieval.uploads_dir.glob("*.html"))


async def test_uploads_lists_removes_and_shipped_pages_stay(make_bot):
    bot = await bot_without_page(make_bot)
    preview = await upload(bot, "稿件.pdf", samples.newspaper_pdf(PAGE), "application/pdf")
    await press_and_wait(bot, preview, "收录")
    listing = await bot.ask_private(ADMIN_ID, "/uploads")
    assert "稿件.pdf" in listing["text"] and str(ADMIN_ID) in listing["text"]
    remove = [label for label, _ in buttons(listing)]
    assert remove == ["删除 稿件.pdf"]  # one button per upload, none for the shipped pages
    confirm = await press_and_wait(bot, listing, remove[0])
    done = await press_and_wait(bot, confirm, "确定删除")
    assert done["text"].startswith("🗑")
    assert not uploaded_articles(bot)
    assert "96名" not in (await bot.ask_private(ADMIN_ID, QUESTION))["text"]
    assert (bot.corpus_dir / "000_2668ce89a97b4a1b.txt").exists()
    assert "还没有添加过" in (await bot.ask_private(ADMIN_ID, "/uploads"))["text"]


async def test_a_corrected_version_replaces_the_earlier_upload(make_bot):
    bot = await bot_without_page(make_bot)
    first = await upload(bot, "稿件.html", samples.news_html(PAGE), "text/html")
    await press_and_wait(bot, first, "收录")
    corrected = samples.news_html(PAGE).replace("96名干部".encode(), "97名干部".encode())
    preview = await upload(bot, "稿件-改.html", corrected, "text/html")
    assert [label for label, _ in buttons(preview)] == ["替换", "取消"]
    await press_and_wait(bot, preview, "替换")
    assert "97名" in (await bot.ask_private(ADMIN_ID, QUESTION))["text"]
    assert len(list(bot.settings.retrieval.uploads_dir.glob("*.html"))) == 1


@pytest.mark.parametrize("name, data, reason", [
    ("加密.pdf", lambda: samples.encrypted_pdf(), "加密"),
    ("假的.pdf", lambda: b"just some text, not a PDF", "扩展名"),
    ("炸弹.docx", lambda: samples.zip_bomb(), "解压"),
    ("空页.html", lambda: "<html><body><nav>首页</nav></body></html>".encode(), "正文"),
])
async def test_bad_files_get_a_reason_and_change_nothing(make_bot, name, data, reason):
    bot = await make_bot(own_corpus=True)
    version = bot.state.knowledge.kb.version
    reply = await upload(bot, name, data(), "application/octet-stream")
    assert reply["text"].startswith("❌ 文件没有保存") and reason in reply["text"], reply["text"]
    assert reply["text"].count("\n") == 0
    assert bot.state.knowledge.kb.version == version
    assert not any(bot.settings.retrieval.uploads_dir.glob("*")) or all(
        p.name.startswith(".") for p in bot.settings.retrieval.uploads_dir.iterdir())


async def test_term_adds_an_initiative_for_the_next_index(make_bot):
    bot = await make_bot(own_corpus=True)
    reply = await bot.ask_private(ADMIN_ID, "/term 红色议事厅")
    assert "红色议事厅" in reply["text"]
    terms = bot.settings.retrieval.admin_terms_file.read_text(encoding="utf-8")
    assert "红色议事厅" in terms.splitlines()
    assert (await bot.ask_private(ADMIN_ID, "/term 红 色"))["text"] == texts.TERM_USAGE
    assert (await bot.ask_private(777, "/term 别的"))["text"] == texts.NOT_ADMIN
