"""The ninth session's rules, over the shipped pages and over small corpora."""

from __future__ import annotations

from support.follow_ups import ask_after, ask_after_answer
from support.small_corpus import sentence_fit, small_resources

from retrieval.answer.knowledge import KnowledgeBase
from retrieval.answer.spans import OTHER_UNIT_FIT, people
from retrieval.answer.split import split_questions

LEVELS = "巴彦淖尔市组织开展旗县区、市直部门、苏木乡镇、嘎查村6个层面党组织书记擂台比武。"
DEPARTMENTS = "77个市直部门以“争一流”为主题，对标全区全国先进典型。"
SECRETARIES = "赤峰市2423名嘎查村（社区）书记深入一线宣讲。"


def test_a_follow_up_answered_by_the_part_of_a_line_not_shown_is_no_repetition(
        shared_kb: KnowledgeBase):
    # the answer to 书记叫啥 is cut to 书记何泽承告诉记者…; its sentence goes on to the
    # 旅游景区, which 啥景区 asks for
    first = ask_after(shared_kb, "多布库尔猎民村在哪兒", "书记叫啥")
    assert first.answer is not None and "何泽承" in first.answer.text
    assert "景区" not in first.answer.text
    scenic = ask_after_answer(shared_kb, first, "他们弄了个啥景区")
    assert scenic.answer is not None and "一心一带五区" in scenic.answer.text


def test_a_piece_naming_only_a_topic_joins_the_question_after_it():
    assert split_questions("那防疫那块呢 组了几个突击队") == ["那防疫那块呢 组了几个突击队"]
    assert split_questions("那小孩呢？有啥去处没？") == ["那小孩呢？有啥去处没？"]
    # a question after it that asks nothing given stays apart (弄了个啥)
    assert split_questions("那小孩那块呢 弄了个啥") == ["那小孩那块呢", "弄了个啥"]
    assert split_questions("板凳议事会呢？红色物业呢？") == ["板凳议事会呢", "红色物业呢"]
    assert split_questions("三减三优是什么？在哪儿搞的？") == ["三减三优是什么", "在哪儿搞的"]


def test_a_name_without_a_surname_after_a_post_is_a_name():
    sentence = "党支部书记长命手持惠民补贴“明白卡”。"
    assert [sentence[a:b] for a, b in people(sentence)] == ["党支部书记长命"]
    # a verb, or what follows a name, after the post is no name
    for text in ("党支部书记履职和班子运行", "书记说得有道理", "书记以党的十八大以来"):
        assert not any("书记" in text[a:b] for a, b in people(text)), text


def test_the_secretary_without_a_surname_answers_who(shared_kb: KnowledgeBase):
    who = ask_after(shared_kb, "努古斯台嘎查书记拿着明白卡讲啥", "书记叫啥")
    assert who.answer is not None and "长命" in who.answer.text


def test_a_count_of_another_noun_does_not_count_what_is_asked():
    res = small_resources([LEVELS, DEPARTMENTS, SECRETARIES], [])
    assert sentence_fit(res, "擂台比武市直部门来了多少个", LEVELS) == OTHER_UNIT_FIT
    assert sentence_fit(res, "擂台比武市直部门来了多少个", DEPARTMENTS) == 1.0
    # the counted noun further on in the quantity's phrase is still what it counts
    assert sentence_fit(res, "赤峰有多少书记参加宣讲", SECRETARIES) > OTHER_UNIT_FIT


def test_a_post_asked_is_no_content_and_no_name(shared_kb: KnowledgeBase):
    for question in ("苏珊是啥职务", "苏珊啥职务", "苏珊是什么职位"):
        query = shared_kb.understand(question)
        assert query.intent == "who" and query.named_thing == "", question
        assert "职务" not in [t.text for t in query.terms]
        answer = shared_kb.ask(question)
        assert answer.answer is not None and "社区第一书记苏珊" in answer.answer.text, question


def test_who_said_the_words_given_is_the_one_named_after_the_quotation(
        shared_kb: KnowledgeBase):
    query = shared_kb.understand("说云端宣讲让老党员学习不掉链的是谁啊")
    assert query.speaker_asked
    assert not shared_kb.understand("书记是谁").speaker_asked
    for question, name in (("说云端宣讲让老党员学习不掉链的是谁啊", "董和高"),
                           ("听快板宣讲说要撸起袖子加油干的是哪位居民", "李怀祥")):
        answer = shared_kb.ask(question)
        assert answer.answer is not None and name in answer.answer.text, question


def test_how_someone_said_it_is_no_name():
    for sentence, name in (("城南街道老党员董和高高兴地说。", "董和高"),
                           ("居民李怀祥边听边激动地说。", "李怀祥")):
        found = [sentence[a:b] for a, b in people(sentence)]
        assert any(name in f for f in found) and not any("地" in f for f in found), found


def test_how_many_in_a_family_is_a_count_of_people(shared_kb: KnowledgeBase):
    query = shared_kb.understand("他家几口人")
    assert query.intent == "number" and query.unit is not None and query.unit.name == "people"
    first = shared_kb.ask("多布库尔猎民村有人承包露营地 今年挣了多少")
    assert first.answer is not None and "5万多块钱" in first.answer.text
    family = ask_after_answer(shared_kb, first, "他家几口人")
    assert family.answer is not None and "3口人" in family.answer.text
    daughter = ask_after_answer(shared_kb, first, "闺女干啥的")
    assert daughter.answer is not None and "数学老师" in daughter.answer.text


def test_who_led_the_group_is_asked_as_a_role(shared_kb: KnowledgeBase):
    query = shared_kb.understand("王爷府那四十来个少先队员 带队的是谁")
    assert query.role == "带队"
    answer = shared_kb.ask("王爷府那四十来个少先队员 带队的是谁")
    assert answer.answer is not None and "领队杨锐泽" in answer.answer.text
    # the speaker of given words, with the kind of person between 的 and 是谁
    assert shared_kb.understand("说孩子放假没人照看的家长 是谁").speaker_asked


def test_the_place_of_who_spoke_a_quotation_is_in_the_words_after_it(
        shared_kb: KnowledgeBase):
    first = shared_kb.ask("呼和浩特清源社区那个退休党员志愿者咋说的")
    assert first.answer is not None and first.answer.text.startswith("“我是一名退休党员志愿者")
    street = ask_after_answer(shared_kb, first, "她是哪个街道的")
    assert street.answer is not None and "兴隆巷街道" in street.answer.text


def test_a_chain_of_places_holding_the_kind_asked_answers():
    sentence = "玉泉区兴隆巷街道清源社区李女土说。"
    res = small_resources([sentence, "今年社区建了活动室。"], [])
    assert sentence_fit(res, "在哪个街道", sentence) == 1.0
