"""Property test of the whole question path with the real knowledge base: arbitrary text →
the bot's question cleaning → retrieval → reply and rendering → Telegram's HTML parser.
(The same with the stub knowledge base, and hostile answers: tests/unit/
test_security_input_properties.py.)"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.question_path import assert_sendable, question_path

from bot import render, texts
from retrieval.answer.knowledge import KnowledgeBase

QUESTIONS = ["板凳议事会是什么", "察哈尔社区有多少党员", "红色物业", "丰镇镇有多少个村",
             "推荐一部好看的电影", "板凳議事會", "三减三优是什么？在哪儿搞的？", "你好",
             "what is 板凳议事会"]
CLASSICS = ["<b>&", "&amp;&lt;", "\u202e\u200f右到左\u202d", "\x00\x01\x1b[31m\x7f",
            "😀" * 3000, "板凳" * 5000, "\ud800", "0", "00 0", "\udfff板凳议事会\ud83d",
            "紅色物業？？？", "<a href='javascript:x'>", "@QaTestBot /ask@OtherBot 板凳议事会"]
any_char = st.characters(codec=None, exclude_categories=())
junk = st.lists(st.one_of(st.text(alphabet=any_char, max_size=4),
                          st.sampled_from(["<", ">", "&", "&amp;", "</b>", "\n", "？", "😀"])),
                max_size=12).map("".join)
hostile_question = st.one_of(
    st.text(max_size=10_000),
    st.text(alphabet=any_char, max_size=2_000),
    st.builds(lambda a, q, b: a + q + b, junk, st.sampled_from(QUESTIONS), junk),
    st.sampled_from(CLASSICS),
)


@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(raw=hostile_question, shown=st.sampled_from([1, 3]))
def test_any_question_renders_to_valid_telegram_html(shared_kb: KnowledgeBase, raw, shown):
    for message in question_path(shared_kb, raw, shown):
        assert_sendable(message)


def test_every_corpus_article_and_command_text_is_sendable(shared_kb: KnowledgeBase):
    for article in shared_kb.articles:
        label = shared_kb.page_label(article.source)
        for message in render.article_messages(article, label):
            assert_sendable(message)
        assert_sendable(render.article_quotation(article, label))
    for message in texts.sources_messages(shared_kb.articles, shared_kb.page_labels,
                                          shared_kb.report.skipped, is_admin=True):
        assert_sendable(message)
