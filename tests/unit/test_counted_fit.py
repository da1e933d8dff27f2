"""retrieval.answer.spans._counted_fit, branch by branch: how well one sentence gives the
number a how-many question asks for (the counted noun, the unit asked, amounts asked
alone), on a small corpus of its own."""

from __future__ import annotations

import pytest
from support.small_corpus import small_resources

from retrieval.answer import spans
from retrieval.answer.query import Resources, understand

PARAGRAPHS = ["青山区投资873万元建成议事厅，居民代表30人参加。",
              "河西村组建巡逻队，40名党员轮流上岗。",
              "东山村种植西瓜200亩，亩均增收1000元。",
              "议事厅面积120平方米。",
              "巡逻队养护道路19.5公里。"]


@pytest.fixture(scope="module")
def res() -> Resources:
    return small_resources(PARAGRAPHS, ["议事厅", "巡逻队"])


@pytest.mark.parametrize("question, sentence, expected", [
    # the counted noun next to a quantity in the asked unit
    ("巡逻队有多少党员", "河西村组建巡逻队，40名党员轮流上岗。", 1.0),
    ("巡逻队养护了多少条路", "养护24条路。", 1.0),
    # next to it but in another unit: 0.8, or OTHER_MEASURE_FIT for a one-character unit
    ("巡逻队有多少党员", "巡逻队的党员年满60周岁。", 0.8),
    ("巡逻队有多少个党员", "河西村组建巡逻队，40名党员轮流上岗。", 0.8),
    ("巡逻队有多少条路", "巡逻队养护道路19.5公里。", spans.OTHER_MEASURE_FIT),
    # the counted noun nowhere: 0.2, or 0.5 for an everyday noun when the unit is there
    ("巡逻队有多少党员", "青山区投资873万元建成议事厅，居民代表30人参加。", 0.2),
    ("东山村有多少户人家", "全村2012户。", 0.5),
    ("东山村有多少户人家", "全村2012人。", 0.2),
    # the noun there, no quantity next to it: the unit elsewhere 0.7, or another unit
    ("巡逻队有多少党员", "党员们很积极，一共来了30人。", 0.7),
    ("巡逻队有多少党员", "党员们很积极，一共来了30辆车。", spans.OTHER_UNIT_FIT),
    ("巡逻队有多少党员", "议事厅党员很多，投资50万元。", spans.OTHER_UNIT_FIT),
    # nothing asked in a unit: any quantity by the noun answers, else 0.7
    ("议事厅有多少", "议事厅有30个。", 1.0),
    ("议事厅有多少", "议事厅很大。", 0.7),
    # an amount asked alone (多少钱, 多少平方米): any quantity in its unit answers in full
    ("议事厅花了多少钱", "花了30万元。", 1.0),
    ("议事厅花了多少钱", "青山区投资873万元建成议事厅，居民代表30人参加。", 1.0),
    ("议事厅有多少平方米", "面积120平方米，投资50万元。", 1.0),
    ("议事厅有多少平方米", "东山村种植西瓜200亩，亩均增收1000元。", 1.0),
    # …but a count or a place is no amount: 多少钱 is not answered by 30个 (below the gate)
    ("议事厅花了多少钱", "议事厅有30个。", spans.OTHER_AMOUNT_FIT),
    ("议事厅花了多少钱", "议事厅在青山区。", spans.OTHER_AMOUNT_FIT),
])
def test_counted_fit(res, question, sentence, expected):
    query = understand(question, res)
    assert query.intent == "number"
    assert spans._counted_fit(sentence, query) == pytest.approx(expected)


def test_the_queries_read_as_the_table_assumes(res):
    """What the table above rests on: what each question counts and in which unit."""
    read = {q: (understand(q, res).counted, getattr(understand(q, res).unit, "name", None))
            for q in ("巡逻队有多少党员", "巡逻队有多少个党员", "巡逻队有多少条路",
                      "东山村有多少户人家", "议事厅有多少", "议事厅花了多少钱",
                      "议事厅有多少平方米")}
    assert read == {
        "巡逻队有多少党员": ("党员", "people"), "巡逻队有多少个党员": ("党员", "places"),
        "巡逻队有多少条路": ("路", "条"), "东山村有多少户人家": ("人家", "户"),
        "议事厅有多少": ("议事厅", None), "议事厅花了多少钱": ("", "money"),
        "议事厅有多少平方米": ("", "area"),
    }
    assert spans.OTHER_MEASURE_FIT == 0.5 and spans.OTHER_UNIT_FIT == 0.4
