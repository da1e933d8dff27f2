"""Mutable state of a running bot, kept in one BotState object in application.bot_data.

- KnowledgeHolder: the current KnowledgeBase, swapped atomically by a single-flight reload.
- Stats: questions served, share answered, answer-time percentiles, recent unanswered questions.
- RateLimiter: per-user sliding one-minute window.
- QuestionCache: questions too long to ride inside a button's 64-byte callback_data.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import math
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from telegram.ext import CallbackContext

    from bot.settings import Settings
    from retrieval.answer.knowledge import KnowledgeBase
    from retrieval.models import SkippedFile

log = logging.getLogger(__name__)

STATE_KEY = "state"


# --------------------------------------------------------------------------- knowledge


@dataclass(frozen=True)
class KbSummary:
    version: str
    articles: int
    paragraphs: int

    @classmethod
    def of(cls, kb: KnowledgeBase) -> KbSummary:
        return cls(kb.version, len(kb.articles), len(kb.paragraphs))


@dataclass(frozen=True)
class ReloadResult:
    ok: bool
    before: KbSummary
    after: KbSummary | None  # None when the build failed
    skipped: tuple[SkippedFile, ...] = ()
    seconds: float = 0.0
    error: str = ""
    finished_at: float = field(default_factory=time.time)
    joined: bool = False  # this caller waited for a reload someone else had started


class KnowledgeHolder:
    """Owns the KnowledgeBase that answers questions and rebuilds it on demand.

    Readers just take `holder.kb` (a plain attribute read, atomic on the event loop), so
    questions asked during a reload are answered by the old index until the swap.
    """

    def __init__(self, kb: KnowledgeBase, build: Callable[[], KnowledgeBase]) -> None:
        self.kb = kb
        self._build = build
        self._lock = asyncio.Lock()
        self._inflight: asyncio.Future[ReloadResult] | None = None
        self.last_reload: ReloadResult | None = None
        self.builds = 0  # how many builds ran (tests check single-flight with it)

    @property
    def reloading(self) -> bool:
        return self._inflight is not None and not self._inflight.done()

    async def reload(self, *, join_running: bool = True) -> ReloadResult:
        """Rebuild off the event loop and swap. Never raises: failures keep the old index.

        join_running=True (/reload): if a reload is already running, wait for it and
        return its result instead of building twice. join_running=False (after an upload
        wrote a file): always build after the running one, so the new file is included.
        """
        if join_running and self.reloading:
            assert self._inflight is not None
            result = await asyncio.shield(self._inflight)
            return _joined(result)
        # No await between the check above and this assignment: single-flight on one loop.
        task = asyncio.ensure_future(self._reload_locked())
        self._inflight = task
        # shield: a cancelled handler must not abandon a half-finished swap.
        return await asyncio.shield(task)

    async def _reload_locked(self) -> ReloadResult:
        async with self._lock:
            before = KbSummary.of(self.kb)
            started = time.perf_counter()
            self.builds += 1
            try:
                new_kb = await asyncio.to_thread(self._build)
            except Exception as exc:  # any failure keeps the old index serving
                log.exception("reload failed; keeping the index %s", before.version)
                result = ReloadResult(
                    ok=False,
                    before=before,
                    after=None,
                    seconds=time.perf_counter() - started,
                    error=f"{type(exc).__name__}: {exc}",
                )
            else:
                self.kb = new_kb
                result = ReloadResult(
                    ok=True,
                    before=before,
                    after=KbSummary.of(new_kb),
                    skipped=tuple(new_kb.report.skipped),
                    seconds=time.perf_counter() - started,
                )
                log.info(
                    "reloaded index %s -> %s: %d articles, %d paragraphs in %.2fs",
                    before.version, new_kb.version, len(new_kb.articles),
                    len(new_kb.paragraphs), result.seconds,
                )
            self.last_reload = result
            return result


def _joined(result: ReloadResult) -> ReloadResult:
    return ReloadResult(
        ok=result.ok, before=result.before, after=result.after, skipped=result.skipped,
        seconds=result.seconds, error=result.error, finished_at=result.finished_at, joined=True,
    )


# --------------------------------------------------------------------------- statistics


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
        )


# --------------------------------------------------------------------------- rate limit


@dataclass(frozen=True)
class RateDecision:
    allowed: bool
    retry_after: float = 0.0  # seconds until the next question is accepted
    notify: bool = False  # tell the user once per blocked stretch, not on every message


class RateLimiter:
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


# --------------------------------------------------------------------------- callbacks


class QuestionCache:
    """Recent questions by short id, for "更多结果" buttons whose question is too long
    to embed in callback_data. Bounded; an evicted id makes the button answer "stale"."""

    def __init__(self, size: int = 2048) -> None:
        self._size = size
        self._items: OrderedDict[int, str] = OrderedDict()
        self._ids = itertools.count(1)

    def put(self, question: str) -> int:
        key = next(self._ids)
        self._items[key] = question
        while len(self._items) > self._size:
            self._items.popitem(last=False)
        return key

    def get(self, key: int) -> str | None:
        return self._items.get(key)


# --------------------------------------------------------------------------- the one object


@dataclass
class BotState:
    settings: Settings
    knowledge: KnowledgeHolder
    stats: Stats
    limiter: RateLimiter
    questions: QuestionCache = field(default_factory=QuestionCache)
    # Uploads pick a free file name and write it; one at a time so two never collide.
    upload_lock: asyncio.Lock = field(default_factory=asyncio.Lock)


def state_of(context: CallbackContext[Any, Any, Any, Any]) -> BotState:
    return context.bot_data[STATE_KEY]
