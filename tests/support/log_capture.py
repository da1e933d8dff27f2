"""A log handler that keeps every formatted line (tracebacks included), as an error
tracker attached to the root logger would see them."""

from __future__ import annotations

import logging


class Keep(logging.Handler):
    """A handler someone else attached to the root logger (an error tracker, say)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))  # includes the formatted traceback
