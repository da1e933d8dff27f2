"""What happens when a Bot API call fails: which calls are repeated, how often, how fast.

The policy, by what the failure says about whether the request took effect:

- 429 Too Many Requests: AIORateLimiter (wrapped below) waits Telegram's retry_after and
  repeats, up to app.FLOOD_RETRIES times.
- NOT_SENT: Telegram answered with a 5xx, or no connection could be opened (connect
  error/timeout, pool timeout). Nothing happened on Telegram's side, so the call is
  repeated up to `retries` times with exponential backoff.
- MAYBE_SENT: the connection broke after the request went out (dropped connection, read or
  write timeout). Telegram may have executed it, so a repeat can duplicate a message. Calls
  that change something are repeated after at most one such failure: a user sees an answer
  at most twice. Read-only calls (getFile, getMe …) are repeated like NOT_SENT ones.
- FATAL: every 4xx (bad request, forbidden, invalid token, conflict) and anything that is
  not a network error. Never repeated here; callers decide (bot.replies falls back to plain
  text when Telegram cannot parse the HTML, the error handler reports the rest).

getUpdates never passes through here: PTB's polling loop has its own backoff, and the
offset protocol makes its repeats harmless.
"""

from __future__ import annotations

import asyncio
import enum
import logging
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import httpx
from telegram.error import BadRequest, NetworkError, TelegramError, TimedOut
from telegram.ext import BaseRateLimiter

if TYPE_CHECKING:
    from bot.settings import Settings

log = logging.getLogger(__name__)

T = TypeVar("T")

# Calls that only read (or set the same value again): repeating them never duplicates anything.
REPEATABLE_ENDPOINTS = frozenset({
    "getMe", "getFile", "getChat", "getWebhookInfo", "getMyCommands",
    "setMyCommands", "deleteWebhook", "setWebhook", "sendChatAction",
})

# Errors raised before any byte of the request reached the server.
_NOT_SENT_CAUSES = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


class Outcome(enum.Enum):
    FATAL = "fatal"
    NOT_SENT = "not sent"
    MAYBE_SENT = "maybe sent"


@dataclass(frozen=True)
class RetryPolicy:
    retries: int = 3  # repeats after the first attempt
    backoff: float = 0.5  # seconds before the first repeat, doubled for each further one
    max_backoff: float = 4.0
    maybe_sent_repeats: int = 1  # repeats allowed after failures that may have taken effect

    @classmethod
    def of(cls, settings: Settings) -> RetryPolicy:
        return cls(retries=settings.send_retries, backoff=settings.retry_backoff)

    def delay(self, attempt: int) -> float:
        """Seconds to wait after failed attempt number `attempt` (1-based)."""
        return min(self.max_backoff, self.backoff * 2 ** (attempt - 1))


def classify(exc: BaseException) -> Outcome:
    """How a failed call ended, as far as the client can tell (see the module docstring)."""
    if not isinstance(exc, NetworkError) or isinstance(exc, BadRequest):
        return Outcome.FATAL  # BadRequest subclasses NetworkError in PTB, but is a 400
    cause = exc.__cause__
    if isinstance(cause, _NOT_SENT_CAUSES):
        return Outcome.NOT_SENT
    if isinstance(exc, TimedOut) or (cause is not None and not isinstance(cause, TelegramError)):
        return Outcome.MAYBE_SENT  # read/write timeout, dropped connection, unknown transport
    # No transport cause: PTB turned an HTTP error answer (5xx) into NetworkError.
    return Outcome.NOT_SENT


async def call_with_retries(
    call: Callable[[], Awaitable[T]],
    policy: RetryPolicy,
    what: str,
    *,
    repeatable: bool = False,
) -> T:
    """Await call(), repeating it after transient failures as the policy allows."""
    attempt = 0
    maybe_sent = 0
    while True:
        attempt += 1
        try:
            return await call()
        except Exception as exc:
            outcome = classify(exc)
            if outcome is Outcome.FATAL:
                raise
            if outcome is Outcome.MAYBE_SENT and not repeatable:
                maybe_sent += 1
            if attempt > policy.retries or maybe_sent > policy.maybe_sent_repeats:
                log.warning("%s failed %d time(s), giving up: %s", what, attempt, exc)
                raise
            delay = policy.delay(attempt)
            log.warning("%s failed (%s: %s); repeating in %.2fs", what, outcome.value, exc, delay)
            await asyncio.sleep(delay)


class RetryingRateLimiter(BaseRateLimiter[int]):
    """Wraps a rate limiter (AIORateLimiter: flood control and 429) and repeats calls that
    failed on the network, so every Bot API call of every handler gets the same policy."""

    def __init__(self, inner: BaseRateLimiter[int], policy: RetryPolicy) -> None:
        self.inner = inner
        self.policy = policy

    async def initialize(self) -> None:
        await self.inner.initialize()

    async def shutdown(self) -> None:
        await self.inner.shutdown()

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        async def once() -> bool | dict[str, Any] | list[dict[str, Any]]:
            return await self.inner.process_request(
                callback, args, kwargs, endpoint, data, rate_limit_args
            )

        return await call_with_retries(
            once, self.policy, endpoint, repeatable=endpoint in REPEATABLE_ENDPOINTS
        )
