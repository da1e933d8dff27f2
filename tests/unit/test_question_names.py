"""Known names and near-names (retrieval/answer/names.py)."""

from __future__ import annotations

import pytest

from retrieval.answer.names import NameIndex, fuzzy_pinyin

CORPUS = "“板凳议事会”在小区召开。“红色小马甲”上门服务。亮晒比创先争优行动。红色物业党组织。"


@pytest.fixture(scope="module")
def names() -> NameIndex:
    return NameIndex.build(["板凳议事会", "红色小马甲", "亮晒比", "红色物业"], ["小区"], CORPUS)


def test_exact_names_longest_first_without_overlaps(names):
    found = names.exact("红色小马甲和红色物业")
    assert [m.name for m in found] == ["红色小马甲", "红色物业"]
    assert all(m.exact for m in found)


@pytest.mark.parametrize("typo, name", [
    ("板登议事会是什么", "板凳议事会"),  # same sound (凳/登)
    ("亮嗮比是啥", "亮晒比"),  # similar character, fuzzy pinyin (sai/shai)
    ("红色马甲是干嘛的", "红色小马甲"),  # a character left out of a long name
])
def test_near_names_are_confident(names, typo, name):
    confident, _ = names.near(typo)
    assert [m.name for m in confident] == [name]
    assert confident[0].asked_as in typo and not confident[0].exact


def test_a_window_the_corpus_has_is_no_typo(names):
    confident, doubtful = names.near("小区召开了会")
    assert confident == [] and doubtful == []


def test_one_different_character_of_another_sound_is_only_offered(names):
    confident, doubtful = names.near("亮晒吧是什么")
    assert confident == [] and doubtful == ["亮晒比"]


def test_fuzzy_pinyin_merges_the_usual_confusions():
    assert fuzzy_pinyin("晒") == fuzzy_pinyin("嗮")
    assert fuzzy_pinyin("凳") == fuzzy_pinyin("登")
    assert fuzzy_pinyin("板") != fuzzy_pinyin("凳")


def test_an_initiative_written_short_is_that_initiative(shared_kb):
    """板凳会 for 板凳议事会 (first two characters, the last one, the rest in order); a
    window the corpus itself writes, or one with another ending, is no short form."""
    from retrieval.answer.names import NameIndex

    index = NameIndex.build(["板凳议事会", "三减三优"], [], "东禾太小区召开了板凳议事会")
    confident, _ = index.near("那个板凳会是谁张罗的")
    assert [(m.name, m.asked_as) for m in confident] == [("板凳议事会", "板凳会")]
    written = NameIndex.build(["板凳议事会"], [], "东禾太小区召开了板凳会议")
    assert written.near("板凳会议在哪开")[0] == []  # the corpus itself writes 板凳会
    assert [m.name for m in index.near("三减优是啥")[0]] == ["三减三优"]
    assert index.near("板凳上议论")[0] == []  # 板凳 + 论: not the name's last character
    query = shared_kb.understand("白云鄂博那个板凳会是谁张罗的")
    assert query.topic is not None and query.topic.name == "板凳议事会"
