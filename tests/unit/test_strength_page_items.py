"""retrieval.corpus.page_items on hand-made block lists: header runs, which item each
kind of block opens or joins, columns shared by small items, captions, credits,
attributions, box headings and subheadings.

PYTEST_DONT_REWRITE: plain asserts, so that collecting this file stays cheap (the unit
layer's time budget); a failure still shows the failing line.
"""

from __future__ import annotations

from retrieval.corpus.page_blocks import Block, Kind
from retrieval.corpus.page_items import Item, Section, header_run, page_items


def b(kind: Kind, text: str = "文字。", gap: int = 1, extra: str = "") -> Block:
    return Block(kind, text, 0, gap, extra)


BODY, HEAD, COL, BYLINE, CREDIT = Kind.BODY, Kind.HEADING, Kind.COLUMN, Kind.BYLINE, Kind.CREDIT


def shape(items: list[Item]) -> list[tuple]:
    return [
        (
            i.kind,
            i.title,
            i.column,
            i.byline,
            i.headed,
            i.closed,
            [(s.heading, s.units) for s in i.sections],
        )
        for i in items
    ]


def test_item_units_and_runs_on():
    item = Item("article", sections=[Section("", [1, 2]), Section("小", [4])])
    assert item.units == [1, 2, 4]
    assert item.runs_on
    item.closed = True
    assert not item.runs_on
    assert Item("box").runs_on and not Item("photo").runs_on and not Item("brief").runs_on
    assert Item("quote").sections == [Section("", [])]


def test_header_run_collects_titles_the_nearest_column_and_bylines():
    run = header_run(
        [
            b(COL, "远栏"),
            b(HEAD, "标题一"),
            b(COL, "近栏", extra="栏中题"),
            b(BYLINE, "记者 甲"),
            b(HEAD, "标题二"),
            b(BYLINE, "通讯员 乙"),
        ]
    )
    assert run.titles == ["标题一", "栏中题", "标题二"]
    assert run.column == "近栏"
    assert run.byline == "记者 甲 通讯员 乙"
    empty = header_run([b(HEAD, "只有标题")])
    assert empty.column is None and empty.byline == "" and empty.titles == ["只有标题"]
    assert header_run([b(COL, "栏")]).titles == []


def test_a_byline_opens_a_headed_article_with_its_title_and_column():
    blocks = [b(COL, "专栏"), b(HEAD, "标题"), b(BYLINE, "记者 甲"), b(BODY), b(BODY)]
    assert shape(page_items(blocks)) == [
        ("article", "标题", "专栏", "记者 甲", True, False, [("", [3, 4])])
    ]


def test_a_title_alone_opens_an_article_and_later_titles_are_subheadings():
    blocks = [b(HEAD, "标题"), b(BODY), b(HEAD, "小标题"), b(BODY), b(HEAD, "又一个"), b(BODY)]
    assert shape(page_items(blocks)) == [
        ("article", "标题", "", "", True, False, [("", [1]), ("小标题", [3]), ("又一个", [5])])
    ]


def test_a_title_over_an_empty_item_opens_a_new_one():
    blocks = [b(HEAD, "一"), b(HEAD, "二", gap=2), b(BODY)]
    # two headings stand together: one header
    assert shape(page_items(blocks)) == [("article", "一 二", "", "", True, False, [("", [2])])]
    blocks = [b(HEAD, "一"), b(BODY, "正文。"), b(BYLINE, "记者"), b(BODY)]
    items = page_items(blocks)
    assert [(i.title, i.byline, i.units) for i in items] == [("一", "", [1]), ("", "记者", [3])]


def test_a_column_marker_closes_the_text_above_and_heads_the_next_item():
    blocks = [b(HEAD, "标题"), b(BODY), b(COL, "观潮"), b(HEAD, "新题"), b(BODY)]
    items = page_items(blocks)
    assert shape(items) == [
        ("article", "标题", "", "", True, True, [("", [1])]),
        ("article", "新题", "观潮", "", True, False, [("", [4])]),
    ]


def test_a_column_marker_alone_heads_the_following_text():
    items = page_items([b(BODY), b(COL, "观潮"), b(BODY), b(BODY)])
    assert shape(items) == [
        ("article", "", "", "", False, True, [("", [0])]),
        ("article", "", "观潮", "", True, False, [("", [2, 3])]),
    ]


def test_body_text_without_a_header_opens_a_headerless_article():
    assert shape(page_items([b(BODY), b(BODY)])) == [
        ("article", "", "", "", False, False, [("", [0, 1])])
    ]
    assert page_items([]) == []


def test_a_caption_before_a_credit_is_a_photo():
    blocks = [
        b(HEAD, "标题"),
        b(BODY),
        b(BODY, "民警在巡逻。", gap=2),
        b(CREDIT, "王五 摄"),
        b(BODY),
    ]
    items = page_items(blocks)
    assert shape(items) == [
        ("article", "标题", "", "", True, False, [("", [1])]),
        ("photo", "", "", "王五 摄", False, True, [("", [2])]),
        ("article", "", "", "", False, False, [("", [4])]),
    ]


def test_a_caption_inside_running_text_needs_a_frame_gap():
    blocks = [b(HEAD, "标题"), b(BODY), b(BODY, "照片说明", gap=1), b(CREDIT, "王五 摄")]
    items = page_items(blocks)
    assert [(i.kind, i.units) for i in items] == [("article", [1, 2])]
    # a credit outside a photo is dropped; after a closed item the caption is a photo
    blocks = [b(COL, "栏"), b(BODY, "说明", gap=1), b(CREDIT, "王五 摄")]
    items = page_items(blocks)
    assert [(i.kind, i.column, i.units, i.byline) for i in items] == [
        ("photo", "栏", [1], "王五 摄")
    ]


def test_a_titled_photo_takes_its_caption():
    blocks = [b(HEAD, "巡边"), b(BODY, "民警在巡逻。"), b(CREDIT, "王五 摄"), b(BODY, "后文。")]
    items = page_items(blocks)
    assert shape(items) == [
        ("photo", "巡边", "", "王五 摄", True, True, [("", [1])]),
        ("article", "", "", "", False, False, [("", [3])]),
    ]


def test_a_photo_waits_for_its_caption():
    blocks = [b(HEAD, "题"), b(BODY, "说明"), b(CREDIT, "甲 摄")]
    items = page_items(blocks)
    assert items[0].kind == "photo" and items[0].units == [1]
    # a credit with no photo open changes nothing
    items = page_items([b(HEAD, "题"), b(BODY), b(CREDIT, "甲 摄"), b(BODY)])
    assert [(i.kind, i.byline, i.units) for i in items] == [
        ("photo", "甲 摄", [1]),
        ("article", "", [3]),
    ]
    items = page_items([b(BODY, "甲。"), b(BODY, "乙。"), b(CREDIT, "甲 摄")])
    assert [(i.kind, i.byline, i.units, i.closed) for i in items] == [
        ("article", "", [0, 1], False)
    ]


def test_briefs_and_quotes_share_the_column_marker_above_them():
    blocks = [
        b(COL, "信息集装箱"),
        b(Kind.BRIEF, "一。"),
        b(Kind.BRIEF, "二。"),
        b(Kind.QUOTE, "名言。"),
        b(Kind.BRIEF, "三。"),
    ]
    items = page_items(blocks)
    assert [(i.kind, i.column, i.units, i.headed) for i in items] == [
        ("brief", "信息集装箱", [1], True),
        ("brief", "信息集装箱", [2], True),
        ("quote", "", [3], True),
        ("brief", "", [4], True),
    ]


def test_a_column_over_an_article_is_not_shared():
    blocks = [b(COL, "栏"), b(HEAD, "题"), b(BYLINE, "记者"), b(BODY), b(Kind.BRIEF, "一。")]
    items = page_items(blocks)
    assert [(i.kind, i.column) for i in items] == [("article", "栏"), ("brief", "")]


def test_a_heading_over_notes_becomes_their_column():
    blocks = [b(HEAD, "简讯"), b(Kind.BRIEF, "一。"), b(Kind.BRIEF, "二。")]
    items = page_items(blocks)
    assert [(i.kind, i.column, i.title) for i in items] == [
        ("brief", "简讯", ""),
        ("brief", "简讯", ""),
    ]
    blocks = [b(HEAD, "名言"), b(Kind.QUOTE, "一。")]
    assert [(i.kind, i.column) for i in page_items(blocks)] == [("quote", "名言")]
    # a pending marker wins over the heading
    blocks = [b(COL, "栏"), b(HEAD, "简讯"), b(Kind.BRIEF, "一。")]
    assert [(i.kind, i.column) for i in page_items(blocks)] == [("brief", "栏")]


def test_text_after_a_brief_belongs_to_it_until_closed():
    blocks = [
        b(Kind.BRIEF, "一条消息"),
        b(BODY, "续文。"),
        b(Kind.ATTRIBUTION, "甲"),
        b(BODY, "后文。"),
    ]
    items = page_items(blocks)
    assert shape(items) == [
        ("brief", "", "", "甲", True, True, [("", [0, 1])]),
        ("article", "", "", "", False, False, [("", [3])]),
    ]


def test_an_attribution_ends_notes_but_not_articles():
    blocks = [b(HEAD, "题"), b(BODY), b(Kind.ATTRIBUTION, "记者 甲"), b(BODY)]
    items = page_items(blocks)
    assert shape(items) == [("article", "题", "", "记者 甲", True, False, [("", [1, 3])])]
    # an item with a byline, or without text, takes none
    blocks = [b(HEAD, "题"), b(BYLINE, "乙"), b(BODY), b(Kind.ATTRIBUTION, "甲")]
    assert page_items(blocks)[0].byline == "乙"
    blocks = [b(HEAD, "题"), b(Kind.ATTRIBUTION, "甲")]
    assert page_items(blocks)[0].byline == ""
    assert page_items([b(Kind.ATTRIBUTION, "甲")]) == []


def test_a_quote_source_closes_its_quote():
    blocks = [b(Kind.QUOTE, "名言"), b(Kind.QUOTE_SOURCE, "某人"), b(Kind.QUOTE_SOURCE, "又一")]
    items = page_items(blocks)
    assert shape(items) == [("quote", "", "", "某人", True, True, [("", [0])])]


def test_box_heads_open_a_box_and_then_its_sections():
    blocks = [b(Kind.BOX_HEAD, "任期："), b(BODY), b(Kind.BOX_HEAD, "职责："), b(BODY)]
    items = page_items(blocks)
    assert shape(items) == [("box", "", "", "", True, False, [("任期：", [1]), ("职责：", [3])])]
    # a closed box is not continued
    blocks = [
        b(Kind.BOX_HEAD, "任期："),
        b(BODY),
        b(COL, "栏"),
        b(Kind.BOX_HEAD, "职责："),
        b(BODY),
    ]
    items = page_items(blocks)
    assert [(i.kind, i.column, [s.heading for s in i.sections]) for i in items] == [
        ("box", "", ["任期："]),
        ("box", "栏", ["职责："]),
    ]


def test_a_subheading_needs_running_text_above_and_no_column():
    blocks = [b(HEAD, "题"), b(BODY), b(COL, "栏"), b(HEAD, "小")]
    items = page_items(blocks)
    assert [(i.title, i.column) for i in items] == [("题", ""), ("小", "栏")]
    blocks = [b(Kind.BRIEF, "一。"), b(HEAD, "小"), b(BODY)]
    items = page_items(blocks)
    assert [(i.kind, i.title, i.units) for i in items] == [
        ("brief", "", [0]),
        ("article", "小", [2]),
    ]


def test_item_defaults():
    assert Item("article") == Item("article", "", "", "", False, False, [Section("", [])])
    assert Section("小").units == []
