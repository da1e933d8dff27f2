"""Paragraphs from PDF lines (retrieval/corpus/formats/layout.py) at the edge of the
short-line rule: a line ending exactly SHORT_EM em before its column's edge ends its
paragraph."""

from __future__ import annotations

from retrieval.corpus.formats import layout


def _line(text: str, x1: float, top: float, size: float = 10.0) -> layout.Line:
    return layout.Line(text, 0.0, top, x1, top + size, size)


def test_a_line_exactly_short_em_short_of_the_edge_ends_its_paragraph():
    size = 10.0
    right = 200.0
    short_end = right - layout.SHORT_EM * size  # 188: exactly 1.2 em short
    run = [_line("第一行文字很长很长，还没有", right, 100),
           _line("写完的一段话结束了。", short_end, 114),
           _line("下一段开头的文字很长，接着", right, 128),
           _line("写下去。", 40, 142)]
    assert layout.paragraphs([run], size) == ["第一行文字很长很长，还没有写完的一段话结束了。",
                                              "下一段开头的文字很长，接着写下去。"]
    # a line a little longer runs on into the next
    run[1] = _line("写完的一段话结束了。", short_end + 1, 114)
    assert len(layout.paragraphs([run], size)) == 1
