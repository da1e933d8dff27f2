"""bot.handlers.buttons.on_more on a page of passages from many articles: which 全文
buttons it offers (the first passage of each article, three at most, numbered as the
page numbers them), when 更多结果 is offered again, and what it asks the knowledge base."""

from __future__ import annotations

from support.messages import labels
from support.stub_kb import ARTICLES, StubKnowledgeBase
from support.unit_harness import MakeUnitBot

from retrieval.models import Article


def many_articles_kb() -> StubKnowledgeBase:
    extra = tuple(Article(i, f"第{i}篇", "广角", "", "001_stub.txt", (f"红色物业第{i}篇的做法。",))
                  for i in range(3, 8))
    # 红色物业: article 1 (5 passages), then five one-passage articles
    return StubKnowledgeBase(articles=ARTICLES + extra,
                             topic_articles={"红色物业": (1, 3, 4, 5, 6, 7)})


async def test_at_most_three_full_text_buttons_for_the_first_three_articles(
        make_unit_bot: MakeUnitBot):
    kb = many_articles_kb()
    unit = await make_unit_bot(kb, more_passages=5)
    reply = await unit.ask(301, "红色物业是什么")
    page = (await unit.press(301, reply, "更多结果")).reply
    # passages 4–8: article 1 (④ ⑤), articles 3 ⑥, 4 ⑦, 5 ⑧; a 9th and 10th remain
    assert page["text"].startswith("更多结果（第 4–8 条）")
    assert [label for label in labels(page) if label.startswith("全文")] == [
        "全文④", "全文⑥", "全文⑦"]
    assert "更多结果" in labels(page)
    assert (kb.asked[-1].top_k, kb.asked[-1].offset) == (6, 3)  # one more than a page

    last = (await unit.press(301, page, "更多结果")).reply
    assert last["text"].startswith("更多结果（第 9–10 条）")
    assert [label for label in labels(last) if label.startswith("全文")] == ["全文⑨", "全文⑩"]
    assert "更多结果" not in labels(last)
    assert (kb.asked[-1].top_k, kb.asked[-1].offset) == (6, 8)


async def test_a_page_of_one_article_offers_one_unnumbered_full_text(
        make_unit_bot: MakeUnitBot):
    kb = many_articles_kb()
    unit = await make_unit_bot(kb, more_passages=2)
    reply = await unit.ask(302, "红色物业是什么")
    page = (await unit.press(302, reply, "更多结果")).reply
    assert page["text"].startswith("更多结果（第 4–5 条）")  # article 1's last two
    assert [label for label in labels(page) if label.startswith("全文")] == ["全文"]
    assert "更多结果" in labels(page)
