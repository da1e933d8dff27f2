"""A fake Telegram Bot API server for tests (aiohttp.web, real HTTP).

The real python-telegram-bot ``Application``/``Bot`` talks to it through ``base_url`` and
``base_file_url``, exactly as it talks to api.telegram.org, so nothing inside
python-telegram-bot is mocked.  Tests feed updates (``private_message``, ``group_message``,
``callback_query`` ...) which the bot fetches with ``getUpdates`` (or receives through a webhook),
and observe what the bot did through ``requests``, ``sent_messages``, ``edited`` and friends.

It serves the Bot API methods this bot (and PTB's Updater) calls, and nothing else:
getMe, getUpdates, setWebhook, deleteWebhook, setMyCommands, sendMessage, editMessageText,
answerCallbackQuery, answerInlineQuery, sendChatAction, getFile and the file download.
Anything else is answered 404 "method not found", as Telegram answers unknown methods.

Fidelity notes:

* Requests are validated by tests/support/telegram_rules.py (a port of tdlib's HTML parser,
  UTF-16 lengths, keyboards, inline results), the same rules the unit tests' RecordingRequest
  applies, with Telegram's error descriptions.
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
import urllib.parse
from collections import Counter
from collections.abc import Callable
from typing import Any

import aiohttp
from aiohttp import web

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
    detect_entities,
    format_text,
    has_surrogates,
    utf16_slice,
)

DEFAULT_TOKEN = "123456:TEST-TOKEN-abcdefghijklmnopqrstuvwxyz"

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
        # Requests being served now, by method (survives reset(): they are still running).
        self.in_flight: Counter[str] = Counter()
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
        self._updates: list[dict] = []
        self._messages: dict[tuple[int, int], dict] = {}
        self._bot_messages: set[tuple[int, int]] = set()
        self._message_ids: dict[int, itertools.count] = {}
        self._update_ids = itertools.count(1)
        self._query_ids = itertools.count(1)
        self._file_ids = itertools.count(1)
        self._open_queries: dict[str, str] = {}  # query id -> "callback" | "inline"
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

    # ---------------------------------------------------------------- observing

    def messages_to(self, chat_id: int) -> list[dict]:
        """Messages the bot sent to chat_id (sendMessage), oldest first."""
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

    async def idle(self, timeout: float = 5.0) -> None:
        """Wait until no request but the long poll is being served: what the bot sent, late
        repeats and hung requests included, has arrived. With the handler known to be done,
        "nothing else arrives" holds from here on (no sleeping and hoping)."""
        await self.wait_for(
            lambda: not any(n for m, n in self.in_flight.items() if m != "getUpdates"), timeout)

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
            body = m.get("text", "")
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
        method = self._canonical(request.match_info["method"]) or request.match_info["method"]
        self.in_flight[method] += 1
        try:
            return await self._serve_api(request)
        finally:
            self.in_flight[method] -= 1
            self._notify()

    async def _serve_api(self, request: web.Request) -> web.StreamResponse:
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
            raise bad("strings must be encoded in UTF-8") from None
        content_type = request.content_type
        if content_type == "application/json":
            body = await request.read()
            if body.strip():
                try:
                    data = json.loads(body.decode("utf-8"))
                except (UnicodeDecodeError, ValueError):
                    raise bad("can't parse JSON object") from None
                if not isinstance(data, dict):
                    raise bad("can't parse JSON object")
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
                        raise bad("strings must be encoded in UTF-8") from None
                    params[part.name] = self._decode_field(part.name, text)
        else:
            body = await request.read()
            if body:
                try:
                    pairs = urllib.parse.parse_qsl(
                        body.decode("ascii"), keep_blank_values=True, errors="strict"
                    )
                except UnicodeDecodeError:
                    raise bad("strings must be encoded in UTF-8") from None
                for key, value in pairs:
                    params[key] = self._decode_field(key, value)
        if any(has_surrogates(v) for v in params.values()):
            raise bad("strings must be encoded in UTF-8")
        return params

    @staticmethod
    def _decode_field(key: str, value: str) -> Any:
        if key in STRING_FIELDS:
            return value
        try:
            return json.loads(value)
        except ValueError:
            if key in JSON_FIELDS:
                raise bad(f"can't parse {key} JSON object") from None
            return value

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        self.in_flight["file"] += 1
        try:
            return await self._serve_file(request)
        finally:
            self.in_flight["file"] -= 1
            self._notify()

    async def _serve_file(self, request: web.Request) -> web.StreamResponse:
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
                command = utf16_slice(text, 0, entity["length"])
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
            raise bad(f"{name} is empty")
        if isinstance(chat_id, str) and chat_id.startswith("@"):
            for chat in self.chats.values():
                if (chat.get("username") or "").lower() == chat_id[1:].lower():
                    return dict(chat)
            raise bad("chat not found")
        try:
            chat = self.chats.get(int(chat_id))
        except (TypeError, ValueError):
            raise bad("chat not found") from None
        if chat is None:
            raise bad("chat not found")
        return dict(chat)

    @staticmethod
    def _int(params: dict, name: str, default: int | None = None) -> int | None:
        value = params.get(name, default)
        if value is None:
            return None
        try:
            return int(value)
        except (TypeError, ValueError):
            raise bad(f"invalid {name} specified") from None

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
            raise bad("can't parse reply parameters JSON object")
        try:
            replied = self._messages.get((chat["id"], int(reply["message_id"])))
        except (TypeError, ValueError):
            raise bad("invalid reply_parameters specified") from None
        if replied is None:
            if reply.get("allow_sending_without_reply"):
                return None
            raise bad("message to be replied not found")
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
                raise bad("can't parse allowed_updates JSON object")
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
            raise bad("secret token contains unallowed characters")
        if url and not re.match(r"^https?://", url):
            raise bad("bad webhook: HTTPS url must be provided for webhook")
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
                with contextlib.suppress(TimeoutError, aiohttp.ClientError):
                    async with session.post(url, data=_dumps(update), headers=headers) as resp:
                        status = resp.status
                        await resp.read()
                self.webhook_deliveries.append({"update_id": update["update_id"], "status": status})
                if status is not None and 200 <= status < 300:
                    self.delivered_update_ids.append(update["update_id"])
                    self._updates = [u for u in self._updates if u is not update]
                    backoff = 0.05
                else:
                    await asyncio.sleep(backoff)
                    backoff = min(backoff * 2, 1.0)

    async def _m_setMyCommands(self, params: dict, request: web.Request) -> bool:
        self.commands = check_commands(params.get("commands"))
        return True

    async def _m_sendMessage(self, params: dict, request: web.Request) -> dict:
        chat = self._chat_from(params)
        if "text" not in params:
            raise bad("message text is empty")
        raw = params["text"]
        parse_mode = params.get("parse_mode")
        text, entities = format_text(
            str(raw), parse_mode, params.get("entities"), strict=self.strict_html
        )
        markup = check_reply_markup(params.get("reply_markup"))
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

    def _editable(self, params: dict) -> tuple[tuple[int, int] | None, dict | None]:
        """(key, message) for chat_id+message_id, or (None, None) for inline_message_id."""
        if params.get("inline_message_id"):
            return None, None
        chat = self._chat_from(params)
        message_id = self._int(params, "message_id")
        if message_id is None:
            raise bad("message identifier is not specified")
        key = (chat["id"], message_id)
        message = self._messages.get(key)
        if message is None:
            raise bad("message to edit not found")
        if key not in self._bot_messages:
            raise bad("message can't be edited")
        return key, message

    async def _m_editMessageText(self, params: dict, request: web.Request) -> dict | bool:
        key, message = self._editable(params)
        if "text" not in params:
            raise bad("text is empty")
        raw = params["text"]
        parse_mode = params.get("parse_mode")
        text, entities = format_text(
            str(raw), parse_mode, params.get("entities"), strict=self.strict_html
        )
        markup = check_reply_markup(params.get("reply_markup"))
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
            raise bad("there is no text in the message to edit")
        # Without reply_markup, editMessageText removes the inline keyboard, as Telegram does.
        if (
            message["text"] == text
            and message.get("entities", []) == entities
            and message.get("reply_markup") == markup
        ):
            raise bad(NOT_MODIFIED.removeprefix("Bad Request: "))
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

    async def _m_answerCallbackQuery(self, params: dict, request: web.Request) -> bool:
        query_id = str(params.get("callback_query_id", ""))
        if self._open_queries.get(query_id) != "callback":
            raise bad(QUERY_INVALID.removeprefix("Bad Request: "))
        check_callback_answer(params.get("text"))
        del self._open_queries[query_id]  # a query can be answered once
        self.callback_answers.append(dict(params, callback_query_id=query_id))
        return True

    async def _m_answerInlineQuery(self, params: dict, request: web.Request) -> bool:
        query_id = str(params.get("inline_query_id", ""))
        if self._open_queries.get(query_id) != "inline":
            raise bad(QUERY_INVALID.removeprefix("Bad Request: "))
        check_inline_results(params.get("results"), strict=self.strict_html)
        del self._open_queries[query_id]
        self.inline_answers.append(dict(params, inline_query_id=query_id))
        return True

    async def _m_sendChatAction(self, params: dict, request: web.Request) -> bool:
        chat = self._chat_from(params)
        check_chat_action(params.get("action"))
        self.chat_actions.append({"chat_id": chat["id"], "action": params["action"]})
        return True

    async def _m_getFile(self, params: dict, request: web.Request) -> dict:
        stored = self.files.get(str(params.get("file_id", "")))
        if stored is None:
            raise bad("invalid file_id")
        if max(stored["file_size"], stored["declared_size"] or 0) > MAX_DOWNLOAD_BYTES:
            raise bad("file is too big")
        result = {
            "file_id": stored["file_id"],
            "file_unique_id": stored["file_unique_id"],
            "file_size": stored["file_size"],
            "file_path": stored["file_path"],
        }
        if not stored.get("size_known", True):
            del result["file_size"]
        return result

def _dumps(value: Any) -> str:
    # default=repr: request params may hold uploaded bytes
    return json.dumps(value, ensure_ascii=False, default=repr)
