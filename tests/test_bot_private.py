"""Private chats over real HTTP: answers, not-found, commands, buttons, hostile input."""

from __future__ import annotations

import asyncio
import re

from conftest import ADMIN_ID, BotHarness, button_data, buttons

from bot import callback_data as cb
from bot import texts


def no_api_errors(bot: BotHarness) -> None:
    # The fake rejects what Telegram rejects (bad HTML, >4096, callback_data >64 bytes).
    assert not [e for e in bot.api.errors if e[0] != "getUpdates"], bot.api.errors


async def test_private_answer_has_sentence_citation_and_buttons(bot: BotHarness):
    reply = await bot.ask_private(101, "板凳议事会是什么")
    assert reply["_parse_mode"] == "HTML"
    text = reply["text"]
    assert "板凳议事会" in text
    # the matched terms are bold
    assert any(e["type"] == "bold" for e in reply.get("entities", []))
    assert "<b>板凳议事会</b>" in reply["_raw_text"]
    # citation: 《title》 · column · byline · page
    assert re.search(r"《[^》]+》 · .+ · \d{3}_[0-9a-f]+\.txt", text), text
    labels = [label for label, _ in buttons(reply)]
    assert labels[:2] == ["更多结果", "全文"]
    assert all(len(data.encode()) <= 64 for _, data in buttons(reply))
    assert reply.get("reply_to_message_id") is None  # private chats are not quoted
    no_api_errors(bot)


async def test_not_found_says_so_and_suggests_topics(bot: BotHarness):
    reply = await bot.ask_private(102, "推荐一部好看的电影")
    text = reply["text"]
    assert "没有找到与“推荐一部好看的电影”相关的内容" in text
    suggestions = [label for label, data in buttons(reply) if data.startswith("s|")]
    assert suggestions, buttons(reply)
    assert all(s in text for s in suggestions)
    assert "更多结果" not in text and "《" not in text  # no weak match shown as an answer

    # Pressing a suggestion asks about it.
    before = len(bot.api.messages_to(102))
    await bot.press(102, reply, suggestions[0])
    [answer] = await bot.next_messages(102, before)
    assert suggestions[0] in answer["text"]
    assert bot.state.stats.snapshot().recent_unanswered[-1] == "推荐一部好看的电影"


async def test_more_results_button_pages_on(bot: BotHarness):
    reply = await bot.ask_private(103, "红色物业")
    first_page = reply["text"]
    before = len(bot.api.messages_to(103))
    query = await bot.press(103, reply, "更多结果")
    [more] = await bot.next_messages(103, before)
    answer = await bot.callback_answer(query)
    assert not answer.get("text")  # acknowledged silently
    assert more["text"].startswith("更多结果（第 4–")
    assert "④" in more["text"] and "《" in more["text"]
    # new passages, not the ones already shown
    first_sentences = {line for line in first_page.splitlines() if line.startswith("②")}
    assert not first_sentences & set(more["text"].splitlines())
    assert any(label.startswith("全文") for label, _ in buttons(more))
    no_api_errors(bot)


async def test_full_text_button_sends_whole_article_in_pieces(bot: BotHarness):
    reply = await bot.ask_private(104, "板凳议事会是什么")
    data = cb.parse(button_data(reply, "全文"))
    article = bot.state.knowledge.kb.article(data.article_id)
    before = len(bot.api.messages_to(104))
    query = await bot.press(104, reply, "全文")
    await bot.callback_answer(query)
    await asyncio.sleep(0.3)
    parts = bot.api.messages_to(104)[before:]
    assert parts and parts[0]["text"].startswith(article.title)
    joined = "\n".join(p["text"] for p in parts)
    for paragraph in article.paragraphs:
        assert paragraph.strip()[:30] in joined
    no_api_errors(bot)


async def test_reload_makes_old_buttons_stale_and_long_articles_split(make_bot):
    bot = await make_bot(own_corpus=True)
    old = await bot.ask_private(ADMIN_ID, "红色物业")

    # An admin adds a long article and reloads: the index version changes.
    body = "\n\n".join(
        f"第{i}段：“长文试点”在社区推进，居民参与议事{i}次&协商。" * 8 for i in range(40)
    )
    (bot.corpus_dir / "long.txt").write_text(f"---\ntitle: 长文试点报道\n---\n{body}\n",
                                              encoding="utf-8")
    before = len(bot.api.messages_to(ADMIN_ID))
    bot.api.private_message(ADMIN_ID, "/reload")
    [report] = await bot.next_messages(ADMIN_ID, before, timeout=15)
    assert "✅" in report["text"]

    # Buttons of the answer from the old index answer politely and send nothing.
    for label in ("全文", "更多结果"):
        sent = len(bot.api.messages_to(ADMIN_ID))
        query = await bot.press(ADMIN_ID, old, label)
        answer = await bot.callback_answer(query)
        assert answer["text"] == texts.STALE
        await asyncio.sleep(0.2)
        assert len(bot.api.messages_to(ADMIN_ID)) == sent

    # The new article is searchable; its 全文 comes in pieces of at most 4096 characters.
    reply = await bot.ask_private(ADMIN_ID, "长文试点是什么")
    assert "长文试点报道" in reply["text"]
    before = len(bot.api.messages_to(ADMIN_ID))
    query = await bot.press(ADMIN_ID, reply, "全文")
    assert not (await bot.callback_answer(query)).get("text")
    await bot.next_messages(ADMIN_ID, before, count=3)
    await asyncio.sleep(0.3)
    parts = bot.api.messages_to(ADMIN_ID)[before:]
    assert len(parts) >= 3
    assert all(len(p["text"].encode("utf-16-le")) // 2 <= 4096 for p in parts)
    assert parts[0]["text"].startswith("长文试点报道")
    assert "第39段" in parts[-1]["text"]
    no_api_errors(bot)


async def test_garbage_callback_data_is_answered(bot: BotHarness):
    reply = await bot.ask_private(106, "红色物业")
    query = bot.api.callback_query(106, reply, "zzz")
    assert (await bot.callback_answer(query))["text"] == texts.STALE


async def test_commands_start_help_topics_sources_ask(bot: BotHarness):
    kb = bot.state.knowledge.kb
    help_text = (await bot.ask_private(107, "/start"))["text"]
    for question in kb.example_questions(3):
        assert question in help_text
    assert "/ask" in help_text and "@QaTestBot" in help_text
    assert "/reload" not in help_text  # admin commands only shown to admins
    assert "/reload" in (await bot.ask_private(ADMIN_ID, "/help"))["text"]

    topics = (await bot.ask_private(107, "/topics"))["text"]
    first = kb.topics()[0]
    assert first.name in topics and kb.article(first.article_ids[0]).source in topics

    sources = (await bot.ask_private(107, "/sources"))["text"]
    assert "000_2668ce89a97b4a1b.txt" in sources and f"{len(kb.articles)} 篇文章" in sources

    answer = (await bot.ask_private(107, "/ask 察哈尔社区有多少党员"))["text"]
    assert "1052" in answer
    usage = (await bot.ask_private(107, "/ask"))["text"]
    assert usage == texts.ASK_USAGE
    # the command menu was registered at start-up
    assert {c["command"] for c in bot.api.commands} >= {"start", "help", "ask", "topics",
                                                       "sources"}
    no_api_errors(bot)


async def test_html_looking_and_overlong_questions(bot: BotHarness):
    reply = await bot.ask_private(108, "<b>&")
    assert "<b>&" in reply["text"]  # shown literally, escaped in the HTML source
    assert "&lt;b&gt;&amp;" in reply["_raw_text"]

    reply = await bot.ask_private(108, "板凳议事会<i>是</i>什么 & <a href='x'>")
    assert "板凳议事会" in reply["text"]

    limit = bot.settings.retrieval.max_question_chars
    long_question = "察哈尔社区有多少党员" + "&<>" * 2000
    reply = await bot.ask_private(108, long_question)
    assert texts.question_cut(limit) in reply["text"]
    assert len(reply["text"]) <= 4096
    no_api_errors(bot)


async def test_non_text_and_edits_and_channel_posts(bot: BotHarness):
    hint = await asyncio.wait_for(_sticker_reply(bot), 5)
    assert hint["text"] == texts.PRIVATE_ONLY_TEXT
    original = bot.api.private_message(109, "板凳议事会是什么")
    await bot.api.wait_for_messages(109, 2)
    bot.api.edited_message(original, "红色物业是什么")
    bot.api.channel_post(-1009999, "板凳议事会是什么")
    control = await bot.ask_private(109, "/ask 红色物业")
    await asyncio.sleep(0.3)
    assert len(bot.api.messages_to(109)) == 3  # hint, first answer, control: edit ignored
    assert not bot.api.messages_to(-1009999)
    assert "红色物业" in control["text"]
    no_api_errors(bot)


async def _sticker_reply(bot: BotHarness) -> dict:
    bot.api.sticker_message(109)
    [hint] = await bot.api.wait_for_messages(109, 1)
    return hint


async def test_failure_in_a_handler_is_reported_and_the_bot_keeps_going(bot: BotHarness):
    # Telegram refuses the answer once (HTTP 400): the handler fails, the error handler
    # logs it and apologises, and the next question is answered normally.
    bot.api.inject_fault("sendMessage", "400", times=1, chat_id=110)
    apology = await bot.ask_private(110, "板凳议事会是什么")
    assert apology["text"] == texts.ERROR
    assert "板凳议事会" in (await bot.ask_private(110, "板凳议事会是什么"))["text"]
