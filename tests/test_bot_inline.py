"""Inline mode: up to five results, citation titles, snippet descriptions, full answers."""

from __future__ import annotations

from conftest import BotHarness
from fake_bot_api import format_text

from bot import render


async def _inline(bot: BotHarness, user_id: int, query: str) -> dict:
    update = bot.api.inline_query(user_id, query)
    query_id = update["inline_query"]["id"]
    return await bot.api.wait_for(
        lambda: next((a for a in bot.api.inline_answers if a["inline_query_id"] == query_id),
                     None))


async def test_inline_results(bot: BotHarness):
    answer = await _inline(bot, 501, "红色物业")
    results = answer["results"]
    assert 1 <= len(results) <= 5
    assert len({r["id"] for r in results}) == len(results)
    for result in results:
        assert result["type"] == "article"
        assert result["title"].startswith("《") and " · " in result["title"]
        assert result["description"]
        content = result["input_message_content"]
        assert content["parse_mode"] == "HTML"
        text, _ = format_text(content["message_text"], "HTML", None, strict=True)
        assert text.startswith("问：红色物业")
        assert result["title"].split(" · ")[0] in text  # the chosen passage's citation
        assert len(text) <= 4096
    kb_answer = bot.state.knowledge.kb.ask("红色物业", top_k=5)
    assert [r["title"] for r in results] == [render.inline_title(p) for p in kb_answer.passages]


async def test_inline_not_found_and_empty(bot: BotHarness):
    [result] = (await _inline(bot, 502, "推荐一部好看的电影"))["results"]
    assert result["title"] == "没有找到相关内容"
    assert "没有找到与“推荐一部好看的电影”相关的内容" in \
        result["input_message_content"]["message_text"]
    assert (await _inline(bot, 502, "   "))["results"] == []
