"""Upload previews waiting for 收录 or 取消: kept in memory only, for a limited time.

Nothing of a preview is on disk: an unconfirmed preview that expires (or a restart)
leaves nothing behind. With several webhook replicas a preview lives on the replica
that received the upload (README, Security).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from threading import Lock

from bot.memory import ExpiringLRU
from bot.upload_registry import UploadRecord
from retrieval.models import Article


@dataclass(frozen=True)
class Preview:
    admin_id: int
    chat_id: int
    file_name: str  # the safe name it will be saved under
    data: bytes
    sha256: str
    text_sha256: str
    articles: tuple[Article, ...]
    replaces: UploadRecord | None  # an earlier upload with the same titles


class Previews:
    def __init__(self, ttl: float, capacity: int = 64) -> None:
        self._items: ExpiringLRU[int, Preview] = ExpiringLRU(ttl, capacity)
        self._ids = itertools.count(1)
        self._lock = Lock()

    def put(self, preview: Preview) -> int:
        with self._lock:
            key = next(self._ids)
        self._items.put(key, preview)
        return key

    def take(self, key: int) -> Preview | None:
        """The preview, removed (a button is pressed once); None when expired or gone."""
        if self._items.get(key) is None:  # get() drops an expired one
            return None
        return self._items.pop(key)
