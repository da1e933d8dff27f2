"""bot.settings: the defaults, every telegram key's accepted range (the boundary value
passes, the one past it fails), the webhook checks, the token shape, the environment."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import (
    LOG_LEVELS,
    MODES,
    Settings,
    WebhookSettings,
    derive_file_url,
    load_settings,
    parse_id_list,
    settings_from_mapping,
)
from retrieval.config import retrieval_config_from_mapping
from retrieval.config_values import ConfigError

BASE = Path("/srv/bot")
RETRIEVAL = retrieval_config_from_mapping({}, BASE)
TOKEN = "123456:ABCDEFGHIJ_-k"


def settings(telegram: dict | None = None, env: dict | None = None, **kw) -> Settings:
    data = {} if telegram is None else {"telegram": telegram}
    return settings_from_mapping(data, token=TOKEN, retrieval=RETRIEVAL,
                                 config_path=BASE / "config.yaml", env=env, **kw)


def test_choices():
    assert MODES == ("polling", "webhook")
    assert LOG_LEVELS == ("DEBUG", "INFO", "WARNING", "ERROR")


def test_defaults_of_an_empty_telegram_section():
    s = settings()
    assert s == Settings(token=TOKEN, retrieval=RETRIEVAL, config_path=BASE / "config.yaml",
                         max_upload_bytes=RETRIEVAL.max_upload_bytes)
    assert (s.base_url, s.base_file_url) == (None, None)
    assert s.admin_ids == s.allowed_users == s.allowed_chats == s.blocked_users == frozenset()
    assert (s.mode, s.log_level) == ("polling", "INFO")
    assert (s.group_passages, s.more_passages, s.rate_limit_per_minute) == (1, 3, 20)
    assert (s.recent_unanswered, s.dialogue_seconds, s.dialogue_chats) == (20, 600.0, 10_000)
    assert (s.preview_minutes, s.concurrent_updates) == (30.0, 64)
    assert (s.poll_timeout, s.request_timeout, s.send_retries, s.retry_backoff) == (
        30.0, 20.0, 3, 0.5)
    assert s.webhook == WebhookSettings("0.0.0.0", 8443, "telegram", "", "")


def test_dataclass_defaults():
    s = Settings(token="t", retrieval=RETRIEVAL, config_path=BASE)
    assert s.max_upload_bytes == 1_048_576
    assert s.webhook == WebhookSettings()
    assert WebhookSettings() == WebhookSettings("0.0.0.0", 8443, "telegram", "", "")


def test_every_value_is_read():
    s = settings({
        "mode": "polling", "log_level": "debug", "admins": [1, "2"], "allowed_users": [3],
        "allowed_chats": [-100], "blocked_users": 9, "group_passages": 2, "more_passages": 5,
        "rate_limit_per_minute": 7, "recent_unanswered": 4, "dialogue_minutes": 1.5,
        "dialogue_chats": 11, "preview_minutes": 2, "concurrent_updates": 8,
        "poll_timeout": 12, "request_timeout": 3.5, "send_retries": 6, "retry_backoff": 0.25,
        "webhook": {"listen": "127.0.0.1", "port": 9000, "url_path": "/hook/", "url": "https://x"},
    }, extra_admins=frozenset({5}), base_url="http://api/bot", base_file_url="http://api/file/bot")
    assert s.log_level == "DEBUG"
    assert s.admin_ids == frozenset({1, 2, 5})
    assert (s.allowed_users, s.allowed_chats, s.blocked_users) == (
        frozenset({3}), frozenset({-100}), frozenset({9}))
    assert (s.group_passages, s.more_passages, s.rate_limit_per_minute) == (2, 5, 7)
    assert (s.recent_unanswered, s.dialogue_seconds, s.dialogue_chats) == (4, 90.0, 11)
    assert (s.preview_minutes, s.concurrent_updates) == (2.0, 8)
    assert (s.poll_timeout, s.request_timeout, s.send_retries, s.retry_backoff) == (
        12.0, 3.5, 6, 0.25)
    assert s.webhook == WebhookSettings("127.0.0.1", 9000, "hook", "https://x", "")
    assert (s.base_url, s.base_file_url) == ("http://api/bot", "http://api/file/bot")


@pytest.mark.parametrize(("key", "lowest", "below"), [
    ("group_passages", 1, 0), ("more_passages", 1, 0), ("rate_limit_per_minute", 0, -1),
    ("recent_unanswered", 0, -1), ("dialogue_chats", 1, 0), ("concurrent_updates", 1, 0),
    ("send_retries", 0, -1), ("dialogue_minutes", 0, -0.5), ("poll_timeout", 0, -0.5),
    ("request_timeout", 0.1, 0.05), ("retry_backoff", 0, -0.5), ("preview_minutes", 0.01, 0),
])
def test_each_key_accepts_its_lowest_value_only(key: str, lowest: float, below: float):
    settings({key: lowest})
    with pytest.raises(ConfigError, match=f"^telegram.{key}: expected"):
        settings({key: below})


def test_webhook_port_and_unknown_keys():
    assert settings({"webhook": {"port": 1}}).webhook.port == 1
    with pytest.raises(ConfigError, match=r"^telegram.webhook.port: expected a whole number >= 1"):
        settings({"webhook": {"port": 0}})
    with pytest.raises(ConfigError, match=r"^telegram.webhook.prot: unknown key"):
        settings({"webhook": {"prot": 1}})
    with pytest.raises(ConfigError, match=r"^telegram.mod: unknown key"):
        settings({"mod": "polling"})


def test_webhook_mode_takes_the_secret_from_the_environment():
    hook = {"mode": "webhook", "webhook": {"url": "https://example.org/hook"}}
    s = settings(hook, env={"TELEGRAM_WEBHOOK_SECRET": " s3cr-et_ "})
    assert s.mode == "webhook"
    assert s.webhook.secret_token == "s3cr-et_"
    assert s.webhook.url == "https://example.org/hook"
    assert s.secrets == (TOKEN, "s3cr-et_")
    named = {"mode": "webhook", "webhook": {"url": "https://e", "secret_token_env": "MY_SECRET"}}
    assert settings(named, env={"MY_SECRET": "abc"}).webhook.secret_token == "abc"
    assert settings(hook, env={"TELEGRAM_WEBHOOK_SECRET": "a" * 256}).webhook.secret_token


def test_webhook_mode_refusals():
    hook = {"mode": "webhook", "webhook": {"url": "https://example.org/hook"}}
    with pytest.raises(ConfigError, match="^telegram.mode is webhook but TELEGRAM_WEBHOOK_SECRET "
                                          "is not set"):
        settings(hook, env={"TELEGRAM_WEBHOOK_SECRET": "  "})
    with pytest.raises(ConfigError, match="^telegram.mode is webhook but TELEGRAM_WEBHOOK_SECRET"):
        settings(hook)
    for bad in ("a b", "a" * 257, "é"):
        with pytest.raises(ConfigError, match="^TELEGRAM_WEBHOOK_SECRET may only use"):
            settings(hook, env={"TELEGRAM_WEBHOOK_SECRET": bad})
    with pytest.raises(ConfigError, match="^telegram.mode is webhook but telegram.webhook.url is"):
        settings({"mode": "webhook"}, env={"TELEGRAM_WEBHOOK_SECRET": "abc"})


def test_polling_ignores_the_secret():
    s = settings({"webhook": {"url": "https://e"}}, env={"TELEGRAM_WEBHOOK_SECRET": "abc"})
    assert s.webhook.secret_token == ""
    assert s.secrets == (TOKEN,)


def test_secrets_leave_out_empty_values():
    assert Settings(token="", retrieval=RETRIEVAL, config_path=BASE).secrets == ()


def test_derive_file_url():
    assert derive_file_url("https://api.example/bot") == "https://api.example/file/bot"
    assert derive_file_url("http://h/botapi/bot/x") == "http://h/botapi/file/bot/x"
    with pytest.raises(ConfigError, match="^TELEGRAM_API_BASE_URL does not contain '/bot'"):
        derive_file_url("https://api.example/")


def test_parse_id_list():
    assert parse_id_list("1, 2,-100123", "X") == frozenset({1, 2, -100123})
    assert parse_id_list(" , ,", "X") == frozenset()
    assert parse_id_list("", "X") == frozenset()
    with pytest.raises(ConfigError, match="^BOT_ADMIN_IDS must be comma-separated numeric"):
        parse_id_list("1,abc", "BOT_ADMIN_IDS")


def config(tmp_path: Path, text: str = "") -> str:
    path = tmp_path / "c.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_load_settings_from_the_environment(tmp_path: Path):
    path = config(tmp_path, "telegram:\n  admins: [1]\n")
    s = load_settings({"TELEGRAM_BOT_TOKEN": f" {TOKEN} ", "BOT_CONFIG": f" {path} ",
                       "BOT_ADMIN_IDS": "2,3", "TELEGRAM_API_BASE_URL": " http://local/bot "})
    assert s.token == TOKEN
    assert s.config_path == Path(path)
    assert s.admin_ids == frozenset({1, 2, 3})
    assert (s.base_url, s.base_file_url) == ("http://local/bot", "http://local/file/bot")
    s = load_settings({"TELEGRAM_BOT_TOKEN": TOKEN, "BOT_CONFIG": path,
                       "TELEGRAM_API_BASE_URL": "http://local/x",
                       "TELEGRAM_API_FILE_URL": " http://files/ "})
    assert (s.base_url, s.base_file_url) == ("http://local/x", "http://files/")
    s = load_settings({"TELEGRAM_BOT_TOKEN": TOKEN, "BOT_CONFIG": path,
                       "TELEGRAM_API_BASE_URL": "  "})
    assert (s.base_url, s.base_file_url) == (None, None)


def test_load_settings_defaults_to_config_yaml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "config.yaml").write_text("telegram:\n  more_passages: 4\n", encoding="utf-8")
    s = load_settings({"TELEGRAM_BOT_TOKEN": TOKEN, "BOT_CONFIG": "  "})
    assert s.config_path == Path("config.yaml")
    assert s.more_passages == 4


@pytest.mark.parametrize("token", ["", "   "])
def test_a_missing_token(token: str, tmp_path: Path):
    with pytest.raises(ConfigError, match="^TELEGRAM_BOT_TOKEN is not set"):
        load_settings({"TELEGRAM_BOT_TOKEN": token, "BOT_CONFIG": config(tmp_path)})
    with pytest.raises(ConfigError, match="^TELEGRAM_BOT_TOKEN is not set"):
        load_settings({"BOT_CONFIG": config(tmp_path)})


@pytest.mark.parametrize(("token", "good"), [
    ("1:abcdefghij", True), ("12345678901234567890:abcdefghij", True),
    ("123456789012345678901:abcdefghij", False), ("1:abcdefghi", False),
    (":abcdefghij", False), ("1:abc defghij", False), ("1:abcdefghij!", False),
    ("x1:abcdefghij", False), ("1:AZaz09_-__", True),
])
def test_the_token_shape(token: str, good: bool, tmp_path: Path):
    env = {"TELEGRAM_BOT_TOKEN": token, "BOT_CONFIG": config(tmp_path)}
    if good:
        assert load_settings(env).token == token
    else:
        with pytest.raises(ConfigError, match="^TELEGRAM_BOT_TOKEN does not look like") as error:
            load_settings(env)
        assert token not in str(error.value)
