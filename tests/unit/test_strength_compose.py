"""retrieval.answer.compose's text helpers on hand-made sentences: the growing window, the
snippet around a sentence and the chosen sentence's offset in it, clauses, highlight
terms, and cutting a long line to the clauses around its anchor.

PYTEST_DONT_REWRITE: plain asserts, so that collecting this file stays cheap (the unit
layer's time budget); a failure still shows the failing line.
"""

from __future__ import annotations

from types import SimpleNamespace

from retrieval.answer import compose


def _grow_window_case(sizes, index, limit, window):
    pieces = ["x" * n for n in sizes]
    assert compose.grow_window(pieces, index, limit) == window


def test_grow_window():
    for sizes, index, limit, window in [
        ([3, 3, 3], 1, 3, (1, 2)),
        ([3, 3, 3], 1, 6, (1, 3)),  # the next one first
        ([3, 3, 3], 1, 9, (0, 3)),
        ([3, 3, 3], 1, 8, (1, 3)),
        ([3, 3, 3], 0, 9, (0, 3)),
        ([3, 3, 3], 2, 6, (1, 3)),
        ([1, 5, 1, 1], 2, 3, (2, 4)),
        ([1, 5, 1, 1], 3, 3, (2, 4)),
        ([2, 2, 2, 2, 2], 2, 7, (1, 4)),
        ([9], 0, 3, (0, 1)),
    ]:
        _grow_window_case(sizes, index, limit, window)


def test_snippet_around_marks_cuts_and_gives_the_offset():
    sentences = ["第一句。", "第二句。", "第三句。", "第四句。"]
    assert compose.snippet_around(sentences, 1, 8) == ("…第二句。第三句。…", 1)
    assert compose.snippet_around(sentences, 1, 12) == ("第一句。第二句。第三句。…", 4)
    assert compose.snippet_around(sentences, 3, 8) == ("…第三句。第四句。", 5)
    assert compose.snippet_around(sentences, 0, 100) == ("第一句。第二句。第三句。第四句。", 0)
    assert compose.snippet_around([], 0, 10) == ("", 0)


def test_a_sentence_longer_than_the_limit_is_cut():
    assert compose.snippet_around(["一二三四五六", "七。"], 0, 4) == ("一二三四…", 0)
    assert compose.snippet_around(["  一二三 四五 ", "七。"], 0, 4) == ("一二三…", 0)


def test_the_offset_counts_stripped_space():
    sentences = ["  第一句。", "第二句。"]
    text, at = compose.snippet_around(sentences, 1, 20)
    assert text == "第一句。第二句。" and text[at:].startswith("第二句")
    text, at = compose.snippet_around([" 甲。", " 乙。", "丙。"], 2, 6)
    assert text[at:].startswith("丙") and text.startswith("…")


def test_clauses():
    assert compose.clauses("甲，乙；丙：丁") == ["甲，", "乙；", "丙：", "丁"]
    assert compose.clauses("") == []
    assert compose.clauses("一句话。") == ["一句话。"]


def test_highlight_terms_longest_first_without_single_characters():
    query = SimpleNamespace(
        terms=[
            SimpleNamespace(text="苹果", alternatives=("果子",)),
            SimpleNamespace(text="分", alternatives=()),
            SimpleNamespace(text="红山村", alternatives=("红山",)),
            SimpleNamespace(text="梨", alternatives=("梨子", "雪梨")),
        ]
    )
    found = compose.highlight_terms(query, "红山村的苹果和果子分了")
    assert found[0] == "红山村" and set(found) == {"红山村", "苹果", "果子", "红山"}
    assert [len(w) for w in found] == sorted((len(w) for w in found), reverse=True)
    assert compose.highlight_terms(query, "雪梨") == ("雪梨",)
    assert compose.highlight_terms(query, "") == ()


def test_a_short_sentence_is_not_cut():
    assert compose._cut("短句，没有超长。", 3, 80) == ("短句，没有超长。", 0)
    text = "字" * 80
    assert compose._cut(text, 10, 80) == (text, 0)


def test_a_long_sentence_keeps_the_clauses_around_the_anchor():
    parts = ["甲" * 30 + "，", "乙" * 30 + "，", "丙" * 30 + "，", "丁" * 30 + "。"]
    sentence = "".join(parts)
    text, offset = compose._cut(sentence, 70, 80)  # inside 丙
    assert text == parts[2] + parts[3]  # the next clause first; the sentence's end
    assert offset == 62
    text, offset = compose._cut(sentence, 5, 80)
    assert text == parts[0] + parts[1].rstrip("，") + "…" and offset == 0
    text, offset = compose._cut(sentence, 35, 62)
    assert text == parts[1] + parts[2].rstrip("，") + "…" and offset == 31


def test_one_clause_longer_than_a_line_is_cut_around_the_anchor():
    sentence = "".join(str(i % 10) for i in range(200)) + "。"
    text, offset = compose._cut(sentence, 100, 80)
    assert offset == 90 and text == sentence[90:170]  # ten characters before the anchor
    text, offset = compose._cut(sentence, 5, 80)
    assert offset == 0 and text == sentence[:80]
    text, offset = compose._cut(sentence, 195, 80)
    assert offset == 201 - 80 and text == sentence[121:201].rstrip("，；：,;: ")


def test_max_line_chars():
    assert compose.MAX_LINE_CHARS == 80
