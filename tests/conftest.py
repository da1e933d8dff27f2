"""Test layers, markers and the fixtures both layers use.

    tests/unit/     fast, in process, no HTTP (marker `unit`): handlers driven with
                    Application.process_update against a RecordingRequest and a stub
                    knowledge base; parser and rendering on their own.
    tests/e2e/      the HTTP fake Bot API (marker `e2e`): polling, webhook, delivery
                    faults, SIGTERM, `python -m bot`, and conversations with the real
                    knowledge base.
    tests/engine/   retrieval as a whole (marker `engine`): BM25 against rank_bm25
                    (hypothesis differential tests), snapshots, the parallel build, the
                    pipeline and its CLI on a temp copy of the shipped pages, and PDF /
                    Word / HTML / image files read through the isolated extractor (a
                    child process per file).
    tests/support/  the fake, the RecordingRequest, update makers, the stub knowledge
                    base, the harnesses (support.*; see each module).
    tests/data/     data files; a missing one fails the test that needs it.

Every fixture is hermetic: corpora, configs and index caches live in tmp_path
(support.hermetic), nothing is written into the working tree.

"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from support.e2e_harness import BotHarness, MakeBot, start_application, stop_application
from support.fake_bot_api import FakeBotApi
from support.hermetic import (
    BOT_USERNAME,
    TOKEN,
    config_mapping,
    copy_corpus,
    settings_for,
    settings_from,
    write_config,
)
from support.recording import RecordingRequest
from support.stub_kb import StubKnowledgeBase
from support.unit_harness import MakeUnitBot, UnitBot
from support.updates import UpdateMaker
from telegram.ext import ApplicationBuilder

from bot.app import build_application
from retrieval.answer.build import build_knowledge_base
from retrieval.answer.knowledge import KnowledgeBase

TESTS = Path(__file__).resolve().parent
LAYERS = ("unit", "e2e", "engine")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        path = Path(str(item.path)).resolve()
        relative = path.relative_to(TESTS) if path.is_relative_to(TESTS) else path
        layer = relative.parts[0] if len(relative.parts) > 1 else None
        if layer in LAYERS:
            item.add_marker(getattr(pytest.mark, layer))


# --------------------------------------------------------------------------- knowledge


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
    """The shipped corpus, built once; read-only for every test."""
    config = write_config(session_dir / "kb-config", shared_corpus, index_cache, {})
    return build_knowledge_base(settings_for(config).retrieval)


# --------------------------------------------------------------------------- e2e


@pytest.fixture
async def fake_api() -> AsyncIterator[FakeBotApi]:
    api = FakeBotApi(token=TOKEN, bot_username=BOT_USERNAME)
    await api.start()
    try:
        yield api
    finally:
        await api.stop()


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
        settings = settings_for(config, TELEGRAM_API_BASE_URL=fake_api.base_url, **(env or {}))
        # An own corpus starts as an exact copy of the shared one, so the shared index
        # serves it until the test reloads (which then reads the copy).
        app = build_application(settings, shared_kb)
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
    """A bot on the shared corpus with the test defaults."""
    return await make_bot()


# --------------------------------------------------------------------------- unit


@pytest.fixture
async def make_unit_bot(tmp_path: Path) -> AsyncIterator[MakeUnitBot]:
    """Factory: make_unit_bot(kb=None, corpus=None, **telegram_settings), a bot
    on a RecordingRequest and (by default) a StubKnowledgeBase, started as at start-up
    (getMe, setMyCommands) but fetching no updates: tests feed them.
    Its corpus folder (for uploads) is an empty temp folder."""
    started: list[UnitBot] = []

    async def factory(kb: Any = None, *, corpus: dict[str, Any] | None = None,
                      **telegram: Any) -> UnitBot:
        n = len(started)
        corpus_dir = tmp_path / f"unit-corpus{n}"
        corpus_dir.mkdir()
        config = config_mapping(corpus_dir, tmp_path / "cache", telegram,
                             extra={"corpus": corpus} if corpus else None)
        settings = settings_from(config, tmp_path)
        rec = RecordingRequest()
        builder = ApplicationBuilder().request(rec).get_updates_request(rec).updater(None)
        app = build_application(settings, kb if kb is not None else StubKnowledgeBase(),
                                builder=builder)
        await app.initialize()
        if app.post_init is not None:
            await app.post_init(app)
        await app.start()  # running, as in production (its tasks are awaited on stop)
        unit = UnitBot(app, rec, settings, corpus_dir, UpdateMaker(rec))
        started.append(unit)
        return unit

    try:
        yield factory
    finally:
        for unit in started:
            if unit.app.running:
                await unit.app.stop()
            await unit.app.shutdown()


@pytest.fixture
async def unit_bot(make_unit_bot: MakeUnitBot) -> UnitBot:
    """A unit bot on the stub knowledge base with the test defaults."""
    return await make_unit_bot()
