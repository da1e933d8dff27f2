"""Counters since start: questions served and answered, timings, unanswered and 👎 questions."""

from __future__ import annotations

import math
import time
from collections import deque
from dataclasses import dataclass


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (share in 0..1) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


def median(values: list[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


@dataclass(frozen=True)
class StatsSnapshot:
    served: int
    answered: int
    median_ms: float | None
    p95_ms: float | None
    search_median_ms: float | None
    search_p95_ms: float | None
    recent_unanswered: tuple[str, ...]
    started_at: float
    handler_errors: int = 0
    network_errors: int = 0
    marked_wrong: int = 0  # 👎 presses
    recent_wrong: tuple[str, ...] = ()  # the questions whose answers were marked wrong

    @property
    def answered_share(self) -> float | None:
        return self.answered / self.served if self.served else None


class Stats:
    """Counters since start; timings kept for the last `window` questions."""

    def __init__(self, recent_unanswered: int = 20, window: int = 10_000) -> None:
        self.served = 0
        self.answered = 0
        self._total_ms: deque[float] = deque(maxlen=window)
        self._search_ms: deque[float] = deque(maxlen=window)
        self._unanswered: deque[str] = deque(maxlen=recent_unanswered)
        self._wrong: deque[str] = deque(maxlen=recent_unanswered)
        self.marked_wrong = 0
        self.started_at = time.time()
        # Seen by the error handler: failures inside handlers, and polling hiccups.
        self.handler_errors = 0
        self.network_errors = 0

    def record(self, question: str, answered: bool, total_ms: float, search_ms: float,
               *, keep_unanswered: bool = True) -> None:
        self.served += 1
        self.answered += int(answered)
        self._total_ms.append(total_ms)
        self._search_ms.append(search_ms)
        if not answered and keep_unanswered and self._unanswered.maxlen:
            self._unanswered.append(question)

    def record_wrong(self, question: str) -> None:
        """A user pressed 👎 under the answer to `question`."""
        self.marked_wrong += 1
        if self._wrong.maxlen:
            self._wrong.append(question)

    def snapshot(self) -> StatsSnapshot:
        total, search = list(self._total_ms), list(self._search_ms)
        return StatsSnapshot(
            served=self.served,
            answered=self.answered,
            median_ms=median(total) if total else None,
            p95_ms=percentile(total, 0.95) if total else None,
            search_median_ms=median(search) if search else None,
            search_p95_ms=percentile(search, 0.95) if search else None,
            recent_unanswered=tuple(reversed(self._unanswered)),  # newest first
            started_at=self.started_at,
            handler_errors=self.handler_errors,
            network_errors=self.network_errors,
            marked_wrong=self.marked_wrong,
            recent_wrong=tuple(reversed(self._wrong)),
        )
