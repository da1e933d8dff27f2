"""What the Bot API accepts, as far as this bot's calls go: Telegram-HTML, lengths,
inline keyboards, inline results, command lists, callback answers.

Shared by the HTTP fake (tests/support/fake_bot_api.py) and the in-process
RecordingRequest (tests/support/recording.py), so that unit and e2e tests refuse the
same requests Telegram refuses, with Telegram's error descriptions.

Fidelity notes:

* Telegram-HTML is parsed by a port of tdlib's ``parse_html`` (the parser the Bot API server
  uses), including its error messages.  On top of that, with ``strict=True`` (default) a
  bare ``&``, an unknown named entity or an entity without ``;`` is rejected: Telegram tolerates
  those, but its documentation says they must be escaped, and a bot that passes this stricter
  check also passes the real one.  A bare ``>`` is accepted, as it is by Telegram.
* After parsing, the text is cleaned and trimmed like tdlib's ``fix_formatted_text`` (control
  characters become spaces, ``\\r`` is dropped, leading/trailing spaces and newlines are
  trimmed); lengths are counted in UTF-16 code units *after* that (4096 for text), which is
  at least as strict as Telegram.
"""

from __future__ import annotations

import copy
import re
import unicodedata
import urllib.parse
from typing import Any

MAX_TEXT_UTF16 = 4096
MAX_CALLBACK_DATA_BYTES = 64
MAX_CALLBACK_ANSWER_CHARS = 200
MAX_INLINE_RESULTS = 50
MAX_INLINE_RESULT_ID_BYTES = 64

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


def bad(description: str) -> ApiError:
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
        raise bad("message text is empty")
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
        raise bad("can't parse entities JSON object")
    prefix = _utf16_prefix(text)
    index_of = {units: k for k, units in enumerate(prefix)}
    spans = []
    for entity in entities:
        if not isinstance(entity, dict) or not isinstance(entity.get("type"), str):
            raise bad("can't parse entities: entity must be an object with a type")
        offset, length = entity.get("offset"), entity.get("length")
        if not isinstance(offset, int) or not isinstance(length, int) or offset < 0 or length < 0:
            raise bad("can't parse entities: wrong offset or length")
        if offset not in index_of or offset + length not in index_of:
            raise bad(
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
        raise bad("message text is empty")
    mode = (parse_mode or "").lower()
    if mode == "html":
        try:
            text, spans = _parse_html_spans(raw, strict)
        except HtmlParseError as exc:
            raise bad(f"can't parse entities: {exc}") from None
    elif mode in ("", "markdown", "markdownv2"):
        # Markdown modes are accepted without validation (the project uses HTML).
        text = raw
        spans = _spans_from_entities(raw, entities) if entities is not None and not mode else []
    else:
        raise bad("unsupported parse_mode")
    text, result = _finish_text(text, spans)
    if utf16_len(text) > limit:
        raise bad(too_long)
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
# Requests: the parts of sendMessage, answerInlineQuery … that Telegram validates
# --------------------------------------------------------------------------------------------

_BUTTON_ACTIONS = (
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


def check_reply_markup(markup: Any) -> dict | None:
    """Validate reply_markup; returns the inline keyboard to show on the message, if any."""
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise bad("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" not in markup:
        return None  # reply keyboards / remove / force_reply are not part of the Message
    rows = markup["inline_keyboard"]
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad("can't parse inline keyboard JSON object")
    for row in rows:
        for button in row:
            if not isinstance(button, dict) or not isinstance(button.get("text"), str):
                raise bad('can\'t parse inline keyboard button: Field "text" must be a String')
            if not any(key in button for key in _BUTTON_ACTIONS):
                raise bad(
                    "can't parse inline keyboard button: Text buttons are unallowed in the "
                    "inline keyboard"
                )
            if "callback_data" in button:
                data = button["callback_data"]
                if not isinstance(data, str) or not (
                    1 <= len(data.encode("utf-8")) <= MAX_CALLBACK_DATA_BYTES
                ):
                    raise bad("BUTTON_DATA_INVALID")
            if "url" in button and _checked_link(str(button["url"])) is None:
                raise bad(f"inline keyboard button URL '{button['url']}' is invalid")
    return copy.deepcopy(markup)


def check_inline_results(results: Any, *, strict: bool = True) -> None:
    """answerInlineQuery's results: count, ids, required fields, each message's text."""
    if not isinstance(results, list):
        raise bad("can't parse inline query results JSON object")
    if len(results) > MAX_INLINE_RESULTS:
        raise bad("RESULTS_TOO_MUCH")
    seen: set[str] = set()
    for result in results:
        if not isinstance(result, dict) or not isinstance(result.get("type"), str):
            raise bad('can\'t parse inline query result: Field "type" must be a String')
        result_id = result.get("id")
        if not isinstance(result_id, str) or not (
            1 <= len(result_id.encode("utf-8")) <= MAX_INLINE_RESULT_ID_BYTES
        ):
            raise bad("RESULT_ID_INVALID")
        if result_id in seen:
            raise bad("RESULT_ID_DUPLICATE")
        seen.add(result_id)
        if result["type"] == "article":
            if not isinstance(result.get("title"), str) or not result["title"]:
                raise bad('can\'t parse inline query result: Field "title" must be a String')
            if "input_message_content" not in result:
                raise bad(
                    'can\'t parse inline query result: Field "input_message_content" '
                    "must be of type Object"
                )
        content = result.get("input_message_content")
        if isinstance(content, dict) and "message_text" in content:
            format_text(
                str(content["message_text"]),
                content.get("parse_mode"),
                content.get("entities"),
                strict=strict,
            )
        check_reply_markup(result.get("reply_markup"))


def check_commands(commands: Any) -> list[dict]:
    """setMyCommands' list: at most 100, lower-case names, 1-256 character descriptions."""
    if not isinstance(commands, list):
        raise bad("can't parse commands JSON object")
    if len(commands) > 100:
        raise bad("BOT_COMMANDS_TOO_MUCH")
    for command in commands:
        if not isinstance(command, dict):
            raise bad("can't parse BotCommand JSON object")
        if not re.fullmatch(r"[a-z0-9_]{1,32}", str(command.get("command", ""))):
            raise bad("BOT_COMMAND_INVALID")
        if not 1 <= len(str(command.get("description", "")).strip()) <= 256:
            raise bad("BOT_COMMAND_DESCRIPTION_INVALID")
    return copy.deepcopy(commands)


def check_callback_answer(text: Any) -> None:
    if text is not None and len(str(text)) > MAX_CALLBACK_ANSWER_CHARS:
        raise bad("MESSAGE_TOO_LONG")


def check_chat_action(action: Any) -> None:
    if action not in CHAT_ACTIONS:
        raise bad("wrong parameter action in request")


def has_surrogates(value: Any) -> bool:
    """Lone surrogates anywhere in the parameters: Telegram refuses them (not UTF-8)."""
    if isinstance(value, str):
        return any(0xD800 <= ord(ch) <= 0xDFFF for ch in value)
    if isinstance(value, dict):
        return any(has_surrogates(v) for v in value.values() if not isinstance(v, bytes))
    if isinstance(value, list):
        return any(has_surrogates(v) for v in value)
    return False


def utf16_slice(text: str, offset: int, length: int) -> str:
    """The substring at a UTF-16 offset/length (as in Telegram entities)."""
    encoded = text.encode("utf-16-le", "surrogatepass")
    return encoded[2 * offset : 2 * (offset + length)].decode("utf-16-le", "surrogatepass")
