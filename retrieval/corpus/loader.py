"""corpus/ files -> articles and paragraphs, with a report of what was skipped.

Newspaper pages and admin-added articles go through one path: decode the bytes,
split off an optional YAML front matter, parse the text with the page parser.
A bad file never stops the others: it is reported with the reason.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from retrieval.corpus.page_parser import parse_page
from retrieval.models import Article, Heading, LoadReport, Paragraph, SkippedFile

log = logging.getLogger(__name__)

ARTICLE_SUFFIXES = (".txt", ".md")
MAX_FILE_BYTES = 20 * 1024 * 1024  # a page is ~20 KB; anything this big is a mistake
_ENCODINGS = ("utf-8-sig", "gb18030")  # utf-8-sig also reads plain UTF-8
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")


class CorpusFileError(ValueError):
    """A corpus file that cannot be used; str(error) is the reason to show."""


@dataclass(frozen=True)
class CorpusLoad:
    articles: tuple[Article, ...]
    paragraphs: tuple[Paragraph, ...]
    report: LoadReport
    files: tuple[tuple[str, bytes], ...]  # (name, content) of loaded files, for the index key


def decode_text(data: bytes) -> str:
    """Bytes -> text: UTF-8 (with or without BOM), then GB18030; refuse binary data."""
    if not data.strip():
        raise CorpusFileError("文件是空的 (empty file)")
    if b"\x00" in data:
        raise CorpusFileError("不是文本文件 (binary content)")
    for encoding in _ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if len(_CONTROL.findall(text)) > max(2, len(text) // 200):
            raise CorpusFileError("不是文本文件 (binary content)")
        return text.replace("\r\n", "\n").replace("\r", "\n")
    raise CorpusFileError("编码无法识别，请用 UTF-8 保存 (not UTF-8 or GB18030 text)")


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """Optional '---' YAML block at the top: title / column / byline / source / date."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError as exc:
        raise CorpusFileError(f"文件头 YAML 有误 (bad front matter: {exc.problem})") from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise CorpusFileError("文件头必须是 key: value 形式 (front matter must be a mapping)")
    clean = {str(k).lower(): str(v).strip() for k, v in meta.items() if v is not None}
    return clean, text[match.end():]


def parse_document(name: str, data: bytes) -> list[Article]:
    """Parse one file's bytes into articles (ids 0..n-1; the caller renumbers)."""
    if len(data) > MAX_FILE_BYTES:
        raise CorpusFileError(f"文件太大 (over {MAX_FILE_BYTES // (1024 * 1024)} MB)")
    meta, body = split_front_matter(decode_text(data))
    drafts = parse_page(body)
    if not drafts:
        raise CorpusFileError("没有找到正文 (no article text found)")
    byline = meta.get("byline") or meta.get("author") or meta.get("source", "")
    articles = []
    for index, draft in enumerate(drafts):
        title = meta["title"] if index == 0 and meta.get("title") else draft.title
        articles.append(
            Article(
                id=index,
                title=title,
                column=draft.column or meta.get("column", ""),
                byline=draft.byline or byline,
                source=name,
                paragraphs=tuple(draft.paragraphs),
                kind=draft.kind,
                headings=tuple(Heading(text, first) for text, first in draft.headings),
            )
        )
    return articles


def parse_upload(file_name: str, data: bytes) -> list[Article]:
    """Validate an admin's upload exactly as the loader will read it."""
    if not file_name.lower().endswith(ARTICLE_SUFFIXES):
        raise CorpusFileError("只接受 .txt 或 .md 文件 (only .txt/.md files)")
    return parse_document(file_name, data)


def corpus_files(corpus_dir: Path) -> list[Path]:
    """Article files in corpus_dir, in a stable order (the order of article ids)."""
    if not corpus_dir.is_dir():
        return []
    return sorted(
        p for p in corpus_dir.iterdir()
        if p.suffix.lower() in ARTICLE_SUFFIXES and not p.name.startswith(".")
    )


def load_corpus(corpus_dir: Path) -> CorpusLoad:
    """Read every article file; bad files are skipped with a reason, never raised."""
    documents: list[tuple[str, bytes, list[Article]]] = []
    skipped: list[SkippedFile] = []
    for path in corpus_files(corpus_dir):
        try:
            data = path.read_bytes()
            documents.append((path.name, data, parse_document(path.name, data)))
        except CorpusFileError as exc:
            skipped.append(SkippedFile(path.name, str(exc)))
        except OSError as exc:
            skipped.append(SkippedFile(path.name, f"无法读取 (cannot read: {exc.strerror})"))
    for item in skipped:
        log.warning("corpus file %s skipped: %s", item.path, item.reason)
    articles, paragraphs = number_articles(doc[2] for doc in documents)
    report = LoadReport(loaded=tuple(doc[0] for doc in documents), skipped=tuple(skipped))
    files = tuple((doc[0], doc[1]) for doc in documents)
    return CorpusLoad(articles, paragraphs, report, files)


def number_articles(
    groups: Iterable[list[Article]],
) -> tuple[tuple[Article, ...], tuple[Paragraph, ...]]:
    """Give articles and paragraphs their global ids (their rows in the index)."""
    articles: list[Article] = []
    paragraphs: list[Paragraph] = []
    for group in groups:
        for article in group:
            article_id = len(articles)
            articles.append(dataclasses.replace(article, id=article_id))
            for position, text in enumerate(article.paragraphs):
                paragraphs.append(Paragraph(len(paragraphs), article_id, position, text))
    return tuple(articles), tuple(paragraphs)
