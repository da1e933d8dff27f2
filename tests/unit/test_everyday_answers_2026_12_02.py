"""Everyday questions over the shipped pages, for rules of 2026-12-02: a misspelt name
beside a right one, a word mended from the tokenizer's pieces, who said the line just
shown, the sentence that names what the paragraph's context holds, and questions the
pages cannot answer (a ticket price, a price per item, a birthplace)."""

from __future__ import annotations

from retrieval.answer.knowledge import KnowledgeBase
from retrieval.models import Shown


def test_a_misspelt_place_beside_a_right_name_is_read_right(shared_kb: KnowledgeBase):
    query = shared_kb.understand("阿鲁科尔亲旗党群服务中心以前那么多窗口 后来咋弄的")
    assert "阿鲁科尔沁旗" in query.names and "多窗口" not in [t.text for t in query.terms]
    answer = shared_kb.ask("阿鲁科尔亲旗党群服务中心以前那么多窗口 后来咋弄的")
    assert answer.answer is not None and "综合窗口" in answer.answer.text


def test_a_mended_word_is_searched_whole_and_the_speaker_follows(shared_kb: KnowledgeBase):
    first = shared_kb.ask("赤峰那个育苗基地是谁投的")
    assert first.answered and first.answer is not None
    assert "首农集团" in first.answer.text  # who invested, not who showed visitors round
    article = first.passages[0].article_id
    count = shared_kb.ask("一年能育多少苗", asked_before=first.intent, article=article)
    assert count.answered and count.answer is not None and "4500万株" in count.answer.text
    # asked with no topic of its own, answered from the conversation's article: no ask-back
    assert not count.needs_topic
    assert shared_kb.ask("一年能育多少苗").needs_topic  # out of the blue: which one?
    shown = Shown(count.passages[0].paragraph_id, count.answer.text)
    who = shared_kb.ask("谁给介绍的", asked_before=count.intent, article=article, shown=shown)
    assert who.answered and who.answer is not None and "孟显鹏" in who.answer.text
    # without an answer just shown there is nobody to name
    assert not shared_kb.ask("谁给介绍的").answered


def test_the_sentence_naming_what_is_asked_answers(shared_kb: KnowledgeBase):
    answer = shared_kb.ask("听说有个村种的西瓜都卖到北京了 哪个村啊")
    assert answer.answer is not None and "兴隆坡村" in answer.answer.text


def test_an_effect_line_says_what_came_of_it(shared_kb: KnowledgeBase):
    answer = shared_kb.ask("乌兰察布述职会提前把成绩单发下去 效果咋样")
    assert answer.answer is not None and "更加精准了" in answer.answer.text


def test_what_the_pages_do_not_say_is_not_answered(shared_kb: KnowledgeBase):
    for question in ("多布库尔猎民村景区门票多少钱", "明星湖咸鸭蛋多少钱一个啊",
                     "乌盖苏木党委书记乌仁图雅的籍贯是哪里", "苏珊书记是哪里人啊",
                     "高雪芹书记多大岁数"):
        assert not shared_kb.ask(question).answered, question
    # while what they say still is
    assert shared_kb.ask("刘玉环的鸭子一年能挣多少钱").answered
    assert shared_kb.ask("桃日木嘎查改扩建的党群服务中心多大点").answered


def test_a_part_asking_again_is_no_question_of_its_own(shared_kb: KnowledgeBase):
    assert len(shared_kb.ask_all("赛罕区平时咋考察干部的 有啥法子")) == 1
    assert len(shared_kb.ask_all("三减三优是什么？在哪儿搞的？")) == 2  # two things asked
