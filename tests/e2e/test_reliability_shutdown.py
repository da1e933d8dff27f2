"""SIGTERM on `python -m bot`: stop fetching, finish the answers in flight, exit 0 within
a few seconds; a restart handles what was never acknowledged, and nothing twice."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from pathlib import Path

from support.fake_bot_api import FakeBotApi
from support.hermetic import REPO, TOKEN, copy_corpus, write_config

QUESTION = "板凳议事会是什么"
IN_FLIGHT_SECONDS = 1.0  # Telegram takes this long to accept the answer being sent


def bot_env(api: FakeBotApi, config: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "BOT_"))}
    env.update(PYTHONUNBUFFERED="1", TELEGRAM_BOT_TOKEN=TOKEN,
               TELEGRAM_API_BASE_URL=api.base_url, BOT_CONFIG=str(config))
    return env


async def start_bot(env: dict[str, str], log: Path) -> asyncio.subprocess.Process:
    with log.open("ab") as out:
        return await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", cwd=REPO, env=env, stdout=out, stderr=out)


async def stop_bot(proc: asyncio.subprocess.Process, log: Path,
                   timeout: float = 10) -> tuple[int, float]:
    """SIGTERM; returns the exit code and the seconds it took to exit. A bot that does not
    exit fails with the end of its log, which says where the shutdown stood."""
    started = time.perf_counter()
    proc.send_signal(signal.SIGTERM)
    try:
        code = await asyncio.wait_for(proc.wait(), timeout)
    except TimeoutError:
        tail = log.read_text(errors="replace")[-4000:]
        raise AssertionError(f"no exit {timeout:.0f}s after SIGTERM; log:\n{tail}") from None
    return code, time.perf_counter() - started


def sent_to(api: FakeBotApi, chat_id: int) -> int:
    return len(api.messages_to(chat_id))


async def test_sigterm_finishes_in_flight_answers_and_restart_handles_the_rest(
        fake_api: FakeBotApi, tmp_path: Path, index_cache: Path):
    api = fake_api
    corpus = copy_corpus(tmp_path / "corpus")
    env = bot_env(api, write_config(tmp_path, corpus, index_cache, {}))
    log = tmp_path / "bot.log"
    first = await start_bot(env, log)
    second = None
    try:
        api.private_message(7001, QUESTION)
        await api.wait_for_messages(7001, 1, timeout=45)  # up and answering

        # An answer in flight when the signal comes.
        api.inject_fault("sendMessage", "hang", delay=IN_FLIGHT_SECONDS, chat_id=7002)
        api.private_message(7002, QUESTION)
        await api.wait_for(lambda: any(p.get("chat_id") == 7002
                                       for p in api.calls("sendMessage")), timeout=10)
        stopping = asyncio.ensure_future(stop_bot(first, log))
        # Arrives during the shutdown (or just before): handled now or after the restart,
        # but exactly once.
        api.private_message(7003, QUESTION)
        code, seconds = await stopping
        output = log.read_text(errors="replace")
        assert code == 0, output[-3000:]
        assert seconds < IN_FLIGHT_SECONDS + 3, seconds  # waited for the answer, no longer
        assert sent_to(api, 7002) == 1  # the answer in flight was finished, not dropped
        assert "Traceback" not in output, output[-3000:]

        # Queued while the bot is down: never fetched, so never acknowledged.
        late = api.private_message(7004, QUESTION)
        pending = api.pending_update_ids()
        assert late["update_id"] in pending
        # Everything the bot handled was acknowledged by the offset of its last getUpdates.
        handled = [u for u in api.delivered_update_ids if u not in pending]
        assert len(handled) >= 2

        second = await start_bot(env, log)
        await api.wait_for(lambda: sent_to(api, 7003) and sent_to(api, 7004), timeout=45)
        # A graceful stop finishes whatever the second run was still handling: after it,
        # nothing else can arrive.
        code, seconds = await stop_bot(second, log)
        assert code == 0 and seconds < 5
        assert api.pending_update_ids() == []
        # Acknowledged updates were not handed out again: each question answered once.
        assert [sent_to(api, chat) for chat in (7001, 7002, 7003, 7004)] == [1, 1, 1, 1]
    finally:
        for proc in (first, second):
            if proc is not None and proc.returncode is None:
                proc.kill()
                await proc.wait()
