"""`python -m bot`: read settings, load the corpus, run the bot (polling or webhook).

Start-up problems end with one line on stderr, never a traceback:
exit 2 = fix your settings (token, config.yaml), exit 1 = environment (corpus, network).
"""

from __future__ import annotations

import datetime
import logging
import os
import sys
import time

from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.ext import Application

from bot import stop_deadline
from bot.app import ALLOWED_UPDATES, build_application
from bot.logging_setup import redact, setup_logging
from bot.settings import Settings, load_settings
from retrieval.answer.build import build_knowledge_base
from retrieval.config import ConfigError

log = logging.getLogger("bot")

# Retries of getMe / deleteWebhook at start-up before giving up (PTB waits between them).
BOOTSTRAP_RETRIES = 3
# Seconds a stop may take beyond telegram.request_timeout (one answer in flight finishing)
# before the process exits anyway.
STOP_SLACK = 10.0


def _fail(message: str, code: int) -> int:
    print(f"error: {message}", file=sys.stderr)
    return code


def main() -> int:
    try:
        settings = load_settings(os.environ)
    except ConfigError as exc:
        return _fail(str(exc), 2)
    setup_logging(settings.log_level, settings.secrets)

    try:
        started = time.perf_counter()
        kb = build_knowledge_base(settings.retrieval)
    except ConfigError as exc:
        return _fail(str(exc), 2)
    except Exception as exc:  # the corpus cannot be read at all
        return _fail(f"cannot load the corpus from {settings.retrieval.corpus_dir}: {exc}", 1)
    log.info("index built in %.2fs: %d articles, %d paragraphs, %d files skipped",
             time.perf_counter() - started, len(kb.articles), len(kb.paragraphs),
             len(kb.report.skipped))
    for skipped in kb.report.skipped:
        log.warning("skipped %s: %s", skipped.path, skipped.reason)

    application = build_application(settings, kb)
    try:
        run(application, settings)
    except InvalidToken:
        # PTB's message quotes the token; say what to do instead.
        return _fail("Telegram rejected TELEGRAM_BOT_TOKEN: check the token from @BotFather", 2)
    except (NetworkError, TelegramError, OSError) as exc:
        where = settings.base_url or "https://api.telegram.org"
        return _fail(redact(f"cannot reach the Bot API at {where}: {exc}", settings.secrets), 1)
    return 0


def run(application: Application, settings: Settings) -> None:
    # PTB handles SIGINT/SIGTERM: stop fetching, finish running handlers, shut down;
    # stop_deadline bounds how long that may take.
    with_deadline(application, settings.request_timeout + STOP_SLACK)
    if settings.mode == "webhook":
        hook = settings.webhook
        application.run_webhook(
            listen=hook.listen,
            port=hook.port,
            url_path=hook.url_path,
            webhook_url=hook.url,
            secret_token=hook.secret_token,  # requests without this header are rejected
            allowed_updates=ALLOWED_UPDATES,
            drop_pending_updates=False,
            bootstrap_retries=BOOTSTRAP_RETRIES,
        )
    else:
        # Network errors during polling are retried by PTB with exponential backoff.
        application.run_polling(
            timeout=datetime.timedelta(seconds=settings.poll_timeout),
            allowed_updates=ALLOWED_UPDATES,
            drop_pending_updates=False,
            bootstrap_retries=BOOTSTRAP_RETRIES,
        )


def with_deadline(application: Application, seconds: float) -> None:
    """Install the stop deadline once the loop runs (PTB adds its signal handlers first)."""
    inner = application.post_init

    async def post_init(app: Application) -> None:
        stop_deadline.install(seconds)
        if inner is not None:
            await inner(app)

    application.post_init = post_init


if __name__ == "__main__":
    sys.exit(main())
