"""Fixtures for the bot tests: the fake Bot API server and the real Application.

The bot runs in-process, long-polling the fake server through base_url, exactly as
`python -m bot` does against Telegram (same build_application, same handlers).
Every bot gets a temp config.yaml; the corpus is a temp copy of corpus/, so uploads
and reloads never touch the repository. The default-corpus KnowledgeBase is built once
per session and shared read-only; bots that reload or upload build their own (fast:
the index snapshot cache is shared too).
"""

from __future__ import annotations

import functools
import shutil
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from fake_bot_api import DEFAULT_TOKEN, FakeBotApi
from telegram.error import TelegramError
from telegram.ext import Application

from bot.app import ALLOWED_UPDATES, build_application
from bot.settings import Settings, load_settings
from bot.state import STATE_KEY, BotState
from retrieval.answer.build import build_knowledge_base
from retrieval.answer.knowledge import KnowledgeBase
from retrieval.config import read_yaml

REPO = Path(__file__).resolve().parents[1]
TOKEN = DEFAULT_TOKEN
ADMIN_ID = 5550001
BOT_USERNAME = "QaTestBot"
POLL_TIMEOUT = 1  # seconds; short so that stopping a bot is quick

# The test defaults for the telegram: section (tests override per bot).
TEST_TELEGRAM = {
    "rate_limit_per_minute": 1000,
    "poll_timeout": POLL_TIMEOUT,
    "log_level": "INFO",
}


def write_config(folder: Path, corpus_dir: Path, cache_dir: Path, telegram: dict[str, Any],
                 extra: dict[str, Any] | None = None) -> Path:
    """config.yaml = the repository's, with paths moved into the temp dirs."""
    data = read_yaml(REPO / "config.yaml")
    corpus = dict(data.get("corpus") or {})
    terms = Path(str(corpus.get("terms_file", "corpus/terms.dict")))
    repo_corpus = REPO / str(corpus.get("path", "corpus"))
    terms_abs = terms if terms.is_absolute() else REPO / terms
    if terms_abs.is_relative_to(repo_corpus):
        terms_abs = corpus_dir / terms_abs.relative_to(repo_corpus)
    corpus.update(path=str(corpus_dir), terms_file=str(terms_abs),
                  uploads_path=str(folder / "uploads"))
    data["corpus"] = corpus
    data["index"] = {**(data.get("index") or {}), "cache_dir": str(cache_dir)}
    data["telegram"] = {**(data.get("telegram") or {}), **TEST_TELEGRAM, **telegram}
    for key, value in (extra or {}).items():
        data[key] = {**(data.get(key) or {}), **value}
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "config.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def copy_corpus(target: Path) -> Path:
    shutil.copytree(REPO / "corpus", target)
    return target


@pytest.fixture(scope="session")
def session_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("bot-session")


@pytest.fixture(scope="session")
def index_cache(session_dir: Path) -> Path:
    return session_dir / "index-cache"


@pytest.fixture(scope="session")
def shared_corpus(session_dir: Path) -> Path:
    return copy_corpus(session_dir / "corpus")


@pytest.fixture(scope="session")
def shared_kb(session_dir: Path, shared_corpus: Path, index_cache: Path) -> KnowledgeBase:
    """The default corpus, built once; read-only for every test."""
    config = write_config(session_dir / "kb-config", shared_corpus, index_cache, {})
    settings = load_settings({"TELEGRAM_BOT_TOKEN": TOKEN, "BOT_CONFIG": str(config)})
    return build_knowledge_base(settings.retrieval)


@pytest.fixture
async def fake_api() -> AsyncIterator[FakeBotApi]:
    api = FakeBotApi(token=TOKEN, bot_username=BOT_USERNAME)
    await api.start()
    try:
        yield api
    finally:
        await api.stop()


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


def buttons(message: dict) -> list[tuple[str, str]]:
    """(text, callback_data) of every inline button of a sent message."""
    markup = message.get("reply_markup") or {}
    return [(b["text"], b.get("callback_data", "")) for row in markup.get("inline_keyboard", [])
            for b in row]


def button_data(message: dict, text: str) -> str:
    for label, data in buttons(message):
        if label == text:
            return data
    raise AssertionError(f"no button {text!r} in {buttons(message)}")


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


@pytest.fixture
async def make_bot(
    fake_api: FakeBotApi,
    shared_kb: KnowledgeBase,
    shared_corpus: Path,
    index_cache: Path,
    tmp_path: Path,
) -> AsyncIterator[MakeBot]:
    """Factory: make_bot(own_corpus=False, env=None, corpus=None, **telegram_settings)."""
    running: list[BotHarness] = []

    async def factory(*, own_corpus: bool = False, env: dict[str, str] | None = None,
                      corpus: dict[str, Any] | None = None, **telegram: Any) -> BotHarness:
        n = len(running)
        corpus_dir = copy_corpus(tmp_path / f"corpus{n}") if own_corpus else shared_corpus
        config = write_config(tmp_path / f"config{n}", corpus_dir, index_cache, telegram,
                              extra={"corpus": corpus} if corpus else None)
        settings = load_settings({
            "TELEGRAM_BOT_TOKEN": fake_api.token,
            "TELEGRAM_API_BASE_URL": fake_api.base_url,
            "BOT_ADMIN_IDS": str(ADMIN_ID),
            "BOT_CONFIG": str(config),
            **(env or {}),
        })
        # An own corpus starts as an exact copy of the shared one, so the shared index
        # serves it until the test reloads (which then reads the copy).
        kb = shared_kb
        app = build_application(settings, kb)
        await start_application(app, settings)
        harness = BotHarness(fake_api, app, settings, corpus_dir)
        running.append(harness)
        return harness

    try:
        yield factory
    finally:
        for harness in running:
            await stop_application(harness.app)


@pytest.fixture
async def bot(make_bot: MakeBot) -> BotHarness:
    """A bot on the shared default corpus with the test defaults."""
    return await make_bot()
