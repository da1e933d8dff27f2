"""Stage 2: what each line is, and the three steps that look at its neighbours."""

import pytest

from retrieval.corpus.page_blocks import Kind, looks_like_heading, page_blocks
from retrieval.corpus.page_lines import split_lines


def kinds(text: str) -> list[tuple[Kind, str]]:
    return [(b.kind, b.text) for b in page_blocks(split_lines(text))]


@pytest.mark.parametrize("line, kind, text", [
    ("◎专栏", Kind.COLUMN, "专栏"),
    ("◎某某问答：", Kind.BOX_HEAD, "某某问答："),
    ("□本报记者 张三", Kind.BYLINE, "本报记者 张三"),
    ("王五 摄", Kind.CREDIT, "王五 摄"),
    ("(本报记者 李四)", Kind.ATTRIBUTION, "本报记者 李四"),
    ("●某地开展活动。", Kind.BRIEF, "某地开展活动。"),
    ("★ 一句名言。", Kind.QUOTE, "一句名言。"),
    ("——某年某月，某人的讲话", Kind.QUOTE_SOURCE, "某年某月，某人的讲话"),
    ("果园迎来丰收季", Kind.HEADING, "果园迎来丰收季"),
    ("果园迎来丰收季，果农笑开颜。", Kind.BODY, "果园迎来丰收季，果农笑开颜。"),
])
def test_each_line_on_its_own(line, kind, text):
    assert kinds(line) == [(kind, text)]


def test_a_known_column_may_share_its_line_with_a_title():
    [block] = page_blocks(split_lines("观潮 一个标题在这里"))
    assert (block.kind, block.text, block.extra) == (Kind.COLUMN, "观潮", "一个标题在这里")


def test_a_line_that_opens_a_quotation_it_does_not_close_is_not_a_heading():
    assert not looks_like_heading("“某村创新提出‘新办法’工")
    assert kinds("“某村创新提出‘新办法’工\n\n作法，效果很好。”")[0][0] is Kind.BODY


def test_a_line_ending_in_a_particle_reads_on_and_is_not_a_heading():
    assert kinds("这样的场景只是全市的\n\n一角。")[0][0] is Kind.BODY


def test_a_heading_whose_text_runs_on_into_the_next_block_is_prose():
    assert kinds("果园里的果农们\n\n、合作社和企业一起忙。")[0][0] is Kind.BODY


def test_question_and_dash_section_heads_are_headings():
    head = "怎么干?——抓好队伍建设,建强“主力军”"
    assert kinds(head + "\n\n正文。")[0] == (Kind.HEADING, head)


def test_short_lines_before_a_byline_are_its_title_even_with_punctuation():
    blocks = kinds("“有事，就找我们！”\n\n□本报记者 张三\n\n正文。")
    assert blocks[0] == (Kind.HEADING, "“有事，就找我们！”")


def test_a_sentence_before_a_byline_stays_prose():
    assert kinds("这是一句话，说完了。\n\n□本报记者 张三")[0][0] is Kind.BODY


def test_heading_lines_printed_as_one_block_are_one_heading():
    assert kinds("建设美丽“新村”\n铺就致富“大道”\n\n正文。")[0] == (
        Kind.HEADING, "建设美丽“新村” 铺就致富“大道”")


def test_heading_lines_apart_stay_apart():
    assert [k for k, _ in kinds("一个标题\n\n另一个标题")] == [Kind.HEADING, Kind.HEADING]


def test_glued_credits_and_attributions_become_blocks_of_their_own():
    assert kinds("民警在巡逻。王五 摄") == [(Kind.BODY, "民警在巡逻。"), (Kind.CREDIT, "王五 摄")]
    assert kinds("●某地开展活动。（李四）") == [(Kind.BRIEF, "某地开展活动。"),
                                            (Kind.ATTRIBUTION, "李四")]


def test_a_bare_marker_says_nothing():
    assert kinds("●\n\n★") == []
