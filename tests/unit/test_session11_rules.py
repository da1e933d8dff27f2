"""The eleventh session's rules, over small corpora."""

from __future__ import annotations

from support.small_corpus import sentence_fit, small_resources

from retrieval.answer.knowledge import MIN_SPAN_FIT
from retrieval.answer.spans import dates

SINCE = "今年以来，杭锦旗在全旗76个嘎查村党组织中全面开展比武争星活动。"
DAYS_AGO = "“就前几天，龙庭小区的一个高中女生差点被网上刷单的给骗了。”所长介绍。"
DATED = "2022年5月，杭锦旗召开比武争星大会。"
PLAIN = "杭锦旗各苏木镇及时动员部署比武争星活动。"


def test_a_relative_time_answers_when_as_far_as_the_article_says():
    res = small_resources([SINCE, DAYS_AGO, DATED, PLAIN], ["比武争星"])
    assert sentence_fit(res, "比武争星是啥时候开始搞的", SINCE) >= MIN_SPAN_FIT
    assert sentence_fit(res, "比武争星是啥时候开始搞的", PLAIN) < MIN_SPAN_FIT
    assert sentence_fit(res, "那个高中女生差点被骗是啥时候的事", DAYS_AGO) >= MIN_SPAN_FIT
    # a date beats it
    assert (sentence_fit(res, "比武争星是啥时候开始搞的", DATED)
            > sentence_fit(res, "比武争星是啥时候开始搞的", SINCE))


def test_a_relative_time_answers_no_day_year_or_end():
    res = small_resources([SINCE, DAYS_AGO, DATED, PLAIN], ["比武争星"])
    for question in ("比武争星是哪天开始的", "比武争星哪一年搞的", "比武争星啥时候结束",
                     "比武争星搞到什么时候"):
        assert sentence_fit(res, question, SINCE) < MIN_SPAN_FIT, question


def test_days_ago_and_recent_times_are_dates():
    for sentence, said in ((DAYS_AGO, "前几天"), ("这几天，民警一直在宣传反诈。", "这几天"),
                           ("近期，社区开展了宣讲。", "近期"), ("不久前，小区铺了路。", "不久前")):
        assert any(said in sentence[a:b] for a, b in dates(sentence)), sentence
