"""retrieval.corpus.page_joins on hand-made blocks and items: which blocks are fragments,
which may continue one, the three ways a continuation is found (quotation closers,
the flow, vocabulary), chains, and the runs of text a join moves.

PYTEST_DONT_REWRITE: plain asserts, so that collecting this file stays cheap (the unit
layer's time budget); a failure still shows the failing line.
"""

from __future__ import annotations

from retrieval.corpus import page_joins as pj
from retrieval.corpus.page_blocks import Block, Kind
from retrieval.corpus.page_items import Item, Section
from retrieval.corpus.page_joins import Group, Joiner, Place, join_page


def blocks_of(*texts: str | tuple[Kind, str]) -> list[Block]:
    out = []
    for n, text in enumerate(texts):
        kind, value = text if isinstance(text, tuple) else (Kind.BODY, text)
        out.append(Block(kind, value, n + 1, 1))
    return out


def article(
    *sections: tuple[str, list[int]],
    title: str = "题",
    headed: bool = True,
    kind: str = "article",
    byline: str = "",
) -> Item:
    return Item(
        kind,
        title=title,
        headed=headed,
        byline=byline,
        sections=[Section(h, list(u)) for h, u in sections],
    )


def test_item_places():
    item = article(("", [0, 1]), ("小", [3]))
    assert pj.item_places(4, item) == {0: Place(4, 0), 1: Place(4, 0), 3: Place(4, 1)}
    assert pj.item_places(0, Item("photo", sections=[Section("")])) == {}


def test_opens_quote_and_closes_early():
    assert pj.opens_quote("他说“今天")
    assert not pj.opens_quote("他说“今天”")
    assert not pj.opens_quote("今天”他说")
    assert pj.closes_early("东四环”的原则。")
    assert pj.closes_early("好”")
    assert not pj.closes_early("第一句。第二句”的事")  # not in the first sentence
    assert not pj.closes_early("没有引号。")
    assert not pj.closes_early("“有开有合”。")


def test_item_groups():
    headless = article(("", [2, 3]), ("小", [4]), headed=False, title="")
    assert pj.item_groups(1, headless) == [Group(1, (0, 1), 2)]
    headed = article(("", [0]), ("甲", [1, 2]), ("乙", []), ("丙", [5]))
    assert pj.item_groups(0, headed) == [Group(0, (1,), 1), Group(0, (3,), 5)]
    untitled = article(("", []), ("显示为小标题的标题", [1]), ("乙", [2]), title="")
    assert pj.item_groups(0, untitled) == [Group(0, (2,), 2)]
    untitled_box = article(("甲", [1]), ("乙", [2]), title="", kind="box")
    assert pj.item_groups(0, untitled_box) == [Group(0, (0,), 1), Group(0, (1,), 2)]
    assert pj.item_groups(0, article(("", [0]), kind="photo", headed=False)) == []
    assert pj.item_groups(0, article(("", [0]), kind="brief", headed=False)) == []
    assert pj.item_groups(0, article(("", []), headed=False)) == []


def test_a_fragment_is_continued_by_the_next_block_of_its_section():
    blocks = blocks_of("大家一起", "采摘苹果。", "下一段")
    items = [article(("", [0, 1, 2]))]
    new_items, links = join_page(blocks, items)
    assert links == {0: 1}
    assert new_items == items and new_items is not items  # a copy, unchanged


def test_what_is_not_a_fragment():
    blocks = blocks_of(
        "说明文字", "署名后的简讯", "名言", "说完了。", "后文。", "后文。", "后文。", "后文。"
    )
    items = [
        article(("", [0]), kind="photo", headed=False),
        article(("", [1]), kind="brief", byline="甲"),
        article(("", [2]), kind="quote", byline="乙"),
        article(("", [3, 4])),
    ]
    joiner = Joiner(blocks, items)
    assert [joiner.is_fragment(u) for u in range(4)] == [False, False, False, False]
    items[1].byline = ""
    assert Joiner(blocks, items).is_fragment(1)


def test_may_continue_needs_unclaimed_body_text_of_a_running_item():
    blocks = blocks_of("甲", (Kind.BRIEF, "乙"), "丙", "丁", "戊")
    items = [
        article(("", [0, 2])),
        article(("", [1]), kind="brief"),
        article(("", [3]), kind="photo", headed=False),
        article(("", [4]), kind="box"),
    ]
    joiner = Joiner(blocks, items)
    assert joiner.may_continue(0, 2)
    assert not joiner.may_continue(0, 1)  # a brief's block
    assert not joiner.may_continue(0, 3)  # a photo's caption
    assert joiner.may_continue(0, 4)  # a box runs on
    joiner.link(0, 2)
    assert not joiner.may_continue(4, 2)  # claimed
    assert not joiner.may_continue(2, 0)  # the head of its own chain


def test_chain_head_follows_and_compresses_the_chain():
    blocks = blocks_of("一", "二", "三", "四")
    joiner = Joiner(blocks, [article(("", [0, 1, 2, 3]))])
    joiner.root = {3: 2, 2: 1, 1: 0}
    assert joiner.chain_head(3) == 0
    assert joiner.root == {3: 0, 2: 0, 1: 0}
    assert joiner.chain_head(0) == 0


def test_flow_next_stays_inside_the_section():
    blocks = blocks_of("一，", "二，", "三，")
    joiner = Joiner(blocks, [article(("", [0]), ("小", [1, 2]))])
    assert joiner.flow_next(0) is None
    assert joiner.flow_next(1) == 2
    assert joiner.flow_next(2) is None
    joiner = Joiner(blocks, [article(("", [0])), article(("", [1]))])
    assert joiner.flow_next(0) is None


def test_an_open_quotation_is_closed_by_the_nearest_early_closer():
    blocks = blocks_of("别的”话。", "中间。", "按照“西三环", "第二段", "东四环”的原则。")
    joiner = Joiner(blocks, [article(("", [0, 1, 2, 3, 4]))])
    # at equal distance (2), the block after the fragment wins over the one before
    assert joiner.nearest_closer(2) == 4
    assert joiner.continuation(2) == 4
    blocks = blocks_of("别的”话。", "中间。", "按照“西三环", "第二段", "第三段", "东四环”的原则。")
    assert Joiner(blocks, [article(("", [0, 1, 2, 3, 4, 5]))]).nearest_closer(2) == 0
    # the next block wins when it closes the quotation itself
    blocks = blocks_of("她说“今天", "天气好。”大家笑了。", "又一段”的事。")
    assert Joiner(blocks, [article(("", [0, 1, 2]))]).continuation(0) == 1
    # no closer anywhere: the next block
    blocks = blocks_of("她说“今天", "天气好", "末。")
    joiner = Joiner(blocks, [article(("", [0, 1, 2]))])
    assert joiner.nearest_closer(0) is None and joiner.continuation(0) == 1


def test_the_closer_search_is_bounded_by_the_window(monkeypatch):
    monkeypatch.setattr(pj, "SEARCH_WINDOW", 2)
    blocks = blocks_of("按照“西三环", "一。", "二。", "东四环”的原则。")
    joiner = Joiner(blocks, [article(("", [0]), ("小", [1, 2, 3]))])
    assert joiner.nearest_closer(0) is None
    monkeypatch.setattr(pj, "SEARCH_WINDOW", 3)
    joiner = Joiner(blocks, [article(("", [0]), ("小", [1, 2, 3]))])
    assert joiner.nearest_closer(0) == 3


def test_closes_early_is_cached():
    blocks = blocks_of("好”的。", "甲")
    joiner = Joiner(blocks, [article(("", [0, 1]))])
    assert joiner.closes_early(0) is True and joiner.early == {0: True}
    assert joiner.closes_early(1) is False and joiner.early == {0: True, 1: False}


def test_after_an_interruption_the_first_text_of_the_same_item():
    blocks = blocks_of("大家一起", ("", ""), "采摘苹果。")
    blocks[1] = Block(Kind.HEADING, "小标题", 2, 1)
    joiner = Joiner(blocks, [article(("", [0]), ("小标题", [2]))])
    assert joiner.after_interruption(0) == 2
    assert joiner.continuation(0) == 2


def test_after_an_interruption_a_headerless_items_opening():
    blocks = blocks_of("大家一起", "照片说明", "采摘苹果。", "后文。")
    items = [
        article(("", [0])),
        article(("", [1]), kind="photo", headed=False),
        article(("", [2, 3]), headed=False, title=""),
    ]
    joiner = Joiner(blocks, items)
    assert joiner.after_interruption(0) == 2
    new_items, links = join_page(blocks, items)
    assert links == {0: 2}
    # the header-less item moved into the article it continues
    assert [s.units for s in new_items[0].sections] == [[0], [2, 3]]
    assert new_items[2].sections == [Section("")]


def test_a_headed_item_after_the_interruption_is_not_a_continuation():
    blocks = blocks_of("大家一起", "另一篇的正文。")
    items = [article(("", [0])), article(("", [1]), title="另一篇")]
    joiner = Joiner(blocks, items)
    assert joiner.after_interruption(0) is None
    # nor is the second text of a header-less item
    items = [article(("", [0])), article(("", [1]), headed=False, title="")]
    blocks = blocks_of("大家一起", "甲。", "乙。")
    items = [article(("", [0])), article(("", [1, 2]), headed=False, title="")]
    joiner = Joiner(blocks, items)
    assert joiner.after_interruption(0) == 1
    assert joiner.after_interruption(2) is None  # the end of the page


def vocabulary_page():
    """An apples article cut short, a books article, and a subheaded section about apples
    printed inside the books article."""
    blocks = blocks_of(
        "红山村果农采摘苹果，红山村苹果丰收，果农们",  # 0: the fragment
        "北湖街道图书馆新进图书，居民读书。",  # 1
        "图书馆里坐满读书的居民。",  # 2
        (Kind.HEADING, "小标题"),  # 3
        "忙着采摘苹果，红山村果农笑了。",  # 4: continues 0
        "北湖街道图书馆开设读书角。",  # 5
    )
    items = [
        article(("", [0]), title="苹果"),
        article(("", [1, 2]), ("小标题", [4]), ("又一个", [5]), title="读书"),
    ]
    return blocks, items


def test_by_vocabulary_the_section_that_shares_the_fragments_words():
    blocks, items = vocabulary_page()
    joiner = Joiner(blocks, items)
    assert joiner.flow_next(0) is None and joiner.after_interruption(0) is None
    assert joiner.by_vocabulary(0) == 4
    new_items, links = join_page(blocks, items)
    assert links == {0: 4}
    assert [(s.heading, s.units) for s in new_items[0].sections] == [("", [0]), ("小标题", [4])]
    assert [(s.heading, s.units) for s in new_items[1].sections] == [("", [1, 2]), ("又一个", [5])]


def test_by_vocabulary_needs_a_clear_lead(monkeypatch):
    blocks, items = vocabulary_page()
    joiner = Joiner(blocks, items)
    monkeypatch.setattr(pj, "CLEAR_LEAD", 1e9)
    assert joiner.by_vocabulary(0) == 4  # only one candidate shares words at all
    blocks = list(blocks)
    blocks[5] = Block(Kind.BODY, "采摘苹果的红山村果农。", 6, 1)
    assert Joiner(blocks, items).by_vocabulary(0) is None
    monkeypatch.setattr(pj, "CLEAR_LEAD", 0.0)
    assert Joiner(blocks, items).by_vocabulary(0) in (4, 5)


def test_by_vocabulary_ignores_the_own_item_and_words_the_section_shares_more_with_its_own():
    blocks, items = vocabulary_page()
    blocks = list(blocks)
    # the section reads like its own article more than like the fragment's
    blocks[4] = Block(Kind.BODY, "北湖街道图书馆居民读书，红山村。", 5, 1)
    assert Joiner(blocks, items).by_vocabulary(0) is None
    blocks[4] = Block(Kind.BODY, "毫不相干的文字内容。", 5, 1)
    assert Joiner(blocks, items).by_vocabulary(0) is None
    # a group of the fragment's own item is never chosen
    blocks, _ = vocabulary_page()
    own = [
        article(("", [0]), ("小标题", [4]), title="苹果"),
        article(("", [1, 2]), ("又一个", [5]), title="读书"),
    ]
    assert Joiner(blocks, own).by_vocabulary(0) is None


def test_the_vocabulary_search_is_bounded_by_the_window(monkeypatch):
    blocks, items = vocabulary_page()
    monkeypatch.setattr(pj, "SEARCH_WINDOW", 3)
    assert Joiner(blocks, items).by_vocabulary(0) is None
    monkeypatch.setattr(pj, "SEARCH_WINDOW", 4)
    assert Joiner(blocks, items).by_vocabulary(0) == 4


def test_text_of_unites_and_caches_bigrams():
    blocks = blocks_of("苹果丰收", "果园")
    joiner = Joiner(blocks, [article(("", [0, 1]))])
    assert joiner.text_of([0, 1]) == frozenset({"苹果", "果丰", "丰收", "果园"})
    assert set(joiner.grams) == {0, 1}
    assert joiner.text_of([]) == frozenset()


def test_link_within_an_item_moves_nothing():
    blocks = blocks_of("一，", "二。")
    joiner = Joiner(blocks, [article(("", [0]), ("小", [1]))])
    joiner.link(0, 1)
    assert joiner.links == {0: 1} and joiner.back == {1: 0} and joiner.root == {1: 0}
    assert [s.units for s in joiner.items[0].sections] == [[0], [1]]


def test_move_puts_the_sections_after_the_fragments_section_and_leaves_an_empty_lead():
    blocks = blocks_of("甲，", "乙。", "丙。", "丁。", "戊。")
    items = [
        article(("", [0]), ("后", [1])),
        article(("", [2]), ("x", [3]), ("y", [4]), headed=False, title=""),
    ]
    joiner = Joiner(blocks, items)
    joiner.move(Group(1, (0, 1, 2), 2), Place(0, 0))
    assert [(s.heading, s.units) for s in joiner.items[0].sections] == [
        ("", [0]),
        ("", [2]),
        ("x", [3]),
        ("y", [4]),
        ("后", [1]),
    ]
    assert joiner.items[1].sections == [Section("")]
    assert joiner.where[3] == Place(0, 2)
    assert joiner.where[1] == Place(0, 4)
    assert 2 not in joiner.groups  # the moved run is part of a headed article now
    assert set(joiner.groups) == {1, 3, 4}


def test_a_ring_of_halves_never_loops():
    blocks = blocks_of("“甲”乙“丙", "”丁“戊", "”己“庚")
    new_items, links = join_page(blocks, [article(("", [0, 1, 2]))])
    assert links == {0: 1, 1: 2}


def test_a_closer_right_next_to_the_fragment_is_found_first():
    blocks = blocks_of("甲”的话。", "按照“西三环", "东四环”的原则。")
    joiner = Joiner(blocks, [article(("", [0, 1]), ("小", [2]))])
    assert joiner.nearest_closer(1) == 2
    blocks = blocks_of("东四环”的原则。", "按照“西三环", "别的。")
    joiner = Joiner(blocks, [article(("", [0, 1, 2]))])
    assert joiner.nearest_closer(1) == 0


def test_a_clear_lead_among_several_candidates_wins():
    blocks = blocks_of(
        "红山村果农采摘苹果，红山村苹果丰收，果农们",
        "北湖街道图书馆新进图书，居民读书。",
        "忙着采摘苹果，红山村果农笑了。",  # shares much with the fragment's article
        "北湖的果农也来读书。",  # shares one word
    )
    items = [
        article(("", [0]), title="苹果"),
        article(("", [1]), title="读书"),
        article(("", [2]), headed=False, title=""),
        article(("", [3]), headed=False, title=""),
    ]
    assert Joiner(blocks, items).by_vocabulary(0) == 2
    assert join_page(blocks, items)[1] == {0: 2}
