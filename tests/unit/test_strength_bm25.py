"""retrieval.index.bm25's Python side on tiny hand-made corpora: parameter checks, query
weights, the numpy scoring path (and the compact gain table) against rank_bm25 itself,
top-k selection against a stable argsort, the postings-only shortcut, multi-block
builds, term bounds, and the arrays a snapshot stores and refuses.

PYTEST_DONT_REWRITE: plain asserts, so that collecting this file stays cheap (the unit
layer's time budget); a failure still shows the failing line.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from retrieval.index import bm25
from retrieval.index.bm25 import (
    BM25Params,
    InvertedBM25,
    RankBM25Engine,
    make_engine,
    select_top_k,
)

CORPUS = [
    ["a", "b", "a", "c"],
    ["b", "c"],
    ["c"],
    [],
    ["a", "c", "d", "d", "d"],
    ["e", "b"],
    ["c", "c", "b", "f", "a"],
]
QUERIES = [
    ["a"],
    ["d", "a"],
    ["c", "b", "c"],
    ["zz"],
    ["a", "zz", "f"],
    [],
    ["e", "d", "b", "a"],
]
VARIANTS = ("okapi", "plus", "l")
KERNELS = ("numpy", "compiled") if bm25.kernel_available() else ("numpy",)


def reference(variant: str, corpus=CORPUS, **params) -> RankBM25Engine:
    return RankBM25Engine(corpus, variant, **params)


# ---------------------------------------------------------------- parameters


def _parameters_at_their_limits_are_accepted_case(params):
    p = BM25Params(**params)
    for name, value in params.items():
        assert getattr(p, name) == value


def test_parameters_at_their_limits_are_accepted():
    for params in [
        {"k1": 1e-9},
        {"b": 0.0},
        {"b": 1.0},
        {"delta": 0.0},
        {"epsilon": -5.0},
        {"epsilon": 0.0},
        {"k1": 3},
        {"variant": "plus"},
        {"variant": "l"},
    ]:
        _parameters_at_their_limits_are_accepted_case(params)


def _parameters_out_of_range_name_the_parameter_case(params, name):
    with pytest.raises(ValueError, match=f"BM25 {name} out of range"):
        BM25Params(**params)


def test_parameters_out_of_range_name_the_parameter():
    for params, name in [
        ({"k1": 0.0}, "k1"),
        ({"k1": -1.0}, "k1"),
        ({"b": -0.01}, "b"),
        ({"b": 1.01}, "b"),
        ({"delta": -0.1}, "delta"),
        ({"epsilon": math.inf}, "epsilon"),
        ({"epsilon": math.nan}, "epsilon"),
        ({"k1": math.inf}, "k1"),
        ({"b": "0.5"}, "b"),
        ({"delta": None}, "delta"),
    ]:
        _parameters_out_of_range_name_the_parameter_case(params, name)


def test_an_unknown_variant_is_refused():
    with pytest.raises(ValueError, match="variant must be one of"):
        BM25Params(variant="okapi2")


def test_engines_turn_their_parameters_into_floats():
    engine = InvertedBM25(CORPUS, "okapi", k1=2, b=1, epsilon=0, delta=3, kernel="numpy")
    assert engine.params == BM25Params("okapi", 2.0, 1.0, 0.0, 3.0)
    assert all(type(getattr(engine.params, n)) is float for n in ("k1", "b", "epsilon", "delta"))
    assert RankBM25Engine(CORPUS, "l", k1=2).params.k1 == 2.0


def test_kernel_choice(monkeypatch):
    with pytest.raises(ValueError, match="kernel must be one of"):
        bm25._use_kernel("fast")
    assert bm25._use_kernel("numpy") is False
    if bm25.kernel_available():
        assert bm25._use_kernel("compiled") is True
        monkeypatch.delenv("BM25_KERNEL", raising=False)
        assert bm25._use_kernel("auto") is True
        monkeypatch.setenv("BM25_KERNEL", "compiled")
        assert bm25._use_kernel("auto") is True
        monkeypatch.setenv("BM25_KERNEL", "numpy")
        assert bm25._use_kernel("auto") is False
        assert InvertedBM25(CORPUS).kernel == "numpy"
    monkeypatch.setattr(bm25, "_kernel", None)
    monkeypatch.delenv("BM25_KERNEL", raising=False)
    assert bm25.kernel_available() is False
    assert bm25._use_kernel("auto") is False
    with pytest.raises(RuntimeError, match="not built"):
        bm25._use_kernel("compiled")


def test_query_weights():
    assert bm25._query_weights(["a", "b"], None) is None
    assert bm25._query_weights(["a", "b"], [1, 1.0]) is None
    assert bm25._query_weights([], []) is None
    assert bm25._query_weights(["a", "b"], [2, 1]) == [2.0, 1.0]
    assert bm25._query_weights(["a"], [0]) == [0.0]
    with pytest.raises(ValueError, match="3 weights for 2 query tokens"):
        bm25._query_weights(["a", "b"], [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="1 weights for 2 query tokens"):
        bm25._query_weights(["a", "b"], [2.0])
    with pytest.raises(ValueError, match="finite"):
        bm25._query_weights(["a", "b"], [1.0, math.inf])
    with pytest.raises(ValueError, match="finite"):
        bm25._query_weights(["a"], [math.nan])


# ---------------------------------------------------------------- scores


def _scores_and_top_k_are_rank_bm25s_exactly_case(variant, kernel, compact):
    ref = reference(variant)
    engine = InvertedBM25(CORPUS, variant, kernel=kernel, compact=compact)
    assert engine.kernel == kernel
    assert engine.compact == (compact and variant != "l")
    assert engine.n_docs == len(CORPUS) and engine.n_terms == 6
    assert engine.avgdl == sum(map(len, CORPUS)) / len(CORPUS)
    for query in QUERIES:
        expected = ref.get_scores(query)
        np.testing.assert_array_equal(engine.get_scores(query), expected)
        for k in (0, 1, 3, 7, 20):
            ids, scores = engine.top_k(query, k)
            want = np.argsort(-expected, kind="stable")[:k]
            np.testing.assert_array_equal(ids, want)
            np.testing.assert_array_equal(scores, expected[want])
            assert ids.dtype == np.int64


def test_scores_and_top_k_are_rank_bm25s_exactly():
    for variant in VARIANTS:
        for kernel in KERNELS:
            for compact in [False, True]:
                _scores_and_top_k_are_rank_bm25s_exactly_case(variant, kernel, compact)


def _weighted_queries_scale_each_tokens_contribution_case(variant, kernel, compact):
    ref = reference(variant)
    engine = InvertedBM25(CORPUS, variant, kernel=kernel, compact=compact)
    query, weights = ["a", "zz", "c", "a", "d"], [2.0, 5.0, 0.5, 1.0, 3.0]
    expected = np.zeros(len(CORPUS))
    for token, weight in zip(query, weights, strict=True):
        expected += weight * ref.get_scores([token])
    np.testing.assert_array_equal(ref.get_scores(query, weights), expected)
    np.testing.assert_array_equal(engine.get_scores(query, weights), expected)
    ids, scores = engine.top_k(query, 4, weights)
    np.testing.assert_array_equal(ids, np.argsort(-expected, kind="stable")[:4])
    np.testing.assert_array_equal(scores, expected[ids])
    # weights of 1.0 are no weights
    np.testing.assert_array_equal(engine.get_scores(query, [1.0] * 5), ref.get_scores(query))
    with pytest.raises(ValueError, match="weights for"):
        engine.get_scores(query, [1.0])
    with pytest.raises(ValueError, match="weights for"):
        ref.get_scores(query, [1.0])


def test_weighted_queries_scale_each_tokens_contribution():
    for variant in VARIANTS:
        for kernel in KERNELS:
            for compact in [False, True]:
                _weighted_queries_scale_each_tokens_contribution_case(variant, kernel, compact)


def test_plus_gives_idf_times_delta_to_documents_without_the_term():
    engine = InvertedBM25(CORPUS, "plus", delta=0.5, kernel="numpy")
    scores = engine.get_scores(["d"])
    idf = math.log((len(CORPUS) + 1) / 1)
    assert engine.idf("d") == idf
    missing = [i for i, doc in enumerate(CORPUS) if "d" not in doc]
    np.testing.assert_array_equal(scores[missing], np.full(len(missing), idf * 0.5))
    assert scores[4] > idf * 0.5
    # weighted, the miss is weighted too
    np.testing.assert_array_equal(
        engine.get_scores(["d"], [2.0])[missing], np.full(len(missing), 2.0 * idf * 0.5)
    )


def test_okapi_floors_negative_idf_at_epsilon_times_the_average():
    corpus = [["x", "y"], ["x"], ["x", "z"], ["w"]]
    engine = InvertedBM25(corpus, "okapi", epsilon=0.5, kernel="numpy")
    n = 4
    raw = {
        t: math.log(n - f + 0.5) - math.log(f + 0.5)
        for t, f in {"x": 3, "y": 1, "z": 1, "w": 1}.items()
    }
    average = sum(raw.values()) / 4
    assert raw["x"] < 0
    assert engine.idf("x") == pytest.approx(0.5 * average)
    assert engine.idf("y") == pytest.approx(raw["y"])
    assert engine.idf("nope") == 0.0
    assert engine.document_frequency("x") == 3
    assert engine.document_frequency("w") == 1
    assert engine.document_frequency("nope") == 0
    for token in ("x", "y", "w"):
        assert engine.idf(token) == reference("okapi", corpus, epsilon=0.5).idf(token)


def _idf_of_each_variant_case(variant):
    engine = InvertedBM25(CORPUS, variant, kernel="numpy")
    n, f = len(CORPUS), 3  # "a" is in three documents
    expected = {
        "okapi": math.log(n - f + 0.5) - math.log(f + 0.5),
        "l": math.log(n + 1) - math.log(f + 0.5),
        "plus": math.log((n + 1) / f),
    }[variant]
    assert engine.document_frequency("a") == f
    assert engine.idf("a") == pytest.approx(expected)
    assert reference(variant).idf("a") == pytest.approx(expected)
    assert reference(variant).document_frequency("a") == f
    assert reference(variant).document_frequency("nope") == 0


def test_idf_of_each_variant():
    for variant in VARIANTS:
        _idf_of_each_variant_case(variant)


def _a_corpus_of_empty_documents_scores_nothing_case(variant, kernel):
    corpus = [[], [], []]
    engine = InvertedBM25(corpus, variant, kernel=kernel)
    assert engine.n_terms == 0 and engine.avgdl == 0.0
    np.testing.assert_array_equal(engine.get_scores(["a"]), np.zeros(3))
    ids, scores = engine.top_k(["a"], 2)
    np.testing.assert_array_equal(ids, [0, 1])
    np.testing.assert_array_equal(scores, [0.0, 0.0])
    ref = RankBM25Engine(corpus, variant)
    np.testing.assert_array_equal(ref.get_scores(["a"]), np.zeros(3))
    assert ref.idf("a") == 0.0
    np.testing.assert_array_equal(ref.top_k(["a"], 5)[0], [0, 1, 2])


def test_a_corpus_of_empty_documents_scores_nothing():
    for variant in VARIANTS:
        for kernel in KERNELS:
            _a_corpus_of_empty_documents_scores_nothing_case(variant, kernel)


def test_length_norm_is_one_for_an_all_empty_corpus():
    params = BM25Params()
    np.testing.assert_array_equal(bm25._length_norm(params, np.zeros(3, np.int64), 0.0), np.ones(3))
    lens = np.array([1, 2, 3])
    np.testing.assert_allclose(
        bm25._length_norm(params, lens, 2.0), 1.5 * (0.25 + 0.75 * lens / 2.0)
    )
    np.testing.assert_allclose(
        bm25._length_norm(BM25Params("l"), lens, 2.0), 0.25 + 0.75 * lens / 2.0
    )


def test_b_equal_one_with_an_empty_document_gives_finite_scores():
    corpus = [["a"], [], ["a", "b"]]
    for variant in VARIANTS:
        engine = InvertedBM25(corpus, variant, b=1.0, kernel="numpy")
        assert np.isfinite(engine.get_scores(["a", "b"])).all()


def _a_build_in_many_blocks_equals_a_build_in_one_case(monkeypatch, variant, kernel):
    corpus = [[], *CORPUS, [], ["a"] * 5, ["g", "a"], [], []]
    whole = InvertedBM25(corpus, variant, kernel=kernel)
    monkeypatch.setattr(bm25, "_CHUNK_TOKENS", 3)
    blocks = InvertedBM25(corpus, variant, kernel=kernel)
    assert blocks._terms == whole._terms == ["a", "b", "c", "d", "e", "f", "g"]
    np.testing.assert_array_equal(blocks._offsets, whole._offsets)
    np.testing.assert_array_equal(blocks._doc_ids, whole._doc_ids)
    np.testing.assert_array_equal(blocks._bound, whole._bound)
    ref = RankBM25Engine(corpus, variant)
    for query in [*QUERIES, ["g", "a", "a"]]:
        np.testing.assert_array_equal(blocks.get_scores(query), ref.get_scores(query))
        np.testing.assert_array_equal(blocks.top_k(query, 4)[0], ref.top_k(query, 4)[0])


def test_a_build_in_many_blocks_equals_a_build_in_one(monkeypatch):
    for variant in VARIANTS:
        for kernel in KERNELS:
            _a_build_in_many_blocks_equals_a_build_in_one_case(monkeypatch, variant, kernel)


def test_postings_are_term_major_with_ascending_documents(monkeypatch):
    monkeypatch.setattr(bm25, "_CHUNK_TOKENS", 2)
    engine = InvertedBM25(CORPUS, kernel="numpy", compact=False)
    postings = {
        t: engine._doc_ids[engine._offsets[i] : engine._offsets[i + 1]].tolist()
        for i, t in enumerate(engine._terms)
    }
    assert postings == {
        "a": [0, 4, 6],
        "b": [0, 1, 5, 6],
        "c": [0, 1, 2, 4, 6],
        "d": [4],
        "e": [5],
        "f": [6],
    }
    assert engine._offsets.tolist() == [0, 3, 7, 12, 13, 14, 15]


def test_chunk_spans():
    assert list(bm25._chunk_spans(np.array([3, 3, 3]), 5)) == [(0, 1), (1, 2), (2, 3)]
    assert list(bm25._chunk_spans(np.array([3, 3, 3]), 6)) == [(0, 2), (2, 3)]
    assert list(bm25._chunk_spans(np.array([0, 0, 5]), 1)) == [(0, 2), (2, 3)]
    assert list(bm25._chunk_spans(np.array([9]), 2)) == [(0, 1)]
    assert list(bm25._chunk_spans(np.array([], dtype=np.int64), 2)) == []


def _the_gain_table_holds_each_tf_and_length_pair_once_case(variant):
    engine = InvertedBM25(CORPUS, variant, kernel="numpy", compact=True)
    gain_index, gain = engine._store.gain_table()
    assert gain_index.dtype == np.uint16 and len(gain_index) == len(engine._doc_ids)
    tf_len = set()
    for i, term in enumerate(engine._terms):
        for doc in engine._doc_ids[engine._offsets[i] : engine._offsets[i + 1]]:
            tf_len.add((CORPUS[doc].count(term), len(CORPUS[doc])))
    assert len(gain) == len(tf_len)
    assert len(set(gain_index.tolist())) == len(gain)


def test_the_gain_table_holds_each_tf_and_length_pair_once():
    for variant in ["okapi", "plus"]:
        _the_gain_table_holds_each_tf_and_length_pair_once_case(variant)


def test_float_weights_have_no_gain_table():
    engine = InvertedBM25(CORPUS, kernel="numpy", compact=False)
    with pytest.raises(ValueError, match="not a gain table"):
        engine._store.gain_table()
    assert InvertedBM25(CORPUS, "l", kernel="numpy", compact=True).compact is False


def test_a_gain_key_space_too_large_falls_back_to_float_weights(monkeypatch):
    monkeypatch.setattr(bm25, "_MAX_GAIN_KEYS", 3)
    engine = InvertedBM25(CORPUS, kernel="numpy", compact=True)
    assert engine.compact is False
    np.testing.assert_array_equal(
        engine.get_scores(["a", "c"]), reference("okapi").get_scores(["a", "c"])
    )


def test_compact_is_the_compiled_kernels_default():
    assert InvertedBM25(CORPUS, kernel="numpy").compact is False
    if bm25.kernel_available():
        assert InvertedBM25(CORPUS, kernel="compiled").compact is True
        assert InvertedBM25(CORPUS, kernel="compiled", compact=False).compact is False


def _term_bounds_are_the_largest_posting_weight_case(variant, compact):
    corpus = [["x", "y"], ["x"], ["x", "z", "z"], ["w"], ["y", "y", "y", "q"]]
    engine = InvertedBM25(corpus, variant, kernel="numpy", compact=compact)
    ref = RankBM25Engine(corpus, variant)
    for i, term in enumerate(engine._terms):
        idf = engine.idf(term)
        if idf < 0:
            assert engine._bound[i] == -1.0
            continue
        scores = ref.get_scores([term])
        docs = [d for d, doc in enumerate(corpus) if term in doc]
        assert engine._bound[i] == pytest.approx(max(scores[docs]))
    if variant == "okapi":  # a negative average makes the floor negative
        engine = InvertedBM25(
            [["x", "y"], ["x", "y"], ["x", "y"], ["w"]], kernel="numpy", compact=compact
        )
        assert engine.idf("x") < 0 and engine.idf("w") > 0
        assert engine._bound.tolist()[:2] == [-1.0, -1.0] and engine._bound[2] > 0


def test_term_bounds_are_the_largest_posting_weight():
    for variant in VARIANTS:
        for compact in [False, True]:
            _term_bounds_are_the_largest_posting_weight_case(variant, compact)


# ---------------------------------------------------------------- selection


def stable_top(scores: np.ndarray, k: int) -> np.ndarray:
    return np.argsort(-scores, kind="stable")[: max(k, 0)]


def _select_top_k_is_a_stable_argsort_case(n, base):
    rng = np.random.default_rng(n)
    scores = rng.integers(-2, 5, n).astype(np.float64) / 2
    for k in (-1, 0, 1, 2, 3, n // 2, n - 1, n, n + 3):
        ids = select_top_k(scores, k, base)
        np.testing.assert_array_equal(ids, stable_top(scores, k))
        assert ids.dtype == np.int64


def test_select_top_k_is_a_stable_argsort():
    for n in [1, 5, 40, 3000]:
        for base in [0.0, 1.0, -1.0, 2.5]:
            _select_top_k_is_a_stable_argsort_case(n, base)


def test_select_top_k_with_many_documents_uses_the_sample_bound_correctly():
    rng = np.random.default_rng(7)
    scores = rng.random(5000)
    scores[rng.integers(0, 5000, 300)] = 0.0
    scores[::97] = 0.75
    for k in (1, 10, 60, 500, 1024, 1025, 2000):
        np.testing.assert_array_equal(select_top_k(scores, k), stable_top(scores, k))
    assert bm25._sample_threshold(scores, 10) is not None
    assert bm25._sample_threshold(scores, 1025) is None
    assert bm25._sample_threshold(scores[:2047], 10) is None
    assert bm25._sample_threshold(scores[:2048], 10) is not None


def test_sample_threshold_is_the_kth_best_of_a_strided_sample():
    scores = np.arange(8192, dtype=np.float64)
    sample = scores[::2]
    assert bm25._sample_threshold(scores, 3) == float(sorted(sample)[-3])
    scores = np.arange(4096, dtype=np.float64)
    assert bm25._sample_threshold(scores, 1) == 4095.0
    assert bm25._sample_threshold(scores, 1024) == 4096.0 - 1024


def test_best_keeps_the_lowest_ids_among_ties():
    ids = np.array([3, 5, 8, 9, 12])
    scores = np.array([1.0, 2.0, 1.0, 2.0, 1.0])
    np.testing.assert_array_equal(bm25._best(ids, scores, 3), [5, 9, 3])
    np.testing.assert_array_equal(bm25._best(ids, scores, 4), [5, 9, 3, 8])
    np.testing.assert_array_equal(bm25._best(ids, scores, 1), [5])
    np.testing.assert_array_equal(bm25._best(ids, scores, 9), [5, 9, 3, 8, 12])
    np.testing.assert_array_equal(bm25._ordered(ids, scores), [1, 3, 0, 2, 4])


def sparse_corpus() -> list[list[str]]:
    """Many documents, a few rare terms: the postings-only path applies."""
    corpus = [["common", f"w{i % 13}"] for i in range(300)]
    for doc, extra in [
        (17, ["rare", "rare"]),
        (42, ["rare"]),
        (99, ["rare", "odd"]),
        (150, ["odd"]),
        (151, ["odd", "odd"]),
        (299, ["rare"]),
    ]:
        corpus[doc] = corpus[doc] + extra
    return corpus


def _rare_term_queries_match_rank_bm25_case(variant, kernel):
    corpus = sparse_corpus()
    engine = InvertedBM25(corpus, variant, kernel=kernel)
    ref = RankBM25Engine(corpus, variant)
    for query in (
        ["rare"],
        ["odd"],
        ["rare", "odd"],
        ["odd", "rare", "rare"],
        ["common"],
        ["w3"],
        ["rare", "w3"],
    ):
        expected = ref.get_scores(query)
        for k in (1, 2, 3, 4, 5, 8, 30):
            ids, scores = engine.top_k(query, k)
            np.testing.assert_array_equal(ids, stable_top(expected, k), err_msg=str(query))
            np.testing.assert_array_equal(scores, expected[ids])
        weights = [2.0] + [0.5] * (len(query) - 1)
        weighted = ref.get_scores(query, weights)
        ids, scores = engine.top_k(query, 3, weights)
        np.testing.assert_array_equal(ids, stable_top(weighted, 3))
        np.testing.assert_array_equal(scores, weighted[ids])


def test_rare_term_queries_match_rank_bm25():
    for variant in VARIANTS:
        for kernel in KERNELS:
            _rare_term_queries_match_rank_bm25_case(variant, kernel)


def test_the_postings_shortcut_answers_only_when_it_can():
    corpus = sparse_corpus()
    engine = InvertedBM25(corpus, kernel="numpy")
    tid = engine._vocab["rare"]
    odd = engine._vocab["odd"]
    scores, base = engine._accumulate([tid], None)
    assert base == 0.0
    found = engine._top_of_postings([tid], scores, base, 2)
    np.testing.assert_array_equal(found, stable_top(scores, 2))
    assert engine._top_of_postings([tid], scores, base, 0) is None
    assert engine._top_of_postings([], scores, base, 2) is None
    # more wanted than the widest term has documents
    assert engine._top_of_postings([tid], scores, base, 5) is None
    np.testing.assert_array_equal(
        engine._top_of_postings([tid], scores, base, 4), stable_top(scores, 4)
    )
    # the widest term's documents, with the others' added
    scores, base = engine._accumulate([odd, tid], None)
    np.testing.assert_array_equal(
        engine._top_of_postings([odd, tid], scores, base, 4), stable_top(scores, 4)
    )
    # a common term's postings are too many
    common = engine._vocab["common"]
    scores, base = engine._accumulate([common], None)
    assert engine._top_of_postings([common], scores, base, 1) is None
    # documents outside the postings at the threshold: no shortcut
    scores, base = engine._accumulate([tid], None)
    assert engine._top_of_postings([tid], scores, float(scores.max()), 1) is None


def test_plus_misses_raise_the_base():
    corpus = sparse_corpus()
    engine = InvertedBM25(corpus, "plus", kernel="numpy")
    tid = engine._vocab["rare"]
    scores, base = engine._accumulate([tid, tid], None)
    assert base == pytest.approx(2 * engine.idf("rare") * engine.params.delta)
    assert scores.min() == base
    scores, base = engine._accumulate([tid], [3.0])
    assert base == pytest.approx(3 * engine.idf("rare") * engine.params.delta)


def test_top_k_reuses_score_buffers():
    if not bm25.kernel_available():
        pytest.skip("compiled kernel not built")
    engine = InvertedBM25(CORPUS, "plus", kernel="compiled")
    first = engine.top_k(["a", "c"], 3)
    assert len(engine._buffers) == 1
    buf, stamp = engine._buffers[0]
    assert stamp is not None and stamp.dtype == np.uint8 and len(stamp) == engine.n_docs
    assert not buf.any()
    second = engine.top_k(["a", "c"], 3)
    assert len(engine._buffers) == 1 and engine._buffers[0][0] is buf
    for a, b in zip(first, second, strict=True):
        np.testing.assert_array_equal(a, b)
    okapi = InvertedBM25(CORPUS, kernel="compiled")
    okapi.top_k(["a"], 2)
    assert okapi._buffers[0][1] is None
    numpy_engine = InvertedBM25(CORPUS, "plus", kernel="numpy")
    assert numpy_engine._take_buffer()[1] is None


def test_negative_k_is_no_documents():
    for kernel in KERNELS:
        engine = InvertedBM25(CORPUS, kernel=kernel)
        ids, scores = engine.top_k(["a"], -3)
        assert len(ids) == 0 and len(scores) == 0
        ids, _ = engine.top_k(["a"], 100)
        assert len(ids) == len(CORPUS)
    assert len(RankBM25Engine(CORPUS).top_k(["a"], -1)[0]) == 0


def test_kernel_ratios_depend_on_the_index_size(monkeypatch):
    engine = InvertedBM25(CORPUS, kernel="numpy")
    assert engine._kernel_ratios() == (bm25._SPARSE_RATIO, 0.0, 0.0)
    monkeypatch.setattr(bm25, "_PRUNE_MIN_DOCS", len(CORPUS))
    assert engine._kernel_ratios() == (
        bm25._LARGE_SPARSE_RATIO,
        bm25._PRUNE_RATIO,
        bm25._PRUNE_SCOPE,
    )
    monkeypatch.setattr(bm25, "_PRUNE_MIN_DOCS", len(CORPUS) + 1)
    assert engine._kernel_ratios()[1] == 0.0


def test_pruned_kernel_queries_are_exact(monkeypatch):
    if not bm25.kernel_available():
        pytest.skip("compiled kernel not built")
    monkeypatch.setattr(bm25, "_PRUNE_MIN_DOCS", 10)
    corpus = sparse_corpus()
    for variant in VARIANTS:
        engine = InvertedBM25(corpus, variant, kernel="compiled")
        ref = RankBM25Engine(corpus, variant)
        for query in (["rare"], ["rare", "odd"], ["common", "rare"]):
            expected = ref.get_scores(query)
            ids, scores = engine.top_k(query, 3)
            np.testing.assert_array_equal(ids, stable_top(expected, 3))
            np.testing.assert_array_equal(scores, expected[ids])


# ---------------------------------------------------------------- arrays


def _arrays_round_trip_case(compact):
    engine = InvertedBM25(CORPUS, "plus", delta=0.5, kernel="numpy", compact=compact)
    arrays, meta = engine.to_arrays()
    expected = {"offsets", "doc_ids", "idf", "bound", "vocab_json"}
    expected |= {"gain_index", "gain"} if compact else {"weights"}
    assert set(arrays) == expected
    assert arrays["doc_ids"].dtype == np.uint32
    assert meta == {
        "params": {"variant": "plus", "k1": 1.5, "b": 0.75, "epsilon": 0.25, "delta": 0.5},
        "n_docs": len(CORPUS),
        "avgdl": engine.avgdl,
    }
    for kernel in KERNELS:
        back = InvertedBM25.from_arrays(arrays, meta, kernel=kernel)
        assert back.params == engine.params and back.n_docs == engine.n_docs
        assert back.compact == compact and back.kernel == kernel
        assert back._terms == engine._terms
        for query in QUERIES:
            np.testing.assert_array_equal(back.get_scores(query), engine.get_scores(query))
            for a, b in zip(back.top_k(query, 3), engine.top_k(query, 3), strict=True):
                np.testing.assert_array_equal(a, b)


def test_arrays_round_trip():
    for compact in [False, True]:
        _arrays_round_trip_case(compact)


def arrays_of(compact: bool = False):
    arrays, meta = InvertedBM25(CORPUS, kernel="numpy", compact=compact).to_arrays()
    return dict(arrays), dict(meta)


def _arrays_that_do_not_fit_together_are_refused_case(change, message):
    arrays, meta = arrays_of()
    change(arrays, meta)
    with pytest.raises(ValueError, match=message):
        InvertedBM25.from_arrays(arrays, meta, kernel="numpy")


def test_arrays_that_do_not_fit_together_are_refused():
    for change, message in [
        (lambda a, m: a.pop("offsets"), "array 'offsets' missing"),
        (lambda a, m: a.pop("weights"), "array 'gain' missing"),
        (lambda a, m: a.update(idf=a["idf"].astype(np.float32)), "array 'idf' has dtype"),
        (lambda a, m: a.update(bound=a["bound"][:-1]), "array 'bound' has dtype"),
        (lambda a, m: a.update(weights=a["weights"][:-1]), "array 'weights' has dtype"),
        (lambda a, m: a.update(doc_ids=a["doc_ids"].reshape(1, -1)), "array 'doc_ids' has dtype"),
        (lambda a, m: a.update(offsets=np.concatenate([[1], a["offsets"][1:]])), "inconsistent"),
        (lambda a, m: a.update(offsets=np.array([0, 3, 2, 12, 13, 14, 15])), "inconsistent"),
        (
            lambda a, m: a.update(vocab_json=np.frombuffer(b'["a","a","c","d","e","f"]', np.uint8)),
            "inconsistent",
        ),
        (
            lambda a, m: a.update(vocab_json=np.frombuffer(b'{"a": 1}', np.uint8)),
            "not a list of strings",
        ),
        (
            lambda a, m: a.update(vocab_json=np.frombuffer(b"[1,2,3,4,5,6]", np.uint8)),
            "not a list of strings",
        ),
        (lambda a, m: a.update(vocab_json=np.frombuffer(b"[1,", np.uint8)), "bad index metadata"),
        (lambda a, m: m.update(n_docs=6), "document ids out of range"),
        (lambda a, m: m.pop("avgdl"), "bad index metadata"),
        (lambda a, m: m.update(params={"variant": "x"}), "bad index metadata"),
        (lambda a, m: m.update(params={"k1": 1, "bogus": 2}), "bad index metadata"),
        (lambda a, m: m.update(n_docs=None), "bad index metadata"),
    ]:
        _arrays_that_do_not_fit_together_are_refused_case(change, message)


def test_a_gain_index_beyond_the_table_is_refused():
    arrays, meta = arrays_of(compact=True)
    gain_index = arrays["gain_index"].copy()
    gain_index[3] = len(arrays["gain"])
    arrays["gain_index"] = gain_index
    with pytest.raises(ValueError, match="gain index out of range"):
        InvertedBM25.from_arrays(arrays, meta, kernel="numpy")
    gain_index[3] = len(arrays["gain"]) - 1
    InvertedBM25.from_arrays(arrays, meta, kernel="numpy")
    arrays["gain_index"] = gain_index.astype(np.int16)
    with pytest.raises(ValueError, match="'gain_index' has dtype"):
        InvertedBM25.from_arrays(arrays, meta, kernel="numpy")


def test_an_index_of_empty_documents_round_trips():
    engine = InvertedBM25([[], []], kernel="numpy", compact=True)
    arrays, meta = engine.to_arrays()
    back = InvertedBM25.from_arrays(arrays, meta, kernel="numpy")
    assert back.n_docs == 2 and back.n_terms == 0
    np.testing.assert_array_equal(back.get_scores(["a"]), [0.0, 0.0])


def test_the_largest_document_id_must_be_below_n_docs():
    arrays, meta = arrays_of()
    meta["n_docs"] = len(CORPUS)
    InvertedBM25.from_arrays(arrays, meta, kernel="numpy")
    meta["n_docs"] = len(CORPUS) - 1
    with pytest.raises(ValueError, match="out of range"):
        InvertedBM25.from_arrays(arrays, meta, kernel="numpy")


def test_checked():
    arrays = {"x": np.zeros(3, np.int64)}
    assert bm25._checked(arrays, "x", np.int64) is arrays["x"]
    assert bm25._checked(arrays, "x", np.int64, (3,)) is arrays["x"]
    with pytest.raises(ValueError, match="'x' has dtype int64 shape"):
        bm25._checked(arrays, "x", np.int64, (4,))
    with pytest.raises(ValueError, match="has dtype"):
        bm25._checked(arrays, "x", np.int32)
    with pytest.raises(ValueError, match="'y' missing"):
        bm25._checked(arrays, "y", np.int64)


# ---------------------------------------------------------------- engines


def test_make_engine():
    params = BM25Params("l", k1=1.2)
    inverted = make_engine("inverted", CORPUS, params)
    assert isinstance(inverted, InvertedBM25) and inverted.params == params
    reference_engine = make_engine("rank_bm25", CORPUS, params)
    assert isinstance(reference_engine, RankBM25Engine) and reference_engine.params == params
    np.testing.assert_array_equal(
        inverted.get_scores(["a", "d"]), reference_engine.get_scores(["a", "d"])
    )
    with pytest.raises(ValueError, match="engine must be one of"):
        make_engine("lucene", CORPUS)


def test_the_reference_engine_counts_documents_not_occurrences():
    engine = RankBM25Engine([["a", "a", "b"], ["a"], []])
    assert engine.document_frequency("a") == 2
    assert engine.document_frequency("b") == 1
    assert engine.n_docs == 3
    assert engine.idf("zz") == 0.0
    ids, scores = engine.top_k(["b", "a"], 2)
    np.testing.assert_array_equal(ids, [0, 1])
    assert ids.dtype == np.int64 and scores[0] > scores[1]


# ---------------------------------------------------------------- defaults and tuning


def test_the_default_parameters_are_rank_bm25s():
    assert BM25Params() == BM25Params("okapi", 1.5, 0.75, 0.25, 1.0)
    engine = InvertedBM25(CORPUS, kernel="numpy")
    assert engine.params == BM25Params()
    assert RankBM25Engine(CORPUS).params == BM25Params()


def test_the_measured_tuning_constants():
    """Measured values (bench/peers.py, bench/sparse_ratio.py): a change must be deliberate."""
    assert (bm25._SPARSE_RATIO, bm25._LARGE_SPARSE_RATIO) == (0.1, 0.05)
    assert (bm25._PRUNE_SCOPE, bm25._PRUNE_RATIO, bm25._PRUNE_MIN_DOCS) == (0.05, 0.03, 500_000)
    assert bm25._TILE_DOCS == 8192
    assert bm25._KERNEL_MAX_TERMS == 255  # Plus counts a document's terms in one byte
    assert bm25._MAX_GAIN_KEYS == 2**24
    assert bm25._CHUNK_TOKENS == 2_000_000
    assert (bm25._SAMPLE_MIN_DOCS, bm25._SAMPLE_SIZE) == (2048, 4096)


def _plus_queries_at_the_kernels_term_limit_are_exact_case(n_terms):
    corpus = [[f"t{i % 7}", f"t{i % 3}"] for i in range(40)]
    ref = RankBM25Engine(corpus, "plus")
    query = [f"t{i % 7}" for i in range(n_terms)]
    expected = ref.get_scores(query)
    for kernel in KERNELS:
        ids, scores = InvertedBM25(corpus, "plus", kernel=kernel).top_k(query, 5)
        np.testing.assert_array_equal(ids, stable_top(expected, 5))
        np.testing.assert_array_equal(scores, expected[ids])


def test_plus_queries_at_the_kernels_term_limit_are_exact():
    for n_terms in [255, 256]:
        _plus_queries_at_the_kernels_term_limit_are_exact_case(n_terms)


def _the_numpy_path_builds_and_answers_without_the_compiled_kernel_case(monkeypatch, variant):
    monkeypatch.setattr(bm25, "_kernel", None)
    engine = InvertedBM25(CORPUS, variant, kernel="auto")
    assert engine.kernel == "numpy" and not engine.compact
    ref = reference(variant)
    for query in QUERIES:
        np.testing.assert_array_equal(engine.get_scores(query), ref.get_scores(query))
        np.testing.assert_array_equal(engine.top_k(query, 3)[0], ref.top_k(query, 3)[0])


def test_the_numpy_path_builds_and_answers_without_the_compiled_kernel(monkeypatch):
    for variant in VARIANTS:
        _the_numpy_path_builds_and_answers_without_the_compiled_kernel_case(monkeypatch, variant)


def test_an_idf_of_exactly_zero_is_not_floored():
    corpus = [["half", "w"], ["half"], ["x"], ["y"]]  # "half" in 2 of 4: log(2.5) - log(2.5)
    engine = InvertedBM25(corpus, "okapi", epsilon=0.5, kernel="numpy")
    assert engine.idf("half") == 0.0
    assert engine.idf("w") > 0
    assert reference("okapi", corpus, epsilon=0.5).idf("half") == 0.0


def test_a_term_of_idf_zero_keeps_its_bound():
    corpus = [["half", "w"], ["half"], ["x"], ["y"]]
    engine = InvertedBM25(corpus, "okapi", kernel="numpy")
    assert engine.idf("half") == 0.0
    assert engine._bound[engine._vocab["half"]] == 0.0  # -1 marks negative weights only


def test_select_top_k_takes_any_whole_number_for_k():
    scores = np.array([0.5, 2.0, 1.0, 2.0, 0.0])
    np.testing.assert_array_equal(select_top_k(scores, 3.0), [1, 3, 2])
    np.testing.assert_array_equal(select_top_k(scores, np.int64(2)), [1, 3])
    np.testing.assert_array_equal(select_top_k(scores, 9.0), [1, 3, 2, 0, 4])


def _an_index_of_no_documents_case(kernel):
    engine = InvertedBM25([], kernel=kernel)
    assert (engine.n_docs, engine.n_terms, engine.avgdl) == (0, 0, 0.0)
    ids, scores = engine.top_k(["a"], 3)
    assert len(ids) == 0 and len(scores) == 0
    assert engine.to_arrays()[1]["avgdl"] == 0.0


def test_an_index_of_no_documents():
    for kernel in KERNELS:
        _an_index_of_no_documents_case(kernel)
