"""Admins add documents (TXT, Markdown, PDF, DOCX, HTML; photos with the OCR extra):
send a file in a private chat, see how it was understood, then 收录 or 取消.

Order matters for safety: admin check and declared size come before any download; the
bytes are read by retrieval's own extraction (in an isolated process for binary
formats) before anything is written; nothing is written until 收录; the file is saved
atomically under a fresh safe name and the index rebuilt; if the rebuild fails or
skips the file, it is removed again so a bad upload changes nothing.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from pathlib import Path

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatAction

from bot import replies, storage, texts
from bot.access import is_admin
from bot.buttons import Buttons, UploadChoice
from bot.context import BotContext
from bot.delivery import RetryPolicy, call_with_retries
from bot.handlers import update_parts as parts
from bot.handlers.gate import admin_press
from bot.previews import Preview
from bot.upload_registry import UploadRegistry
from retrieval.corpus.formats import Limits, format_of, size_limit
from retrieval.corpus.loader import CorpusFileError, limits_for, read_document
from retrieval.text.normalize import normalize

log = logging.getLogger(__name__)


def _limits(context: BotContext) -> Limits:
    """Extraction limits from config.yaml (corpus.max_upload_bytes for text formats)."""
    return limits_for(context.state.settings.retrieval)


async def on_document(update: Update, context: BotContext) -> None:
    message = parts.message(update)
    document = parts.document(update)
    state = context.state
    settings = state.settings
    if not is_admin(settings, update.effective_user, message):
        await replies.reply(update, texts.NOT_ADMIN_UPLOAD)  # never downloaded
        return

    original_name = document.file_name or ""
    fmt = format_of(original_name)
    if fmt is None:
        await replies.reply(update, texts.upload_bad_extension(original_name or "（无文件名）"))
        return
    limits = _limits(context)
    limit = size_limit(fmt, limits)
    if document.file_size is not None and document.file_size > limit:
        await replies.reply(update, texts.upload_too_large(document.file_size, limit))
        return

    await replies.working(context.bot, message.chat_id, ChatAction.UPLOAD_DOCUMENT)
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

    suffix = storage.allowed_suffix(original_name) or Path(original_name).suffix.lower()
    name = storage.safe_file_name(original_name, suffix)
    await replies.working(context.bot, message.chat_id, ChatAction.TYPING)
    try:
        document_read = await asyncio.to_thread(read_document, name, data, limits=limits)
    except CorpusFileError as exc:
        await replies.reply(update, texts.upload_rejected(str(exc)))
        return

    registry = UploadRegistry(settings.retrieval.uploads_dir)
    sha = hashlib.sha256(data).hexdigest()
    # The same text in another file (a PDF of a page already sent as TXT) is the same content.
    squashed = "".join(normalize(document_read.extracted.text).split())
    text_sha = hashlib.sha256(squashed.encode("utf-8")).hexdigest()
    known = registry.same_content(sha, text_sha)
    if known is not None:
        await replies.reply(update, texts.upload_known(known))
        return
    articles = tuple(document_read.articles)
    replaces = registry.same_titles(tuple(a.title for a in articles if a.kind == "article"))
    preview = Preview(parts.user(update).id, message.chat_id, name, data, sha, text_sha,
                      articles, replaces)
    key = state.previews.put(preview)
    buttons = [InlineKeyboardButton("替换" if replaces else "收录",
                                    callback_data=Buttons.upload("ok", key)),
               InlineKeyboardButton("取消", callback_data=Buttons.upload("no", key))]
    await replies.reply(update, texts.upload_preview(name, articles, replaces,
                                                     settings.preview_minutes),
                        InlineKeyboardMarkup([buttons]))


async def on_upload_choice(update: Update, context: BotContext) -> None:
    """收录 / 替换 / 取消 under a preview."""
    query = parts.callback_query(update)
    state = context.state
    parsed = await admin_press(update, context, UploadChoice)
    if parsed is None:
        return
    preview = state.previews.take(parsed.preview_id)
    if preview is None:
        await replies.acknowledge(query, texts.PREVIEW_EXPIRED, alert=True)
        return
    await replies.acknowledge(query)
    if parsed.action == "no":
        log.info("upload cancelled by admin %s: %s", parts.user(update).id, preview.file_name)
        await replies.reply(update, texts.UPLOAD_CANCELLED, bot=context.bot)
        return
    await replies.working(context.bot, preview.chat_id, ChatAction.TYPING)
    await replies.reply(update, await add_upload(context, preview, parts.user(update).id),
                        bot=context.bot)


async def add_upload(context: BotContext, preview: Preview, admin_id: int) -> str:
    """Save the previewed file, rebuild the index, record it; undo everything on failure."""
    state = context.state
    folder = state.settings.retrieval.uploads_dir
    registry = UploadRegistry(folder)
    async with state.upload_lock:
        aside = None
        try:
            path = await asyncio.to_thread(storage.save_atomically, folder, preview.file_name,
                                           preview.data)
            if preview.replaces is not None:  # the corrected version takes its place
                aside = await asyncio.to_thread(storage.set_aside, folder / preview.replaces.file)
        except OSError as exc:  # disk full, read-only folder …: nothing was written
            log.error("could not save upload %s: %s", preview.file_name, exc)
            return texts.upload_not_written(exc)
        # A fresh build (not joined to a running one) so that it reads the new file.
        result = await state.knowledge.reload(join_running=False)
        source = f"uploads/{path.name}"
        skipped = next((s for s in result.skipped if s.path.endswith(path.name)), None)
        if not result.ok or skipped is not None:
            storage.remove_quietly(path)
            if aside is not None:
                storage.restore(aside)
            if result.ok:  # the index was swapped without the file: nothing to undo there
                log.warning("upload %s skipped by the loader: %s", path.name, skipped)
            reason = skipped.reason if skipped is not None else result.error
            return texts.upload_rejected(reason)
        if aside is not None:
            storage.remove_quietly(aside)
        titles = tuple(a.title for a in preview.articles)
        registry.add(path.name, preview.sha256, preview.text_sha256, titles, admin_id,
                     replacing=preview.replaces.id if preview.replaces else None)
    log.info("upload added by admin %s: %s (%s)", admin_id, source, "、".join(titles[:5]))
    return texts.upload_saved(path.name, list(titles), result)

