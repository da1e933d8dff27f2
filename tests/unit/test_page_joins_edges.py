"""Sentence joins across a page (retrieval/corpus/page_joins.py): a note whose
attribution line closed it takes no continuation, even when its last sentence is open."""

from __future__ import annotations

from retrieval.corpus.page_parser import parse_page


def test_a_brief_its_attribution_closed_is_not_continued_by_the_text_after_it():
    page = "◎信息\n\n●第一条。（甲）\n\n●第二条消息说到这里\n\n(乙)\n\n后面的正文。"
    drafts = parse_page(page)
    assert [(d.kind, d.paragraphs) for d in drafts] == [
        ("brief", ["第一条。"]), ("brief", ["第二条消息说到这里"]), ("article", ["后面的正文。"])]


def test_a_brief_closed_by_its_source_line_keeps_its_open_sentence():
    page = "◎信息\n\n●近日，社区开展了读书活动\n\n（来源：某网）\n\n居民积极参加。"
    brief, after = parse_page(page)
    assert brief.kind == "brief" and brief.paragraphs == ["近日，社区开展了读书活动"]
    assert after.paragraphs == ["居民积极参加。"]
