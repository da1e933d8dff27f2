"""retrieval.answer.names on a hand-made name index: what counts as a name, exact matches
without overlaps, fuzzy pinyin, near-names (confident and doubtful), short forms of
initiatives, windows and overlap removal.

PYTEST_DONT_REWRITE: plain asserts, so that collecting this file stays cheap (the unit
layer's time budget); a failure still shows the failing line.
"""

from __future__ import annotations

from retrieval.answer import names as nm
from retrieval.answer.names import NameIndex, NameMatch


def index(
    initiatives=("板凳议事会", "三减三优", "红色小马甲"),
    others=("喀喇沁旗", "北湖"),
    corpus="板凳议事会开会了。红色小马甲在行动。",
    people=(),
) -> NameIndex:
    return NameIndex.build(initiatives, others, corpus, people)


def test_build_keeps_chinese_names_of_two_or_more_longest_first():
    idx = NameIndex.build(
        ["三减三优", "x", "甲"], ["北湖", "Abc", "abc", "5g网络", "a b"], "", people=["王五", "李"]
    )
    assert idx.names == ("5g网络", "三减三优", "abc", "北湖", "王五")
    assert idx.initiatives == frozenset({"三减三优", "x", "甲"})
    assert idx.people == frozenset({"王五", "李"})
    assert idx.name_set == frozenset(idx.names)
    assert idx._near_candidates == ("5g网络", "三减三优", "abc")


def test_names_of_equal_length_are_in_character_order():
    idx = NameIndex.build([], ["乙丙", "甲乙", "丙丁戊"], "")
    assert idx.names == ("丙丁戊", "乙丙", "甲乙")


def _fuzzy_syllable_case(syllable, fuzzy):
    assert nm.fuzzy_syllable(syllable) == fuzzy


def test_fuzzy_syllable():
    for syllable, fuzzy in [
        ("zhang", "zan"),
        ("chen", "cen"),
        ("shi", "si"),
        ("ling", "nin"),
        ("lang", "nan"),
        ("sheng", "sen"),
        ("an", "an"),
        ("li", "ni"),
        ("ba", "ba"),
        ("nü", "nü"),
    ]:
        _fuzzy_syllable_case(syllable, fuzzy)


def test_fuzzy_pinyin_and_the_sound_cache():
    assert nm.fuzzy_pinyin("长城") == nm.fuzzy_pinyin("藏层") or nm.fuzzy_pinyin("长城")[0] == "can"
    assert nm.fuzzy_pinyin("上") == ("san",)
    idx = index()
    assert idx.sound_of("三减三优") == nm.fuzzy_pinyin("三减三优")
    assert "三减三优" in idx._sounds
    idx._sounds["三减三优"] = ("cached",)
    assert idx.sound_of("三减三优") == ("cached",)
    fresh = index()
    fresh.warm()
    assert set(fresh._sounds) == set(fresh._near_candidates)


def test_exact_finds_every_occurrence_longest_first_without_overlaps():
    idx = NameIndex.build([], ["红色小马甲", "小马", "马甲", "北湖"], "")
    found = idx.exact("北湖的红色小马甲和小马，还有北湖")
    assert found == [
        NameMatch("红色小马甲", "红色小马甲", 3, True),
        NameMatch("北湖", "北湖", 0, True),
        NameMatch("北湖", "北湖", 14, True),
        NameMatch("小马", "小马", 9, True),
    ]
    assert idx.exact("") == []
    assert idx.exact("小马甲") == [NameMatch("小马", "小马", 0, True)]


def test_by_length_groups_near_candidates():
    idx = index()
    assert idx._by_length == {5: ("板凳议事会", "红色小马甲"), 4: ("三减三优", "喀喇沁旗")}


def test_a_same_sounding_typo_is_a_confident_near_name():
    confident, doubtful = index().near("板登议事会在哪里")
    assert confident == [NameMatch("板凳议事会", "板登议事会", 0, False)]
    assert doubtful == []


def test_one_character_left_out_or_added_is_confident_for_four_or_more():
    confident, _ = index().near("红色马甲是什么")
    assert NameMatch("红色小马甲", "红色马甲", 0, False) in confident
    confident, _ = index().near("三减减三优是")
    assert [m.name for m in confident] == ["三减三优"]


def test_a_different_sound_is_only_offered():
    confident, doubtful = index().near("板凳议论会")
    assert confident == [] and doubtful == ["板凳议事会"]


def test_windows_the_corpus_has_are_no_typos():
    idx = index(corpus="板凳议论会开了。")
    assert idx.near("板凳议论会") == ([], [])


def test_two_characters_different_in_a_short_name_is_nothing():
    assert index().near("三加四优") == ([], [])
    assert index().near("") == ([], [])
    assert index().near("abc") == ([], [])


def test_near_names_of_two_characters_are_never_sought():
    idx = NameIndex.build([], ["北湖"], "")
    assert idx.near("北胡") == ([], [])


def test_a_doubtful_name_found_confidently_elsewhere_is_not_offered():
    confident, doubtful = index().near("板登议事会和板凳议论会")
    assert [m.name for m in confident] == ["板凳议事会"]
    assert doubtful == []


def test_short_forms_of_initiatives():
    idx = index(corpus="")
    confident, _ = idx.near("板凳会怎么开")
    assert NameMatch("板凳议事会", "板凳会", 0, False) in confident
    # at least half the name, the first two and the last character, in order
    assert idx._shortened([(0, "板凳")]) == []
    assert idx._shortened([(0, "板凳事")]) == []
    assert idx._shortened([(0, "板凳议会")]) == [NameMatch("板凳议事会", "板凳议会", 0, False)]
    assert idx._shortened([(0, "板凳会议")]) == []
    assert idx._shortened([(0, "板凳议事会")]) == []  # the whole name is no short form
    assert idx._shortened([(3, "红色甲")]) == [NameMatch("红色小马甲", "红色甲", 3, False)]
    long = NameIndex.build(["一二三四五六七八"], [], "")
    assert long._shortened([(0, "一二八")]) == []  # less than half
    assert long._shortened([(0, "一二七八")]) == [
        NameMatch("一二三四五六七八", "一二七八", 0, False)
    ]
    corpus = index(corpus="板凳会")
    assert corpus._shortened([(0, "板凳会")]) == []


def test_initiatives_by_start():
    idx = index(initiatives=("板凳议事会", "板凳会谈", "三减三优"))
    assert idx._initiatives_by_start == {"板凳": ("板凳会谈", "板凳议事会"), "三减": ("三减三优",)}


def test_in_order():
    assert nm._in_order("板会", "板凳议事会")
    assert not nm._in_order("会板", "板凳议事会")
    assert nm._in_order("", "x")
    assert not nm._in_order("板板", "板凳")


def test_windows_are_every_substring_of_two_to_thirteen():
    windows = nm._windows("甲乙丙，ab")
    assert windows == {2: [(0, "甲乙"), (1, "乙丙"), (4, "ab")], 3: [(0, "甲乙丙")]}
    long = nm._windows("一" * 15)
    assert sorted(long) == list(range(2, 14))
    assert len(long[13]) == 3 and len(long[2]) == 14
    assert nm._windows("") == {}
    assert nm._windows("甲") == {}


def test_without_overlaps_keeps_the_longest():
    a = NameMatch("红色小马甲", "红色马甲", 0, False)
    b = NameMatch("马甲", "马甲", 2, True)
    c = NameMatch("北湖", "北胡", 4, False)
    d = NameMatch("北湖", "北胡", 3, False)
    assert nm._without_overlaps([b, a, c]) == [a, c]
    assert nm._without_overlaps([a, d]) == [a]
    assert nm._without_overlaps([]) == []
