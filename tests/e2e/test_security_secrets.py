"""The token never reaches any log output of a full run over HTTP, whatever the level or
the library (httpx logs every request URL, and the URL holds the token). The in-process
checks and the access lists: tests/unit/test_security_secrets_and_access.py."""

from __future__ import annotations

import asyncio
import logging
import urllib.parse

from support.e2e_harness import BotHarness, MakeBot, stop_application
from support.hermetic import ADMIN_ID, TOKEN
from support.log_capture import Keep

from bot.logging_setup import setup_logging

SECRET_PART = TOKEN.split(":", 1)[1]
QUESTION = "板凳议事会是什么"
ARTICLE = "日志测试文章\n\n“日志议事会”每月开会一次，已议定事项12件。\n".encode()
# Every logger that talks about HTTP, Telegram or the event loop, at its chattiest.
LIBRARIES = ("httpx", "httpcore", "telegram", "aiohttp", "asyncio", "aiolimiter", "bot",
             "retrieval", "jieba", "urllib3")


async def exercise(bot: BotHarness) -> None:
    """A bit of everything, including failures that log exceptions and request URLs."""
    api = bot.api
    reply = await bot.ask_private(9701, QUESTION)
    await bot.press(9701, reply, "全文")
    api.inline_query(9701, "红色物业")
    api.group_message(-1009701, 9701, "/ask 红色物业")
    api.inject_fault("getUpdates", "500")
    api.inject_fault("sendMessage", "drop", chat_id=9702)  # repeated: a warning with the error
    api.inject_fault("sendMessage", "400", chat_id=9703)  # the error handler logs a traceback
    api.inject_fault("file", "drop")  # the download URL holds the token too
    await bot.ask_private(9702, QUESTION, timeout=10)
    await bot.ask_private(9703, QUESTION, timeout=10)
    before = len(api.messages_to(ADMIN_ID))
    api.inject_fault("getFile", "502")
    api.document_message(ADMIN_ID, "日志.txt", ARTICLE)
    [preview] = await bot.next_messages(ADMIN_ID, before, timeout=15)
    assert "📄 日志.txt" in preview["text"]  # getFile and the download were repeated
    before = len(api.messages_to(ADMIN_ID))
    await bot.press(ADMIN_ID, preview, "收录")
    [ack] = await bot.next_messages(ADMIN_ID, before, timeout=15)
    assert "✅" in ack["text"]
    await bot.ask_private(ADMIN_ID, "/stats")
    await api.wait_for(lambda: api.inline_answers and api.messages_to(-1009701))


async def test_token_is_in_no_log_output_of_a_full_debug_run(make_bot: MakeBot, capfd):
    keep = Keep()
    root = logging.getLogger()
    root.addHandler(keep)  # installed first: it sees each record before the bot's handler
    undo = setup_logging("DEBUG", [TOKEN])
    # setup_logging keeps httpx/httpcore at WARNING; open them up so the test proves the
    # redaction itself, not only the quieting (httpx logs every request URL at INFO).
    levels = {name: logging.getLogger(name).level for name in LIBRARIES}
    for name in LIBRARIES:
        logging.getLogger(name).setLevel(logging.DEBUG)
    try:
        bot = await make_bot(own_corpus=True, request_timeout=0.5, retry_backoff=0.05,
                             poll_timeout=0.3)
        await exercise(bot)
        await stop_application(bot.app)  # shutdown logs are part of the run
        await asyncio.sleep(0)
    finally:
        root.removeHandler(keep)
        undo()
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)
    out, err = capfd.readouterr()
    everything = "\n".join([*keep.lines, out, err, bot.api.dump()])
    # The run really logged what would have carried the token.
    assert "HTTP Request: POST" in everything and "/bot[REDACTED]/getUpdates" in everything
    assert "/file/bot[REDACTED]/" in everything
    assert " DEBUG " in err and "Traceback" in everything
    for leak in (TOKEN, SECRET_PART, urllib.parse.quote(TOKEN), urllib.parse.quote_plus(TOKEN)):
        assert leak not in everything
