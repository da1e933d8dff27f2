"""Pure rendering: the answer layout, escaping and marking, the 4096 limit, splitting,
valid Telegram HTML (checked by the port of tdlib's parser in support.telegram_rules)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from support.telegram_rules import MAX_TEXT_UTF16, format_text

from bot import render, texts
from bot.buttons import Buttons, fits
from bot.conversation import Layout, reply_for
from bot.knowledge_holder import KbSummary, ReloadResult
from bot.stats import Stats
from retrieval.models import Answer, AnswerLine, Article, Heading, Passage, SkippedFile, TopicInfo


def shown(html_text: str) -> str:
    """What Telegram shows for our HTML; fails as Telegram would refuse it."""
    assert render.tg_len(html_text) <= MAX_TEXT_UTF16
    text, _ = format_text(html_text, "HTML")
    return text


def passage(rank=1, article_id=0, sentence="板凳议事会让居民议事。", **kw) -> Passage:
    base = dict(
        rank=rank, score=1.0, paragraph_id=rank, article_id=article_id, title="标题",
        column="广角", byline="本报记者 宋爽", source="000_2668ce89a97b4a1b.txt",
        paragraph=sentence, sentence=sentence, snippet=sentence, highlights=("板凳议事会",),
        evidence="居民围坐在板凳上议事。", page="党建版 第1页",
    )
    base.update(kw)
    return Passage(**base)


def answered(*passages: Passage, line: str = "板凳议事会让居民议事。",
             spans=((0, 5),), topic: TopicInfo | None = None) -> Answer:
    return Answer("板凳议事会是什么", True, passages, terms=("板凳议事会",),
                  intent="definition", answer=AnswerLine(line, spans, 1),
                  topic=topic or TopicInfo("板凳议事会", "板凳议事会"))


class Offers:
    version = "abcdef123456"

    def offers(self, topic, skip=(), n=2):
        return [("在哪儿搞的", f"{topic}在哪儿搞的")][:n]

    def example_questions(self, n=3):
        return ("板凳议事会是什么", "红色物业在哪儿", "三减三优有什么效果")[:n]

    def suggestions(self, n=5):
        return ("板凳议事会", "红色物业")[:n]


def test_marked_bolds_the_spans_and_escapes_everything():
    assert render.marked("<板凳议事会> & 议事", [(1, 6)]) == "&lt;<b>板凳议事会</b>&gt; &amp; 议事"
    assert render.marked("abc", [(2, 9), (1, 1)]) == "abc"  # bad spans are ignored
    assert render.escape('"引号" & <b>') == '"引号" &amp; &lt;b&gt;'


def test_answer_layout_line_evidence_citation_related():
    answer = answered(passage(1, 0), passage(2, 0, "同一篇。"), passage(3, 5, "另一篇的一句。",
                                                                     title="另一篇"),
                      passage(4, 6, "第三篇。", title="第三篇"), passage(5, 7, "第四篇。"))
    html_text = render.answer_text(answer)
    lines = shown(html_text).split("\n")
    assert lines[0] == "板凳议事会让居民议事。"
    assert html_text.startswith("<b>板凳议事会</b>让居民议事。\n<blockquote>")
    assert lines[1] == "居民围坐在板凳上议事。"  # the evidence, never the answer line again
    assert lines[2] == "—— 《标题》 · 广角 · 本报记者 宋爽 · 党建版 第1页"
    assert lines[3:] == ["相关：", "• 另一篇的一句。 《另一篇》", "• 第三篇。 《第三篇》"]  # two
    compact = shown(render.answer_text(answer, compact=True)).split("\n")
    assert compact == lines[:3]


def test_citations_name_the_page_never_the_file():
    assert passage().citation == "《标题》 · 广角 · 本报记者 宋爽 · 党建版 第1页"
    bare = passage(title="", column="", byline="", page="")
    assert bare.citation == "" and "000_" not in render.citation_line(bare, 100)


def test_topic_notes_say_what_a_follow_up_or_a_near_name_was_taken_for():
    follow = answered(passage(), topic=TopicInfo("红色物业", "", "conversation"))
    assert shown(render.answer_text(follow)).startswith("（关于 红色物业）\n板凳议事会")
    near = answered(passage(), topic=TopicInfo("板凳议事会", "板登议事会", "near_name"))
    assert shown(render.answer_text(near)).startswith("（按“板凳议事会”理解）\n")


def test_reply_buttons_more_full_wrong_and_offers():
    buttons = Buttons()
    answer = answered(*(passage(i, i) for i in range(1, 5)))
    reply = reply_for([answer], Offers(), buttons, Layout(compact=False, shown=3))
    rows = [[(b.text, b.callback_data) for b in row] for row in reply.markup.inline_keyboard]
    assert [t for t, _ in rows[0]] == ["更多结果", "全文", "👎"]
    assert rows[0][0][1] == "m|abcdef12|3|t板凳议事会是什么"
    assert rows[0][1][1] == "f|abcdef12|1" and rows[0][2][1].startswith("w|abcdef12|1|")
    assert rows[1] == [("在哪儿搞的", "q|t板凳议事会在哪儿搞的")]
    assert reply.turn.topic == "板凳议事会" and reply.answered
    # Four passages for three shown: the fourth only tells that 更多结果 has something.
    assert "④" not in reply.text and shown(reply.text).count("——") == 1
    one_page = reply_for([answered(passage(1, 1))], Offers(), buttons,
                         Layout(compact=True, shown=1))
    assert [b.text for b in one_page.markup.inline_keyboard[0]] == ["全文", "👎"]
    inline = reply_for([answer], Offers(), buttons,
                       Layout(compact=True, shown=1, heading=render.question_heading("问")))
    assert [[b.text for b in row] for row in inline.markup.inline_keyboard] == [["全文"]]


def test_not_found_is_one_line_with_question_buttons():
    buttons = Buttons()
    missing = Answer("推荐一部电影", False, (), suggestions=("板凳议事会", "红色物业"))
    reply = reply_for([missing], Offers(), buttons, Layout(compact=False, shown=3,
                                                          note="问题太长"))
    assert shown(reply.text) == f"{texts.NOT_COVERED}\n{texts.TRY_THESE}\n问题太长"
    assert [(b.text, buttons.parse(b.callback_data).question.text)
            for row in reply.markup.inline_keyboard for b in row] == [
        ("板凳议事会", "板凳议事会是什么"), ("红色物业", "红色物业是什么")]
    near = Answer("板登议事会在哪", False, (), did_you_mean=("板凳议事会",))
    assert texts.DID_YOU_MEAN in reply_for([near], Offers(), buttons,
                                           Layout(False, 3)).text
    assert not reply.answered and reply.turn is None


def test_several_questions_are_numbered_with_one_full_text_button_per_article():
    buttons = Buttons()
    first = answered(passage(1, 3))
    second = Answer("在哪儿搞的", True, (passage(1, 4, "在赤峰。"),),
                    answer=AnswerLine("在赤峰。", ((1, 3),), 1),
                    topic=TopicInfo("板凳议事会", "", "conversation"))
    missing = Answer("电影呢", False, ())
    reply = reply_for([first, second, missing], Offers(), buttons, Layout(False, 3))
    text = shown(reply.text)
    assert text.startswith("① 板凳议事会是什么\n板凳议事会让居民议事。\n—— 《标题》")
    assert "② 在哪儿搞的\n（关于 板凳议事会）\n在赤峰。" in text
    assert text.endswith(f"③ 电影呢\n{texts.NOT_COVERED_PART}")
    assert [b.text for b in reply.markup.inline_keyboard[0]] == ["全文①", "全文②"]


def test_more_results_are_numbered_on():
    page = Answer("q", True, (passage(4, 1, "第四。"), passage(5, 2, "第五。")))
    text = shown(render.more_text(page, 3))
    assert text.startswith("更多结果（第 4–5 条）\n\n④ 第四。\n—— 《标题》")
    assert "⑤ 第五。" in text
    assert shown(render.more_text(Answer("q", True, (passage(7),)), 6)).startswith(
        "更多结果（第 7 条）")


def test_hostile_long_text_fits_and_stays_valid():
    nasty = "&<>" * 3000
    answer = answered(passage(1, 0, nasty, title=nasty, evidence=nasty),
                      passage(2, 1, nasty, title=nasty), line=nasty, spans=((0, 9000),))
    for html_text in (render.answer_text(answer, note=nasty),
                      render.answer_text(answer, heading=render.question_heading(nasty)),
                      render.multi_answer_text([answer, answer], nasty, note=nasty),
                      render.more_text(answer, 0)):
        shown(html_text)
    missing = Answer(nasty, False, (), suggestions=(nasty,) * 4)
    heading = render.question_heading(nasty)  # the bot's own notes are short; this is not
    shown(reply_for([missing], Offers(), Buttons(), Layout(False, 3, heading=heading)).text)


hostile = st.text(max_size=3000).map(render.clean_text)


@settings(max_examples=60, deadline=None)
@given(text=hostile, note=hostile, start=st.integers(0, 50), length=st.integers(0, 50))
def test_any_text_renders_valid_and_short(text, note, start, length):
    p = passage(1, 0, text, title=text, column=text, byline=text, evidence=text, page=text)
    answer = answered(p, passage(2, 1, text, title=text), line=text,
                      spans=((start, start + length),))
    shown(render.answer_text(answer, note=note))
    shown(render.answer_text(answer, compact=True, heading=render.question_heading(note)))
    missing = Answer(text, False, (), suggestions=(text, note))
    layout = Layout(False, 3, note=texts.question_cut(500), heading=render.question_heading(note))
    reply = reply_for([missing], Offers(), Buttons(), layout)
    shown(reply.text)
    assert all(fits(b.callback_data) for row in reply.markup.inline_keyboard for b in row)


def test_articles_split_between_paragraphs_within_the_limit():
    long_paragraph = "很长的一段话，包含&符号。" * 600  # ~7,800 chars, escaped even longer
    paragraphs = ("第一段。", long_paragraph, "最后一段。")
    article = Article(0, "长文", "广角", "记者", "x.txt", paragraphs,
                      headings=(Heading("小标题", 2),))
    messages = render.article_messages(article, "党建版 第1页")
    assert len(messages) >= 3
    joined = "".join(shown(m) for m in messages)
    assert joined.count("很长的一段话") == 600
    assert shown(messages[0]).startswith("长文\n广角 · 记者 · 党建版 第1页\n\n第一段。")
    assert "<b>小标题</b>" in messages[-1] and shown(messages[-1]).endswith("最后一段。")
    untitled = Article(1, " \u202e", "", "", "y.txt", ("正文。", "   "))
    assert [shown(m) for m in render.article_messages(untitled)] == ["（无标题）\n\n正文。"]


def test_a_group_gets_the_article_as_one_collapsed_quotation():
    article = Article(0, "长文", "广角", "记者", "x.txt", ("很长的一段话&。" * 900,))
    quoted = render.article_quotation(article, "党建版 第1页")
    assert "<blockquote expandable>" in quoted and shown(quoted).startswith("《长文》\n广角")


def test_split_plain_prefers_sentence_ends():
    pieces = render.split_plain("一二三。四五六。七八九", limit=6)
    assert pieces == ["一二三。", "四五六。", "七八九"]
    assert render.split_plain("&&&&", limit=10) == ["&&", "&&"]  # counted escaped


def test_inline_titles_and_descriptions():
    answer = answered(passage(1, 0), passage(2, 1, "第二句。", title="另一篇"))
    assert render.inline_title(answer, answer.passages[0]) == "板凳议事会让居民议事。"
    assert render.inline_title(answer, answer.passages[1]) == "第二句。"
    assert render.inline_description(answer.passages[1]) == "《另一篇》"


def test_html_to_plain_is_what_telegram_would_show():
    html_text = "<b>板凳</b> &lt;b&gt;&amp; <i>《标题》</i>"
    assert render.html_to_plain(html_text) == "板凳 <b>& 《标题》"
    plain = render.html_to_plain("<b>" + "😀" * 3000 + "</b>")  # 6000 UTF-16 units
    assert render.tg_len(plain) <= 4096 and plain.endswith("…")


def test_sources_stats_and_reload_reports_stay_within_one_message_each():
    articles = [Article(i, f"标题&{i}" * 5, "广角", "记者", f"{i % 7:03d}.txt", ("段",))
                for i in range(400)]
    labels = {f"{i:03d}.txt": f"党建版 第{i + 1}页" for i in range(6)}
    skipped = [SkippedFile(f"坏&文件{i}.txt" * 5, "not UTF-8 <text>" * 20) for i in range(50)]
    messages = texts.sources_messages(articles, labels, skipped, is_admin=True)
    assert len(messages) > 1
    joined = "".join(shown(m) for m in messages)
    assert "党建版 第1页" in joined and "管理员添加 7" in joined and "跳过的文件（50 个）" in joined
    assert "跳过的文件" not in "".join(texts.sources_messages(articles, labels, skipped))

    stats = Stats(recent_unanswered=20)
    for _ in range(30):
        stats.record("&<问题>" * 100, answered=False, total_ms=1.0, search_ms=0.5)
        stats.record_wrong("&<答错>" * 100)
    summary = KbSummary("v" * 40, 400, 4000)
    failed = ReloadResult(False, summary, None, seconds=1.5, error="<OSError> &" * 300)
    shown(texts.stats_text(stats.snapshot(), summary, failed))
    shown(texts.reload_text(failed))
    ok = ReloadResult(True, summary, summary, skipped=tuple(skipped), seconds=0.5)
    shown(texts.reload_text(ok))
    shown(texts.upload_saved("a.txt", ["&<标题>" * 50] * 40, ok))
