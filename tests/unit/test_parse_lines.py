"""Stage 1: lines, with the blank space above each."""

from retrieval.corpus.page_lines import split_lines


def test_lines_are_stripped_and_count_the_blank_lines_above():
    lines = split_lines("\n\n  标题  \n第二行\n\n\n\n正文。\n")
    assert [(line.number, line.text, line.gap) for line in lines] == [
        (3, "标题", 2), (4, "第二行", 0), (8, "正文。", 3)]


def test_nothing_but_blank_lines_is_no_line():
    assert split_lines("") == [] and split_lines(" \n\u3000\n\t") == []
