"""Logging for the bot: one root handler whose filter blanks out secrets.

The Bot API puts the token in every request URL (https://api.telegram.org/bot<TOKEN>/...):
httpx logs those URLs at INFO, PTB logs its base URL at DEBUG, and PTB's InvalidToken
message quotes the token. So the filter rewrites every record (message, args, exception
text), and the HTTP client loggers are kept at WARNING.
"""

from __future__ import annotations

import logging
import sys
import urllib.parse
from collections.abc import Callable, Iterable
from typing import Any, TextIO

REDACTED = "[REDACTED]"
_NOISY_LOGGERS = ("httpx", "httpcore")


def redact(text: str, secrets: Iterable[str]) -> str:
    for secret in secrets:
        if secret:
            text = text.replace(secret, REDACTED)
    return text


class RedactingFilter(logging.Filter):
    """Replace secrets (and their URL-quoted forms) in the final text of every record."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        variants: set[str] = set()
        for secret in secrets:
            if secret:
                quoted = urllib.parse.quote(secret), urllib.parse.quote_plus(secret)
                variants.update({secret, *quoted})
        # Longest first, so a secret is replaced before any shorter variant inside it.
        self._secrets = tuple(sorted(variants, key=len, reverse=True))
        self._formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        if not self._secrets:
            return True
        try:
            message = record.getMessage()
        except Exception:  # a broken format string must not hide the record
            message = f"{record.msg!r} % {record.args!r}"
        # Freeze the formatted message so no later handler re-formats the raw args.
        record.msg = redact(message, self._secrets)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text, self._secrets)
        if record.stack_info:
            record.stack_info = redact(record.stack_info, self._secrets)
        return True


def quiet_http_loggers() -> dict[str, int]:
    """httpx logs each request URL (token included) at INFO; keep only its warnings.
    Returns the previous levels."""
    previous = {}
    for name in _NOISY_LOGGERS:
        logger = logging.getLogger(name)
        previous[name] = logger.level
        logger.setLevel(logging.WARNING)
    return previous


def setup_logging(level: str, secrets: Iterable[str],
                  stream: TextIO | None = None) -> Callable[[], None]:
    """Log to stderr through a redacting root handler; returns a function that undoes it.

    The same filter also runs when each record is created (record factory): PTB logs the
    request URL with the token at DEBUG ("Set Bot API URL: …/bot<TOKEN>"), and a handler
    someone else adds to the root logger (pytest's caplog, an error tracker) would
    otherwise receive the record before our handler redacts it.
    """
    redactor = RedactingFilter(secrets)
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(redactor)
    root = logging.getLogger()
    previous_level = root.level
    root.addHandler(handler)
    root.setLevel(level)
    previous_levels = quiet_http_loggers()

    previous_factory = logging.getLogRecordFactory()

    def redacting_factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous_factory(*args, **kwargs)
        redactor.filter(record)
        return record

    logging.setLogRecordFactory(redacting_factory)

    def undo() -> None:
        logging.setLogRecordFactory(previous_factory)
        root.removeHandler(handler)
        root.setLevel(previous_level)
        for name, old in previous_levels.items():
            logging.getLogger(name).setLevel(old)

    return undo
