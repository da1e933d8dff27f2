"""retrieval.corpus.page_blocks line by line: every kind a line can be, known columns with
their issue numbers, the heading test at its limits, titles next to bylines, broken
headings, two-line headings and credits glued to their sentence.

PYTEST_DONT_REWRITE: plain asserts, so that collecting this file stays cheap (the unit
layer's time budget); a failure still shows the failing line.
"""

from __future__ import annotations

from retrieval.corpus import page_blocks as pb
from retrieval.corpus.page_blocks import Block, Kind
from retrieval.corpus.page_lines import Line, split_lines


def kind_of(text: str) -> tuple[Kind, str, str]:
    block = pb.classify_line(Line(7, text, 2))
    assert (block.line, block.gap) == (7, 2)
    return block.kind, block.text, block.extra


def _classify_line_case(text, expected):
    assert kind_of(text) == expected


def test_classify_line():
    for text, expected in [
        ("◎广角", (Kind.COLUMN, "广角", "")),
        ("◎ 观潮 标题在此", (Kind.COLUMN, "观潮", "标题在此")),
        ("◎党的基层组织的任期：", (Kind.BOX_HEAD, "党的基层组织的任期：", "")),
        ("◎职责:", (Kind.BOX_HEAD, "职责:", "")),
        ("◎自定栏目", (Kind.COLUMN, "自定栏目", "")),
        ("□本报记者 宋爽", (Kind.BYLINE, "本报记者 宋爽", "")),
        ("●社区开展活动。", (Kind.BRIEF, "社区开展活动。", "")),
        ("◆ 又一条。", (Kind.BRIEF, "又一条。", "")),
        ("★名言一句。", (Kind.QUOTE, "名言一句。", "")),
        ("——2017年10月18日", (Kind.QUOTE_SOURCE, "2017年10月18日", "")),
        ("———— 某人", (Kind.QUOTE_SOURCE, "某人", "")),
        ("李文超 摄", (Kind.CREDIT, "李文超 摄", "")),
        ("本报记者 许敬 通讯员 包青松 摄", (Kind.CREDIT, "本报记者 许敬 通讯员 包青松 摄", "")),
        ("李文超摄", (Kind.HEADING, "李文超摄", "")),
        ("记者，甲 摄", (Kind.BODY, "记者，甲 摄", "")),
        ("（本报记者 宋爽）", (Kind.ATTRIBUTION, "本报记者 宋爽", "")),
        ("(甲)", (Kind.ATTRIBUTION, "甲", "")),
        ("（）", (Kind.BODY, "（）", "")),  # no word character: not a heading either
        ("广角", (Kind.COLUMN, "广角", "")),
        ("知行合一 学习心得", (Kind.COLUMN, "知行合一", "学习心得")),
        ("五化协同 大抓基层③ 村里的事", (Kind.COLUMN, "五化协同 大抓基层③", "村里的事")),
        ("五化协同 大抓基层12", (Kind.COLUMN, "五化协同 大抓基层12", "")),
        ("广角度看问题", (Kind.HEADING, "广角度看问题", "")),
        ("村里修了路", (Kind.HEADING, "村里修了路", "")),
        ("村里修了路。", (Kind.BODY, "村里修了路。", "")),
        ("村里修了路，", (Kind.BODY, "村里修了路，", "")),
    ]:
        _classify_line_case(text, expected)


def test_split_known_column():
    assert pb.split_known_column("每周一学②  第二讲") == ("每周一学②", "第二讲")
    assert pb.split_known_column("掠影") == ("掠影", "")
    assert pb.split_known_column("观潮3好看") == ("观潮3", "好看")
    assert pb.split_known_column("别的栏目") is None


def test_is_balanced():
    assert pb.is_balanced("他说“好”")
    assert not pb.is_balanced("他说“好")
    assert not pb.is_balanced("好”他说")
    assert pb.is_balanced("")


def _is_section_head_case(text, head):
    assert pb.is_section_head(text) is head


def test_is_section_head():
    for text, head in [
        ("在哪做？——高标准建设阵地", True),
        ("在哪做——", False),
        ("——高标准", False),
        ("一二三四五六七八——建设", True),
        ("一二三四五六七八九——建设", False),
        ("怎么做——建设阵地。打造品牌", False),
        ("没有破折号", False),
    ]:
        _is_section_head_case(text, head)


def _looks_like_heading_case(text, heading):
    assert pb.looks_like_heading(text) is heading


def test_looks_like_heading():
    for text, heading in [
        ("短标题", True),
        ("字" * 40, True),
        ("字" * 41, False),
        ("！？", False),  # no word character
        ("这是一句话。", False),
        ("“未完的引号", False),
        ("美丽的", False),  # reads on
        ("在哪做？——高标准建设阵地，打造品牌", True),  # a section head may hold a comma
        ("标题，带逗号", False),
        ("标题：副题", False),
    ]:
        _looks_like_heading_case(text, heading)


def test_looks_like_heading_takes_a_limit():
    assert pb.looks_like_heading("字" * 50, limit=60)
    assert not pb.looks_like_heading("字" * 5, limit=4)


def b(kind: Kind, text: str, gap: int = 1) -> Block:
    return Block(kind, text, 1, gap)


def test_up_to_two_lines_before_a_byline_are_its_title():
    blocks = [
        b(Kind.BODY, "前文很长，"),
        b(Kind.BODY, "标题，上行"),
        b(Kind.BODY, "下行，标题"),
        b(Kind.BYLINE, "记者"),
    ]
    kinds = [x.kind for x in pb.mark_titles_near_bylines(blocks)]
    assert kinds == [Kind.BODY, Kind.HEADING, Kind.HEADING, Kind.BYLINE]


def _what_is_never_a_title_case(title):
    blocks = [b(Kind.BODY, title), b(Kind.BYLINE, "记者")]
    assert pb.mark_titles_near_bylines(blocks)[0].kind is Kind.BODY


def test_what_is_never_a_title():
    for title in ["字" * 61, "说完了。", "说完了。”", "“未完"]:
        _what_is_never_a_title_case(title)


def test_titles_stop_at_a_line_that_is_not_text():
    blocks = [
        b(Kind.BODY, "更早"),
        b(Kind.CREDIT, "甲 摄"),
        b(Kind.BODY, "标题，"),
        b(Kind.BYLINE, "记者"),
    ]
    kinds = [x.kind for x in pb.mark_titles_near_bylines(blocks)]
    assert kinds == [Kind.BODY, Kind.CREDIT, Kind.HEADING, Kind.BYLINE]
    blocks = [b(Kind.BYLINE, "记者"), b(Kind.BODY, "正文，")]
    assert [x.kind for x in pb.mark_titles_near_bylines(blocks)] == [Kind.BYLINE, Kind.BODY]
    blocks = [b(Kind.BODY, "长句子说完了。"), b(Kind.BODY, "标题，"), b(Kind.BYLINE, "记者")]
    assert [x.kind for x in pb.mark_titles_near_bylines(blocks)][:2] == [Kind.BODY, Kind.HEADING]
    assert len("字" * 60) == pb.MAX_TITLE_CHARS
    blocks = [b(Kind.BODY, "字" * 60), b(Kind.BYLINE, "记者")]
    assert pb.mark_titles_near_bylines(blocks)[0].kind is Kind.HEADING


def _reads_on_into_case(text, following, reads_on):
    assert pb.reads_on_into(text, following) is reads_on


def test_reads_on_into():
    for text, following, reads_on in [
        ("标题", b(Kind.BODY, "，接着"), True),
        ("标题", b(Kind.BODY, "、接着"), True),
        ("标题", b(Kind.BODY, "：接着"), True),
        ("标题", b(Kind.BODY, "”接着"), True),
        ("“标题”", b(Kind.BODY, "”接着"), False),
        ("标题", b(Kind.BODY, "接着"), False),
        ("标题", b(Kind.HEADING, "，接着"), False),
        ("标题", None, False),
    ]:
        _reads_on_into_case(text, following, reads_on)


def test_a_heading_that_reads_on_is_body_text():
    blocks = [b(Kind.HEADING, "村里的路"), b(Kind.BODY, "，修好了。"), b(Kind.HEADING, "末")]
    assert [x.kind for x in pb.demote_broken_headings(blocks)] == [
        Kind.BODY,
        Kind.BODY,
        Kind.HEADING,
    ]


def test_heading_lines_without_a_blank_between_merge():
    blocks = [
        b(Kind.HEADING, "上行"),
        b(Kind.HEADING, "下行", gap=0),
        b(Kind.HEADING, "另一个", gap=1),
        b(Kind.BODY, "正文", gap=0),
        b(Kind.HEADING, "又", gap=0),
    ]
    merged = pb.merge_heading_lines(blocks)
    assert [(x.kind, x.text) for x in merged] == [
        (Kind.HEADING, "上行 下行"),
        (Kind.HEADING, "另一个"),
        (Kind.BODY, "正文"),
        (Kind.HEADING, "又"),
    ]
    assert pb.merge_heading_lines([b(Kind.HEADING, "一", gap=0)])[0].text == "一"


def test_a_glued_credit_or_attribution_becomes_its_own_block():
    body = Block(Kind.BODY, "国泰民安。崔超 摄", 4, 1)
    assert pb.split_trailing_credit(body) == [
        Block(Kind.BODY, "国泰民安。", 4, 1),
        Block(Kind.CREDIT, "崔超 摄", 4, 0),
    ]
    brief = Block(Kind.BRIEF, "成效显著。（张雨）", 5, 2)
    assert pb.split_trailing_credit(brief) == [
        Block(Kind.BRIEF, "成效显著。", 5, 2),
        Block(Kind.ATTRIBUTION, "张雨", 5, 0),
    ]
    for block in (
        Block(Kind.BODY, "崔超 摄", 1, 0),
        Block(Kind.BODY, "没有署名。", 1, 0),
        Block(Kind.HEADING, "好。崔超 摄", 1, 0),
        Block(Kind.BRIEF, "好。崔超 摄", 1, 0),
        Block(Kind.BODY, "好。（张雨）", 1, 0),
    ):
        assert pb.split_trailing_credit(block) == [block]


def test_page_blocks_end_to_end():
    text = "◎观潮\n\n标题上\n标题下\n\n□记者 甲\n\n正文第一段。\n\n●\n\n正文第二段。李四 摄\n"
    blocks = pb.page_blocks(split_lines(text))
    assert [(x.kind, x.text) for x in blocks] == [
        (Kind.COLUMN, "观潮"),
        (Kind.HEADING, "标题上 标题下"),
        (Kind.BYLINE, "记者 甲"),
        (Kind.BODY, "正文第一段。"),
        (Kind.BODY, "正文第二段。"),
        (Kind.CREDIT, "李四 摄"),
    ]
    assert blocks[1].line == 3 and blocks[3].gap == 1


def test_block_is_text():
    assert b(Kind.BODY, "x").is_text and b(Kind.BRIEF, "x").is_text and b(Kind.QUOTE, "x").is_text
    assert not b(Kind.HEADING, "x").is_text and not b(Kind.CREDIT, "x").is_text


def test_split_lines_counts_blank_lines_above():
    assert split_lines("\n一\n\n\n  二  \n三\n") == [
        Line(2, "一", 1),
        Line(5, "二", 2),
        Line(6, "三", 0),
    ]
    assert split_lines("") == []
