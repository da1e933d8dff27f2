"""TXT and Markdown: decode the bytes, split off the optional YAML front matter.

The text is already in the page format; front matter gives what the text does not
(title / column / byline / author / source / date).
"""

from __future__ import annotations

import re

import yaml

from retrieval.corpus.formats.base import ExtractedText, ExtractError

_ENCODINGS = ("utf-8-sig", "gb18030")  # utf-8-sig also reads plain UTF-8
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")


def decode_text(data: bytes) -> str:
    """Bytes -> text: UTF-8 (with or without BOM), then GB18030; refuse binary data."""
    if not data.strip():
        raise ExtractError("文件是空的 (empty file)")
    if b"\x00" in data:
        raise ExtractError("不是文本文件 (binary content)")
    for encoding in _ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if len(_CONTROL.findall(text)) > max(2, len(text) // 200):
            raise ExtractError("不是文本文件 (binary content)")
        return text.replace("\r\n", "\n").replace("\r", "\n")
    raise ExtractError("编码无法识别，请用 UTF-8 保存 (not UTF-8 or GB18030 text)")


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """Optional '---' YAML block at the top: title / column / byline / source / date."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError as exc:
        problem = getattr(exc, "problem", None) or "unreadable"
        raise ExtractError(f"文件头 YAML 有误 (bad front matter: {problem})") from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise ExtractError("文件头必须是 key: value 形式 (front matter must be a mapping)")
    clean = {str(k).lower(): str(v).strip() for k, v in meta.items() if v is not None}
    return clean, text[match.end():]


def extract(data: bytes, source_format: str = "txt") -> ExtractedText:
    meta, body = split_front_matter(decode_text(data))
    return ExtractedText(
        text=body,
        source_format=source_format,
        title=meta.get("title", ""),
        # as before: an article without a byline line is credited to its author or source
        byline=meta.get("byline") or meta.get("author") or meta.get("source", ""),
        column=meta.get("column", ""),
        date=meta.get("date", ""),
        url=meta.get("source", ""),
    )
