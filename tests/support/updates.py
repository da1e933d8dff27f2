"""Update dicts as Telegram sends them, for unit tests (fed to Application.process_update).

Text gets the entities Telegram would attach (bot_command, mention: support.telegram_rules
.detect_entities), message ids count per chat together with the bot's own messages (the
RecordingRequest's counter), and every chat, file and query is registered with the
RecordingRequest so that the bot's answers to them are accepted as Telegram would accept
them (a callback query is answered once, a file can be fetched …).
"""

from __future__ import annotations

import copy
import itertools
import time
from typing import Any

from support.recording import RecordingRequest
from support.telegram_rules import detect_entities

# Telegram's service accounts: "from" of messages sent on behalf of a chat.
GROUP_ANONYMOUS_BOT = {"id": 1087968824, "is_bot": True, "first_name": "Group",
                       "username": "GroupAnonymousBot"}
CHANNEL_BOT = {"id": 136817688, "is_bot": True, "first_name": "Channel",
               "username": "Channel_Bot"}


class UpdateMaker:
    def __init__(self, rec: RecordingRequest) -> None:
        self.rec = rec
        self._update_ids = itertools.count(1)
        self._query_ids = itertools.count(1)

    # ------------------------------------------------------------------ parts

    @staticmethod
    def user(user_id: int, first_name: str = "U", username: str | None = None) -> dict:
        user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
        if username:
            user["username"] = username
        return user

    def private_chat(self, user_id: int) -> dict:
        chat = {"id": user_id, "type": "private", "first_name": "U"}
        self.rec.chats[user_id] = chat
        return dict(chat)

    def group_chat(self, chat_id: int, chat_type: str = "supergroup",
                   is_forum: bool = False) -> dict:
        chat: dict[str, Any] = {"id": chat_id, "type": chat_type, "title": f"Group {chat_id}"}
        if is_forum:
            chat["is_forum"] = True
        self.rec.chats[chat_id] = chat
        return dict(chat)

    def _update(self, **body: Any) -> dict:
        return {"update_id": next(self._update_ids), **body}

    def _message(self, chat: dict, sender: dict | None, text: str | None = None, *,
                 reply_to: dict | None = None, caption: str | None = None,
                 **extra: Any) -> dict:
        message: dict[str, Any] = {"message_id": self.rec.next_message_id(chat["id"]),
                                   "date": int(time.time()), "chat": chat}
        if sender is not None:
            message["from"] = sender
        if text is not None:
            message["text"] = text
            if entities := detect_entities(text):
                message["entities"] = entities
        if caption is not None:
            message["caption"] = caption
            if entities := detect_entities(caption):
                message["caption_entities"] = entities
        if reply_to is not None:
            replied = copy.deepcopy(reply_to.get("message", reply_to))
            replied.pop("reply_to_message", None)  # Telegram nests one level
            for private in [k for k in replied if k.startswith("_")] + ["reply_to_message_id"]:
                replied.pop(private, None)
            message["reply_to_message"] = replied
        message.update(extra)
        return message

    # ------------------------------------------------------------------ messages

    def private(self, user_id: int, text: str | None, *, first_name: str = "U",
                reply_to: dict | None = None, **extra: Any) -> dict:
        chat = self.private_chat(user_id)
        return self._update(message=self._message(
            chat, self.user(user_id, first_name), text, reply_to=reply_to, **extra))

    def group(self, chat_id: int, user_id: int, text: str | None, *,
              reply_to: dict | None = None, sender_chat: dict | None = None,
              thread_id: int | None = None, first_name: str = "U", **extra: Any) -> dict:
        """A group message; with sender_chat it is sent on behalf of a chat (the group
        itself: an anonymous admin; else a channel) and comes "from" Telegram's service
        account, as Telegram does."""
        chat = self.group_chat(chat_id, is_forum=thread_id is not None)
        if sender_chat is not None:
            sender = dict(GROUP_ANONYMOUS_BOT if sender_chat["id"] == chat_id else CHANNEL_BOT)
            extra["sender_chat"] = sender_chat
        else:
            sender = self.user(user_id, first_name)
        if thread_id is not None:
            extra.update(message_thread_id=thread_id, is_topic_message=True)
        return self._update(message=self._message(chat, sender, text, reply_to=reply_to,
                                                   **extra))

    def edited(self, original: dict, text: str) -> dict:
        """An edit of a user message fed earlier (its update or message dict)."""
        message = copy.deepcopy(original.get("message", original))
        message["text"] = text
        message.pop("entities", None)
        if entities := detect_entities(text):
            message["entities"] = entities
        message["edit_date"] = int(time.time())
        return self._update(edited_message=message)

    def channel_post(self, chat_id: int, text: str) -> dict:
        chat = {"id": chat_id, "type": "channel", "title": f"Channel {chat_id}"}
        return self._update(channel_post=self._message(chat, None, text, sender_chat=chat))

    def document(self, user_id: int, file_name: str, content: bytes, *,
                 chat_id: int | None = None, declared_size: int | None = None,
                 size_known: bool = True, caption: str | None = None) -> dict:
        """A document; getFile and the download return `content`. declared_size is what
        the Document claims; size_known=False leaves the size out (the Bot API allows it)."""
        chat = (self.private_chat(user_id) if chat_id in (None, user_id)
                else self.group_chat(chat_id))
        stored = self.rec.add_file(content, file_name, size_known=size_known)
        document: dict[str, Any] = {"file_id": stored.file_id, "file_unique_id": stored.file_id,
                                    "file_name": file_name, "mime_type": "text/plain"}
        if size_known:
            document["file_size"] = len(content) if declared_size is None else declared_size
        return self._update(message=self._message(chat, self.user(user_id), caption=caption,
                                                  document=document))

    def photo(self, user_id: int, caption: str | None = None, *,
              chat_id: int | None = None) -> dict:
        chat = (self.private_chat(user_id) if chat_id in (None, user_id)
                else self.group_chat(chat_id))
        size = {"file_id": "PHOTO1", "file_unique_id": "PHOTO1", "width": 90, "height": 60}
        return self._update(message=self._message(chat, self.user(user_id), caption=caption,
                                                  photo=[size]))

    def sticker(self, user_id: int, *, chat_id: int | None = None) -> dict:
        chat = (self.private_chat(user_id) if chat_id in (None, user_id)
                else self.group_chat(chat_id))
        sticker = {"file_id": "STICKER1", "file_unique_id": "STICKER1", "type": "regular",
                   "width": 512, "height": 512, "is_animated": False, "is_video": False,
                   "emoji": "👍"}
        return self._update(message=self._message(chat, self.user(user_id), sticker=sticker))

    # ------------------------------------------------------------------ queries

    def _query_id(self, base: int) -> str:
        query_id = str(base + next(self._query_ids))
        self.rec.open_queries.add(query_id)
        return query_id

    def callback(self, user_id: int, message: dict, data: str) -> dict:
        """A press on a button of `message` (a message the bot sent), as it is now."""
        chat_id = message["chat"]["id"]
        current = self.rec.message(chat_id, message["message_id"]) or message
        shown = {k: v for k, v in current.items()
                 if not k.startswith("_") and k != "reply_to_message_id"}
        return self._update(callback_query={
            "id": self._query_id(7_000_000_000), "from": self.user(user_id),
            "message": shown, "chat_instance": str(abs(chat_id) * 7919), "data": data})

    def inline_callback(self, user_id: int, inline_message_id: str, data: str) -> dict:
        """A press on a button of a message sent via inline mode: no message, no chat."""
        return self._update(callback_query={
            "id": self._query_id(7_500_000_000), "from": self.user(user_id),
            "inline_message_id": inline_message_id, "chat_instance": "1", "data": data})

    def inline(self, user_id: int, query: str, *, offset: str = "") -> dict:
        return self._update(inline_query={
            "id": self._query_id(8_000_000_000), "from": self.user(user_id), "query": query,
            "offset": offset, "chat_type": "sender"})

    def chosen_inline_result(self, user_id: int, result_id: str, query: str) -> dict:
        return self._update(chosen_inline_result={
            "result_id": result_id, "from": self.user(user_id), "query": query})

    def joined(self, chat_id: int, user_id: int, bot_user: dict) -> dict:
        """The bot was added to a group (my_chat_member)."""
        return self._update(my_chat_member={
            "chat": self.group_chat(chat_id), "from": self.user(user_id), "date": 0,
            "old_chat_member": {"status": "left", "user": bot_user},
            "new_chat_member": {"status": "member", "user": bot_user}})
