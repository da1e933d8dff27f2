"""Property tests on the whole question path: arbitrary text → the bot's question cleaning →
kb.ask → rendering → Telegram's HTML parser (the fake's port of tdlib's parse_html).

Every message must parse as Telegram-HTML (strict: no bare "&"), be non-empty, and be at
most 4096 UTF-16 units both as sent and as shown; every callback_data fits 64 bytes.
(Corpus bytes → loader properties live in test_retrieval_properties.py.)
"""

from __future__ import annotations

from collections.abc import Iterable

from fake_bot_api import MAX_TEXT_UTF16, ApiError, format_text
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from telegram import InlineKeyboardMarkup

from bot import callback_data as cb
from bot import render, texts
from bot.handlers.questions import prepare_question
from retrieval.answer.knowledge import KnowledgeBase
from retrieval.models import Answer, Article, Passage

MAX_QUESTION_CHARS = 500  # config.yaml answer.max_question_chars
QUESTIONS = ["板凳议事会是什么", "察哈尔社区有多少党员", "红色物业", "丰镇镇有多少个村",
             "推荐一部好看的电影", "板凳議事會"]
CLASSICS = [
    "<b>&", "</b><i>", "&amp;&lt;", "&#0;&#x110000;", "*bold* _it_ `code` [a](http://x)",
    "\u202e\u200f右到左\u202d", "\x00\x01\x1b[31m\x7f", "😀" * 3000, "板凳" * 5000, "\ud800",
    "0", "00 0",  # once crashed the re-ranker (a term found by substring, scored 0)
    "\udfff板凳议事会\ud83d", "紅色物業？？？", "<a href='javascript:x'>", "\r\n\t ", "　",
    "@QaTestBot /ask@OtherBot 板凳议事会", "\u0301\u0301\u0301板凳", "\ufeff\u200b\u2060",
]
SETTINGS = settings(max_examples=120, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])

# Everything Python strings allow: control characters, RTL marks, emoji, lone surrogates.
any_char = st.characters(codec=None, exclude_categories=())
markup_bits = st.sampled_from(["<", ">", "&", "&amp;", "</b>", "<i>", "*", "_", "`", "[", "]",
                               "\\", "\n", "\u200f", "\u202e", "😀", "\x00", "\ud800"])
junk = st.lists(st.one_of(st.text(alphabet=any_char, max_size=4), markup_bits),
                max_size=12).map("".join)
hostile_question = st.one_of(
    st.text(max_size=10_000),
    st.text(alphabet=any_char, max_size=10_000),
    # Real questions wrapped in junk, so found answers (highlights, citations) are covered.
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


def assert_sendable(message: str) -> None:
    """What the Bot API would say to sendMessage(text=message, parse_mode=HTML)."""
    assert render.tg_len(message) <= MAX_TEXT_UTF16
    try:
        shown, _ = format_text(message, "HTML")  # strict: stricter than Telegram itself
    except ApiError as exc:  # pragma: no cover - the failure message is the point
        raise AssertionError(f"{exc.description}\n{message[:500]!r}") from None
    assert shown.strip(), "Telegram refuses an empty message"
    plain = render.html_to_plain(message)  # the fallback must be sendable as well
    assert render.tg_len(plain) <= MAX_TEXT_UTF16 and plain.strip()


def assert_buttons(markup: InlineKeyboardMarkup | None) -> None:
    for row in (markup.inline_keyboard if markup else ()):
        for button in row:
            assert cb.fits(button.callback_data), button.callback_data


def question_path(kb: KnowledgeBase, raw: str, top_k: int) -> Iterable[str]:
    """Every message the bot may send for this text: the answer (private and group), the
    inline results, the next 更多结果 page, and the articles behind the 全文 buttons."""
    question, note = prepare_question(raw, MAX_QUESTION_CHARS)
    if not question:
        yield texts.ASK_USAGE
        return
    answer = kb.ask(question, top_k=top_k)
    more = cb.more_data(kb.version, len(answer.passages), question) or cb.more_data_cached(
        kb.version, len(answer.passages), 1)
    text, markup = render.answer_message(answer, kb.version, more=more, note=note)
    assert_buttons(markup)
    yield text
    heading = render.question_heading(question)
    if not answer.answered:
        yield render.not_found_message(answer, note=note, heading=heading)[0]
        return
    for passage in answer.passages:
        single = Answer(answer.query, True, (passage,), answer.terms)
        yield render.found_message(single, kb.version, note=note, heading=heading)[0]
        yield render.inline_title(passage) or "?"
        yield render.article_messages(kb.article(passage.article_id))[0]
    page = kb.ask(question, top_k=3, offset=len(answer.passages))
    if page.passages:
        text, markup = render.more_message(page, kb.version, len(answer.passages), more=more)
        assert_buttons(markup)
        yield text


@SETTINGS
@given(raw=hostile_question, compact=st.booleans())
def test_any_question_renders_to_valid_telegram_html(shared_kb: KnowledgeBase, raw, compact):
    for message in question_path(shared_kb, raw, 1 if compact else 3):
        assert_sendable(message)


def hostile_passage(rank: int, text: str, terms: tuple[str, ...]) -> Passage:
    return Passage(rank=rank, score=1.0, paragraph_id=rank, article_id=rank, title=text,
                   column=text, byline=text, source=text, paragraph=text, sentence=text,
                   snippet=text, highlights=terms)


@st.composite
def texts_and_terms(draw: st.DrawFn) -> tuple[list[str], list[str]]:
    """Hostile passage texts, and highlight terms most of which occur in them (so that
    highlighting really runs over "<", "&" and friends)."""
    texts_ = draw(st.lists(st.one_of(corpus_text, escape_heavy), min_size=1, max_size=4))
    joined = "".join(texts_)
    terms = draw(st.lists(junk.filter(bool), max_size=2))
    for _ in range(draw(st.integers(0, 4)) if joined else 0):
        start = draw(st.integers(0, len(joined) - 1))
        terms.append(joined[start : start + draw(st.integers(1, 6))])
    return texts_, terms


@SETTINGS
@given(texts_terms=texts_and_terms(), note=corpus_text, repeat=st.integers(1, 3))
@example(texts_terms=(["<b>&议事&lt;</b> 议事"], ["议事", "&", "<"]), note="&", repeat=1)
def test_any_found_answer_renders_valid(texts_terms, note, repeat):
    """Found answers built from hostile corpus text (highlighting, citations, shrinking to
    fit), with hostile highlight terms."""
    texts_, terms = texts_terms
    clean_terms = tuple(render.clean_text(t) for t in terms)
    passages = tuple(hostile_passage(i, t * repeat, clean_terms) for i, t in enumerate(texts_))
    answer = Answer("问", True, passages, terms=clean_terms)
    for heading in ("", render.question_heading(note)):
        text, markup = render.found_message(answer, "v1", more="m|v1|3|t问", note=note,
                                            heading=heading)
        assert_sendable(text)
        assert_buttons(markup)
    text, markup = render.more_message(answer, "v1", 3, more="m|v1|6|#1")
    assert_sendable(text)
    assert_buttons(markup)


@SETTINGS
@given(query=hostile_question, unknown=st.lists(junk, max_size=8),
       suggestions=st.lists(corpus_text, max_size=8), note=corpus_text)
def test_any_not_found_answer_renders_valid(query, unknown, suggestions, note):
    question, _ = prepare_question(query, MAX_QUESTION_CHARS)
    unknown_terms = tuple(render.clean_text(t) for t in unknown)
    answer = Answer(question, False, (), unknown_terms=unknown_terms,
                    suggestions=tuple(suggestions))
    for heading in ("", render.question_heading(question)):
        text, markup = render.not_found_message(answer, note=note, heading=heading)
        assert_sendable(text)
        assert_buttons(markup)


@settings(max_examples=60, deadline=None)
@given(title=corpus_text, column=corpus_text, byline=corpus_text, source=corpus_text,
       paragraphs=st.lists(corpus_text, min_size=1, max_size=6), repeat=st.integers(1, 4))
@example(title="<b>&", column="&lt;", byline="", source="", paragraphs=["a<b", "\x1b"], repeat=1)
@example(title=" \u202e\x1b", column="", byline="", source="", paragraphs=[""], repeat=1)
def test_any_article_splits_into_valid_messages(title, column, byline, source, paragraphs,
                                                repeat):
    # repeat: paragraphs several times the message limit, escaped ("&" → "&amp;")
    article = Article(0, title, column, byline, source, tuple(p * repeat for p in paragraphs))
    messages = render.article_messages(article)
    assert messages
    for message in messages:
        assert_sendable(message)
    shown = visible("".join(render.html_to_plain(m) for m in messages))
    for paragraph in article.paragraphs:
        # every visible character of the article is shown, in order (blanks may go)
        assert visible(paragraph) in shown


def visible(text: str) -> str:
    return "".join(ch for ch in text if render.has_visible(ch))


def test_every_corpus_article_and_command_text_is_sendable(shared_kb: KnowledgeBase):
    for article in shared_kb.articles:
        for message in render.article_messages(article):
            assert_sendable(message)
    for message in (texts.topics_messages(shared_kb.topics(), shared_kb.articles)
                    + texts.sources_messages(shared_kb.articles, shared_kb.report.skipped)):
        assert_sendable(message)
