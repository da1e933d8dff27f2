"""Inline mode, in process on the stub knowledge base: up to five results, each a whole
answer under a "问：" heading, no buttons; not found; half-typed queries and statistics."""

from __future__ import annotations

from support.unit_harness import UnitBot

from bot import render, texts

RED = "红色物业是什么"


async def test_inline_results_are_answers_without_buttons(unit_bot: UnitBot):
    answer = (await unit_bot.inline(501, RED)).inline_answer
    results = answer["results"]
    assert len(results) == 5  # MAX_RESULTS of the stub's 7 passages
    assert len({r["id"] for r in results}) == 5
    assert answer["cache_time"] == 30
    kb_answer = unit_bot.kb.ask(RED, 5)
    assert results[0]["title"] == "乌兰浩特市推行“红色物业”，覆盖小区86个。"  # the answer line
    for result, passage in zip(results, kb_answer.passages, strict=True):
        assert result["type"] == "article" and "reply_markup" not in result
        assert result["title"] == render.inline_title(kb_answer, passage)
        assert result["description"] == f"《{passage.title}》"
        content = result["input_message_content"]
        assert content["parse_mode"] == "HTML"
        assert content["message_text"].startswith(f"<b>问：</b>{RED}\n")
        assert f"《{passage.title}》" in content["message_text"]
        assert "党建版 第2页" in content["message_text"]
    unit_bot.clean()


async def test_inline_not_found_and_empty_queries(unit_bot: UnitBot):
    [result] = (await unit_bot.inline(502, "推荐一部好看的电影")).inline_answer["results"]
    assert result["title"] == texts.NOT_COVERED
    assert result["description"] == "可以问问：板凳议事会、红色物业"
    text = result["input_message_content"]["message_text"]
    assert text.split("\n")[:2] == ["<b>问：</b>推荐一部好看的电影", texts.NOT_COVERED]
    for blank in ("", "   ", "\x00\x01"):
        assert (await unit_bot.inline(502, blank)).inline_answer["results"] == []
    unit_bot.clean()


async def test_inline_queries_are_counted_but_never_listed_as_unanswered(unit_bot: UnitBot):
    """Inline queries arrive while the user types: admins' list of recent unanswered
    questions (/stats) must not fill up with half-typed ones."""
    for partial in ("推", "推荐", "推荐一部"):
        await unit_bot.inline(503, partial)
    await unit_bot.ask(503, "推荐一部好看的电影")  # a private question is listed
    snapshot = unit_bot.state.stats.snapshot()
    assert snapshot.served == 4 and snapshot.answered == 0
    assert snapshot.recent_unanswered == ("推荐一部好看的电影",)


async def test_a_long_inline_query_is_cut_and_says_so(unit_bot: UnitBot):
    limit = unit_bot.settings.retrieval.max_question_chars
    results = (await unit_bot.inline(504, RED + "。" * 2000)).inline_answer["results"]
    assert all(texts.question_cut(limit) in r["input_message_content"]["message_text"]
               for r in results)
    assert len(unit_bot.kb.asked[-1].question) == limit
    unit_bot.clean()
