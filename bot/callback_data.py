"""callback_data of the inline buttons: short strings, at most 64 bytes (Telegram's limit).

    m|<ver>|<offset>|t<question>   更多结果: question embedded when it fits
    m|<ver>|<offset>|#<id>         更多结果: question kept in QuestionCache under <id>
    f|<ver>|<article id>           全文
    s|<initiative name>            a suggested topic (asked as a new question)

<ver> is a prefix of KnowledgeBase.version: after a reload the numbers in a button may
point elsewhere, so a button from another version is answered as stale.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_BYTES = 64
VERSION_CHARS = 8


@dataclass(frozen=True)
class More:
    version: str
    offset: int
    question: str | None  # embedded question
    cache_id: int | None  # or its id in QuestionCache


@dataclass(frozen=True)
class FullText:
    version: str
    article_id: int


@dataclass(frozen=True)
class Suggest:
    topic: str


def short_version(version: str) -> str:
    return version[:VERSION_CHARS].replace("|", "_")


def fits(data: str) -> bool:
    try:
        return 0 < len(data.encode("utf-8")) <= MAX_BYTES
    except UnicodeEncodeError:  # lone surrogates cannot be sent at all
        return False


def more_data(version: str, offset: int, question: str) -> str | None:
    """The embedded form, or None when the question does not fit (use more_data_cached)."""
    data = f"m|{short_version(version)}|{offset}|t{question}"
    return data if fits(data) else None


def more_data_cached(version: str, offset: int, cache_id: int) -> str:
    return f"m|{short_version(version)}|{offset}|#{cache_id}"


def full_data(version: str, article_id: int) -> str:
    return f"f|{short_version(version)}|{article_id}"


def suggest_data(topic: str) -> str | None:
    data = f"s|{topic}"
    return data if fits(data) else None


def parse(data: str | None) -> More | FullText | Suggest | None:
    """Decode callback_data; None for anything this bot did not produce."""
    if not data:
        return None
    kind, _, rest = data.partition("|")
    try:
        if kind == "m":
            version, offset, payload = rest.split("|", 2)
            if payload.startswith("t") and len(payload) > 1:
                return More(version, int(offset), payload[1:], None)
            if payload.startswith("#"):
                return More(version, int(offset), None, int(payload[1:]))
        elif kind == "f":
            version, article_id = rest.split("|", 1)
            return FullText(version, int(article_id))
        elif kind == "s" and rest:
            return Suggest(rest)
    except ValueError:
        return None
    return None
