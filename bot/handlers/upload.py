"""Admins add articles by sending a .txt/.md document in a private chat.

Order matters for safety: admin check and declared size come before any download;
the bytes are validated by retrieval's parser before anything is written; the file is
written atomically under a fresh safe name; the index is rebuilt; if the rebuild fails
or skips the file, the file is removed again so a bad upload changes nothing.
"""

from __future__ import annotations

import asyncio
import logging

from telegram import Update

from bot import replies, storage, texts
from bot.access import is_admin
from bot.context import BotContext
from bot.delivery import RetryPolicy, call_with_retries
from retrieval.corpus.loader import CorpusFileError, parse_upload

log = logging.getLogger(__name__)


async def on_document(update: Update, context: BotContext) -> None:
    message = update.effective_message
    document = message.document
    state = context.state
    settings = state.settings
    if not is_admin(settings, update.effective_user, message):
        await replies.reply(update, texts.NOT_ADMIN_UPLOAD)  # never downloaded
        return

    original_name = document.file_name or ""
    suffix = storage.allowed_suffix(original_name)
    if suffix is None:
        shown = original_name or "（无文件名）"
        await replies.reply(update, texts.upload_bad_extension(shown))
        return
    limit = settings.max_upload_bytes
    if document.file_size is not None and document.file_size > limit:
        await replies.reply(update, texts.upload_too_large(document.file_size, limit))
        return

    telegram_file = await document.get_file()  # repeated on network errors (bot.delivery)
    if telegram_file.file_size is not None and telegram_file.file_size > limit:
        await replies.reply(update, texts.upload_too_large(telegram_file.file_size, limit))
        return
    # The download bypasses the rate limiter; reading a file twice is harmless, so repeat it.
    data = bytes(await call_with_retries(
        telegram_file.download_as_bytearray, RetryPolicy.of(settings), "file download",
        repeatable=True,
    ))
    if len(data) > limit:  # the declared size may have been missing or wrong
        await replies.reply(update, texts.upload_too_large(len(data), limit))
        return

    name = storage.safe_file_name(original_name, suffix)
    try:
        articles = await asyncio.to_thread(parse_upload, name, data)
    except CorpusFileError as exc:
        await replies.reply(update, texts.upload_rejected(str(exc)))
        return

    async with state.upload_lock:
        try:
            path = await asyncio.to_thread(
                storage.save_atomically, settings.retrieval.corpus_dir, name, data
            )
        except OSError as exc:  # disk full, read-only folder …: nothing was written
            log.error("could not save upload %s: %s", name, exc)
            await replies.reply(update, texts.upload_not_written(exc))
            return
        # A fresh build (not joined to a running one) so that it reads the new file.
        result = await state.knowledge.reload(join_running=False)

    skipped = next((s for s in result.skipped if _same_file(s.path, path.name)), None)
    if not result.ok or skipped is not None:
        storage.remove_quietly(path)
        reason = result.error if not result.ok else skipped.reason
        if result.ok:  # the index was swapped without the file: nothing to undo there
            log.warning("upload %s skipped by the loader: %s", path.name, reason)
        await replies.reply(update, texts.upload_rejected(reason))
        return

    log.info("admin %s uploaded %s (%d bytes, %d articles)",
             update.effective_user.id, path.name, len(data), len(articles))
    titles = [a.title for a in articles]
    await replies.reply(update, texts.upload_saved(path.name, titles, result))


def _same_file(skipped_path: str, name: str) -> bool:
    return skipped_path == name or skipped_path.replace("\\", "/").endswith("/" + name)
