"""Extracted text cached by the sha256 of the file's bytes, so that a restart or reload
does not extract PDFs, DOCX and web pages again. One JSON file per document, written
atomically; anything unreadable is a miss. Failures are cached too (a zip bomb stays a
zip bomb), except transient ones such as a time-out on a busy machine."""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

from retrieval.corpus.durable import atomic_write
from retrieval.corpus.formats.base import (
    ExtractedText,
    ExtractError,
    Limits,
    TransientExtractError,
)

log = logging.getLogger(__name__)

# Bump when an extractor changes what it produces: older entries are then ignored.
EXTRACTOR_VERSION = 1


class ExtractCache:
    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)

    def path(self, fmt: str, data: bytes) -> Path:
        return self.directory / f"{hashlib.sha256(data).hexdigest()}.{fmt}.json"

    def get(self, fmt: str, data: bytes, limits: Limits) -> ExtractedText | ExtractError | None:
        """The cached result (text, or the error to raise again), or None."""
        try:
            entry = json.loads(self.path(fmt, data).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            return None
        if not isinstance(entry, dict) or entry.get("version") != EXTRACTOR_VERSION \
                or entry.get("limits") != limits.fingerprint():
            return None
        if entry.get("ok"):
            try:
                return ExtractedText.from_json(entry.get("result"))
            except (TypeError, ValueError):
                return None
        reason = entry.get("reason")
        return ExtractError(reason) if isinstance(reason, str) and reason else None

    def put(self, fmt: str, data: bytes, limits: Limits,
            result: ExtractedText | ExtractError) -> None:
        """Store a result; a cache that cannot be written only costs time later."""
        if isinstance(result, TransientExtractError):
            return
        entry: dict[str, object] = {"version": EXTRACTOR_VERSION, "limits": limits.fingerprint()}
        if isinstance(result, ExtractError):
            entry.update(ok=False, reason=str(result))
        else:
            entry.update(ok=True, result=result.to_json())
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            atomic_write(self.path(fmt, data), json.dumps(entry, ensure_ascii=False).encode())
        except OSError as exc:
            log.warning("extraction cache not written in %s: %s", self.directory, exc)
