"""Any text parses: nothing is lost or invented, headings point at paragraphs, no crash."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from retrieval.corpus.page_blocks import page_blocks
from retrieval.corpus.page_lines import split_lines
from retrieval.corpus.page_parser import parse_page

# the marks the rules look at, so that random pages exercise them
page_text = st.text(alphabet="“”‘’（）()。，、？！：:◎□●◆★—摄 \n的标题正文村a1", max_size=300)


def text_characters(text: str) -> Counter:
    """Characters of the page's text blocks (what paragraphs are made of)."""
    blocks = page_blocks(split_lines(text))
    return Counter("".join(b.text for b in blocks if b.is_text).replace(" ", ""))


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(page_text, st.text(max_size=300)))
def test_any_page_parses_into_well_formed_drafts(text):
    drafts = parse_page(text)
    for draft in drafts:
        assert draft.paragraphs and all(p.strip() for p in draft.paragraphs)
        firsts = [first for _, first in draft.headings]
        assert firsts == sorted(firsts) and all(0 <= f < len(draft.paragraphs) for f in firsts)
    # spaces aside (two Latin halves are joined with one)
    written = Counter("".join(p for d in drafts for p in d.paragraphs).replace(" ", ""))
    assert written == text_characters(text)  # nothing lost, nothing invented


@pytest.mark.parametrize("text", ["", "\n\n", "标题", "标题\n\n另一个标题", "◎专栏", "□记者 甲",
                                  "(来源：某网)", "——出处", "王五 摄", "正文。", "\x00\ufffd乱码"])
def test_odd_pages_give_no_or_simple_drafts(text):
    for draft in parse_page(text):
        assert draft.paragraphs
