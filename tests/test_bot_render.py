"""Pure rendering: escaping, highlighting, the 4096 limit, splitting, callback_data."""

from __future__ import annotations

from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from bot import callback_data as cb
from bot import render, texts
from retrieval.models import Answer, Article, Passage, Topic

ALLOWED_TAGS = {"b", "i", "code"}


class _Checker(HTMLParser):
    """Telegram-HTML subset check: known tags only, properly nested."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        assert tag in ALLOWED_TAGS, tag
        self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, (tag, self.stack)
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def plain(html_text: str) -> str:
    checker = _Checker()
    checker.feed(html_text)
    checker.close()
    assert not checker.stack
    return "".join(checker.text)


def passage(rank=1, article_id=0, sentence="板凳议事会让居民议事。", snippet=None, **kw) -> Passage:
    base = dict(
        rank=rank, score=1.0, paragraph_id=rank, article_id=article_id, title="标题",
        column="广角", byline="本报记者 宋爽", source="000.txt", paragraph=sentence,
        sentence=sentence, snippet=snippet if snippet is not None else sentence,
        highlights=("板凳议事会", "议事"),
    )
    base.update(kw)
    return Passage(**base)


def test_highlight_bolds_longest_term_and_escapes():
    html_text = render.highlight("<板凳议事会> & 议事", ["议事", "板凳议事会"])
    assert html_text == "&lt;<b>板凳议事会</b>&gt; &amp; <b>议事</b>"


def test_found_message_layout_and_buttons():
    answer = Answer("板凳议事会是什么", True, (
        passage(1, 0, snippet="…前文。板凳议事会让居民议事。后文…"),
        passage(2, 5, sentence="第二段。"),
        passage(3, 5, sentence="同一篇的第三段。"),
    ), terms=("板凳议事会",))
    text, markup = render.found_message(answer, "abcdef123456", more="m|abcdef12|3|t问")
    body = plain(text)
    assert body.startswith("板凳议事会让居民议事。")
    assert "《标题》 · 广角 · 本报记者 宋爽 · 000.txt" in body
    assert "② 第二段。" in body and "③ 同一篇的第三段。" in body
    assert "<b>板凳议事会</b>" in text
    rows = [[b.text for b in row] for row in markup.inline_keyboard]
    assert rows[0] == ["更多结果", "全文"]
    # passages 2 and 3 share article 5: one extra 全文 button
    assert rows[1:] == [["全文②"]]
    for row in markup.inline_keyboard:
        for button in row:
            assert cb.fits(button.callback_data)


def test_not_found_message_suggests_topics():
    answer = Answer("推荐一部电影", False, (), unknown_terms=("电影",),
                    suggestions=("板凳议事会", "红色物业"))
    text, markup = render.answer_message(answer, "v")
    body = plain(text)
    assert "没有找到与“推荐一部电影”相关的内容" in body
    assert "• 板凳议事会" in body and "电影" in body
    assert [b.callback_data for b in markup.inline_keyboard[0]] == ["s|板凳议事会", "s|红色物业"]


def test_hostile_long_text_fits():
    nasty = "&<>" * 3000
    answer = Answer(nasty, True, (passage(1, 0, sentence=nasty, snippet=nasty * 2),
                                  passage(2, 1, sentence=nasty)), terms=("&",))
    text, _ = render.found_message(answer, "v", note=nasty)
    assert render.tg_len(text) <= 4096
    plain(text)
    text, _ = render.not_found_message(Answer(nasty, False, (), suggestions=(nasty,)), note=nasty)
    assert render.tg_len(text) <= 4096
    plain(text)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=3000), st.lists(st.text(min_size=1, max_size=5), max_size=4))
def test_any_text_renders_valid_and_short(text, terms):
    text = render.clean_text(text)
    p = passage(1, 0, sentence=text, snippet=text, title=text, highlights=tuple(terms))
    html_text, _ = render.found_message(Answer(text, True, (p, p)), "v", note=text)
    assert render.tg_len(html_text) <= 4096
    plain(html_text)
    html_text, _ = render.not_found_message(Answer(text, False, (), suggestions=(text,)))
    assert render.tg_len(html_text) <= 4096
    plain(html_text)


def test_article_split_keeps_every_paragraph_under_limit():
    long_paragraph = "很长的一段话，包含&符号。" * 600  # ~7,800 chars, escaped even longer
    paragraphs = ("第一段。", long_paragraph, "最后一段。")
    article = Article(0, "长文", "广角", "记者", "x.txt", paragraphs)
    messages = render.article_messages(article)
    assert len(messages) >= 3
    assert all(render.tg_len(m) <= 4096 for m in messages)
    joined = "".join(plain(m) for m in messages)
    assert joined.count("很长的一段话") == 600
    assert plain(messages[0]).startswith("长文")
    assert plain(messages[-1]).endswith("最后一段。")


def test_split_plain_prefers_sentence_ends():
    pieces = render.split_plain("一二三。四五六。七八九", limit=6)
    assert pieces == ["一二三。", "四五六。", "七八九"]


def test_callback_data_round_trip_and_limit():
    data = cb.more_data("abcdef1234", 3, "板凳议事会是什么")
    assert data is not None and cb.fits(data)
    assert cb.parse(data) == cb.More("abcdef12", 3, "板凳议事会是什么", None)
    assert cb.more_data("v", 3, "长" * 30) is None  # 90 bytes: must go through the cache
    assert cb.parse(cb.more_data_cached("v", 6, 17)) == cb.More("v", 6, None, 17)
    assert cb.parse(cb.full_data("abcdef1234", 42)) == cb.FullText("abcdef12", 42)
    assert cb.parse("s|红色物业") == cb.Suggest("红色物业")
    for junk in ("", "x", "m|v|notanumber|t问", "f|v|", "m|v|1|", "s|"):
        assert cb.parse(junk) is None


def test_topics_and_sources_split_under_limit():
    articles = [Article(i, f"标题{i}" * 5, "广角", "记者", f"{i % 7:03d}.txt", ("段",))
                for i in range(400)]
    topics = [Topic(f"做法{i}", tuple(range(i % 10))) for i in range(300)]
    for messages in (texts.topics_messages(topics, articles), texts.sources_messages(articles, ())):
        assert len(messages) > 1
        assert all(render.tg_len(m) <= 4096 for m in messages)
        for m in messages:
            plain(m)
