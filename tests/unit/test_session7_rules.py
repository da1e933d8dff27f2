"""The seventh session's rules, over the shipped pages and on texts of their own: a
Mongolian name after a role ends where its characters do (布仁巴雅尔定期…), 护边员 and
党员中心户 are roles, a follow-up's method in the conversation's article that names what
is asked beats another article's method-like line, a count of a thing no article has
(门票) is no answer while a string cut out of the question (羊挣) is no such thing, and a
where- or how-question about doing what no article mentions (下载) is not answered."""

from __future__ import annotations

import pytest
from support.follow_ups import ask_after
from support.small_corpus import sentence_fit, small_resources

from bot import texts
from retrieval.answer import spans
from retrieval.answer.continuation import asks_to_go_on
from retrieval.answer.knowledge import MIN_SPAN_FIT, KnowledgeBase
from retrieval.answer.query import Resources
from retrieval.answer.rerank import _about_another_place, asked_places
from retrieval.answer.spans import named_after, people
from retrieval.models import Shown
from retrieval.text.lexicon import NAME_AFTER_ROLE_MONGOLIAN
from retrieval.text.normalize import normalize

HERDER = "党员中心户布仁巴雅尔定期向牧民教授民族手工艺品的制作技术。"
GUARD = "凛冽的寒风中，护边员巴特朝格图沿额尔古纳河边境线巡视。"


@pytest.fixture(scope="module")
def res() -> Resources:
    return small_resources([HERDER, GUARD, "民警与护边员一同在界碑前向国旗敬礼。"], [])


def test_a_mongolian_name_after_a_role_ends_where_its_characters_do():
    assert [m.group(1) for m in NAME_AFTER_ROLE_MONGOLIAN.finditer(HERDER)] == ["布仁巴雅尔"]
    assert [m.group(1) for m in NAME_AFTER_ROLE_MONGOLIAN.finditer(GUARD)] == ["巴特朝格图"]
    # a run of such characters that goes on is no name of three to five
    assert not NAME_AFTER_ROLE_MONGOLIAN.search("党员巴特朝格图乌仁图雅来了")
    assert any("巴特朝格图" in GUARD[a:b] for a, b in people(GUARD))


def test_a_guard_is_named_by_the_sentence_with_the_name(res):
    assert sentence_fit(res, "那个护边员叫啥", GUARD) == 1.0
    assert sentence_fit(res, "那个护边员叫啥", "民警与护边员一同在界碑前向国旗敬礼。") < 1.0


def test_a_follow_up_method_comes_from_the_conversations_article(shared_kb: KnowledgeBase):
    first = shared_kb.ask("多布库尔猎民村这几年有啥变化")
    assert first.answered
    article = first.passages[0].article_id
    houses = shared_kb.ask("房子咋弄的", topic="多布库尔猎民村", asked_before=first.intent,
                           article=article)
    assert houses.answer is not None and "31栋房舍" in houses.answer.text
    assert houses.passages[0].article_id == article


def test_a_count_of_what_no_article_has_is_not_answered(shared_kb: KnowledgeBase):
    assert not shared_kb.ask("马鞍山旅游景区要门票吗 多少钱").answered
    # 羊挣 is the tokenizer's cut, not a thing asked: the yearly income per sheep answers
    sheep = shared_kb.ask("公忽洞村共享牧场一只羊挣多少")
    assert sheep.answer is not None and "292元" in sheep.answer.text


def test_doing_what_no_article_mentions_is_not_answered(shared_kb: KnowledgeBase):
    assert not shared_kb.ask("新时代文明实践云平台在哪下载啊").answered
    assert shared_kb.understand("新时代文明实践云平台在哪下载啊").unsaid_action == "下载"
    # general verbs of doing, verbs with their result, and verbs the articles say otherwise
    # (报名: 参加) ask about what is reported
    for question in ("泥裤腿234工作法具体咋操作", "民警咋劝住那个高中女生的", "揭榜挂帅在哪报名"):
        assert shared_kb.understand(question).unsaid_action == "", question


def test_patrolling_the_border_is_said_as_patrolling(shared_kb: KnowledgeBase):
    cold = shared_kb.ask("巴特朝格图巡边那天有多冷")
    assert cold.answer is not None and "零下30摄氏度" in cold.answer.text



def test_a_common_word_after_a_label_names_nobody():
    assert named_after("也是陈巴尔虎旗全新打造“聚力固边”边境党建品牌的一个缩影。", "聚力固边") == []
    label = "“红色小马甲”康建华赞不绝口。"
    assert [label[a:b] for a, b in named_after(label, "红色小马甲")] == ["康建华"]


def test_a_guards_name_is_the_answer_line_in_the_initiatives_conversation(
        shared_kb: KnowledgeBase):
    first = shared_kb.ask("陈巴尔虎旗聚力固边都搞了些啥")
    assert first.topic is not None
    guard = shared_kb.ask("那个护边员叫啥", topic=first.topic.name, asked_before=first.intent,
                          article=first.passages[0].article_id)
    assert guard.answer is not None and "巴特朝格图" in guard.answer.text


def test_those_who_did_something_named_after_that_are_the_questions_own(
        shared_kb: KnowledgeBase):
    assert not shared_kb.understand("赤峰那个书记下去宣讲 多少人").needs_topic
    count = shared_kb.ask("赤峰那个书记下去宣讲 多少人")
    assert count.answer is not None and "2423名" in count.answer.text
    # 那个 before a post with nothing after it still points back
    assert shared_kb.understand("那个书记叫啥").needs_topic


def test_who_did_it_right_after_an_answer_is_who_the_line_names(shared_kb: KnowledgeBase):
    where = shared_kb.ask("入党积极分子示范培训班在哪儿办的")
    assert where.answer is not None
    passage = where.passages[0]
    shown = Shown(passage.paragraph_id, where.answer.text)
    who = shared_kb.ask("谁办的", asked_before=where.intent, article=passage.article_id,
                        shown=shown)
    assert who.answered and who.answer is not None and "市委组织部" in who.answer.text
    # out of the blue there is nothing it could be about
    alone = shared_kb.ask("谁办的")
    assert not alone.answered and alone.needs_topic


def test_the_asked_place_itself_does_not_say_where_it_is(shared_kb: KnowledgeBase):
    query = shared_kb.understand("明星村在哪儿")
    resort = "明星村以明星湖旅游度假区为依托，让群众在景区里生活。"
    town = "近年来，兴安盟突泉县东杜尔基镇明星村党支部积极推行利益联结机制。"
    assert spans.fit(resort, normalize(resort), query) < 1.0
    assert spans.fit(town, normalize(town), query) == 1.0
    assert not spans.is_admin_place("明星湖旅游度假区")


def test_which_company_asks_for_a_named_company(shared_kb: KnowledgeBase):
    query = shared_kb.understand("后来哪家物业进来了")
    assert query.intent == "who"
    named = "蒙元文化城小区通过选聘竞标的方式选择蒙康物业公司进驻小区。"
    unnamed = "和平街蒙元文化城小区以前环境脏乱差，物业公司不愿入驻。"
    assert spans.fit(named, normalize(named), query) == 1.0
    assert spans.fit(unnamed, normalize(unnamed), query) < 1.0


def test_a_case_asked_for_goes_on_in_the_article():
    for question in ("举个例子呢", "具体说说", "能举个例子吗"):
        assert asks_to_go_on(question), question
    assert not asks_to_go_on("举个例子说明揭榜挂帅的效果")


def test_a_count_from_the_shown_paragraph_is_of_what_is_asked(shared_kb: KnowledgeBase):
    where = shared_kb.ask("明星村在哪儿")
    assert where.answer is not None and where.topic is not None
    passage = where.passages[0]
    sown = shared_kb.ask("种了多少亩", topic=where.topic.name, asked_before=where.intent,
                         article=passage.article_id,
                         shown=Shown(passage.paragraph_id, where.answer.text))
    assert sown.answer is not None and "1000亩水稻" in sown.answer.text


@pytest.mark.parametrize(("message", "kind"), [
    ("好吧", "thanks"), ("明白", "thanks"), ("没问题", "thanks"), ("我知道了谢谢", "thanks"),
    ("哈哈", "reaction"), ("原来如此", "reaction"), ("真的吗", "reaction"), ("你真棒", "reaction"),
    ("晚安", "farewell"), ("就这些", "farewell"), ("你是谁开发的", "identity")])
def test_taking_in_an_answer_is_small_talk_not_a_follow_up(shared_kb: KnowledgeBase,
                                                           message: str, kind: str):
    first = shared_kb.ask("三减三优是什么")
    after = shared_kb.ask(message, topic="三减三优", asked_before=first.intent,
                          article=first.passages[0].article_id)
    assert after.small_talk == kind and not after.answered
    assert texts.small_talk(kind) != texts.small_talk("unheard-of kind")


def test_a_reaction_with_a_question_is_a_question(shared_kb: KnowledgeBase):
    first = shared_kb.ask("三减三优是什么")
    after = shared_kb.ask("真的吗？那效果呢", topic="三减三优", asked_before=first.intent,
                          article=first.passages[0].article_id)
    assert after.small_talk is None and after.answered


@pytest.mark.parametrize("remark", ["我看看", "等一下", "算了", "对对对", "呵呵呵"])
def test_a_short_message_with_nothing_asked_is_a_remark(shared_kb: KnowledgeBase, remark: str):
    first = shared_kb.ask("三减三优是什么")
    after = shared_kb.ask(remark, topic="三减三优", asked_before=first.intent,
                          article=first.passages[0].article_id)
    assert after.small_talk is not None and not after.answered, remark


@pytest.mark.parametrize("request_", ["介绍一下", "继续", "报名", "效果", "党员", "红色物业"])
def test_a_short_request_or_a_word_to_ask_about_is_no_remark(shared_kb: KnowledgeBase,
                                                             request_: str):
    first = shared_kb.ask("三减三优是什么")
    after = shared_kb.ask(request_, topic="三减三优", asked_before=first.intent,
                          article=first.passages[0].article_id)
    assert after.small_talk is None, request_


@pytest.mark.parametrize("question", ["电话多少", "有没有视频", "要交钱吗"])
def test_a_follow_up_is_not_answered_from_an_article_off_the_topic(shared_kb: KnowledgeBase,
                                                                     question: str):
    assert not ask_after(shared_kb, "三减三优是什么", question).answered, question


def test_a_question_of_its_own_in_a_conversation_is_answered_where_it_is(
        shared_kb: KnowledgeBase):
    term = ask_after(shared_kb, "赛罕区能上能下处理了几个干部", "党的基层委员会任期几年")
    assert term.answer is not None and "三年至五年" in term.answer.text


def test_how_often_is_not_answered_by_a_count_of_something_else(shared_kb: KnowledgeBase):
    query = shared_kb.understand("板凳议事会一年开几次")
    lamps = "“东禾太小区有3盏路灯不亮了,能不能找人修一下?”"
    assert spans.fit(lamps, normalize(lamps), query) < MIN_SPAN_FIT
    assert not ask_after(shared_kb, "板凳议事会是什么", "一年开几次").answered


def test_the_name_of_a_person_told_of_only_by_kind_is_not_given(shared_kb: KnowledgeBase):
    assert not shared_kb.ask("龙庭小区差点被骗的那个高中女生叫啥").answered
    # a kind of person with the name after it, or a name asked by another word, answers
    nurse = shared_kb.ask("那个护士叫啥")
    assert nurse.answer is not None and "庞云霞" in nurse.answer.text
    aunt = shared_kb.ask("明星村那个腌咸鸭蛋的大姐叫啥")
    assert aunt.answer is not None and "刘玉环" in aunt.answer.text


def test_a_village_cut_after_its_first_character_is_named_whole(shared_kb: KnowledgeBase):
    query = shared_kb.understand("北台子村厕所改造花了多少钱")
    assert query.topic is not None and query.topic.name == "北台子村"
    assert asked_places(query) == ("北台子村",)
    toilets = shared_kb.ask("北台子村改厕 改了多少户")
    assert toilets.answer is not None and "242户" in toilets.answer.text
    # the next village's income, in the same paragraph, is no answer about this one
    assert not shared_kb.ask("北台子村厕所改造花了多少钱").answered


def test_a_speakers_village_opens_the_sentence():
    spoken = "“我们风水沟镇兴隆坡村,大力发展瓜果产业,今年收入有望突破100万元……”"
    assert _about_another_place(spoken, ("北台子村",))
    assert not _about_another_place(spoken, ("兴隆坡村",))


def test_a_weekday_asked_is_answered_only_by_a_weekday(shared_kb: KnowledgeBase):
    assert shared_kb.understand("板凳议事会每周几开").intent == "when"
    assert not shared_kb.ask("板凳议事会每周几开").answered
    days = shared_kb.ask("泥裤腿234每周几去田间")
    assert days.answer is not None and "每周二三四" in days.answer.text


def test_a_phone_number_asked_needs_a_number_to_call(shared_kb: KnowledgeBase):
    for question in ("乌海科技局局长电话", "三减三优办事大厅电话是多少", "李波电话"):
        assert not shared_kb.ask(question).answered, question
    # 电话 as the means of something is no number asked
    assert shared_kb.ask("他们用电话咋宣传的").answer is not None


def test_which_company_needs_a_company_named(shared_kb: KnowledgeBase):
    assert not shared_kb.ask("察右前旗修路哪个公司干的").answered
    firm = shared_kb.ask("李波推进的是哪家公司的项目")
    assert firm.answer is not None and "有限公司" in firm.answer.text


def test_another_place_the_conversations_article_names_is_asked_there(
        shared_kb: KnowledgeBase):
    first = shared_kb.ask("乌兰察布亮晒比是啥")
    article = first.passages[0].article_id
    other = shared_kb.ask("集宁区呢", topic=first.topic.name if first.topic else None,
                          asked_before=first.intent, article=article)
    assert other.answered and other.passages[0].article_id == article


def test_a_count_right_after_the_asked_verb_answers_and_a_set_phrase_is_no_count(
        shared_kb: KnowledgeBase):
    query = shared_kb.understand("解决了多少", "民警路街道", "number")
    solved = "截至目前，街道党工委收集民情民意200多条，解决了110多条关于人居环境的群众诉求。"
    assert spans.fit(solved, normalize(solved), query) == 1.0
    trinity = "完善党组织引导下的居委会、业委会、物业“三位一体”协商议事机制；"
    assert spans.quantities(trinity) == ()
    assert spans.quantities("共有3位党员") != ()
