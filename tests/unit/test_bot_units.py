"""Settings, access rules, state (quota, stats, single-flight reload, dialogue memory,
button data), file storage, log redaction: each part on its own."""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from bot import dialogue, storage
from bot.access import (
    ANONYMOUS_ADMIN_ID,
    command_argument,
    is_admin,
    is_allowed,
    strip_mentions,
    unmarked_command,
)
from bot.buttons import (
    Ask,
    Buttons,
    ButtonStore,
    FullText,
    More,
    Question,
    RemoveChoice,
    TopicsPage,
    UploadChoice,
    Wrong,
    fits,
    short_version,
)
from bot.knowledge_holder import KnowledgeHolder
from bot.logging_setup import REDACTED, RedactingFilter
from bot.memory import ExpiringLRU
from bot.quota import Quota
from bot.settings import derive_file_url, load_settings
from bot.stats import Stats, median, percentile
from retrieval.config import ConfigError

TOKEN = "123456:TEST-TOKEN-abcdefghijklmnopqrstuvwxyz"


def write_config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- settings


def test_settings_from_env_and_config(tmp_path):
    config = write_config(tmp_path, "telegram:\n  admins: [1, 2]\n  rate_limit_per_minute: 5\n")
    settings = load_settings({
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": "http://127.0.0.1:8081/bot",
        "BOT_ADMIN_IDS": " 3, 4 ,",
        "BOT_CONFIG": str(config),
    })
    assert settings.admin_ids == {1, 2, 3, 4}
    assert settings.base_file_url == "http://127.0.0.1:8081/file/bot"
    assert settings.rate_limit_per_minute == 5
    assert settings.retrieval.corpus_dir == tmp_path / "corpus"
    assert settings.mode == "polling"


def test_explicit_file_url_wins(tmp_path):
    config = write_config(tmp_path, "")
    settings = load_settings({
        "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": "http://h/bot",
        "TELEGRAM_API_FILE_URL": "http://files/x", "BOT_CONFIG": str(config),
    })
    assert settings.base_file_url == "http://files/x"
    assert derive_file_url("http://h:1/bot{token}") == "http://h:1/file/bot{token}"


@pytest.mark.parametrize("env, config_text, fragment", [
    ({}, "", "TELEGRAM_BOT_TOKEN is not set"),
    ({"TELEGRAM_BOT_TOKEN": "nonsense"}, "", "does not look like a bot token"),
    ({"TELEGRAM_BOT_TOKEN": TOKEN, "BOT_ADMIN_IDS": "12,abc"}, "", "BOT_ADMIN_IDS"),
    ({"TELEGRAM_BOT_TOKEN": TOKEN}, "telegram: [1, 2", "not valid YAML"),
    ({"TELEGRAM_BOT_TOKEN": TOKEN}, "telegram:\n  mode: carrier-pigeon\n", "telegram.mode"),
    ({"TELEGRAM_BOT_TOKEN": TOKEN}, "telegram:\n  admins: [alice]\n", "telegram.admins"),
    ({"TELEGRAM_BOT_TOKEN": TOKEN}, "telegram:\n  rate_limit_per_minute: -1\n", "rate_limit"),
    ({"TELEGRAM_BOT_TOKEN": TOKEN}, "telegram:\n  mode: webhook\n", "TELEGRAM_WEBHOOK_SECRET"),
])
def test_bad_settings_give_one_clear_error(tmp_path, env, config_text, fragment):
    config = write_config(tmp_path, config_text)
    with pytest.raises(ConfigError) as info:
        load_settings({**env, "BOT_CONFIG": str(config)})
    message = str(info.value)
    assert fragment in message and "\n" not in message
    assert TOKEN not in message


def test_webhook_settings_take_secret_from_env(tmp_path):
    config = write_config(tmp_path, "telegram:\n  mode: webhook\n  webhook:\n"
                                    "    url: https://bot.example.org/telegram\n")
    settings = load_settings({"TELEGRAM_BOT_TOKEN": TOKEN, "BOT_CONFIG": str(config),
                              "TELEGRAM_WEBHOOK_SECRET": "s3cret_value"})
    assert settings.webhook.secret_token == "s3cret_value"
    assert "s3cret_value" in settings.secrets


# --------------------------------------------------------------------------- access


def _settings(**kw):
    base = dict(admin_ids=frozenset({7}), blocked_users=frozenset(), allowed_users=frozenset(),
                allowed_chats=frozenset())
    base.update(kw)
    return SimpleNamespace(**base)


def test_anonymous_group_admin_is_not_admin():
    user = SimpleNamespace(id=7, is_bot=False)
    assert is_admin(_settings(), user, SimpleNamespace(sender_chat=None))
    assert not is_admin(_settings(), user, SimpleNamespace(sender_chat=SimpleNamespace(id=-100)))
    anon = SimpleNamespace(id=ANONYMOUS_ADMIN_ID, is_bot=True)
    assert not is_admin(_settings(admin_ids=frozenset({ANONYMOUS_ADMIN_ID})), anon, None)


def test_admins_are_always_allowed_blocked_users_never():
    def update(user_id, chat_id):
        return SimpleNamespace(effective_user=SimpleNamespace(id=user_id, is_bot=False),
                               effective_chat=SimpleNamespace(id=chat_id),
                               effective_message=SimpleNamespace(sender_chat=None))

    strict = _settings(blocked_users=frozenset({7, 8}), allowed_users=frozenset({9}),
                       allowed_chats=frozenset({-1}))
    assert is_allowed(strict, update(7, -2))  # admin: allowed even if listed as blocked
    assert not is_allowed(strict, update(8, -1))  # blocked
    assert not is_allowed(strict, update(10, -1))  # not in allowed_users
    assert is_allowed(strict, update(9, -1))


def test_text_helpers():
    assert strip_mentions("@QaTestBot 板凳议事会是什么", "QaTestBot") == "板凳议事会是什么"
    assert strip_mentions("请问 @qatestbot 红色物业?", "QaTestBot") == "请问   红色物业?"
    assert command_argument("/ask@QaTestBot  红色物业\n在哪里") == "红色物业\n在哪里"
    assert command_argument("/ask") == ""
    assert unmarked_command("/ask@ 板凳议事会") == "ask" and unmarked_command("/ask 问题") is None


# --------------------------------------------------------------------------- state


def test_quota_window_and_single_notice():
    now = [0.0]
    quota = Quota(2, clock=lambda: now[0])
    assert quota.check(1).allowed and quota.check(1).allowed
    blocked = quota.check(1)
    assert not blocked.allowed and blocked.notify and blocked.retry_after == 60
    assert not quota.check(1).notify  # told once, not on every message
    assert quota.check(2).allowed  # other users unaffected
    now[0] = 30.0
    assert quota.check(1).retry_after == 30
    now[0] = 60.0
    assert quota.check(1).allowed
    assert quota.check(1).allowed  # a new window: two more
    again = quota.check(1)
    assert not again.allowed and again.notify  # a new blocked stretch is told again
    assert Quota(0).check(1).allowed  # 0 = unlimited


def test_stats_percentiles_and_recent_unanswered():
    stats = Stats(recent_unanswered=2)
    for i in range(1, 101):
        stats.record(f"q{i}", answered=i % 4 != 0, total_ms=float(i), search_ms=i / 10)
    stats.record("half-typed inline", answered=False, total_ms=1, search_ms=1,
                 keep_unanswered=False)
    stats.record_wrong("q7")
    snap = stats.snapshot()
    assert snap.served == 101 and snap.answered == 75
    assert snap.median_ms == 50.0 and snap.p95_ms == 95.0
    assert snap.recent_unanswered == ("q100", "q96")  # newest first; the inline one left out
    assert snap.marked_wrong == 1 and snap.recent_wrong == ("q7",)
    assert percentile([3.0], 0.95) == 3.0 and median([1.0, 2.0, 9.0]) == 2.0


class _FakeKb:
    def __init__(self, version: str) -> None:
        self.version = version
        self.articles = (1, 2)
        self.paragraphs = (1, 2, 3)
        self.report = SimpleNamespace(skipped=())


async def test_reload_is_single_flight_and_failure_keeps_old():
    gate, started = threading.Event(), threading.Event()
    calls = []

    def build():
        calls.append(1)
        started.set()
        gate.wait(5)
        return _FakeKb(f"v{len(calls)}")

    holder = KnowledgeHolder(_FakeKb("v0"), build)
    first = asyncio.create_task(holder.reload())
    assert await asyncio.to_thread(started.wait, 5)  # the build is running
    second = asyncio.create_task(holder.reload())
    await asyncio.sleep(0)  # one turn of the loop: the second /reload starts and joins
    assert holder.reloading and holder.kb.version == "v0"  # the old index still serves
    gate.set()
    r1, r2 = await asyncio.gather(first, second)
    assert len(calls) == 1 and holder.builds == 1
    assert r1.ok and not r1.joined and r2.joined and holder.kb.version == "v1"

    def broken():
        raise OSError("disk on fire")

    holder = KnowledgeHolder(holder.kb, broken)
    result = await holder.reload()
    assert not result.ok and "disk on fire" in result.error and result.after is None
    assert holder.kb.version == "v1" and holder.last_reload is result


async def test_an_upload_reload_never_joins_a_running_one():
    """After an upload wrote its file, a reload already running may not have read it: the
    upload's reload runs after it instead of taking its result."""
    gate, started = threading.Event(), threading.Event()
    versions = iter(["v1", "v2"])

    def build():
        started.set()
        gate.wait(5)
        return _FakeKb(next(versions))

    holder = KnowledgeHolder(_FakeKb("v0"), build)
    running = asyncio.create_task(holder.reload())
    assert await asyncio.to_thread(started.wait, 5)
    after_upload = asyncio.create_task(holder.reload(join_running=False))
    gate.set()
    first, second = await asyncio.gather(running, after_upload)
    assert holder.builds == 2 and not second.joined
    assert (first.after.version, second.after.version, holder.kb.version) == ("v1", "v2", "v2")


# --------------------------------------------------------------------------- memories


def test_expiring_lru_forgets_the_old_and_the_least_recent():
    now = [0.0]
    memory = ExpiringLRU(ttl=10, capacity=2, clock=lambda: now[0])
    memory.put("a", 1)
    memory.put("b", 2)
    assert memory.get("a") == 1  # "a" is now the most recent …
    memory.put("c", 3)  # … so "b" goes
    assert (memory.get("b"), memory.get("a"), memory.get("c")) == (None, 1, 3)
    now[0] = 10.0
    assert memory.get("a") is None and len(memory) == 1
    ExpiringLRU(ttl=0, capacity=5).put("x", 1)  # ttl 0: remembers nothing (no error)


def test_dialogue_recall_prefers_the_replied_answer_then_the_conversation():
    store = dialogue.MemoryContextStore(600, 100)
    private = dialogue.ConversationKey.of(5, 5, private=True)
    assert private == dialogue.ConversationKey(5, None, None)
    member = dialogue.ConversationKey.of(-100, 7, private=False, thread_id=3)
    assert dialogue.recall(store, member).topic is None
    dialogue.remember(store, member, dialogue.Turn("红色物业", 1), dialogue.AnswerKey(-100, 42))
    assert dialogue.recall(store, member).topic == "红色物业"
    other = dialogue.ConversationKey.of(-100, 8, private=False, thread_id=3)
    assert dialogue.recall(store, other).topic is None  # another member: no conversation
    # Replying to one of our answers: that answer's topic, whoever asks.
    replied = dialogue.recall(store, other, dialogue.AnswerKey(-100, 42))
    assert replied.topic == "红色物业" and replied.from_reply
    assert dialogue.recall(store, other, dialogue.AnswerKey(-100, 43)).topic is None


def test_dialogue_recalls_what_the_last_answer_answered():
    store = dialogue.MemoryContextStore(600, 100)
    chat = dialogue.ConversationKey.of(5, 5, private=True)
    dialogue.remember(store, chat, dialogue.Turn("察哈尔社区", 3, "v1", "number"),
                      dialogue.AnswerKey(5, 9))
    assert dialogue.recall(store, chat).intent == "number"
    assert dialogue.recall(store, chat, dialogue.AnswerKey(5, 9)).intent == "number"
    assert dialogue.recall(store, chat).index_version == "v1"  # its article_id's index
    dialogue.remember(store, chat, dialogue.Turn("红色物业", 1))
    assert dialogue.recall(store, chat).intent is None


# --------------------------------------------------------------------------- button data


def test_button_data_round_trips_within_64_bytes():
    buttons = Buttons(ButtonStore(size=8))
    version = "abc|def123456"
    question = Question("红色物业是什么")
    cases = [
        (buttons.more(version, 3, question), More("abc_def1", 3, question)),
        (buttons.full(version, 42), FullText("abc_def1", 42)),
        (buttons.ask(question), Ask(question)),
        (buttons.wrong(version, 7, question), Wrong("abc_def1", 7, question)),
        (Buttons.topics(2), TopicsPage(2)),
        (Buttons.upload("ok", 5), UploadChoice("ok", 5)),
        (Buttons.remove("yes", 6), RemoveChoice("yes", 6)),
    ]
    for data, parsed in cases:
        assert fits(data) and buttons.parse(data) == parsed, data
    assert short_version(version) == "abc_def1"


def test_questions_too_long_for_callback_data_go_through_the_store():
    buttons = Buttons(ButtonStore(size=3))
    long = Question("请详细介绍一下红色物业这项工作到底是什么以及它是怎样开展起来的")
    follow = Question("在哪儿搞的", topic="红色物业")  # a topic is never embedded
    data = [buttons.more("v", 3, long), buttons.ask(follow), buttons.wrong("v", 1, long)]
    assert all(fits(d) and "#" in d for d in data)
    assert buttons.parse(data[0]) == More("v", 3, long)
    assert buttons.parse(data[1]) == Ask(follow)
    assert buttons.parse(data[2]) == Wrong("v", 1, long)
    # The store is bounded: the oldest text goes, and its button reads as stale.
    buttons.ask(Question("又一个很长很长的问题" * 4))
    assert buttons.parse(data[0]) is None and buttons.parse(data[2]) is not None


@pytest.mark.parametrize("junk", ["", "x", "m|v|notanumber|t问", "f|v|", "m|v|1|", "q|",
                                  "q|#", "q|#abc", "w|v|1", "t|x", "u|maybe|1", "r|yes|",
                                  "m|v|1|#999", "\x00"])
def test_button_data_the_bot_did_not_make_parses_to_nothing(junk):
    assert Buttons().parse(junk) is None
    assert not fits("") and not fits("é" * 33) and fits("é" * 32) and not fits("\ud800")


# --------------------------------------------------------------------------- storage


@pytest.mark.parametrize("name, expected", [
    ("article.txt", "article.txt"),
    ("../../etc/passwd.txt", "passwd.txt"),
    ("..\\..\\win.md", "win.md"),
    ("..", "upload.txt"),
    (".hidden.txt", "hidden.txt"),
    ("a\x00b\nc.txt", "abc.txt"),
    ("红色 物业/../报道.TXT", "报道.txt"),
])
def test_safe_file_name(name, expected):
    suffix = storage.allowed_suffix(name) or ".txt"
    assert storage.safe_file_name(name, suffix) == expected


def test_allowed_suffix():
    assert storage.allowed_suffix("a.TXT") == ".txt" and storage.allowed_suffix("b.md") == ".md"
    assert storage.allowed_suffix("evil.txt.exe") is None and storage.allowed_suffix("") is None


def test_save_atomically_never_overwrites(tmp_path):
    first = storage.save_atomically(tmp_path, "a.txt", b"one")
    second = storage.save_atomically(tmp_path, "a.txt", b"two")
    assert first.name == "a.txt" and second.name == "a-2.txt"
    assert first.read_bytes() == b"one" and second.read_bytes() == b"two"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-2.txt", "a.txt"]  # no temp left


# --------------------------------------------------------------------------- logging


def test_redacting_filter_covers_message_args_and_traceback():
    records = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append(self.format(record))

    handler = Keep()
    handler.addFilter(RedactingFilter([TOKEN]))
    logger = logging.getLogger("test.redaction")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.warning("url https://api.telegram.org/bot%s/getMe", TOKEN)
        logger.warning("quoted %s", TOKEN.replace(":", "%3A"))
        try:
            raise RuntimeError(f"failed for {TOKEN}")
        except RuntimeError:
            logger.exception("boom %s", time.time())
    finally:
        logger.removeHandler(handler)
    text = "\n".join(records)
    assert TOKEN not in text and "TEST-TOKEN" not in text
    assert text.count(REDACTED) == 3


def test_an_answer_without_a_topic_keeps_the_conversations_topic_in_its_article():
    """一共多少钱 answered in the 揭榜挂帅 article without naming it: still 揭榜挂帅 next;
    an answer from another article leaves the old topic, but is remembered (its article
    is what a follow-up continues in)."""
    from bot.dialogue import Turn, carried

    same = carried(Turn(None, article_id=3, line="…"), "揭榜挂帅", 3)
    assert same.topic == "揭榜挂帅" and same.article_id == 3 and same.line == "…"
    other = carried(Turn(None, article_id=4), "揭榜挂帅", 3)
    assert other.topic is None and other.article_id == 4
    named = carried(Turn("政治生日", article_id=3), "揭榜挂帅", 3)
    assert named.topic == "政治生日"
