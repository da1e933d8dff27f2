"""The e2e harness: the real Application long-polling (or receiving webhooks from) the HTTP
fake through base_url, exactly as `python -m bot` does against Telegram.

Fixtures (tests/conftest.py): `fake_api` (a started FakeBotApi), `shared_kb` (the shipped
corpus, built once per session from a temp copy, read-only), `make_bot` (a factory of
running bots) and `bot` (one on the shared corpus).
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from telegram.error import TelegramError
from telegram.ext import Application

from bot.app import ALLOWED_UPDATES
from bot.settings import Settings
from bot.state import STATE_KEY, BotState
from support.fake_bot_api import FakeBotApi
from support.messages import button_data


@dataclass
class BotHarness:
    """A running bot and the fake server it talks to, with small helpers for tests."""

    api: FakeBotApi
    app: Application
    settings: Settings
    corpus_dir: Path

    @property
    def state(self) -> BotState:
        return self.app.bot_data[STATE_KEY]

    async def ask_private(self, user_id: int, text: str, timeout: float = 5.0) -> dict:
        """Send a private message and return the bot's next message to that chat."""
        before = len(self.api.messages_to(user_id))
        self.api.private_message(user_id, text)
        sent = await self.api.wait_for_messages(user_id, before + 1, timeout)
        return sent[before]

    async def next_messages(self, chat_id: int, before: int, count: int = 1,
                            timeout: float = 5.0) -> list[dict]:
        sent = await self.api.wait_for_messages(chat_id, before + count, timeout)
        return sent[before:]

    async def press(self, user_id: int, message: dict, button_text: str) -> dict:
        """Press the inline button labelled `button_text` under `message`."""
        data = button_data(message, button_text)
        return self.api.callback_query(user_id, message, data)

    async def callback_answer(self, query_update: dict, timeout: float = 5.0) -> dict:
        query_id = query_update["callback_query"]["id"]
        return await self.api.wait_for(
            lambda: next((a for a in self.api.callback_answers
                          if a["callback_query_id"] == query_id), None), timeout)

    async def handled(self, served: int, timeout: float = 10.0) -> None:
        """Wait until `served` questions were handled to the end (the handler records its
        statistics after the reply went out) and the fake has nothing left in flight:
        whatever the bot was going to send has arrived."""
        await self.api.wait_for(lambda: self.state.stats.served
                                + self.state.stats.handler_errors >= served, timeout)
        await self.api.idle(timeout)


async def start_application(app: Application, settings: Settings) -> None:
    """What run_polling / run_webhook do, without taking over the event loop or signals."""
    await app.initialize()
    if app.post_init is not None:
        await app.post_init(app)
    if settings.mode == "webhook":
        hook = settings.webhook
        await app.updater.start_webhook(
            listen=hook.listen,
            port=hook.port,
            url_path=hook.url_path,
            webhook_url=hook.url,
            secret_token=hook.secret_token,
            allowed_updates=ALLOWED_UPDATES,
            drop_pending_updates=False,
        )
    else:
        await app.updater.start_polling(
            poll_interval=0.0,
            timeout=settings.poll_timeout,
            allowed_updates=ALLOWED_UPDATES,
            drop_pending_updates=False,
            error_callback=functools.partial(_polling_error, app),
        )
    await app.start()


def _polling_error(app: Application, exc: TelegramError) -> None:
    # As run_polling does: polling errors go to the Application's error handlers.
    app.create_task(app.process_error(error=exc, update=None))


async def stop_application(app: Application) -> None:
    if app.updater is not None and app.updater.running:
        await app.updater.stop()
    if app.running:
        await app.stop()
    await app.shutdown()


MakeBot = Callable[..., Awaitable[BotHarness]]
