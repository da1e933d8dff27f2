"""Conversations over the shipped pages, for the sixth session's rules: a village cut by
the tokenizer is named whole, 支书是谁 shows the person with the post, a count in the
conversation's article in other words answers (房子 → 房舍), but not a price or a phone
number the article never gives, and 位于哪个旗 needs no 位于 in the answer."""

from __future__ import annotations

from retrieval.answer.knowledge import KnowledgeBase
from retrieval.models import Answer, Shown


def first(kb: KnowledgeBase, question: str) -> tuple[Answer, int]:
    answer = kb.ask(question)
    assert answer.answered and answer.passages
    return answer, answer.passages[0].article_id


def test_a_village_is_named_whole_and_its_secretary_shown(shared_kb: KnowledgeBase):
    answer, article = first(shared_kb, "多布库尔猎民村今年来了多少游客")
    assert answer.topic is not None and answer.topic.name == "多布库尔猎民村"
    who = shared_kb.ask("支书是谁", topic="多布库尔猎民村", asked_before="number",
                        article=article)
    assert who.answer is not None and "何泽承" in who.answer.text


def test_a_count_in_the_articles_words_answers_but_an_absent_thing_does_not(
        shared_kb: KnowledgeBase):
    _, article = first(shared_kb, "多布库尔猎民村今年来了多少游客")
    count = shared_kb.ask("房子改造了多少栋", asked_before="number", article=article)
    assert count.answer is not None and "31栋" in count.answer.text
    # out of the conversation the same words are not enough
    assert not shared_kb.ask("房子改造了多少栋").answered
    phone = shared_kb.ask("村支书手机号给一个", topic="多布库尔猎民村", asked_before="number",
                          article=article)
    assert not phone.answered
    _, grapes = first(shared_kb, "喀喇沁旗马鞍山村种的啥")
    assert not shared_kb.ask("马鞍山景区门票多少钱", asked_before="definition",
                             article=grapes).answered


def test_where_a_place_lies_needs_no_locating_verb(shared_kb: KnowledgeBase):
    answer = shared_kb.ask("多布库尔猎民村位于哪个旗哪个镇")
    assert answer.answer is not None and "鄂伦春自治旗" in answer.answer.text


def test_what_a_person_did_is_told_after_her_name(shared_kb: KnowledgeBase):
    who, article = first(shared_kb, "庞云霞是谁")
    deeds = shared_kb.ask("她干了啥", topic="庞云霞", asked_before=who.intent, article=article)
    assert deeds.answer is not None and deeds.answer.text.startswith("内蒙古医科大学")
    assert "2栋楼的居民入户采集核酸" in deeds.answer.text  # the deeds, not 像庞云霞一样…


def test_who_did_what_was_just_shown_is_answered_from_its_paragraph(shared_kb: KnowledgeBase):
    count, article = first(shared_kb, "呼伦贝尔那场暴风雪 民警救了多少人")
    assert count.answer is not None
    shown = Shown(count.passages[0].paragraph_id, count.answer.text)
    who = shared_kb.ask("哪个所去救的", topic="呼伦贝尔", asked_before="number",
                        article=article, shown=shown)
    assert who.answer is not None and "东乌珠尔边境派出所" in who.answer.text
    # a question with words of its own elsewhere (快板) is not about the paragraph shown
    other = shared_kb.ask("赤峰打快板宣讲的书记叫啥", asked_before="number",
                          article=article, shown=shown)
    assert other.answer is not None and "李晓静" in other.answer.text


def test_what_is_done_for_those_who_cannot_is_how(shared_kb: KnowledgeBase):
    _, article = first(shared_kb, "公忽洞村共享牧场一只羊挣多少")
    how = shared_kb.ask("没劳动能力的咋办", asked_before="number", article=article)
    assert how.answer is not None and "由企业代管代养" in how.answer.text


def test_a_question_naming_its_own_subject_before_nage_is_no_follow_up(
        shared_kb: KnowledgeBase):
    query = shared_kb.understand("科技局那个讲座谁讲的", topic="一二三", asked_before="definition")
    assert query.topic is None or query.topic.source != "conversation"
    # 那个事业单位负责人: nothing named before 那个, the one just talked about
    assert shared_kb.understand("那个负责人是谁", topic="一二三").topic is not None


def test_who_spoke_is_a_person_not_the_body_where_it_was(shared_kb: KnowledgeBase):
    answer = shared_kb.ask("科技局那个讲座谁讲的")
    assert answer.answer is not None and "史国辉" in answer.answer.text
    # the theme asked next is in the line just shown: it is shown again, not a line
    # that names no theme
    shown = Shown(answer.passages[0].paragraph_id, answer.answer.text)
    theme = shared_kb.ask("讲的啥题目", topic="乌海", asked_before="who",
                          article=answer.passages[0].article_id, shown=shown)
    assert theme.answer is not None and "中华民族一家亲" in theme.answer.text


def test_a_kind_of_place_alone_is_the_one_just_named(shared_kb: KnowledgeBase):
    where, article = first(shared_kb, "乌兰察布那个社区给党员划责任田是咋回事")
    who = shared_kb.ask("书记是谁", topic="乌兰察布", asked_before=where.intent, article=article)
    assert who.answer is not None and "察哈尔社区" in who.answer.text
    shown = Shown(who.passages[0].paragraph_id, who.answer.text)
    count = shared_kb.ask("社区多少人", topic="乌兰察布", asked_before="who", article=article,
                          shown=shown)
    assert count.topic is not None and count.topic.name == "察哈尔社区"
    assert count.answer is not None and "近5000人" in count.answer.text
    # a district followed by 社区 names no 社区: the conversation's topic stays
    held, venue = first(shared_kb, "板凳议事会在哪儿开的")
    assert held.answer is not None and "白云鄂博矿区社区" in held.answer.text
    shown = Shown(held.passages[0].paragraph_id, held.answer.text)
    secretary = shared_kb.ask("那个社区书记叫啥", topic="板凳议事会", asked_before="where",
                              article=venue, shown=shown)
    assert secretary.answer is not None and "苏珊" in secretary.answer.text
