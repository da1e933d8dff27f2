"""Property tests: arbitrary questions and arbitrary file bytes never break retrieval."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from retrieval.answer.build import build_knowledge_base
from retrieval.config import load_retrieval_config
from retrieval.corpus.loader import CorpusFileError, load_corpus, parse_document

# Everything Python strings allow, lone surrogates included, plus the awkward classics.
hostile_text = st.one_of(
    st.text(max_size=10_000),
    st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=2_000),
    st.sampled_from(["<b>&", "</b><i>", "&amp;&lt;", "*bold* _it_ `code`", "\u202e\u200f右到左",
                     "\x00\x01\x1b[31m", "😀" * 3000, "板凳" * 5000, "\ud800", "紅色物業？？？"]),
)


@pytest.fixture(scope="module")
def kb(tmp_path_factory, engine_config):
    config = dataclasses.replace(load_retrieval_config(engine_config),
                                 cache_dir=tmp_path_factory.mktemp("cache"))
    return build_knowledge_base(config)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(question=hostile_text)
@example(question="0")  # once crashed: matched by substring, scored 0 by BM25
def test_any_question_gets_an_answer_object(kb, question):
    answer = kb.ask(question)
    assert isinstance(answer.answered, bool)
    assert answer.answered == bool(answer.passages)
    for passage in answer.passages:
        assert passage.sentence and passage.citation


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=4096))
def test_any_bytes_parse_or_fail_with_a_reason(data):
    try:
        articles = parse_document("x.txt", data)
    except CorpusFileError as exc:
        assert str(exc)
    else:
        assert articles and all(a.paragraphs for a in articles)


@settings(max_examples=25, deadline=None)
@given(files=st.lists(st.binary(max_size=512), min_size=1, max_size=4))
def test_bad_files_never_stop_the_good_one(tmp_path_factory, files):
    directory = tmp_path_factory.mktemp("corpus")
    (directory / "good.txt").write_text("好标题\n\n这是一段正文。\n", encoding="utf-8")
    for index, data in enumerate(files):
        (directory / f"random{index}.txt").write_bytes(data)
    load = load_corpus(directory)
    assert "good.txt" in load.report.loaded
    assert len(load.report.loaded) + len(load.report.skipped) == len(files) + 1
    assert all(item.reason for item in load.report.skipped)
