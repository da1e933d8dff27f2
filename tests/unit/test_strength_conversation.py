"""bot.conversation.reply_for with hand-made answers and a fake knowledge base: which
reply each kind of answer gets (small talk, answered, English, no topic, not found,
several questions), its buttons, and the turn the conversation remembers.

PYTEST_DONT_REWRITE: plain asserts, so that collecting this file stays cheap (the unit
layer's time budget); a failure still shows the failing line.
"""

from __future__ import annotations

from bot import render, texts
from bot.buttons import Ask, Buttons, FullText, More, Question, Wrong
from bot.conversation import Layout, reply_for
from bot.dialogue import Turn
from retrieval.models import Answer, AnswerLine, Passage, TopicInfo


def passage(rank: int, article_id: int = 7, paragraph_id: int | None = None) -> Passage:
    return Passage(
        rank=rank,
        score=1.0,
        paragraph_id=paragraph_id or 100 + rank,
        article_id=article_id,
        title="标题",
        column="",
        byline="",
        source="s.txt",
        paragraph="红山村在北湖。",
        sentence="红山村在北湖。",
        snippet="红山村在北湖。",
        highlights=(),
    )


def answer(
    query: str = "红山村在哪",
    *,
    passages=None,
    topic: TopicInfo | None = None,
    intent: str = "where",
    line: str | None = "在北湖。",
    **more,
) -> Answer:
    passages = (passage(1),) if passages is None else passages
    return Answer(
        query,
        bool(passages),
        passages,
        intent=intent,
        topic=topic,
        answer=AnswerLine(line, (), 1) if line is not None else None,
        **more,
    )


class FakeKB:
    version = "abcdef123456"

    def __init__(self) -> None:
        self.calls: list[tuple] = []

    def offers(self, topic, skip=(), n=2):
        self.calls.append(("offers", topic, tuple(skip)))
        return [("它在哪", f"{topic}在哪"), ("有多少", f"{topic}有多少")]

    def example_questions(self, n=3):
        self.calls.append(("examples", n))
        return ("例一？", "例二？", "例三？")[:n]

    def suggestions(self, n=5):
        self.calls.append(("suggestions", n))
        return ("三减三优", "板凳会", "红马甲", "北湖", "喀喇沁")[:n]


LAYOUT = Layout(compact=False, shown=1)


def buttons_of(reply) -> list[list[tuple[str, str]]]:
    if reply.markup is None:
        return []
    return [[(b.text, b.callback_data) for b in row] for row in reply.markup.inline_keyboard]


def parsed(buttons: Buttons, reply) -> list[list[object]]:
    return [[buttons.parse(data) for _, data in row] for row in buttons_of(reply)]


def test_an_answer_with_a_topic_offers_more_and_remembers_the_turn():
    kb, buttons = FakeKB(), Buttons()
    topic = TopicInfo("三减三优", "三减三优")
    a = answer(passages=(passage(1), passage(2, article_id=8)), topic=topic)
    reply = reply_for([a], kb, buttons, LAYOUT)
    assert reply.answered
    assert reply.turn == Turn("三减三优", 7, kb.version, "where", 101, "在北湖。")
    assert ("offers", "三减三优", ("where",)) in kb.calls
    rows = parsed(buttons, reply)
    assert [b.text for b in reply.markup.inline_keyboard[0]] == ["更多结果", "全文", "👎"]
    assert isinstance(rows[0][0], More) and rows[0][0].offset == 1
    assert rows[0][1] == FullText(kb.version[:8], 7)
    assert isinstance(rows[0][2], Wrong) and rows[0][2].paragraph_id == 101
    assert [b.text for b in reply.markup.inline_keyboard[1]] == ["它在哪", "有多少"]
    assert rows[1][0] == Ask(Question("三减三优在哪"))
    assert "在北湖" in reply.text


def test_no_more_button_when_every_passage_is_shown():
    kb, buttons = FakeKB(), Buttons()
    reply = reply_for([answer()], kb, buttons, Layout(compact=True, shown=1))
    assert [b.text for b in reply.markup.inline_keyboard[0]] == ["全文", "👎"]
    assert reply.turn == Turn(None, 7, kb.version, "where", 101, "在北湖。")
    assert not any(c[0] == "offers" for c in kb.calls)  # no topic, no offers


def test_an_answer_without_a_line_remembers_no_line():
    reply = reply_for([answer(line=None)], FakeKB(), Buttons(), LAYOUT)
    assert reply.turn is not None and reply.turn.line == ""


def test_inline_results_have_a_heading_and_no_more_wrong_or_offers():
    kb, buttons = FakeKB(), Buttons()
    a = answer(passages=(passage(1), passage(2)), topic=TopicInfo("三减三优", "三减三优"))
    reply = reply_for([a], kb, buttons, Layout(compact=True, shown=1, heading="<b>问</b>"))
    assert buttons_of(reply) == [[("全文", buttons.full(kb.version, 7))]]
    assert not any(c[0] == "offers" for c in kb.calls)
    assert reply.text.startswith("<b>问</b>")


def test_a_follow_up_keeps_the_topic_it_was_asked_with():
    kb, buttons = FakeKB(), Buttons()
    follow = answer(
        "在哪",
        passages=(passage(1), passage(2)),
        topic=TopicInfo("三减三优", "", source="conversation"),
    )
    reply = reply_for([follow], kb, buttons, LAYOUT, asked_topic="三减三优")
    more = parsed(buttons, reply)[0][0]
    assert isinstance(more, More) and more.question == Question("在哪", "三减三优")
    fresh = answer(
        "三减三优在哪", passages=(passage(1), passage(2)), topic=TopicInfo("三减三优", "三减三优")
    )
    more = parsed(buttons, reply_for([fresh], kb, buttons, LAYOUT, asked_topic="x"))[0][0]
    assert more.question == Question("三减三优在哪", None)


def test_small_talk_answers_with_examples():
    kb, buttons = FakeKB(), Buttons()
    reply = reply_for([answer("你好", passages=(), small_talk="greeting")], kb, buttons, LAYOUT)
    assert not reply.answered and reply.turn is None
    assert [[label for label, _ in row] for row in buttons_of(reply)] == [
        ["例一？"],
        ["例二？"],
        ["例三？"],
    ]
    assert kb.calls == [("examples", 3)]
    assert reply.text == render.escape(texts.small_talk("greeting"))


def test_english_questions_get_topic_buttons():
    kb, buttons = FakeKB(), Buttons()
    reply = reply_for([answer("what", passages=(), english=True)], kb, buttons, LAYOUT)
    assert not reply.answered and reply.turn is None
    assert kb.calls == [("suggestions", 4)]
    rows = parsed(buttons, reply)
    assert rows == [
        [Ask(Question("三减三优是什么")), Ask(Question("板凳会是什么"))],
        [Ask(Question("红马甲是什么")), Ask(Question("北湖是什么"))],
    ]


def test_a_question_that_needs_a_topic_offers_topics_with_it():
    kb, buttons = FakeKB(), Buttons()
    reply = reply_for([answer(" 在哪儿搞的 ", passages=(), needs_topic=True)], kb, buttons, LAYOUT)
    assert reply.text == texts.ASK_WHICH and not reply.answered
    assert parsed(buttons, reply)[0] == [
        Ask(Question("三减三优在哪儿搞的")),
        Ask(Question("板凳会在哪儿搞的")),
    ]


def test_not_found_offers_near_names_or_suggestions():
    kb, buttons = FakeKB(), Buttons()
    plain = reply_for([answer("x", passages=())], kb, buttons, LAYOUT)
    assert plain.markup is None and not plain.answered and plain.turn is None
    assert texts.DID_YOU_MEAN not in plain.text and texts.TRY_THESE not in plain.text
    near = reply_for(
        [answer("x", passages=(), did_you_mean=("板凳议事会",), suggestions=("甲", "乙"))],
        kb,
        buttons,
        LAYOUT,
    )
    assert texts.DID_YOU_MEAN in near.text
    assert parsed(buttons, near) == [[Ask(Question("板凳议事会是什么"))]]
    tried = reply_for(
        [answer("x", passages=(), suggestions=("甲", "乙", "丙", "丁", "戊"))],
        kb,
        buttons,
        Layout(compact=False, shown=1, note="问题被截短", heading="<b>H</b>"),
    )
    lines = tried.text.split("\n")
    assert lines[0] == "<b>H</b>" and texts.TRY_THESE in lines
    assert lines[-1] == "<i>问题被截短</i>"
    assert sum(len(row) for row in buttons_of(tried)) == 4


def test_several_questions_one_reply_with_full_text_buttons():
    kb, buttons = FakeKB(), Buttons()
    first = answer(
        "甲在哪",
        passages=(passage(1, article_id=3, paragraph_id=30),),
        topic=TopicInfo("甲", "甲"),
        intent="where",
        line="在北湖。",
    )
    second = answer(
        "乙多少",
        passages=(passage(1, article_id=4, paragraph_id=40),),
        topic=None,
        intent="number",
        line="十个。",
    )
    missing = answer("丙", passages=())
    reply = reply_for([first, second, missing], kb, buttons, LAYOUT)
    assert reply.answered
    assert reply.turn == Turn("甲", 3, kb.version, "where", 30, "在北湖。")
    assert [[label for label, _ in row] for row in buttons_of(reply)] == [["全文①", "全文②"]]
    assert parsed(buttons, reply)[0] == [FullText(kb.version[:8], 3), FullText(kb.version[:8], 4)]
    # the last answered one with a topic is remembered; without any topic the last answered
    reply = reply_for([second, first], kb, buttons, LAYOUT)
    assert reply.turn.topic == "甲"
    reply = reply_for(
        [second, answer("丁", passages=(passage(1, article_id=9),), line=None)], kb, buttons, LAYOUT
    )
    assert reply.turn == Turn(None, 9, kb.version, "where", 101, "")


def test_several_questions_in_one_article_have_one_full_text_button():
    kb, buttons = FakeKB(), Buttons()
    a = answer("甲", passages=(passage(1, article_id=3),))
    b = answer("乙", passages=(passage(1, article_id=3),))
    reply = reply_for([a, b], kb, buttons, LAYOUT)
    assert [[label for label, _ in row] for row in buttons_of(reply)] == [["全文"]]


def test_several_questions_none_answered():
    kb, buttons = FakeKB(), Buttons()
    reply = reply_for([answer("甲", passages=()), answer("乙", passages=())], kb, buttons, LAYOUT)
    assert not reply.answered and reply.turn is None and reply.markup is None
