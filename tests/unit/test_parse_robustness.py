"""Any text parses: nothing is lost or invented, headings point at paragraphs, no crash."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from retrieval.corpus.page_blocks import page_blocks
from retrieval.corpus.page_lines import split_lines
from retrieval.corpus.page_parser import parse_page

ROOT = Path(__file__).resolve().parents[2]
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


def test_five_pages_parse_well_under_100_ms():
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus").glob("*.txt"))]
    best = min(_timed(lambda: [parse_page(t) for t in texts]) for _ in range(5))
    assert best < 0.1, f"{best * 1000:.0f} ms"


def test_a_huge_page_of_broken_lines_stays_linear():
    page = "\n\n".join(f"□记者{i}\n\n正文{i}，“未完\n\n小标题{i}\n\n”接着写。" for i in range(2000))
    assert _timed(lambda: parse_page(page)) < 5


def _timed(work) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start
