"""Retrieval settings: the `corpus`, `index` and `answer` sections of config.yaml.

Values are read strictly (retrieval.config_values): a wrong type, a value out of range
or an unknown key is a one-line ConfigError naming the key.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import yaml

from retrieval.config_values import ConfigError, Section, check_sections
from retrieval.index.bm25 import ENGINES, PARAM_LIMITS, VARIANTS, BM25Params

__all__ = ["ConfigError", "RetrievalConfig", "load_retrieval_config", "read_yaml",
           "retrieval_config_from_mapping", "SECTIONS"]
# Every section config.yaml may have; telegram is read by bot.settings.
SECTIONS = ("corpus", "index", "answer", "telegram")



@dataclass(frozen=True)
class RetrievalConfig:
    corpus_dir: Path = Path("corpus")  # shipped pages, read-only at run time
    uploads_dir: Path = Path("data/uploads")  # admins' documents, loaded after the shipped pages
    terms_file: Path = Path("corpus/terms.dict")
    cache_dir: Path = Path(".cache/index")
    max_upload_bytes: int = 1024 * 1024  # TXT / Markdown / HTML an admin may upload
    max_document_bytes: int = 20 * 1024 * 1024  # PDF / DOCX / image (Telegram's bot download limit)
    max_pdf_pages: int = 50
    engine: str = "inverted"
    bm25: BM25Params = BM25Params()  # variant, k1, b, epsilon, delta
    title_weight: int = 1  # how many times the title's tokens join each paragraph's document
    top_k: int = 3
    min_coverage: float = 0.5  # share of the question's weighted terms the best passage must match
    snippet_chars: int = 160
    max_question_chars: int = 500

    @property
    def admin_terms_file(self) -> Path:
        """Initiatives admins added with /term, beside their uploads (loaded after terms_file)."""
        return self.uploads_dir / "terms.dict"

    @property
    def extract_dir(self) -> Path:
        """Cache of text extracted from PDF/DOCX/HTML/images, beside the index snapshots."""
        return self.cache_dir.parent / "extract"

    @property
    def index_params(self) -> dict[str, Any]:
        """Everything that changes the index contents (part of the snapshot key)."""
        return {
            "engine": self.engine,
            **asdict(self.bm25),
            "title_weight": self.title_weight,
        }


def read_yaml(path: Path) -> dict[str, Any]:
    """Read a YAML mapping, turning every failure into a one-line ConfigError."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"config file {path} not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"config file {path} cannot be read: {exc}") from None
    except yaml.YAMLError as exc:
        detail = str(exc).replace("\n", " ")
        raise ConfigError(f"config file {path} is not valid YAML: {detail}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"config file {path} must be a mapping of sections")
    return data


def retrieval_config_from_mapping(data: dict[str, Any], base_dir: Path,
                                  *, check_unknown: bool = True) -> RetrievalConfig:
    """Build a RetrievalConfig from parsed config.yaml; relative paths are under base_dir."""
    d = RetrievalConfig()
    check_sections(data, SECTIONS)
    corpus, index, answer = (Section.of(data, name) for name in ("corpus", "index", "answer"))
    config = RetrievalConfig(
        corpus_dir=corpus.path("path", d.corpus_dir, base_dir),
        uploads_dir=corpus.path("uploads_path", d.uploads_dir, base_dir),
        terms_file=corpus.path("terms_file", d.terms_file, base_dir),
        max_upload_bytes=corpus.integer("max_upload_bytes", d.max_upload_bytes, minimum=1),
        max_document_bytes=corpus.integer("max_document_bytes", d.max_document_bytes, minimum=1),
        max_pdf_pages=corpus.integer("max_pdf_pages", d.max_pdf_pages, minimum=1),
        cache_dir=index.path("cache_dir", d.cache_dir, base_dir),
        engine=index.choice("engine", d.engine, ENGINES),
        bm25=BM25Params(variant=index.choice("variant", d.bm25.variant, VARIANTS), **{
            name: index.number(name, getattr(d.bm25, name), **limits)
            for name, limits in PARAM_LIMITS.items()}),
        title_weight=index.integer("title_weight", d.title_weight, minimum=0),
        top_k=answer.integer("top_k", d.top_k, minimum=1),
        min_coverage=answer.number("min_coverage", d.min_coverage, minimum=0, maximum=1),
        snippet_chars=answer.integer("snippet_chars", d.snippet_chars, minimum=20),
        max_question_chars=answer.integer("max_question_chars", d.max_question_chars,
                                          minimum=1),
    )
    if check_unknown:
        for section in (corpus, index, answer):
            section.check_unknown()
    return config


def load_retrieval_config(path: Path | str = "config.yaml") -> RetrievalConfig:
    """Load the retrieval part of config.yaml; a missing default file means all defaults."""
    path = Path(path)
    if not path.exists() and path.name == "config.yaml" and not path.is_absolute():
        return retrieval_config_from_mapping({}, Path.cwd())
    return retrieval_config_from_mapping(read_yaml(path), path.resolve().parent)
