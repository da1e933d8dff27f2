"""bot.render's pieces on small inputs: escaping and lengths, clipping, splitting and
packing into messages, fit's scales, bold spans, quotations, citations, buttons, the
answer / more / article texts."""

from __future__ import annotations

import pytest

from bot import render as r
from bot.buttons import Buttons, ButtonStore, Question
from retrieval.models import Answer, AnswerLine, Article, Heading, Passage, TopicInfo


def passage(rank: int = 1, article_id: int = 1, title: str = "标题", sentence: str = "句子。",
            snippet: str = "片段。", evidence: str = "", column: str = "栏目", byline: str = "",
            page: str = "") -> Passage:
    return Passage(rank, 1.0, rank, article_id, title, column, byline, "s.txt", "段落",
                   sentence, snippet, (), (), "", evidence, page)


def test_limits():
    assert (r.MAX_MESSAGE, r.MAX_INLINE_TITLE, r.MAX_INLINE_DESCRIPTION) == (4096, 100, 200)
    assert (r.EVIDENCE_CHARS, r.EXPANDABLE_FROM, r.RELATED_MAX, r.BUTTON_LABEL_CHARS) == (
        110, 200, 2, 24)


def test_escape_and_tg_len():
    assert r.escape("<a & 'b' \"c\">") == "&lt;a &amp; 'b' \"c\"&gt;"
    assert r.tg_len("a问😀") == 4
    assert r.tg_len("") == 0


def test_clean_text():
    assert r.clean_text("a\x00b\tc\nd\x1fe f\x7f") == "ab\tc\nde f\x7f"
    assert r.clean_text("a\ud800b") == "a?b"
    assert r.clean_text("正常") == "正常"


@pytest.mark.parametrize(("text", "visible"), [
    ("", False), (" \n\t", False), ("\u2028\r\u202e", False), ("\x01\x02", False),
    ("\u3000", False), ("a", True), (" 。", True), ("\u200b", True),
])
def test_has_visible(text: str, visible: bool):
    assert r.has_visible(text) is visible


@pytest.mark.parametrize(("text", "limit", "clipped"), [
    ("  abc  ", 3, "abc"), ("abcdef", 4, "abc…"), ("ab cdef", 4, "ab…"), ("abc", 4, "abc"),
    ("x", 0, ""), ("x", -1, ""), ("abcd", 1, "…"),
])
def test_clip(text: str, limit: int, clipped: str):
    assert r.clip(text, limit) == clipped


def test_html_to_plain():
    assert r.html_to_plain("<b>a &amp; b</b> &lt;c&gt;") == "a & b <c>"
    assert r.html_to_plain("<i>" + "x" * 10 + "</i>", 5) == "xxxx…"
    assert r.html_to_plain("xxxxx", 5) == "xxxxx"
    assert r.html_to_plain("😀" * 3, 4) == "😀…"  # a split surrogate pair is dropped
    assert r.html_to_plain("x" * 5000) == "x" * 4095 + "…"


def test_number():
    assert [r.number(n) for n in (1, 2, 20)] == ["①", "②", "⑳"]
    assert [r.number(n) for n in (21, 0, -1)] == ["21.", "0.", "-1."]


@pytest.mark.parametrize(("text", "limit", "pieces"), [
    ("一二三。四五六七八。九十", 6, ["一二三。", "四五六七八。", "九十"]),
    ("一二三四五六七八九十", 4, ["一二三四", "五六七八", "九十"]),
    ("ab。cdefgh", 4, ["ab。", "cdef", "gh"]),
    ("a。bcdefg", 4, ["a。bc", "defg"]),  # a break in the first half is too early to use
    ("ab\ncdefg", 4, ["ab\n", "cdef", "g"]),
    ("a&b&c", 6, ["a&", "b&", "c"]),
    ("abcd", 4, ["abcd"]),
    ("  \n", 6, []),
    ("ab。  ", 3, ["ab。"]),
    ("", 5, []),
])
def test_split_plain(text: str, limit: int, pieces: list[str]):
    assert r.split_plain(text, limit) == pieces


def test_split_plain_default_limit():
    pieces = r.split_plain("字" * 5000)
    assert [len(p) for p in pieces] == [4096, 904]


def test_pack():
    assert r.pack(["a", "", "b"], limit=3, sep="|") == ["a|b"]
    assert r.pack(["a", "b"], limit=2, sep="|") == ["a", "b"]
    assert r.pack(["aa", "b", "c"], limit=3, sep="|") == ["aa", "b|c"]
    assert r.pack(["toolong", "x"], limit=3) == ["toolong", "x"]
    assert r.pack([]) == []
    assert r.pack(["a", "b"]) == ["a\n\nb"]
    assert r.pack(["😀", "😀"], limit=5, sep="|") == ["😀|😀"]
    assert r.pack(["😀", "😀"], limit=4, sep="|") == ["😀", "😀"]


def test_plain_blocks():
    assert r.plain_blocks("a<b", 10) == ["a&lt;b"]
    assert r.plain_blocks("a<b", 6) == ["a&lt;b"]
    assert r.plain_blocks("a<b。c<d", 8) == ["a&lt;b。", "c&lt;d"]


def test_fit_tries_smaller_scales_then_gives_up():
    seen: list[float] = []

    def build(scale: float) -> str:
        seen.append(scale)
        return "x" * 10

    assert r.fit(build, limit=5) == "…"
    assert seen == [1.0, 0.6, 0.35, 0.2, 0.1, 0.04]
    assert r.fit(lambda s: "x" * int(100 * s), limit=35) == "x" * 35
    assert r.fit(lambda s: "x" * int(100 * s), limit=100) == "x" * 100
    assert r.fit(lambda s: "x" * int(100 * s), limit=4) == "x" * 4


def test_budget():
    assert r._budget(300, 1.0) == 300
    assert r._budget(300, 0.5) == 150
    assert r._budget(300, 0.02) == 8


def test_marked():
    assert r.marked("abcdef", [(3, 5), (0, 1)]) == "<b>a</b>bc<b>de</b>f"
    assert r.marked("abcdef", [(0, 3), (2, 4)]) == "<b>abc</b>def"  # overlap: the later goes
    assert r.marked("abc", [(1, 4)]) == "abc"  # past the end
    assert r.marked("abc", [(1, 1), (2, 1)]) == "abc"  # empty or reversed
    assert r.marked("a<b", [(1, 2)]) == "a<b>&lt;</b>b"
    assert r.marked("abc", [(0, 3)]) == "<b>abc</b>"
    assert r.marked("abc", []) == "abc"


def test_quotation():
    assert r.quotation("a<b") == "<blockquote>a&lt;b</blockquote>"
    assert r.quotation("x" * 200) == f"<blockquote>{'x' * 200}</blockquote>"
    assert r.quotation("x" * 201) == f"<blockquote expandable>{'x' * 201}</blockquote>"


def test_citations():
    p = passage(title="题<1>", column="栏", byline="记者 王", page="第2版")
    assert p.citation == "《题<1>》 · 栏 · 记者 王 · 第2版"
    assert r.citation_line(p, 100) == "—— <i>《题&lt;1&gt;》 · 栏 · 记者 王 · 第2版</i>"
    assert r.citation_line(p, 5) == "—— <i>《题&lt;1…</i>"
    assert r.short_citation(p) == "《题<1>》"
    assert r.short_citation(passage(title="", column="栏", page="第2版")) == "栏 · 第2版"


def answer(passages: tuple[Passage, ...] = (), *, line: AnswerLine | None = None,
           topic: TopicInfo | None = None, answered: bool = True, query: str = "问题") -> Answer:
    return Answer(query, answered, passages or (passage(),), answer=line, topic=topic)


def test_topic_note():
    assert r.topic_note(answer()) == ""
    assert r.topic_note(answer(topic=TopicInfo("甲<", "", "conversation"))) == (
        "<i>（关于 甲&lt;）</i>")
    assert r.topic_note(answer(topic=TopicInfo("乙", "已", "near_name"))) == "<i>（按“乙”理解）</i>"
    assert r.topic_note(answer(topic=TopicInfo("丙", "丙", "question"))) == ""
    assert r.topic_note(answer(topic=TopicInfo("名" * 40, "", "conversation"))) == (
        f"<i>（关于 {'名' * 29}…）</i>")


def test_related_other_articles_once_at_most_two():
    ps = (passage(1, 1), passage(2, 1), passage(3, 2), passage(4, 2), passage(5, 3),
          passage(6, 4))
    assert [p.rank for p in r.related(answer(ps))] == [3, 5]
    assert r.related(answer((passage(1, 1),))) == []


def test_answer_markup():
    assert r.answer_markup(r.AnswerButtons()) is None
    m = r.answer_markup(r.AnswerButtons(more="m", wrong="w"))
    assert [[(b.text, b.callback_data) for b in row] for row in m.inline_keyboard] == [
        [("更多结果", "m"), ("👎", "w")]]
    m = r.answer_markup(r.AnswerButtons(full="f", offers=(("长" * 30, "q1"), ("短", "q2"))))
    assert [[(b.text, b.callback_data) for b in row] for row in m.inline_keyboard] == [
        [("全文", "f")], [("长" * 23 + "…", "q1"), ("短", "q2")]]
    m = r.answer_markup(r.AnswerButtons(offers=(("a", "q"),)))
    assert [[b.text for b in row] for row in m.inline_keyboard] == [["a"]]


def test_answer_text_layout():
    main = passage(1, 1, title="题", sentence="主句。", evidence="证据的话。…")
    other = passage(2, 2, title="二", sentence="相关的句子。")
    got = r.answer_text(answer((main, other), line=AnswerLine("答案是三个。", ((3, 5),), 1)),
                        heading="<b>问：</b>x", note="说明")
    assert got == ("<b>问：</b>x\n答案是<b>三个</b>。\n<blockquote>证据的话。</blockquote>\n"
                   "—— <i>《题》 · 栏目</i>\n相关：\n• 相关的句子。 <i>《二》</i>\n<i>说明</i>")
    compact = r.answer_text(answer((main, other)), compact=True)
    assert compact == "主句。\n<blockquote>证据的话。</blockquote>\n—— <i>《题》 · 栏目</i>"
    bare = r.answer_text(answer((passage(sentence="", snippet="片段。"),)))
    assert bare == "片段。\n—— <i>《标题》 · 栏目</i>"
    noted = r.answer_text(answer(topic=TopicInfo("甲", "", "conversation")))
    assert noted == "<i>（关于 甲）</i>\n句子。\n—— <i>《标题》 · 栏目</i>"


def test_answer_text_cuts_a_long_line_and_keeps_spans_inside():
    line = "字" * 290 + "答案" + "字" * 20
    got = r.answer_text(answer(line=AnswerLine(line, ((290, 292), (0, 2)), 1)))
    first = got.split("\n")[0]
    assert first == "<b>字字</b>" + "字" * 288 + "<b>答案</b>" + "字" * 7 + "…"
    got = r.answer_text(answer(line=AnswerLine(line, ((305, 312),), 1)))
    assert "<b>" not in got.split("\n")[0]


def test_multi_answer_text():
    yes = answer(line=AnswerLine("答是甲。", ((2, 3),), 1), query="问一")
    no = answer(answered=False, query="问<二>")
    got = r.multi_answer_text([yes, no], "没讲到", note="提示")
    assert got == ("① <b>问一</b>\n答是<b>甲</b>。\n—— <i>《标题》 · 栏目</i>\n\n"
                   "② <b>问&lt;二&gt;</b>\n没讲到\n\n<i>提示</i>")
    near = answer(topic=TopicInfo("乙", "已", "near_name"), query="问")
    assert r.multi_answer_text([near], "无") == (
        "① <b>问</b>\n<i>（按“乙”理解）</i>\n句子。\n—— <i>《标题》 · 栏目</i>")


def test_more_text():
    ps = (passage(1, snippet="一<"), passage(2, snippet="二"))
    assert r.more_text(answer(ps), 3) == (
        "<b>更多结果（第 4–5 条）</b>\n\n④ 一&lt;\n—— <i>《标题》 · 栏目</i>\n\n"
        "⑤ 二\n—— <i>《标题》 · 栏目</i>")
    assert r.more_text(answer((passage(snippet="一"),)), 0).split("\n")[0] == (
        "<b>更多结果（第 1 条）</b>")


def test_inline_pieces():
    assert r.question_heading("a<b") == "<b>问：</b>a&lt;b"
    a = answer((passage(1, sentence="第一句"), passage(2, sentence="", title="")),
               line=AnswerLine("答案行", (), 1))
    assert r.inline_title(a, a.passages[0]) == "答案行"
    assert r.inline_title(a, a.passages[1]) == "相关内容"
    assert r.inline_title(answer(), passage(1, sentence="句")) == "句"
    assert r.inline_title(answer(), passage(1, sentence="", title="题")) == "题"
    assert r.inline_description(passage(title="", column="a\nb")) == "a b"
    assert len(r.inline_title(answer(), passage(1, sentence="长" * 150))) == 100


def test_ask_buttons_and_markup():
    bt = Buttons(ButtonStore())
    rows = r.ask_buttons(bt, [("甲", "问甲"), ("乙", "问乙"), ("丙" * 30, "问丙")])
    assert [[(b.text, b.callback_data) for b in row] for row in rows] == [
        [("甲", "q|t问甲"), ("乙", "q|t问乙")], [("丙" * 23 + "…", "q|t问丙")]]
    assert len(r.ask_buttons(bt, [("a", "a")] * 3, per_row=3)) == 1
    assert bt.parse(rows[0][0].callback_data).question == Question("问甲")
    assert r.markup([[], []]) is None
    m = r.markup([[], rows[1]])
    assert len(m.inline_keyboard) == 1


def test_article_messages():
    art = Article(1, "题<", "栏", "记者", "s.txt", ("一段。", "  ", "二段。"), "article",
                  (Heading("小标题", 2), Heading(" ", 0)))
    assert r.article_messages(art, "第1版") == [
        "<b>题&lt;</b>\n<i>栏 · 记者 · 第1版</i>\n\n一段。\n\n<b>小标题</b>\n\n二段。"]
    bare = Article(1, " ", "", "", "s.txt", ("a" * 30, "b" * 30), "article")
    assert r.article_messages(bare, limit=40) == ["<b>（无标题）</b>", "a" * 30, "b" * 30]


def test_article_quotation():
    art = Article(1, "", "栏", "", "s.txt", ("一段。", " ", "二段&。"), "article")
    assert r.article_quotation(art, "第1版") == (
        "<b>《无标题》</b>\n<i>栏 · 第1版</i>\n<blockquote expandable>一段。\n二段&amp;。"
        "</blockquote>")
    long = Article(1, "题", "", "", "s.txt", ("字" * 500,), "article")
    got = r.article_quotation(long, limit=300)
    assert r.tg_len(got) <= 300
    room = int((300 - r.tg_len("<b>《题》</b>") - 60) * 1.0)
    assert got == f"<b>《题》</b>\n<blockquote expandable>{'字' * (room - 1)}…</blockquote>"
