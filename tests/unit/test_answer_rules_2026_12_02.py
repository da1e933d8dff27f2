"""Question understanding and answer-sentence rules on a small corpus of their own:
seasons answer 啥时候, amounts and ages only by their unit, where someone comes from only
by a birthplace, who did the asked verb, abbreviations (改厕), the noun after 那个, and
question forms (那么多, plural 们, 听说, 都有哪些环节, 咋检验效果, 成绩单)."""

from __future__ import annotations

import pytest
from support.small_corpus import sentence_fit, small_resources

from retrieval.answer import spans
from retrieval.answer.query import (
    EXPANSION_SHARE,
    Resources,
    Term,
    _noun_after,
    understand,
)

PARAGRAPHS = ["青山区投资873万元建成议事厅，居民代表30人参加。",
              "河西村组建巡逻队，40名党员轮流上岗。",
              "仲冬时节，议事厅里暖意融融。",
              "东山村完成厕所改造工程242户。",
              "党委书记李明为观摩人员介绍育苗基地情况。",
              "提前亮出成绩单，打分更加精准了。"]


@pytest.fixture(scope="module")
def res() -> Resources:
    return small_resources(PARAGRAPHS, ["议事厅", "巡逻队"])


fit = sentence_fit


def test_a_season_answers_when_but_not_which_day(res):
    assert fit(res, "议事厅啥时候热闹", "仲冬时节，议事厅里暖意融融。") == spans.SEASON_FIT
    assert fit(res, "议事厅啥时候投产", "议事厅年底即可投产。") == spans.SEASON_FIT
    assert fit(res, "议事厅哪天热闹", "仲冬时节，议事厅里暖意融融。") == 0.2
    assert fit(res, "议事厅啥时候热闹", "日前，议事厅里暖意融融。") == 0.2  # recency, no season
    assert fit(res, "议事厅啥时候建的", "2020年，议事厅建成。") == 1.0


def test_an_amount_or_an_age_is_answered_only_in_its_unit(res):
    assert fit(res, "议事厅花了多少钱", "居民代表30人参加。") == spans.OTHER_AMOUNT_FIT
    assert fit(res, "李明多大岁数", "河西村组建巡逻队，40名党员轮流上岗。") == (
        spans.OTHER_AMOUNT_FIT)
    assert fit(res, "李明多大岁数", "李明今年45岁。") > spans.OTHER_AMOUNT_FIT
    # a count in another unit still answers a count, in part
    assert fit(res, "巡逻队有多少个", "巡逻队有40名党员。") > spans.OTHER_AMOUNT_FIT
    assert fit(res, "青山区投资多少钱", "今年一年就超过五六万。") > spans.OTHER_AMOUNT_FIT
    assert fit(res, "议事厅有多大", "议事厅面积540平米。") == 1.0


def test_where_someone_comes_from_needs_a_birthplace(res):
    query = understand("李明是哪里人", res)
    assert query.intent == "where"
    assert fit(res, "李明是哪里人", "李明在河西村工作。") == 0.0
    assert fit(res, "李明籍贯是哪里", "李明老家在河西村。") == 1.0
    assert fit(res, "河西村在哪里", "河西村在青山区。") > 0.0  # a place is still asked where


def test_who_did_the_asked_verb(res):
    query = understand("育苗基地是谁投的", res)
    assert query.agent_action is not None and "投资" in query.agent_action.alternatives
    assert fit(res, "育苗基地是谁投的", "党委书记李明为观摩人员介绍育苗基地情况。") == (
        spans.AGENT_ELSEWHERE_FIT)
    assert fit(res, "育苗基地是谁投的", "北京首农集团投资建成育苗基地。") == 1.0
    assert understand("育苗基地在哪", res).agent_action is None
    assert understand("谁给介绍的", res).intent == "who"


def test_a_word_the_articles_lack_may_abbreviate_two_of_theirs():
    term = Term("改厕", 5.0, known=False, topical=True)
    near = "完成厕所改造工程242户"
    assert term.found_in(near, frozenset({"完成", "厕所", "改造", "工程"})) == EXPANSION_SHARE
    far = "改造了道路和桥梁，修建了新的公共厕所"
    assert term.found_in(far, frozenset({"改造", "道路", "桥梁", "修建", "公共厕所"})) == 0.0
    assert term.found_in("厕改", frozenset({"厕改"})) == 0.0  # no two words to abbreviate


def test_the_noun_that_na_ge_points_at():
    assert _noun_after("赤峰那个育苗基地是谁投的", 4) == "育苗基地"
    assert _noun_after("那个村在哪", 2) == "村"
    assert _noun_after("那个，", 2) == ""


def test_question_forms_of_this_session(res):
    forms = res.forms
    assert "多窗口" not in forms.strip_fillers("以前那么多窗口")
    assert forms.strip_fillers("书记们云端宣讲").split() == ["书记", "云端宣讲"]
    assert "他们" in forms.strip_fillers("他们在哪")
    assert "听说" not in forms.strip_fillers("听说西瓜卖到北京了")
    intent, rest = forms.intent_of("政治生日都有哪些环节")
    assert intent == "list" and "环节" not in rest
    intent, rest = forms.intent_of("提前把成绩单发下去效果咋样")
    assert intent == "effect" and "成绩单" in rest
    assert understand("训完咋检验效果", res).intent == "how"
    assert understand("议事厅效果咋样", res).intent == "effect"
    assert forms.unit_for("理论课占多大比重").name == "share"
    assert forms.unit_for("咸鸭蛋多少钱一个").name == "money"


def test_a_theme_is_answered_by_the_words_given_as_theme(res):
    assert fit(res, "议事厅讲座讲的啥题目", "局长李明以“同心共筑中国梦”为题作讲座。") == 1.0
    assert fit(res, "议事厅的主题是个啥", "议事厅以“惠民生”为主题。") == 1.0
    assert fit(res, "议事厅讲座讲的啥题目", "议事厅讲座气氛热烈。") == spans.THEMELESS_FIT
