"""InvertedBM25 against rank_bm25 itself: scores within 1e-9 and the same top-k order.

Inputs on which rank_bm25 cannot produce a ranking are excluded from the
differential tests (and covered separately below):
- an empty corpus, or one without any token: rank_bm25 divides by zero (avgdl, or
  Okapi's average idf) or returns NaN for every document;
- b == 1 together with an empty document, and k1 == 0: rank_bm25 computes 0 / 0 and
  scores the document(s) NaN.  InvertedBM25 returns the limit value there.
"""

from __future__ import annotations

import numpy as np
import pytest
import rank_bm25
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from retrieval.index import bm25
from retrieval.index.bm25 import InvertedBM25, RankBM25Engine, make_engine, select_top_k

TOL = 1e-9
WORDS = ["a", "b", "c", "d", "e", "板凳", "议事会", "红色物业"]
ABSENT = ["zz", "不存在"]
REFERENCE = {"okapi": rank_bm25.BM25Okapi, "plus": rank_bm25.BM25Plus, "l": rank_bm25.BM25L}

documents = st.lists(st.sampled_from(WORDS), max_size=10)
corpora = st.lists(documents, min_size=1, max_size=14)
queries = st.lists(st.sampled_from(WORDS + ABSENT), max_size=8)
params = st.fixed_dictionaries({
    "variant": st.sampled_from(sorted(REFERENCE)),
    # k1 == 0 makes rank_bm25 divide 0 by 0 (see the module docstring)
    "k1": st.sampled_from([0.5, 1.2, 1.5, 2.0]) | st.floats(0.01, 3.0),
    "b": st.sampled_from([0.0, 0.75, 1.0]) | st.floats(0.0, 1.0),
    "epsilon": st.sampled_from([0.25, 0.0]) | st.floats(-0.5, 1.0),
    "delta": st.sampled_from([0.5, 1.0]) | st.floats(0.0, 2.0),
})


def reference(corpus: list[list[str]], p: dict) -> rank_bm25.BM25:
    """rank_bm25 called directly (not through RankBM25Engine)."""
    cls = REFERENCE[p["variant"]]
    if p["variant"] == "okapi":
        return cls(corpus, k1=p["k1"], b=p["b"], epsilon=p["epsilon"])
    return cls(corpus, k1=p["k1"], b=p["b"], delta=p["delta"])


def rank_bm25_can_rank(corpus: list[list[str]], p: dict) -> bool:
    has_tokens = any(corpus)
    nan_docs = p["b"] == 1.0 and not all(corpus)
    return has_tokens and not nan_docs


def assert_valid_top_k(ids: np.ndarray, ref_scores: np.ndarray, k: int) -> None:
    """ids must be rank_bm25's top k: np.argsort(-scores, kind="stable")[:k].

    Exact ties must be ordered by id, like the stable argsort.  Two different
    rank_bm25 scores closer than 1e-9 may come in either order: that is below the
    score tolerance, so a correct engine that adds in another order could swap them.
    """
    expected = np.argsort(-ref_scores, kind="stable")[:k]
    assert ids.dtype == np.int64
    assert len(ids) == len(expected) == len(set(ids.tolist()))
    np.testing.assert_allclose(ref_scores[ids], ref_scores[expected], rtol=TOL, atol=TOL)
    for i, j in zip(ids.tolist(), expected.tolist(), strict=True):
        if i != j:
            assert ref_scores[i] != ref_scores[j], "exact ties must be ordered by lower id"


@settings(max_examples=300, deadline=None)
@given(corpus=corpora, query_list=st.lists(queries, min_size=1, max_size=4), p=params,
       k=st.integers(1, 20))
def test_scores_and_top_k_match_rank_bm25(corpus, query_list, p, k):
    assume(rank_bm25_can_rank(corpus, p))
    ref = reference(corpus, p)
    ours = InvertedBM25(corpus, **p)
    assert ours.n_docs == len(corpus)
    for query in query_list + [[]]:
        ref_scores = np.asarray(ref.get_scores(query))
        scores = ours.get_scores(query)
        assert scores.dtype == np.float64 and scores.shape == (len(corpus),)
        np.testing.assert_allclose(scores, ref_scores, rtol=TOL, atol=TOL)
        ids, top_scores = ours.top_k(query, k)
        assert_valid_top_k(ids, ref_scores, k)
        np.testing.assert_array_equal(top_scores, scores[ids])


@settings(max_examples=100, deadline=None)
@given(corpus=corpora, p=params)
def test_idf_and_document_frequency_match_rank_bm25(corpus, p):
    assume(rank_bm25_can_rank(corpus, p))
    ref = reference(corpus, p)
    ours = InvertedBM25(corpus, **p)
    for word in WORDS + ABSENT:
        assert ours.document_frequency(word) == sum(word in doc for doc in corpus)
        assert ours.idf(word) == pytest.approx(ref.idf.get(word, 0.0), rel=TOL, abs=TOL)


def zipf_corpus(seed: int, n_docs: int, vocab: int) -> list[list[str]]:
    rng = np.random.default_rng(seed)
    words = np.array([f"w{i}" for i in range(vocab)], dtype=object)
    lengths = rng.integers(0, 30, size=n_docs)
    ids = np.minimum(rng.zipf(1.3, size=int(lengths.sum())) - 1, vocab - 1)
    return [part.tolist() for part in np.split(words[ids], np.cumsum(lengths)[:-1])]


@pytest.mark.parametrize("variant", sorted(REFERENCE))
def test_large_corpus_selection_and_chunked_build(variant, monkeypatch):
    """Thousands of documents take the sampled-threshold selection path; a tiny
    chunk size makes the build merge many blocks of postings."""
    monkeypatch.setattr(bm25, "_CHUNK_TOKENS", 997)
    corpus = zipf_corpus(seed=7, n_docs=3000, vocab=300)
    p = {"variant": variant, "k1": 1.2, "b": 0.6, "epsilon": 0.25, "delta": 0.7}
    ref = reference(corpus, p)
    ours = InvertedBM25(corpus, **p)
    rng = np.random.default_rng(3)
    for _ in range(25):
        query = [f"w{i}" for i in rng.zipf(1.5, size=rng.integers(1, 6)) - 1]
        ref_scores = np.asarray(ref.get_scores(query))
        np.testing.assert_allclose(ours.get_scores(query), ref_scores, rtol=TOL, atol=TOL)
        for k in (1, 10, 100, 3000, 5000):
            assert_valid_top_k(ours.top_k(query, k)[0], ref_scores, k)


def test_select_top_k_is_stable_argsort_with_ties_and_negatives():
    rng = np.random.default_rng(0)
    for n in (5, 100, 5000):
        for base in (0.0, 0.5):
            # few distinct values: many exact ties, some above and below base
            scores = rng.choice([-1.0, 0.0, 0.5, 0.7, 2.0], size=n, p=[.1, .5, .2, .15, .05])
            for k in (1, 3, 10, 200, n):
                expected = np.argsort(-scores, kind="stable")[:k]
                np.testing.assert_array_equal(select_top_k(scores, k, base), expected)


def test_negative_okapi_weights_rank_below_unmatched_documents():
    # "a" is in most documents: its idf is negative, floored at epsilon * average idf,
    # and a negative epsilon makes that floor negative.
    corpus = [["a"], ["a", "b"], ["a"], ["c"], ["a", "c"]]
    p = {"variant": "okapi", "k1": 1.5, "b": 0.75, "epsilon": -0.5, "delta": 1.0}
    ref_scores = np.asarray(reference(corpus, p).get_scores(["a"]))
    assert (ref_scores < 0).any()
    ours = InvertedBM25(corpus, **p)
    np.testing.assert_allclose(ours.get_scores(["a"]), ref_scores, rtol=TOL, atol=TOL)
    assert_valid_top_k(ours.top_k(["a"], 4)[0], ref_scores, 4)


@pytest.mark.parametrize("variant", sorted(REFERENCE))
def test_degenerate_corpora_do_not_crash(variant):
    empty = InvertedBM25([], variant)
    assert empty.n_docs == 0
    assert empty.get_scores(["a"]).shape == (0,)
    ids, scores = empty.top_k(["a"], 5)
    assert ids.shape == scores.shape == (0,)
    assert empty.document_frequency("a") == 0 and empty.idf("a") == 0.0

    blank = InvertedBM25([[], []], variant)
    np.testing.assert_array_equal(blank.get_scores(["a", "a"]), [0.0, 0.0])
    np.testing.assert_array_equal(blank.top_k(["a"], 5)[0], [0, 1])

    single = InvertedBM25([["a", "b", "a"]], variant)
    assert single.top_k([], 3)[0].tolist() == [0]
    np.testing.assert_array_equal(single.get_scores([]), [0.0])


@pytest.mark.parametrize("variant", sorted(REFERENCE))
def test_where_rank_bm25_gives_nan_we_give_the_limit(variant):
    """b == 1 and an empty document: rank_bm25 computes 0/0 for that document only."""
    corpus = [["a", "b"], [], ["b"]]
    p = {"variant": variant, "k1": 1.5, "b": 1.0, "epsilon": 0.25, "delta": 1.0}
    with np.errstate(invalid="ignore", divide="ignore"):
        ref_scores = np.asarray(reference(corpus, p).get_scores(["a"]))
    assert np.isnan(ref_scores[1]) and np.isfinite(ref_scores[[0, 2]]).all()
    ours = InvertedBM25(corpus, **p).get_scores(["a"])
    np.testing.assert_allclose(ours[[0, 2]], ref_scores[[0, 2]], rtol=TOL, atol=TOL)
    # a document without the term gets what every other such document gets
    assert ours[1] == ours[2]


def test_make_engine_selects_engine_and_validates():
    corpus = [["a", "b"], ["b", "c"], ["c"]]
    for variant in REFERENCE:
        p = {"variant": variant, "k1": 1.2, "b": 0.7, "epsilon": 0.3, "delta": 0.8}
        ref = make_engine("rank_bm25", corpus, **p)
        assert isinstance(ref, RankBM25Engine)
        direct = reference(corpus, p)
        np.testing.assert_array_equal(ref.get_scores(["b", "x"]), direct.get_scores(["b", "x"]))
        assert ref.idf("c") == direct.idf["c"] and ref.document_frequency("c") == 2
        ours = make_engine("inverted", corpus, **p)
        assert isinstance(ours, InvertedBM25)
        np.testing.assert_array_equal(ours.top_k(["c"], 2)[0], ref.top_k(["c"], 2)[0])
    assert make_engine("rank_bm25", []).get_scores(["a"]).shape == (0,)
    with pytest.raises(ValueError):
        make_engine("bm25s", corpus)
    with pytest.raises(ValueError):
        make_engine("inverted", corpus, variant="atire")
    with pytest.raises(ValueError):
        InvertedBM25(corpus, b=1.5)
