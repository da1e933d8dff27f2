"""The handlers' context type: PTB's CallbackContext with the bot's state as `context.state`."""

from __future__ import annotations

from typing import Any

from telegram.ext import Application, CallbackContext, ContextTypes, ExtBot

from bot.state import STATE_KEY, BotState


class BotContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """CallbackContext plus `state`, the one BotState of the application."""

    def __init__(self, application: Application[Any, Any, Any, Any, Any, Any],
                 chat_id: int | None = None, user_id: int | None = None) -> None:
        super().__init__(application=application, chat_id=chat_id, user_id=user_id)

    @property
    def state(self) -> BotState:
        state: BotState = self.bot_data[STATE_KEY]
        return state


CONTEXT_TYPES = ContextTypes(context=BotContext)
