"""RecordingRequest: an in-process Bot API for unit tests.

A `telegram.request.BaseRequest` that PTB uses instead of HTTPXRequest. It records every
call (endpoint and decoded parameters), checks it like Telegram does (the rules in
support.telegram_rules: HTML, 4096 limit, keyboards, inline results …) and answers with a
canned success: getMe, sendMessage / editMessageText (a Message with increasing ids per
chat), answerCallbackQuery, answerInlineQuery, setMyCommands, sendChatAction, getFile and
the file download. Nothing inside python-telegram-bot is mocked: its Bot, error mapping
(BadRequest, Forbidden, NetworkError …), rate limiter and Application run as they do in
production; only the transport is replaced.

Failures are planned with `fail`: an error answer (400 "chat not found", 403 …) or a
network failure that PTB sees as HTTPXRequest would report it (`drop`: the connection
broke before Telegram executed the call; `drop_after`: it was executed, the answer lost;
`connect`: it never left).
"""

from __future__ import annotations

import copy
import itertools
import json
import time
import urllib.parse
from dataclasses import dataclass
from typing import Any

import httpx
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

from support.telegram_rules import (
    NOT_MODIFIED,
    QUERY_INVALID,
    ApiError,
    bad,
    check_callback_answer,
    check_chat_action,
    check_commands,
    check_inline_results,
    check_reply_markup,
    format_text,
    has_surrogates,
)

BOT_USER = {"id": 900001, "is_bot": True, "first_name": "QA Test Bot", "username": "QaTestBot"}

# Descriptions Telegram gives for the refusals tests plan most often.
DESCRIPTIONS = {
    400: "Bad Request: chat not found",
    403: "Forbidden: bot was blocked by the user",
    500: "Internal Server Error",
    502: "Bad Gateway",
}
NETWORK_KINDS = ("drop", "drop_after", "connect", "timeout")


@dataclass(frozen=True)
class Call:
    """One request the bot made: the Bot API method ("file" for a download) and its
    parameters as Telegram decodes them."""

    endpoint: str
    params: dict[str, Any]
    error: str = ""  # the refusal it got ("" when it succeeded)


@dataclass
class Fault:
    endpoint: str  # a Bot API method, "*" for any, "file" for downloads
    kind: int | str  # an HTTP status, or one of NETWORK_KINDS
    description: str
    chat_id: int | None
    times: int
    parameters: dict[str, Any] | None = None


@dataclass
class StoredFile:
    file_id: str
    file_path: str
    content: bytes
    size_known: bool = True


class RecordingRequest(BaseRequest):
    """See the module docstring. `strict_html` rejects a bare "&" (Telegram tolerates it,
    its documentation does not)."""

    def __init__(self, bot_user: dict[str, Any] | None = None, *,
                 strict_html: bool = True) -> None:
        self.bot_user = dict(bot_user or BOT_USER)
        self.strict_html = strict_html
        self.calls: list[Call] = []
        self.sent: list[dict[str, Any]] = []  # every message sent, as recorded (see _record)
        self.edits: list[dict[str, Any]] = []
        self.errors: list[tuple[str, int, str]] = []  # refusals: (endpoint, code, description)
        self.commands: list[dict[str, Any]] = []
        self.chats: dict[int, dict[str, Any]] = {}
        self.files: dict[str, StoredFile] = {}
        self.open_queries: set[str] = set()  # callback and inline query ids not yet answered
        self._messages: dict[tuple[int, int], dict[str, Any]] = {}  # the bot's, as they are now
        self._ids: dict[int, itertools.count[int]] = {}
        self._file_ids = itertools.count(1)
        self._faults: list[Fault] = []

    # ------------------------------------------------------------------ BaseRequest

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    @property
    def read_timeout(self) -> float | None:
        return None

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None,
                         read_timeout: Any = None, write_timeout: Any = None,
                         connect_timeout: Any = None, pool_timeout: Any = None,
                         ) -> tuple[int, bytes]:
        if "/file/bot" in url:
            path = urllib.parse.unquote(url.split("/file/bot", 1)[1].split("/", 1)[1])
            endpoint, params = "file", {"file_path": path}
        else:
            endpoint = url.rsplit("/", 1)[1]
            params = copy.deepcopy(request_data.parameters) if request_data else {}
        fault = self._take_fault(endpoint, params)
        if fault is not None and fault.kind in ("drop", "connect"):
            self.calls.append(Call(endpoint, params, f"network: {fault.kind}"))
            self._raise_network(fault.kind)
        try:
            if fault is not None and isinstance(fault.kind, int):
                raise ApiError(fault.kind, fault.description, fault.parameters)
            if has_surrogates(params):
                raise bad("strings must be encoded in UTF-8")
            result = self._execute(endpoint, params)
        except ApiError as exc:
            self.calls.append(Call(endpoint, params, exc.description))
            self.errors.append((endpoint, exc.code, exc.description))
            body: dict[str, Any] = {"ok": False, "error_code": exc.code,
                                    "description": exc.description}
            if exc.parameters:
                body["parameters"] = exc.parameters
            return exc.code, json.dumps(body).encode()
        self.calls.append(Call(endpoint, params))
        if fault is not None:  # drop_after / timeout: Telegram did it, the answer is lost
            self._raise_network(str(fault.kind))
        if endpoint == "file":
            return 200, result
        return 200, json.dumps({"ok": True, "result": result}).encode()

    @staticmethod
    def _raise_network(kind: str) -> None:
        # What HTTPXRequest raises for each transport failure (see its do_request).
        if kind == "connect":
            err: httpx.HTTPError = httpx.ConnectError("All connection attempts failed")
            raise NetworkError(f"httpx.ConnectError: {err}") from err
        if kind == "timeout":
            raise TimedOut from httpx.ReadTimeout("timed out")
        err = httpx.RemoteProtocolError("Server disconnected without sending a response.")
        raise NetworkError(f"httpx.RemoteProtocolError: {err}") from err

    # ------------------------------------------------------------------ planning failures

    def fail(self, endpoint: str, kind: int | str = 400, *, description: str | None = None,
             chat_id: int | None = None, times: int = 1, retry_after: int | None = None) -> None:
        """Make the next `times` calls of `endpoint` ("*": any, "file": downloads) fail:
        with an error answer (kind = HTTP status; the description defaults to Telegram's
        usual one) or on the network (kind in NETWORK_KINDS). `chat_id` limits it to calls
        for that chat."""
        if not isinstance(kind, int) and kind not in NETWORK_KINDS:
            raise ValueError(f"kind must be an HTTP status or one of {NETWORK_KINDS}")
        if description is None:
            description = DESCRIPTIONS.get(kind, f"Error {kind}") if isinstance(kind, int) else ""
        parameters = {"retry_after": retry_after} if retry_after is not None else None
        self._faults.append(Fault(endpoint, kind, description, chat_id, times, parameters))

    @property
    def faults_left(self) -> int:
        return sum(f.times for f in self._faults)

    def _take_fault(self, endpoint: str, params: dict[str, Any]) -> Fault | None:
        for fault in self._faults:
            if fault.endpoint not in ("*", endpoint):
                continue
            if fault.chat_id is not None and str(params.get("chat_id")) != str(fault.chat_id):
                continue
            fault.times -= 1
            if fault.times <= 0:
                self._faults.remove(fault)
            return fault
        return None

    # ------------------------------------------------------------------ state for updates

    def next_message_id(self, chat_id: int) -> int:
        """Message ids count per chat, shared by users' messages and the bot's."""
        return next(self._ids.setdefault(chat_id, itertools.count(1)))

    def add_file(self, content: bytes, file_name: str = "file.txt", *,
                 size_known: bool = True) -> StoredFile:
        number = next(self._file_ids)
        suffix = file_name.rsplit(".", 1)[-1] if "." in file_name else "bin"
        stored = StoredFile(f"FILE{number:06d}", f"documents/file_{number}.{suffix}",
                            content, size_known)
        self.files[stored.file_id] = stored
        return stored

    def message(self, chat_id: int, message_id: int) -> dict[str, Any] | None:
        """A message the bot sent, as it is now (after edits)."""
        found = self._messages.get((chat_id, message_id))
        return copy.deepcopy(found) if found is not None else None

    # ------------------------------------------------------------------ observing

    def endpoint_calls(self, endpoint: str) -> list[dict[str, Any]]:
        return [c.params for c in self.calls if c.endpoint == endpoint and not c.error]

    def messages_to(self, chat_id: int) -> list[dict[str, Any]]:
        return [m for m in self.sent if m["chat"]["id"] == chat_id]

    def callback_answers(self) -> list[dict[str, Any]]:
        return self.endpoint_calls("answerCallbackQuery")

    def inline_answers(self) -> list[dict[str, Any]]:
        return self.endpoint_calls("answerInlineQuery")

    # ------------------------------------------------------------------ the methods

    def _execute(self, endpoint: str, params: dict[str, Any]) -> Any:
        if endpoint == "file":
            return self._download(params["file_path"])
        handler = getattr(self, f"_m_{endpoint}", None)
        if handler is None:
            raise ApiError(404, "Not Found: method not found")
        return handler(params)

    def _chat(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = params.get("chat_id")
        if chat_id in (None, ""):
            raise bad("chat_id is empty")
        chat_id = int(chat_id)
        known = self.chats.get(chat_id)
        if known is not None:
            return dict(known)
        return ({"id": chat_id, "type": "private", "first_name": "U"} if chat_id > 0
                else {"id": chat_id, "type": "supergroup", "title": f"Group {chat_id}"})

    def _m_getMe(self, params: dict[str, Any]) -> dict[str, Any]:
        return {**self.bot_user, "can_join_groups": True, "can_read_all_group_messages": True,
                "supports_inline_queries": True}

    def _m_setMyCommands(self, params: dict[str, Any]) -> bool:
        self.commands = check_commands(params.get("commands"))
        return True

    def _m_sendChatAction(self, params: dict[str, Any]) -> bool:
        self._chat(params)
        check_chat_action(params.get("action"))
        return True

    def _m_sendMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat(params)
        raw = params.get("text")
        if raw is None:
            raise bad("message text is empty")
        text, entities = format_text(str(raw), params.get("parse_mode"),
                                     params.get("entities"), strict=self.strict_html)
        markup = check_reply_markup(params.get("reply_markup"))
        message: dict[str, Any] = {
            "message_id": self.next_message_id(chat["id"]),
            "date": int(time.time()),
            "chat": chat,
            "from": dict(self.bot_user),
            "text": text,
        }
        if entities:
            message["entities"] = entities
        if markup is not None:
            message["reply_markup"] = markup
        reply = params.get("reply_parameters") or {}
        self._messages[(chat["id"], message["message_id"])] = message
        self.sent.append({**copy.deepcopy(message), "_raw_text": raw,
                          "_parse_mode": params.get("parse_mode"),
                          "reply_to_message_id": reply.get("message_id")})
        return message

    def _m_editMessageText(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat(params)
        key = (chat["id"], int(params.get("message_id") or 0))
        message = self._messages.get(key)
        if message is None:
            raise bad("message to edit not found")
        raw = params.get("text")
        if raw is None:
            raise bad("text is empty")
        text, entities = format_text(str(raw), params.get("parse_mode"),
                                     params.get("entities"), strict=self.strict_html)
        markup = check_reply_markup(params.get("reply_markup"))
        if (message["text"] == text and message.get("entities", []) == entities
                and message.get("reply_markup") == markup):
            raise bad(NOT_MODIFIED.removeprefix("Bad Request: "))
        updated = {k: v for k, v in message.items() if k not in ("entities", "reply_markup")}
        updated.update(text=text, edit_date=int(time.time()))
        if entities:
            updated["entities"] = entities
        if markup is not None:  # without reply_markup, Telegram removes the keyboard
            updated["reply_markup"] = markup
        self._messages[key] = updated
        self.edits.append({**copy.deepcopy(updated), "_raw_text": raw,
                           "_parse_mode": params.get("parse_mode")})
        return updated

    def _answer_query(self, params: dict[str, Any], name: str) -> None:
        query_id = str(params.get(name, ""))
        if query_id not in self.open_queries:
            raise bad(QUERY_INVALID.removeprefix("Bad Request: "))
        self.open_queries.discard(query_id)  # a query is answered once

    def _m_answerCallbackQuery(self, params: dict[str, Any]) -> bool:
        check_callback_answer(params.get("text"))
        self._answer_query(params, "callback_query_id")
        return True

    def _m_answerInlineQuery(self, params: dict[str, Any]) -> bool:
        check_inline_results(params.get("results"), strict=self.strict_html)
        self._answer_query(params, "inline_query_id")
        return True

    def _m_getFile(self, params: dict[str, Any]) -> dict[str, Any]:
        stored = self.files.get(str(params.get("file_id", "")))
        if stored is None:
            raise bad("invalid file_id")
        result: dict[str, Any] = {"file_id": stored.file_id, "file_unique_id": stored.file_id,
                                  "file_path": stored.file_path}
        if stored.size_known:
            result["file_size"] = len(stored.content)
        return result

    def _download(self, file_path: str) -> bytes:
        for stored in self.files.values():
            if stored.file_path == file_path:
                return stored.content
        raise ApiError(404, "Not Found")
