"""Reading the bot's messages: their buttons, their first line. Works on the message dicts
of both the HTTP fake and the RecordingRequest."""

from __future__ import annotations

import re

FILE_NAME = re.compile(r"\d{3}_[0-9a-z]+\.txt")  # a corpus file name: never shown to users


def buttons(message: dict) -> list[tuple[str, str]]:
    """(text, callback_data) of every inline button of a sent message."""
    markup = message.get("reply_markup") or {}
    return [(b["text"], b.get("callback_data", "")) for row in markup.get("inline_keyboard", [])
            for b in row]


def labels(message: dict) -> list[str]:
    return [label for label, _ in buttons(message)]


def button_data(message: dict, text: str) -> str:
    for label, data in buttons(message):
        if label == text:
            return data
    raise AssertionError(f"no button {text!r} in {buttons(message)}")


def first_line(message: dict) -> str:
    return message["text"].split("\n", 1)[0]


def tg_len(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2
