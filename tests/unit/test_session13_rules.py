"""The thirteenth session's rules, over small corpora and the shipped pages."""

from __future__ import annotations

from support.small_corpus import sentence_fit, small_resources

from retrieval.answer.knowledge import KnowledgeBase
from retrieval.answer.spans import is_admin_place, people, places

HELD = "7月26日,在乌兰察布市党政大楼会议室里,一场述职会火热进行。"
BASE = "今年以来,呼伦贝尔边境管理支队在“忆苦思甜”教育基地多次举办党性锤炼培训班。"
TOWN = "呼伦贝尔边境管理支队在新巴尔虎左旗开展培训。"
LEVELS = "市县乡三级分三个环节逐级开展。"
SQUARE = "我们把村部广场当成宣传主阵地,给老百姓讲骗子的招数。"
TOLD = "这是民馨路街道党工委向居民作出的承诺。"
MOTHER = "家住民乐社区的赵女士也充满感激。"


def test_a_suffix_inside_another_word_is_no_admin_place():
    assert not is_admin_place("推进乡村振兴进程中")
    assert is_admin_place("喀喇沁旗马鞍山脚下")
    assert is_admin_place("包头市白云鄂博矿区社区东禾太小区")


def test_the_levels_of_the_map_and_kinds_of_area_are_no_places():
    assert places(LEVELS) == ()
    assert places("深入12个旗县区进行观摩") == ()
    assert places("农村牧区基层党组织") == ()
    assert places("支队辖区点多线长") == ()
    assert [TOWN[a:b] for a, b in places(TOWN)] == ["新巴尔虎左旗"]


def test_the_asked_place_repeated_says_nothing_of_where():
    """乌兰察布 asked: 乌兰察布市 in the sentence is no answer (only 市 is left of it)."""
    res = small_resources(["乌兰察布市统一设计了公开栏。", HELD], [])
    assert sentence_fit(res, "乌兰察布那个公开栏在哪设的", "乌兰察布市统一设计了公开栏。") < 1.0


def test_where_an_event_was_held_is_the_room_it_was_held_in():
    res = small_resources([HELD, "乌兰察布市统一设计了公开栏。"], [])
    assert sentence_fit(res, "乌兰察布那个述职会在哪开的", HELD) == 1.0
    # without 开/举办 a building says less than a town
    assert sentence_fit(res, "乌兰察布那个述职会在哪儿", HELD) < 1.0


def test_a_kind_of_venue_asked_is_answered_by_one_of_that_kind():
    res = small_resources([BASE, TOWN], [])
    assert sentence_fit(res, "呼伦贝尔支队的培训班在哪个基地办的", BASE) == 1.0
    assert sentence_fit(res, "呼伦贝尔支队的培训班在哪个基地办的", TOWN) < 1.0


def test_a_site_asked_is_answered_by_a_square():
    res = small_resources([SQUARE, "派出所民警在街上宣传反诈知识。"], [])
    assert sentence_fit(res, "哪儿是派出所反诈宣传的主阵地", SQUARE) == 1.0


def test_the_ones_spoken_to_are_no_role_asked_for():
    res = small_resources([TOLD, "居民代表刘某参加了会议。"], [])
    assert sentence_fit(res, "有困难就找党组织 这句承诺是谁跟居民许下的", TOLD) == 1.0


def test_a_surname_with_a_form_of_address_is_who_someone_is(shared_kb: KnowledgeBase):
    assert [MOTHER[a:b] for a, b in people(MOTHER)] == ["赵女士"]
    answer = shared_kb.ask("民乐社区那个说孩子放假没人照看的家长 是谁")
    assert answer.answer is not None and "赵女士" in answer.answer.text
