"""Understanding a question (retrieval/answer/query.py): weights, topic, follow-ups, vetoes."""

from __future__ import annotations

import pytest

from retrieval.answer.forms import question_forms
from retrieval.answer.names import NameIndex
from retrieval.answer.query import LIGHT_SHARE, Resources, _staff_variants, idf, understand
from retrieval.text.dictionary import named_people
from retrieval.text.normalize import normalize
from retrieval.text.tokenizer import Tokenizer

PARAGRAPHS = [
    "2023年以来，赤峰市探索推行“三减三优”工作模式。",
    "巴彦淖尔全市共有96名干部参加“揭榜挂帅”活动。",
    "社区网格员发现后迅速上报，问题解决了。",
    "马鞍山村积极发展山葡萄产业，种植3500亩。",
    "这个议事角是小区红色物业党组织设立的居民活动场所。",
    "局长李波说，项目已经落地。",
    "村级设置1个综合窗口。",
]


@pytest.fixture(scope="module")
def res() -> Resources:
    tokenizer = Tokenizer({"三减三优", "揭榜挂帅", "红色物业"})
    docs = [set(tokenizer.tokens(p)) for p in PARAGRAPHS]
    corpus = normalize("\n".join(PARAGRAPHS))
    names = NameIndex.build(["三减三优", "揭榜挂帅", "红色物业"], [], corpus,
                            people=named_people(PARAGRAPHS))

    def df(token: str) -> int:
        return sum(token in d for d in docs)

    def phrase(text: str) -> int:
        return sum(text in normalize(p) for p in PARAGRAPHS)

    return Resources(question_forms(), tokenizer, names, df, phrase, len(PARAGRAPHS))


def weights(query) -> dict[str, float]:
    return {t.text: t.weight for t in query.terms}


def test_everyday_words_the_corpus_lacks_weigh_little(res):
    query = understand("揭榜挂帅有多少干部报名", res)
    w = weights(query)
    assert w["报名"] == pytest.approx(idf(0, len(PARAGRAPHS)) * LIGHT_SHARE)
    assert query.missing_topic == ()  # 报名 is a verb: it vetoes nothing
    assert query.topic is not None and query.topic.name == "揭榜挂帅"
    assert query.counted == "干部"


def test_a_place_the_corpus_lacks_vetoes(res):
    query = understand("上海的红色物业是咋搞的", res)
    assert query.missing_topic == ("上海",)
    assert query.intent == "how"


def test_an_absent_common_noun_weighs_heavily_but_does_not_veto(res):
    query = understand("社区网格员一个月工资多少", res)
    w = weights(query)
    assert w["工资"] == pytest.approx(idf(0, len(PARAGRAPHS)))
    assert query.missing_topic == ()


def test_words_the_corpus_writes_together_are_one_term(res):
    assert "网格员" in weights(understand("网格员是干啥的", res))
    assert "议事角" in weights(understand("议事角是个啥地方", res))


def test_a_jieba_word_across_a_corpus_boundary_is_mended(res):
    terms = weights(understand("马鞍山村山葡萄种了多少亩", res))
    assert "村山" not in terms and "马鞍山村" in terms


def test_a_follow_up_takes_the_conversation_topic(res):
    query = understand("在哪儿搞的", res, topic="三减三优")
    assert query.topic is not None and query.topic.source == "conversation"
    assert query.intent == "where" and "三减三优" in weights(query)
    assert not query.needs_topic


def test_a_follow_up_without_context_needs_a_topic(res):
    assert understand("在哪儿搞的", res).needs_topic
    assert understand("它有什么效果", res).needs_topic


def test_a_question_with_its_own_topic_ignores_the_conversation(res):
    query = understand("揭榜挂帅是什么", res, topic="三减三优")
    assert query.topic is not None and query.topic.name == "揭榜挂帅"


def test_a_near_name_is_read_as_written_right(res):
    query = understand("三减三忧是什么", res)
    assert query.topic is not None
    assert (query.topic.name, query.topic.asked_as, query.topic.source) == (
        "三减三优", "三减三忧", "near_name")


def test_a_person_named_with_a_role(res):
    query = understand("李波是谁", res)
    assert query.person and query.subject == "李波"


def test_english_and_small_talk(res):
    assert understand("what is the weather", res).english
    assert understand("谢谢！", res).small_talk == "thanks"
    assert not understand("what is 三减三优", res).english


def test_a_noun_the_articles_say_otherwise_weighs_as_their_word(res):
    """官员 is written 干部 in the articles (a curated synonym): it weighs as 干部 does,
    neither as a word no article has nor as an everyday word."""
    query = understand("揭榜挂帅有多少官员参加", res)
    [term] = [t for t in query.terms if t.text == "官员"]
    assert term.alternatives == ("干部",) and term.known
    assert term.weight == pytest.approx(idf(res.document_frequency("干部"), len(PARAGRAPHS)))
    assert query.missing_topic == ()


def test_an_elliptical_follow_up_asks_what_was_asked_before(res):
    """党员呢 after a how-many question asks how many again, about something else."""
    assert understand("干部呢", res, asked_before="number").intent == "number"
    assert understand("那干部呢", res, asked_before="where").intent == "where"
    # a question with its own form keeps it; a plain statement is not elliptical
    assert understand("干部是谁呢", res, asked_before="number").intent == "who"
    assert understand("干部", res, asked_before="number").intent != "number"
    assert understand("干部呢", res).intent != "number"


def test_a_pronoun_makes_a_question_a_follow_up(res):
    """她是哪年来社区的: 她 is someone of the answer before, so its topic is the conversation's."""
    query = understand("她是哪年来社区的", res, topic="三减三优")
    assert query.topic is not None and query.topic.source == "conversation"
    # 其他 is no pronoun: a question with its own words stays its own
    assert understand("其他社区网格员干什么", res, topic="三减三优").topic is None


def test_the_counted_noun_before_a_bare_measure_word(res):
    """窗口设几个 counts 窗口 (the 个 after 几 is no noun); 多少钱 counts nothing."""
    assert understand("村里窗口现在设几个", res).counted == "窗口"
    assert understand("村里设几个窗口", res).counted == "窗口"
    assert understand("李波今年能赚多少钱呀", res).counted == ""



def test_staff_written_with_or_without_ren():
    assert _staff_variants("帮办代办员") == ("帮办代办人员",)
    assert _staff_variants("帮办代办人员") == ("帮办代办员",)
    assert _staff_variants("人员") == () and _staff_variants("党员") == ()


def test_who_keeps_the_verb_that_says_what_they_did(res):
    """谁牵头: 牵头 is content (…党支部牵头建成); 谁组织的: 组织 is in every body's name."""
    query = understand("三减三优是谁牵头的", res)
    assert query.intent == "who" and "牵头" in weights(query)
    assert "组织" not in weights(understand("三减三优是谁组织的", res))


def test_verb_not_verb_asks_yes_or_no(res):
    """下不下雨: the verb, 不 and the verb again; the verb stays a content word."""
    query = understand("后天集宁下不下雨", res)
    assert query.intent == "yesno" and "下雨" in weights(query)

