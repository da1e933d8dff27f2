"""Document formats -> page text: one entry point, `extract(file_name, data)`.

Each format has its own module (text, pdf, docx, html, ocr); layout.py turns positioned
characters into reading order for PDF and OCR. Before any parser sees a byte, the size
is checked against the format's limit and the magic bytes against the extension.
Text formats are read here; the others in a separate, time- and memory-limited
process (isolate.py), so that a hostile file can never hang or exhaust the bot.
"""

from __future__ import annotations

from pathlib import PurePath

from retrieval.corpus.formats import isolate, sniff, text
from retrieval.corpus.formats.base import ExtractedText, ExtractError, Limits
from retrieval.corpus.formats.cache import ExtractCache

__all__ = ["ACCEPTED", "SUFFIXES", "ExtractCache", "ExtractError", "ExtractedText", "Limits",
           "extract", "format_of", "size_limit"]

# suffix -> format; the order is the one shown to users
FORMATS = {
    ".txt": "txt", ".md": "md", ".markdown": "md", ".pdf": "pdf", ".docx": "docx",
    ".html": "html", ".htm": "html", ".png": "image", ".jpg": "image", ".jpeg": "image",
}
SUFFIXES = tuple(FORMATS)
TEXT_FORMATS = ("txt", "md", "html")
ACCEPTED = "TXT、Markdown、PDF、DOCX、HTML（装了 OCR 还有 PNG/JPG）"
# what the file must start with, per format (None: must not be any known binary kind)
_EXPECTED = {"pdf": sniff.PDF, "docx": sniff.ZIP, "image": sniff.IMAGE}


def format_of(file_name: str) -> str | None:
    """txt | md | pdf | docx | html | image, from the (last) extension; None if unsupported.

    By the name's ending, so that a bare ".txt" (a name that is only its extension, as
    odd uploads have) is still a text file."""
    name = file_name.strip().lower()
    return next((fmt for suffix, fmt in FORMATS.items() if name.endswith(suffix)), None)


def size_limit(fmt: str, limits: Limits) -> int:
    return limits.max_text_bytes if fmt in TEXT_FORMATS else limits.max_document_bytes


def extract(file_name: str, data: bytes, limits: Limits | None = None,
            cache: ExtractCache | None = None) -> ExtractedText:
    """The file's text in the page format, with its metadata; ExtractError says why not.
    With a cache, a file extracted before (same bytes, same limits) is not read again."""
    limits = limits or Limits()
    fmt = format_of(file_name)
    if fmt is None:
        raise ExtractError(f"不支持这种文件，可用：{ACCEPTED} (unsupported file type)")
    limit = size_limit(fmt, limits)
    if len(data) > limit:
        raise ExtractError(f"文件太大：{_mb(len(data))}，{fmt.upper()} 上限 {_mb(limit)} "
                           f"(over {_mb(limit)})")
    check_content(fmt, PurePath(file_name).suffix.lower(), data)
    if fmt in ("txt", "md"):
        return text.extract(data, fmt)  # instant: never worth a cache entry
    if cache is not None:
        hit = cache.get(fmt, data, limits)
        if isinstance(hit, ExtractError):
            raise hit
        if hit is not None:
            return hit
    try:
        result = isolate.run(fmt, data, limits)
    except ExtractError as exc:
        if cache is not None:
            cache.put(fmt, data, limits, exc)
        raise
    if cache is not None:
        cache.put(fmt, data, limits, result)
    return result


def check_content(fmt: str, suffix: str, data: bytes) -> None:
    """Refuse a file whose first bytes say it is something other than its extension."""
    if not data.strip():
        raise ExtractError("文件是空的 (empty file)")
    kind = sniff.sniff(data)
    expected = _EXPECTED.get(fmt)
    if expected is not None and kind == expected:
        return
    if fmt == "docx" and kind == sniff.OLE:
        raise ExtractError("这是旧版 Word (.doc) 或加密的文档，请另存为 .docx "
                           "(old .doc or encrypted Word file)")
    if expected is None:
        if kind in (None, sniff.HTML):
            return  # text formats: decoding decides the rest
        raise ExtractError(f"不是文本文件：内容是 {kind}，扩展名却是 {suffix} "
                           f"(binary content: {kind}, not {suffix})")
    found = kind or "文本 (text)"
    raise ExtractError(f"文件内容是 {found}，与扩展名 {suffix} 不符 "
                       f"(content is {found}, not {suffix})")


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"
