"""The tenth session's rules, over the shipped pages and over small corpora."""

from __future__ import annotations

from support.follow_ups import ask_after, ask_after_answer
from support.small_corpus import sentence_fit, small_resources

from retrieval.answer.compose import _cut
from retrieval.answer.knowledge import KnowledgeBase
from retrieval.answer.spans import people

CHOSEN = "基层委员会由党员大会或代表大会选举产生，任期五年。"
SET_UP = "党的基层组织，根据工作需要和党员人数，经上级党组织批准，设立党的基层委员会。"
TOLD = "旗委组织部相关负责人介绍，社区在原有活动室的基础上打造了老年学习大讲堂。"
PLACE = "全旗已在3个社区打造老年学习大讲堂，为老年人提供学习场所。"
COLUMNS = "支队结合大学习大讨论等活动，开设书记讲坛、边关心声栏目，邀请专家授课。"
COLUMN_ELSEWHERE = "支队开展主题党日活动，各党支部的栏目也在更新。"
# a subject clause, then the way it is done
SERVICE = ("开发区党群服务中心聚焦“为企业服务”主要任务，突出政治引领，建立网格服务小组，"
           "形成“党员深入企业网格化微服务、企业主动参与积极反馈问题”的政企服务工作体系。")
# the way is named in the subject's own clause
WAYS = ("今年,边境管理支队采取旧址建设修缮、详实资料佐证、真实场景复原、亲历人物解说等方式,"
        "在恩和哈达边境派出所和呼和哈达边境派出所精心打造“忠诚奉献”“忆苦思甜”两个教育基地。")


def test_every_how_word_asks_who_chooses():
    res = small_resources([CHOSEN, SET_UP], [])
    for question in ("基层委员会是怎样产生的", "基层委员会是咋产生的", "基层委员会如何产生"):
        assert sentence_fit(res, question, CHOSEN) == 1.0, question
        assert sentence_fit(res, question, SET_UP) < 1.0, question


def test_who_told_it_is_the_one_named_before_the_saying():
    res = small_resources([TOLD, PLACE], [])
    question = "大讲堂的情况是由谁介绍的"
    assert sentence_fit(res, question, TOLD) == 1.0
    assert sentence_fit(res, question, PLACE) < 1.0


def test_a_list_closed_by_the_kind_asked_is_the_object_asked():
    res = small_resources([COLUMNS, COLUMN_ELSEWHERE], [])
    assert sentence_fit(res, "支队开了啥栏目", COLUMNS) == 1.0
    assert sentence_fit(res, "支队开了啥栏目", COLUMN_ELSEWHERE) < 1.0


def test_a_how_line_keeps_what_follows_the_subject_clause():
    text, offset = _cut(SERVICE, 0, 60, onward=True)
    assert "党员深入企业网格化微服务" in text and offset > 0
    # without onward the clauses around the subject are kept, and the way is cut off
    assert "党员深入企业网格化微服务" not in _cut(SERVICE, 0, 60)[0]
    # a subject clause naming the way itself is kept
    assert "旧址建设修缮" in _cut(WAYS, WAYS.find("边境"), 60, onward=True)[0]


def test_a_how_answer_line_shows_the_way(shared_kb: KnowledgeBase):
    answer = shared_kb.ask("呼和浩特市经济技术开发区党群服务中心是如何服务企业的")
    assert answer.answer is not None and "网格化微服务" in answer.answer.text


def test_a_verb_asked_how_keeps_its_object(shared_kb: KnowledgeBase):
    query = shared_kb.understand("各地都是咋晒成绩的")
    assert query.intent == "how" and "成绩" in [t.text for t in query.terms]
    # an effect word asked for itself still asks the effect
    for question in ("板凳议事会效果咋样", "揭榜挂帅取得了啥成绩", "红色物业有啥成效"):
        assert shared_kb.understand(question).intent == "effect", question


def test_a_yes_no_question_may_end_with_a_question_mark(shared_kb: KnowledgeBase):
    for question in ("红色物业收费吗？", "红色物业收费吗?", "红色物业收费吗 ?", "红色物业收费吗"):
        assert shared_kb.understand(question).intent == "yesno", question


def test_a_surnamed_name_after_a_post_may_end_before_a_verb():
    sentence = "社区党支部书记姜泓言围绕学习贯彻意见开展宣讲。"
    assert [sentence[a:b] for a, b in people(sentence)] == ["社区党支部书记姜泓言"]
    # a common word after the post is no name, whatever follows it
    for text in ("党支部书记高度重视此事。", "党支部书记王建设计划明年扩大种植。"):
        assert not any("书记" in text[a:b] for a, b in people(text)), text


def test_whom_it_was_told_to_is_no_content(shared_kb: KnowledgeBase):
    query = shared_kb.understand("这些是谁跟记者讲的")
    assert query.intent == "who" and not query.terms
    told = ask_after(shared_kb, "喀喇沁旗马鞍山村的三色模式是哪三色", "这些是谁跟记者讲的")
    assert told.answer is not None and "刘叶阳" in told.answer.text


def test_a_threshold_asked_is_who_may_take_part():
    eligible = "干部职工不限职务、不限年龄、不限身份，谁有本事谁来。"
    other = "“揭榜”火热，后续服务保障更要到位。"
    res = small_resources([eligible, other], ["揭榜"])
    for question in ("揭榜有没有啥门槛", "揭榜对年龄有限制吗"):
        assert sentence_fit(res, question, eligible) == 1.0, question
        assert sentence_fit(res, question, other) < 1.0, question


def test_a_verb_and_object_with_an_aspect_particle_is_the_word_written_whole(
        shared_kb: KnowledgeBase):
    assert "揭榜" in [t.text for t in shared_kb.understand("揭完榜以后谁保障").terms]
    assert "一轮" in [t.text for t in shared_kb.understand("比武争星第一轮在哪比的").terms]
    # a word the articles write as it is stays as it is
    assert "第一书记" in [t.text for t in shared_kb.understand("第一书记是谁").terms]


def test_a_list_line_opens_at_the_kind_asked():
    from retrieval.answer.compose import _anchor_offset
    from retrieval.answer.query import understand

    sentence = ("针对一些干部意识不强、热情不高、劲头不足等问题，今年以来，乌兰察布市在全市"
                "党员干部中开展亮晒比创先争优行动。")
    res = small_resources([sentence, "亮晒比考评结果运用与考评干部有效结合。"], ["亮晒比"])
    query = understand("亮晒比是冲着干部哪些问题去的", res)
    assert query.intent == "list"
    assert _anchor_offset(sentence, query) == sentence.find("问题")
    # the everyday word for the kind is found in the article's word for it
    query = understand("亮晒比是冲着干部哪些毛病去的", res)
    assert _anchor_offset(sentence, query) == sentence.find("问题")


def test_where_something_was_being_done_is_the_room_that_opens_the_sentence():
    scene = "包装车间内，合作社社员们正忙着装箱。"
    town = "走进明星村明霖绿色种植专业合作社，浓郁的米香扑面而来。"
    res = small_resources([scene, town], [])
    question = "合作社的社员们是在哪儿忙着装箱的"
    assert sentence_fit(res, question, scene) == 1.0
    # where the cooperative is: a room answers less than a village does
    assert sentence_fit(res, "合作社在哪儿", scene) < sentence_fit(res, "合作社在哪儿", town)


def test_which_patch_asks_where(shared_kb: KnowledgeBase):
    for question in ("那是在奈曼旗哪块儿", "奈曼旗哪块", "在奈曼旗哪一块"):
        assert shared_kb.understand(question).intent == "where", question


def test_a_leader_asked_by_name_is_a_person_not_a_named_thing(shared_kb: KnowledgeBase):
    query = shared_kb.understand("杭锦旗组织部那位领导叫啥")
    assert query.intent == "who" and query.named_thing == ""
    answer = shared_kb.ask("杭锦旗组织部那位领导叫啥")
    assert answer.answer is not None and "杨斯帆" in answer.answer.text


def test_a_follow_up_naming_a_long_name_of_its_own_does_not_stray(shared_kb: KnowledgeBase):
    # after an answer about 赛罕区, a question about another body, named in full
    answer = ask_after(shared_kb, "赛罕区新老党员接力启动仪式上老党员干了啥",
                       "那集宁区委编办是咋抓廉洁的")
    assert answer.answered and answer.answer is not None
    assert "廉政影片" in answer.answer.text


def test_a_near_name_may_use_another_reading_of_a_character(shared_kb: KnowledgeBase):
    from retrieval.answer.names import readings_alike

    assert readings_alike("甘其毛度", "甘其毛都")  # 都: dū as well as dōu
    assert not readings_alike("甘其毛大", "甘其毛都")
    query = shared_kb.understand("甘其毛度边检站推出了哪些主题党课")
    assert "甘其毛都" in [t.text for t in query.terms]


def test_children_counted_are_the_minors_the_articles_count(shared_kb: KnowledgeBase):
    answer = ask_after(shared_kb, "杭锦旗的四室一站是啥", "这事惠及了多少小朋友")
    assert answer.answer is not None and "100余名未成年人" in answer.answer.text


def test_what_a_named_person_said_is_asked_by_name_and_saying(shared_kb: KnowledgeBase):
    query = shared_kb.understand("王亚忠说激励干部担当作为 关键靠啥")
    assert query.speech and not query.person
    answer = shared_kb.ask("王亚忠说激励干部担当作为 关键靠啥")
    assert answer.answer is not None and "凭发展论英雄" in answer.answer.text
    # who the person is stays a who-question
    assert shared_kb.understand("王亚忠是干啥的").intent == "who"
    assert shared_kb.understand("党员们喊的啥口号").speech


def test_the_steps_of_a_series_say_how_and_are_shown_together(shared_kb: KnowledgeBase):
    from retrieval.answer.spans import is_a_step

    assert is_a_step("专家授课,典型分享;")
    assert is_a_step("分享戍边历程,宣讲奋斗故事……")
    assert not is_a_step("今年以来,支队多次举办党性锤炼培训班,使党员干部接受了洗礼。")
    answer = shared_kb.ask("呼伦贝尔边境支队的党性锤炼培训班 都咋上课的")
    assert answer.answer is not None
    assert answer.answer.text.startswith("专家授课") and "宣讲奋斗故事" in answer.answer.text
    # what comes next is what the paragraph says after the whole series
    went_on = ask_after_answer(shared_kb, answer, "后来呢")
    assert went_on.answer is not None and "党性锤炼培训班" in went_on.answer.text


def test_which_party_branch_asks_who_by_the_kind_of_body(shared_kb: KnowledgeBase):
    query = shared_kb.understand("王爷府教育基地是哪个党支部在管")
    assert query.intent == "who" and "党支部" not in [t.text for t in query.terms]
    answer = shared_kb.ask("王爷府教育基地是哪个党支部在管")
    assert answer.answer is not None and "王爷府博物馆党支部" in answer.answer.text
    told = ask_after(shared_kb, "锦山镇育苗基地的光照温室能省多少水", "当时谁在那给大伙介绍的")
    assert told.answer is not None and "孟显鹏" in told.answer.text
