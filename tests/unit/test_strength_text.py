"""retrieval.text.punctuation, sentences and normalize on small strings: sentence ends,
quotation balance, sentence splitting, spans mapped back through normalisation and
merged, and the normal form itself.

PYTEST_DONT_REWRITE: plain asserts, so that collecting this file stays cheap (the unit
layer's time budget); a failure still shows the failing line.
"""

from __future__ import annotations

from retrieval.text import punctuation as p
from retrieval.text.normalize import normalize, to_simplified
from retrieval.text.sentences import find_spans, merge_spans, split_sentences


def _ends_sentence_case(text, ends):
    assert p.ends_sentence(text) is ends


def test_ends_sentence():
    for text, ends in [
        ("好。", True),
        ("好！", True),
        ("好?", True),
        ("好…", True),
        ("好；", True),
        ("好。”", True),
        ("好。”）  ", True),
        ("好，", False),
        ("好", False),
        ("", False),
        ("”", False),
        ("   ", False),
        ("他说“好”", False),
    ]:
        _ends_sentence_case(text, ends)


def _quote_balance_case(text, balance):
    assert tuple(vars(p.quote_balance(text)).values()) == balance


def test_quote_balance():
    for text, balance in [
        ("", (0, 0, -1)),
        ("他说“好”", (0, 0, -1)),
        ("他说“好", (1, 0, -1)),
        ("好”他说", (0, 1, 1)),
        ("甲）乙”丙", (0, 2, 1)),
        ("（“甲）", (0, 0, -1)),  # a lost inner mark is forgiven
        ("“甲（乙”", (0, 0, -1)),
        ("《书》和《报", (1, 0, -1)),
        ("『甲』」", (0, 1, 3)),
        ('"甲"', (0, 0, -1)),  # straight quotes tell nothing
        ("(a)(b", (1, 0, -1)),
    ]:
        _quote_balance_case(text, balance)


def test_first_sentence_end():
    assert p.first_sentence_end("甲，乙。丙！") == 3
    assert p.first_sentence_end("没有") == 2
    assert p.first_sentence_end("") == 0
    assert p.first_sentence_end("?") == 0


def test_the_sentence_pattern_keeps_closing_quotes():
    assert split_sentences("他说：“好。”我们走吧！还有…… 最后") == [
        "他说：“好。”",
        "我们走吧！",
        "还有……",
        " 最后",
    ]
    assert split_sentences("") == []
    assert split_sentences("   ") == []
    assert split_sentences("一。。二？！") == ["一。。", "二？！"]


def test_clause_and_question_break_patterns():
    assert p.CLAUSE.findall("甲，乙；丙") == ["甲，", "乙；", "丙", ""]
    assert p.QUESTION_BREAK.split("在哪？几个;谁\n何时") == ["在哪", "几个", "谁", "何时"]
    assert p.CLAUSE_MARK.search("标题：副题") and not p.CLAUSE_MARK.search("标题 副题")


def test_find_spans_maps_normalised_terms_back():
    assert find_spans("红色物業在北湖", ["物业"]) == [(2, 4)]
    assert find_spans("ＡＢＣ公司", ["abc"]) == [(0, 3)]
    assert find_spans("苹果和苹果", ["苹果"]) == [(0, 2), (3, 5)]
    assert find_spans("红山村", ["红山", "山村"]) == [(0, 3)]
    assert find_spans("红山村", ["红山村", "山"]) == [(0, 3)]
    assert find_spans("", ["a"]) == [] and find_spans("abc", []) == []
    assert find_spans("abc", [""]) == []
    assert find_spans("aaaa", ["aa"]) == [(0, 4)]
    # NFKC turns one character into several: the span covers the original one
    assert find_spans("㎡面积", ["m2"]) == [(0, 1)]
    assert find_spans("10㎡", ["㎡"]) == []


def test_merge_spans():
    assert merge_spans([(5, 7), (0, 2), (2, 3), (6, 9), (12, 13)]) == [(0, 3), (5, 9), (12, 13)]
    assert merge_spans([(0, 10), (2, 3)]) == [(0, 10)]
    assert merge_spans([]) == []
    assert merge_spans([(1, 2), (3, 4)]) == [(1, 2), (3, 4)]


def test_normalize():
    assert normalize("ＡＢＣ１２３，紅色物業") == "abc123,红色物业"
    assert normalize("Hello") == "hello"
    assert normalize("噶查里的噶查") == "嘎查里的嘎查"
    assert normalize("") == ""
    assert to_simplified("國家") == "国家"
    assert to_simplified("abc") == "abc"
