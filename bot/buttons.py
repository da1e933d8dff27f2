"""Every inline button's callback_data: built and parsed here, nowhere else.

callback_data is at most 64 bytes (telegram.constants.InlineKeyboardButtonLimit).
What does not fit is kept server-side in a bounded ButtonStore under a short id; an
evicted id (or one from before a restart) makes the button answer "stale".

    m|<ver>|<offset>|<ref>     更多结果: the next results of a question
    f|<ver>|<article id>       全文
    q|<ref>                    ask a question (suggestions, follow-ups, examples, ask-back)
    w|<ver>|<paragraph>|<ref>  👎 the answer to a question was wrong
    t|<page>                   /topics, one page of initiative names
    u|<action>|<id>            an upload preview: ok (收录) / no (取消)
    r|<action>|<id>            /uploads: ask (remove?) / yes (remove) / no

<ref> is t<text> (the text itself) or #<n> (ButtonStore id). <ver> is a prefix of the
index version: article and paragraph numbers mean nothing after a rebuild, so such a
button is answered as stale.
"""

from __future__ import annotations

import itertools
import re
from collections import OrderedDict
from dataclasses import dataclass
from threading import Lock

from telegram.constants import InlineKeyboardButtonLimit

MAX_BYTES = InlineKeyboardButtonLimit.MAX_CALLBACK_DATA
VERSION_CHARS = 8
SEPARATOR = "\x1f"  # between a question and its conversation topic in the store

# CallbackQueryHandler patterns, one per kind (bot.app routes with them).
MORE = re.compile(r"^m\|")
FULL = re.compile(r"^f\|")
ASK = re.compile(r"^q\|")
WRONG = re.compile(r"^w\|")
TOPICS = re.compile(r"^t\|")
UPLOAD = re.compile(r"^u\|")
REMOVE = re.compile(r"^r\|")


class ButtonStore:
    """Texts too long for callback_data, by short id; bounded (oldest go first)."""

    def __init__(self, size: int = 4096) -> None:
        self._size = size
        self._items: OrderedDict[int, str] = OrderedDict()
        self._ids = itertools.count(1)
        self._lock = Lock()

    def put(self, text: str) -> int:
        with self._lock:
            key = next(self._ids)
            self._items[key] = text
            while len(self._items) > self._size:
                self._items.popitem(last=False)
            return key

    def get(self, key: int) -> str | None:
        return self._items.get(key)


@dataclass(frozen=True)
class Question:
    """A question and the conversation topic it was asked under (for follow-ups)."""

    text: str
    topic: str | None = None

    def pack(self) -> str:
        return self.text if self.topic is None else f"{self.text}{SEPARATOR}{self.topic}"

    @classmethod
    def unpack(cls, packed: str) -> Question:
        text, sep, topic = packed.partition(SEPARATOR)
        return cls(text, topic if sep else None)


@dataclass(frozen=True)
class More:
    version: str
    offset: int
    question: Question


@dataclass(frozen=True)
class FullText:
    version: str
    article_id: int


@dataclass(frozen=True)
class Ask:
    question: Question


@dataclass(frozen=True)
class Wrong:
    version: str
    paragraph_id: int
    question: Question


@dataclass(frozen=True)
class TopicsPage:
    page: int


@dataclass(frozen=True)
class UploadChoice:
    action: str  # ok | no
    preview_id: int


@dataclass(frozen=True)
class RemoveChoice:
    action: str  # ask | yes | no
    upload_id: int


Button = More | FullText | Ask | Wrong | TopicsPage | UploadChoice | RemoveChoice


def short_version(version: str) -> str:
    return version[:VERSION_CHARS].replace("|", "_")


def fits(data: str) -> bool:
    try:
        return 0 < len(data.encode("utf-8")) <= MAX_BYTES
    except UnicodeEncodeError:  # lone surrogates cannot be sent at all
        return False


class Buttons:
    """Builds and reads callback_data, using the store for what does not fit."""

    def __init__(self, store: ButtonStore | None = None) -> None:
        self.store = store or ButtonStore()

    def _ref(self, prefix: str, question: Question) -> str:
        embedded = f"{prefix}t{question.pack()}"
        if SEPARATOR not in embedded and fits(embedded):
            return embedded
        return f"{prefix}#{self.store.put(question.pack())}"

    def _question(self, ref: str) -> Question | None:
        if ref.startswith("t") and len(ref) > 1:
            return Question(ref[1:])
        if ref.startswith("#") and ref[1:].isdigit():
            packed = self.store.get(int(ref[1:]))
            return Question.unpack(packed) if packed is not None else None
        return None

    def more(self, version: str, offset: int, question: Question) -> str:
        return self._ref(f"m|{short_version(version)}|{offset}|", question)

    def full(self, version: str, article_id: int) -> str:
        return f"f|{short_version(version)}|{article_id}"

    def ask(self, question: Question) -> str:
        return self._ref("q|", question)

    def wrong(self, version: str, paragraph_id: int, question: Question) -> str:
        return self._ref(f"w|{short_version(version)}|{paragraph_id}|", question)

    @staticmethod
    def topics(page: int) -> str:
        return f"t|{page}"

    @staticmethod
    def upload(action: str, preview_id: int) -> str:
        return f"u|{action}|{preview_id}"

    @staticmethod
    def remove(action: str, upload_id: int) -> str:
        return f"r|{action}|{upload_id}"

    def parse(self, data: str | None) -> Button | None:
        """Decode callback_data; None for anything this bot did not produce (or forgot)."""
        if not data:
            return None
        kind, _, rest = data.partition("|")
        try:
            if kind == "m":
                version, offset, ref = rest.split("|", 2)
                question = self._question(ref)
                return More(version, int(offset), question) if question else None
            if kind == "f":
                version, article_id = rest.split("|", 1)
                return FullText(version, int(article_id))
            if kind == "q":
                question = self._question(rest)
                return Ask(question) if question else None
            if kind == "w":
                version, paragraph, ref = rest.split("|", 2)
                question = self._question(ref)
                return Wrong(version, int(paragraph), question) if question else None
            if kind == "t":
                return TopicsPage(int(rest))
            if kind == "u":
                action, number = rest.split("|", 1)
                return UploadChoice(action, int(number)) if action in ("ok", "no") else None
            if kind == "r":
                action, number = rest.split("|", 1)
                if action in ("ask", "yes", "no"):
                    return RemoveChoice(action, int(number))
        except ValueError:
            return None
        return None
