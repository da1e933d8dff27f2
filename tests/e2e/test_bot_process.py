"""`python -m bot` as a process, the logs (never the token), and webhook mode."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import aiohttp
from support.e2e_harness import BotHarness
from support.hermetic import ADMIN_ID, REPO, TOKEN, copy_corpus, write_config
from support.messages import button_data

from bot.logging_setup import setup_logging

SECRET_PART = TOKEN.split(":", 1)[1]


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("TELEGRAM_", "BOT_"))}
    env["PYTHONUNBUFFERED"] = "1"
    env.update(extra)
    return env


def run_bot_sync(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot"], cwd=REPO, env=env, text=True,
                          capture_output=True, timeout=60)


def assert_one_clear_line(result: subprocess.CompletedProcess[str], fragment: str) -> None:
    assert result.returncode == 2, (result.returncode, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and fragment in lines[0], lines
    assert "Traceback" not in result.stderr and SECRET_PART not in result.stderr + result.stdout


async def test_python_m_bot_answers_uploads_and_never_logs_the_token(
        fake_api, tmp_path: Path, index_cache: Path):
    corpus = copy_corpus(tmp_path / "corpus")
    config = write_config(tmp_path, corpus, index_cache, {"log_level": "DEBUG"})
    out_path, err_path = tmp_path / "stdout.log", tmp_path / "stderr.log"
    env = clean_env(TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=fake_api.base_url,
                    BOT_CONFIG=str(config), BOT_ADMIN_IDS=f"{ADMIN_ID}")
    with out_path.open("wb") as out, err_path.open("wb") as err:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", cwd=REPO, env=env, stdout=out, stderr=err)
    try:
        fake_api.private_message(1201, "板凳议事会是什么")
        [answer] = await fake_api.wait_for_messages(1201, 1, timeout=45)
        assert "板凳议事会" in answer["text"] and "全文" in str(answer["reply_markup"])
        # an upload goes through getFile and the file URL derived from the base URL
        article = "---\ntitle: 进程测试文章\n---\n“进程议事会”每月开会一次。\n"
        fake_api.document_message(ADMIN_ID, "进程测试.txt", article.encode())
        [preview] = await fake_api.wait_for_messages(ADMIN_ID, 1, timeout=20)
        assert "《进程测试文章》" in preview["text"], preview["text"]
        fake_api.callback_query(ADMIN_ID, preview, button_data(preview, "收录"))
        [_, done] = await fake_api.wait_for_messages(ADMIN_ID, 2, timeout=20)
        assert done["text"].startswith("✅"), done["text"]
        assert (tmp_path / "corpus-uploads" / "进程测试.txt").exists()
    finally:
        if proc.returncode is None:
            proc.send_signal(signal.SIGTERM)  # graceful: finish in-flight work, then exit
        code = await asyncio.wait_for(proc.wait(), timeout=15)
    logs = out_path.read_text(errors="replace") + err_path.read_text(errors="replace")
    assert code == 0, logs[-2000:]
    assert " DEBUG " in logs  # the run really logged at DEBUG
    assert "question chat=private parts=1 answered=True" in logs
    assert TOKEN not in logs and SECRET_PART not in logs


def test_missing_token_is_one_clear_line(tmp_path: Path):
    assert_one_clear_line(run_bot_sync(clean_env()), "TELEGRAM_BOT_TOKEN is not set")


def test_broken_config_is_one_clear_line(tmp_path: Path):
    config = tmp_path / "config.yaml"
    config.write_text("telegram:\n  rate_limit_per_minute: lots\n", encoding="utf-8")
    result = run_bot_sync(clean_env(TELEGRAM_BOT_TOKEN=TOKEN, BOT_CONFIG=str(config)))
    assert_one_clear_line(result, "telegram.rate_limit_per_minute")
    result = run_bot_sync(clean_env(TELEGRAM_BOT_TOKEN=TOKEN,
                                    BOT_CONFIG=str(tmp_path / "missing.yaml")))
    assert_one_clear_line(result, "not found")


async def test_rejected_token_is_one_clear_line_without_the_token(
        fake_api, tmp_path: Path, index_cache: Path):
    corpus = copy_corpus(tmp_path / "corpus")
    config = write_config(tmp_path, corpus, index_cache, {"log_level": "DEBUG"})
    wrong = "123456:WRONG-TOKEN-abcdefghijklmnopqrstuvwxyz"
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", cwd=REPO,
        env=clean_env(TELEGRAM_BOT_TOKEN=wrong, TELEGRAM_API_BASE_URL=fake_api.base_url,
                      BOT_CONFIG=str(config)),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    stdout, stderr = await asyncio.wait_for(proc.communicate(), timeout=45)
    assert proc.returncode == 2
    assert stderr.decode().strip().splitlines()[-1] == (
        "error: Telegram rejected TELEGRAM_BOT_TOKEN: check the token from @BotFather")
    assert b"WRONG-TOKEN" not in stdout + stderr


async def test_token_absent_from_all_log_records(make_bot, caplog, capsys):
    """A full in-process run at DEBUG, including polling errors: no record holds the token."""
    caplog.set_level(logging.DEBUG)
    undo = setup_logging("DEBUG", [TOKEN])
    try:
        bot: BotHarness = await make_bot()
        reply = await bot.ask_private(1301, "红色物业")
        await bot.press(1301, reply, "全文")
        bot.api.inline_query(1301, "板凳议事会")
        bot.api.inject_fault("getUpdates", "500")
        bot.api.inject_fault("getUpdates", "drop")
        await bot.ask_private(1301, "推荐一部好看的电影", timeout=15)
        await bot.ask_private(ADMIN_ID, "/stats")
    finally:
        undo()
    records = "\n".join(
        f"{r.getMessage()} {r.exc_text or ''} {r.args!r}" for r in caplog.records)
    stderr = capsys.readouterr().err
    assert "question chat=private parts=1 answered=True" in caplog.text
    assert any(r.name.startswith("telegram") and r.levelno == logging.DEBUG
               for r in caplog.records)  # the library's debug output was captured too
    for text in (caplog.text, records, stderr):
        assert TOKEN not in text and SECRET_PART not in text


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def test_webhook_mode_answers_and_rejects_wrong_secret(make_bot):
    port = _free_port()
    url = f"http://127.0.0.1:{port}/telegram"
    bot = await make_bot(
        mode="webhook",
        webhook={"listen": "127.0.0.1", "port": port, "url_path": "telegram", "url": url,
                 "secret_token_env": "TEST_WEBHOOK_SECRET"},
        env={"TEST_WEBHOOK_SECRET": "hook_secret_123"},
    )
    assert bot.api.webhook_url == url and bot.api.webhook_secret == "hook_secret_123"
    reply = await bot.ask_private(1401, "板凳议事会是什么")
    assert "板凳议事会" in reply["text"]

    forged = {"update_id": 999999, "message": {
        "message_id": 1, "date": 0, "chat": {"id": 1402, "type": "private"},
        "from": {"id": 1402, "is_bot": False, "first_name": "X"}, "text": "红色物业"}}
    async with aiohttp.ClientSession() as session:
        for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "wrong"}):
            async with session.post(url, json=forged, headers=headers) as resp:
                assert resp.status == 403  # refused before it reaches the Application
    served = bot.state.stats.served
    await bot.ask_private(1401, "红色物业是什么")  # real updates still come through
    await bot.handled(served + 1)
    assert not bot.api.messages_to(1402) and bot.state.stats.served == served + 1
