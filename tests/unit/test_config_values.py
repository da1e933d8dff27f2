"""The strict config readers, function by function: retrieval.config_values.Section,
retrieval.config (retrieval_config_from_mapping, read_yaml) and bot.settings
(settings_from_mapping, load_settings, derive_file_url, parse_id_list).

Each reader is pinned on its defaults, on explicit values of every key, on each bound
(the bound itself accepted, one step past it refused) and on the error's wording."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from bot.settings import (
    Settings,
    WebhookSettings,
    derive_file_url,
    load_settings,
    parse_id_list,
    settings_from_mapping,
)
from retrieval.config import RetrievalConfig, read_yaml, retrieval_config_from_mapping
from retrieval.config_values import ConfigError, Section, check_sections

BASE = Path("/srv/bot")
TOKEN = "123456:abcdefghijKLMNOP"


def settings(data, **kw):
    return settings_from_mapping(data, token=TOKEN, retrieval=RetrievalConfig(),
                                 config_path=BASE / "config.yaml", **kw)


def error_of(call, *args, **kw) -> str:
    with pytest.raises(ConfigError) as error:
        call(*args, **kw)
    return str(error.value)


# --------------------------------------------------------------------------- Section


def test_section_of_absent_or_null_is_empty_and_a_list_is_refused():
    assert dict(Section.of({}, "corpus").block) == {}
    assert dict(Section({"a": 1}, "x").block) == {"a": 1}
    assert dict(Section(None, "x").block) == {}
    assert error_of(Section, [1], "index") == "index: expected a mapping of keys, got [1]"
    assert error_of(Section, "s", "index") == "index: expected a mapping of keys, got 's'"


def test_integer_bounds_types_and_wording():
    s = Section({"a": 5, "b": True, "c": 2.0, "d": "3", "e": 0, "f": -1}, "sec")
    assert s.integer("a", 1) == 5
    assert s.integer("a", 1, minimum=5) == 5
    assert s.integer("missing", 7, minimum=7) == 7
    assert s.integer("e", 1, minimum=0) == 0
    assert s.integer("f", 1) == -1  # no minimum: anything whole
    assert error_of(s.integer, "a", 1, minimum=6) == "sec.a: expected a whole number >= 6, got 5"
    assert error_of(s.integer, "b", 1) == "sec.b: expected a whole number, got true"
    assert error_of(s.integer, "c", 1) == "sec.c: expected a whole number, got 2.0"
    assert error_of(s.integer, "d", 1, minimum=0) == "sec.d: expected a whole number >= 0, got '3'"
    assert error_of(s.integer, "f", 1, minimum=0) == "sec.f: expected a whole number >= 0, got -1"


def test_number_bounds_types_and_wording():
    s = Section({"x": 0.5, "i": 2, "z": 0, "t": False, "n": None, "inf": math.inf,
                 "nan": math.nan, "neg": -0.5, "one": 1}, "idx")
    assert s.number("x", 1.0) == 0.5
    assert s.number("i", 1.0) == 2.0 and isinstance(s.number("i", 1.0), float)
    assert s.number("missing", 1.5) == 1.5
    assert s.number("z", 1.0, minimum=0) == 0.0
    assert s.number("one", 0.0, minimum=0, maximum=1) == 1.0
    assert s.number("x", 0.0, above=0.4) == 0.5
    assert error_of(s.number, "z", 1.0, above=0) == "idx.z: expected a number > 0, got 0"
    assert error_of(s.number, "neg", 1.0, minimum=0) == "idx.neg: expected a number >= 0, got -0.5"
    assert (error_of(s.number, "i", 1.0, minimum=0, maximum=1)
            == "idx.i: expected a number >= 0 and <= 1, got 2")
    assert (error_of(s.number, "neg", 1.0, above=0, minimum=0.25, maximum=9)
            == "idx.neg: expected a number > 0 and >= 0.25 and <= 9, got -0.5")
    assert error_of(s.number, "t", 1.0) == "idx.t: expected a number, got false"
    assert error_of(s.number, "n", 1.0) == "idx.n: expected a number, got null"
    assert error_of(s.number, "inf", 1.0) == "idx.inf: expected a number, got inf"
    assert error_of(s.number, "nan", 1.0, minimum=0).startswith("idx.nan: expected a number >= 0")


def test_choice_text_path_and_ids():
    s = Section({"lvl": "debug", "mode": "Poll", "num": 3, "t": None, "t2": 5, "t3": "hi",
                 "p": " rel/dir ", "abs": "/abs/x", "blank": "  ", "np": 4,
                 "one": 12, "none": None, "mixed": [1, "-2", " 3 "], "bad": "12",
                 "flag": [True], "word": ["x1"], "fl": [1.5]}, "tg")
    assert s.choice("lvl", "INFO", ("DEBUG", "INFO"), fold=True) == "DEBUG"
    assert s.choice("missing", "INFO", ("DEBUG", "INFO")) == "INFO"
    assert error_of(s.choice, "lvl", "INFO", ("DEBUG", "INFO")) == (
        "tg.lvl: expected one of DEBUG, INFO, got 'debug'")
    assert error_of(s.choice, "mode", "a", ("a", "b"), fold=True) == (
        "tg.mode: expected one of a, b, got 'Poll'")
    assert error_of(s.choice, "num", "a", ("a",), fold=True) == "tg.num: expected one of a, got 3"
    assert s.text("t", "d") == "" and s.text("missing", "d") == "d" and s.text("t3", "") == "hi"
    assert error_of(s.text, "t2", "") == "tg.t2: expected a text, got 5"
    assert s.path("p", Path("x"), BASE) == BASE / "rel/dir"
    assert s.path("abs", Path("x"), BASE) == Path("/abs/x")
    assert s.path("missing", Path("corpus"), BASE) == BASE / "corpus"
    assert error_of(s.path, "blank", Path("x"), BASE) == (
        "tg.blank: expected a folder or file path, got '  '")
    assert error_of(s.path, "np", Path("x"), BASE).startswith("tg.np: expected a folder")
    assert s.ids("one") == frozenset({12})
    assert s.ids("none") == frozenset() and s.ids("missing") == frozenset()
    assert s.ids("mixed") == frozenset({1, -2, 3})
    assert error_of(s.ids, "bad") == "tg.bad: expected a list of numeric Telegram ids, got '12'"
    assert error_of(s.ids, "flag") == "tg.flag: expected a list of numeric Telegram ids, got true"
    assert error_of(s.ids, "word") == "tg.word: expected a list of numeric Telegram ids, got 'x1'"
    assert error_of(s.ids, "fl") == "tg.fl: expected a list of numeric Telegram ids, got 1.5"


def test_check_unknown_names_the_first_unread_key_and_the_known_ones():
    s = Section({"b": 1, "zz": 2, "aa": 3}, "sec")
    s.integer("b", 0)
    assert error_of(s.check_unknown) == "sec.aa: unknown key (known: b)"
    assert error_of(s.check_unknown, ["aa"]) == "sec.zz: unknown key (known: aa, b)"
    s.check_unknown(["aa", "zz"])  # nothing left unread
    nested = Section({"webhook": {"port": 1, "prt": 2}}, "telegram")
    hook = nested.sub("webhook")
    assert hook.name == "telegram.webhook" and hook.integer("port", 0) == 1
    nested.check_unknown()  # webhook was read (as a section)
    assert error_of(hook.check_unknown) == "telegram.webhook.prt: unknown key (known: port)"


def test_check_sections():
    check_sections({"a": 1, "b": 2}, ["a", "b", "c"])
    check_sections({}, [])
    assert error_of(check_sections, {"a": 1, "x": 2}, ["b", "a"]) == (
        "x: unknown section (known: a, b)")


# --------------------------------------------------------------------------- retrieval


def test_retrieval_defaults_are_the_dataclass_defaults_under_base():
    config = retrieval_config_from_mapping({}, BASE)
    d = RetrievalConfig()
    assert config.corpus_dir == BASE / "corpus" and config.uploads_dir == BASE / "data/uploads"
    assert config.terms_file == BASE / "corpus/terms.dict"
    assert config.cache_dir == BASE / ".cache/index"
    for name in ("max_upload_bytes", "max_document_bytes", "max_pdf_pages", "engine", "bm25",
                 "title_weight", "top_k", "min_coverage", "snippet_chars",
                 "max_question_chars"):
        assert getattr(config, name) == getattr(d, name), name
    assert d.max_upload_bytes == 1_048_576 and d.max_document_bytes == 20_971_520
    assert (d.max_pdf_pages, d.top_k, d.snippet_chars, d.max_question_chars) == (50, 3, 160, 500)
    assert (d.title_weight, d.min_coverage, d.engine) == (1, 0.5, "inverted")
    assert config.admin_terms_file == BASE / "data/uploads/terms.dict"
    assert config.extract_dir == BASE / ".cache/extract"
    assert config.index_params == {"engine": "inverted", **vars(d.bm25), "title_weight": 1}


def test_retrieval_explicit_values_each_land_in_their_field():
    data = {
        "corpus": {"path": "c", "uploads_path": "/u", "terms_file": "t.dict",
                   "max_upload_bytes": 1, "max_document_bytes": 2, "max_pdf_pages": 1},
        "index": {"cache_dir": "cache", "variant": "plus", "k1": 0.9, "b": 0, "delta": 0,
                  "title_weight": 0},
        "answer": {"top_k": 1, "min_coverage": 1, "snippet_chars": 20, "max_question_chars": 1},
        "telegram": {"anything": 1},  # read by bot.settings, not here
    }
    config = retrieval_config_from_mapping(data, BASE)
    assert (config.corpus_dir, config.uploads_dir, config.terms_file, config.cache_dir) == (
        BASE / "c", Path("/u"), BASE / "t.dict", BASE / "cache")
    assert (config.max_upload_bytes, config.max_document_bytes, config.max_pdf_pages) == (1, 2, 1)
    assert config.bm25.variant == "plus" and config.bm25.k1 == 0.9 and config.bm25.b == 0
    assert config.title_weight == 0
    assert (config.top_k, config.min_coverage, config.snippet_chars,
            config.max_question_chars) == (1, 1.0, 20, 1)


@pytest.mark.parametrize("section, key, value, message", [
    ("corpus", "max_upload_bytes", 0, "corpus.max_upload_bytes: expected a whole number >= 1"),
    ("corpus", "max_document_bytes", 0, "corpus.max_document_bytes: expected a whole number >= 1"),
    ("corpus", "path", "", "corpus.path: expected a folder or file path"),
    ("corpus", "uploads_path", 3, "corpus.uploads_path: expected a folder or file path"),
    ("corpus", "terms_file", None, "corpus.terms_file: expected a folder or file path"),
    ("index", "engine", "x", "index.engine: expected one of"),
    ("index", "title_weight", -1, "index.title_weight: expected a whole number >= 0"),
    ("answer", "top_k", 0, "answer.top_k: expected a whole number >= 1"),
    ("answer", "min_coverage", -0.1, "answer.min_coverage: expected a number >= 0 and <= 1"),
    ("answer", "snippet_chars", 19, "answer.snippet_chars: expected a whole number >= 20"),
    ("answer", "max_question_chars", 0, "answer.max_question_chars: expected a whole number >= 1"),
    ("answer", "top", 3, "answer.top: unknown key"),
    ("corpus", "pth", "x", "corpus.pth: unknown key"),
])
def test_retrieval_each_bound(section, key, value, message):
    got = error_of(retrieval_config_from_mapping, {section: {key: value}}, BASE)
    assert got.startswith(message), got


def test_retrieval_unknown_keys_pass_when_not_checked():
    config = retrieval_config_from_mapping({"answer": {"top": 3}}, BASE, check_unknown=False)
    assert config.top_k == 3
    assert error_of(retrieval_config_from_mapping, {"answers": {}}, BASE, check_unknown=False
                    ).startswith("answers: unknown section")


def test_read_yaml_each_outcome(tmp_path):
    good = tmp_path / "c.yaml"
    good.write_text("answer: {top_k: 2}\n", encoding="utf-8")
    assert read_yaml(good) == {"answer": {"top_k": 2}}
    empty = tmp_path / "e.yaml"
    empty.write_text("", encoding="utf-8")
    assert read_yaml(empty) == {}
    listed = tmp_path / "l.yaml"
    listed.write_text("- 1\n", encoding="utf-8")
    assert error_of(read_yaml, listed) == f"config file {listed} must be a mapping of sections"
    broken = tmp_path / "b.yaml"
    broken.write_text("a: [1,\n", encoding="utf-8")
    message = error_of(read_yaml, broken)
    assert message.startswith(f"config file {broken} is not valid YAML: ") and "\n" not in message
    binary = tmp_path / "x.yaml"
    binary.write_bytes(b"\xff\xfe\x00")
    assert error_of(read_yaml, binary).startswith(f"config file {binary} cannot be read: ")
    missing = tmp_path / "no.yaml"
    assert error_of(read_yaml, missing) == f"config file {missing} not found"


# --------------------------------------------------------------------------- telegram


def test_settings_defaults():
    s = settings({})
    d = Settings(token="", retrieval=RetrievalConfig(), config_path=BASE)
    assert s.token == TOKEN and s.config_path == BASE / "config.yaml"
    assert s.base_url is None and s.base_file_url is None and s.admin_ids == frozenset()
    assert s.max_upload_bytes == RetrievalConfig().max_upload_bytes
    for name in ("mode", "group_passages", "more_passages", "rate_limit_per_minute",
                 "allowed_users", "allowed_chats", "blocked_users", "recent_unanswered",
                 "dialogue_seconds", "dialogue_chats", "preview_minutes", "concurrent_updates",
                 "poll_timeout", "request_timeout", "send_retries", "retry_backoff", "log_level",
                 "webhook"):
        assert getattr(s, name) == getattr(d, name), name
    assert (d.mode, d.group_passages, d.more_passages, d.rate_limit_per_minute) == (
        "polling", 1, 3, 20)
    assert (d.recent_unanswered, d.dialogue_seconds, d.dialogue_chats, d.preview_minutes) == (
        20, 600.0, 10_000, 30.0)
    assert (d.concurrent_updates, d.poll_timeout, d.request_timeout, d.send_retries,
            d.retry_backoff, d.log_level) == (64, 30.0, 20.0, 3, 0.5, "INFO")
    assert s.webhook == WebhookSettings("0.0.0.0", 8443, "telegram", "", "")
    assert s.secrets == (TOKEN,)


def test_settings_explicit_values_each_land_in_their_field():
    data = {"telegram": {
        "mode": "polling", "log_level": "warning", "admins": [1, "2"],
        "group_passages": 2, "more_passages": 4, "rate_limit_per_minute": 0,
        "allowed_users": [3], "allowed_chats": 4, "blocked_users": ["-5"],
        "recent_unanswered": 0, "dialogue_minutes": 0.5, "dialogue_chats": 1,
        "preview_minutes": 0.25, "concurrent_updates": 1, "poll_timeout": 0,
        "request_timeout": 0.1, "send_retries": 0, "retry_backoff": 0,
        "webhook": {"listen": "127.0.0.1", "port": 1, "url_path": "/hook/", "url": "https://x",
                    "secret_token_env": "S"},
    }}
    s = settings(data, base_url="http://api/bot", base_file_url="http://api/file/bot",
                 extra_admins=frozenset({9}))
    assert s.base_url == "http://api/bot" and s.base_file_url == "http://api/file/bot"
    assert s.admin_ids == frozenset({1, 2, 9}) and s.log_level == "WARNING"
    assert (s.group_passages, s.more_passages, s.rate_limit_per_minute) == (2, 4, 0)
    assert (s.allowed_users, s.allowed_chats, s.blocked_users) == (
        frozenset({3}), frozenset({4}), frozenset({-5}))
    assert (s.recent_unanswered, s.dialogue_seconds, s.dialogue_chats) == (0, 30.0, 1)
    assert (s.preview_minutes, s.concurrent_updates, s.poll_timeout) == (0.25, 1, 0.0)
    assert (s.request_timeout, s.send_retries, s.retry_backoff) == (0.1, 0, 0.0)
    assert s.webhook == WebhookSettings("127.0.0.1", 1, "hook", "https://x", "")
    assert s.mode == "polling"  # polling never reads the webhook secret


@pytest.mark.parametrize("key, value, message", [
    ("group_passages", 0, "telegram.group_passages: expected a whole number >= 1"),
    ("more_passages", 0, "telegram.more_passages: expected a whole number >= 1"),
    ("rate_limit_per_minute", -1, "telegram.rate_limit_per_minute: expected a whole number >= 0"),
    ("recent_unanswered", -1, "telegram.recent_unanswered: expected a whole number >= 0"),
    ("dialogue_chats", 0, "telegram.dialogue_chats: expected a whole number >= 1"),
    ("preview_minutes", 0, "telegram.preview_minutes: expected a number > 0"),
    ("concurrent_updates", 0, "telegram.concurrent_updates: expected a whole number >= 1"),
    ("poll_timeout", -0.5, "telegram.poll_timeout: expected a number >= 0"),
    ("request_timeout", 0.05, "telegram.request_timeout: expected a number >= 0.1"),
    ("send_retries", -1, "telegram.send_retries: expected a whole number >= 0"),
    ("retry_backoff", -1, "telegram.retry_backoff: expected a number >= 0"),
    ("mode", "push", "telegram.mode: expected one of polling, webhook"),
    ("mode", "POLLING", "telegram.mode: expected one of polling, webhook"),  # not folded
    ("allowed_users", "a", "telegram.allowed_users: expected a list"),
    ("allowed_chats", ["a"], "telegram.allowed_chats: expected a list"),
    ("blocked_users", {}, "telegram.blocked_users: expected a list"),
    ("webhook", {"listen": 1}, "telegram.webhook.listen: expected a text"),
    ("webhook", {"url_path": 1}, "telegram.webhook.url_path: expected a text"),
    ("webhook", {"url": 1}, "telegram.webhook.url: expected a text"),
    ("webhook", {"secret_token_env": 1}, "telegram.webhook.secret_token_env: expected a text"),
    ("webhook", {"porrt": 1}, "telegram.webhook.porrt: unknown key"),
    ("webhook", [1], "telegram.webhook: expected a mapping of keys"),
])
def test_settings_each_bound(key, value, message):
    got = error_of(settings, {"telegram": {key: value}})
    assert got.startswith(message), got


def test_webhook_mode_needs_a_well_formed_secret_and_a_url():
    hook = {"url": "https://example.org/hook", "secret_token_env": "MY_SECRET"}
    data = {"telegram": {"mode": "webhook", "webhook": hook}}
    s = settings(data, env={"MY_SECRET": " s3cr-et_ "})
    assert s.mode == "webhook" and s.webhook.secret_token == "s3cr-et_"
    assert s.webhook.url == "https://example.org/hook" and s.webhook.port == 8443
    assert s.secrets == (TOKEN, "s3cr-et_")
    assert settings(data, env={"MY_SECRET": "x" * 256}).webhook.secret_token == "x" * 256
    assert error_of(settings, data, env={}).startswith(
        "telegram.mode is webhook but MY_SECRET is not set")
    assert error_of(settings, data, env={"MY_SECRET": "   "}).startswith(
        "telegram.mode is webhook but MY_SECRET is not set")
    assert error_of(settings, data, env={"MY_SECRET": "a b"}) == (
        "MY_SECRET may only use A-Z a-z 0-9 _ - (1-256 characters)")
    assert error_of(settings, data, env={"MY_SECRET": "x" * 257}).startswith("MY_SECRET may")
    no_url = {"telegram": {"mode": "webhook"}}
    assert error_of(settings, no_url, env={"TELEGRAM_WEBHOOK_SECRET": "abc"}) == (
        "telegram.mode is webhook but telegram.webhook.url is empty")
    assert error_of(settings, no_url, env={"OTHER": "abc"}).startswith(
        "telegram.mode is webhook but TELEGRAM_WEBHOOK_SECRET is not set")


def test_settings_unknown_keys_and_unknown_sections():
    assert error_of(settings, {"telegram": {"admin": [1]}}).startswith(
        "telegram.admin: unknown key (known: ")
    assert error_of(settings, {"telegram": 3}) == "telegram: expected a mapping of keys, got 3"


def test_derive_file_url_and_parse_id_list():
    assert derive_file_url("http://h:8/bot") == "http://h:8/file/bot"
    assert derive_file_url("http://h/bot/x/bot") == "http://h/bot/x/file/bot"
    assert derive_file_url("http://h/botapi") == "http://h/file/botapi"
    assert error_of(derive_file_url, "http://h/api").startswith(
        "TELEGRAM_API_BASE_URL does not contain '/bot'")
    assert parse_id_list("1, 2,-100123", "X") == frozenset({1, 2, -100123})
    assert parse_id_list("", "X") == frozenset() and parse_id_list(" , ,7,", "X") == {7}
    assert error_of(parse_id_list, "1,a", "BOT_ADMIN_IDS") == (
        "BOT_ADMIN_IDS must be comma-separated numeric Telegram ids")


def test_load_settings_reads_the_environment_and_the_named_config(tmp_path):
    config = tmp_path / "c.yaml"
    config.write_text("telegram: {admins: [1], group_passages: 2}\n"
                      "answer: {top_k: 4}\n", encoding="utf-8")
    env = {"TELEGRAM_BOT_TOKEN": f" {TOKEN} ", "BOT_CONFIG": str(config),
           "BOT_ADMIN_IDS": "5, 6", "TELEGRAM_API_BASE_URL": " http://api:1/bot "}
    s = load_settings(env)
    assert s.token == TOKEN and s.config_path == config
    assert s.admin_ids == frozenset({1, 5, 6}) and s.group_passages == 2
    assert s.retrieval.top_k == 4 and s.retrieval.corpus_dir == tmp_path / "corpus"
    assert s.base_url == "http://api:1/bot" and s.base_file_url == "http://api:1/file/bot"
    explicit = load_settings({**env, "TELEGRAM_API_FILE_URL": "http://files/"})
    assert explicit.base_file_url == "http://files/"
    plain = load_settings({"TELEGRAM_BOT_TOKEN": TOKEN, "BOT_CONFIG": str(config),
                           "TELEGRAM_API_BASE_URL": "  "})
    assert plain.base_url is None and plain.base_file_url is None
    assert plain.admin_ids == frozenset({1})


@pytest.mark.parametrize("token, message", [
    ("", "TELEGRAM_BOT_TOKEN is not set"),
    ("   ", "TELEGRAM_BOT_TOKEN is not set"),
    ("abc:defghijklmnop", "TELEGRAM_BOT_TOKEN does not look like a bot token"),
    ("123:short", "TELEGRAM_BOT_TOKEN does not look like a bot token"),
    ("123:has space in it", "TELEGRAM_BOT_TOKEN does not look like a bot token"),
])
def test_load_settings_refuses_a_missing_or_malformed_token(token, message, tmp_path):
    config = tmp_path / "c.yaml"
    config.write_text("", encoding="utf-8")
    got = error_of(load_settings, {"TELEGRAM_BOT_TOKEN": token, "BOT_CONFIG": str(config)})
    assert got.startswith(message), got
    if token.strip():
        assert token.strip() not in got  # the token is never echoed


def test_load_settings_minimal_token_shape_and_missing_config(tmp_path):
    config = tmp_path / "c.yaml"
    config.write_text("", encoding="utf-8")
    assert load_settings({"TELEGRAM_BOT_TOKEN": "1:abcdefghij", "BOT_CONFIG": str(config)}
                         ).token == "1:abcdefghij"
    assert error_of(load_settings, {"TELEGRAM_BOT_TOKEN": TOKEN,
                                    "BOT_CONFIG": str(tmp_path / "none.yaml")}).startswith(
        "config file ")


def test_load_settings_without_the_optional_variables(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert error_of(load_settings, {}).startswith("TELEGRAM_BOT_TOKEN is not set")
    assert error_of(load_settings, {"TELEGRAM_BOT_TOKEN": TOKEN}) == (
        "config file config.yaml not found")
    (tmp_path / "config.yaml").write_text("telegram: {more_passages: 5}\n", encoding="utf-8")
    s = load_settings({"TELEGRAM_BOT_TOKEN": TOKEN, "BOT_CONFIG": "  "})
    assert s.config_path == Path("config.yaml") and s.more_passages == 5
    assert s.admin_ids == frozenset()
    assert error_of(load_settings, {"TELEGRAM_BOT_TOKEN": TOKEN, "BOT_ADMIN_IDS": "1,x"}) == (
        "BOT_ADMIN_IDS must be comma-separated numeric Telegram ids")


def test_webhook_mode_without_an_environment_is_a_config_error():
    data = {"telegram": {"mode": "webhook", "webhook": {"url": "https://x"}}}
    assert error_of(settings, data).startswith(
        "telegram.mode is webhook but TELEGRAM_WEBHOOK_SECRET is not set")
