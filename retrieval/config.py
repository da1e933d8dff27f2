"""Retrieval settings: the `corpus`, `index` and `answer` sections of config.yaml."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ENGINES = ("inverted", "rank_bm25")
VARIANTS = ("okapi", "plus", "l")


class ConfigError(ValueError):
    """config.yaml is missing, unreadable or has a bad value; the message says what to fix."""


@dataclass(frozen=True)
class RetrievalConfig:
    corpus_dir: Path = Path("corpus")  # shipped pages, read-only at run time
    uploads_dir: Path = Path("data/uploads")  # admins' documents, loaded after the shipped pages
    terms_file: Path = Path("corpus/terms.dict")
    cache_dir: Path = Path(".cache/index")
    max_document_bytes: int = 20 * 1024 * 1024  # PDF / DOCX / image (Telegram's bot download limit)
    max_pdf_pages: int = 50
    engine: str = "inverted"
    variant: str = "okapi"
    k1: float = 1.5
    b: float = 0.75
    epsilon: float = 0.25
    delta: float = 1.0
    title_weight: int = 1  # how many times the title's tokens join each paragraph's document
    top_k: int = 3
    min_coverage: float = 0.5  # share of the question's weighted terms the best passage must match
    snippet_chars: int = 160
    max_question_chars: int = 500

    def __post_init__(self) -> None:
        if self.engine not in ENGINES:
            raise ConfigError(f"index.engine must be one of {ENGINES}, not {self.engine!r}")
        if self.variant not in VARIANTS:
            raise ConfigError(f"index.variant must be one of {VARIANTS}, not {self.variant!r}")
        # k1 = 0 makes rank_bm25 divide 0 by 0 for empty paragraphs; delta < 0 is meaningless
        if self.k1 <= 0 or not 0 <= self.b <= 1 or self.delta < 0 or self.epsilon < 0:
            raise ConfigError("index.k1 must be > 0, index.b between 0 and 1, "
                              "index.delta and index.epsilon >= 0")
        if self.title_weight < 0:
            raise ConfigError("index.title_weight must be >= 0")
        if self.top_k < 1:
            raise ConfigError("answer.top_k must be >= 1")
        if not 0 <= self.min_coverage <= 1:
            raise ConfigError("answer.min_coverage must be between 0 and 1")
        if self.max_document_bytes < 1 or self.max_pdf_pages < 1:
            raise ConfigError("corpus.max_document_bytes and corpus.max_pdf_pages must be >= 1")

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
            "variant": self.variant,
            "k1": self.k1,
            "b": self.b,
            "epsilon": self.epsilon,
            "delta": self.delta,
            "title_weight": self.title_weight,
        }


# config.yaml section -> RetrievalConfig fields it may set
_SECTIONS = {
    "corpus": {
        "path": "corpus_dir", "uploads_path": "uploads_dir", "terms_file": "terms_file",
        "max_document_bytes": "max_document_bytes", "max_pdf_pages": "max_pdf_pages",
    },
    "index": {
        "engine": "engine", "variant": "variant", "k1": "k1", "b": "b", "epsilon": "epsilon",
        "delta": "delta", "title_weight": "title_weight", "cache_dir": "cache_dir",
    },
    "answer": {
        "top_k": "top_k", "min_coverage": "min_coverage", "snippet_chars": "snippet_chars",
        "max_question_chars": "max_question_chars",
    },
}
_PATH_FIELDS = {"corpus_dir", "uploads_dir", "terms_file", "cache_dir"}


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


def retrieval_config_from_mapping(data: dict[str, Any], base_dir: Path) -> RetrievalConfig:
    """Build a RetrievalConfig from parsed config.yaml; relative paths are under base_dir."""
    defaults = RetrievalConfig()
    values: dict[str, Any] = {}
    for section, keys in _SECTIONS.items():
        block = data.get(section) or {}
        if not isinstance(block, dict):
            raise ConfigError(f"config section {section!r} must be a mapping")
        for key, field_name in keys.items():
            if key not in block:
                continue
            raw = block[key]
            try:
                if field_name in _PATH_FIELDS:
                    value: Any = Path(str(raw))
                else:
                    value = type(getattr(defaults, field_name))(raw)
            except (TypeError, ValueError):
                raise ConfigError(f"{section}.{key} has a bad value {raw!r}") from None
            values[field_name] = value
    for name in _PATH_FIELDS:
        path = values.get(name, getattr(defaults, name))
        values[name] = path if path.is_absolute() else base_dir / path
    return RetrievalConfig(**values)


def load_retrieval_config(path: Path | str = "config.yaml") -> RetrievalConfig:
    """Load the retrieval part of config.yaml; a missing default file means all defaults."""
    path = Path(path)
    if not path.exists() and path.name == "config.yaml" and not path.is_absolute():
        return retrieval_config_from_mapping({}, Path.cwd())
    return retrieval_config_from_mapping(read_yaml(path), path.resolve().parent)
