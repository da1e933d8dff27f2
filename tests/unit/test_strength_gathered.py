"""retrieval.answer.gathered with a stand-in query: which names are counted names, the
quoted items gathered from an article, and the answer line made of them.

PYTEST_DONT_REWRITE: plain asserts, so that collecting this file stays cheap (the unit
layer's time budget); a failure still shows the failing line.
"""

from __future__ import annotations

from types import SimpleNamespace

from retrieval.answer import gathered as g
from retrieval.models import AnswerLine, Article


def query(intent="list", topic=None, names=()):
    return SimpleNamespace(
        intent=intent, topic=SimpleNamespace(name=topic) if topic else None, names=tuple(names)
    )


def _counted_name_case(name, counted):
    assert g.counted_name(query(topic=name)) == counted


def test_counted_name():
    for name, counted in [
        ("三大工程", (3, "工程")),
        ("四项机制", (4, "机制")),
        ("五个平台", (5, "平台")),
        ("两类人群", (2, "人群")),
        ("十条措施", (10, "措施")),
        ("一种模式", (1, "模式")),
        ("六大示范工程", (6, "示范工程")),
        ("红山村", None),
        ("十一项工作", None),
        ("三大", None),
        ("大工程", None),
        ("三大a工程", None),
    ]:
        _counted_name_case(name, counted)


def test_counted_name_needs_a_list_question_and_looks_at_names_too():
    assert g.counted_name(query(intent="definition", topic="三大工程")) is None
    assert g.counted_name(query(names=("红山村", "四项机制"))) == (4, "机制")
    assert g.counted_name(query(topic="红山村", names=("三大工程",))) == (3, "工程")
    assert g.counted_name(query()) is None


def article(*paragraphs: str) -> Article:
    return Article(id=0, title="t", column="", byline="", source="s", paragraphs=paragraphs)


def test_gathered_items_in_order_distinct_and_at_most_count():
    art = article(
        "实施固边兴边“三大工程”，先说“强基工程”。",
        '开展“聚力工程”和“强基工程”，还有"固边工程"。',
        "“工程”本身不算，“示范项目”也不算，“第四工程”超出了。",
    )
    assert g.gathered_items(art, 3, "工程", "三大工程") == ["强基工程", "聚力工程", "固边工程"]
    assert g.gathered_items(art, 5, "工程", "三大工程") == [
        "强基工程",
        "聚力工程",
        "固边工程",
        "第四工程",
    ]
    assert g.gathered_items(art, 2, "项目", "") == ["示范项目"]
    assert g.gathered_items(article("“一”很短"), 3, "一", "") == []


def test_gathered_line_marks_each_item():
    art = article("“三大工程”：“强基工程”“聚力工程”“固边工程”。")
    line = g.gathered_line(art, query(topic="三大工程"), rank=2)
    assert line == AnswerLine(
        text="强基工程、聚力工程、固边工程", spans=((0, 4), (5, 9), (10, 14)), rank=2
    )
    assert g.gathered_line(art, query(intent="how", topic="三大工程"), 1) is None
    one = article("“三大工程”之一是“强基工程”。")
    assert g.gathered_line(one, query(topic="三大工程"), 1) is None
    two = article("“强基工程”与“聚力工程”。")
    assert g.gathered_line(two, query(names=("三大工程",)), 1).text == "强基工程、聚力工程"
