"""bot.stats: nearest-rank percentile, median, the counters and the bounded recent lists
in a snapshot."""

from __future__ import annotations

import pytest

from bot.stats import Stats, StatsSnapshot, median, percentile


@pytest.mark.parametrize(("values", "share", "expected"), [
    ([5.0], 0.95, 5.0),
    ([3.0, 1.0, 2.0], 0.0, 1.0),
    ([3.0, 1.0, 2.0], 0.5, 2.0),
    ([3.0, 1.0, 2.0], 1.0, 3.0),
    ([float(i) for i in range(1, 21)], 0.95, 19.0),
    ([float(i) for i in range(1, 101)], 0.95, 95.0),
    ([float(i) for i in range(1, 11)], 0.25, 3.0),
])
def test_percentile_nearest_rank(values: list[float], share: float, expected: float):
    assert percentile(values, share) == expected


@pytest.mark.parametrize(("values", "expected"), [
    ([4.0], 4.0), ([3.0, 1.0], 2.0), ([5.0, 1.0, 3.0], 3.0), ([4.0, 1.0, 3.0, 2.0], 2.5),
])
def test_median(values: list[float], expected: float):
    assert median(values) == expected


def test_an_empty_stats_snapshot():
    stats = Stats()
    snap = stats.snapshot()
    assert (snap.served, snap.answered, snap.marked_wrong) == (0, 0, 0)
    assert (snap.median_ms, snap.p95_ms, snap.search_median_ms, snap.search_p95_ms) == (
        None, None, None, None)
    assert snap.recent_unanswered == () and snap.recent_wrong == ()
    assert snap.answered_share is None
    assert (snap.handler_errors, snap.network_errors) == (0, 0)
    assert snap.started_at == stats.started_at


def test_counts_timings_and_recent_lists_newest_first():
    stats = Stats(recent_unanswered=2, window=3)
    stats.record("q1", True, 10.0, 1.0)
    stats.record("q2", False, 20.0, 2.0)
    stats.record("q3", False, 30.0, 3.0)
    stats.record("q4", False, 40.0, 4.0, keep_unanswered=False)
    stats.record("q5", False, 50.0, 5.0)
    stats.record_wrong("w1")
    stats.record_wrong("w2")
    stats.record_wrong("w3")
    stats.handler_errors += 2
    stats.network_errors += 1
    snap = stats.snapshot()
    assert (snap.served, snap.answered) == (5, 1)
    assert snap.answered_share == 0.2
    assert snap.median_ms == 40.0  # the window keeps the last three: 30, 40, 50
    assert snap.p95_ms == 50.0
    assert (snap.search_median_ms, snap.search_p95_ms) == (4.0, 5.0)
    assert snap.recent_unanswered == ("q5", "q3")
    assert snap.recent_wrong == ("w3", "w2")
    assert snap.marked_wrong == 3
    assert (snap.handler_errors, snap.network_errors) == (2, 1)


def test_no_recent_lists_when_their_size_is_zero():
    stats = Stats(recent_unanswered=0)
    stats.record("q", False, 1.0, 1.0)
    stats.record_wrong("w")
    snap = stats.snapshot()
    assert snap.recent_unanswered == () and snap.recent_wrong == ()
    assert snap.marked_wrong == 1 and snap.served == 1


def test_default_sizes():
    stats = Stats()
    for i in range(25):
        stats.record(f"q{i}", False, float(i), 0.0)
        stats.record_wrong(f"w{i}")
    snap = stats.snapshot()
    assert len(snap.recent_unanswered) == 20 and snap.recent_unanswered[0] == "q24"
    assert len(snap.recent_wrong) == 20 and snap.recent_wrong[-1] == "w5"
    big = Stats()
    for i in range(10_001):
        big.record("q", True, float(i), 0.0)
    assert big.snapshot().median_ms == 5000.5  # 1 .. 10 000: the first one fell out


def test_snapshot_defaults():
    snap = StatsSnapshot(1, 1, None, None, None, None, (), 0.0)
    assert (snap.handler_errors, snap.network_errors, snap.marked_wrong, snap.recent_wrong) == (
        0, 0, 0, ())
    assert snap.answered_share == 1.0
