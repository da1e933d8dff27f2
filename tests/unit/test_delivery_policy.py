"""bot.delivery by function: RetryPolicy's defaults and delays, the waits call_with_retries
makes between attempts, and RetryingRateLimiter's pass-through (which endpoints repeat)."""

from __future__ import annotations

import httpx
import pytest
from telegram.error import NetworkError

from bot import delivery
from bot.delivery import RetryingRateLimiter, RetryPolicy, call_with_retries


def dropped() -> NetworkError:
    exc = NetworkError("httpx.RemoteProtocolError")
    exc.__cause__ = httpx.RemoteProtocolError("x")
    return exc


@pytest.fixture
def waits(monkeypatch) -> list[float]:
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    monkeypatch.setattr(delivery.asyncio, "sleep", sleep)
    return slept


def failing(*errors: BaseException):
    calls: list[int] = []

    async def call() -> str:
        calls.append(1)
        if len(calls) <= len(errors):
            raise errors[len(calls) - 1]
        return "ok"

    return call, calls


def test_the_default_policy():
    policy = RetryPolicy()
    assert (policy.retries, policy.backoff, policy.max_backoff, policy.maybe_sent_repeats) == (
        3, 0.5, 4.0, 1)
    assert [policy.delay(n) for n in range(1, 7)] == [0.5, 1.0, 2.0, 4.0, 4.0, 4.0]
    assert RetryPolicy(backoff=0.0).delay(3) == 0.0
    assert RetryPolicy(backoff=3.0).delay(1) == 3.0 and RetryPolicy(backoff=3.0).delay(2) == 4.0


def test_the_policy_of_the_settings():
    class S:
        send_retries, retry_backoff = 7, 0.125

    assert RetryPolicy.of(S()) == RetryPolicy(retries=7, backoff=0.125, max_backoff=4.0,
                                              maybe_sent_repeats=1)


async def test_the_waits_between_attempts_double_up_to_the_cap(waits):
    call, calls = failing(*[NetworkError("Bad Gateway")] * 5)
    policy = RetryPolicy(retries=5, backoff=1.0)
    assert await call_with_retries(call, policy, "sendMessage") == "ok"
    assert len(calls) == 6 and waits == [1.0, 2.0, 4.0, 4.0, 4.0]


async def test_no_wait_after_the_last_attempt_nor_after_a_success(waits):
    call, calls = failing(*[NetworkError("Bad Gateway")] * 3)
    with pytest.raises(NetworkError):
        await call_with_retries(call, RetryPolicy(retries=2), "sendMessage")
    assert len(calls) == 3 and waits == [0.5, 1.0]
    waits.clear()
    call, calls = failing()
    assert await call_with_retries(call, RetryPolicy(), "sendMessage") == "ok"
    assert len(calls) == 1 and waits == []
    call, calls = failing(NetworkError("Bad Gateway"))
    with pytest.raises(NetworkError):
        await call_with_retries(call, RetryPolicy(retries=0), "sendMessage")
    assert len(calls) == 1 and waits == []


async def test_maybe_sent_budget(waits):
    call, calls = failing(dropped(), dropped())
    policy = RetryPolicy(retries=5, maybe_sent_repeats=2)
    assert await call_with_retries(call, policy, "sendMessage") == "ok"
    assert len(calls) == 3
    call, calls = failing(dropped(), dropped(), dropped())
    with pytest.raises(NetworkError):
        await call_with_retries(call, policy, "sendMessage")
    assert len(calls) == 3
    call, calls = failing(dropped())
    with pytest.raises(NetworkError):
        await call_with_retries(call, RetryPolicy(maybe_sent_repeats=0), "sendMessage")
    assert len(calls) == 1
    call, calls = failing(dropped(), dropped(), dropped(), dropped())
    with pytest.raises(NetworkError):  # repeatable: only the retry limit stops it
        await call_with_retries(call, RetryPolicy(retries=3), "getFile", repeatable=True)
    assert len(calls) == 4


class Inner:
    def __init__(self, errors: list[BaseException]) -> None:
        self.errors = errors
        self.calls: list[tuple] = []
        self.events: list[str] = []

    async def initialize(self) -> None:
        self.events.append("initialize")

    async def shutdown(self) -> None:
        self.events.append("shutdown")

    async def process_request(self, callback, args, kwargs, endpoint, data, rate_limit_args):
        self.calls.append((args, kwargs, endpoint, data, rate_limit_args))
        if self.errors:
            raise self.errors.pop(0)
        return await callback(*args, **kwargs)


async def test_the_limiter_passes_everything_through_and_repeats_by_endpoint(waits):
    async def callback(x, y=0):
        return {"sum": x + y}

    inner = Inner([])
    limiter = RetryingRateLimiter(inner, RetryPolicy(retries=3, backoff=0.0))
    await limiter.initialize()
    assert await limiter.process_request(callback, (1,), {"y": 2}, "sendMessage", {"a": 1}, 5
                                         ) == {"sum": 3}
    assert inner.calls == [((1,), {"y": 2}, "sendMessage", {"a": 1}, 5)]
    await limiter.shutdown()
    assert inner.events == ["initialize", "shutdown"]

    inner = Inner([dropped(), dropped()])
    limiter = RetryingRateLimiter(inner, RetryPolicy(retries=3, backoff=0.0))
    assert await limiter.process_request(callback, (1,), {}, "getMe", {}, None) == {"sum": 1}
    assert len(inner.calls) == 3  # read-only: repeated freely
    inner = Inner([dropped(), dropped()])
    limiter = RetryingRateLimiter(inner, RetryPolicy(retries=3, backoff=0.0))
    with pytest.raises(NetworkError):
        await limiter.process_request(callback, (1,), {}, "sendMessage", {}, None)
    assert len(inner.calls) == 2  # may have been sent twice already: no third copy
