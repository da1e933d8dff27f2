"""The per-user question quota: at most N questions, inline queries and button presses a
minute. Checked in one place (handlers.gate) for every kind of update."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class RateDecision:
    allowed: bool
    retry_after: float = 0.0  # seconds until the next question is accepted
    notify: bool = False  # tell the user once per blocked stretch, not on every message


class Quota:
    """At most `per_minute` questions per user in any sliding 60-second window."""

    WINDOW = 60.0

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self._clock = clock
        self._hits: dict[int, deque[float]] = {}
        self._notified: set[int] = set()

    def check(self, user_id: int) -> RateDecision:
        if self.per_minute <= 0:
            return RateDecision(True)
        now = self._clock()
        hits = self._hits.setdefault(user_id, deque())
        while hits and now - hits[0] >= self.WINDOW:
            hits.popleft()
        if len(hits) < self.per_minute:
            hits.append(now)
            self._notified.discard(user_id)
            self._prune(now)
            return RateDecision(True)
        notify = user_id not in self._notified
        self._notified.add(user_id)
        return RateDecision(False, retry_after=self.WINDOW - (now - hits[0]), notify=notify)

    def _prune(self, now: float) -> None:
        # Keep memory bounded by active users: drop idle users now and then.
        if len(self._hits) > 10_000:
            for uid in [u for u, h in self._hits.items() if not h or now - h[-1] >= self.WINDOW]:
                del self._hits[uid]
