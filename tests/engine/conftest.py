"""Fixtures of the engine layer: a hermetic copy of the shipped pages and a config
pointing at it, its index cache and uploads folder in temp directories."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.hermetic import copy_corpus, write_config


@pytest.fixture(scope="session")
def engine_config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """config.yaml of the repository, with corpus, uploads and cache in a temp dir."""
    root = tmp_path_factory.mktemp("engine")
    corpus = copy_corpus(root / "corpus")
    return write_config(root, corpus, root / "cache", {})


@pytest.fixture(scope="session")
def engine_corpus(engine_config: Path) -> Path:
    return engine_config.parent / "corpus"
