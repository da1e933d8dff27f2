"""Question rules on a small corpus of their own: the village a question names is its
topic rather than the banner around it (not a kind of village: 自然村), 几个村能… counts
the 村, 种的啥 / 养的啥羊 ask what the verb acts on, and 支书 is also a 总支书记."""

from __future__ import annotations

import pytest
from support.small_corpus import sentence_fit, small_resources

from retrieval.answer import spans
from retrieval.answer.query import Resources, understand

PARAGRAPHS = ["喀喇沁旗已有13个旅游村具备接待能力，马鞍山村、雷营子村被评为重点村。",
              "据马鞍山村党总支书记刘叶阳介绍，山葡萄种植已发展到3500亩。",
              "喀喇沁旗通自然村的硬化路修了6条。",
              "在三道河村，养殖户还有很多。他们饲养的羊以杂交品种为主。"]


@pytest.fixture(scope="module")
def res() -> Resources:
    return small_resources(PARAGRAPHS, [])


fit = sentence_fit


def test_a_named_village_is_the_topic_not_a_kind_of_village(res):
    topic = understand("喀喇沁旗马鞍山村种的啥", res).topic
    assert topic is not None and topic.name == "马鞍山村"
    kind = understand("喀喇沁旗自然村的路修了几条", res).topic
    assert kind is None or kind.name != "自然村"


def test_how_many_villages_counts_the_village_before_the_verb(res):
    assert understand("喀喇沁旗有几个村能接待游客", res).counted == "村"
    assert fit(res, "喀喇沁旗有几个村能接待游客", PARAGRAPHS[0]) == 1.0


def test_what_the_verb_acts_on_is_asked(res):
    grown = "据马鞍山村党总支书记刘叶阳介绍，山葡萄种植已发展到3500亩。"
    listed = "喀喇沁旗已有13个旅游村具备接待能力，马鞍山村、雷营子村被评为重点村。"
    assert fit(res, "马鞍山村种的啥", grown) == 1.0
    assert fit(res, "马鞍山村种的啥", listed) < 0.2  # a list naming the village says nothing
    # with the thing asked: the verb next to it, more than the verb and it apart
    assert fit(res, "三道河村养的啥羊", "他们饲养的羊以杂交品种为主。") == 1.0
    apart = fit(res, "三道河村养的啥羊", "在三道河村，养殖户还有很多，羊也多。")
    assert apart == spans.OBJECT_ELSEWHERE_FIT
    # the verb without the thing is no answer of what was looked at: it only mentions
    # the topic
    assert fit(res, "三道河村看的啥展", "在三道河村，看一眼孙子是老人的心愿。") < (
        spans.OBJECT_ELSEWHERE_FIT)


def test_a_branch_secretary_is_asked_as_zhishu(res):
    assert fit(res, "马鞍山村的村支书叫啥", PARAGRAPHS[1]) == 1.0


def test_of_two_names_as_long_the_later_is_asked_about():
    own = small_resources(["御府苑小区议事角是楼道里的活动场所。"], [])
    assert understand("御府苑小区那个议事角 是个啥地方", own).subject == "议事角"


def test_the_one_in_charge_is_asked_as_yibashou(res):
    assert fit(res, "马鞍山村谁是一把手", PARAGRAPHS[1]) == 1.0


@pytest.mark.parametrize("sentence", ["志愿者手把手教老人视频通话，满足了老人们的心愿。",
                                      "运输方便多了，土豆以后不愁卖了！"])
def test_what_something_brought_fits_an_effect_question(res, sentence):
    assert fit(res, "马鞍山村的路修好以后有啥好处", sentence) >= spans.ONE_OUTCOME_FIT


def test_how_things_look_is_a_change_but_no_benefit(res):
    looks = "路面比以前宽阔平坦多了，走上去舒心。"
    assert fit(res, "马鞍山村的路修好以后有啥变化", looks) > spans.LOOKS_FIT
    assert fit(res, "马鞍山村的路修好以后得到啥好处", looks) == spans.LOOKS_FIT


def test_a_plus_written_out_reads_as_the_name():
    own = small_resources(["喀喇沁旗不断丰富党建+旅游品牌内涵。"], ["党建+旅游"])
    topic = understand("喀喇沁旗搞的党建加旅游是啥", own).topic
    assert topic is not None and topic.name == "党建+旅游"
    assert understand("党建加强了吗", own).topic is None  # 加 in another word stays


def test_a_one_character_verb_before_le_sha_asks_its_object(res):
    # 学 is no verb in jieba's dictionary; before 了啥 it is one
    assert fit(res, "马鞍山村的孩子学了啥", "孩子们在基地学习了民族团结进步知识。") == 1.0
