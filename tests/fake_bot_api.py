"""A fake Telegram Bot API server for tests (aiohttp.web, real HTTP).

The real python-telegram-bot ``Application``/``Bot`` talks to it through ``base_url`` and
``base_file_url``, exactly as it talks to api.telegram.org, so nothing inside
python-telegram-bot is mocked.  Tests feed updates (``private_message``, ``group_message``,
``callback_query`` ...) which the bot fetches with ``getUpdates`` (or receives through a webhook),
and observe what the bot did through ``requests``, ``sent_messages``, ``edited`` and friends.

Fidelity notes (why the validation looks the way it does):

* Telegram-HTML is parsed by a port of tdlib's ``parse_html`` (the parser the Bot API server
  uses), including its error messages.  On top of that, with ``strict_html = True`` (default) a
  bare ``&``, an unknown named entity or an entity without ``;`` is rejected: Telegram tolerates
  those, but its documentation says they must be escaped, and a bot that passes this stricter
  check also passes the real one.  A bare ``>`` is accepted, as it is by Telegram.
* After parsing, the text is cleaned and trimmed like tdlib's ``fix_formatted_text`` (control
  characters become spaces, ``\\r`` is dropped, leading/trailing spaces and newlines are
  trimmed); lengths are counted in UTF-16 code units *after* that (4096 for text, 1024 for
  captions), which is at least as strict as Telegram.
* Message ids are counted per chat (as in private chats and supergroups), so ids collide across
  chats: a bot that keys state on ``message_id`` alone is caught.
* The aiohttp access log is disabled: it would print request paths, which contain the token,
  and a test asserting "the token never appears in any log line" must only see the bot's logs.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import itertools
import json
import re
import socket
import time
import unicodedata
import urllib.parse
from collections.abc import Callable
from typing import Any

import aiohttp
from aiohttp import web

DEFAULT_TOKEN = "123456:TEST-TOKEN-abcdefghijklmnopqrstuvwxyz"

MAX_TEXT_UTF16 = 4096
MAX_CAPTION_UTF16 = 1024
MAX_CALLBACK_DATA_BYTES = 64
MAX_CALLBACK_ANSWER_CHARS = 200
MAX_INLINE_RESULTS = 50
MAX_INLINE_RESULT_ID_BYTES = 64
MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024  # getFile refuses bigger files ("file is too big")
MAX_UPLOAD_BYTES = 50 * 1024 * 1024

# Service accounts Telegram uses as "from" for messages sent on behalf of a chat.
GROUP_ANONYMOUS_BOT = {
    "id": 1087968824,
    "is_bot": True,
    "first_name": "Group",
    "username": "GroupAnonymousBot",
}
CHANNEL_BOT = {"id": 136817688, "is_bot": True, "first_name": "Channel", "username": "Channel_Bot"}

ALL_UPDATE_TYPES = (
    "message",
    "edited_message",
    "channel_post",
    "edited_channel_post",
    "business_connection",
    "business_message",
    "edited_business_message",
    "deleted_business_messages",
    "message_reaction",
    "message_reaction_count",
    "inline_query",
    "chosen_inline_result",
    "callback_query",
    "shipping_query",
    "pre_checkout_query",
    "purchased_paid_media",
    "poll",
    "poll_answer",
    "my_chat_member",
    "chat_member",
    "chat_join_request",
    "chat_boost",
    "removed_chat_boost",
)
# What Telegram sends when allowed_updates was never set (or set to []).
DEFAULT_UPDATE_TYPES = frozenset(ALL_UPDATE_TYPES) - {
    "chat_member",
    "message_reaction",
    "message_reaction_count",
}

CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)

# Form fields whose value is a plain string in the Bot API; python-telegram-bot sends every
# other value JSON-encoded (numbers, booleans, lists, objects), so those are json-decoded.
STRING_FIELDS = frozenset(
    {
        "text",
        "parse_mode",
        "caption",
        "callback_query_id",
        "inline_query_id",
        "inline_message_id",
        "file_id",
        "action",
        "url",
        "next_offset",
        "secret_token",
        "switch_pm_text",
        "switch_pm_parameter",
        "language_code",
        "business_connection_id",
        "message_effect_id",
        "name",
        "description",
        "short_description",
        "title",
        "emoji",
        "ip_address",
        "document",
        "photo",
        "sticker",
    }
)
# Fields that hold JSON objects/arrays; they may also arrive as JSON strings inside a JSON body.
JSON_FIELDS = frozenset(
    {
        "reply_markup",
        "results",
        "commands",
        "allowed_updates",
        "entities",
        "caption_entities",
        "reply_parameters",
        "link_preview_options",
        "scope",
        "button",
        "menu_button",
        "rights",
    }
)

FAULT_KINDS = ("500", "429", "drop", "drop_after", "hang", "400")

_HTTP_DESCRIPTIONS = {
    400: "Bad Request: injected fault",
    401: "Unauthorized",
    403: "Forbidden: bot was blocked by the user",
    404: "Not Found",
    409: "Conflict: terminated by other getUpdates request; make sure that only one bot "
    "instance is running",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
}

QUERY_INVALID = "Bad Request: query is too old and response timeout expired or query ID is invalid"
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)


class ApiError(Exception):
    """An error answer of the Bot API: HTTP status == error_code, plus the description."""

    def __init__(self, code: int, description: str, parameters: dict | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters


def _bad(description: str) -> ApiError:
    return ApiError(400, f"Bad Request: {description}")


# --------------------------------------------------------------------------------------------
# Text helpers: UTF-16 lengths, Telegram-HTML parsing, automatic entities
# --------------------------------------------------------------------------------------------


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit Telegram uses for offsets and limits."""
    return sum(2 if ord(ch) > 0xFFFF else 1 for ch in text)


def _utf16_prefix(text: str) -> list[int]:
    """prefix[i] = UTF-16 units before code point i (len(text) + 1 entries)."""
    prefix = [0]
    for ch in text:
        prefix.append(prefix[-1] + (2 if ord(ch) > 0xFFFF else 1))
    return prefix


class HtmlParseError(Exception):
    """Raised for text Telegram would refuse with "can't parse entities: <message>"."""


_HTML_TAGS = frozenset(
    {
        "a",
        "b",
        "strong",
        "i",
        "em",
        "s",
        "strike",
        "del",
        "u",
        "ins",
        "tg-spoiler",
        "tg-emoji",
        "span",
        "pre",
        "code",
        "blockquote",
    }
)
_SIMPLE_TAG_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
}
# Entities whose whole content may be whitespace (tdlib's "hidden data" entities).
_HIDDEN_DATA_TYPES = frozenset({"text_link", "text_mention", "pre", "code"})
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}


def _is_space(ch: str) -> bool:
    # tdlib's is_space; "\0" doubles as the end-of-text sentinel, as in tdlib's C string.
    return ch in " \t\r\n\0\v\f"


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8", "surrogatepass"))


def _decode_html_entity(text: str, pos: int, strict: bool) -> tuple[str | None, int]:
    """Decode the entity starting at text[pos] == "&" like tdlib's decode_html_entity.

    Returns (character, position after the entity) or (None, pos) when it is not an entity;
    in strict mode that case is an error instead.
    """
    n = len(text)
    end = pos + 1
    code = 0
    if end < n and text[end] == "#":
        end += 1
        if end < n and text[end] == "x":
            end += 1
            while end < n and text[end] in "0123456789abcdefABCDEF":
                code = code * 16 + int(text[end], 16)
                end += 1
        else:
            while end < n and text[end] in "0123456789":
                code = code * 10 + int(text[end])
                end += 1
        ok = code != 0 and code < 0x10FFFF and end - pos < 10
        char = chr(code) if ok else None
    else:
        while end < n and text[end].isascii() and text[end].isalpha():
            end += 1
        char = _NAMED_ENTITIES.get(text[pos + 1 : end])
    has_semicolon = end < n and text[end] == ";"
    if char is None or (strict and not has_semicolon):
        if strict:
            raise HtmlParseError(
                f"Unescaped '&' at byte offset {_byte_offset(text, pos)}: write it as &amp; "
                "(Telegram's documentation requires it; the fake enforces it)"
            )
        return None, pos
    return char, end + 1 if has_semicolon else end


def _checked_link(url: str) -> str | None:
    """Rough equivalent of tdlib's LinkManager::get_checked_link: None drops the entity."""
    url = url.strip()
    if not url:
        return None
    parts = urllib.parse.urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme in ("http", "https", "ftp"):
        return url if parts.netloc else None
    if scheme in ("tg", "ton"):
        return url
    if not scheme and re.match(r"^[\w-]+(\.[\w-]+)+([/?#].*)?$", url):
        return "http://" + url
    return None


def _parse_html_spans(text: str, strict: bool) -> tuple[str, list[dict]]:
    """Port of tdlib's parse_html: returns the plain text and entity spans.

    Spans use code-point indices ("start"/"end") and are converted to UTF-16 later.
    """
    n = len(text)

    def at(k: int) -> str:
        return text[k] if k < n else "\0"

    out: list[str] = []
    spans: list[dict] = []
    # stack entries: [tag_name, argument, start index in out, expandable]
    stack: list[list[Any]] = []
    i = 0
    while i < n:
        c = text[i]
        if c == "&":
            char, after = _decode_html_entity(text, i, strict)
            if char is not None:
                if 0xD800 <= ord(char) <= 0xDFFF:
                    raise HtmlParseError(
                        "Text contains invalid Unicode characters after decoding HTML entities, "
                        "check for unmatched surrogate code units"
                    )
                out.append(char)
                i = after
                continue
        if c != "<":
            out.append(c)
            i += 1
            continue

        begin = i
        byte_begin = _byte_offset(text, begin)
        i += 1
        if at(i) != "/":
            while not _is_space(at(i)) and at(i) != ">":
                i += 1
            if i >= n:
                raise HtmlParseError(f"Unclosed start tag at byte offset {byte_begin}")
            tag = text[begin + 1 : i].lower()
            if tag not in _HTML_TAGS:
                raise HtmlParseError(f'Unsupported start tag "{tag}" at byte offset {byte_begin}')
            argument = ""
            expandable = False
            while at(i) != ">":
                while i < n and _is_space(at(i)):
                    i += 1
                if at(i) == ">":
                    break
                attr_begin = i
                while not _is_space(at(i)) and at(i) not in "=>":
                    i += 1
                attr_name = text[attr_begin:i]
                if not attr_name:
                    raise HtmlParseError(
                        f'Empty attribute name in the tag "{tag}" at byte offset {byte_begin}'
                    )
                while i < n and _is_space(at(i)):
                    i += 1
                if at(i) != "=":
                    if tag == "blockquote" and attr_name.lower() == "expandable":
                        expandable = True
                        continue
                    raise HtmlParseError(
                        "Expected equal sign in declaration of an attribute of the tag "
                        f'"{tag}" at byte offset {byte_begin}'
                    )
                i += 1
                while i < n and _is_space(at(i)):
                    i += 1
                if i >= n:
                    raise HtmlParseError(f'Unclosed start tag "{tag}" at byte offset {byte_begin}')
                if at(i) not in "'\"":
                    # an unquoted name token: letters, digits, periods, hyphens
                    token_begin = i
                    while at(i).isascii() and (at(i).isalnum() or at(i) in ".-"):
                        i += 1
                    value = text[token_begin:i].lower()
                    if not _is_space(at(i)) and at(i) != ">":
                        raise HtmlParseError(
                            "Unexpected end of name token at byte offset "
                            f"{_byte_offset(text, token_begin)}"
                        )
                else:
                    quote = text[i]
                    i += 1
                    chars: list[str] = []
                    while i < n and text[i] != quote:
                        if text[i] == "&":
                            char, after = _decode_html_entity(text, i, strict)
                            if char is not None:
                                chars.append(char)
                                i = after
                                continue
                        chars.append(text[i])
                        i += 1
                    if i < n:
                        i += 1
                    value = "".join(chars)
                if i >= n:
                    raise HtmlParseError(f"Unclosed start tag at byte offset {byte_begin}")
                if (tag == "a" and attr_name == "href") or (
                    tag == "tg-emoji" and attr_name == "emoji-id"
                ):
                    argument = value
                elif tag == "code" and attr_name == "class" and value.startswith("language-"):
                    argument = value[len("language-") :]
                elif tag == "span" and attr_name == "class" and value.startswith("tg-"):
                    argument = value[len("tg-") :]
            if tag == "span" and argument != "spoiler":
                raise HtmlParseError(
                    f'Tag "span" must have class "tg-spoiler" at byte offset {byte_begin}'
                )
            stack.append([tag, argument, len(out), expandable])
            i += 1  # past ">"
            continue

        # an end tag
        if not stack:
            raise HtmlParseError(f"Unexpected end tag at byte offset {byte_begin}")
        i += 1
        while not _is_space(at(i)) and at(i) != ">":
            i += 1
        end_tag = text[begin + 2 : i].lower()
        while i < n and _is_space(at(i)):
            i += 1
        if at(i) != ">":
            raise HtmlParseError(f"Unclosed end tag at byte offset {byte_begin}")
        tag, argument, start, expandable = stack[-1]
        if end_tag and end_tag != tag:
            raise HtmlParseError(
                f'Unmatched end tag at byte offset {byte_begin}, expected "</{tag}>", '
                f'found "</{end_tag}>"'
            )
        end = len(out)
        if end > start:
            _close_tag(tag, argument, expandable, start, end, out, spans)
        stack.pop()
        i += 1  # past ">"
    if stack:
        raise HtmlParseError(f"Can't find end tag corresponding to start tag {stack[-1][0]}")
    return "".join(out), spans


def _close_tag(
    tag: str, argument: str, expandable: bool, start: int, end: int, out: list[str], spans: list
) -> None:
    """Turn a closed tag into an entity span, as tdlib does when it meets the end tag."""
    if tag in _SIMPLE_TAG_TYPES:
        spans.append({"type": _SIMPLE_TAG_TYPES[tag], "start": start, "end": end})
    elif tag == "span":
        spans.append({"type": "spoiler", "start": start, "end": end})
    elif tag == "tg-emoji":
        if not argument.isdigit() or int(argument) == 0:
            raise HtmlParseError("Invalid custom emoji identifier specified")
        spans.append(
            {"type": "custom_emoji", "start": start, "end": end, "custom_emoji_id": argument}
        )
    elif tag == "a":
        url = argument or "".join(out[start:end])
        user = re.fullmatch(r"tg://user\?id=(\d+)", url)
        if user:
            spans.append(
                {"type": "text_mention", "start": start, "end": end, "user_id": int(user[1])}
            )
        elif (checked := _checked_link(url)) is not None:
            spans.append({"type": "text_link", "start": start, "end": end, "url": checked})
    elif tag == "pre":
        last = spans[-1] if spans else None
        if last and last["type"] == "code" and (last["start"], last["end"]) == (start, end):
            # <pre><code class="language-x">: one pre entity (with the language, if any);
            # tdlib leaves a plain <code> in <pre> to fix_entities, which drops it
            last["type"] = "pre"
        else:
            spans.append({"type": "pre", "start": start, "end": end})
    elif tag == "code":
        last = spans[-1] if spans else None
        if last and last["type"] == "pre" and (last["start"], last["end"]) == (start, end):
            if argument:
                last["language"] = argument
        else:
            spans.append({"type": "code", "start": start, "end": end, "language": argument})
    elif tag == "blockquote":
        kind = "expandable_blockquote" if expandable else "blockquote"
        spans.append({"type": kind, "start": start, "end": end})


# tdlib's clean_input_string removes these (line/paragraph separators, bidi embeddings and a
# few combining "vertical line" marks).
_REMOVED_CHARS = frozenset(
    ["\r", "\u2028", "\u2029", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e"]
    + ["\u0333", "\u033f", "\u030a"]
)


def _finish_text(text: str, spans: list[dict]) -> tuple[str, list[dict]]:
    """Clean, drop whitespace-only entities and trim, like tdlib's fix_formatted_text.

    Raises ApiError "message text is empty" when nothing but spaces/newlines is left.
    Returns the final text and Bot API entity dicts with UTF-16 offsets.
    """
    # 1. clean: control characters become spaces, a few characters are removed
    new_index = [0] * (len(text) + 1)
    kept: list[str] = []
    for k, ch in enumerate(text):
        new_index[k] = len(kept)
        if ch in _REMOVED_CHARS:
            continue
        kept.append(" " if ord(ch) < 32 and ch != "\n" else ch)
    new_index[len(text)] = len(kept)
    text = "".join(kept)
    spans = [dict(s, start=new_index[s["start"]], end=new_index[s["end"]]) for s in spans]

    def is_ws(ch: str) -> bool:
        return ch in " \n"

    # 2. entities: drop whitespace-only ones, strip their leading whitespace
    fixed: list[dict] = []
    for span in spans:
        start, end = span["start"], span["end"]
        if end <= start:
            continue
        if span["type"] not in _HIDDEN_DATA_TYPES:
            while start < end and is_ws(text[start]):
                start += 1
            if start == end:
                continue
        fixed.append(dict(span, start=start, end=end))

    # 3. empty check and trimming (only spaces and newlines are trimmed)
    last = len(text) - 1
    while last >= 0 and is_ws(text[last]):
        last -= 1
    if last < 0:
        raise _bad("message text is empty")
    cut = last + 1
    fixed = [dict(s, end=min(s["end"], cut)) for s in fixed if s["start"] < cut]
    first = 0
    first_entity = min((s["start"] for s in fixed), default=cut)
    while first < first_entity and is_ws(text[first]):
        first += 1
    text = text[first:cut]
    fixed = [dict(s, start=s["start"] - first, end=s["end"] - first) for s in fixed]

    # 4. UTF-16 offsets, sorted like Telegram (offset, then longer first)
    prefix = _utf16_prefix(text)
    entities = []
    for span in sorted(fixed, key=lambda s: (s["start"], -s["end"])):
        entity: dict[str, Any] = {
            "type": span["type"],
            "offset": prefix[span["start"]],
            "length": prefix[span["end"]] - prefix[span["start"]],
        }
        if span["type"] == "text_link":
            entity["url"] = span["url"]
        elif span["type"] == "pre" and span.get("language"):
            entity["language"] = span["language"]
        elif span["type"] == "custom_emoji":
            entity["custom_emoji_id"] = span["custom_emoji_id"]
        elif span["type"] == "text_mention":
            entity["user"] = {"id": span["user_id"], "is_bot": False, "first_name": "User"}
        entities.append(entity)
    return text, entities


def _spans_from_entities(text: str, entities: Any) -> list[dict]:
    """Explicit `entities` (UTF-16 offsets) -> code-point spans, validating the offsets."""
    if not isinstance(entities, list):
        raise _bad("can't parse entities JSON object")
    prefix = _utf16_prefix(text)
    index_of = {units: k for k, units in enumerate(prefix)}
    spans = []
    for entity in entities:
        if not isinstance(entity, dict) or not isinstance(entity.get("type"), str):
            raise _bad("can't parse entities: entity must be an object with a type")
        offset, length = entity.get("offset"), entity.get("length")
        if not isinstance(offset, int) or not isinstance(length, int) or offset < 0 or length < 0:
            raise _bad("can't parse entities: wrong offset or length")
        if offset not in index_of or offset + length not in index_of:
            raise _bad(
                f"can't parse entities: Entity beginning at UTF-16 offset {offset} ends after "
                f"the end of the text or in a middle of a UTF-16 symbol"
            )
        span = {k: v for k, v in entity.items() if k not in ("offset", "length")}
        span.update(start=index_of[offset], end=index_of[offset + length])
        if span.get("type") == "text_mention":
            span["user_id"] = (entity.get("user") or {}).get("id", 0)
        spans.append(span)
    return spans


def format_text(
    raw: str,
    parse_mode: str | None,
    entities: Any = None,
    *,
    strict: bool = True,
    limit: int = MAX_TEXT_UTF16,
    too_long: str = "message is too long",
) -> tuple[str, list[dict]]:
    """What the Bot API does with text + parse_mode/entities; raises ApiError like it."""
    if not isinstance(raw, str):
        raise _bad("message text is empty")
    mode = (parse_mode or "").lower()
    if mode == "html":
        try:
            text, spans = _parse_html_spans(raw, strict)
        except HtmlParseError as exc:
            raise _bad(f"can't parse entities: {exc}") from None
    elif mode in ("", "markdown", "markdownv2"):
        # Markdown modes are accepted without validation (the project uses HTML).
        text = raw
        spans = _spans_from_entities(raw, entities) if entities is not None and not mode else []
    else:
        raise _bad("unsupported parse_mode")
    text, result = _finish_text(text, spans)
    if utf16_len(text) > limit:
        raise _bad(too_long)
    return text, result


def parse_html(text: str, *, strict: bool = True) -> tuple[str, list[dict]]:
    """Parse Telegram-HTML as the Bot API does; returns (text, entities) or raises ApiError."""
    return format_text(text, "HTML", strict=strict, limit=1 << 30)


def _is_word_char(ch: str) -> bool:
    # tdlib's is_word_character: letters, numbers and "_"
    return ch == "_" or unicodedata.category(ch)[0] in "LN"


def _is_ascii_word(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch == "_")


def _find_bot_commands(text: str) -> list[tuple[int, int]]:
    """tdlib's match_bot_commands: /cmd or /cmd@botname not glued to words, "/", "<", ">"."""
    found = []
    n = len(text)
    pos = 0
    while (p := text.find("/", pos)) >= 0:
        pos = p + 1
        if p > 0 and (_is_word_char(text[p - 1]) or text[p - 1] in "/<>"):
            continue
        q = p + 1
        while q < n and _is_ascii_word(text[q]):
            q += 1
        pos = q
        if not 1 <= q - (p + 1) <= 64:
            continue
        end = q
        if q < n and text[q] == "@":
            m = q + 1
            while m < n and _is_ascii_word(text[m]):
                m += 1
            pos = q = m
            if not 3 <= m - (end + 1) <= 32:
                continue  # "/ask@" or "/ask@xy": no command entity at all
            end = m
        if q < n and (_is_word_char(text[q]) or text[q] in "/<>"):
            continue
        found.append((p, end))
    return found


def _find_mentions(text: str) -> list[tuple[int, int]]:
    """tdlib's find_mentions: @name with 4..32 ASCII word characters (or @gif/@vid/@pic)."""
    found = []
    n = len(text)
    pos = 0
    while (p := text.find("@", pos)) >= 0:
        pos = p + 1
        if p > 0 and _is_word_char(text[p - 1]):
            continue
        q = p + 1
        while q < n and _is_ascii_word(text[q]):
            q += 1
        pos = q
        size = q - (p + 1)
        if not 2 <= size <= 32 or (q < n and _is_word_char(text[q])):
            continue
        if size < 4 and text[p + 1 : q].lower() not in ("gif", "vid", "pic"):
            continue
        found.append((p, q))
    return found


def detect_entities(text: str) -> list[dict]:
    """The mention and bot_command entities Telegram attaches to a user's text."""
    prefix = _utf16_prefix(text)
    spans = [("mention", s, e) for s, e in _find_mentions(text)]
    spans += [("bot_command", s, e) for s, e in _find_bot_commands(text)]
    return [
        {"type": kind, "offset": prefix[s], "length": prefix[e] - prefix[s]}
        for kind, s, e in sorted(spans, key=lambda x: x[1])
    ]


# --------------------------------------------------------------------------------------------
# The server
# --------------------------------------------------------------------------------------------


def _attach_reply_and_markup(message: dict, replied: dict | None, markup: object) -> None:
    """What Telegram puts on a sent message: the quoted message (one level) and its keyboard."""
    if replied is not None:
        quoted = _public(replied)
        quoted.pop("reply_to_message", None)
        message["reply_to_message"] = quoted
    if markup is not None:
        message["reply_markup"] = markup


def _public(message: dict) -> dict:
    """A message as Telegram returns it: without the fake's bookkeeping keys."""
    return {
        k: copy.deepcopy(v)
        for k, v in message.items()
        if not k.startswith("_") and k != "reply_to_message_id"
    }


def _update_type(update: dict) -> str:
    return next((k for k in update if k != "update_id"), "")


class FakeBotApi:
    """A Telegram Bot API server on 127.0.0.1 for one bot token (see module docstring)."""

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        bot_id: int = 900001,
        bot_username: str = "QaTestBot",
    ) -> None:
        self.token = token
        self.bot_id = bot_id
        self.bot_username = bot_username
        self.bot_first_name = "QA Test Bot"
        self._signal: asyncio.Event | None = None
        self._stopped: asyncio.Event | None = None
        self._release: asyncio.Event | None = None  # set to end "hang" faults early
        self._runner: web.AppRunner | None = None
        self._port: int | None = None
        self._webhook_task: asyncio.Task | None = None
        self._poll_generation = 0  # monotonic, survives reset()
        self._handlers: dict[str, Callable] = {
            name[3:]: getattr(self, name) for name in dir(self) if name.startswith("_m_")
        }
        self._handlers_lower = {name.lower(): name for name in self._handlers}
        self.reset()

    def reset(self) -> None:
        """Forget everything (updates, chats, messages, records, faults, webhook, settings) but
        keep serving on the same port, so one server can be shared by many tests."""
        # getMe's can_read_all_group_messages is `not privacy_mode`.  With privacy_mode on,
        # group messages Telegram would not deliver to the bot are not queued (see
        # group_message); off (default) delivers everything, the harder case for the bot.
        self.privacy_mode = False
        self.supports_inline_queries = True
        # Reject a bare "&" in HTML (Telegram tolerates it, its documentation forbids it).
        self.strict_html = True
        # Deliver every queued update whatever allowed_updates says (as after a webhook or
        # an older deployment asked for more): tests that the bot ignores what it never asked for.
        self.ignore_allowed_updates = False

        # -- observing --
        self.requests: list[tuple[str, dict]] = []
        self.sent_messages: list[dict] = []
        self.edited: list[dict] = []
        self.edited_markups: list[dict] = []
        self.deleted: list[dict] = []
        self.callback_answers: list[dict] = []
        self.inline_answers: list[dict] = []
        self.chat_actions: list[dict] = []
        self.commands: list = []
        # every error answer: (method, error_code, description), including injected faults
        self.errors: list[tuple[str, int, str]] = []
        self.fault_log: list[tuple[str, str]] = []
        self.delivered_update_ids: list[int] = []  # in the order getUpdates/webhook handed out
        self.webhook_deliveries: list[dict] = []
        self.filtered_updates: list[dict] = []  # withheld because of privacy_mode
        self.internal_errors: list[tuple[str, str]] = []  # exceptions inside the fake itself

        # -- state --
        self.chats: dict[int, dict] = {}
        self.users: dict[int, dict] = {}
        self.files: dict[str, dict] = {}
        self.allowed_updates: list[str] | None = None
        self.webhook_url = ""
        self.webhook_secret: str | None = None
        self._webhook_last_error: tuple[int, str] | None = None
        self._updates: list[dict] = []
        self._messages: dict[tuple[int, int], dict] = {}
        self._bot_messages: set[tuple[int, int]] = set()
        self._message_ids: dict[int, itertools.count] = {}
        self._update_ids = itertools.count(1)
        self._query_ids = itertools.count(1)
        self._file_ids = itertools.count(1)
        self._open_queries: dict[str, str] = {}  # query id -> "callback" | "inline"
        self._commands_by_scope: dict[str, list] = {}
        self._faults: list[dict] = []
        if self._webhook_task is not None:
            self._webhook_task.cancel()
            self._webhook_task = None
        if self._release is not None:  # release requests hanging from a previous test
            self._release.set()
            self._release = asyncio.Event()
        self._notify()

    # ---------------------------------------------------------------- lifecycle

    async def start(self) -> None:
        """Serve on 127.0.0.1 on a free port, on the running event loop."""
        self._signal = asyncio.Event()
        self._stopped = asyncio.Event()
        self._release = asyncio.Event()
        app = web.Application(client_max_size=MAX_UPLOAD_BYTES + 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_route("GET", "/file/bot{token}/{file_path:.+}", self._handle_file)
        app.router.add_route("*", "/{tail:.*}", self._handle_unknown_path)
        # access_log=None: access lines would contain the token (see module docstring)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        self._port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock).start()

    async def stop(self) -> None:
        """Release hanging requests and long polls, stop webhook delivery, close the server."""
        if self._stopped is not None and self._release is not None:
            self._stopped.set()
            self._release.set()
            self._notify()
        if self._webhook_task is not None:
            self._webhook_task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._webhook_task
            self._webhook_task = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeBotApi:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("FakeBotApi is not started; await start() first")
        return self._port

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def file_base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot"

    @property
    def bot_user(self) -> dict:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.bot_first_name,
            "username": self.bot_username,
        }

    # ---------------------------------------------------------------- feeding updates

    def add_update(self, update: dict) -> dict:
        """Queue a raw Update dict (update_id assigned if missing); returns it."""
        if "update_id" not in update:
            update = {"update_id": next(self._update_ids), **update}
        self._updates.append(update)
        self._notify()
        return update

    def add_chat(self, chat: dict) -> dict:
        """Make a chat known (the bot can only send to chats that wrote to it first)."""
        self.chats[chat["id"]] = dict(chat)
        return chat

    def private_message(
        self,
        user_id: int,
        text: str,
        *,
        first_name: str = "U",
        entities: list | None = None,
        username: str | None = None,
        reply_to: dict | None = None,
        **extra: Any,
    ) -> dict:
        user = self._user(user_id, first_name, username)
        chat = self._private_chat(user)
        message = self._new_message(chat, user, text=text, entities=entities, reply_to=reply_to)
        message.update(extra)
        return self._queue_message(message)

    def group_message(
        self,
        chat_id: int,
        user_id: int,
        text: str,
        *,
        reply_to: dict | None = None,
        entities: list | None = None,
        sender_chat: dict | None = None,
        first_name: str = "U",
        username: str | None = None,
        chat_type: str = "supergroup",
        **extra: Any,
    ) -> dict:
        """A message in a group.  With sender_chat the message is sent on behalf of a chat
        (anonymous group admin when sender_chat is the group itself, else a channel) and
        "from" is Telegram's GroupAnonymousBot / Channel_Bot, as Telegram does."""
        chat = self._group_chat(chat_id, chat_type)
        if sender_chat is not None:
            sender = dict(GROUP_ANONYMOUS_BOT if sender_chat["id"] == chat_id else CHANNEL_BOT)
        else:
            sender = self._user(user_id, first_name, username)
        message = self._new_message(chat, sender, text=text, entities=entities, reply_to=reply_to)
        if sender_chat is not None:
            message["sender_chat"] = dict(sender_chat)
        message.update(extra)
        # Stored like every other message (reply targets, edits), delivered or not.
        self._messages[(chat_id, message["message_id"])] = message
        update = {"update_id": next(self._update_ids), "message": copy.deepcopy(message)}
        if self.privacy_mode and not self._visible_in_privacy_mode(message):
            self.filtered_updates.append(update)
            return update
        return self.add_update(update)

    def channel_post(self, chat_id: int, text: str, *, entities: list | None = None) -> dict:
        chat = self.chats.get(chat_id) or self.add_chat(
            {"id": chat_id, "type": "channel", "title": f"Channel {chat_id}"}
        )
        message = self._new_message(chat, None, text=text, entities=entities)
        message["sender_chat"] = dict(chat)
        return self.add_update({"channel_post": message})

    def edited_message(self, original: dict, text: str, *, entities: list | None = None) -> dict:
        """An edit of a user message fed earlier (pass its Update dict or Message dict)."""
        message = copy.deepcopy(original.get("message") or original.get("channel_post") or original)
        message["text"] = text
        found = detect_entities(text) if entities is None else entities
        message.pop("entities", None)
        if found:
            message["entities"] = found
        message["edit_date"] = int(time.time())
        self._messages[(message["chat"]["id"], message["message_id"])] = message
        kind = "edited_channel_post" if message["chat"]["type"] == "channel" else "edited_message"
        return self.add_update({kind: copy.deepcopy(message)})

    def callback_query(
        self, user_id: int, message: dict, data: str, chat_id: int | None = None
    ) -> dict:
        """A press on an inline button of `message` (a bot message, e.g. from sent_messages).

        The update carries the message as it is now (after edits), as Telegram's does.
        """
        chat_id = message["chat"]["id"] if chat_id is None else chat_id
        current = self._messages.get((chat_id, message["message_id"]))
        query_id = str(7_000_000_000_000_000_000 + next(self._query_ids))
        self._open_queries[query_id] = "callback"
        query = {
            "id": query_id,
            "from": self._user(user_id),
            "message": _public(current if current is not None else message),
            "chat_instance": str(abs(chat_id) * 7919 % 10**18),
            "data": data,
        }
        return self.add_update({"callback_query": query})

    def inline_callback_query(self, user_id: int, inline_message_id: str, data: str) -> dict:
        """A press on a button of a message sent through inline mode: the update carries
        inline_message_id and no message (and so no chat)."""
        query_id = str(7_000_000_000_000_000_000 + next(self._query_ids))
        self._open_queries[query_id] = "callback"
        query = {
            "id": query_id,
            "from": self._user(user_id),
            "inline_message_id": inline_message_id,
            "chat_instance": str(user_id * 7919 % 10**18),
            "data": data,
        }
        return self.add_update({"callback_query": query})

    def inline_query(
        self, user_id: int, query: str, *, offset: str = "", chat_type: str = "sender"
    ) -> dict:
        query_id = str(8_000_000_000_000_000_000 + next(self._query_ids))
        self._open_queries[query_id] = "inline"
        inline = {
            "id": query_id,
            "from": self._user(user_id),
            "query": query,
            "offset": offset,
            "chat_type": chat_type,
        }
        return self.add_update({"inline_query": inline})

    def chosen_inline_result(self, user_id: int, result_id: str, query: str) -> dict:
        chosen = {"result_id": result_id, "from": self._user(user_id), "query": query}
        return self.add_update({"chosen_inline_result": chosen})

    def document_message(
        self,
        user_id: int,
        file_name: str,
        content: bytes,
        *,
        mime_type: str = "text/plain",
        chat_id: int | None = None,
        declared_size: int | None = None,
        caption: str | None = None,
        size_known: bool = True,
    ) -> dict:
        """A document upload; getFile + download return `content`.  `declared_size` is what
        the Document claims (file_size) - e.g. to test the size check before downloading.
        size_known=False leaves file_size out of both the Document and getFile's File (the
        Bot API marks it optional), so only the downloaded bytes tell the size."""
        user = self._user(user_id)
        chat = self._private_chat(user) if chat_id in (None, user_id) else self._group_chat(chat_id)
        extension = file_name.rsplit(".", 1)[-1] if "." in file_name else "bin"
        stored = self._store_file(content, "documents", extension, declared_size=declared_size)
        stored["size_known"] = size_known
        document = {
            "file_id": stored["file_id"],
            "file_unique_id": stored["file_unique_id"],
            "file_name": file_name,
            "mime_type": mime_type,
            "file_size": len(content) if declared_size is None else declared_size,
        }
        if not size_known:
            del document["file_size"]
        message = self._new_message(chat, user, caption=caption)
        message["document"] = document
        return self._queue_message(message)

    def photo_message(
        self, user_id: int, caption: str | None = None, *, chat_id: int | None = None
    ) -> dict:
        user = self._user(user_id)
        chat = self._private_chat(user) if chat_id in (None, user_id) else self._group_chat(chat_id)
        stored = self._store_file(b"\xff\xd8\xff\xe0fake-jpeg\xff\xd9", "photos", "jpg")
        size = {
            "file_id": stored["file_id"],
            "file_unique_id": stored["file_unique_id"],
            "width": 90,
            "height": 60,
            "file_size": stored["file_size"],
        }
        message = self._new_message(chat, user, caption=caption)
        message["photo"] = [size]
        return self._queue_message(message)

    def sticker_message(self, user_id: int, *, chat_id: int | None = None) -> dict:
        user = self._user(user_id)
        chat = self._private_chat(user) if chat_id in (None, user_id) else self._group_chat(chat_id)
        stored = self._store_file(b"RIFF\x00\x00\x00\x00WEBPfake", "stickers", "webp")
        message = self._new_message(chat, user)
        message["sticker"] = {
            "file_id": stored["file_id"],
            "file_unique_id": stored["file_unique_id"],
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": "\U0001f44d",
            "file_size": stored["file_size"],
        }
        return self._queue_message(message)

    # ---------------------------------------------------------------- observing

    def messages_to(self, chat_id: int) -> list[dict]:
        """Messages the bot sent to chat_id (sendMessage/sendDocument), oldest first."""
        return [m for m in self.sent_messages if m["chat"]["id"] == chat_id]

    def message(self, chat_id: int, message_id: int) -> dict | None:
        """The current state of a message (after edits), or None if unknown/deleted."""
        found = self._messages.get((chat_id, message_id))
        return copy.deepcopy(found) if found is not None else None

    def calls(self, method: str) -> list[dict]:
        """Params of every request of `method` received so far."""
        return [params for name, params in self.requests if name == method]

    def pending_updates(self) -> int:
        """Updates queued and not yet acknowledged (by a getUpdates offset or the webhook)."""
        return len(self._updates)

    def pending_update_ids(self) -> list[int]:
        """update_id of every update queued and not yet acknowledged, oldest first."""
        return [u["update_id"] for u in self._updates]

    async def wait_for(self, predicate: Callable[[], object], timeout: float = 5.0) -> object:
        """Poll predicate() until truthy and return its value; AssertionError with a dump of
        what the server saw on timeout."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            value = predicate()
            if value:
                return value
            if loop.time() >= deadline:
                raise AssertionError(f"condition not met within {timeout}s\n{self.dump()}")
            await asyncio.sleep(0.01)

    async def wait_for_messages(
        self, chat_id: int, count: int = 1, timeout: float = 5.0
    ) -> list[dict]:
        """Wait until the bot has sent at least `count` messages to chat_id; returns them."""
        try:
            await self.wait_for(lambda: len(self.messages_to(chat_id)) >= count, timeout)
        except AssertionError as exc:
            got = len(self.messages_to(chat_id))
            raise AssertionError(
                f"expected {count} message(s) to chat {chat_id}, got {got}\n{exc}"
            ) from None
        return self.messages_to(chat_id)

    def dump(self) -> str:
        """A readable summary for assertion messages."""

        def short(value: Any, limit: int = 160) -> str:
            text = value if isinstance(value, str) else _dumps(value)
            return text if len(text) <= limit else text[: limit - 3] + "..."

        lines = [f"pending updates: {len(self._updates)}; active faults: {self._faults}"]
        lines.append(f"last requests ({len(self.requests)} total):")
        for method, params in self.requests[-25:]:
            lines.append(f"  {method} {short(params)}")
        lines.append(f"sent messages ({len(self.sent_messages)} total):")
        for m in self.sent_messages[-15:]:
            body = m.get("text", m.get("caption", "<document>"))
            lines.append(f"  chat={m['chat']['id']} id={m['message_id']}: {short(body, 200)}")
        if self.internal_errors:
            lines.append(f"FAKE INTERNAL ERRORS: {self.internal_errors}")
        if self.errors:
            lines.append("error answers:")
            lines.extend(f"  {m} {code} {desc}" for m, code, desc in self.errors[-10:])
        return "\n".join(lines)

    # ---------------------------------------------------------------- fault injection

    def inject_fault(
        self,
        method: str,
        kind: str,
        times: int = 1,
        *,
        retry_after: int = 1,
        delay: float = 0.0,
        description: str | None = None,
        chat_id: int | None = None,
    ) -> None:
        """Make the next `times` calls of `method` ("*" = any, "file" = file downloads) fail.

        kind: "500" / "400" / any other HTTP status ("403", "502" ...): that error_code with a
        Telegram-like description (override with `description`); "429": flood error with
        parameters.retry_after; "drop": close the connection without answering (the request
        is not executed); "drop_after": execute it, then close without answering (the bot
        cannot know it worked); "hang": wait `delay` seconds (0 = until stop()) then answer
        normally - a hung getUpdates whose client already gave up is not executed.
        chat_id restricts the fault to requests for that chat.
        """
        if kind not in FAULT_KINDS and not re.fullmatch(r"[1-5]\d\d", kind):
            raise ValueError(f"unknown fault kind {kind!r}; use one of {FAULT_KINDS} or a status")
        if times < 1:
            raise ValueError("times must be >= 1")
        method = method if method in ("*", "file") else self._canonical(method) or method
        self._faults.append(
            {
                "method": method,
                "kind": kind,
                "times": times,
                "retry_after": retry_after,
                "delay": delay,
                "description": description,
                "chat_id": chat_id,
            }
        )

    def clear_faults(self) -> None:
        self._faults.clear()

    def _take_fault(self, method: str, params: dict) -> dict | None:
        for fault in self._faults:
            if fault["method"] not in ("*", method):
                continue
            if fault["chat_id"] is not None and str(params.get("chat_id")) != str(fault["chat_id"]):
                continue
            fault["times"] -= 1
            if fault["times"] <= 0:
                self._faults.remove(fault)
            self.fault_log.append((method, fault["kind"]))
            return fault
        return None

    # ---------------------------------------------------------------- HTTP plumbing

    def _notify(self) -> None:
        """Wake every waiter (long polls, webhook loop): they re-check their condition."""
        if self._signal is not None:
            signal, self._signal = self._signal, asyncio.Event()
            signal.set()

    async def _wait_signal(self, timeout: float) -> None:
        assert self._signal is not None and self._stopped is not None
        if self._stopped.is_set() or timeout <= 0:
            await asyncio.sleep(0)  # always yield: callers loop on this
            return
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._signal.wait(), timeout)

    def _canonical(self, method: str) -> str | None:
        # Bot API method names are case-insensitive
        return self._handlers_lower.get(method.lower())

    @staticmethod
    def _envelope(code: int, description: str, parameters: dict | None = None) -> web.Response:
        body: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
        if parameters:
            body["parameters"] = parameters
        return web.json_response(body, status=code)

    @staticmethod
    def _client_gone(request: web.Request) -> bool:
        return request.transport is None or request.transport.is_closing()

    @staticmethod
    def _drop(request: web.Request) -> web.Response:
        # Abort the TCP connection: the client sees "Server disconnected without sending a
        # response" (httpx.RemoteProtocolError -> telegram.error.NetworkError).
        if request.transport is not None:
            request.transport.abort()
        return web.Response(status=500)

    async def _handle_unknown_path(self, request: web.Request) -> web.Response:
        return self._envelope(404, "Not Found")

    async def _handle_api(self, request: web.Request) -> web.StreamResponse:
        token = request.match_info["token"]
        raw_method = request.match_info["method"]
        try:
            params = await self._read_params(request)
        except ApiError as exc:
            self.requests.append((raw_method, {}))
            self.errors.append((raw_method, exc.code, exc.description))
            return self._envelope(exc.code, exc.description)
        method = self._canonical(raw_method)
        self.requests.append((method or raw_method, params))
        if token != self.token:
            self.errors.append((raw_method, 401, "Unauthorized"))
            return self._envelope(401, "Unauthorized")
        if method is None:
            self.errors.append((raw_method, 404, "Not Found: method not found"))
            return self._envelope(404, "Not Found: method not found")

        fault = self._take_fault(method, params)
        if fault is not None:
            response = await self._apply_fault(fault, request, method)
            if response is not None:
                return response
        try:
            result = await self._handlers[method](params, request)
        except ApiError as exc:
            self.errors.append((method, exc.code, exc.description))
            return self._envelope(exc.code, exc.description, exc.parameters)
        except Exception as exc:  # a bug in the fake or input it does not model
            # answered here rather than by aiohttp, whose error log would show the request
            self.internal_errors.append((method, repr(exc)))
            self.errors.append((method, 500, f"fake internal error: {exc!r}"))
            return self._envelope(500, f"Internal Server Error (fake: {exc!r})")
        if fault is not None and fault["kind"] == "drop_after":
            return self._drop(request)
        if self._client_gone(request) and method == "getUpdates":
            return web.Response(status=499)
        return web.json_response({"ok": True, "result": result}, dumps=_dumps)

    async def _apply_fault(
        self, fault: dict, request: web.Request, method: str
    ) -> web.StreamResponse | None:
        """An error response, or None to go on executing the request."""
        kind = fault["kind"]
        if kind == "drop":
            self.errors.append((method, 0, "connection dropped (injected)"))
            return self._drop(request)
        if kind == "drop_after":
            return None
        if kind == "hang":
            assert self._release is not None
            release = self._release
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(
                    release.wait(), fault["delay"] if fault["delay"] > 0 else None
                )
            if release.is_set():  # stop() or reset(): give up on this request
                return self._drop(request)
            if method == "getUpdates" and self._client_gone(request):
                return self._drop(request)  # the poller gave up; don't kick the live one
            return None
        if kind == "429":
            retry = int(fault["retry_after"])
            desc = fault["description"] or f"Too Many Requests: retry after {retry}"
            self.errors.append((method, 429, desc))
            return self._envelope(429, desc, {"retry_after": retry})
        code = int(kind)
        desc = fault["description"] or _HTTP_DESCRIPTIONS.get(code, f"Error {code}")
        self.errors.append((method, code, desc))
        return self._envelope(code, desc)

    async def _read_params(self, request: web.Request) -> dict:
        """Decode query string + form / JSON / multipart body into typed values."""
        params: dict[str, Any] = {}
        try:
            for key, value in urllib.parse.parse_qsl(
                request.query_string, keep_blank_values=True, errors="strict"
            ):
                params[key] = self._decode_field(key, value)
        except UnicodeDecodeError:
            raise _bad("strings must be encoded in UTF-8") from None
        content_type = request.content_type
        if content_type == "application/json":
            body = await request.read()
            if body.strip():
                try:
                    data = json.loads(body.decode("utf-8"))
                except (UnicodeDecodeError, ValueError):
                    raise _bad("can't parse JSON object") from None
                if not isinstance(data, dict):
                    raise _bad("can't parse JSON object")
                for key, value in data.items():
                    if key in JSON_FIELDS and isinstance(value, str):
                        value = self._decode_field(key, value)
                    params[key] = value
        elif content_type == "multipart/form-data":
            reader = await request.multipart()
            while (part := await reader.next()) is not None:
                if not isinstance(part, aiohttp.BodyPartReader) or part.name is None:
                    continue
                if part.filename is not None:
                    params[part.name] = {
                        "filename": part.filename,
                        "content_type": part.headers.get("Content-Type", ""),
                        "content": bytes(await part.read()),
                    }
                else:
                    try:
                        text = (await part.read()).decode("utf-8")
                    except UnicodeDecodeError:
                        raise _bad("strings must be encoded in UTF-8") from None
                    params[part.name] = self._decode_field(part.name, text)
        else:
            body = await request.read()
            if body:
                try:
                    pairs = urllib.parse.parse_qsl(
                        body.decode("ascii"), keep_blank_values=True, errors="strict"
                    )
                except UnicodeDecodeError:
                    raise _bad("strings must be encoded in UTF-8") from None
                for key, value in pairs:
                    params[key] = self._decode_field(key, value)
        if any(_has_surrogates(v) for v in params.values()):
            raise _bad("strings must be encoded in UTF-8")
        return params

    @staticmethod
    def _decode_field(key: str, value: str) -> Any:
        if key in STRING_FIELDS:
            return value
        try:
            return json.loads(value)
        except ValueError:
            if key in JSON_FIELDS:
                raise _bad(f"can't parse {key} JSON object") from None
            return value

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        file_path = request.match_info["file_path"]
        self.requests.append(("file", {"file_path": file_path}))
        fault = self._take_fault("file", {})
        if fault is not None:
            response = await self._apply_fault(fault, request, "file")
            if response is not None:
                return response
        if request.match_info["token"] != self.token:
            return self._envelope(401, "Unauthorized")
        for stored in self.files.values():
            if stored["file_path"] == file_path:
                if fault is not None and fault["kind"] == "drop_after":
                    return self._drop(request)
                return web.Response(body=stored["content"], content_type="application/octet-stream")
        return self._envelope(404, "Not Found")

    # ---------------------------------------------------------------- state helpers

    def _user(
        self, user_id: int, first_name: str | None = None, username: str | None = None
    ) -> dict:
        user = self.users.get(user_id) or {"id": user_id, "is_bot": False, "first_name": "U"}
        if first_name is not None:
            user["first_name"] = first_name
        if username is not None:
            user["username"] = username
        self.users[user_id] = user
        return dict(user)

    def _private_chat(self, user: dict) -> dict:
        chat = {"id": user["id"], "type": "private", "first_name": user["first_name"]}
        if "username" in user:
            chat["username"] = user["username"]
        self.chats[user["id"]] = chat
        return dict(chat)

    def _group_chat(self, chat_id: int, chat_type: str = "supergroup") -> dict:
        chat = self.chats.get(chat_id)
        if chat is None or chat["type"] != chat_type:
            chat = {"id": chat_id, "type": chat_type, "title": f"Group {chat_id}"}
            self.chats[chat_id] = chat
        return dict(chat)

    def _next_message_id(self, chat_id: int) -> int:
        return next(self._message_ids.setdefault(chat_id, itertools.count(1)))

    def _new_message(
        self,
        chat: dict,
        sender: dict | None,
        *,
        text: str | None = None,
        entities: list | None = None,
        caption: str | None = None,
        reply_to: dict | None = None,
    ) -> dict:
        message: dict[str, Any] = {
            "message_id": self._next_message_id(chat["id"]),
            "date": int(time.time()),
            "chat": dict(chat),
        }
        if sender is not None:
            message["from"] = dict(sender)
        if reply_to is not None:
            reply_to = reply_to.get("message", reply_to)  # accept an Update dict too
            if reply_to["chat"]["id"] != chat["id"]:
                raise ValueError("reply_to must be a message of the same chat")
            current = self._messages.get((chat["id"], reply_to["message_id"]), reply_to)
            replied = _public(current)
            replied.pop("reply_to_message", None)  # Telegram nests only one level
            message["reply_to_message"] = replied
        if text is not None:
            message["text"] = text
            found = detect_entities(text) if entities is None else entities
            if found:
                message["entities"] = found
        if caption is not None:
            message["caption"] = caption
            found = detect_entities(caption)
            if found:
                message["caption_entities"] = found
        return message

    def _queue_message(self, message: dict) -> dict:
        self._messages[(message["chat"]["id"], message["message_id"])] = message
        return self.add_update({"message": copy.deepcopy(message)})

    def _visible_in_privacy_mode(self, message: dict) -> bool:
        """Would Telegram deliver this group message to a bot with privacy mode on?"""
        replied = message.get("reply_to_message")
        if replied and (replied.get("from") or {}).get("id") == self.bot_id:
            return True
        text = message.get("text") or message.get("caption") or ""
        entities = message.get("entities") or message.get("caption_entities") or []
        for entity in entities:
            if entity["type"] == "bot_command" and entity["offset"] == 0:
                command = _utf16_slice(text, 0, entity["length"])
                target = command.partition("@")[2]
                # /cmd (we assume this bot spoke last) or /cmd@ThisBot
                return not target or target.lower() == self.bot_username.lower()
        return "text" not in message and "caption" not in message  # service messages

    def _store_file(
        self, content: bytes, folder: str, extension: str, *, declared_size: int | None = None
    ) -> dict:
        number = next(self._file_ids)
        file_id = f"BQACAgIAAxkBAAI{number:06d}fake{folder[:3]}"
        stored = {
            "file_id": file_id,
            "file_unique_id": f"AgAD{number:06d}",
            "file_size": len(content),
            "declared_size": declared_size,
            "file_path": f"{folder}/file_{number}.{extension}",
            "content": content,
        }
        self.files[file_id] = stored
        return stored

    def _chat_from(self, params: dict, name: str = "chat_id") -> dict:
        chat_id = params.get(name)
        if chat_id in (None, ""):
            raise _bad(f"{name} is empty")
        if isinstance(chat_id, str) and chat_id.startswith("@"):
            for chat in self.chats.values():
                if (chat.get("username") or "").lower() == chat_id[1:].lower():
                    return dict(chat)
            raise _bad("chat not found")
        try:
            chat = self.chats.get(int(chat_id))
        except (TypeError, ValueError):
            raise _bad("chat not found") from None
        if chat is None:
            raise _bad("chat not found")
        return dict(chat)

    @staticmethod
    def _int(params: dict, name: str, default: int | None = None) -> int | None:
        value = params.get(name, default)
        if value is None:
            return None
        try:
            return int(value)
        except (TypeError, ValueError):
            raise _bad(f"invalid {name} specified") from None

    def _check_reply_markup(self, markup: Any) -> dict | None:
        """Validate reply_markup; returns the inline keyboard to show on the message, if any."""
        if markup is None:
            return None
        if not isinstance(markup, dict):
            raise _bad("can't parse reply keyboard markup JSON object")
        if "inline_keyboard" not in markup:
            return None  # reply keyboards / remove / force_reply are not part of the Message
        rows = markup["inline_keyboard"]
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            raise _bad("can't parse inline keyboard JSON object")
        actions = (
            "url",
            "callback_data",
            "web_app",
            "login_url",
            "switch_inline_query",
            "switch_inline_query_current_chat",
            "switch_inline_query_chosen_chat",
            "copy_text",
            "callback_game",
            "pay",
        )
        for row in rows:
            for button in row:
                if not isinstance(button, dict) or not isinstance(button.get("text"), str):
                    raise _bad('can\'t parse inline keyboard button: Field "text" must be a String')
                if not any(key in button for key in actions):
                    raise _bad(
                        "can't parse inline keyboard button: Text buttons are unallowed in the "
                        "inline keyboard"
                    )
                if "callback_data" in button:
                    data = button["callback_data"]
                    if not isinstance(data, str) or not (
                        1 <= len(data.encode("utf-8")) <= MAX_CALLBACK_DATA_BYTES
                    ):
                        raise _bad("BUTTON_DATA_INVALID")
                if "url" in button and _checked_link(str(button["url"])) is None:
                    raise _bad(f"inline keyboard button URL '{button['url']}' is invalid")
        return copy.deepcopy(markup)

    def _reply_target(self, params: dict, chat: dict) -> dict | None:
        """The message replied to (reply_parameters or the legacy reply_to_message_id)."""
        reply = params.get("reply_parameters")
        if reply is None and params.get("reply_to_message_id") is not None:
            reply = {
                "message_id": params["reply_to_message_id"],
                "allow_sending_without_reply": params.get("allow_sending_without_reply"),
            }
        if reply is None:
            return None
        if not isinstance(reply, dict) or "message_id" not in reply:
            raise _bad("can't parse reply parameters JSON object")
        try:
            replied = self._messages.get((chat["id"], int(reply["message_id"])))
        except (TypeError, ValueError):
            raise _bad("invalid reply_parameters specified") from None
        if replied is None:
            if reply.get("allow_sending_without_reply"):
                return None
            raise _bad("message to be replied not found")
        return replied

    def _record_bot_message(self, message: dict, extras: dict) -> dict:
        key = (message["chat"]["id"], message["message_id"])
        self._messages[key] = message
        self._bot_messages.add(key)
        record = copy.deepcopy(message)
        record.update(extras)
        self.sent_messages.append(record)
        return _public(message)

    # ---------------------------------------------------------------- Bot API methods
    # Each _m_<method>(params, request) returns the "result" or raises ApiError.

    async def _m_getMe(self, params: dict, request: web.Request) -> dict:
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": not self.privacy_mode,
            "supports_inline_queries": self.supports_inline_queries,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def _m_logOut(self, params: dict, request: web.Request) -> bool:
        return True

    async def _m_close(self, params: dict, request: web.Request) -> bool:
        return True

    async def _m_getUpdates(self, params: dict, request: web.Request) -> list[dict]:
        if self.webhook_url:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; use "
                "deleteWebhook to delete the webhook first",
            )
        offset = self._int(params, "offset", 0) or 0
        limit = min(max(self._int(params, "limit", 100) or 100, 1), 100)
        timeout = max(float(params.get("timeout") or 0), 0.0)
        allowed = params.get("allowed_updates")
        if allowed is not None:
            if not isinstance(allowed, list):
                raise _bad("can't parse allowed_updates JSON object")
            self.allowed_updates = list(allowed)
        if offset > 0:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        elif offset < 0:
            self._updates = self._updates[offset:]

        # A newer getUpdates terminates an older one still waiting (409), like Telegram.
        self._poll_generation += 1
        generation = self._poll_generation
        self._notify()
        assert self._stopped is not None
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            batch = self._deliverable(limit)
            if batch or self._stopped.is_set() or self._client_gone(request):
                break
            if generation != self._poll_generation:
                raise ApiError(409, _HTTP_DESCRIPTIONS[409])
            remaining = deadline - loop.time()
            if remaining <= 0:
                break
            # wake up now and then to notice a client that went away
            await self._wait_signal(min(remaining, 0.2))
        if not self._client_gone(request):
            self.delivered_update_ids.extend(u["update_id"] for u in batch)
        return copy.deepcopy(batch)

    def _deliverable(self, limit: int) -> list[dict]:
        """Queued updates of allowed types; others are dropped, as Telegram never sends them."""
        if self.ignore_allowed_updates:
            return self._updates[:limit]
        wanted = set(self.allowed_updates) if self.allowed_updates else DEFAULT_UPDATE_TYPES
        kept = [u for u in self._updates if _update_type(u) in wanted]
        if len(kept) != len(self._updates):
            self._updates = kept
        return kept[:limit]

    async def _m_setWebhook(self, params: dict, request: web.Request) -> bool:
        url = params.get("url") or ""
        secret = params.get("secret_token")
        if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", str(secret)):
            raise _bad("secret token contains unallowed characters")
        if url and not re.match(r"^https?://", url):
            raise _bad("bad webhook: HTTPS url must be provided for webhook")
        if params.get("drop_pending_updates"):
            self._updates.clear()
        if params.get("allowed_updates") is not None:
            self.allowed_updates = list(params["allowed_updates"])
        self.webhook_url = url
        self.webhook_secret = secret
        if self._webhook_task is not None:
            self._webhook_task.cancel()
            self._webhook_task = None
        if url:
            # (the real API insists on https; local test servers are plain http)
            self._webhook_task = asyncio.ensure_future(self._webhook_loop(url, secret))
        return True

    async def _m_deleteWebhook(self, params: dict, request: web.Request) -> bool:
        if params.get("drop_pending_updates"):
            self._updates.clear()
        self.webhook_url = ""
        self.webhook_secret = None
        if self._webhook_task is not None:
            self._webhook_task.cancel()
            self._webhook_task = None
        return True

    async def _m_getWebhookInfo(self, params: dict, request: web.Request) -> dict:
        info: dict[str, Any] = {
            "url": self.webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }
        if self.webhook_url:
            info["max_connections"] = 40
            if self.allowed_updates:
                info["allowed_updates"] = list(self.allowed_updates)
            if self._webhook_last_error:
                info["last_error_date"], info["last_error_message"] = self._webhook_last_error
        return info

    async def _webhook_loop(self, url: str, secret: str | None) -> None:
        """Deliver queued updates to the webhook one by one; an update counts as delivered
        (acknowledged) only on a 2xx answer, otherwise it is retried with backoff."""
        assert self._stopped is not None
        backoff = 0.05
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as session:
            while self.webhook_url == url and not self._stopped.is_set():
                batch = self._deliverable(1)
                if not batch:
                    await self._wait_signal(1.0)
                    continue
                update = batch[0]
                headers = {"Content-Type": "application/json"}
                if secret:
                    headers["X-Telegram-Bot-Api-Secret-Token"] = secret
                status: int | None = None
                try:
                    async with session.post(url, data=_dumps(update), headers=headers) as resp:
                        status = resp.status
                        await resp.read()
                except (TimeoutError, aiohttp.ClientError) as exc:
                    error = f"Connection failed: {exc.__class__.__name__}"
                else:
                    error = f"Wrong response from the webhook: {status}"
                self.webhook_deliveries.append({"update_id": update["update_id"], "status": status})
                if status is not None and 200 <= status < 300:
                    self.delivered_update_ids.append(update["update_id"])
                    self._updates = [u for u in self._updates if u is not update]
                    backoff = 0.05
                else:
                    self._webhook_last_error = (int(time.time()), error)
                    await asyncio.sleep(backoff)
                    backoff = min(backoff * 2, 1.0)

    async def _m_setMyCommands(self, params: dict, request: web.Request) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise _bad("can't parse commands JSON object")
        if len(commands) > 100:
            raise _bad("BOT_COMMANDS_TOO_MUCH")
        for command in commands:
            if not isinstance(command, dict):
                raise _bad("can't parse BotCommand JSON object")
            if not re.fullmatch(r"[a-z0-9_]{1,32}", str(command.get("command", ""))):
                raise _bad("BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", "")).strip()) <= 256:
                raise _bad("BOT_COMMAND_DESCRIPTION_INVALID")
        self.commands = copy.deepcopy(commands)
        self._commands_by_scope[self._scope_key(params)] = copy.deepcopy(commands)
        return True

    async def _m_getMyCommands(self, params: dict, request: web.Request) -> list:
        return copy.deepcopy(self._commands_by_scope.get(self._scope_key(params), []))

    async def _m_deleteMyCommands(self, params: dict, request: web.Request) -> bool:
        self._commands_by_scope.pop(self._scope_key(params), None)
        return True

    @staticmethod
    def _scope_key(params: dict) -> str:
        scope = params.get("scope") or {"type": "default"}
        return json.dumps([scope, params.get("language_code") or ""], sort_keys=True)

    async def _m_setMyDescription(self, params: dict, request: web.Request) -> bool:
        return True

    async def _m_setMyShortDescription(self, params: dict, request: web.Request) -> bool:
        return True

    async def _m_setMyName(self, params: dict, request: web.Request) -> bool:
        return True

    async def _m_setChatMenuButton(self, params: dict, request: web.Request) -> bool:
        return True

    async def _m_sendMessage(self, params: dict, request: web.Request) -> dict:
        chat = self._chat_from(params)
        if "text" not in params:
            raise _bad("message text is empty")
        raw = params["text"]
        parse_mode = params.get("parse_mode")
        text, entities = format_text(
            str(raw), parse_mode, params.get("entities"), strict=self.strict_html
        )
        markup = self._check_reply_markup(params.get("reply_markup"))
        replied = self._reply_target(params, chat)
        message = self._new_message(chat, self.bot_user)
        message["text"] = text
        if entities:
            message["entities"] = entities
        if params.get("message_thread_id") is not None:
            message["message_thread_id"] = self._int(params, "message_thread_id")
        _attach_reply_and_markup(message, replied, markup)
        extras = {
            "_parse_mode": parse_mode,
            "_raw_text": raw,
            "reply_to_message_id": replied["message_id"] if replied is not None else None,
        }
        return self._record_bot_message(message, extras)

    async def _m_sendDocument(self, params: dict, request: web.Request) -> dict:
        chat = self._chat_from(params)
        document = params.get("document")
        if isinstance(document, str) and document.startswith("attach://"):
            document = params.get(document[len("attach://") :])
        if isinstance(document, dict):
            content = document["content"]
            if not content:
                raise _bad("file must be non-empty")
            name = document["filename"] or "file"
            extension = name.rsplit(".", 1)[-1] if "." in name else "bin"
            stored = self._store_file(content, "documents", extension)
            info = {
                "file_id": stored["file_id"],
                "file_unique_id": stored["file_unique_id"],
                "file_name": name,
                "mime_type": document["content_type"] or "application/octet-stream",
                "file_size": len(content),
            }
        elif isinstance(document, str) and document in self.files:
            stored = self.files[document]
            content = stored["content"]
            info = {
                "file_id": document,
                "file_unique_id": stored["file_unique_id"],
                "file_size": stored["file_size"],
            }
        elif document in (None, ""):
            raise _bad("there is no document in the request")
        else:
            raise _bad("wrong file identifier/HTTP URL specified")
        message = self._new_message(chat, self.bot_user)
        message["document"] = info
        raw_caption = params.get("caption")
        parse_mode = params.get("parse_mode")
        if raw_caption:
            try:
                caption, entities = format_text(
                    str(raw_caption),
                    parse_mode,
                    params.get("caption_entities"),
                    strict=self.strict_html,
                    limit=MAX_CAPTION_UTF16,
                    too_long="message caption is too long",
                )
            except ApiError as exc:
                if exc.description != "Bad Request: message text is empty":
                    raise
            else:
                message["caption"] = caption
                if entities:
                    message["caption_entities"] = entities
        markup = self._check_reply_markup(params.get("reply_markup"))
        replied = self._reply_target(params, chat)
        _attach_reply_and_markup(message, replied, markup)
        extras = {
            "_parse_mode": parse_mode,
            "_raw_caption": raw_caption,
            "_raw_text": raw_caption,  # so every sent_messages entry has _raw_text
            "_document_content": content,
            "reply_to_message_id": replied["message_id"] if replied is not None else None,
        }
        return self._record_bot_message(message, extras)

    def _editable(self, params: dict) -> tuple[tuple[int, int] | None, dict | None]:
        """(key, message) for chat_id+message_id, or (None, None) for inline_message_id."""
        if params.get("inline_message_id"):
            return None, None
        chat = self._chat_from(params)
        message_id = self._int(params, "message_id")
        if message_id is None:
            raise _bad("message identifier is not specified")
        key = (chat["id"], message_id)
        message = self._messages.get(key)
        if message is None:
            raise _bad("message to edit not found")
        if key not in self._bot_messages:
            raise _bad("message can't be edited")
        return key, message

    async def _m_editMessageText(self, params: dict, request: web.Request) -> dict | bool:
        key, message = self._editable(params)
        if "text" not in params:
            raise _bad("text is empty")
        raw = params["text"]
        parse_mode = params.get("parse_mode")
        text, entities = format_text(
            str(raw), parse_mode, params.get("entities"), strict=self.strict_html
        )
        markup = self._check_reply_markup(params.get("reply_markup"))
        extras = {"_parse_mode": parse_mode, "_raw_text": raw}
        if key is None or message is None:  # an inline message: nothing stored to compare
            self.edited.append(
                {
                    "inline_message_id": params["inline_message_id"],
                    "text": text,
                    "entities": entities,
                    "reply_markup": markup,
                    **extras,
                }
            )
            return True
        if "text" not in message:
            raise _bad("there is no text in the message to edit")
        # Without reply_markup, editMessageText removes the inline keyboard, as Telegram does.
        if (
            message["text"] == text
            and message.get("entities", []) == entities
            and message.get("reply_markup") == markup
        ):
            raise _bad(NOT_MODIFIED.removeprefix("Bad Request: "))
        updated = copy.deepcopy(message)
        updated["text"] = text
        updated.pop("entities", None)
        if entities:
            updated["entities"] = entities
        updated.pop("reply_markup", None)
        if markup is not None:
            updated["reply_markup"] = markup
        updated["edit_date"] = int(time.time())
        self._messages[key] = updated
        record = copy.deepcopy(updated)
        record.update(extras)
        self.edited.append(record)
        return _public(updated)

    async def _m_editMessageReplyMarkup(self, params: dict, request: web.Request) -> dict | bool:
        key, message = self._editable(params)
        markup = self._check_reply_markup(params.get("reply_markup"))
        if key is None or message is None:
            self.edited_markups.append(
                {"inline_message_id": params["inline_message_id"], "reply_markup": markup}
            )
            return True
        if message.get("reply_markup") == markup:
            raise _bad(NOT_MODIFIED.removeprefix("Bad Request: "))
        updated = copy.deepcopy(message)
        updated.pop("reply_markup", None)
        if markup is not None:
            updated["reply_markup"] = markup
        updated["edit_date"] = int(time.time())
        self._messages[key] = updated
        self.edited_markups.append(copy.deepcopy(updated))
        return _public(updated)

    async def _m_deleteMessage(self, params: dict, request: web.Request) -> bool:
        chat = self._chat_from(params)
        key = (chat["id"], self._int(params, "message_id") or 0)
        if self._messages.pop(key, None) is None:
            raise _bad("message to delete not found")
        self._bot_messages.discard(key)
        self.deleted.append({"chat_id": key[0], "message_id": key[1]})
        return True

    async def _m_answerCallbackQuery(self, params: dict, request: web.Request) -> bool:
        query_id = str(params.get("callback_query_id", ""))
        if self._open_queries.get(query_id) != "callback":
            raise _bad(QUERY_INVALID.removeprefix("Bad Request: "))
        text = params.get("text")
        if text is not None and len(str(text)) > MAX_CALLBACK_ANSWER_CHARS:
            raise _bad("MESSAGE_TOO_LONG")
        del self._open_queries[query_id]  # a query can be answered once
        self.callback_answers.append(dict(params, callback_query_id=query_id))
        return True

    async def _m_answerInlineQuery(self, params: dict, request: web.Request) -> bool:
        query_id = str(params.get("inline_query_id", ""))
        if self._open_queries.get(query_id) != "inline":
            raise _bad(QUERY_INVALID.removeprefix("Bad Request: "))
        results = params.get("results")
        if not isinstance(results, list):
            raise _bad("can't parse inline query results JSON object")
        if len(results) > MAX_INLINE_RESULTS:
            raise _bad("RESULTS_TOO_MUCH")
        seen: set[str] = set()
        for result in results:
            if not isinstance(result, dict) or not isinstance(result.get("type"), str):
                raise _bad('can\'t parse inline query result: Field "type" must be a String')
            result_id = result.get("id")
            if not isinstance(result_id, str) or not (
                1 <= len(result_id.encode("utf-8")) <= MAX_INLINE_RESULT_ID_BYTES
            ):
                raise _bad("RESULT_ID_INVALID")
            if result_id in seen:
                raise _bad("RESULT_ID_DUPLICATE")
            seen.add(result_id)
            if result["type"] == "article":
                if not isinstance(result.get("title"), str) or not result["title"]:
                    raise _bad('can\'t parse inline query result: Field "title" must be a String')
                if "input_message_content" not in result:
                    raise _bad(
                        'can\'t parse inline query result: Field "input_message_content" '
                        "must be of type Object"
                    )
            content = result.get("input_message_content")
            if isinstance(content, dict) and "message_text" in content:
                format_text(
                    str(content["message_text"]),
                    content.get("parse_mode"),
                    content.get("entities"),
                    strict=self.strict_html,
                )
            self._check_reply_markup(result.get("reply_markup"))
        del self._open_queries[query_id]
        self.inline_answers.append(dict(params, inline_query_id=query_id))
        return True

    async def _m_sendChatAction(self, params: dict, request: web.Request) -> bool:
        chat = self._chat_from(params)
        action = params.get("action")
        if action not in CHAT_ACTIONS:
            raise _bad("wrong parameter action in request")
        self.chat_actions.append({"chat_id": chat["id"], "action": action})
        return True

    async def _m_getFile(self, params: dict, request: web.Request) -> dict:
        stored = self.files.get(str(params.get("file_id", "")))
        if stored is None:
            raise _bad("invalid file_id")
        if max(stored["file_size"], stored["declared_size"] or 0) > MAX_DOWNLOAD_BYTES:
            raise _bad("file is too big")
        result = {
            "file_id": stored["file_id"],
            "file_unique_id": stored["file_unique_id"],
            "file_size": stored["file_size"],
            "file_path": stored["file_path"],
        }
        if not stored.get("size_known", True):
            del result["file_size"]
        return result

    async def _m_getChat(self, params: dict, request: web.Request) -> dict:
        chat = self._chat_from(params)
        return {
            **chat,
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }


def _dumps(value: Any) -> str:
    # default=repr: request params may hold uploaded bytes
    return json.dumps(value, ensure_ascii=False, default=repr)


def _has_surrogates(value: Any) -> bool:
    if isinstance(value, str):
        return any(0xD800 <= ord(ch) <= 0xDFFF for ch in value)
    if isinstance(value, dict):
        return any(_has_surrogates(v) for v in value.values() if not isinstance(v, bytes))
    if isinstance(value, list):
        return any(_has_surrogates(v) for v in value)
    return False


def _utf16_slice(text: str, offset: int, length: int) -> str:
    """The substring at a UTF-16 offset/length (as in Telegram entities)."""
    encoded = text.encode("utf-16-le", "surrogatepass")
    return encoded[2 * offset : 2 * (offset + length)].decode("utf-16-le", "surrogatepass")
