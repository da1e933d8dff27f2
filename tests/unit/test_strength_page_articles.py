"""retrieval.corpus.page_articles on hand-made blocks and items: headlines for untitled
items, joined halves, displaced titles, drafts with their headings, and the run of an
article's end that reads on with the next article.

PYTEST_DONT_REWRITE: plain asserts, so that collecting this file stays cheap (the unit
layer's time budget); a failure still shows the failing line.
"""

from __future__ import annotations

from retrieval.corpus import page_articles as pa
from retrieval.corpus.cohesion import Vocabulary, bigrams, union
from retrieval.corpus.page_articles import Draft
from retrieval.corpus.page_blocks import Block, Kind
from retrieval.corpus.page_items import Item, Section


def blocks_of(*texts: str) -> list[Block]:
    return [Block(Kind.BODY, t, n + 1, 1) for n, t in enumerate(texts)]


def _headline_case(text, expected):
    assert pa.headline(text) == expected


def test_headline():
    for text, expected in [
        ("第一句。第二句。", "第一句"),
        ("  问句？后面", "问句"),
        ("叹！", "叹"),
        ("没有句号", "没有句号"),
        ("字" * 24 + "。", "字" * 24),
        ("字" * 25, "字" * 24 + "…"),
    ]:
        _headline_case(text, expected)


def test_headline_limit():
    assert pa.headline("一二三四", limit=3) == "一二三…"
    assert pa.headline("一二三", limit=3) == "一二三"


def _join_texts_case(first, second, joined):
    assert pa.join_texts(first, second) == joined


def test_join_texts():
    for first, second, joined in [
        ("使用了AI", "Agent技术", "使用了AI Agent技术"),
        ("版本5", "G网络", "版本5 G网络"),
        ("中文", "继续", "中文继续"),
        ("AI", "技术", "AI技术"),
        ("AI.", "Agent", "AI.Agent"),
        ("中文", "5G", "中文5G"),
        ("word", "5G", "word5G"),
        ("中A", "B中", "中A B中"),
        ("中A", "中B", "中A中B"),
        ("A", "B", "A B"),
        ("", "x", "x"),
        ("x", "", "x"),
    ]:
        _join_texts_case(first, second, joined)


def test_chain_text_follows_links_and_stops_at_a_ring():
    blocks = blocks_of("一", "二", "三", "四")
    assert pa.chain_text(0, blocks, {0: 2, 2: 1}) == "一三二"
    assert pa.chain_text(0, blocks, {0: 1, 1: 0}) == "一二"
    assert pa.chain_text(3, blocks, {0: 1}) == "四"


def test_with_displaced_title():
    item = Item(
        "article",
        byline="记者",
        headed=True,
        sections=[Section("", [0]), Section("真标题", [1]), Section("小", [2])],
    )
    moved = pa.with_displaced_title(item)
    assert moved.title == "真标题" and moved.byline == "记者" and moved.headed
    assert [(s.heading, s.units) for s in moved.sections] == [("", [0, 1]), ("小", [2])]
    first = Item(
        "article", column="栏", headed=True, sections=[Section("标题在前", [0]), Section("小", [1])]
    )
    moved = pa.with_displaced_title(first)
    assert moved.title == "标题在前" and moved.column == "栏"
    assert [(s.heading, s.units) for s in moved.sections] == [("", [0]), ("小", [1])]
    middle = Item(
        "article",
        headed=True,
        closed=True,
        sections=[Section("", [0]), Section("甲", [1]), Section("乙", [2]), Section("丙", [3])],
    )
    moved = pa.with_displaced_title(middle)
    assert moved.title == "甲" and moved.closed
    assert [(s.heading, s.units) for s in moved.sections] == [
        ("", [0, 1]),
        ("乙", [2]),
        ("丙", [3]),
    ]
    # titled, header-less, not an article, or no subheading: unchanged
    for item in (
        Item("article", title="有题", headed=True, sections=[Section("小", [0])]),
        Item("article", headed=False, sections=[Section("小", [0])]),
        Item("box", headed=True, sections=[Section("小", [0])]),
        Item("article", headed=True, sections=[Section("", [0])]),
    ):
        assert pa.with_displaced_title(item) is item


def test_draft_of_joins_chains_and_keeps_headings_over_text():
    blocks = blocks_of("甲一", "甲二。", "乙。", "丙。")
    item = Item(
        "article",
        "题",
        "栏",
        "记者",
        headed=True,
        sections=[
            Section("", [0, 1]),
            Section("小一", [2]),
            Section("空", []),
            Section("小二", [3]),
        ],
    )
    draft = pa.draft_of(item, blocks, {0: 1})
    assert draft == Draft(
        "题",
        "栏",
        "记者",
        "article",
        ["甲一甲二。", "乙。", "丙。"],
        [("小一", 1), ("空", 2), ("小二", 2)],
    )
    # a heading over nothing at the end heads nothing
    item.sections.append(Section("尾", []))
    assert pa.draft_of(item, blocks, {0: 1}).headings == [("小一", 1), ("空", 2), ("小二", 2)]
    # a continued block is not a paragraph of its own
    assert pa.draft_of(Item("brief", sections=[Section("", [1])]), blocks, {0: 1}).paragraphs == []


def test_text_length():
    assert pa.text_length(["一二", "三"]) == 3
    assert pa.text_length([]) == 0


APPLES = [
    "红山村果农采摘苹果，红山村苹果丰收了。",
    "红山村的果农们今年种苹果收入很高。",
    "合作社帮助红山村果农销售苹果。",
]
BOOKS = ["北湖街道图书馆新进图书三千册。", "北湖街道居民到图书馆读书。"]
STRAY = ["北湖街道图书馆开设少儿读书角。"]


def drafts_with_stray():
    return [Draft("苹果", "", paragraphs=APPLES + STRAY), Draft("读书", "", paragraphs=list(BOOKS))]


def test_a_strayed_run_goes_to_the_article_it_reads_on_with():
    apples, books = pa.credit_strayed_runs(drafts_with_stray())
    assert apples.paragraphs == APPLES
    assert books.paragraphs == BOOKS + STRAY


def test_strayed_run_position():
    draft, following = drafts_with_stray()
    grams = [bigrams(p) for p in draft.paragraphs]
    vocabulary = Vocabulary.of([union(grams), union(bigrams(p) for p in following.paragraphs)])
    there = union(bigrams(p) for p in following.paragraphs)
    assert pa.strayed_run(draft, there, grams, vocabulary) == 3
    # a subheading bounds the run from above
    draft.headings = [("小", 4)]
    assert pa.strayed_run(draft, there, grams, vocabulary) is None
    draft.headings = [("小", 3)]
    assert pa.strayed_run(draft, there, grams, vocabulary) == 3


def test_an_article_keeps_its_first_paragraphs_and_the_larger_part():
    short = Draft("苹果", "", paragraphs=APPLES[:1] + STRAY)  # MIN_KEPT: two stay
    books = Draft("读书", "", paragraphs=list(BOOKS))
    assert pa.credit_strayed_runs([short, books])[0].paragraphs == APPLES[:1] + STRAY
    long_stray = [
        "北湖街道图书馆开设少儿读书角，北湖街道居民借书读书更方便，北湖街道图书馆"
        "还办了读书会，居民们都说北湖街道图书馆好。"
    ]
    draft = Draft("苹果", "", paragraphs=APPLES[:2] + long_stray)
    assert (
        pa.credit_strayed_runs([draft, Draft("读书", "", paragraphs=list(BOOKS))])[0].paragraphs
        == APPLES[:2] + long_stray
    )


def test_only_articles_followed_by_an_article_give_runs_away():
    for kinds in (("brief", "article"), ("article", "photo")):
        first, second = drafts_with_stray()
        first.kind, second.kind = kinds
        out = pa.credit_strayed_runs([first, second])
        assert out[0].paragraphs == APPLES + STRAY, kinds
    first, _ = drafts_with_stray()
    assert pa.credit_strayed_runs([first, Draft("空", "")])[0].paragraphs == APPLES + STRAY


def test_the_run_must_read_on_clearly_more_there(monkeypatch):
    stray = ["北湖街道图书馆开设少儿读书角，果农也来。"]  # one word of its own article

    def drafts():
        return [
            Draft("苹果", "", paragraphs=APPLES + stray),
            Draft("读书", "", paragraphs=list(BOOKS)),
        ]

    apples, books = pa.credit_strayed_runs(drafts())
    assert apples.paragraphs == APPLES and books.paragraphs == BOOKS + stray
    monkeypatch.setattr(pa, "STRAYED", 1e6)
    apples, books = pa.credit_strayed_runs(drafts())
    assert apples.paragraphs == APPLES + stray and books.paragraphs == BOOKS


def test_a_run_of_more_than_max_run_paragraphs_stays(monkeypatch):
    monkeypatch.setattr(pa, "MAX_RUN", 0)
    assert pa.credit_strayed_runs(drafts_with_stray())[0].paragraphs == APPLES + STRAY
    monkeypatch.setattr(pa, "MAX_RUN", 1)
    assert pa.credit_strayed_runs(drafts_with_stray())[0].paragraphs == APPLES


def test_page_articles_titles_untitled_drafts_and_drops_empty_items():
    blocks = blocks_of("没有标题的文章开头。后面。", "第二段。")
    items = [
        Item("article", sections=[Section("", [0, 1])]),
        Item("photo", sections=[Section("", [])]),
    ]
    drafts = pa.page_articles(blocks, items, {})
    assert [(d.title, d.kind, d.paragraphs) for d in drafts] == [
        ("没有标题的文章开头", "article", ["没有标题的文章开头。后面。", "第二段。"])
    ]
    titled = [Item("article", title="真题", sections=[Section("", [0])])]
    assert pa.page_articles(blocks, titled, {})[0].title == "真题"
