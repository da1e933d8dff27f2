"""One strict config: every mistake is one line naming the key (retrieval.config_values)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.settings import settings_from_mapping
from retrieval.config import RetrievalConfig, retrieval_config_from_mapping
from retrieval.config_values import ConfigError

BASE = Path("/srv/bot")


@pytest.mark.parametrize("text, message", [
    ("index: {k1: true}", "index.k1: expected a number > 0, got true"),
    ("index: {k1: 0}", "index.k1: expected a number > 0, got 0"),
    ("index: {b: 1.5}", "index.b: expected a number >= 0 and <= 1, got 1.5"),
    ("index: {k1: .inf}", "index.k1: expected a number > 0, got inf"),
    ("index: {delta: -1}", "index.delta: expected a number >= 0, got -1"),
    ("index: {title_weight: 1.9}", "index.title_weight: expected a whole number >= 0, got 1.9"),
    ("index: {variant: nonsense}", "index.variant: expected one of okapi, plus, l"),
    ("index: {cache_dir: null}", "index.cache_dir: expected a folder or file path, got null"),
    ("answer: {top_k: '3'}", "answer.top_k: expected a whole number >= 1, got '3'"),
    ("answer: {max_question_chars: 0}", "answer.max_question_chars: expected a whole number"),
    ("answer: {snippet_chars: -5}", "answer.snippet_chars: expected a whole number >= 20"),
    ("answer: {min_coverage: 2}", "answer.min_coverage: expected a number >= 0 and <= 1"),
    ("corpus: {max_pdf_pages: 0}", "corpus.max_pdf_pages: expected a whole number >= 1"),
    ("index: {k11: 2}", "index.k11: unknown key"),
    ("indx: {k1: 2}", "indx: unknown section"),
    ("index: [1, 2]", "index: expected a mapping of keys"),
])
def test_retrieval_mistakes_name_the_key(text, message):
    with pytest.raises(ConfigError) as error:
        retrieval_config_from_mapping(yaml.safe_load(text), BASE)
    assert str(error.value).startswith(message), str(error.value)
    assert "\n" not in str(error.value)


@pytest.mark.parametrize("text, message", [
    ("telegram: {rate_limit_per_minute: x}", "telegram.rate_limit_per_minute: expected a whole"),
    ("telegram: {dialogue_minutes: -1}", "telegram.dialogue_minutes: expected a number >= 0"),
    ("telegram: {webhook: {port: 0}}", "telegram.webhook.port: expected a whole number >= 1"),
    ("telegram: {modee: polling}", "telegram.modee: unknown key"),
    ("telegram: {admins: [12, abc]}", "telegram.admins: expected a list of numeric Telegram ids"),
    ("telegram: {log_level: LOUD}", "telegram.log_level: expected one of DEBUG, INFO"),
])
def test_bot_mistakes_name_the_key(text, message):
    with pytest.raises(ConfigError) as error:
        settings_from_mapping(yaml.safe_load(text), token="1:x", retrieval=RetrievalConfig(),
                              config_path=BASE / "config.yaml")
    assert str(error.value).startswith(message), str(error.value)


def test_relative_paths_are_under_the_config_folder_and_defaults_hold():
    config = retrieval_config_from_mapping({"corpus": {"uploads_path": "up"}}, BASE)
    assert config.uploads_dir == BASE / "up" and config.corpus_dir == BASE / "corpus"
    assert config.bm25.k1 == 1.5 and config.top_k == 3


def test_the_shipped_config_is_valid():
    shipped = Path(__file__).resolve().parents[2] / "config.yaml"
    data = yaml.safe_load(shipped.read_text(encoding="utf-8"))
    config = retrieval_config_from_mapping(data, shipped.parent)
    settings_from_mapping(data, token="1:x", retrieval=config, config_path=shipped)
