"""bot.handlers.commands.topics_page as a function of the number of names and the page
asked: eight names a page, ‹ › paging only where there is a page to go to, a page out of
range shown as the nearest one, and no buttons when there are no names."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from bot import texts
from bot.buttons import Buttons
from bot.handlers.commands import topics_page
from retrieval.models import Topic


def context(n: int) -> SimpleNamespace:
    kb = SimpleNamespace(topics=lambda: tuple(Topic(f"做法{i:02}", (0,)) for i in range(n)))
    return SimpleNamespace(state=SimpleNamespace(knowledge=SimpleNamespace(kb=kb),
                                                 buttons=Buttons()))


def page_of(n: int, page: int) -> tuple[str, list[str], list[tuple[str, str]]]:
    text, markup = topics_page(context(n), page)
    assert markup is not None
    rows = markup.inline_keyboard
    names = [b.text for row in rows for b in row if not b.callback_data.startswith("t|")]
    paging = [(b.text, b.callback_data) for row in rows for b in row
              if b.callback_data.startswith("t|")]
    return text, names, paging


def test_three_pages():
    assert texts.TOPICS_PAGE_SIZE == 8
    text, names, paging = page_of(20, 0)
    assert text == "<b>资料里的基层做法（20 个）</b>\n点一下就问“是什么”。（第 1/3 页）"
    assert names == [f"做法{i:02}" for i in range(8)] and paging == [("下一页 ›", "t|1")]
    text, names, paging = page_of(20, 1)
    assert text.endswith("（第 2/3 页）") and names == [f"做法{i:02}" for i in range(8, 16)]
    assert paging == [("‹ 上一页", "t|0"), ("下一页 ›", "t|2")]
    text, names, paging = page_of(20, 2)
    assert text.endswith("（第 3/3 页）") and names == [f"做法{i:02}" for i in range(16, 20)]
    assert paging == [("‹ 上一页", "t|1")]


@pytest.mark.parametrize("asked, shown", [(-1, 0), (-50, 0), (3, 2), (99, 2)])
def test_a_page_out_of_range_is_the_nearest_one(asked, shown):
    assert page_of(20, asked) == page_of(20, shown)


@pytest.mark.parametrize("n, pages", [(1, 1), (8, 1), (9, 2), (16, 2), (17, 3)])
def test_pages_are_rounded_up(n, pages):
    text, names, paging = page_of(n, pages - 1)
    assert len(names) == n - 8 * (pages - 1)
    assert (f"（第 {pages}/{pages} 页）" in text) == (pages > 1)
    assert text.startswith(f"<b>资料里的基层做法（{n} 个）</b>")
    assert ("下一页 ›", f"t|{pages}") not in paging
    if pages == 1:
        assert paging == []


def test_no_names_no_buttons():
    assert topics_page(context(0), 0) == ("资料里还没有识别出基层做法的名称。", None)
    assert topics_page(context(0), 5) == ("资料里还没有识别出基层做法的名称。", None)


def test_each_name_asks_what_it_is():
    _, markup = topics_page(context(3), 0)
    data = [b.callback_data for row in markup.inline_keyboard for b in row]
    assert [Buttons().parse(d).question.text for d in data] == [
        "做法00是什么", "做法01是什么", "做法02是什么"]
