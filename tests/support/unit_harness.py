"""The unit harness: the real Application, in process, without HTTP.

build_application(settings, kb, builder=ApplicationBuilder().request(rec)
.get_updates_request(rec).updater(None)) with a RecordingRequest `rec`; initialize() (getMe),
post_init (setMyCommands) and start() run as at start-up; then each update goes through
`application.process_update`, which returns once every handler (and the error handler)
is done. So what a test sees in `rec` after `await unit.feed(update)` is everything the
bot did for that update: no polling, no sleeping, no waiting.

The fixture `make_unit_bot(kb=None, **telegram)` (tests/conftest.py) builds one on a
StubKnowledgeBase by default.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.ext import Application

from bot.settings import Settings
from bot.state import STATE_KEY, BotState
from support.messages import button_data
from support.recording import Call, RecordingRequest
from support.updates import UpdateMaker


@dataclass
class Outcome:
    """What the bot did for one update."""

    calls: list[Call]
    messages: list[dict[str, Any]] = field(default_factory=list)  # sent, in order
    edits: list[dict[str, Any]] = field(default_factory=list)

    @property
    def reply(self) -> dict[str, Any]:
        """The one message sent (fails when there were none or several)."""
        assert len(self.messages) == 1, [m["text"][:60] for m in self.messages]
        return self.messages[0]

    @property
    def text(self) -> str:
        return self.reply["text"]

    def endpoint(self, name: str) -> list[dict[str, Any]]:
        return [c.params for c in self.calls if c.endpoint == name and not c.error]

    @property
    def callback_answer(self) -> dict[str, Any]:
        [answer] = self.endpoint("answerCallbackQuery")
        return answer

    @property
    def inline_answer(self) -> dict[str, Any]:
        [answer] = self.endpoint("answerInlineQuery")
        return answer

    @property
    def errors(self) -> list[Call]:
        return [c for c in self.calls if c.error]


@dataclass
class UnitBot:
    app: Application
    rec: RecordingRequest
    settings: Settings
    corpus_dir: Path
    updates: UpdateMaker

    @property
    def state(self) -> BotState:
        return self.app.bot_data[STATE_KEY]

    @property
    def kb(self) -> Any:
        return self.state.knowledge.kb

    async def feed(self, update: dict[str, Any]) -> Outcome:
        """Handle one update to the end; what the bot did meanwhile."""
        calls, sent, edits = len(self.rec.calls), len(self.rec.sent), len(self.rec.edits)
        await self.app.process_update(Update.de_json(update, self.app.bot))
        return Outcome(self.rec.calls[calls:], self.rec.sent[sent:], self.rec.edits[edits:])

    async def private(self, user_id: int, text: str | None, **kw: Any) -> Outcome:
        return await self.feed(self.updates.private(user_id, text, **kw))

    async def ask(self, user_id: int, text: str) -> dict[str, Any]:
        """A private question and the one reply to it."""
        return (await self.private(user_id, text)).reply

    async def group(self, chat_id: int, user_id: int, text: str | None, **kw: Any) -> Outcome:
        return await self.feed(self.updates.group(chat_id, user_id, text, **kw))

    async def press(self, user_id: int, message: dict[str, Any], label: str) -> Outcome:
        """Press the button labelled `label` under one of the bot's messages."""
        return await self.feed(self.updates.callback(user_id, message,
                                                     button_data(message, label)))

    async def inline(self, user_id: int, query: str) -> Outcome:
        return await self.feed(self.updates.inline(user_id, query))

    def clean(self) -> None:
        """Telegram refused nothing and no handler failed."""
        assert not self.rec.errors, self.rec.errors
        assert self.state.stats.handler_errors == 0, "the error handler saw an error"


MakeUnitBot = Callable[..., Awaitable[UnitBot]]
