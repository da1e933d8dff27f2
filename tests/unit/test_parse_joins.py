"""Stage 4: sentences the layout broke are joined wherever the other half stands."""

from support.pages import APPLES_AND_BOOKS

from retrieval.corpus.page_parser import parse_page

BYLINE = "□本报记者 甲"
BROKEN = "果农们忙了一整天，大家一起"  # a sentence the layout cut
JOINED = "果农们忙了一整天，大家一起采摘苹果。"


def paragraphs(text: str) -> list[list[str]]:
    return [d.paragraphs for d in parse_page(text)]


def test_a_block_that_does_not_end_its_sentence_is_continued_by_the_next():
    assert paragraphs(f"标题\n\n{BYLINE}\n\n{BROKEN}\n\n采摘苹果。\n\n下一段。") == [
        [JOINED, "下一段。"]]


def test_a_subheading_between_the_halves_does_not_keep_them_apart():
    page = f"标题\n\n{BYLINE}\n\n第一段。\n\n{BROKEN}\n\n小标题\n\n采摘苹果。\n\n下一段。"
    [draft] = parse_page(page)
    assert draft.paragraphs == ["第一段。", JOINED, "下一段。"]
    assert draft.headings == [("小标题", 2)]


def test_a_photo_between_the_halves_does_not_keep_them_apart():
    page = (f"标题\n\n{BYLINE}\n\n{BROKEN}\n\n\n\n巡边\n\n民警在巡逻。\n\n王五 摄\n\n"
            "采摘苹果。\n\n下一段。")
    drafts = parse_page(page)
    assert [(d.kind, d.paragraphs) for d in drafts] == [
        ("article", [JOINED, "下一段。"]), ("photo", ["民警在巡逻。"])]


def test_the_block_that_closes_the_open_quotation_is_the_continuation_even_far_back():
    page = (f"标题\n\n{BYLINE}\n\n东四环”的原则，推动工作落地。\n\n第二段。\n\n"
            "按照“西三环\n\n别的话。")
    [draft] = parse_page(page)
    assert "按照“西三环东四环”的原则，推动工作落地。" in draft.paragraphs
    assert "别的话。" in draft.paragraphs and "第二段。" in draft.paragraphs
    assert len(draft.paragraphs) == 3


def test_the_next_block_wins_when_it_closes_the_quotation():
    page = f"标题\n\n{BYLINE}\n\n她说“今天\n\n天气好。”大家笑了。\n\n又一段”的事。"
    assert paragraphs(page)[0][0] == "她说“今天天气好。”大家笑了。"


def test_a_section_whose_opening_continues_another_article_moves_there():
    apples, books = parse_page(APPLES_AND_BOOKS)
    assert apples.title == "红山村苹果丰收" and all("图书馆" not in p for p in apples.paragraphs)
    assert books.title == "书香 满街巷" and books.column == "专栏"  # its displaced headline
    assert books.paragraphs == [
        "北湖街道图书馆今年新进图书三千册，居民读书热情高涨。",
        "今年以来，北湖街道在各社区开展“全民读书月活动，北湖街道图书馆组织居民读书，"
        "图书馆里坐满了读书的居民。",
        "北湖街道图书馆还开设了少儿读书角，居民借书读书更方便。",
    ]


def test_a_fragment_nothing_continues_stays_as_it_is():
    page = (
        "红山村苹果丰收\n\n□本报记者 甲\n\n"
        "果园里的苹果熟了，红山村的果农忙着采摘苹果。\n\n小标题\n\n红山村合作社帮助果农销售苹果。\n\n"
        "北湖读书月\n\n□本报记者 乙\n\n北湖街道图书馆开展读书月，居民读书热情高涨，还有"
    )
    apples, books = parse_page(page)
    assert apples.headings == [("小标题", 1)] and len(apples.paragraphs) == 2
    assert books.paragraphs == ["北湖街道图书馆开展读书月，居民读书热情高涨，还有"]


def test_halves_in_a_ring_never_loop():
    page = f"标题\n\n{BYLINE}\n\n“甲”乙“丙\n\n”丁“戊\n\n”己“庚"
    [draft] = parse_page(page)
    assert "".join(draft.paragraphs).count("甲") == 1
