"""retrieval.config_values.Section rule by rule (integers, numbers and their bounds,
choices, texts, paths, Telegram ids, unknown keys, the messages) and retrieval.config:
reading YAML, every key of the three retrieval sections, defaults and the index params.

PYTEST_DONT_REWRITE: plain asserts, so that collecting this file stays cheap (the unit
layer's time budget); a failure still shows the failing line.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from retrieval.config import (
    RetrievalConfig,
    load_retrieval_config,
    read_yaml,
    retrieval_config_from_mapping,
)
from retrieval.config_values import ConfigError, Section, check_sections
from retrieval.index.bm25 import BM25Params


def section(**values) -> Section:
    return Section(values, "sec")


def bad(call, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        call()
    assert str(caught.value) == message


# ---------------------------------------------------------------- Section


def test_a_section_must_be_a_mapping():
    assert Section(None, "s").block == {}
    bad(lambda: Section([1], "s"), "s: expected a mapping of keys, got [1]")
    bad(lambda: Section(True, "s"), "s: expected a mapping of keys, got true")
    bad(lambda: Section("x", "s"), "s: expected a mapping of keys, got 'x'")
    assert Section.of({"a": {"k": 1}}, "a").block == {"k": 1}
    assert Section.of({}, "a").block == {} and Section.of({}, "a").name == "a"


def test_sub_sections_are_named_by_their_path_and_count_as_read():
    parent = Section({"webhook": {"port": 1}}, "telegram")
    child = parent.sub("webhook")
    assert child.name == "telegram.webhook" and child.block == {"port": 1}
    assert parent.read == {"webhook"}
    parent.check_unknown()
    assert parent.sub("missing").block == {}


def test_integer():
    s = section(a=3, b=True, c=2.0, d=0, e="4")
    assert s.integer("a", 1) == 3
    assert s.integer("missing", 7) == 7
    assert s.integer("d", 1, minimum=0) == 0
    bad(lambda: s.integer("d", 1, minimum=1), "sec.d: expected a whole number >= 1, got 0")
    bad(lambda: s.integer("b", 1), "sec.b: expected a whole number, got true")
    bad(lambda: s.integer("c", 1), "sec.c: expected a whole number, got 2.0")
    bad(lambda: s.integer("e", 1), "sec.e: expected a whole number, got '4'")
    assert s.read == {"a", "missing", "d", "b", "c", "e"}


def test_number():
    s = section(a=1, b=0.5, c=False, d=math.inf, e=math.nan, f="1", g=0, h=1.0)
    assert s.number("a", 0.0) == 1.0 and type(s.number("a", 0.0)) is float
    assert s.number("b", 0.0, minimum=0.5, maximum=0.5) == 0.5
    assert s.number("missing", 2.5) == 2.5
    assert s.number("h", 0.0, maximum=1) == 1.0
    bad(lambda: s.number("c", 0.0), "sec.c: expected a number, got false")
    bad(lambda: s.number("d", 0.0), "sec.d: expected a number, got inf")
    bad(lambda: s.number("e", 0.0, minimum=0), "sec.e: expected a number >= 0, got nan")
    bad(lambda: s.number("f", 0.0), "sec.f: expected a number, got '1'")
    bad(lambda: s.number("g", 1.0, above=0), "sec.g: expected a number > 0, got 0")
    assert s.number("b", 1.0, above=0) == 0.5
    bad(lambda: s.number("b", 0.0, minimum=0.6), "sec.b: expected a number >= 0.6, got 0.5")
    bad(lambda: s.number("b", 0.0, maximum=0.4), "sec.b: expected a number <= 0.4, got 0.5")
    bad(
        lambda: s.number("g", 0.0, above=0, minimum=0, maximum=1),
        "sec.g: expected a number > 0 and >= 0 and <= 1, got 0",
    )


def test_choice():
    s = section(a="numpy", b="info", c=3)
    assert s.choice("a", "x", ("numpy", "auto")) == "numpy"
    assert s.choice("missing", "auto", ("numpy", "auto")) == "auto"
    assert s.choice("b", "INFO", ("INFO", "DEBUG"), fold=True) == "INFO"
    bad(
        lambda: s.choice("b", "INFO", ("INFO", "DEBUG")),
        "sec.b: expected one of INFO, DEBUG, got 'info'",
    )
    bad(lambda: s.choice("c", "a", ("a",), fold=True), "sec.c: expected one of a, got 3")


def test_text():
    s = section(a="hi", b=None, c=5)
    assert s.text("a", "") == "hi"
    assert s.text("b", "default") == ""
    assert s.text("missing", "default") == "default"
    bad(lambda: s.text("c", ""), "sec.c: expected a text, got 5")


def test_path(tmp_path):
    s = section(a="sub/dir", b=str(tmp_path / "abs"), c="  ", d=3, e="  spaced  ")
    assert s.path("a", Path("x"), tmp_path) == tmp_path / "sub" / "dir"
    assert s.path("b", Path("x"), Path("/elsewhere")) == tmp_path / "abs"
    assert s.path("missing", Path("def"), tmp_path) == tmp_path / "def"
    assert s.path("e", Path("x"), tmp_path) == tmp_path / "spaced"
    bad(lambda: s.path("c", Path("x"), tmp_path), "sec.c: expected a folder or file path, got '  '")
    bad(lambda: s.path("d", Path("x"), tmp_path), "sec.d: expected a folder or file path, got 3")


def test_ids():
    s = section(a=[1, "2", 3], b=None, c=5, d=True, e=[True], f=["x1"], g="7", h=[1.5])
    assert s.ids("a") == frozenset({1, 2, 3})
    assert s.ids("b") == frozenset()
    assert s.ids("missing") == frozenset()
    assert s.ids("c") == frozenset({5})
    message = "sec.{}: expected a list of numeric Telegram ids, got {}"
    bad(lambda: s.ids("d"), message.format("d", "true"))
    bad(lambda: s.ids("e"), message.format("e", "true"))
    bad(lambda: s.ids("f"), message.format("f", "'x1'"))
    bad(lambda: s.ids("g"), message.format("g", "'7'"))
    bad(lambda: s.ids("h"), message.format("h", "1.5"))


def test_unknown_keys_name_the_first_and_list_the_known():
    s = section(a=1, zz=2, yy=3)
    s.integer("a", 0)
    bad(s.check_unknown, "sec.yy: unknown key (known: a)")
    s.check_unknown(also_known=("zz", "yy"))
    bad(lambda: s.check_unknown(also_known=("yy",)), "sec.zz: unknown key (known: a, yy)")
    section().check_unknown()


def test_check_sections():
    check_sections({"corpus": {}, "index": {}}, ("corpus", "index", "answer"))
    check_sections({}, ())
    bad(
        lambda: check_sections({"corpus": {}, "indx": {}}, ("index", "corpus")),
        "indx: unknown section (known: corpus, index)",
    )


# ---------------------------------------------------------------- retrieval config


def test_read_yaml(tmp_path):
    path = tmp_path / "c.yaml"
    bad(lambda: read_yaml(path), f"config file {path} not found")
    path.write_text("", encoding="utf-8")
    assert read_yaml(path) == {}
    path.write_text("index:\n  k1: 1.2\n", encoding="utf-8")
    assert read_yaml(path) == {"index": {"k1": 1.2}}
    path.write_text("- a\n- b\n", encoding="utf-8")
    bad(lambda: read_yaml(path), f"config file {path} must be a mapping of sections")
    path.write_text("a: [\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="is not valid YAML: ") as caught:
        read_yaml(path)
    assert "\n" not in str(caught.value)
    path.write_bytes(b"a: \xff\xfe\n")
    with pytest.raises(ConfigError, match="cannot be read"):
        read_yaml(path)
    with pytest.raises(ConfigError, match="cannot be read"):
        read_yaml(tmp_path)


def test_every_retrieval_key_is_read(tmp_path):
    data = {
        "corpus": {
            "path": "pages",
            "uploads_path": "/abs/up",
            "terms_file": "t.dict",
            "max_upload_bytes": 10,
            "max_document_bytes": 20,
            "max_pdf_pages": 3,
        },
        "index": {
            "cache_dir": "cache",
            "engine": "rank_bm25",
            "variant": "plus",
            "k1": 2,
            "b": 0.5,
            "epsilon": 0.1,
            "delta": 0.0,
            "title_weight": 0,
        },
        "answer": {"top_k": 5, "min_coverage": 1, "snippet_chars": 20, "max_question_chars": 9},
        "telegram": {"anything": 1},
    }
    config = retrieval_config_from_mapping(data, tmp_path)
    assert config == RetrievalConfig(
        corpus_dir=tmp_path / "pages",
        uploads_dir=Path("/abs/up"),
        terms_file=tmp_path / "t.dict",
        cache_dir=tmp_path / "cache",
        max_upload_bytes=10,
        max_document_bytes=20,
        max_pdf_pages=3,
        engine="rank_bm25",
        bm25=BM25Params("plus", 2.0, 0.5, 0.1, 0.0),
        title_weight=0,
        top_k=5,
        min_coverage=1.0,
        snippet_chars=20,
        max_question_chars=9,
    )
    assert config.index_params == {
        "engine": "rank_bm25",
        "variant": "plus",
        "k1": 2.0,
        "b": 0.5,
        "epsilon": 0.1,
        "delta": 0.0,
        "title_weight": 0,
    }
    assert config.admin_terms_file == Path("/abs/up/terms.dict")
    assert config.extract_dir == tmp_path / "extract"


def test_defaults_are_under_the_base_folder(tmp_path):
    config = retrieval_config_from_mapping({}, tmp_path)
    d = RetrievalConfig()
    assert config.corpus_dir == tmp_path / "corpus"
    assert config.uploads_dir == tmp_path / "data" / "uploads"
    assert config.terms_file == tmp_path / "corpus" / "terms.dict"
    assert config.cache_dir == tmp_path / ".cache" / "index"
    assert (config.max_upload_bytes, config.max_document_bytes, config.max_pdf_pages) == (
        1024 * 1024,
        20 * 1024 * 1024,
        50,
    )
    assert (config.engine, config.bm25, config.title_weight) == ("inverted", BM25Params(), 1)
    assert (config.top_k, config.min_coverage, config.snippet_chars, config.max_question_chars) == (
        3,
        0.5,
        160,
        500,
    )
    assert config.top_k == d.top_k


def _each_key_is_checked_case(tmp_path, data, message):
    with pytest.raises(
        ConfigError,
        match="^"
        + message.replace("(", r"\(").replace(")", r"\)").replace(".", r"\.").replace("[", r"\["),
    ):
        retrieval_config_from_mapping(data, tmp_path)


def test_each_key_is_checked(tmp_path):
    for data, message in [
        (
            {"corpus": {"max_upload_bytes": 0}},
            "corpus.max_upload_bytes: expected a whole number >= 1",
        ),
        (
            {"corpus": {"max_document_bytes": 0}},
            "corpus.max_document_bytes: expected a whole number",
        ),
        ({"corpus": {"max_pdf_pages": 0}}, "corpus.max_pdf_pages: expected a whole number >= 1"),
        ({"corpus": {"path": ""}}, "corpus.path: expected a folder or file path"),
        ({"corpus": {"uploads_path": 1}}, "corpus.uploads_path: expected a folder"),
        ({"corpus": {"terms_file": None}}, "corpus.terms_file: expected a folder"),
        ({"index": {"cache_dir": []}}, "index.cache_dir: expected a folder"),
        ({"index": {"engine": "lucene"}}, "index.engine: expected one of inverted, rank_bm25"),
        ({"index": {"variant": "bm42"}}, "index.variant: expected one of okapi, plus, l"),
        ({"index": {"k1": 0}}, "index.k1: expected a number > 0, got 0"),
        ({"index": {"b": 1.5}}, "index.b: expected a number >= 0 and <= 1, got 1.5"),
        ({"index": {"delta": -1}}, "index.delta: expected a number >= 0, got -1"),
        ({"index": {"epsilon": "x"}}, "index.epsilon: expected a number, got 'x'"),
        ({"index": {"title_weight": -1}}, "index.title_weight: expected a whole number >= 0"),
        ({"answer": {"top_k": 0}}, "answer.top_k: expected a whole number >= 1"),
        ({"answer": {"min_coverage": 1.1}}, "answer.min_coverage: expected a number >= 0 and <= 1"),
        ({"answer": {"snippet_chars": 19}}, "answer.snippet_chars: expected a whole number >= 20"),
        ({"answer": {"max_question_chars": 0}}, "answer.max_question_chars: expected a whole"),
        ({"corpus": {"pth": "x"}}, "corpus.pth: unknown key"),
        ({"index": {"k": 1}}, "index.k: unknown key"),
        ({"answer": {"topk": 1}}, "answer.topk: unknown key"),
        ({"answr": {}}, "answr: unknown section"),
        ({"index": [1]}, "index: expected a mapping of keys"),
    ]:
        _each_key_is_checked_case(tmp_path, data, message)


def test_unknown_keys_may_be_left_to_the_caller(tmp_path):
    config = retrieval_config_from_mapping({"index": {"k": 1}}, tmp_path, check_unknown=False)
    assert config.bm25 == BM25Params()


def test_load_retrieval_config(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert load_retrieval_config().corpus_dir == tmp_path / "corpus"  # no file: defaults
    assert load_retrieval_config("config.yaml").top_k == 3
    with pytest.raises(ConfigError, match="not found"):
        load_retrieval_config("other.yaml")
    with pytest.raises(ConfigError, match="not found"):
        load_retrieval_config(tmp_path / "config.yaml")
    folder = tmp_path / "conf"
    folder.mkdir()
    (folder / "config.yaml").write_text(
        "answer:\n  top_k: 4\ncorpus:\n  path: p\n", encoding="utf-8"
    )
    config = load_retrieval_config(folder / "config.yaml")
    assert config.top_k == 4 and config.corpus_dir == folder / "p"
    monkeypatch.chdir(folder)
    assert load_retrieval_config().top_k == 4
