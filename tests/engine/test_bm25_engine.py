"""InvertedBM25 against rank_bm25 itself: scores within 1e-9 and the same top-k order.

Inputs on which rank_bm25 cannot produce a ranking are excluded from the
differential tests (and covered separately below):
- an empty corpus, or one without any token: rank_bm25 divides by zero (avgdl, or
  Okapi's average idf) or returns NaN for every document;
- b == 1 together with an empty document, and k1 == 0: rank_bm25 computes 0 / 0 and
  scores the document(s) NaN.  InvertedBM25 returns the limit value there.

Every InvertedBM25 test runs on both query paths: the numpy one and the compiled
kernel (skipped only when the extension was not built).  Weighted queries are checked
against rank_bm25's per-token scores scaled and summed in query order, and the two
paths against each other bit for bit.
"""

from __future__ import annotations

import threading

import numpy as np
import pytest
import rank_bm25
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from retrieval.index import bm25
from retrieval.index.bm25 import (
    BM25Params,
    InvertedBM25,
    RankBM25Engine,
    kernel_available,
    make_engine,
    select_top_k,
)

KERNELS = [
    "numpy",
    pytest.param("compiled", marks=pytest.mark.skipif(
        not kernel_available(), reason="compiled kernel not built (no C compiler)")),
]

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


@pytest.mark.parametrize("kernel", KERNELS)
@settings(max_examples=200, deadline=None)
@given(corpus=corpora, query_list=st.lists(queries, min_size=1, max_size=4), p=params,
       k=st.integers(1, 20))
def test_scores_and_top_k_match_rank_bm25(kernel, corpus, query_list, p, k):
    assume(rank_bm25_can_rank(corpus, p))
    ref = reference(corpus, p)
    ours = InvertedBM25(corpus, **p, kernel=kernel)
    assert ours.kernel == kernel
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


@pytest.mark.parametrize("kernel", KERNELS)
@pytest.mark.parametrize("variant", sorted(REFERENCE))
def test_large_corpus_selection_and_chunked_build(variant, kernel, monkeypatch):
    """Thousands of documents take the sampled-threshold selection path; a tiny
    chunk size makes the build merge many blocks of postings."""
    monkeypatch.setattr(bm25, "_CHUNK_TOKENS", 997)
    corpus = zipf_corpus(seed=7, n_docs=3000, vocab=300)
    p = {"variant": variant, "k1": 1.2, "b": 0.6, "epsilon": 0.25, "delta": 0.7}
    ref = reference(corpus, p)
    ours = InvertedBM25(corpus, **p, kernel=kernel)
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


def test_select_top_k_asked_for_more_than_a_sample_holds_still_returns_all_k():
    """A k beyond what the strided sample can bound (here more than the sample's size)
    is selected exactly, not from a threshold too high (too few ids) or out of range."""
    rng = np.random.default_rng(1)
    n = 12_288  # a stride of 3: a sample of 4096 scores
    scores = rng.random(n) + 0.5  # every document above the base
    for k in (1_500, 5_000, n):
        expected = np.argsort(-scores, kind="stable")[:k]
        np.testing.assert_array_equal(select_top_k(scores, k), expected)


@pytest.mark.parametrize("kernel", KERNELS)
def test_negative_okapi_weights_rank_below_unmatched_documents(kernel):
    # "a" is in most documents: its idf is negative, floored at epsilon * average idf,
    # and a negative epsilon makes that floor negative.
    corpus = [["a"], ["a", "b"], ["a"], ["c"], ["a", "c"]]
    p = {"variant": "okapi", "k1": 1.5, "b": 0.75, "epsilon": -0.5, "delta": 1.0}
    ref_scores = np.asarray(reference(corpus, p).get_scores(["a"]))
    assert (ref_scores < 0).any()
    ours = InvertedBM25(corpus, **p, kernel=kernel)
    np.testing.assert_allclose(ours.get_scores(["a"]), ref_scores, rtol=TOL, atol=TOL)
    assert_valid_top_k(ours.top_k(["a"], 4)[0], ref_scores, 4)


@pytest.mark.parametrize("kernel", KERNELS)
@pytest.mark.parametrize("variant", sorted(REFERENCE))
def test_degenerate_corpora_do_not_crash(variant, kernel):
    empty = InvertedBM25([], variant, kernel=kernel)
    assert empty.n_docs == 0
    assert empty.get_scores(["a"]).shape == (0,)
    ids, scores = empty.top_k(["a"], 5)
    assert ids.shape == scores.shape == (0,)
    assert empty.document_frequency("a") == 0 and empty.idf("a") == 0.0

    blank = InvertedBM25([[], []], variant, kernel=kernel)
    np.testing.assert_array_equal(blank.get_scores(["a", "a"]), [0.0, 0.0])
    np.testing.assert_array_equal(blank.top_k(["a"], 5)[0], [0, 1])

    single = InvertedBM25([["a", "b", "a"]], variant, kernel=kernel)
    assert single.top_k([], 3)[0].tolist() == [0]
    np.testing.assert_array_equal(single.get_scores([]), [0.0])


@pytest.mark.parametrize("kernel", KERNELS)
@pytest.mark.parametrize("variant", sorted(REFERENCE))
def test_where_rank_bm25_gives_nan_we_give_the_limit(variant, kernel):
    """b == 1 and an empty document: rank_bm25 computes 0/0 for that document only."""
    corpus = [["a", "b"], [], ["b"]]
    p = {"variant": variant, "k1": 1.5, "b": 1.0, "epsilon": 0.25, "delta": 1.0}
    with np.errstate(invalid="ignore", divide="ignore"):
        ref_scores = np.asarray(reference(corpus, p).get_scores(["a"]))
    assert np.isnan(ref_scores[1]) and np.isfinite(ref_scores[[0, 2]]).all()
    engine = InvertedBM25(corpus, **p, kernel=kernel)
    ours = engine.get_scores(["a"])
    np.testing.assert_allclose(ours[[0, 2]], ref_scores[[0, 2]], rtol=TOL, atol=TOL)
    # a document without the term gets what every other such document gets
    assert ours[1] == ours[2]
    ids, scores = engine.top_k(["a"], 3)
    np.testing.assert_array_equal(scores, ours[ids])


def test_make_engine_selects_engine_and_validates():
    corpus = [["a", "b"], ["b", "c"], ["c"]]
    for variant in REFERENCE:
        p = {"variant": variant, "k1": 1.2, "b": 0.7, "epsilon": 0.3, "delta": 0.8}
        ref = make_engine("rank_bm25", corpus, BM25Params(**p))
        assert isinstance(ref, RankBM25Engine)
        direct = reference(corpus, p)
        np.testing.assert_array_equal(ref.get_scores(["b", "x"]), direct.get_scores(["b", "x"]))
        assert ref.idf("c") == direct.idf["c"] and ref.document_frequency("c") == 2
        ours = make_engine("inverted", corpus, BM25Params(**p))
        assert isinstance(ours, InvertedBM25)
        np.testing.assert_array_equal(ours.top_k(["c"], 2)[0], ref.top_k(["c"], 2)[0])
    assert make_engine("rank_bm25", []).get_scores(["a"]).shape == (0,)
    with pytest.raises(ValueError):
        make_engine("bm25s", corpus)
    with pytest.raises(ValueError):
        BM25Params(variant="atire")
    for bad in ({"b": 1.5}, {"k1": 0.0}, {"delta": -1.0}, {"k1": float("inf")}):
        with pytest.raises(ValueError):
            BM25Params(**bad)
        with pytest.raises(ValueError):
            InvertedBM25(corpus, **bad)


# ---------------------------------------------------------------- query weights

weights_for = st.floats(-2.0, 3.0, allow_nan=False) | st.sampled_from([0.0, 0.5, 1.0, 2.0])
def layouts(numpy_engine: InvertedBM25, corpus: list[list[str]], p: dict) -> list[InvertedBM25]:
    """The other three (path, layout) pairs: compiled on float64 weights, compiled on
    the gain table (Okapi and Plus), numpy on the gain table."""
    compiled_float = InvertedBM25.from_arrays(*numpy_engine.to_arrays(), kernel="compiled")
    compiled_compact = InvertedBM25(corpus, **p, kernel="compiled", compact=True)
    numpy_compact = InvertedBM25.from_arrays(*compiled_compact.to_arrays(), kernel="numpy")
    assert not compiled_float.compact
    return [compiled_float, compiled_compact, numpy_compact]


# (sparse ratio, prune ratio, prune scope, tile) forcing each of the kernel's selections
# (with _PRUNE_MIN_DOCS = 0, so the large-index ratios apply); inf: always try.  The
# dense pass scores in a private buffer when the index has more documents than a tile
# (_TILE_DOCS): small tiles make it do so here, with tile edges anywhere in a
# 16-document block, after a sparse attempt and after pruning gave up.
SELECTIONS = {
    "sparse": (float("inf"), 0.0, 0.0, bm25._TILE_DOCS),
    "dense": (0.0, 0.0, 0.0, bm25._TILE_DOCS),
    "pruned": (float("inf"), float("inf"), float("inf"), bm25._TILE_DOCS),
    "pruned_else_dense": (0.0, float("inf"), float("inf"), bm25._TILE_DOCS),
    "default": (bm25._LARGE_SPARSE_RATIO, bm25._PRUNE_RATIO, bm25._PRUNE_SCOPE,
                bm25._TILE_DOCS),
    "dense_tiles_of_1": (0.0, 0.0, 0.0, 1),
    "dense_tiles_of_3": (0.0, 0.0, 0.0, 3),
    "sparse_else_tiles_of_5": (float("inf"), 0.0, 0.0, 5),
    "pruned_else_tiles_of_37": (0.0, float("inf"), float("inf"), 37),
}


def force_selection(mp: pytest.MonkeyPatch, selection: str) -> None:
    ratio, prune, scope, tile = SELECTIONS[selection]
    mp.setattr(bm25, "_TILE_DOCS", tile)
    mp.setattr(bm25, "_LARGE_SPARSE_RATIO", ratio)
    mp.setattr(bm25, "_PRUNE_RATIO", prune)
    mp.setattr(bm25, "_PRUNE_SCOPE", scope)
    mp.setattr(bm25, "_PRUNE_MIN_DOCS", 0)


def weighted_reference(ref: rank_bm25.BM25, n_docs: int, query: list[str],
                       weights: list[float]) -> np.ndarray:
    """The definition of a weighted query: weights[j] * (token j's rank_bm25 scores),
    summed in query order (a one-token query's scores are that token's contribution)."""
    scores = np.zeros(n_docs)
    for token, weight in zip(query, weights, strict=True):
        scores += weight * np.asarray(ref.get_scores([token]))
    return scores


@settings(max_examples=150, deadline=None)
@given(corpus=corpora, data=st.data(), p=params, k=st.integers(1, 20))
def test_weighted_queries_match_the_weighted_reference(corpus, data, p, k):
    assume(rank_bm25_can_rank(corpus, p))
    ref = reference(corpus, p)
    query = data.draw(queries)
    weights = data.draw(st.lists(weights_for, min_size=len(query), max_size=len(query)))
    expected = weighted_reference(ref, len(corpus), query, weights)
    ours = InvertedBM25(corpus, **p, kernel="numpy")
    np.testing.assert_allclose(ours.get_scores(query, weights), expected, rtol=TOL, atol=TOL)
    assert_valid_top_k(ours.top_k(query, k, weights)[0], expected, k)
    # the library wrapper scales rank_bm25's own per-token scores: the same numbers
    wrapper = RankBM25Engine(corpus, **p)
    np.testing.assert_array_equal(wrapper.get_scores(query, weights), expected)
    np.testing.assert_array_equal(wrapper.top_k(query, k, weights)[0],
                                  np.argsort(-expected, kind="stable")[:k])


@pytest.mark.skipif(not kernel_available(), reason="compiled kernel not built")
@pytest.mark.parametrize("selection", sorted(SELECTIONS))
@settings(max_examples=100, deadline=None)
@given(corpus=corpora, data=st.data(), p=params, k=st.integers(1, 20),
       weighted=st.booleans())
def test_compiled_kernel_is_bit_identical_to_numpy(selection, corpus, data, p, k, weighted):
    """Scores and ids equal bit for bit, whichever way the kernel selects."""
    numpy_engine = InvertedBM25(corpus, **p, kernel="numpy")
    engines = layouts(numpy_engine, corpus, p)
    for _ in range(3):
        query = data.draw(queries)
        weights = data.draw(st.lists(weights_for, min_size=len(query), max_size=len(query)))
        weights = weights if weighted else None
        expected = numpy_engine.top_k(query, k, weights)
        with pytest.MonkeyPatch.context() as mp:
            force_selection(mp, selection)
            for engine in engines:
                got = engine.top_k(query, k, weights)
                for a, b in zip(got, expected, strict=True):
                    assert a.dtype == b.dtype
                    np.testing.assert_array_equal(a, b)
    for engine in engines:  # the reused buffers are left clean
        for buf, stamp in engine._buffers:
            assert not buf.any() and (stamp is None or not stamp.any())


@pytest.mark.parametrize("kernel", KERNELS)
@pytest.mark.parametrize("variant", sorted(REFERENCE))
def test_unit_weights_change_nothing(kernel, variant):
    corpus = zipf_corpus(seed=11, n_docs=500, vocab=80)
    engine = InvertedBM25(corpus, variant, kernel=kernel)
    for query in (["w0", "w3", "w0"], ["w1"], ["zz", "w2"], []):
        plain = engine.top_k(query, 10)
        for weights in ([1.0] * len(query), np.ones(len(query))):
            for a, b in zip(engine.top_k(query, 10, weights), plain, strict=True):
                np.testing.assert_array_equal(a, b)
        np.testing.assert_array_equal(engine.get_scores(query, [1] * len(query)),
                                      engine.get_scores(query))


@pytest.mark.parametrize("kernel", KERNELS)
def test_bad_weights_are_refused(kernel):
    engine = InvertedBM25([["a", "b"], ["b"]], kernel=kernel)
    for weights in ([1.0], [1.0, 2.0, 3.0], [1.0, float("nan")], [float("inf"), 1.0]):
        with pytest.raises(ValueError):
            engine.top_k(["a", "b"], 2, weights)
    with pytest.raises(ValueError):
        RankBM25Engine([["a", "b"], ["b"]]).top_k(["a"], 2, [1.0, 2.0])


def test_kernel_choice_is_validated(monkeypatch):
    with pytest.raises(ValueError):
        InvertedBM25([["a"]], kernel="gpu")
    monkeypatch.setenv("BM25_KERNEL", "numpy")
    assert InvertedBM25([["a"]]).kernel == "numpy"
    monkeypatch.setattr(bm25, "_kernel", None)
    monkeypatch.delenv("BM25_KERNEL")
    assert InvertedBM25([["a"]]).kernel == "numpy"
    with pytest.raises(RuntimeError):
        InvertedBM25([["a"]], kernel="compiled")


@pytest.mark.parametrize("kernel", KERNELS)
def test_concurrent_queries_get_their_own_buffers(kernel):
    corpus = zipf_corpus(seed=5, n_docs=4000, vocab=400)
    engine = InvertedBM25(corpus, "plus", kernel=kernel)
    rng = np.random.default_rng(1)
    work = [[f"w{i}" for i in rng.zipf(1.4, size=rng.integers(1, 7)) - 1] for _ in range(60)]
    expected = [engine.top_k(q, 7) for q in work]
    failures: list[int] = []

    def run(offset: int) -> None:
        for i in range(len(work)):
            j = (i + offset) % len(work)
            ids, scores = engine.top_k(work[j], 7)
            if not (np.array_equal(ids, expected[j][0])
                    and np.array_equal(scores, expected[j][1])):
                failures.append(j)

    threads = [threading.Thread(target=run, args=(7 * t,)) for t in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures


@pytest.mark.skipif(not kernel_available(), reason="compiled kernel not built")
@pytest.mark.parametrize("variant", sorted(REFERENCE))
@pytest.mark.parametrize("selection", ["sparse", "pruned", "pruned_else_dense", "default",
                                       "dense_tiles_of_3", "sparse_else_tiles_of_5",
                                       "pruned_else_tiles_of_37"])
def test_kernel_on_a_zipf_corpus_with_rare_and_common_terms(variant, selection, monkeypatch):
    """Enough documents for pruning to skip common terms for real (and give up when it
    should), with repeated terms and weights; bit-identical to the numpy path."""
    corpus = zipf_corpus(seed=3, n_docs=4000, vocab=2000)
    p = {"variant": variant, "k1": 1.5, "b": 0.75, "epsilon": 0.25, "delta": 1.0}
    numpy_engine = InvertedBM25(corpus, **p, kernel="numpy")
    engines = layouts(numpy_engine, corpus, p)
    if variant != "l":
        assert engines[1].compact, "Okapi and Plus use the gain table with the kernel"
    force_selection(monkeypatch, selection)
    rng = np.random.default_rng(8)
    for i in range(150):
        common = [f"w{j}" for j in rng.integers(0, 5, size=rng.integers(0, 4))]
        rare = [f"w{j}" for j in rng.integers(50, 2000, size=rng.integers(1, 4))]
        query = list(rng.permutation(common + rare + rare[:1]))
        weights = rng.uniform(0, 2, size=len(query)).tolist() if i % 3 == 0 else None
        for k in (1, 10, 50):
            expected = numpy_engine.top_k(query, k, weights)
            for engine in engines:
                got = engine.top_k(query, k, weights)
                np.testing.assert_array_equal(got[0], expected[0])
                np.testing.assert_array_equal(got[1], expected[1])
    for engine in engines:
        for buf, _ in engine._buffers:
            assert not buf.any()


@pytest.mark.parametrize("variant", sorted(REFERENCE))
@pytest.mark.parametrize("ratio", [0.0, bm25._SPARSE_RATIO, float("inf")])
def test_numpy_selection_from_the_postings_equals_a_full_sort(variant, ratio, monkeypatch):
    """The numpy path's top k taken among the postings only (any sparse ratio) is the
    stable full sort of its own scores, with negative weights (Okapi's floor, negative
    query weights) and k larger than the postings."""
    corpus = zipf_corpus(seed=4, n_docs=4000, vocab=2000)
    engine = InvertedBM25(corpus, variant, epsilon=-0.3, kernel="numpy")
    monkeypatch.setattr(bm25, "_SPARSE_RATIO", ratio)
    taken = []
    original = InvertedBM25._top_of_postings

    def spy(self, *args):
        ids = original(self, *args)
        taken.append(ids is not None)
        return ids

    monkeypatch.setattr(InvertedBM25, "_top_of_postings", spy)
    rng = np.random.default_rng(9)
    for i in range(120):
        common = [f"w{j}" for j in rng.integers(0, 5, size=rng.integers(0, 3))]
        rare = [f"w{j}" for j in rng.integers(20, 2000, size=rng.integers(1, 4))]
        query = list(rng.permutation(common + rare + rare[:1]))
        weights = rng.uniform(-1, 2, size=len(query)).tolist() if i % 3 == 0 else None
        full = engine.get_scores(query, weights)
        for k in (1, 3, 10, 50):
            ids, scores = engine.top_k(query, k, weights)
            expected = np.argsort(-full, kind="stable")[:k]
            np.testing.assert_array_equal(ids, expected)
            np.testing.assert_array_equal(scores, full[expected])
    if ratio == 0.0:
        assert not any(taken)
    else:  # the selection under test really ran, and declined where it must
        assert 0 < sum(taken) < len(taken)


@settings(max_examples=150, deadline=None)
@given(corpus=corpora, data=st.data(), p=params, k=st.integers(1, 20))
def test_numpy_selection_from_the_postings_on_any_corpus(corpus, data, p, k):
    assume(rank_bm25_can_rank(corpus, p))
    engine = InvertedBM25(corpus, **p, kernel="numpy")
    query = data.draw(queries)
    weights = data.draw(st.none() | st.lists(weights_for, min_size=len(query),
                                             max_size=len(query)))
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(bm25, "_SPARSE_RATIO", float("inf"))
        ids, scores = engine.top_k(query, k, weights)
    full = engine.get_scores(query, weights)
    expected = np.argsort(-full, kind="stable")[:k]
    np.testing.assert_array_equal(ids, expected)
    np.testing.assert_array_equal(scores, full[expected])


@pytest.mark.skipif(not kernel_available(), reason="compiled kernel not built")
@settings(max_examples=60, deadline=None)
@given(corpus=st.lists(st.lists(st.sampled_from(WORDS + ABSENT) | st.text(max_size=3),
                                max_size=12), max_size=30))
def test_compiled_build_numbers_terms_as_the_python_loop(corpus):
    """The build's compiled token -> id loop gives the numpy build's very index."""
    arrays = [InvertedBM25(corpus, kernel=kernel, compact=False).to_arrays()
              for kernel in ("numpy", "compiled")]
    (numpy_arrays, numpy_meta), (compiled_arrays, compiled_meta) = arrays
    assert numpy_meta == compiled_meta and numpy_arrays.keys() == compiled_arrays.keys()
    for name, array in numpy_arrays.items():
        np.testing.assert_array_equal(compiled_arrays[name], array)


@pytest.mark.skipif(not kernel_available(), reason="compiled kernel not built")
def test_compiled_term_ids_refuses_what_it_cannot_number():
    from retrieval.index import _kernel

    out = np.empty(3, dtype=np.int64)
    vocab: dict = {}
    assert _kernel.term_ids([["a", "b"], ("b",), []], vocab, out) == 3
    assert out.tolist() == [0, 1, 1] and vocab == {"a": 0, "b": 1}
    with pytest.raises(ValueError):
        _kernel.term_ids([["a"] * 4], {}, out)
    with pytest.raises(TypeError):
        _kernel.term_ids([[["unhashable"]]], {}, out)
    with pytest.raises(TypeError):
        _kernel.term_ids([7], {}, out)
    with pytest.raises(TypeError):
        _kernel.term_ids([["a"]], {}, np.empty(3, dtype=np.int32))
