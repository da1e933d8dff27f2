"""Stage 5: paragraphs, titles, subheadings, and text credited where it reads on."""

from retrieval.corpus.page_articles import headline, join_texts
from retrieval.corpus.page_parser import parse_page

APPLES = [
    "果园里的苹果熟了，红山村的果农忙着采摘苹果，合作社的收购车停在地头，一筐筐苹果装上了车。",
    "红山村合作社帮助果农销售苹果，苹果卖到了外地，果农的收入比去年多了三成，苹果成了摇钱树。",
    "红山村还请来技术员教果农修剪果树、防治病虫害，果园的苹果个头大、颜色红，果农心里乐开了花。",
]
BOOKS = ["北湖街道图书馆今年新进图书三千册，社区居民读书热情高涨，图书馆里天天坐满了人。",
         "北湖街道还在各社区设立读书角，居民在家门口就能借书读书。"]


def page(*parts: str) -> str:
    return "\n\n".join(parts)


def test_an_untitled_article_takes_its_first_subheading_as_its_title():
    [draft] = parse_page(page("◎专栏", "□本报记者 甲", "开头一段。", "开头二段。", "真正的标题",
                              "后面一段。", "一个小标题", "最后一段。"))
    assert draft.title == "真正的标题"
    assert draft.paragraphs == ["开头一段。", "开头二段。", "后面一段。", "最后一段。"]
    assert draft.headings == [("一个小标题", 3)]


def test_headings_give_the_index_of_their_first_paragraph():
    [draft] = parse_page(page("标题", "□记者 甲", "一。", "小标题一", "二。", "三。",
                              "小标题二", "四。"))
    assert draft.headings == [("小标题一", 1), ("小标题二", 3)]


def test_a_heading_with_nothing_under_it_heads_nothing():
    [draft] = parse_page(page("标题", "□记者 甲", "一。", "结尾的小标题"))
    assert draft.headings == []


def test_a_run_ending_an_article_that_reads_on_with_the_next_article_goes_there():
    drafts = parse_page(page("红山村苹果丰收", "□本报记者 甲", *APPLES, *BOOKS,
                             "北湖街道书香浓", "□本报记者 乙",
                             "北湖街道图书馆开展读书月活动，社区居民踊跃参加，读书角里书香浓。",
                             "图书馆的志愿者为居民推荐图书，街道的读书会每周举办一次。"))
    apples, books = drafts
    assert apples.paragraphs == APPLES
    assert books.paragraphs[-2:] == BOOKS


def test_an_article_keeps_the_larger_part_of_its_text():
    short = ["红山村果园丰收。", "果农很高兴。"]
    apples, books = parse_page(page("红山村苹果丰收", "□本报记者 甲", *short, *BOOKS * 2,
                                    "北湖街道书香浓", "□本报记者 乙",
                                    "北湖街道图书馆开展读书月活动，社区居民踊跃参加。"))
    assert apples.paragraphs == short + BOOKS * 2


def test_untitled_items_are_titled_by_their_first_sentence():
    [brief] = parse_page("●某地开展了一次很有意义的主题活动，效果很好。（甲）")
    assert brief.title == headline(brief.paragraphs[0])
    assert brief.title == "某地开展了一次很有意义的主题活动，效果很好"
    assert headline("很长" * 20).endswith("…")


def test_halves_join_with_nothing_between_but_latin_words_get_a_space():
    assert join_texts("十五个部", "门单位") == "十五个部门单位"
    assert join_texts("a long", "line") == "a long line"
    assert join_texts("2018", "年") == "2018年"
