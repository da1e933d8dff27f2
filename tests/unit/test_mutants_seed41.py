"""Tests written for the survivors of mutation seed 41 (fifth session): the latency an
inline query records, a text file's author front matter as byline, the redacting log
filter as a logging.Filter, several questions in one message whose first is unanswered,
and a conversation's article used only when the question names what it names."""

from __future__ import annotations

import logging
import time

from support.unit_harness import UnitBot

from bot.logging_setup import RedactingFilter
from retrieval.answer.knowledge import KnowledgeBase
from retrieval.corpus.formats.text import extract


async def test_an_inline_query_records_how_long_it_took(unit_bot: UnitBot):
    started = time.perf_counter()
    await unit_bot.inline(601, "红色物业是什么")
    elapsed_ms = (time.perf_counter() - started) * 1000
    snapshot = unit_bot.state.stats.snapshot()
    assert snapshot.served == 1 and snapshot.median_ms is not None
    assert 0 <= snapshot.median_ms <= elapsed_ms
    unit_bot.clean()


def test_a_text_files_author_is_its_byline_when_it_has_none():
    page = "---\ntitle: 标题\nauthor: 张三\n---\n正文一段。\n".encode()
    extracted = extract(page)
    assert extracted.byline == "张三" and extracted.title == "标题"
    with_byline = "---\nbyline: 李四\nauthor: 张三\n---\n正文。\n".encode()
    assert extract(with_byline).byline == "李四"
    from_source = "---\nsource: 新华网\n---\n正文。\n".encode()
    assert extract(from_source).byline == "新华网" == extract(from_source).url


def test_the_redacting_filter_is_a_named_logging_filter():
    redacting = RedactingFilter(["123456:SECRET"])
    assert redacting.name == "" and redacting.nlen == 0  # logging.Filter's own state
    record = logging.LogRecord("httpx", logging.INFO, __file__, 1,
                               "GET https://api.telegram.org/bot123456:SECRET/getMe", (), None)
    assert redacting.filter(record)
    assert "SECRET" not in record.getMessage()


def test_a_second_question_after_an_unanswered_first_keeps_no_stale_context(
        shared_kb: KnowledgeBase):
    """The first part unanswered: the next is answered on its own."""
    first, second = shared_kb.ask_all("上海的房价多少钱一平？三减三优是什么？")
    assert not first.answered and second.answered
    assert second.intent == "definition"
    assert second.answer is not None and "减标牌" in second.answer.text


def test_the_conversations_article_needs_every_name_the_question_uses(
        shared_kb: KnowledgeBase):
    first = shared_kb.ask("三减三优是什么")
    article = first.passages[0].article_id
    query = shared_kb.understand("板凳议事会在哪里开")
    assert not shared_kb._names_only_what_the_article_names(query, article)
    elsewhere = shared_kb.understand("三减三优在包头搞了吗")  # 包头: not in that article
    assert "包头" in elsewhere.names
    assert not shared_kb._names_only_what_the_article_names(elsewhere, article)
    same = shared_kb.understand("三减三优在哪儿搞的")
    assert shared_kb._names_only_what_the_article_names(same, article)
