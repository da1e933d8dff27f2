"""The eleventh session's rules, over small corpora and the shipped pages."""

from __future__ import annotations

from support.follow_ups import ask_after_answer
from support.small_corpus import sentence_fit, small_resources

from retrieval.answer.credit import asks_credit
from retrieval.answer.knowledge import MIN_SPAN_FIT, KnowledgeBase
from retrieval.answer.query import understand
from retrieval.answer.referents import referents
from retrieval.answer.spans import dates, places, thing_names

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


def test_who_wrote_or_photographed_an_item_is_its_byline(shared_kb: KnowledgeBase):
    wrote = shared_kb.ask("修乡村幸福路的那篇稿子是谁写的")
    assert wrote.answered and wrote.answer is not None
    assert "皇甫美鲜" in wrote.answer.text and wrote.answer.text.startswith("《")
    photo = shared_kb.ask("税务稽查局数据分析那张图谁拍的")
    assert photo.answer is not None and "孟和朝鲁 摄" in photo.answer.text
    text = photo.answer.text
    assert [text[a:b] for a, b in photo.answer.spans] == ["本报记者 孟和朝鲁 摄"]


def test_a_credit_follow_up_is_of_the_conversations_article(shared_kb: KnowledgeBase):
    first = shared_kb.ask("元宝山区VR党建靠啥感官冲击")
    answer = ask_after_answer(shared_kb, first, "这篇的图谁拍的")
    assert answer.answered and answer.answer is not None
    assert "高飞翔" in answer.answer.text
    assert answer.passages[0].article_id == first.passages[0].article_id


def test_who_told_the_reporter_is_no_credit_question():
    for question in ("这些是谁跟记者讲的", "谁给记者介绍的情况", "记者问了些啥"):
        assert not asks_credit(question), question
    for question in ("这篇是哪个记者写的", "通讯员叫啥", "照片谁拍的", "作者是谁"):
        assert asks_credit(question), question


PROBLEM = "边境支队辖区点多线长,党员教育面临资源不足、方式单一、效果不明显等现实问题。"
SOLVED = "该支队通过充分挖掘驻地红色教育资源,不断创新党员教育形式,找到了破题之道。"


def test_a_way_that_is_lacking_is_no_answer_to_how():
    res = small_resources([PROBLEM + SOLVED], [])
    question = "边境支队是如何破解党员教育难题的"
    assert sentence_fit(res, question, SOLVED) == 1.0
    assert sentence_fit(res, question, PROBLEM) < sentence_fit(res, question, SOLVED)


def test_gai_x_stands_for_the_body_an_earlier_sentence_names():
    assert referents(["呼伦贝尔边境管理支队辖区点多线长面广。", "该支队通过挖掘资源破题。"]) == (
        "", "呼伦贝尔边境管理支队")
    # the first sentence, a sentence without 该X, and a head named nowhere before: none
    assert referents(["该所始建于1995年。", "民警出警。", "该站开通了服务。"]) == ("", "", "")


def test_the_sentence_saying_gai_x_answers_for_the_named_body(shared_kb: KnowledgeBase):
    answer = shared_kb.ask("呼伦贝尔边境管理支队是如何破解党员教育难题的")
    assert answer.answer is not None and answer.answer.text.startswith("该支队通过")


def test_schools_hospitals_and_markets_are_places_people_go_to():
    visit = "近日，派出所民警深入辖区小学，面对面为孩子们讲述党史故事。"
    assert "辖区小学" in [visit[a:b] for a, b in places(visit)]
    home = "志愿者走进城关敬老院，为老人理发。"
    assert "城关敬老院" in [home[a:b] for a, b in places(home)]
    res = small_resources([visit, "派出所民警开展党史学习教育。"], [])
    assert sentence_fit(res, "派出所民警去哪讲党史了", visit) == 1.0


def test_ordinary_days_are_no_word_of_a_how_question():
    res = small_resources(["牙克石市建立7家公务员平时考核联系点。", "基地开展研学旅行活动。"], [])
    assert "平时" not in [t.text for t in understand("他们平时咋做的", res).terms]
    assert "平时" not in [t.text for t in understand("那几家站平时靠啥联系", res).terms]
    # 平时考核 is what the articles call an assessment: a word of the question
    assert "平时" in [t.text for t in understand("牙克石的平时考核是啥", res).terms]


def test_the_kind_named_after_the_asking_word_is_the_thing_named():
    told = "近日,边境管理支队组织“红驼宣讲队”深入边境辖区,向群众宣传党的二十大精神。"
    res = small_resources([told, "边境管理支队开展党的二十大精神学习。"], [])
    assert understand("边境管理支队讲二十大精神的叫啥队", res).named_thing == "队"
    assert sentence_fit(res, "边境管理支队讲二十大精神的叫啥队", told) == 1.0


def test_a_quoted_name_in_another_clause_names_no_thing():
    told = "护士庞云霞也被封控在小区里,她主动请缨,“就地上岗”成为志愿者,承担着小区核酸检测的工作。"
    named = "社区精心打造“忠诚奉献”“忆苦思甜”两个教育基地。"
    assert thing_names(told, "小区") == []
    assert [named[a:b] for a, b in thing_names(named, "基地")] == ["忠诚奉献", "忆苦思甜"]
    res = small_resources([told, named], [])
    # the space before 叫啥名 does not hide the thing asked
    assert understand("庞云霞被封控的那个小区 叫啥名", res).named_thing == "小区"
    assert sentence_fit(res, "庞云霞被封控的那个小区 叫啥名", told) < MIN_SPAN_FIT


AIM = "为全面落实发展党员工作要求，教育引导入党积极分子端正入党动机，示范带动全市培训工作。"
HELD = "近日，市委组织部在兴和县举办全市入党积极分子示范培训班。"


def test_what_it_is_for_is_said_by_the_aim_opening_a_sentence():
    res = small_resources([AIM + HELD], [])
    for question in ("市委组织部举办入党积极分子示范培训班的目的是什么",
                     "入党积极分子示范培训班图啥"):
        assert understand(question, res).reason, question
        assert sentence_fit(res, question, AIM) == 1.0, question
        assert sentence_fit(res, question, HELD) < 1.0, question
    # 项目的 holds 目的 but asks no purpose
    assert not understand("谁揭榜去推那个农药项目的", res).reason


def test_the_same_asked_of_another_part_of_the_paragraph_shown(shared_kb: KnowledgeBase):
    first = shared_kb.ask("巴彦淖尔的书记擂台比武 苏木乡镇那层是啥主题")
    assert first.answer is not None and "促振兴" in first.answer.text
    for question, said in (("社区呢", "创示范"), ("那街道那层呢", "善治理")):
        answer = ask_after_answer(shared_kb, first, question)
        assert answer.answer is not None and answer.answer.text.find(said) in range(0, 20), (
            question, answer.answer.text)
