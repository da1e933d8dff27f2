"""Tests for mutants of seed 44 (python bench/mutants.py --seed 44 --n 60) that the unit
layer let live: the light first character of a question's verb, and a recall that
cannot be changed after the fact."""

from __future__ import annotations

import dataclasses

import pytest

from bot.dialogue import Recall
from retrieval.answer.knowledge import _said_in
from retrieval.answer.query import Term


def term(text: str, *alternatives: str) -> Term:
    return Term(text, 1.0, True, True, alternatives)


def test_only_a_two_character_verb_loses_its_direction_character():
    assert _said_in(term("去救"), "成功营救数十人")  # 去救: 救
    # a longer word keeps its first character (去年底 is not 年底), and a word that does
    # not open with 去/来/给 keeps all of it (救人 is not 人)
    assert not _said_in(term("去年底"), "到年底完成")
    assert not _said_in(term("救人"), "有人来了")
    assert _said_in(term("救人", "营救"), "成功营救数十人")


def test_a_recall_is_frozen():
    recall = Recall("三减三优")
    with pytest.raises(dataclasses.FrozenInstanceError):
        recall.topic = "红色物业"  # type: ignore[misc]
