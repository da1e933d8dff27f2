"""Near-name edges (retrieval/answer/names.py): the an/ang merge of fuzzy pinyin, names
too short to be topics, and two misspelt names in one question."""

from __future__ import annotations

from retrieval.answer.names import NameIndex, fuzzy_pinyin


def test_ang_and_an_sound_alike():
    assert fuzzy_pinyin("帮") == fuzzy_pinyin("班")  # bang / ban
    assert fuzzy_pinyin("唐") == fuzzy_pinyin("谈")  # tang / tan


def test_a_name_written_with_an_for_ang_is_a_confident_near_name():
    names = NameIndex.build(["帮扶站"], [], "")
    confident, doubtful = names.near("班扶站在哪")
    assert [(m.name, m.asked_as, m.exact) for m in confident] == [("帮扶站", "班扶站", False)]
    assert doubtful == []


def test_one_character_and_non_chinese_names_are_no_known_names():
    names = NameIndex.build(["三减三优"], ["村", "AB", "党建 引领"], "")
    assert names.names == ("三减三优",)
    assert names.exact("村里AB党建 引领") == []


def test_two_misspelt_names_in_one_question_are_both_found():
    names = NameIndex.build(["板凳议事会", "红色小马甲"], [], "")
    confident, _ = names.near("板登议事会和红色马甲")
    assert sorted((m.name, m.asked_as) for m in confident) == [
        ("板凳议事会", "板登议事会"), ("红色小马甲", "红色马甲")]
