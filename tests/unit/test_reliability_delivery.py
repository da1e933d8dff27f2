"""The delivery policy: how failures are classified and how often calls repeat, on its
own and through the real Application (RetryingRateLimiter around every Bot API call)
with a RecordingRequest that fails on plan.

The end-to-end fault tests (tests/e2e/test_reliability_faults.py) show the same policy
over HTTP, with timeouts and 429s; these pin down the rules without waiting.
"""

from __future__ import annotations

import httpx
import pytest
from support.hermetic import ADMIN_ID
from support.unit_harness import MakeUnitBot, UnitBot
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

from bot import texts
from bot.delivery import REPEATABLE_ENDPOINTS, Outcome, RetryPolicy, call_with_retries, classify

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


# --------------------------------------------------------------------------- which calls repeat

# The Bot API calls the bot makes that change something: a repeat after a failure that may
# have taken effect can show the user a second copy.
CHANGING = ("sendMessage", "editMessageText", "answerCallbackQuery", "answerInlineQuery")
READ_ONLY = ("getMe", "getFile", "getChat", "getWebhookInfo", "getMyCommands")
SAME_AGAIN = ("setMyCommands", "deleteWebhook", "setWebhook", "sendChatAction")


def test_only_calls_that_read_or_set_the_same_again_are_repeatable():
    assert not REPEATABLE_ENDPOINTS & set(CHANGING)
    assert set(READ_ONLY) <= REPEATABLE_ENDPOINTS <= set(READ_ONLY + SAME_AGAIN)


async def fast_bot(make_unit_bot: MakeUnitBot) -> UnitBot:
    return await make_unit_bot(retry_backoff=0, send_retries=3)


def attempts(unit: UnitBot, endpoint: str, chat_id: int | None = None) -> int:
    return sum(1 for c in unit.rec.calls if c.endpoint == endpoint
               and (chat_id is None or c.params.get("chat_id") == chat_id))


async def test_an_answer_whose_send_may_have_worked_is_repeated_once_only(make_unit_bot):
    unit = await fast_bot(make_unit_bot)
    # Sent, answer lost, twice: both copies reached the user; a third try would be a third.
    unit.rec.fail("sendMessage", "drop_after", chat_id=901, times=2)
    out = await unit.private(901, "红色物业是什么")
    answer, again, apology = [m["text"] for m in out.messages]
    assert answer == again and "覆盖小区86个" in answer and apology == texts.ERROR
    assert attempts(unit, "sendMessage", 901) == 3  # two tries, then the error handler
    assert unit.state.stats.handler_errors == 1

    # Lost before Telegram executed it: the one repeat delivers exactly one copy.
    unit.rec.fail("sendMessage", "drop", chat_id=902)
    out = await unit.private(902, "红色物业是什么")
    assert len(out.messages) == 1 and attempts(unit, "sendMessage", 902) == 2


@pytest.mark.parametrize("endpoint", ["editMessageText", "answerCallbackQuery",
                                      "answerInlineQuery"])
async def test_other_changing_calls_are_repeated_once_after_a_lost_answer(
        make_unit_bot, endpoint):
    unit = await fast_bot(make_unit_bot)
    question = unit.updates.private(903, "板凳议事会是什么")
    reply = (await unit.feed(question)).reply
    unit.rec.fail(endpoint, "timeout", times=3)  # executed each time, the answer lost
    if endpoint == "editMessageText":
        await unit.feed(unit.updates.edited(question, "红色物业是什么"))
    elif endpoint == "answerCallbackQuery":
        await unit.press(903, reply, "👎")
    else:
        await unit.inline(903, "红色物业是什么")
    assert attempts(unit, endpoint) == 2
    assert unit.rec.faults_left == 1  # the third planned failure was never reached


async def test_failures_before_sending_are_repeated_up_to_the_limit(make_unit_bot):
    unit = await fast_bot(make_unit_bot)
    unit.rec.fail("sendMessage", 500, chat_id=904, times=2)
    unit.rec.fail("sendMessage", "connect", chat_id=904)
    out = await unit.private(904, "红色物业是什么")
    assert len(out.messages) == 1 and attempts(unit, "sendMessage", 904) == 4
    assert unit.state.stats.handler_errors == 0

    unit.rec.fail("sendMessage", 502, chat_id=905, times=4)  # 1 + 3 retries, all refused
    out = await unit.private(905, "红色物业是什么")
    assert [m["text"] for m in out.messages] == [texts.ERROR]
    assert unit.state.stats.handler_errors == 1


async def test_4xx_answers_are_never_repeated(make_unit_bot):
    unit = await fast_bot(make_unit_bot)
    unit.rec.fail("sendMessage", 400, chat_id=906, description="Bad Request: not enough rights")
    out = await unit.private(906, "红色物业是什么")
    assert [m["text"] for m in out.messages] == [texts.ERROR]
    assert attempts(unit, "sendMessage", 906) == 2  # the refused answer, the apology


async def test_reading_a_file_is_repeated_freely(make_unit_bot, monkeypatch):
    from support.stub_kb import StubKnowledgeBase

    monkeypatch.setattr("bot.app.build_knowledge_base",
                        lambda config: StubKnowledgeBase(version="stub0002newindex"))
    unit = await fast_bot(make_unit_bot)
    unit.rec.fail("getFile", "drop_after", times=3)
    unit.rec.fail("file", "timeout", times=3)
    article = "---\ntitle: 重读测试\n---\n“重读议事会”每月开会一次。\n".encode()
    out = await unit.feed(unit.updates.document(ADMIN_ID, "a.txt", article))
    assert out.text.startswith("📄 a.txt")  # read, and previewed
    assert attempts(unit, "getFile") == 4 and attempts(unit, "file") == 4


async def test_a_lost_button_acknowledgement_does_not_cost_the_content(make_unit_bot):
    """answerCallbackQuery executed but its answer lost: the repeat is refused ("query is
    too old"), yet the article the user asked for still arrives."""
    unit = await fast_bot(make_unit_bot)
    reply = await unit.ask(907, "红色物业是什么")
    unit.rec.fail("answerCallbackQuery", "drop_after")
    out = await unit.press(907, reply, "全文")
    assert out.reply["text"].startswith("红色物业暖民心")
    acks = [c for c in out.calls if c.endpoint == "answerCallbackQuery"]
    assert len(acks) == 2 and "query is too old" in acks[1].error
    assert unit.state.stats.handler_errors == 0
