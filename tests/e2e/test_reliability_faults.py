"""Telegram faults over real HTTP: the bot keeps polling, every question is answered once
(at most twice when Telegram may have executed a send whose answer was lost), and a 400
that only formatting can cause falls back to plain text once.

The bots here use short timeouts (telegram.request_timeout 0.5 s) and a short retry
backoff, so hangs and repeats cost fractions of a second. PTB's polling backoff is not
configurable (1 s, 1.5 s, 2.25 s … after consecutive getUpdates errors), so each test
injects only a few getUpdates faults.

"Nothing else arrives" is waited for, not slept on: BotHarness.handled() returns once the
handlers recorded their questions and the fake serves no request any more.
"""

from __future__ import annotations

import time
from collections import Counter

import pytest
from support.e2e_harness import BotHarness, MakeBot
from support.hermetic import ADMIN_ID

from bot import texts

PARSE_ERROR = "Bad Request: can't parse entities: Unsupported start tag \"x\" at byte offset 7"
QUESTION = "板凳议事会是什么"
# Distinct questions with distinct answers (found and not found) for the mixed test. Each
# names its own topic, so its answer is the same whatever the chat asked before; one is not
# found (every not-found answer reads the same).
QUESTIONS = [
    "板凳议事会是什么", "察哈尔社区有多少党员", "丰镇镇有多少个村", "红色物业是什么",
    "李西芬工作室", "明星湖有多大", "量子计算机的原理是什么", "三减三优是什么",
]


async def fault_bot(make_bot: MakeBot, **telegram) -> BotHarness:
    # A hung getUpdates times out after poll_timeout + request_timeout = 0.8 s.
    return await make_bot(request_timeout=0.5, retry_backoff=0.05, poll_timeout=0.3,
                          **telegram)


def texts_to(bot: BotHarness, chat_id: int) -> list[str]:
    return [m["text"] for m in bot.api.messages_to(chat_id)]


def sends_to(bot: BotHarness, chat_id: int) -> int:
    """sendMessage requests that reached the fake for chat_id (failed ones included)."""
    return sum(1 for p in bot.api.calls("sendMessage") if str(p.get("chat_id")) == str(chat_id))


async def baseline(bot: BotHarness, questions: list[str], chat_id: int = 4999) -> dict[str, str]:
    """The answer text of each question when nothing goes wrong."""
    served = bot.state.stats.served
    answers = {q: (await bot.ask_private(chat_id, q))["text"] for q in questions}
    # The handler records its statistics just after the reply went out.
    await bot.api.wait_for(lambda: bot.state.stats.served == served + len(questions))
    return answers


async def fault_polls(bot: BotHarness, *kinds: str) -> None:
    """Make the next getUpdates calls fail with `kinds`, and return once the first of them
    has been hit: updates queued from now on meet every one of these faults."""
    api = bot.api
    hits = len(api.fault_log)
    for kind in kinds:
        api.inject_fault("getUpdates", kind, delay=2.0)
    # The long poll running now (≤ poll_timeout) is not affected; the next one is.
    await api.wait_for(lambda: len(api.fault_log) > hits, timeout=3)


# --------------------------------------------------------------------------- getUpdates


async def test_polling_survives_hang_500_and_drop(make_bot: MakeBot):
    bot = await fault_bot(make_bot)
    api = bot.api
    expected = (await baseline(bot, [QUESTION]))[QUESTION]
    served = bot.state.stats.served
    # A getUpdates hanging past the client's timeout (0.8 s here; repeated at once), one
    # answered 500 (PTB waits 1 s), one dropped (1.5 s). drop_after: in the 30-question test.
    await fault_polls(bot, "hang", "500", "drop")
    users = [5001, 5002, 5003]
    for user in users:
        api.private_message(user, QUESTION)
        api.private_message(user, QUESTION)
    await api.wait_for(lambda: all(len(api.messages_to(u)) >= 2 for u in users), timeout=10)
    await bot.handled(served + 6)  # all six done: a duplicate would be here by now
    assert [kind for method, kind in api.fault_log if method == "getUpdates"] == [
        "hang", "500", "drop"]
    for user in users:
        assert texts_to(bot, user) == [expected, expected]
    assert bot.state.stats.served == served + 6
    assert bot.state.stats.network_errors >= 1  # the error handler saw the polling errors
    assert bot.state.stats.handler_errors == 0
    assert api.pending_updates() == 0


# --------------------------------------------------------------------------- sendMessage


@pytest.mark.parametrize("kind, times, copies", [
    ("429", 1, 1),  # AIORateLimiter waits retry_after (1 s) and repeats
    ("500", 3, 1),  # Telegram answered 5xx: nothing sent, repeated
    ("502", 1, 1),
    ("drop", 1, 1),  # connection dropped before Telegram executed it
    ("drop_after", 1, 2),  # executed, answer lost: the repeat duplicates (allowed: twice)
    ("hang", 1, 2),  # past the read timeout: repeated; the late original arrives too
])
async def test_send_faults_still_deliver_the_answer(make_bot: MakeBot, kind, times, copies):
    bot = await fault_bot(make_bot)
    expected = (await baseline(bot, [QUESTION]))[QUESTION]
    served = bot.state.stats.served
    user = 5100
    bot.api.inject_fault("sendMessage", kind, times=times, retry_after=1, delay=0.7,
                         chat_id=user)
    started = time.perf_counter()
    bot.api.private_message(user, QUESTION)
    await bot.api.wait_for_messages(user, copies, timeout=10)
    elapsed = time.perf_counter() - started
    await bot.handled(served + 1)  # done, and the late original (hang) has arrived
    assert texts_to(bot, user) == [expected] * copies
    assert [k for m, k in bot.api.fault_log if m == "sendMessage"] == [kind] * times
    assert bot.state.stats.handler_errors == 0
    if kind == "429":
        assert elapsed >= 1.0  # Telegram's retry_after was respected


async def test_repeats_stop_before_a_third_copy(make_bot: MakeBot):
    """Sends executed by Telegram whose answers are lost: the bot stops repeating after the
    second (the user has the answer at most twice) and reports the failure."""
    bot = await fault_bot(make_bot)
    expected = (await baseline(bot, [QUESTION]))[QUESTION]
    user = 5200
    bot.api.inject_fault("sendMessage", "drop_after", times=2, chat_id=user)
    bot.api.private_message(user, QUESTION)
    await bot.api.wait_for(lambda: bot.state.stats.handler_errors == 1, timeout=10)
    await bot.api.wait_for_messages(user, 3)
    await bot.api.idle()  # the apology was the last call: nothing else is on its way
    # Two copies (both attempts were executed), then the error handler's note; a third
    # attempt would have been a third copy.
    assert texts_to(bot, user) == [expected, expected, texts.ERROR]
    assert sends_to(bot, user) == 3


async def test_too_many_5xx_give_up_and_the_error_handler_apologises(make_bot: MakeBot):
    bot = await fault_bot(make_bot)
    user = 5300
    bot.api.inject_fault("sendMessage", "500", times=4, chat_id=user)  # 1 + 3 retries
    bot.api.private_message(user, QUESTION)
    await bot.api.wait_for_messages(user, 1, timeout=10)
    assert texts_to(bot, user) == [texts.ERROR]
    assert bot.state.stats.handler_errors == 1
    assert "板凳议事会" in (await bot.ask_private(user, QUESTION))["text"]  # and it goes on
    assert "出错：处理消息 1 次" in (await bot.ask_private(ADMIN_ID, "/stats"))["text"]


async def test_unparsable_html_falls_back_to_plain_text_once(make_bot: MakeBot):
    bot = await fault_bot(make_bot)
    expected = (await baseline(bot, [QUESTION]))[QUESTION]
    user = 5400
    bot.api.inject_fault("sendMessage", "400", description=PARSE_ERROR, chat_id=user)
    reply = await bot.ask_private(user, QUESTION)
    # The same words, without formatting: the buttons stay.
    assert reply["text"] == expected and reply["_parse_mode"] is None
    assert "entities" not in reply and "<b>" not in reply["_raw_text"]
    assert reply["reply_markup"]["inline_keyboard"]
    assert bot.state.stats.handler_errors == 0

    # Refused as plain text too: no loop, one apology from the error handler.
    bot.api.inject_fault("sendMessage", "400", times=2, description=PARSE_ERROR, chat_id=user)
    before = sends_to(bot, user)
    assert (await bot.ask_private(user, QUESTION))["text"] == texts.ERROR
    assert sends_to(bot, user) - before == 3  # HTML, plain once, apology
    # Other 400s are not formatting problems: no plain-text retry.
    bot.api.inject_fault("sendMessage", "400", description="Bad Request: chat not found",
                         chat_id=user)
    before = sends_to(bot, user)
    assert (await bot.ask_private(user, QUESTION))["text"] == texts.ERROR
    assert sends_to(bot, user) - before == 2


async def test_inline_answer_falls_back_to_plain_text(make_bot: MakeBot):
    bot = await fault_bot(make_bot)
    bot.api.inject_fault("answerInlineQuery", "400", description=PARSE_ERROR)
    bot.api.inline_query(5500, QUESTION)
    [answer] = await bot.api.wait_for(lambda: bot.api.inline_answers, timeout=5)
    contents = [r["input_message_content"] for r in answer["results"]]
    assert contents and all("parse_mode" not in c or c["parse_mode"] is None for c in contents)
    assert all("<b>" not in c["message_text"] for c in contents)
    assert bot.state.stats.handler_errors == 0


async def test_button_press_survives_a_lost_callback_answer(make_bot: MakeBot):
    """answerCallbackQuery executed but its answer lost: the repeat is refused ("query is
    too old"), yet the article the user asked for still arrives."""
    bot = await fault_bot(make_bot)
    user = 5600
    reply = await bot.ask_private(user, QUESTION)
    bot.api.inject_fault("answerCallbackQuery", "drop_after")
    before = len(bot.api.messages_to(user))
    await bot.press(user, reply, "全文")
    parts = await bot.next_messages(user, before, timeout=5)
    assert parts[0]["text"].strip()
    assert bot.state.stats.handler_errors == 0


# --------------------------------------------------------------------------- all at once


async def test_thirty_questions_from_ten_chats_under_faults(make_bot: MakeBot):
    bot = await fault_bot(make_bot)
    api = bot.api
    answers = await baseline(bot, QUESTIONS)
    assert len(set(answers.values())) == len(QUESTIONS)  # each answer names its question
    served = bot.state.stats.served
    chats = list(range(6000, 6010))
    asked = {chat: [QUESTIONS[(i + 3 * j) % len(QUESTIONS)] for j in range(3)]
             for i, chat in enumerate(chats)}

    # Per-chat faults first (the fake takes the first matching fault), at most one that may
    # duplicate per chat; then faults any request may hit.
    for chat in chats[0:2]:
        api.inject_fault("sendMessage", "drop", chat_id=chat)
    for chat in chats[2:4]:
        api.inject_fault("sendMessage", "drop_after", chat_id=chat)
    api.inject_fault("sendMessage", "hang", delay=0.7, chat_id=chats[4])
    for chat in chats[5:7]:
        api.inject_fault("sendMessage", "400", description=PARSE_ERROR, chat_id=chat)
    api.inject_fault("sendMessage", "429", retry_after=1)
    api.inject_fault("sendMessage", "500")
    api.inject_fault("sendMessage", "502")
    # A getUpdates that Telegram executed but whose answer was lost: the same updates are
    # handed out again and must be handled once.
    await fault_polls(bot, "drop_after")

    for j in range(3):
        for chat in chats:
            api.private_message(chat, asked[chat][j])

    def all_answered() -> bool:
        return all(answers[q] in texts_to(bot, chat) for chat in chats for q in asked[chat])

    await api.wait_for(all_answered, timeout=20)
    # The hung send is executed late (a duplicate the client could not know about).
    await api.wait_for(lambda: len(api.messages_to(chats[4])) == 4, timeout=3)
    await bot.handled(served + 30)  # room for nothing: all handled, nothing in flight
    assert not api._faults, api._faults  # every fault was hit
    for chat in chats:
        sent = Counter(texts_to(bot, chat))
        for question in asked[chat]:
            assert 1 <= sent.pop(answers[question]) <= 2, (chat, question)
        assert not sent, (chat, sent)  # nothing else: no apology, no stray message
    assert bot.state.stats.served == served + 30  # each update handled exactly once
    redelivered = [uid for uid, n in Counter(api.delivered_update_ids).items() if n > 1]
    assert len(redelivered) == 30  # drop_after lost the batch holding all 30 questions
    assert bot.state.stats.handler_errors == 0

    # Afterwards the bot answers normally: once, with its formatting.
    before = {chat: len(api.messages_to(chat)) for chat in chats[:3]}
    for chat in chats[:3]:
        reply = await bot.ask_private(chat, QUESTION)
        assert reply["text"] == answers[QUESTION] and reply["_parse_mode"] == "HTML"
    await bot.handled(served + 33)
    assert {chat: len(api.messages_to(chat)) for chat in chats[:3]} == {
        chat: n + 1 for chat, n in before.items()}
