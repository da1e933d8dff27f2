"""How a sentence fits a how-question (spans.fit): a sentence that names the method
(通过…模式, 推行…, 为了…，…) fits fully; one whose method word only frames what it reports
(依托…, 利用…, 开展…) fits less; one that only introduces the topic (实施“巡逻队”) less
again."""

from __future__ import annotations

import pytest
from support.small_corpus import sentence_fit, small_resources

from retrieval.answer import spans
from retrieval.answer.query import Resources

PARAGRAPHS = ["河西村组建巡逻队，40名党员轮流上岗。",
              "巡逻队通过“结对共建”的方式开展反诈宣传。",
              "巡逻队利用节假日到超市开展反诈宣传。"]


@pytest.fixture(scope="module")
def res() -> Resources:
    return small_resources(PARAGRAPHS, ["巡逻队"])


fit = sentence_fit


@pytest.mark.parametrize("sentence", [
    "巡逻队通过“结对共建”的方式开展反诈宣传。",
    "村两委带头成立合作社，推行“订单农业”经营模式。",
    "为了让留守老人多和亲人联系，巡逻队拓展了“亲情连线”功能，手把手教老人视频。",
])
def test_a_sentence_naming_the_method_fits_fully(res, sentence):
    assert fit(res, "巡逻队搞反诈宣传用啥办法", sentence) == 1.0


def test_a_framing_method_word_fits_less_than_a_named_method(res):
    framing = fit(res, "巡逻队搞反诈宣传用啥办法", "巡逻队利用节假日到超市开展反诈宣传。")
    assert framing == spans.FRAMING_METHOD_FIT < 1.0
    # the purpose clause needs a clause of what was done after it, not two words
    assert fit(res, "巡逻队咋宣传的", "为了反诈，开展宣传。") == spans.FRAMING_METHOD_FIT


def test_a_sentence_without_a_method_word_does_not_fit(res):
    introduction = fit(res, "巡逻队咋宣传的", "河西村组建巡逻队，40名党员轮流上岗。")
    assert introduction < spans.FRAMING_METHOD_FIT


def test_a_method_word_introducing_the_topic_through_a_verb_says_no_more(res):
    # 通过开展“巡逻队”: 通过 only introduces the topic, through 开展 (开展 frames it)
    introduced = fit(res, "巡逻队咋搞的", "社区通过开展“巡逻队”这一活动，守护平安。")
    assert introduced < 1.0
