"""Stage 3: headers and sections of text group into items."""

from retrieval.corpus.page_blocks import page_blocks
from retrieval.corpus.page_items import page_items
from retrieval.corpus.page_lines import split_lines


def items_of(text: str):
    blocks = page_blocks(split_lines(text))
    return [(item, [[blocks[u].text for u in s.units] for s in item.sections])
            for item in page_items(blocks)]


def test_header_lines_standing_together_are_one_header_in_any_order():
    [(item, _)] = items_of("果园迎来丰收季\n\n◎专栏\n\n□本报记者 张三\n\n正文。")
    assert (item.kind, item.title, item.column, item.byline) == (
        "article", "果园迎来丰收季", "专栏", "本报记者 张三")


def test_a_title_may_follow_the_byline():
    [(item, _)] = items_of("◎专栏\n\n□本报记者 张三\n\n果园迎来丰收季\n\n正文。")
    assert item.title == "果园迎来丰收季"


def test_kicker_and_main_title_join_with_one_space():
    [(item, _)] = items_of("为丰收鼓劲\n\n果园迎来丰收季\n\n□本报记者 张三\n\n正文。")
    assert item.title == "为丰收鼓劲 果园迎来丰收季"


def test_short_lines_between_paragraphs_open_sections():
    [(item, sections)] = items_of("标题\n\n□记者 甲\n\n第一段。\n\n小标题\n\n第二段。\n\n第三段。")
    assert [s.heading for s in item.sections] == ["", "小标题"]
    assert sections == [["第一段。"], ["第二段。", "第三段。"]]


def test_a_photo_is_a_title_a_caption_and_a_credit():
    page = "标题\n\n□记者 甲\n\n正文。\n\n\n\n巡边\n\n民警在巡逻。\n\n王五 摄\n\n正文续。"
    items = items_of(page)
    photo = items[1][0]
    assert (photo.kind, photo.title, photo.byline) == ("photo", "巡边", "王五 摄")
    assert items[1][1] == [["民警在巡逻。"]]
    assert items[2][0].kind == "article" and not items[2][0].headed  # text after the photo


def test_an_untitled_caption_framed_off_by_blank_lines_is_a_photo():
    items = items_of("标题\n\n□记者 甲\n\n正文。\n\n\n\n民警在巡逻。\n\n王五 摄")
    assert [(i.kind, i.byline) for i, _ in items] == [("article", "记者 甲"), ("photo", "王五 摄")]


def test_a_credit_inside_running_text_leaves_the_text_in_the_article():
    [(item, sections)] = items_of("标题\n\n□记者 甲\n\n第一段。\n\n第二段。王五 摄")
    assert item.kind == "article" and sections == [["第一段。", "第二段。"]]


def test_briefs_under_one_marker_share_it_and_take_their_attribution():
    items = items_of("◎信息\n\n●第一条。（甲）\n\n●第二条。\n\n(乙)\n\n标题\n\n□记者 丙\n\n正文。")
    assert [(i.kind, i.column, i.byline) for i, _ in items] == [
        ("brief", "信息", "甲"), ("brief", "信息", "乙"), ("article", "", "记者 丙")]


def test_an_article_with_its_own_header_does_not_inherit_the_column_above():
    items = items_of("◎专栏\n\n标题一\n\n□记者 甲\n\n正文。\n\n标题二\n\n□记者 乙\n\n正文。")
    assert [i.column for i, _ in items] == ["专栏", ""]


def test_quotations_take_their_source_line():
    items = items_of("◎学习\n\n★ 第一句。\n\n——某人的讲话\n\n★ 第二句。\n\n——另一次讲话")
    assert [(i.kind, i.column, i.byline) for i, _ in items] == [
        ("quote", "学习", "某人的讲话"), ("quote", "学习", "另一次讲话")]


def test_box_heads_are_sections_of_one_box_that_its_source_line_ends():
    items = items_of("◎什么是甲：\n\n甲是一种东西。\n\n◎什么是乙：\n\n乙是另一种。\n\n(来源：某网)")
    [(box, sections)] = items
    assert (box.kind, box.title, box.byline) == ("box", "", "来源：某网")
    assert [s.heading for s in box.sections] == ["什么是甲：", "什么是乙："]
    assert sections == [["甲是一种东西。"], ["乙是另一种。"]]
