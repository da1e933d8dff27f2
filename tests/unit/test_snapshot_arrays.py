"""InvertedBM25.to_arrays / from_arrays (what a snapshot holds): the numpy path stores
its doc ids as uint32 like the kernel (it widens them to intp only in memory), and a
vocabulary that is not a list of strings is refused with a ValueError naming it."""

from __future__ import annotations

import json

import numpy as np
import pytest

from retrieval.index.bm25 import InvertedBM25

CORPUS = [["a", "b", "a"], ["b", "c"], ["c"], [], ["a", "c", "d"]]


def test_the_numpy_path_round_trips_with_uint32_doc_ids():
    engine = InvertedBM25(CORPUS, kernel="numpy")
    arrays, meta = engine.to_arrays()
    assert arrays["doc_ids"].dtype == np.uint32
    again = InvertedBM25.from_arrays(arrays, meta, kernel="numpy")
    for query in (["a"], ["c", "d"], ["b", "zzz"]):
        ids, scores = engine.top_k(query, 3)
        ids2, scores2 = again.top_k(query, 3)
        assert ids.tolist() == ids2.tolist() and scores.tolist() == scores2.tolist()


@pytest.mark.parametrize("vocabulary", [{"a": 0}, ["a", 1, "c", "d"], "abcd"])
def test_a_vocabulary_that_is_not_a_list_of_strings_is_refused(vocabulary):
    arrays, meta = InvertedBM25(CORPUS, kernel="numpy").to_arrays()
    arrays = {**arrays, "vocab_json": np.frombuffer(json.dumps(vocabulary).encode(), np.uint8)}
    with pytest.raises(ValueError, match="vocabulary"):
        InvertedBM25.from_arrays(arrays, meta, kernel="numpy")
