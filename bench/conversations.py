"""Do the bot's replies start with the answer, over whole conversations?

The conversation version of bench/answer_first.py, with its conventions (HEAD = 150,
plain(), squash()). The real bot — the python-telegram-bot Application that
bot.app.build_application builds, over the real knowledge base of the shipped corpus —
long-polls the local fake Telegram Bot API (tests/support/fake_bot_api.py). Every turn of
every conversation is sent as a user's message; the bot's reply to it in that chat is
reduced to plain text (HTML tags removed, entities unescaped), whitespace is squashed,
and its first 150 characters are judged. Everything is hermetic: a copy of the shipped
pages, the config and the index cache live in a temp dir (support.hermetic).

    python bench/conversations.py tests/data/conversations_tune.yaml [more.yaml ...]
                                  [--json] [--misses] [--config config.yaml]

--json prints one JSON object {file name: report}; --misses lists every miss (the turn
and the head of the reply; in --json they are included only with --misses). --config
lays another config's settings over the hermetic one (the corpus is always a temp copy
of the shipped pages). A report: replies, the share starting with the answer, the same
per turn kind, chatter sent / answered (should be 0) and messages beyond one reply per
turn (should be 0: a second message would be taken for the next turn's reply).

Data format (YAML): a list of conversations, each

    - chat: private | group
      turns:
        - say: "三减三优是啥"          # the message, as a user types it
          kind: question               # question | follow_up | small_talk | abstain
          expect: ["减标牌"]           #   | several | chatter
        - say: "在哪儿搞的"
          kind: follow_up
          expect: ["赤峰市"]
        - say: "效果呢"
          kind: follow_up
          reply_to: 0                  # replies to the bot's reply to turn 0
          expect: [...]

  kind       question: a question naming its subject; follow_up: one that only makes
             sense after the earlier turns (the bot remembers the topic per chat, and a
             reply to one of its answers is about that answer); several: more than one
             question in one message; small_talk: greetings, thanks, "你是谁", emoji…;
             abstain: the articles cannot answer it; chatter (groups only): a message to
             the other members, neither mentioning the bot nor replying to it — the bot
             must stay silent; it is not a reply and not counted in the share.
  expect     question / follow_up / several: short phrases of the article text that a
             correct answer contains; small_talk: words a kind reply contains (see
             bot/texts.py small_talk); abstain: not used (the not-found wording of
             bot/texts.py, NOT_COVERED / NOT_COVERED_PART, is what counts).
  mention    groups: true prepends "@<bot username> " to `say`; a `say` that contains
             "@bot" has that replaced instead (a mention in the middle or at the end).
             A group turn that is not chatter must mention the bot or reply to it.
  reply_to   optional: the index (0-based, in this conversation) of an earlier turn; the
             message replies to the bot's reply to that turn.
  user       optional, groups: which member speaks (1, 2, …; default 1). In groups every
             member has a conversation of their own with the bot.

A reply "starts with the answer" when the first 150 characters of its squashed plain text
hold one of `expect` (squashed too); a question / follow_up reply that says nothing was
found never does. An abstain turn counts when those characters hold the not-found wording.
A turn without a reply within the timeout is a miss.

Checks of the data (printed as warnings, never fixing anything): an expect phrase of an
answer kind must occur in the shipped articles and must not be part of the turn's own
text (several-question replies repeat the questions); small-talk words must occur in one
of the bot's small-talk texts.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(1, str(ROOT / "bench"))
sys.path.insert(2, str(ROOT / "tests"))  # support.*

import yaml  # noqa: E402
from answer_first import HEAD, plain, squash  # noqa: E402
from support.e2e_harness import BotHarness, start_application, stop_application  # noqa: E402
from support.fake_bot_api import FakeBotApi  # noqa: E402
from support.hermetic import (  # noqa: E402
    BOT_USERNAME,
    TEST_TELEGRAM,
    TOKEN,
    config_mapping,
    copy_corpus,
    settings_for,
)

from bot import texts  # noqa: E402
from bot.app import build_application  # noqa: E402
from retrieval.answer.build import build_knowledge_base  # noqa: E402
from retrieval.config import read_yaml  # noqa: E402

KINDS = ("question", "follow_up", "several", "small_talk", "abstain", "chatter")
ANSWER_KINDS = ("question", "follow_up", "several")
NOT_FOUND = tuple(squash(plain(t)) for t in (texts.NOT_COVERED, texts.NOT_COVERED_PART))
SMALL_TALK_KINDS = ("greeting", "thanks", "farewell", "identity", "capability", "emoji", "")
TIMEOUT = 10.0  # seconds to wait for one reply
# Chat ids: private chats are the users' ids; groups are supergroups (-100…).
PRIVATE_BASE = 810_000
GROUP_BASE = -1_001_500_000_000
MEMBER_BASE = 820_000


@dataclass(frozen=True)
class Turn:
    say: str
    kind: str
    expect: tuple[str, ...] = ()
    mention: bool = False
    reply_to: int | None = None
    user: int = 1


@dataclass(frozen=True)
class Conversation:
    chat: str  # private | group
    turns: tuple[Turn, ...]


@dataclass
class Outcome:
    conversation: int
    turn: int
    kind: str
    say: str
    head: str  # squashed plain text, first HEAD characters ("" when there was no reply)
    ok: bool


@dataclass
class Run:
    outcomes: list[Outcome] = field(default_factory=list)
    chatter: list[tuple[int, int]] = field(default_factory=list)  # (chat id, message id)
    chatter_answered: int = 0
    extra: int = 0  # messages the bot sent beyond one reply per turn


# --------------------------------------------------------------------------- data


def conversations_from(data: Any, where: str = "data") -> list[Conversation]:
    """Conversations from parsed YAML (see the module docstring); ValueError when malformed."""
    if not isinstance(data, list) or not data:
        raise ValueError(f"{where}: expected a non-empty list of conversations")
    result = []
    for c, item in enumerate(data):
        at = f"{where}: conversation {c}"
        if not isinstance(item, dict) or item.get("chat") not in ("private", "group"):
            raise ValueError(f"{at}: needs chat: private | group")
        raw_turns = item.get("turns")
        if not isinstance(raw_turns, list) or not raw_turns:
            raise ValueError(f"{at}: needs a non-empty list of turns")
        turns = []
        for t, raw in enumerate(raw_turns):
            turns.append(_turn(raw, item["chat"], t, turns, f"{at}, turn {t}"))
        result.append(Conversation(item["chat"], tuple(turns)))
    return result


def _turn(raw: Any, chat: str, index: int, earlier: list[Turn], at: str) -> Turn:
    if not isinstance(raw, dict) or not isinstance(raw.get("say"), str) or not raw["say"]:
        raise ValueError(f"{at}: needs say: text")
    kind = raw.get("kind")
    if kind not in KINDS:
        raise ValueError(f"{at}: kind must be one of {', '.join(KINDS)}")
    expect = raw.get("expect") or []
    if not isinstance(expect, list) or not all(isinstance(e, str) and e.strip()
                                               for e in expect):
        raise ValueError(f"{at}: expect must be a list of strings")
    if kind in (*ANSWER_KINDS, "small_talk") and not expect:
        raise ValueError(f"{at}: a {kind} turn needs expect")
    reply_to = raw.get("reply_to")
    if reply_to is not None:
        if not isinstance(reply_to, int) or not 0 <= reply_to < index:
            raise ValueError(f"{at}: reply_to must be the index of an earlier turn")
        if earlier[reply_to].kind == "chatter":
            raise ValueError(f"{at}: reply_to names a chatter turn (the bot did not reply)")
    mention = bool(raw.get("mention", False))
    user = raw.get("user", 1)
    if not isinstance(user, int) or user < 1:
        raise ValueError(f"{at}: user must be 1, 2, …")
    if chat == "group":
        addressed = mention or reply_to is not None
        if kind == "chatter" and addressed:
            raise ValueError(f"{at}: a chatter turn neither mentions nor replies to the bot")
        if kind != "chatter" and not addressed:
            raise ValueError(f"{at}: a group question must mention the bot or reply to it")
    elif kind == "chatter" or mention:
        raise ValueError(f"{at}: chatter and mention are for group chats")
    return Turn(raw["say"], kind, tuple(expect), mention, reply_to, user)


def read_conversations(path: Path) -> list[Conversation]:
    return conversations_from(yaml.safe_load(path.read_text(encoding="utf-8")), path.name)


def data_warnings(conversations: Sequence[Conversation], articles: str,
                  titles: Sequence[str] = ()) -> list[str]:
    """Mistakes in the data itself (see the module docstring). `articles`: the squashed
    text of the corpus pages; `titles`: the articles' titles (every answer's citation
    line shows one, so a phrase of a title proves nothing)."""
    kind_words = squash("".join(texts.small_talk(k) for k in SMALL_TALK_KINDS))
    squashed_titles = [squash(t) for t in titles]
    warnings = []
    for c, conversation in enumerate(conversations):
        for t, turn in enumerate(conversation.turns):
            at = f"conversation {c} turn {t}"
            for phrase in map(squash, turn.expect):
                if turn.kind == "small_talk":
                    if phrase not in kind_words:
                        warnings.append(f"{at}: {phrase!r} is in no small-talk text")
                    continue
                if phrase not in articles:
                    warnings.append(f"{at}: {phrase!r} is in no article")
                if phrase in squash(turn.say):
                    warnings.append(f"{at}: {phrase!r} is in the question itself")
                if any(phrase in title for title in squashed_titles):
                    warnings.append(f"{at}: {phrase!r} is in an article title")
    return warnings


# --------------------------------------------------------------------------- judging


def head_of(message: dict) -> str:
    """The first HEAD characters of a sent message's squashed plain text."""
    return squash(plain(message.get("_raw_text") or message.get("text") or ""))[:HEAD]


def starts_with_answer(turn: Turn, head: str) -> bool:
    not_found = any(marker in head for marker in NOT_FOUND)
    if turn.kind == "abstain":
        return not_found
    if turn.kind in ("question", "follow_up") and not_found:
        return False
    return any(squash(phrase) in head for phrase in turn.expect)


# --------------------------------------------------------------------------- driving


async def _reply_to(api: FakeBotApi, chat_id: int, message_id: int, before: int,
                    private: bool) -> dict | None:
    """The bot's reply to one message: in groups the message quoting it; in private chats
    (PTB quotes only in groups) the next message the bot sends to that chat."""
    def found() -> dict | None:
        sent = api.messages_to(chat_id)
        if private:
            return sent[before] if len(sent) > before else None
        return next((m for m in sent[before:] if m.get("reply_to_message_id") == message_id),
                    None)

    try:
        return await api.wait_for(found, TIMEOUT)  # type: ignore[return-value]
    except AssertionError:
        return None


async def run_conversation(harness: BotHarness, conversation: Conversation, number: int,
                           run: Run) -> None:
    """Send one conversation turn by turn, each after the reply to the one before."""
    api = harness.api
    username = harness.app.bot.username or BOT_USERNAME
    private = conversation.chat == "private"
    chat_id = PRIVATE_BASE + number if private else GROUP_BASE - number
    replies: dict[int, dict] = {}  # turn index -> the bot's reply
    for t, turn in enumerate(conversation.turns):
        text = turn.say
        if turn.mention:
            text = (text.replace("@bot", f"@{username}") if "@bot" in text
                    else f"@{username} {text}")
        replied = replies.get(turn.reply_to) if turn.reply_to is not None else None
        before = len(api.messages_to(chat_id))
        if private:
            update = api.private_message(chat_id, text, reply_to=replied)
        else:
            update = api.group_message(chat_id, MEMBER_BASE + number * 10 + turn.user, text,
                                       reply_to=replied)
        message_id = update["message"]["message_id"]
        if turn.kind == "chatter":
            run.chatter.append((chat_id, message_id))
            continue
        reply = await _reply_to(api, chat_id, message_id, before, private)
        head = head_of(reply) if reply is not None else ""
        if reply is not None:
            replies[t] = reply
            # One reply per message: a second one would be taken for the next turn's.
            await api.idle(TIMEOUT)
            run.extra += max(0, len(api.messages_to(chat_id)) - before - 1)
        run.outcomes.append(Outcome(number, t, turn.kind, turn.say, head,
                                    reply is not None and starts_with_answer(turn, head)))


async def run_conversations(harness: BotHarness, conversations: Sequence[Conversation],
                            first: int = 0) -> Run:
    """The core: every conversation in a chat of its own (numbered from `first`), one
    after the other. Then whether the bot replied to any chatter: once every update is
    fetched and handed to the handlers and nothing is in flight, a reply would be here."""
    run = Run()
    for n, conversation in enumerate(conversations):
        await run_conversation(harness, conversation, first + n, run)
    if run.chatter:
        api, queue = harness.api, harness.app.update_queue
        await api.wait_for(lambda: api.pending_updates() == 0 and queue.empty(), TIMEOUT)
        await api.idle(TIMEOUT)
        chatter = set(run.chatter)
        run.chatter_answered = sum(
            1 for m in api.sent_messages
            if (m["chat"]["id"], m.get("reply_to_message_id")) in chatter)
    return run


def summary(run: Run, *, misses: bool = False) -> dict[str, Any]:
    def share(outcomes: Sequence[Outcome]) -> dict[str, Any]:
        good = sum(o.ok for o in outcomes)
        return {"replies": len(outcomes), "answer_first": round(good / max(len(outcomes), 1), 3)}

    report: dict[str, Any] = share(run.outcomes)
    report["by_kind"] = {kind: share([o for o in run.outcomes if o.kind == kind])
                         for kind in KINDS if any(o.kind == kind for o in run.outcomes)}
    report["chatter"] = {"sent": len(run.chatter), "answered": run.chatter_answered}
    report["extra_messages"] = run.extra
    if misses:
        report["misses"] = [{"conversation": o.conversation, "turn": o.turn, "kind": o.kind,
                             "say": o.say, "head": o.head[:80] or "(no reply)"}
                            for o in run.outcomes if not o.ok]
    return report


# --------------------------------------------------------------------------- the bot


def write_bench_config(folder: Path, corpus: Path, cache: Path,
                       config: Path | None = None) -> Path:
    """The hermetic config (support.hermetic.config_mapping: the checkout's config.yaml
    with the corpus, the admins' uploads and the index cache in temp dirs, the tests'
    telegram defaults) with the settings of `config` laid over it, except those paths,
    the test defaults and the polling mode."""
    data = config_mapping(corpus, cache, {"log_level": "WARNING", "mode": "polling"})
    own = read_yaml(config) if config is not None else {}
    for section, values in own.items():
        if isinstance(values, dict):
            kept = {k: v for k, v in values.items() if k not in _HERMETIC.get(section, ())}
            data[section] = {**(data.get(section) or {}), **kept}
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "config.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


_HERMETIC = {"corpus": ("path", "terms_file", "uploads_path"), "index": ("cache_dir",),
             "telegram": (*TEST_TELEGRAM, "log_level", "mode")}


async def start_bot(folder: Path, config: Path | None = None) -> BotHarness:
    """The real bot over a temp copy of the shipped corpus, polling a started fake API."""
    corpus = copy_corpus(folder / "corpus")
    path = write_bench_config(folder / "config", corpus, folder / "index-cache", config)
    api = FakeBotApi(token=TOKEN, bot_username=BOT_USERNAME)
    await api.start()
    settings = settings_for(path, TELEGRAM_API_BASE_URL=api.base_url)
    kb = build_knowledge_base(settings.retrieval)
    app = build_application(settings, kb)
    await start_application(app, settings)
    return BotHarness(api, app, settings, corpus)


async def stop_bot(harness: BotHarness) -> None:
    await stop_application(harness.app)
    await harness.api.stop()


async def bench(paths: Sequence[Path], *, misses: bool = False, config: Path | None = None,
                warn: Any = None) -> dict[str, Any]:
    files = [(path, read_conversations(path)) for path in paths]
    report: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="conv-bench-") as tmp:
        harness = await start_bot(Path(tmp), config)
        try:
            articles = squash("".join(p.read_text(encoding="utf-8")
                                      for p in sorted(harness.corpus_dir.glob("*.txt"))))
            titles = [a.title for a in harness.state.knowledge.kb.articles]
            first = 0
            for path, conversations in files:
                if warn is not None:
                    for line in data_warnings(conversations, articles, titles):
                        warn(f"{path.name}: {line}")
                started = time.perf_counter()
                run = await run_conversations(harness, conversations, first)
                first += len(conversations)
                report[path.name] = {"conversations": len(conversations),
                                     **summary(run, misses=misses),
                                     "seconds": round(time.perf_counter() - started, 2)}
        finally:
            await stop_bot(harness)
    return report


def _print(report: dict[str, Any], misses: bool) -> None:
    for name, r in report.items():
        print(f"{name}: {r['answer_first']:.3f} of {r['replies']} replies in "
              f"{r['conversations']} conversations start with the answer (target 0.9)")
        for kind, k in r["by_kind"].items():
            print(f"  {kind:<10} {k['answer_first']:.3f} of {k['replies']}")
        if r["extra_messages"]:
            print(f"  {r['extra_messages']} messages beyond one reply per turn (should be 0)")
        if r["chatter"]["sent"]:
            print(f"  chatter    {r['chatter']['answered']} of {r['chatter']['sent']} "
                  "answered (should be 0)")
        if misses:
            for m in r["misses"]:
                print(f"  miss c{m['conversation']} t{m['turn']} {m['kind']}: {m['say']}"
                      f"\n       → {m['head']}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--misses", action="store_true", help="list every miss")
    parser.add_argument("--config", type=Path, default=None,
                        help="settings to use (default: the checkout's config.yaml); the "
                             "corpus is always a temp copy of the shipped pages")
    args = parser.parse_args()

    def warn(line: str) -> None:
        print(f"warning: {line}", file=sys.stderr)

    report = asyncio.run(bench(args.files, misses=args.misses, config=args.config,
                               warn=warn))
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        _print(report, args.misses)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
