"""Tests for behaviour a fresh mutation sample (seed 6, bench/mutants.py) showed untested:
each pins one thing a maintainer could break without any other test noticing."""

from __future__ import annotations

import importlib.util

import pytest
from support.unit_harness import MakeUnitBot
from telegram import Update

from bot.handlers.update_parts import WrongUpdate, document
from bot.render import ask_buttons
from bot.state import BotState
from retrieval.answer import spans
from retrieval.answer.knowledge import KnowledgeBase
from retrieval.answer.query import EXPANSION_SHARE, Term
from retrieval.corpus.formats import ExtractError, ocr
from retrieval.corpus.formats.text import split_front_matter


def test_a_definition_is_the_word_followed_by_what_it_is(shared_kb: KnowledgeBase):
    """红色小马甲是…: what follows the word itself (not what precedes it) says whether
    the sentence defines it."""
    query = shared_kb.understand("红色小马甲是什么")
    for defining in ("“红色小马甲”是党员志愿者担任的志愿服务人员",
                     "据介绍,“红色小马甲”是党员志愿者担任的志愿服务人员"):  # anywhere
        assert spans.definition_fit(defining, query) == 1.0
    mentioning = "他们是“红色小马甲”，每天入户走访"
    assert spans.definition_fit(mentioning, query) < 1.0


def test_question_buttons_come_two_to_a_row():
    class Buttons:
        def ask(self, question: object) -> str:
            return "q"

    rows = ask_buttons(Buttons(), [(f"问{i}", f"问题{i}") for i in range(5)])  # type: ignore[arg-type]
    assert [len(row) for row in rows] == [2, 2, 1]


def test_ocr_is_available_exactly_when_its_package_is_installed(monkeypatch):
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: object())
    assert ocr.available() is True
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    assert ocr.available() is False


def test_an_unknown_two_character_word_counts_by_the_noun_it_ends_in():
    """烂路, 养羊: a kind of 路, 羊, when that character is a word of the passage."""
    term = Term("养羊", 1.0, known=False, topical=True)
    assert term.found_in("村里的羊叫声", frozenset({"羊", "村里"})) == EXPANSION_SHARE
    assert term.found_in("村里的羊叫声", frozenset({"村里"})) == 0.0


async def test_an_upload_preview_waits_the_configured_minutes(make_unit_bot: MakeUnitBot):
    unit = await make_unit_bot(preview_minutes=10)
    state: BotState = unit.state
    assert state.previews._items.ttl == 600.0


async def test_answers_stay_editable_for_telegrams_48_hours(make_unit_bot: MakeUnitBot):
    """An edited question edits its answer while Telegram still allows it: 48 hours."""
    unit = await make_unit_bot()
    assert unit.state.answers.ttl == 48 * 3600.0


def test_the_processes_log_lines_are_filed_under_the_bots_logger():
    import bot.__main__ as main

    assert main.log.name == "bot"


def test_a_document_handler_refuses_an_update_without_a_document():
    update = Update.de_json({"update_id": 1, "message": {
        "message_id": 2, "date": 0, "chat": {"id": 5, "type": "private"},
        "from": {"id": 5, "is_bot": False, "first_name": "U"}, "text": "hi"}}, None)
    with pytest.raises(WrongUpdate):
        document(update)


def test_bad_front_matter_says_what_yaml_found_wrong():
    with pytest.raises(ExtractError) as raised:
        split_front_matter("---\ntitle: a: b\n---\n正文")
    assert "mapping values are not allowed" in str(raised.value)
    assert "unreadable" not in str(raised.value)
