"""bot.quota.Quota on a fake clock: the sliding 60-second window, the wait it reports,
one notice per blocked stretch, and the bounded memory of idle users."""

from __future__ import annotations

from bot.quota import Quota, RateDecision


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_window_is_a_minute():
    assert Quota.WINDOW == 60.0
    assert RateDecision(True) == RateDecision(True, 0.0, False)


def test_no_limit_when_zero_or_less():
    for per_minute in (0, -1):
        quota = Quota(per_minute, Clock())
        assert all(quota.check(1) == RateDecision(True) for _ in range(100))


def test_sliding_window_retry_after_and_one_notice():
    clock = Clock()
    quota = Quota(2, clock)
    assert quota.check(1) == RateDecision(True)
    clock.now = 10.0
    assert quota.check(1) == RateDecision(True)
    clock.now = 15.0
    assert quota.check(1) == RateDecision(False, retry_after=45.0, notify=True)
    clock.now = 20.0
    assert quota.check(1) == RateDecision(False, retry_after=40.0, notify=False)
    assert quota.check(2) == RateDecision(True)  # another user is not blocked
    clock.now = 59.5
    assert quota.check(1) == RateDecision(False, retry_after=0.5, notify=False)
    clock.now = 60.0  # the first question is exactly a minute old: it no longer counts
    assert quota.check(1) == RateDecision(True)
    clock.now = 61.0  # the one at 10.0 and the one at 60.0 are within the window
    assert quota.check(1) == RateDecision(False, retry_after=9.0, notify=True)


def test_a_refused_question_does_not_count():
    clock = Clock()
    quota = Quota(1, clock)
    assert quota.check(5).allowed
    for t in (1.0, 30.0, 59.0):
        clock.now = t
        assert not quota.check(5).allowed
    clock.now = 60.0
    assert quota.check(5).allowed


def test_idle_users_are_dropped_once_there_are_more_than_ten_thousand():
    clock = Clock()
    quota = Quota(5, clock)
    for user in range(10_000):
        quota.check(user)
    assert len(quota._hits) == 10_000
    clock.now = 60.0  # everyone is exactly a minute idle
    quota.check(0)  # still 10 000 users: nothing is dropped
    assert len(quota._hits) == 10_000
    quota.check(99_999)  # the 10 001st: the idle ones go
    assert sorted(quota._hits) == [0, 99_999]


def test_active_users_are_kept_when_pruning():
    clock = Clock()
    quota = Quota(5, clock)
    for user in range(10_001):
        clock.now = 0.0 if user < 5_000 else 30.0
        quota.check(user)
    clock.now = 61.0
    quota.check(-1)
    assert len(quota._hits) == 5_002
    assert 0 not in quota._hits and 5_000 in quota._hits and -1 in quota._hits
