"""DOCX: paragraphs (and table cells) in document order; heading styles become the
page format's headline and subheading lines, a byline paragraph becomes a □ line.

The zip is checked before python-docx opens it (python-docx reads every part into
memory): the declared sizes, which Python's zipfile never exceeds when inflating, must
stay under Limits.max_unpacked_bytes, so a zip bomb is refused unread.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

from retrieval.corpus.formats.base import BYLINE_START, ExtractedText, ExtractError, Limits

_HEADING = re.compile(r"heading (\d)")
MAX_BYLINE_CHARS = 60
_OTHER_OFFICE = {"xl/workbook.xml": "Excel", "ppt/presentation.xml": "PowerPoint"}


def check_zip(data: bytes, limits: Limits) -> None:
    """Refuse what is not a Word document, is encrypted, or unpacks too large."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ExtractError("DOCX 文件已损坏 (corrupt DOCX)") from None
    with archive:
        entries = archive.infolist()
        if len(entries) > limits.max_zip_entries:
            raise ExtractError(f"DOCX 内含 {len(entries)} 个文件，太多 (too many zip entries)")
        unpacked = sum(entry.file_size for entry in entries)
        if unpacked > limits.max_unpacked_bytes:
            raise ExtractError(f"DOCX 解压后超过 {limits.max_unpacked_bytes // (1024 * 1024)} MB"
                               "，可能是压缩炸弹 (unpacks too large: zip bomb?)")
        if any(entry.flag_bits & 0x1 for entry in entries):
            raise ExtractError("DOCX 有密码保护 (encrypted DOCX)")
        names = {entry.filename for entry in entries}
    if "word/document.xml" not in names:
        other = next((kind for part, kind in _OTHER_OFFICE.items() if part in names), None)
        if other:
            raise ExtractError(f"这是 {other} 文件，不是 Word 文档 ({other} file, not DOCX)")
        raise ExtractError("不是 Word 文档 (zip without word/document.xml)")


def extract(data: bytes, limits: Limits) -> ExtractedText:
    check_zip(data, limits)
    import docx  # python-docx; imported here: the bot process never needs it

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises anything from KeyError to lxml errors
        raise ExtractError("DOCX 文件已损坏 (corrupt DOCX)") from exc
    items = list(_paragraphs(document))
    if not any(text for _, text in items):
        raise ExtractError("Word 文档里没有文字 (no text in the document)")
    properties = document.core_properties
    has_title = any(level is not None and level <= 1 for level, _ in items)
    created = properties.created.date().isoformat() if properties.created else ""
    return ExtractedText(
        text=compose(items),
        source_format="docx",
        # the document's title property only when no paragraph is styled as a title;
        # the author property is the editor's account name more often than the byline
        title="" if has_title else (properties.title or "").strip(),
        date=created,
    )


def _paragraphs(document: Any) -> list[tuple[int | None, str]]:
    """(heading level or None, text) in document order; Title is level 0."""
    from docx.table import Table

    out: list[tuple[int | None, str]] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            seen = set()
            for row in block.rows:
                for cell in row.cells:
                    if id(cell._tc) in seen:  # a merged cell is listed once per grid column
                        continue
                    seen.add(id(cell._tc))
                    out.extend((None, _text(p)) for p in cell.paragraphs)
        else:
            out.append((heading_level(block), _text(block)))
    return [(level, text) for level, text in out if text]


def heading_level(paragraph: Any) -> int | None:
    """0 for Title, n for Heading n (also through styles based on them), else None."""
    style = paragraph.style
    for _ in range(10):  # base styles may form a chain; never follow a loop forever
        if style is None:
            break
        name = (style.name or "").strip().lower()
        if name == "title":
            return 0
        match = _HEADING.fullmatch(name)
        if match:
            return int(match.group(1))
        style = style.base_style
    outline = paragraph._p.find(".//{*}outlineLvl")
    if outline is not None:
        value = outline.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val")
        if value is not None and value.isdigit() and int(value) < 9:
            return int(value) + 1
    return None


def _text(paragraph: Any) -> str:
    """Paragraph text; soft line breaks join (Chinese needs no space between lines)."""
    lines = [" ".join(line.split()) for line in paragraph.text.split("\n")]
    return "".join(line for line in lines if line)


def compose(items: list[tuple[int | None, str]]) -> str:
    """Title lines (Title / Heading 1) together as one headline block, a byline paragraph
    next to them as □…, Heading 2+ as short lines of their own, the rest as paragraphs."""
    blocks: list[str] = []
    previous_title = after_title = False
    for level, text in items:
        is_title = level is not None and level <= 1
        if is_title and previous_title:
            blocks[-1] += "\n" + text  # a kicker and its headline: one headline
        elif (level is None and after_title and BYLINE_START.match(text)
              and len(text) <= MAX_BYLINE_CHARS):
            blocks.append("□" + text.lstrip("□"))
        else:
            blocks.append(text)
        after_title = previous_title = is_title
    return "\n\n".join(blocks) + "\n"
