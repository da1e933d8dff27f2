"""The delivery policy on its own: how failures are classified and how often calls repeat.

The end-to-end fault tests (test_reliability_faults.py) show the same policy over HTTP;
these pin down the edge cases without waiting for timeouts.
"""

from __future__ import annotations

import httpx
import pytest
from telegram.error import (
    BadRequest,
    Conflict,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)

from bot import render
from bot.delivery import Outcome, RetryPolicy, call_with_retries, classify

FAST = RetryPolicy(retries=3, backoff=0.0)


def caused(exc: TelegramError, cause: BaseException | None) -> TelegramError:
    exc.__cause__ = cause  # what PTB's HTTPXRequest does with `raise ... from err`
    return exc


@pytest.mark.parametrize("exc, outcome", [
    # Telegram answered with an error status: nothing was done on its side.
    (NetworkError("Internal Server Error"), Outcome.NOT_SENT),
    (caused(NetworkError("Bad Gateway"), TelegramError("Invalid server response")),
     Outcome.NOT_SENT),
    # The request never left: safe to repeat.
    (caused(NetworkError("httpx.ConnectError: refused"), httpx.ConnectError("refused")),
     Outcome.NOT_SENT),
    (caused(TimedOut(), httpx.ConnectTimeout("slow")), Outcome.NOT_SENT),
    (caused(TimedOut("Pool timeout"), httpx.PoolTimeout("busy")), Outcome.NOT_SENT),
    # The request went out and the answer was lost: it may have been executed.
    (caused(NetworkError("httpx.RemoteProtocolError: Server disconnected"),
            httpx.RemoteProtocolError("Server disconnected")), Outcome.MAYBE_SENT),
    (caused(TimedOut(), httpx.ReadTimeout("late")), Outcome.MAYBE_SENT),
    (TimedOut(), Outcome.MAYBE_SENT),
    (caused(NetworkError("Unknown error in HTTP implementation"), RuntimeError("?")),
     Outcome.MAYBE_SENT),
    # 4xx and non-network errors are never repeated by the policy.
    (BadRequest("Can't parse entities: unsupported start tag"), Outcome.FATAL),
    (Forbidden("bot was blocked by the user"), Outcome.FATAL),
    (InvalidToken(), Outcome.FATAL),
    (Conflict("terminated by other getUpdates request"), Outcome.FATAL),
    (RetryAfter(3), Outcome.FATAL),  # AIORateLimiter's business
    (ValueError("bug"), Outcome.FATAL),
])
def test_classify(exc, outcome):
    assert classify(exc) is outcome


def failing(*errors: BaseException, result: str = "ok"):
    """A call that raises the given errors in turn, then returns `result`; counts calls."""
    calls: list[int] = []

    async def call() -> str:
        calls.append(1)
        if len(calls) <= len(errors):
            raise errors[len(calls) - 1]
        return result

    return call, calls


async def test_not_sent_failures_are_repeated_up_to_the_limit():
    call, calls = failing(*[NetworkError("Internal Server Error")] * 3)
    assert await call_with_retries(call, FAST, "sendMessage") == "ok"
    assert len(calls) == 4

    call, calls = failing(*[NetworkError("Internal Server Error")] * 4)
    with pytest.raises(NetworkError):
        await call_with_retries(call, FAST, "sendMessage")
    assert len(calls) == 4  # 1 + 3 retries, then the error goes to the error handler


async def test_maybe_sent_failures_allow_at_most_one_repeat():
    dropped = caused(NetworkError("httpx.RemoteProtocolError"), httpx.RemoteProtocolError("x"))
    call, calls = failing(dropped)
    assert await call_with_retries(call, FAST, "sendMessage") == "ok"
    assert len(calls) == 2

    # Two attempts that may both have reached Telegram: a third could make a third copy.
    call, calls = failing(dropped, dropped)
    with pytest.raises(NetworkError):
        await call_with_retries(call, FAST, "sendMessage")
    assert len(calls) == 2

    # Mixed: a 5xx in between does not use up the duplicate budget.
    call, calls = failing(dropped, NetworkError("Internal Server Error"))
    assert await call_with_retries(call, FAST, "sendMessage") == "ok"
    assert len(calls) == 3

    # Reading twice is harmless: read-only calls repeat freely.
    call, calls = failing(dropped, dropped, dropped)
    assert await call_with_retries(call, FAST, "getFile", repeatable=True) == "ok"
    assert len(calls) == 4


async def test_fatal_errors_are_not_repeated():
    for error in (BadRequest("Chat not found"), Forbidden("blocked"), ValueError("bug")):
        call, calls = failing(error)
        with pytest.raises(type(error)):
            await call_with_retries(call, FAST, "sendMessage")
        assert len(calls) == 1


def test_backoff_doubles_and_is_capped():
    policy = RetryPolicy(backoff=0.5, max_backoff=1.5)
    assert [policy.delay(n) for n in (1, 2, 3, 4)] == [0.5, 1.0, 1.5, 1.5]


def test_html_to_plain_is_what_telegram_would_show():
    html_text = "<b>板凳议事会</b> &lt;b&gt;&amp; <i>《标题》</i>"
    assert render.html_to_plain(html_text) == "板凳议事会 <b>& 《标题》"
    long = "<b>" + "😀" * 3000 + "</b>"  # 6000 UTF-16 units once the tags are gone
    plain = render.html_to_plain(long)
    assert render.tg_len(plain) <= 4096 and plain.endswith("…")
