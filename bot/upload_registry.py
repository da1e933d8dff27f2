"""What admins added: one JSON file beside the uploads, written atomically.

Each record: the file (as saved in the uploads folder), hashes of its bytes and of its
extracted text (the same content sent twice is recognised), the article titles (a file
with the same titles is a corrected version: it replaces the old one), and who added it
when. Beside the records, a history of every add, replace and remove (file, admin id,
time; the last HISTORY_KEPT). The shipped pages are never in here, so they can never be
removed through it.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from retrieval.corpus.durable import atomic_write

log = logging.getLogger(__name__)
REGISTRY_NAME = ".uploads.json"  # hidden: the corpus loader never reads it as an article
HISTORY_KEPT = 1000


@dataclass(frozen=True)
class Change:
    """One add, replace or remove, for the audit trail."""

    action: str  # "add" | "replace" | "remove"
    file: str
    admin_id: int
    at: float


@dataclass(frozen=True)
class UploadRecord:
    id: int
    file: str  # name inside the uploads folder
    sha256: str  # of the bytes as uploaded
    text_sha256: str  # of the extracted text
    titles: tuple[str, ...]
    admin_id: int
    added_at: float


class UploadRegistry:
    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.path = self.folder / REGISTRY_NAME

    def _read(self) -> tuple[list[Any], list[Any]]:
        """(record items, history items) as stored; the first format was a bare list."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return [], []
        except (OSError, ValueError) as exc:
            log.warning("upload registry %s unreadable: %s", self.path, exc)
            return [], []
        if isinstance(data, list):
            return data, []
        if isinstance(data, dict):
            uploads, history = data.get("uploads"), data.get("history")
            return (uploads if isinstance(uploads, list) else [],
                    history if isinstance(history, list) else [])
        return [], []

    def history(self) -> list[Change]:
        """Every add, replace and remove, oldest first."""
        changes = []
        for item in self._read()[1]:
            try:
                changes.append(Change(str(item["action"]), str(item["file"]),
                                      int(item["admin_id"]), float(item["at"])))
            except (KeyError, TypeError, ValueError):
                log.warning("upload history entry skipped: %r", item)
        return changes

    def records(self) -> list[UploadRecord]:
        """Newest first; a missing or unreadable file means nothing was added yet."""
        records = []
        for item in self._read()[0]:
            try:
                records.append(UploadRecord(
                    int(item["id"]), str(item["file"]), str(item["sha256"]),
                    str(item.get("text_sha256", "")), tuple(str(t) for t in item["titles"]),
                    int(item["admin_id"]), float(item["added_at"])))
            except (KeyError, TypeError, ValueError):
                log.warning("upload registry entry skipped: %r", item)
        return sorted(records, key=lambda r: -r.added_at)

    def get(self, record_id: int) -> UploadRecord | None:
        return next((r for r in self.records() if r.id == record_id), None)

    def same_content(self, sha256: str, text_sha256: str) -> UploadRecord | None:
        return next((r for r in self.records()
                     if r.sha256 == sha256 or (text_sha256 and r.text_sha256 == text_sha256)),
                    None)

    def same_titles(self, titles: tuple[str, ...]) -> UploadRecord | None:
        wanted = {t for t in titles if t}
        return next((r for r in self.records() if wanted and wanted <= set(r.titles)), None)

    def add(self, file: str, sha256: str, text_sha256: str, titles: tuple[str, ...],
            admin_id: int, *, replacing: int | None = None) -> UploadRecord:
        records = [r for r in self.records() if r.id != replacing]
        record = UploadRecord(max((r.id for r in self.records()), default=0) + 1, file, sha256,
                              text_sha256, titles, admin_id, time.time())
        action = "add" if replacing is None else "replace"
        self._write([record, *records], Change(action, file, admin_id, record.added_at))
        return record

    def remove(self, record_id: int, admin_id: int) -> UploadRecord | None:
        records = self.records()
        gone = next((r for r in records if r.id == record_id), None)
        if gone is not None:
            self._write([r for r in records if r.id != record_id],
                        Change("remove", gone.file, admin_id, time.time()))
        return gone

    def _write(self, records: list[UploadRecord], change: Change) -> None:
        history = [asdict(c) for c in self.history()] + [asdict(change)]
        body = json.dumps({"uploads": [{**asdict(r), "titles": list(r.titles)} for r in records],
                           "history": history[-HISTORY_KEPT:]}, ensure_ascii=False, indent=1)
        atomic_write(self.path, body.encode("utf-8"))
