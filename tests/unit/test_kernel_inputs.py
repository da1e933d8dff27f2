"""The compiled kernel called directly: it refuses inputs it would index out of bounds
with, and long Plus queries fall back to the numpy path with the same results."""

from __future__ import annotations

import numpy as np
import pytest

from retrieval.index import bm25
from retrieval.index.bm25 import InvertedBM25, kernel_available

pytestmark = pytest.mark.skipif(not kernel_available(), reason="compiled kernel not built")

CORPUS = [["a", "b", "a"], ["b", "c"], ["c"], [], ["a", "c", "d"]]


@pytest.fixture(params=[True, False], ids=["compact", "float64"])
def engine(request) -> InvertedBM25:
    engine = InvertedBM25(CORPUS, kernel="compiled", compact=request.param)
    assert engine.compact == request.param
    return engine


def call(engine: InvertedBM25, **change):
    args = {
        "offsets": engine._offsets, "doc_ids": engine._doc_ids,
        "weights": engine._store.weights, "gain_index": engine._store.gain_index,
        "gain": engine._store.gain, "idf": engine._idf,
        "bound": engine._bound, "terms": np.array([0, 1], dtype=np.int64),
        "qweights": None, "qmiss": None,
        "buf": np.zeros(engine.n_docs), "stamp": None,
        "out_ids": np.empty(3, dtype=np.int64), "out_scores": np.empty(3),
        "sparse_ratio": 0.5, "prune_ratio": 0.25, "prune_scope": 0.5,
        "tile_docs": bm25._TILE_DOCS,
    }
    args.update(change)
    return bm25._kernel.top_k(*args.values())


def test_a_valid_call_returns_the_count_and_leaves_the_buffer_zero(engine):
    buf = np.zeros(engine.n_docs)
    ids, scores = np.empty(3, dtype=np.int64), np.empty(3)
    assert call(engine, buf=buf, out_ids=ids, out_scores=scores) == 3
    expected = engine.top_k(["a", "b"], 3)
    np.testing.assert_array_equal(ids, expected[0])
    np.testing.assert_array_equal(scores, expected[1])
    assert not buf.any()


@pytest.mark.parametrize(
    "change",
    [
        {"terms": np.array([0, 99], dtype=np.int64)},  # unknown term id
        {"terms": np.array([-1], dtype=np.int64)},
        {"qweights": np.ones(3)},  # not one per term
        {"qmiss": np.ones(2)},  # misses without a stamp buffer
        {"qmiss": np.ones(2), "stamp": np.zeros(2, dtype=np.uint8)},  # stamp too short
        {"weights": np.zeros(3), "gain_index": None},  # weights do not match doc_ids
        {"weights": None, "gain_index": None},  # no weights at all
        {"weights": None, "gain_index": np.zeros(3, dtype=np.uint16)},
        {"idf": np.zeros(2)},  # not one per term
        {"offsets": np.array([0, 1], dtype=np.int64)},  # offsets do not end at n_postings
        {"offsets": None},
        {"bound": np.zeros(2)},  # not one per term
    ],
)
def test_inconsistent_inputs_raise_value_error(engine, change):
    with pytest.raises(ValueError):
        call(engine, **change)


@pytest.mark.parametrize(
    "change",
    [
        {"terms": np.array([0, 1], dtype=np.int32)},  # wrong item size
        {"buf": np.zeros(5, dtype=np.float32)},
        {"out_ids": np.empty(3, dtype=np.float64)},  # floats where ids belong
        {"doc_ids": np.zeros(8, dtype=np.float32)},
        {"gain_index": np.zeros(8, dtype=np.int16), "weights": None},
        {"buf": np.zeros(5)[::-1]},  # not contiguous
    ],
)
def test_wrong_array_types_raise_type_error(engine, change):
    with pytest.raises((TypeError, ValueError, BufferError)):
        call(engine, **change)


def test_read_only_output_is_refused(engine):
    out = np.empty(3, dtype=np.int64)
    out.flags.writeable = False
    with pytest.raises((TypeError, ValueError, BufferError)):
        call(engine, out_ids=out)


def test_zero_k_returns_nothing(engine):
    assert call(engine, out_ids=np.empty(0, dtype=np.int64), out_scores=np.empty(0)) == 0


def test_k_beyond_the_corpus_is_cut_to_it(engine):
    ids, scores = np.empty(9, dtype=np.int64), np.empty(9)
    assert call(engine, out_ids=ids, out_scores=scores) == engine.n_docs


def test_long_plus_queries_fall_back_to_numpy_with_the_same_results():
    """Plus counts terms per document in a byte: beyond 255 the numpy path answers."""
    corpus = [[f"t{i % 7}", f"t{i % 3}"] for i in range(40)]
    compiled = InvertedBM25(corpus, "plus", kernel="compiled")
    numpy_engine = InvertedBM25(corpus, "plus", kernel="numpy")
    query = [f"t{i % 7}" for i in range(300)]
    for a, b in zip(compiled.top_k(query, 5), numpy_engine.top_k(query, 5), strict=True):
        np.testing.assert_array_equal(a, b)
