"""bot.app.build_application and http_options: what the assembled Application is made of
(HTTP timeouts and pools, defaults, the retry policy around every call, the state the
handlers share), read off the built object without any request."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from support.hermetic import config_mapping, settings_from
from support.recording import RecordingRequest
from support.stub_kb import StubKnowledgeBase
from telegram.constants import ParseMode
from telegram.ext import AIORateLimiter, ApplicationBuilder, CallbackQueryHandler

from bot import app as app_module
from bot.app import build_application
from bot.delivery import RetryingRateLimiter, RetryPolicy
from bot.state import STATE_KEY


def settings_in(tmp_path: Path, **telegram):
    corpus = tmp_path / "corpus"
    corpus.mkdir(exist_ok=True)
    return settings_from(config_mapping(corpus, tmp_path / "cache", telegram), tmp_path)


def client_kwargs(app):
    updates, requests = app.bot._request  # (getUpdates request, every other call's)
    return updates._client_kwargs, requests._client_kwargs


def test_the_default_builder_sets_timeouts_and_pools_from_the_settings(tmp_path):
    app = build_application(settings_in(tmp_path, request_timeout=7, concurrent_updates=3),
                            StubKnowledgeBase())
    updates, requests = client_kwargs(app)
    assert (requests["timeout"].connect, requests["timeout"].read, requests["timeout"].write,
            requests["timeout"].pool) == (10.0, 7.0, 7.0, 10.0)
    assert (updates["timeout"].connect, updates["timeout"].read, updates["timeout"].pool) == (
        10.0, 7.0, 10.0)
    assert updates["limits"].max_connections == 2
    assert requests["limits"].max_connections == 8  # at least 8
    assert app.update_processor.max_concurrent_updates == 3


def test_the_connection_pool_follows_concurrency_up_to_128(tmp_path):
    for concurrent, pool in ((8, 8), (9, 9), (128, 128), (129, 128)):
        app = build_application(settings_in(tmp_path, concurrent_updates=concurrent),
                                StubKnowledgeBase())
        assert client_kwargs(app)[1]["limits"].max_connections == pool, concurrent
        assert app.update_processor.max_concurrent_updates == concurrent


def test_defaults_rate_limiter_and_urls(tmp_path):
    settings = settings_in(tmp_path, send_retries=5, retry_backoff=0.25)
    app = build_application(settings, StubKnowledgeBase())
    bot = app.bot
    assert bot.token == settings.token
    assert bot.defaults.parse_mode == ParseMode.HTML
    assert bot.defaults.allow_sending_without_reply is True
    limiter = bot.rate_limiter
    assert isinstance(limiter, RetryingRateLimiter)
    assert limiter.policy == RetryPolicy(retries=5, backoff=0.25)
    assert isinstance(limiter.inner, AIORateLimiter)
    assert limiter.inner._max_retries == app_module.FLOOD_RETRIES == 3
    assert app.post_init is app_module.post_init
    assert bot.base_url == f"https://api.telegram.org/bot{settings.token}"
    assert bot.base_file_url == f"https://api.telegram.org/file/bot{settings.token}"

    local = dataclasses.replace(settings, base_url="http://local:8081/bot",
                                base_file_url="http://local:8081/file/bot")
    bot = build_application(local, StubKnowledgeBase()).bot
    assert bot.base_url == f"http://local:8081/bot{settings.token}"
    assert bot.base_file_url == f"http://local:8081/file/bot{settings.token}"
    only_api = dataclasses.replace(settings, base_url="http://local:8081/bot")
    bot = build_application(only_api, StubKnowledgeBase()).bot
    assert bot.base_url == f"http://local:8081/bot{settings.token}"
    assert bot.base_file_url == f"https://api.telegram.org/file/bot{settings.token}"


def test_the_shared_state_is_sized_by_the_settings(tmp_path):
    settings = settings_in(tmp_path, rate_limit_per_minute=7, recent_unanswered=4,
                           dialogue_minutes=2, dialogue_chats=9, preview_minutes=0.5)
    kb = StubKnowledgeBase()
    app = build_application(settings, kb)
    state = app.bot_data[STATE_KEY]
    assert state.settings is settings
    assert state.knowledge.kb is kb
    assert state.quota.per_minute == 7
    assert state.stats._unanswered.maxlen == 4
    assert (state.dialogue.ttl, state.dialogue.capacity) == (120.0, 9)
    assert state.previews._items.ttl == 30.0  # 0.5 minutes


def test_a_builder_of_ones_own_keeps_its_request_and_gets_every_handler(tmp_path):
    rec = RecordingRequest()
    builder = ApplicationBuilder().request(rec).get_updates_request(rec).updater(None)
    app = build_application(settings_in(tmp_path), StubKnowledgeBase(), builder=builder)
    assert app.bot._request == (rec, rec)
    assert sorted(app.handlers) == [-1, 0]
    assert len(app.handlers[-1]) == 1
    handlers = app.handlers[0]
    assert len(handlers) == 23
    commands = [next(iter(h.commands)) for h in handlers if hasattr(h, "commands")]
    assert commands == ["start", "help", "ask", "topics", "sources", "reload", "stats",
                        "uploads", "term"]
    presses = [h for h in handlers if isinstance(h, CallbackQueryHandler)]
    assert len(presses) == 8 and presses[-1].pattern is None  # the catch-all comes last
    assert app.error_handlers
