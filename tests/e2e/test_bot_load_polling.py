"""Load over HTTP with the real knowledge base: the dev questions (tests/data/dev_qa.yaml)
from ten chats at once, fetched by long polling and answered concurrently; every question
is answered exactly once. No timing is asserted here: latency is bench/'s business."""

from __future__ import annotations

from support.e2e_harness import BotHarness
from support.hermetic import dev_questions


async def test_the_dev_questions_from_ten_chats_are_each_answered_once(bot: BotHarness):
    questions = dev_questions()
    chats = list(range(800, 810))
    asked: dict[int, list[str]] = {chat: [] for chat in chats}
    for i, question in enumerate(questions):
        chat = chats[i % len(chats)]
        asked[chat].append(question)
        bot.api.private_message(chat, question)
    await bot.handled(len(questions), timeout=60)
    for chat in chats:
        assert len(bot.api.messages_to(chat)) == len(asked[chat]), chat
    assert bot.state.stats.served == len(questions) and bot.state.stats.handler_errors == 0
    assert not [e for e in bot.api.errors if e[0] != "getUpdates"], bot.api.errors
    assert bot.api.pending_updates() == 0
    # It asks Telegram only for the updates it handles (channel posts, membership changes …
    # are never sent to it; the unit tests check it ignores them anyway).
    assert bot.api.allowed_updates == ["message", "edited_message", "callback_query",
                                       "inline_query"]
