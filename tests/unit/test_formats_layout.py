"""Reading order from geometry alone (retrieval/corpus/formats/layout.py)."""

from __future__ import annotations

from retrieval.corpus.formats.layout import Glyph, Line, build_lines, page_text

SIZE = 10.0


def line(text: str, x0: float, top: float, width: float | None = None,
         size: float = SIZE) -> Line:
    return Line(text, x0, top, x0 + (width if width is not None else len(text) * size),
                top + size, size)


def column(x0: float, top: float, rows: list[str], width: float) -> list[Line]:
    """Justified rows (full width) except where a row is marked short by a trailing '|'."""
    out = []
    for n, row in enumerate(rows):
        indent = 2 * SIZE if row.startswith("  ") else 0
        text = row.strip().rstrip("|")
        full = width - indent if not row.endswith("|") else len(text) * SIZE
        out.append(line(text, x0 + indent, top + n * 14, full))
    return out


def test_headline_over_two_unequal_columns_and_a_sentence_across_the_break():
    headline = line("云端议事厅", 60, 0, size=20)
    left = column(0, 40, ["  第一段开头，这一", "段在第一栏没有写", "完。第一段结束。|",
                          "  第二段从第一栏"], 80)
    right = column(100, 40, ["的底部写到第二栏", "的顶部，在此结束。|"], 80)
    shuffled = right[::-1] + [headline] + left[::-1]
    text = page_text([shuffled])
    assert text.split("\n\n") == [
        "云端议事厅",
        "第一段开头，这一段在第一栏没有写完。第一段结束。",
        "第二段从第一栏的底部写到第二栏的顶部，在此结束。\n",
    ]


def test_markers_and_photo_titles_never_continue_a_full_line():
    rows = column(0, 0, ["正文写满了这一整行。", "◎知行合一|", "照片标题|", "  说明文字。|"], 100)
    assert page_text([rows]).split("\n\n") == ["正文写满了这一整行。", "◎知行合一", "照片标题",
                                               "说明文字。\n"]


def test_two_headline_lines_stay_one_block():
    lines = [line("建设乡村“幸福路”", 20, 0, size=18), line("铺就致富“快车道”", 20, 26, size=18),
             *column(0, 60, ["  正文的第一行写满了", "第二行也写满了，然后", "在第三行说完。|"],
                     200)]
    assert page_text([lines]).split("\n\n")[0] == "建设乡村“幸福路”\n铺就致富“快车道”"


def test_glyphs_become_lines_with_real_spaces_and_columns_apart():
    def run(x0: float, text: str) -> list[Glyph]:
        return [Glyph(ch, x0 + 9 * n, 0, x0 + 9 * (n + 1), 9, 9) for n, ch in enumerate(text)]

    space = Glyph(" ", 45, 0, 47, 9, 9)
    glyphs = run(0, "□本报记者") + [space] + run(47, "宋爽") + run(100, "右栏")
    lines = sorted(build_lines(reversed(glyphs)), key=lambda item: item.x0)
    assert [item.text for item in lines] == ["□本报记者 宋爽", "右栏"]  # gutter: 35 pt > 1 em
