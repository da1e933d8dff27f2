"""Hermetic test set-up: configs, corpora and index caches in tmp_path, data from tests/data.

Nothing here writes into the working tree, and nothing reads its corpus/ but the
shipped pages: the files the page manifest (corpus/pages.yaml) names, the manifest and
the curated terms. Articles an admin uploaded into this checkout are not copied, so the
tests see the same corpus in every checkout.
"""

from __future__ import annotations

import copy
import functools
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.settings import Settings, load_settings, settings_from_mapping
from retrieval.config import read_yaml, retrieval_config_from_mapping

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data"
SHIPPED_CORPUS = REPO / "corpus"
MANIFEST = "pages.yaml"
TERMS = "terms.dict"

TOKEN = "123456:TEST-TOKEN-abcdefghijklmnopqrstuvwxyz"
ADMIN_ID = 5550001
BOT_USERNAME = "QaTestBot"

# The test defaults for the telegram: section (tests override per bot).
TEST_TELEGRAM = {
    "rate_limit_per_minute": 1000,
    "poll_timeout": 1,  # seconds; short so that stopping a polling bot is quick
    "log_level": "INFO",
}


def data_file(name: str) -> Path:
    """A file of tests/data. Missing is a failure, never a reason to fall back."""
    path = DATA / name
    if not path.is_file():
        pytest.fail(f"tests/data/{name} is missing: the tests read their data from there only")
    return path


def dev_questions() -> list[str]:
    """The questions of tests/data/dev_qa.yaml (a copy of shared/eval/dev_qa.yaml)."""
    items = yaml.safe_load(data_file("dev_qa.yaml").read_text(encoding="utf-8"))
    questions = [item["q"] for item in items]
    assert questions, "tests/data/dev_qa.yaml holds no questions"
    return questions


def shipped_pages() -> list[str]:
    """The page files the manifest names (the corpus as shipped, without uploads)."""
    manifest = yaml.safe_load((SHIPPED_CORPUS / MANIFEST).read_text(encoding="utf-8"))
    assert isinstance(manifest, dict) and manifest, "corpus/pages.yaml names no pages"
    return sorted(manifest)


def copy_corpus(target: Path) -> Path:
    """A copy of the shipped corpus (pages, manifest, curated terms) in `target`."""
    target.mkdir(parents=True)
    for name in [*shipped_pages(), MANIFEST, TERMS]:
        shutil.copy2(SHIPPED_CORPUS / name, target / name)
    return target


@functools.cache
def _repository_config() -> dict[str, Any]:
    return read_yaml(REPO / "config.yaml")


def config_mapping(corpus_dir: Path, cache_dir: Path, telegram: dict[str, Any],
                extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """The repository's config.yaml, with the corpus and the index cache in temp dirs."""
    data = copy.deepcopy(_repository_config())
    data["corpus"] = {**(data.get("corpus") or {}), "path": str(corpus_dir),
                      "terms_file": str(corpus_dir / TERMS),
                      # admins' uploads apart from the pages, in the test's own temp dir
                      "uploads_path": str(corpus_dir.parent / f"{corpus_dir.name}-uploads")}
    data["index"] = {**(data.get("index") or {}), "cache_dir": str(cache_dir)}
    data["telegram"] = {**(data.get("telegram") or {}), **TEST_TELEGRAM, **telegram}
    for key, value in (extra or {}).items():
        data[key] = {**(data.get(key) or {}), **value}
    return data


# Two articles on one page (石榴籽议事厅 by 王明, 红马甲巡逻队 by 李华): tests that need a
# variant derive it with str.replace, so what differs is visible where it is used.
TINY_PAGE = """石榴籽议事厅让居民说了算

□本报记者 王明

今年以来，青山区幸福街道推行石榴籽议事厅，居民每月在社区议事。

议事厅由社区党委书记牵头，每月召开一次，已经解决问题120个。

◎基层治理

红马甲巡逻队守护平安

□本报记者 李华

河西村组建红马甲巡逻队，40名党员轮流上岗，夜间巡逻。
"""


def tiny_corpus(folder: Path, page: str = TINY_PAGE) -> Path:
    """folder/corpus with one page file (000_tiny.txt), 石榴籽议事厅 as a curated
    initiative and the page's label (测试版 第1页): the small corpora the unit tests of
    the build, the CLI and the answer rules read."""
    corpus = folder / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    (corpus / TERMS).write_text("[initiatives]\n石榴籽议事厅\n", encoding="utf-8")
    (corpus / "pages.yaml").write_text("000_tiny.txt: {label: 测试版 第1页}\n", encoding="utf-8")
    (corpus / "000_tiny.txt").write_text(page, encoding="utf-8")
    return corpus


def write_config(folder: Path, corpus_dir: Path, cache_dir: Path, telegram: dict[str, Any],
                 extra: dict[str, Any] | None = None) -> Path:
    """config_mapping() written to folder/config.yaml (for load_settings and `python -m bot`)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "config.yaml"
    data = config_mapping(corpus_dir, cache_dir, telegram, extra)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def settings_for(config: Path, **env: str) -> Settings:
    """Settings as `python -m bot` reads them: the environment and BOT_CONFIG."""
    return load_settings({"TELEGRAM_BOT_TOKEN": TOKEN, "BOT_ADMIN_IDS": str(ADMIN_ID),
                          "BOT_CONFIG": str(config), **env})


def settings_from(data: dict[str, Any], folder: Path) -> Settings:
    """Settings from a config mapping without a file round trip (unit tests build many)."""
    return settings_from_mapping(
        data, token=TOKEN, retrieval=retrieval_config_from_mapping(data, folder),
        config_path=folder / "config.yaml", extra_admins=frozenset({ADMIN_ID}))
