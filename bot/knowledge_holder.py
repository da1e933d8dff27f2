"""The KnowledgeBase in use, and single-flight reloads that swap it without a restart."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from retrieval.answer.knowledge import KnowledgeBase
    from retrieval.models import SkippedFile

log = logging.getLogger(__name__)


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

    def __init__(self, kb: KnowledgeBase, build: Callable[[], KnowledgeBase],
                 spawn: Callable[[Coroutine[Any, Any, ReloadResult]], asyncio.Future[ReloadResult]]
                 = asyncio.ensure_future) -> None:
        self.kb = kb
        self._build = build
        # The Application's create_task: its tasks are awaited on stop and their errors
        # reach the error handler (a bare ensure_future would be abandoned).
        self._spawn = spawn
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
        task = self._spawn(self._reload_locked())
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
