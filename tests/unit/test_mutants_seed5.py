"""Tests for behaviour a fresh mutation sample (seed 5, bench/mutants.py) showed untested:
each pins one thing a maintainer could break without any other test noticing."""

from __future__ import annotations

import numpy as np
import pytest
from support.unit_harness import UnitBot

from bot import texts
from bot.knowledge_holder import KbSummary
from bot.settings import settings_from_mapping
from bot.stats import Stats
from retrieval.answer.names import NameIndex
from retrieval.answer.query import _find_topic
from retrieval.config import RetrievalConfig
from retrieval.corpus.page_blocks import MAX_HEADING_CHARS, looks_like_heading
from retrieval.index.bm25 import _chunk_spans
from retrieval.index.snapshot import SnapshotError, _member_arrays
from retrieval.models import Article


def test_a_kind_of_place_alone_is_never_the_topic():
    """小区, 社区, 嘎查 … kept as names are kinds of place: 龙庭小区 is not about 小区."""
    corpus = "龙庭小区的居民。察哈尔社区。"
    names = NameIndex.build([], ["小区", "社区"], corpus)
    for question in ("龙庭小区有多少人", "察哈尔社区在哪"):
        found, _ = _find_topic(question, names)
        assert not found, question


async def test_inline_search_time_is_a_duration(unit_bot: UnitBot):
    await unit_bot.inline(601, "红色物业是什么")
    snapshot = unit_bot.state.stats.snapshot()
    assert snapshot.search_median_ms is not None
    assert 0 <= snapshot.search_median_ms <= (snapshot.median_ms or 0) + 1
    unit_bot.clean()


def test_a_heading_may_be_exactly_as_long_as_the_limit():
    line = "社区" * (MAX_HEADING_CHARS // 2)
    assert len(line) == MAX_HEADING_CHARS and looks_like_heading(line)
    assert not looks_like_heading(line + "社")


def test_sources_show_a_column_only_when_there_is_one():
    articles = [Article(0, "有栏目", "广角", "", "000.txt", ("段",)),
                Article(1, "无栏目", "", "", "000.txt", ("段",))]
    [message] = texts.sources_messages(articles, {"000.txt": "党建版 第1页"}, [])
    assert "《有栏目》 · 广角" in message
    line = next(line for line in message.splitlines() if "《无栏目》" in line)
    assert line.rstrip().endswith("《无栏目》")


def test_chunks_hold_one_long_document_alone():
    """A document longer than a chunk makes a chunk of its own, not of two."""
    spans = list(_chunk_spans(np.array([5, 50, 5, 5]), max_tokens=10))
    assert spans[0] == (0, 1) and (1, 2) in spans
    covered = [i for a, b in spans for i in range(a, b)]
    assert covered == [0, 1, 2, 3]


def test_stats_list_wrong_answers_only_when_there_are_some():
    summary = KbSummary("v" * 40, 10, 100)
    stats = Stats(recent_unanswered=5)
    assert "最近被点 👎 的问题" not in texts.stats_text(stats.snapshot(), summary, None)
    stats.record_wrong("三减三优是什么")
    text = texts.stats_text(stats.snapshot(), summary, None)
    assert "最近被点 👎 的问题" in text and "三减三优是什么" in text


def test_the_default_dialogue_memory_is_ten_minutes(tmp_path):
    default = settings_from_mapping({}, token="1:x", retrieval=RetrievalConfig(),
                                    config_path=tmp_path / "c.yaml")
    assert default.dialogue_seconds == 600
    given = settings_from_mapping({"telegram": {"dialogue_minutes": 2}}, token="1:x",
                                  retrieval=RetrievalConfig(), config_path=tmp_path / "c.yaml")
    assert given.dialogue_seconds == 120


@pytest.mark.parametrize("array", [np.zeros((2, 2), dtype=np.int32),
                                   np.asfortranarray(np.zeros((2, 3), dtype=np.int32)),
                                   np.array(["a", None], dtype=object)])
def test_a_snapshot_member_of_the_wrong_shape_or_kind_is_refused(tmp_path, array):
    path = tmp_path / "bad.npz"
    np.savez(path, doc_ids=array)
    with pytest.raises(SnapshotError):
        _member_arrays(path)
    np.savez(path, doc_ids=np.arange(3, dtype=np.int32))  # a plain 1-D array loads
    assert list(_member_arrays(path)["doc_ids"]) == [0, 1, 2]
