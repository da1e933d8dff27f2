"""What every format module produces and the limits it works within."""

from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass
from typing import Any

from retrieval.corpus.errors import CorpusFileError

MIB = 1024 * 1024
# How a byline paragraph starts in Word documents and web pages (□ is the pages' marker).
BYLINE_START = re.compile(
    r"^(?:□|本报记者|记者|通讯员|作者[：:]|文[/／:：]|图[/／:：]|文图[/／:：]|撰稿)")


class ExtractError(CorpusFileError):
    """A file whose text cannot be read; str(error) is a one-line reason for the user,
    in Chinese with the English in brackets, like every corpus file error."""


class TransientExtractError(ExtractError):
    """A failure that may not repeat (time-out, crash, no memory): never cached."""


@dataclass(frozen=True)
class Limits:
    """Bounds for reading untrusted files. Binary documents may be as large as Telegram
    lets a bot download (20 MB); text formats stay small (a page is ~20 KB)."""

    max_text_bytes: int = 2 * MIB  # .txt .md .html
    max_document_bytes: int = 20 * MIB  # .pdf .docx and images
    max_pdf_pages: int = 50
    max_unpacked_bytes: int = 200 * MIB  # DOCX: declared size of everything in the zip
    max_zip_entries: int = 5000
    max_image_pixels: int = 40_000_000  # a decoded photo or scanned page (about 6300 x 6300)
    timeout_s: float = 60.0  # wall clock for one file
    ocr_timeout_s: float = 300.0  # the same where OCR may run (~0.4 s a line on 2 cores)
    memory_bytes: int = 3 * 1024 * MIB  # address space of the extraction process

    def fingerprint(self) -> str:
        """Changes whenever a limit changes, so cached results under old limits are not reused."""
        return json.dumps(dataclasses.asdict(self), sort_keys=True)


@dataclass(frozen=True)
class ExtractedText:
    """A document's text in the page format (one paragraph per line, blocks separated by
    blank lines, a headline's lines together) plus metadata the text itself does not
    carry: front matter, document properties, a web page's metadata. parse_document
    applies title/byline/column the way front matter always was (title: the first
    article's; byline and column: where the parser found none)."""

    text: str
    source_format: str  # txt | md | pdf | docx | html | image
    title: str = ""
    byline: str = ""
    column: str = ""
    date: str = ""  # as the document gives it (ISO date where known)
    url: str = ""  # where a web page came from, or front matter "source"
    pages: int = 0  # PDF pages read (0 for formats without pages)
    ocr: bool = False  # the text was recognised from images

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, data: Any) -> ExtractedText:
        """Rebuild from to_json()'s output; ValueError for anything else (a bad cache file)."""
        if not isinstance(data, dict) or not isinstance(data.get("text"), str):
            raise ValueError("not an extracted text")
        values = {}
        for field in dataclasses.fields(cls):
            if field.name not in data:
                continue
            value = data[field.name]
            wanted = {"pages": int, "ocr": bool}.get(field.name, str)
            if type(value) is not wanted:  # exact: True is an int, 1 is not a bool
                raise ValueError(f"bad field {field.name}")
            values[field.name] = value
        return cls(**values)  # type: ignore[arg-type]  # each value's type checked above
