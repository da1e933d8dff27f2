"""The tenth session's rules, over the shipped pages and over small corpora."""

from __future__ import annotations

from support.small_corpus import sentence_fit, small_resources

from retrieval.answer.compose import _cut
from retrieval.answer.knowledge import KnowledgeBase

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
