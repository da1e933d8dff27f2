"""The Telegram layer: python-telegram-bot Application, handlers, rendering, access."""
