"""retrieval.answer.build.build_knowledge_base on a two-article corpus in tmp_path: what the
knowledge base is made of (articles, curated and admins' terms, quoted terms, page labels),
the snapshot (saved, loaded, keyed by corpus and parameters, skipped for the rank_bm25
engine, not needed when it cannot be written) and the timing it records."""

from __future__ import annotations

from pathlib import Path

from support.hermetic import TINY_PAGE, config_mapping, tiny_corpus

from retrieval.answer.build import build_knowledge_base
from retrieval.config import retrieval_config_from_mapping
from retrieval.index.bm25 import InvertedBM25

# with a quoted term (板凳夜话) and a person named after her role (高雪芹)
PAGE = TINY_PAGE.replace("议事厅由社区党委书记牵头，每月召开一次，已经解决问题120个。",
                         "据社区党委书记高雪芹介绍，议事厅推行“板凳夜话”，已经解决问题120个。")
assert PAGE != TINY_PAGE  # the variant really differs


def setup(root: Path, *, index: dict | None = None, admin_terms: str | None = None):
    corpus = tiny_corpus(root, PAGE)
    data = config_mapping(corpus, root / "cache", {})
    if index:
        data["index"] = {**data.get("index", {}), **index}
    config = retrieval_config_from_mapping(data, root)
    if admin_terms is not None:
        config.uploads_dir.mkdir(parents=True, exist_ok=True)
        config.admin_terms_file.write_text(admin_terms, encoding="utf-8")
    return config


def test_what_a_build_is_made_of_and_its_snapshot(tmp_path):
    config = setup(tmp_path, admin_terms="[initiatives]\n红马甲巡逻队\n石榴籽议事厅\n")
    kb = build_knowledge_base(config, warm=False)
    assert [a.title for a in kb.articles] == ["石榴籽议事厅让居民说了算", "红马甲巡逻队守护平安"]
    assert len(kb.paragraphs) == 3 and kb.report.loaded == ("000_tiny.txt",)
    assert kb.curated.initiatives == ("石榴籽议事厅", "红马甲巡逻队")  # shipped, then admins'
    assert "板凳夜话" in kb.quoted and "高雪芹" in kb.people
    assert {"石榴籽议事厅", "红马甲巡逻队", "板凳夜话"} <= set(kb.tokenizer.user_words)
    assert kb.page_labels == {"000_tiny.txt": "测试版 第1页"}
    assert isinstance(kb.engine, InvertedBM25) and kb.engine.n_docs == 3
    assert len(kb.version) == 12 and kb.build_seconds > 0 and not kb.from_snapshot
    assert list(config.cache_dir.iterdir())  # the snapshot was written

    again = build_knowledge_base(config, warm=False)
    assert again.from_snapshot and again.version == kb.version
    assert again.engine.n_docs == 3
    assert again.ask("石榴籽议事厅解决了多少问题").answer.text == (
        kb.ask("石榴籽议事厅解决了多少问题").answer.text)


def test_the_version_follows_the_corpus_and_the_index_parameters(tmp_path):
    base = build_knowledge_base(setup(tmp_path / "a"), warm=False)
    weighted = build_knowledge_base(setup(tmp_path / "c", index={"title_weight": 2}), warm=False)
    assert weighted.version != base.version and not weighted.from_snapshot
    config = setup(tmp_path / "d")
    (config.corpus_dir / "000_tiny.txt").write_text(PAGE.replace("120个", "121个"),
                                                     encoding="utf-8")
    assert build_knowledge_base(config, warm=False).version != base.version


def test_the_rank_bm25_engine_keeps_no_snapshot(tmp_path):
    config = setup(tmp_path, index={"engine": "rank_bm25"})
    kb = build_knowledge_base(config, warm=False)
    assert not isinstance(kb.engine, InvertedBM25) and not kb.from_snapshot
    assert not config.cache_dir.exists() or not list(config.cache_dir.iterdir())
    assert "40名党员" in kb.ask("巡逻队有多少党员").answer.text


def test_a_cache_that_cannot_be_written_does_not_stop_the_build(tmp_path):
    config = setup(tmp_path)
    config.cache_dir.parent.mkdir(parents=True, exist_ok=True)
    config.cache_dir.write_text("not a folder", encoding="utf-8")
    kb = build_knowledge_base(config, warm=False)
    assert kb.engine.n_docs == 3 and not kb.from_snapshot


def test_a_warmed_build_answers_as_a_cold_one(tmp_path):
    kb = build_knowledge_base(setup(tmp_path), warm=True)
    answer = kb.ask("巡逻队有多少党员")
    assert answer.answered and "40名党员" in answer.answer.text
