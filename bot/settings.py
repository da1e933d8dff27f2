"""Bot settings: the environment contract plus config.yaml, read once into frozen dataclasses.

Every problem becomes a ConfigError whose message says what to fix; `python -m bot`
prints it as one line and exits with code 2.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from retrieval.config import RetrievalConfig, read_yaml, retrieval_config_from_mapping
from retrieval.config_values import ConfigError, Section

MODES = ("polling", "webhook")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
# Bot API tokens look like "123456789:AA...". Checked so a pasted typo fails at start-up,
# and so the value is never echoed back in the error message.
_TOKEN_SHAPE = re.compile(r"^\d{1,20}:[A-Za-z0-9_-]{10,}$")


@dataclass(frozen=True)
class WebhookSettings:
    listen: str = "0.0.0.0"
    port: int = 8443
    url_path: str = "telegram"
    url: str = ""  # public HTTPS URL Telegram posts to
    secret_token: str = ""  # read from the env var named by telegram.webhook.secret_token_env


@dataclass(frozen=True)
class Settings:
    token: str
    retrieval: RetrievalConfig
    config_path: Path
    base_url: str | None = None
    base_file_url: str | None = None
    admin_ids: frozenset[int] = frozenset()
    max_upload_bytes: int = 1_048_576
    mode: str = "polling"
    group_passages: int = 1
    more_passages: int = 3
    rate_limit_per_minute: int = 20
    allowed_users: frozenset[int] = frozenset()
    allowed_chats: frozenset[int] = frozenset()
    blocked_users: frozenset[int] = frozenset()
    recent_unanswered: int = 20
    dialogue_seconds: float = 600.0  # how long a conversation's topic is remembered
    dialogue_chats: int = 10_000  # conversations remembered at most (least recent go)
    preview_minutes: float = 30.0  # an upload preview waits this long for 收录
    concurrent_updates: int = 64
    poll_timeout: float = 30.0
    request_timeout: float = 20.0
    send_retries: int = 3
    retry_backoff: float = 0.5
    log_level: str = "INFO"
    webhook: WebhookSettings = field(default_factory=WebhookSettings)

    @property
    def secrets(self) -> tuple[str, ...]:
        """Values that must never appear in a log line."""
        return tuple(s for s in (self.token, self.webhook.secret_token) if s)


def derive_file_url(base_url: str) -> str:
    """The final "/bot" of a Bot API base URL turned into "/file/bot" (docs/architecture.md)."""
    head, sep, tail = base_url.rpartition("/bot")
    if not sep:
        raise ConfigError(
            "TELEGRAM_API_BASE_URL does not contain '/bot'; set TELEGRAM_API_FILE_URL as well"
        )
    return f"{head}/file/bot{tail}"


def parse_id_list(raw: str, name: str) -> frozenset[int]:
    """Parse a comma-separated list of Telegram ids ("1, 2,-100123")."""
    ids: set[int] = set()
    for part in raw.split(","):
        part = part.strip()
        if not part:
            continue
        try:
            ids.add(int(part))
        except ValueError:
            raise ConfigError(f"{name} must be comma-separated numeric Telegram ids") from None
    return frozenset(ids)


def load_settings(env: Mapping[str, str]) -> Settings:
    """Build Settings from the environment and the config file it names."""
    token = env.get("TELEGRAM_BOT_TOKEN", "").strip()
    if not token:
        raise ConfigError(
            "TELEGRAM_BOT_TOKEN is not set: export the token @BotFather gave you "
            "(export TELEGRAM_BOT_TOKEN=123456:ABC...)"
        )
    if not _TOKEN_SHAPE.match(token):
        raise ConfigError(
            "TELEGRAM_BOT_TOKEN does not look like a bot token (expected digits:letters, "
            "as given by @BotFather)"
        )

    base_url = env.get("TELEGRAM_API_BASE_URL", "").strip() or None
    base_file_url = env.get("TELEGRAM_API_FILE_URL", "").strip() or None
    if base_url and not base_file_url:
        base_file_url = derive_file_url(base_url)

    config_path = Path(env.get("BOT_CONFIG", "").strip() or "config.yaml")
    data = read_yaml(config_path)
    retrieval = retrieval_config_from_mapping(data, config_path.resolve().parent)
    env_admins = parse_id_list(env.get("BOT_ADMIN_IDS", ""), "BOT_ADMIN_IDS")
    return settings_from_mapping(
        data,
        token=token,
        retrieval=retrieval,
        config_path=config_path,
        base_url=base_url,
        base_file_url=base_file_url,
        extra_admins=env_admins,
        env=env,
    )


def settings_from_mapping(
    data: Mapping[str, Any],
    *,
    token: str,
    retrieval: RetrievalConfig,
    config_path: Path,
    base_url: str | None = None,
    base_file_url: str | None = None,
    extra_admins: frozenset[int] = frozenset(),
    env: Mapping[str, str] | None = None,
) -> Settings:
    """The `telegram:` section of a parsed config.yaml (strict: see retrieval.config_values)."""
    env = env or {}
    tg = Section.of(data, "telegram")
    hook = tg.sub("webhook")
    d = Settings(token="", retrieval=retrieval, config_path=config_path)

    mode = tg.choice("mode", d.mode, MODES)
    log_level = tg.choice("log_level", d.log_level, LOG_LEVELS, fold=True)
    webhook = WebhookSettings(
        listen=hook.text("listen", "0.0.0.0"),
        port=hook.integer("port", 8443, minimum=1),
        url_path=hook.text("url_path", "telegram").strip("/"),
        url=hook.text("url", ""),
    )
    secret_env = hook.text("secret_token_env", "TELEGRAM_WEBHOOK_SECRET")
    if mode == "webhook":
        secret = env.get(secret_env, "").strip()
        if not secret:
            raise ConfigError(
                f"telegram.mode is webhook but {secret_env} is not set: export a random "
                "secret (1-256 characters A-Z a-z 0-9 _ -) so forged updates are rejected"
            )
        if not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
            raise ConfigError(f"{secret_env} may only use A-Z a-z 0-9 _ - (1-256 characters)")
        if not webhook.url:
            raise ConfigError("telegram.mode is webhook but telegram.webhook.url is empty")
        webhook = dataclasses.replace(webhook, secret_token=secret)

    settings = Settings(
        token=token,
        retrieval=retrieval,
        config_path=config_path,
        base_url=base_url,
        base_file_url=base_file_url,
        admin_ids=tg.ids("admins") | extra_admins,
        max_upload_bytes=retrieval.max_upload_bytes,
        mode=mode,
        group_passages=tg.integer("group_passages", d.group_passages, minimum=1),
        more_passages=tg.integer("more_passages", d.more_passages, minimum=1),
        rate_limit_per_minute=tg.integer("rate_limit_per_minute", d.rate_limit_per_minute,
                                         minimum=0),
        allowed_users=tg.ids("allowed_users"),
        allowed_chats=tg.ids("allowed_chats"),
        blocked_users=tg.ids("blocked_users"),
        recent_unanswered=tg.integer("recent_unanswered", d.recent_unanswered, minimum=0),
        dialogue_seconds=60.0 * tg.number("dialogue_minutes", d.dialogue_seconds / 60.0,
                                          minimum=0),
        dialogue_chats=tg.integer("dialogue_chats", d.dialogue_chats, minimum=1),
        preview_minutes=tg.number("preview_minutes", d.preview_minutes, above=0),
        concurrent_updates=tg.integer("concurrent_updates", d.concurrent_updates, minimum=1),
        poll_timeout=tg.number("poll_timeout", d.poll_timeout, minimum=0),
        request_timeout=tg.number("request_timeout", d.request_timeout, minimum=0.1),
        send_retries=tg.integer("send_retries", d.send_retries, minimum=0),
        retry_backoff=tg.number("retry_backoff", d.retry_backoff, minimum=0),
        log_level=log_level,
        webhook=webhook,
    )
    tg.check_unknown()
    hook.check_unknown()
    return settings
