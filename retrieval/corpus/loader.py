"""corpus/ files and admin uploads -> articles and paragraphs, with a report of what was skipped.

Newspaper pages and admin-added documents go through one path: extract the page text
(retrieval.corpus.formats: TXT, Markdown, PDF, DOCX, HTML, images with OCR), then parse
it with the page parser; metadata the text does not carry (front matter, document
properties) fills in. The shipped pages (`corpus.path`, read-only) load first, the
uploads (`corpus.uploads_path`) after them, so shipped articles keep the first ids.
A bad file never stops the others: it is reported with the reason.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from retrieval.config import RetrievalConfig
from retrieval.corpus.errors import CorpusFileError
from retrieval.corpus.formats import (
    ACCEPTED,
    SUFFIXES,
    ExtractCache,
    ExtractedText,
    Limits,
    extract,
    format_of,
)
from retrieval.corpus.formats.text import decode_text, split_front_matter
from retrieval.corpus.page_parser import parse_page
from retrieval.models import Article, Heading, LoadReport, Paragraph, SkippedFile

__all__ = ["ARTICLE_SUFFIXES", "CorpusFileError", "CorpusLoad", "Document", "UPLOADS_LABEL",
           "corpus_files", "decode_text", "limits_for", "load_corpus", "load_corpus_for",
           "parse_document", "parse_upload", "read_document", "split_front_matter"]

log = logging.getLogger(__name__)

ARTICLE_SUFFIXES = SUFFIXES
# Uploads are named "uploads/NAME" in reports, sources and the index key, so that an
# upload never collides with a shipped page of the same name.
UPLOADS_LABEL = "uploads"


@dataclass(frozen=True)
class CorpusLoad:
    articles: tuple[Article, ...]
    paragraphs: tuple[Paragraph, ...]
    report: LoadReport
    files: tuple[tuple[str, bytes], ...]  # (name, content) of loaded files, for the index key


@dataclass(frozen=True)
class Document:
    """One file read: its extracted text (format, pages, metadata) and its articles."""

    extracted: ExtractedText
    articles: list[Article]


def read_document(name: str, data: bytes, *, limits: Limits | None = None,
                  cache: ExtractCache | None = None) -> Document:
    """Extract and parse one file (article ids 0..n-1; the caller renumbers)."""
    extracted = extract(name, data, limits, cache)
    return Document(extracted, articles_from(name, extracted))


def parse_document(name: str, data: bytes, *, limits: Limits | None = None,
                   cache: ExtractCache | None = None) -> list[Article]:
    """Parse one file's bytes, in any supported format, into articles."""
    return read_document(name, data, limits=limits, cache=cache).articles


def articles_from(name: str, extracted: ExtractedText) -> list[Article]:
    """Page text -> articles; the metadata gives the first title, and column and byline
    where the page itself has none."""
    drafts = parse_page(extracted.text)
    if not drafts:
        raise CorpusFileError("没有找到正文 (no article text found)")
    articles = []
    for index, draft in enumerate(drafts):
        title = extracted.title if index == 0 and extracted.title else draft.title
        articles.append(
            Article(
                id=index,
                title=title,
                column=draft.column or extracted.column,
                byline=draft.byline or extracted.byline,
                source=name,
                paragraphs=tuple(draft.paragraphs),
                kind=draft.kind,
                headings=tuple(Heading(text, first) for text, first in draft.headings),
            )
        )
    return articles


def parse_upload(file_name: str, data: bytes, limits: Limits | None = None) -> list[Article]:
    """Validate an admin's upload exactly as the loader will read it."""
    if format_of(file_name) is None:
        raise CorpusFileError(f"只接受 .txt .md .pdf .docx .html 文件（{ACCEPTED}）"
                              "(unsupported file type)")
    return parse_document(file_name, data, limits=limits)


def corpus_files(folder: Path) -> list[Path]:
    """Document files in a folder, in a stable order (the order of article ids)."""
    if not folder.is_dir():
        return []
    return sorted(
        p for p in folder.iterdir()
        if p.suffix.lower() in ARTICLE_SUFFIXES and not p.name.startswith(".") and p.is_file()
    )


def limits_for(config: RetrievalConfig) -> Limits:
    """The extraction limits config.yaml sets (the rest keep their defaults)."""
    return Limits(max_text_bytes=config.max_upload_bytes,
                  max_document_bytes=config.max_document_bytes,
                  max_pdf_pages=config.max_pdf_pages)


def load_corpus_for(config: RetrievalConfig) -> CorpusLoad:
    """The configured corpus: shipped pages, then uploads, extraction cached."""
    return load_corpus(config.corpus_dir, config.uploads_dir, limits=limits_for(config),
                       cache_dir=config.extract_dir)


def load_corpus(corpus_dir: Path, uploads_dir: Path | None = None, *,
                limits: Limits | None = None, cache_dir: Path | None = None) -> CorpusLoad:
    """Read every document file; bad files are skipped with a reason, never raised.

    `corpus_dir` holds the shipped pages; `uploads_dir` (optional) the admins' files,
    loaded after them. Extracted text of non-text formats is cached in `cache_dir`.
    """
    cache = ExtractCache(cache_dir) if cache_dir is not None else None
    sources = [(path.name, path) for path in corpus_files(corpus_dir)]
    if uploads_dir is not None and not _same_folder(corpus_dir, uploads_dir):
        sources += [(f"{UPLOADS_LABEL}/{path.name}", path) for path in corpus_files(uploads_dir)]
    documents: list[tuple[str, bytes, list[Article]]] = []
    skipped: list[SkippedFile] = []
    for name, path in sources:
        try:
            data = path.read_bytes()
            documents.append((name, data, parse_document(name, data, limits=limits, cache=cache)))
        except CorpusFileError as exc:
            skipped.append(SkippedFile(name, str(exc)))
        except OSError as exc:
            skipped.append(SkippedFile(name, f"无法读取 (cannot read: {exc.strerror})"))
    for item in skipped:
        log.warning("corpus file %s skipped: %s", item.path, item.reason)
    articles, paragraphs = number_articles(doc[2] for doc in documents)
    report = LoadReport(loaded=tuple(doc[0] for doc in documents), skipped=tuple(skipped))
    files = tuple((doc[0], doc[1]) for doc in documents)
    return CorpusLoad(articles, paragraphs, report, files)


def _same_folder(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


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
