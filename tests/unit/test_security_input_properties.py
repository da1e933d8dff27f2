"""Property tests of the Telegram layer: arbitrary text → the bot's question cleaning →
(stub) retrieval → reply and rendering → Telegram's HTML parser (the port of tdlib's
parse_html in support.telegram_rules).

Every message must parse as Telegram-HTML (strict: no bare "&"), be non-empty, and be at
most 4096 UTF-16 units both as sent and as shown; every callback_data fits 64 bytes.
The same path with the real knowledge base: tests/e2e/test_question_path_properties.py;
corpus bytes → loader properties: test_retrieval_properties.py.
"""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from support.question_path import assert_buttons, assert_sendable, question_path
from support.stub_kb import StubKnowledgeBase

from bot import render, texts
from bot.buttons import Buttons
from bot.conversation import Layout, reply_for
from retrieval.models import Answer, AnswerLine, Article, Passage, TopicInfo

QUESTIONS = ["板凳议事会是什么", "红色物业", "红色物业在哪儿搞的", "推荐一部好看的电影",
             "板凳議事會", "你好", "what is it"]
CLASSICS = [
    "<b>&", "</b><i>", "&amp;&lt;", "&#0;&#x110000;", "*bold* _it_ `code` [a](http://x)",
    "\u202e\u200f右到左\u202d", "\x00\x01\x1b[31m\x7f", "😀" * 3000, "板凳" * 5000, "\ud800",
    "0", "00 0", "\udfff板凳议事会\ud83d", "紅色物業？？？", "<a href='javascript:x'>",
    "\r\n\t ", "　", "@QaTestBot /ask@OtherBot 板凳议事会", "\u0301\u0301\u0301板凳",
    "\ufeff\u200b\u2060", "红色物业？" * 10,
]
# Fewer examples than the real-KB variant in tests/e2e: the unit layer stays under 15 s.
SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
STUB = StubKnowledgeBase()

# Everything Python strings allow: control characters, RTL marks, emoji, lone surrogates.
any_char = st.characters(codec=None, exclude_categories=())
markup_bits = st.sampled_from(["<", ">", "&", "&amp;", "</b>", "<i>", "*", "_", "`", "[", "]",
                               "\\", "\n", "\u200f", "\u202e", "😀", "\x00", "\ud800", "？"])
junk = st.lists(st.one_of(st.text(alphabet=any_char, max_size=4), markup_bits),
                max_size=12).map("".join)
hostile_question = st.one_of(
    st.text(max_size=10_000),
    st.text(alphabet=any_char, max_size=10_000),
    # Real questions wrapped in junk, so answers (marks, citations, buttons) are covered.
    st.builds(lambda a, q, b: a + q + b, junk, st.sampled_from(QUESTIONS), junk),
    st.sampled_from(CLASSICS),
)
# Corpus text is decoded UTF-8: it can hold anything but lone surrogates.
corpus_text = st.lists(st.one_of(
    st.text(alphabet=st.characters(codec="utf-8"), max_size=200),
    st.sampled_from(["<", ">", "&", "&amp;", "\n", "\n\n", "\u202e", "。"])),
    max_size=30).map("".join)
# Text that grows fivefold when escaped ("&" → "&amp;"): only shrinking makes it fit.
escape_heavy = st.text(alphabet="&<>议 ", min_size=200, max_size=2000)


@SETTINGS
@given(raw=hostile_question, shown=st.sampled_from([1, 3]))
def test_any_question_renders_to_valid_telegram_html(raw, shown):
    for message in question_path(STUB, raw, shown):
        assert_sendable(message)


def hostile_passage(rank: int, article_id: int, text: str) -> Passage:
    return Passage(rank=rank, score=1.0, paragraph_id=rank, article_id=article_id, title=text,
                   column=text, byline=text, source=text, paragraph=text, sentence=text,
                   snippet=text, highlights=(), evidence=text, page=text)


@st.composite
def hostile_answers(draw: st.DrawFn) -> Answer:
    """Answers built from hostile corpus text, the answer line marked somewhere in it."""
    texts_ = draw(st.lists(st.one_of(corpus_text, escape_heavy), min_size=1, max_size=4))
    passages = tuple(hostile_passage(i, draw(st.integers(0, 3)), t * draw(st.integers(1, 3)))
                     for i, t in enumerate(texts_, start=1))
    line = passages[0].sentence
    spans = tuple(draw(st.lists(st.tuples(st.integers(0, len(line)), st.integers(0, 12)).map(
        lambda s: (s[0], s[0] + s[1])), max_size=3)))
    source = draw(st.sampled_from(["question", "conversation", "near_name"]))
    return Answer(draw(junk), True, passages, answer=AnswerLine(line, spans, 1),
                  topic=TopicInfo(draw(corpus_text) or "话题", "", source),
                  intent=draw(st.sampled_from(["definition", "where", "number"])))


@SETTINGS
@given(answers=st.lists(hostile_answers(), min_size=1, max_size=3), question=junk,
       shown=st.sampled_from([1, 3]))
@example(answers=[Answer("问", True, (hostile_passage(1, 0, "<b>&议事&lt;</b> 议事"),),
                         answer=AnswerLine("<b>&议事&lt;</b> 议事", ((3, 5),), 1))],
         question="&", shown=3)
def test_any_found_answer_renders_valid(answers, question, shown):
    buttons = Buttons()
    note = texts.question_cut(500)
    for layout in (Layout(shown == 1, shown, note=note),
                   Layout(True, 1, note=note, heading=render.question_heading(question))):
        reply = reply_for(answers, STUB, buttons, layout)
        assert_sendable(reply.text)
        assert_buttons(reply.markup)
    assert_sendable(render.more_text(answers[0], 3))


@SETTINGS
@given(query=hostile_question, names=st.lists(corpus_text, max_size=8),
       near=st.booleans())
def test_any_not_found_answer_renders_valid(query, names, near):
    question = render.clean_text(query)
    answer = Answer(question, False, (), did_you_mean=tuple(names) if near else (),
                    suggestions=() if near else tuple(names))
    for heading in ("", render.question_heading(question)):
        reply = reply_for([answer], STUB, Buttons(), Layout(False, 3, heading=heading))
        assert_sendable(reply.text)
        assert_buttons(reply.markup)


@settings(max_examples=60, deadline=None)
@given(title=corpus_text, column=corpus_text, byline=corpus_text, page=corpus_text,
       paragraphs=st.lists(corpus_text, min_size=1, max_size=6), repeat=st.integers(1, 4))
@example(title="<b>&", column="&lt;", byline="", page="", paragraphs=["a<b", "\x1b"], repeat=1)
@example(title=" \u202e\x1b", column="", byline="", page="", paragraphs=[""], repeat=1)
def test_any_article_splits_into_valid_messages(title, column, byline, page, paragraphs,
                                                repeat):
    # repeat: paragraphs several times the message limit, escaped ("&" → "&amp;")
    article = Article(0, title, column, byline, "x.txt", tuple(p * repeat for p in paragraphs))
    messages = render.article_messages(article, page)
    assert messages
    for message in messages:
        assert_sendable(message)
    assert_sendable(render.article_quotation(article, page))
    shown = visible("".join(render.html_to_plain(m) for m in messages))
    for paragraph in article.paragraphs:
        # every visible character of the article is shown, in order (blanks may go)
        assert visible(paragraph) in shown


def visible(text: str) -> str:
    return "".join(ch for ch in text if render.has_visible(ch))
