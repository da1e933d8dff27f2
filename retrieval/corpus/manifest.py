"""The page manifest beside the corpus (pages.yaml): how citations name each page file."""

from __future__ import annotations

import logging
from pathlib import Path

import yaml

log = logging.getLogger(__name__)
MANIFEST_NAME = "pages.yaml"


def read_page_labels(corpus_dir: Path) -> dict[str, str]:
    """file name -> "党建版 第1页 · 2022-10-12" (label and date where given).

    A missing manifest means no labels; a broken one is logged and ignored, since
    citations without a page label are still citations.
    """
    path = Path(corpus_dir) / MANIFEST_NAME
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        log.warning("page manifest %s not used: %s", path, exc)
        return {}
    if not isinstance(data, dict):
        log.warning("page manifest %s not used: not a mapping", path)
        return {}
    labels: dict[str, str] = {}
    for name, entry in data.items():
        if isinstance(entry, dict):
            parts = [str(entry.get(k) or "").strip() for k in ("label", "date")]
            labels[str(name)] = " · ".join(p for p in parts if p)
        elif isinstance(entry, str):
            labels[str(name)] = entry.strip()
    return labels
