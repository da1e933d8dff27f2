"""The running bot's state, one BotState in application.bot_data, reached as context.state.

Each part has a module of its own: the knowledge base and its reloads
(knowledge_holder), counters (stats), the per-user quota (quota), button data that
does not fit in 64 bytes (buttons), the dialogue memory (dialogue), and which answer
messages belong to which question (for edits), kept here.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.buttons import Buttons
from bot.dialogue import ContextStore
from bot.knowledge_holder import KnowledgeHolder
from bot.memory import ExpiringLRU
from bot.previews import Previews
from bot.quota import Quota
from bot.stats import Stats

if TYPE_CHECKING:
    from bot.settings import Settings

STATE_KEY = "state"
ANSWER_LINKS_TTL = 48 * 3600.0  # Telegram lets a bot edit its messages for 48 hours


@dataclass(frozen=True)
class SentAnswer:
    """The reply the bot sent to one question message (edited when the question is)."""

    chat_id: int
    message_id: int


@dataclass
class BotState:
    settings: Settings
    knowledge: KnowledgeHolder
    stats: Stats
    quota: Quota
    dialogue: ContextStore  # sized from the settings (telegram.dialogue_*)
    buttons: Buttons = field(default_factory=Buttons)
    # (chat id, question message id) -> the answer sent for it
    answers: ExpiringLRU[tuple[int, int], SentAnswer] = field(
        default_factory=lambda: ExpiringLRU(ANSWER_LINKS_TTL, 10_000))
    previews: Previews = field(default_factory=lambda: Previews(30 * 60.0))
    # Uploads pick a free file name and write it; one at a time so two never collide.
    upload_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
