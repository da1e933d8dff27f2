"""retrieval.corpus.formats.layout, helper by helper on hand-placed glyphs and lines:
lines from glyphs (rows, gutters, spaces), OCR fragments, covered spans and gaps,
columns, strips, groups, the paragraph rules at their thresholds, body size, leading
and the page text.

PYTEST_DONT_REWRITE: plain asserts, so that collecting this file stays cheap (the unit
layer's time budget); a failure still shows the failing line.
"""

from __future__ import annotations

from retrieval.corpus.formats import layout
from retrieval.corpus.formats.layout import Glyph, Line


def glyph(text: str, x0: float, top: float = 0.0, size: float = 10.0, width: float = 10.0) -> Glyph:
    return Glyph(text, x0, top, x0 + width, top + size, size)


def line(text: str, x0: float, x1: float, top: float, size: float = 10.0) -> Line:
    return Line(text, x0, top, x1, top + size, size)


# ---------------------------------------------------------------- glyphs -> lines


def test_glyphs_on_a_row_form_one_line_left_to_right():
    glyphs = [glyph("乙", 10), glyph("甲", 0), glyph("丙", 20)]
    (only,) = layout.build_lines(glyphs)
    assert only == Line("甲乙丙", 0, 0, 30, 10, 10)
    assert only.middle == 5.0


def test_a_gap_wider_than_the_gutter_splits_a_row():
    size = 10.0
    gutter = layout.GUTTER_EM * size
    at_gutter = [glyph("甲", 0), glyph("乙", 10 + gutter)]
    assert [x.text for x in layout.build_lines(at_gutter)] == ["甲 乙"]  # a space, one line
    beyond = [glyph("甲", 0), glyph("乙", 10 + gutter + 0.5)]
    assert [(x.text, x.x0) for x in layout.build_lines(beyond)] == [("甲", 0), ("乙", 20.5)]


def test_rows_are_told_apart_by_the_glyph_middle_and_the_type_size():
    # 乙's middle (9.9) is inside 甲's box: the same row; 丙's (10.1) is not
    rows = layout.build_lines([glyph("甲", 0, 0), glyph("乙", 10, 4.9), glyph("丙", 40, 5.1)])
    assert [x.text for x in rows] == ["甲乙", "丙"]
    edge = layout.build_lines([glyph("甲", 0, 0), glyph("乙", 10, 5.0)])
    assert [x.text for x in edge] == ["甲乙"]
    edge = layout.build_lines([glyph("甲", 0, 0), glyph("乙", 10, -5.0)])
    assert [x.text for x in edge] == ["乙甲"] or len(edge) == 1
    # much smaller type on the same band is another row
    small = layout.build_lines([glyph("甲", 0, 0, 10), Glyph("注", 10, 3, 16, 7, 6.9)])
    assert sorted(x.text for x in small) == ["注", "甲"]
    similar = layout.build_lines([glyph("甲", 0, 0, 10), Glyph("注", 10, 3, 18, 7, 7.1)])
    assert [x.text for x in similar] == ["甲注"]


def test_a_row_of_spaces_makes_no_line():
    assert layout.build_lines([glyph(" ", 0), glyph(" ", 10)]) == []
    assert layout.build_lines([]) == []


def test_line_spaces_from_gaps_and_space_glyphs():
    size = 10.0
    space = layout.SPACE_EM * size
    at = layout._line([glyph("李", 0), glyph("摄", 10 + space)])
    assert at is not None and at.text == "李摄"
    beyond = layout._line([glyph("李", 0), glyph("摄", 10 + space + 0.1)])
    assert beyond is not None and beyond.text == "李 摄"
    with_glyph = layout._line([glyph("李", 0), glyph(" ", 9.5, width=0.5), glyph("摄", 10)])
    assert with_glyph is not None and with_glyph.text == "李 摄"
    assert layout._line([glyph(" ", 0)]) is None
    spaced = layout._line([glyph(" ", 0), glyph("甲", 5), glyph("乙", 60), glyph(" ", 80)])
    assert spaced is not None and spaced.text == "甲 乙"
    assert (spaced.x0, spaced.x1) == (5, 70)


def test_a_lines_box_and_size_are_its_inked_glyphs():
    glyphs = [
        Glyph("甲", 5, 2, 15, 12, 10),
        Glyph("乙", 15, 1, 27, 13, 12),
        Glyph("丙", 27, 3, 35, 11, 8),
        Glyph(" ", 0, -9, 99, 99, 50),
    ]
    made = layout._line(glyphs)
    assert made == Line("甲乙丙", 5, 1, 35, 13, 10)


def test_space_between_needs_a_blank_glyph_strictly_between():
    a, b = glyph("甲", 0), glyph("乙", 20)
    assert layout._space_between([a, glyph(" ", 10), b], a, b)
    assert not layout._space_between([a, glyph("丙", 10), b], a, b)
    assert not layout._space_between([a, glyph(" ", 0), b], a, b)
    assert not layout._space_between([a, glyph(" ", 20), b], a, b)


# ---------------------------------------------------------------- OCR fragments


def test_fragments_on_one_baseline_join_with_a_space():
    parts = [line("后半", 125, 150, 0), line("前半", 100, 120, 1)]
    (joined,) = layout.join_fragments(parts)
    assert joined == Line("前半 后半", 100, 0, 150, 11, 10)


def test_fragments_join_up_to_max_gap_em_and_overlapping_ones_too():
    assert len(layout.join_fragments([line("甲", 0, 20, 0), line("乙", 30, 50, 0)])) == 1
    assert len(layout.join_fragments([line("甲", 0, 20, 0), line("乙", 30.5, 50, 0)])) == 2
    assert (
        len(layout.join_fragments([line("甲", 0, 20, 0), line("乙", 35, 50, 0)], max_gap_em=1.5))
        == 1
    )
    # an overlap up to one em still joins
    assert [
        x.text for x in layout.join_fragments([line("甲", 0, 20, 0), line("乙", 10, 50, 0)])
    ] == ["甲 乙"]
    # lines on different baselines stay apart
    assert len(layout.join_fragments([line("甲", 0, 20, 0), line("乙", 25, 50, 20)])) == 2
    assert len(layout.join_fragments([line("甲", 0, 20, 0), line("乙", 25, 50, 6)])) == 2


def test_a_small_speck_over_a_line_is_dropped():
    big = line("正文", 0, 100, 0, 10)
    speck = Line("◎", 50, 3, 55, 8, 5)
    assert layout.join_fragments([big, speck]) == [big]
    assert layout.join_fragments([speck, Line("正文", 40, 0, 140, 10, 10)]) == [
        Line("正文", 40, 0, 140, 10, 10)
    ]
    near = Line("字", 50, 2, 57, 9, 7)  # 0.7 of the size: not a speck, kept
    assert layout.join_fragments([big, near]) == [big, near]
    bigger = Line("正文", 0, 0, 100, 10, 10.5)
    assert layout.join_fragments([Line("◎", -1, 3, 4, 8, 6.2), bigger]) == [bigger]


# ---------------------------------------------------------------- spans, gaps, columns


def test_covered_merges_touching_and_overlapping_spans():
    lines = [
        line("a", 50, 60, 0),
        line("b", 0, 10, 0),
        line("c", 10, 20, 0),
        line("d", 5, 8, 0),
        line("e", 55, 70, 0),
    ]
    assert layout._covered(lines) == [(0, 20), (50, 70)]
    assert layout._covered([]) == []


def test_gaps_include_the_edges_and_honour_the_minimum():
    lines = [line("a", 10, 20, 0), line("b", 30, 40, 0)]
    assert layout._gaps(lines, 0, 50, 10) == [(0, 10), (20, 30), (40, 50)]
    assert layout._gaps(lines, 0, 50, 10.5) == []
    assert layout._gaps(lines, 10, 40, 5) == [(20, 30)]
    assert layout._gaps([], 0, 50, 10) == [(0, 50)]
    assert layout._gaps([line("a", 0, 30, 0), line("b", 5, 10, 0)], 0, 50, 5) == [(30, 50)]


def test_split_columns_at_gutters_left_to_right():
    lines = [
        line("右", 60, 100, 0),
        line("左", 0, 40, 0),
        line("左2", 0, 30, 12),
        line("右2", 65, 100, 12),
    ]
    columns = layout._split_columns(lines, 10)
    assert [[x.text for x in c] for c in columns] == [["左", "左2"], ["右", "右2"]]
    assert len(layout._split_columns(lines, 20)) == 2
    assert layout._split_columns(lines, 20.5) == [lines]


def test_strips_chain_lines_by_vertical_overlap():
    lines = [
        line("c", 0, 10, 30),
        line("a", 0, 10, 0),
        line("b", 20, 30, 5),
        line("d", 0, 10, 38.5),
        line("e", 0, 10, 37.9),
    ]
    strips = layout._strips(lines)
    # d overlaps c by 1.5 (< 0.2 em): a new strip; e overlaps d by more: joins it
    assert [[x.text for x in s] for s in strips] == [["a", "b"], ["c", "e", "d"]]


def test_intersect_keeps_shared_parts_at_least_min_gap_wide():
    assert layout._intersect([(0, 10), (20, 40)], [(5, 30)], 5) == [(5, 10), (20, 30)]
    assert layout._intersect([(0, 10)], [(6, 30)], 5) == []
    assert layout._intersect([(0, 10)], [(5, 30)], 5.5) == []


def test_overlaps_is_a_strict_overlap():
    assert layout._overlaps((0, 10), [(5, 20)])
    assert not layout._overlaps((0, 10), [(10, 20)])
    assert not layout._overlaps((0, 10), [])
    assert layout._overlaps((0, 10), [(30, 40), (-5, 1)])


def test_merge_plain_joins_neighbouring_groups_without_gutters():
    a, b, c, d = (line(t, 0, 10, i * 20) for i, t in enumerate("abcd"))
    groups = [
        layout._Group([a], [], []),
        layout._Group([b], [], []),
        layout._Group([c], [(1, 2)], [(1, 2)]),
        layout._Group([d], [], []),
    ]
    assert layout._merge_plain(groups) == [[a, b], [c], [d]]
    assert layout._merge_plain([]) == []


def two_columns(top: float, left_text: str = "左栏", right_text: str = "右栏") -> list[Line]:
    return [line(left_text, 0, 90, top), line(right_text, 110, 200, top)]


def test_a_headline_over_two_columns_is_read_first():
    headline = line("大标题", 20, 180, 0, size=20)
    body = two_columns(30) + two_columns(44, "左二", "右二")
    runs = layout.reading_order([*body, headline], 10)
    assert [[x.text for x in run] for run in runs] == [
        ["大标题"],
        ["左栏", "左二"],
        ["右栏", "右二"],
    ]


def test_two_bands_of_columns_are_read_band_by_band():
    wide = line("通栏的一行文字", 0, 200, 60)
    lines = (
        two_columns(0) + two_columns(14, "左二", "右二") + [wide] + two_columns(80, "下左", "下右")
    )
    runs = layout.reading_order(lines, 10)
    assert [[x.text for x in run] for run in runs] == [
        ["左栏", "左二"],
        ["右栏", "右二"],
        ["通栏的一行文字"],
        ["下左"],
        ["下右"],
    ]


def test_cut_of_nothing_and_of_one_line():
    assert layout._cut([], 10, 14) == []
    one = [line("a", 0, 10, 0)]
    assert layout._cut(one, 10, 14) == [one]
    stacked = [line("b", 0, 50, 20), line("a", 5, 50, 0)]
    assert layout._cut(stacked, 10, 14) == [[stacked[1], stacked[0]]]


# ---------------------------------------------------------------- paragraphs


def test_paragraph_text_joins_lines_with_a_space_only_between_latin():
    p = layout._Paragraph(
        [
            line("用了 AI", 0, 1, 0),
            line("Agent系统", 0, 1, 12),
            line("和5G", 0, 1, 24),
            line("网络", 0, 1, 36),
        ],
        False,
    )
    assert p.text == "用了 AI Agent系统和5G网络"
    h = layout._Paragraph([line("标题上", 0, 1, 0), line("标题下", 0, 1, 12)], True)
    assert h.text == "标题上\n标题下"


def test_body_size_is_the_size_most_characters_are_set_in():
    lines = [
        line("一二三四五", 0, 1, 0, 10.2),
        line("一二三", 0, 1, 0, 14),
        line("一二", 0, 1, 0, 9.9),
    ]
    assert layout.body_size(lines) == 10.0
    assert layout.body_size([line("一二三四五六七八", 0, 1, 0, 14)] + lines) == 14.0
    assert layout.body_size([line("一", 0, 1, 0, 10.3)]) == 10.5
    assert layout.body_size([]) == 10.0


def test_usual_leading():
    run = [line("a", 0, 1, 0), line("b", 0, 1, 12), line("c", 0, 1, 26), line("d", 0, 1, 26)]
    assert layout._usual_leading(run) == 13.0
    assert layout._usual_leading([line("a", 0, 1, 0, size=8)]) == 12.0


def test_same_size_within_twelve_percent():
    assert layout._same_size(line("a", 0, 1, 0, 10), line("b", 0, 1, 0, 11.36))
    assert not layout._same_size(line("a", 0, 1, 0, 10), line("b", 0, 1, 0, 11.5))
    assert layout._same_size(line("a", 0, 1, 0, 11.36), line("b", 0, 1, 0, 10))


def _stands_alone_case(previous, text, x1, alone):
    assert layout._stands_alone(line(previous, 0, 200, 0), line(text, 0, x1, 12), 200) is alone


def test_stands_alone():
    for previous, text, x1, alone in [
        ("上一句没完", "◎ 专栏", 200, True),
        ("上一句没完", "□ 记者", 200, True),
        ("李文超 摄", "下一行", 200, True),
        ("句子完了。", "图片标题", 100, True),
        ("句子完了。", "图片标题", 200, False),  # a full line
        ("句子完了。", "短句，有逗号", 100, False),
        ("句子没完", "图片标题", 100, False),
        ("他说：“好。”", "图片标题", 100, True),
        ("句子完了。", "图片标题", 188, True),  # exactly SHORT_EM short of the edge
        ("句子完了。", "图片标题", 188.5, False),
    ]:
        _stands_alone_case(previous, text, x1, alone)


def para(run_lines, size=10.0):
    return layout.paragraphs([run_lines], size)


def test_an_indented_line_starts_a_paragraph():
    size = 10.0
    indent = layout.INDENT_EM * size
    run = [
        line("第一段第一行，", 0, 200, 0),
        line("还在第一段，", 0, 200, 12),
        line("新段落开始，", indent, 200, 24),
        line("接着写，", 0, 60, 36),
    ]
    assert para(run) == ["第一段第一行，还在第一段，", "新段落开始，接着写，"]
    run[2] = line("新段落开始，", indent - 0.5, 200, 24)
    assert para(run) == ["第一段第一行，还在第一段，新段落开始，接着写，"]


def test_a_gap_wider_than_the_usual_leading_starts_a_paragraph():
    run = [
        line("一行，", 0, 200, 0),
        line("二行，", 0, 200, 12),
        line("三行，", 0, 200, 24),
        line("四行，", 0, 200, 24 + 12 * layout.GAP_LEADING),
        line("五行，", 0, 60, 80),
    ]
    # 45.6 - 24 = 21.6 is not more than 1.8 leadings (21.6): the same paragraph
    assert para(run[:4]) == ["一行，二行，三行，四行，"]
    run[3] = line("四行，", 0, 200, 46)
    run[4] = line("五行，", 0, 60, 58)
    assert para(run)[0] == "一行，二行，三行，"


def test_a_type_size_change_starts_a_paragraph():
    run = [
        line("一行，", 0, 200, 0),
        line("二行，", 0, 200, 12, size=8.5),
        line("三行，", 0, 200, 24, size=8.5),
    ]
    assert para(run) == ["一行，", "二行，三行，"]


def test_heading_lines_of_one_headline_stay_together():
    run = [
        line("大标题上", 0, 100, 0, size=12),
        line("大标题下", 0, 80, 14, size=12),
        line("正文开始，", 0, 200, 30),
        line("正文结束。", 0, 100, 42),
    ]
    assert para(run) == ["大标题上\n大标题下", "正文开始，正文结束。"]
    # just below the heading size: ordinary lines
    run = [line("一行", 0, 100, 0, size=11.1), line("二行", 0, 200, 14, size=11.1)]
    assert layout.paragraphs([run], 10.0) == ["一行", "二行"]
    # a gap splits two headlines
    run = [
        line("标题一", 0, 100, 0, size=12),
        line("标题二", 0, 100, 60, size=12),
        line("正文，", 0, 200, 72),
        line("正文。", 0, 200, 84),
    ]
    assert para(run)[:2] == ["标题一", "标题二"]


def test_a_paragraph_runs_on_into_the_next_column():
    first = [line("第一栏开头，", 0, 100, 0), line("第一栏写满了", 0, 100, 12)]
    second = [line("第二栏接着写，", 120, 220, 0), line("完了。", 120, 160, 12)]
    assert layout.paragraphs([first, second], 10.0) == [
        "第一栏开头，第一栏写满了第二栏接着写，完了。"
    ]
    # a run that ends short does not run on
    first[-1] = line("第一栏写完了", 0, 50, 12)
    assert len(layout.paragraphs([first, second], 10.0)) == 2
    # a one-line run never runs on
    assert len(layout.paragraphs([[line("单行", 0, 100, 0)], second], 10.0)) == 2
    # indented, a heading, or a marker line starts anew
    first[-1] = line("第一栏写满了", 0, 100, 12)
    for start in (
        line("　新段，", 130, 220, 0),
        line("标题", 120, 220, 0, size=14),
        line("◎专栏", 120, 220, 0),
    ):
        assert len(layout.paragraphs([first, [start, second[1]]], 10.0)) >= 2, start
    # different type size across the break
    assert (
        len(
            layout.paragraphs(
                [
                    first,
                    [line("小字接着，", 120, 220, 0, size=8), line("完了。", 120, 160, 12, size=8)],
                ],
                10.0,
            )
        )
        == 2
    )
    # empty runs are skipped without closing the paragraph
    assert layout.paragraphs([first, [], second], 10.0) == [
        "第一栏开头，第一栏写满了第二栏接着写，完了。"
    ]


def test_a_heading_does_not_run_on_into_body_text():
    first = [line("标题一行写满", 0, 100, 0, size=12), line("标题二行写满", 0, 100, 14, size=12)]
    second = [line("正文，", 120, 220, 0), line("完。", 120, 150, 12)]
    assert layout.paragraphs([first, second], 10.0) == ["标题一行写满\n标题二行写满", "正文，完。"]


def test_page_text_joins_paragraphs_with_blank_lines():
    pages = [
        [line("第一页，", 0, 200, 0), line("一段话。", 0, 60, 12)],
        [line("第二页另一段。", 0, 60, 0)],
    ]
    assert layout.page_text(pages) == "第一页，一段话。\n\n第二页另一段。\n"
    assert layout.page_text([]) == "\n"


def test_a_fragment_whose_middle_is_on_the_others_top_edge_joins_it():
    other = Line("前", 0, 0, 20, 10, 10)
    edge = Line("后", 25, -5, 45, 5, 10)  # middle 0: on the other's top
    assert [x.text for x in layout.join_fragments([other, edge])] == ["前 后"]
    above = Line("后", 25, -5.2, 45, 4.8, 10)
    assert len(layout.join_fragments([other, above])) == 2


def test_a_speck_is_smaller_than_six_tenths_of_the_line():
    big = line("正文", 0, 100, 0, 10)
    at_limit = Line("字", 50, 2, 56, 8, 6.0)
    assert layout.join_fragments([big, at_limit]) == [big, at_limit]
    below = Line("字", 50, 2, 56, 8, 5.9)
    assert layout.join_fragments([big, below]) == [big]


def test_a_zero_width_line_at_a_columns_edge_stays_in_that_column():
    a, b, c = line("甲", 0, 40, 0), line("", 40, 40, 12), line("乙", 60, 100, 0)
    assert layout._split_columns([a, b, c], 10) == [[a, b], [c]]
