"""BM25 search over an inverted index that reproduces rank_bm25's scores exactly.

rank_bm25 (the reference, kept selectable as engine "rank_bm25") scores a query by
looking every query term up in every document's term-frequency dict.  InvertedBM25
precomputes, for every (term, document) pair that exists, the very number rank_bm25
would add for that pair, using the same floating-point operations in the same order,
and stores them as flat CSR-like numpy arrays:

    offsets[t] : offsets[t + 1]   slice of term t's postings
    doc_ids[slice]                documents containing t (ascending, uint32)
    weights[slice]                rank_bm25's contribution of one occurrence of t

or, for Okapi and Plus with the compiled kernel ("compact"), instead of weights a
uint16 gain_index[slice] into a small float64 table `gain` of rank_bm25's
tf/length factor, with weight = idf[t] * gain[gain_index] (the same product).

A query then adds the postings of its terms into a score vector in query order, so
every document receives the same sequence of float additions as in rank_bm25 and the
scores (and therefore tie order) are bit-for-bit the same.

Query weights: top_k(tokens, k, weights) multiplies the j-th token's contribution by
weights[j] before adding it (score += weights[j] * contribution, per occurrence).  The
numpy path below is the reference for weighted queries; weights of 1.0 change nothing
(1.0 * x == x), so unweighted scores stay rank_bm25's.

Two interchangeable query paths give bit-identical results: the compiled kernel
(retrieval/index/_kernel.c, built at install time when a C compiler is present: one
pass that scores into a reused buffer and keeps the k best in a heap) and the numpy
path (always available; the fallback).  `kernel="auto"` picks the compiled one when it
was built, unless the environment sets BM25_KERNEL=numpy.

Where rank_bm25 divides 0 by 0 and returns NaN (k1 = 0, or b = 1 with an empty
document, or a corpus without any token), this engine returns the limit instead: a
document without the term gains nothing (Okapi, L) or idf * delta (Plus).
"""

from __future__ import annotations

import json
import math
import os
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from itertools import chain, islice
from typing import Any

import numpy as np
import rank_bm25

try:  # optional: built by `pip install` when a C compiler is present (see setup.py)
    import retrieval.index._kernel as _kernel
except ImportError:  # pragma: no cover - depends on the install
    _kernel = None  # type: ignore[assignment]

VARIANTS = ("okapi", "plus", "l")
ENGINES = ("inverted", "rank_bm25")
KERNELS = ("auto", "compiled", "numpy")
# Both query paths revisit only the query's postings (instead of every document) to pick
# the top k when they number at most this share of the documents (measured: bench/peers.py);
# from _PRUNE_MIN_DOCS documents on, where the score buffer outgrows the cache and those
# random reads cost more, the kernel's share is _LARGE_SPARSE_RATIO.
_SPARSE_RATIO = 0.1
_LARGE_SPARSE_RATIO = 0.05
# Dynamic pruning (MaxScore, exact; see _kernel.c) for Okapi and L, from _PRUNE_MIN_DOCS
# documents on, on queries whose postings are at most _PRUNE_SCOPE of the documents: it
# gives up (and runs unpruned) when the postings it must still walk exceed _PRUNE_RATIO
# of them (0 turns it off).  At 1M paragraphs it measured faster on question-like queries;
# at 100k slower, on every mix (bench/peers.py).  Scope and ratio were lowered from 0.1
# and 0.25 where a failed or costly attempt measured slower than a dense pass: question
# p99 1.59 -> 1.08 ms, p50 unchanged (bench/sparse_ratio.py --paragraphs 1000000).
_PRUNE_SCOPE = 0.05
_PRUNE_RATIO = 0.03
_PRUNE_MIN_DOCS = 500_000
# Documents per tile of the kernel's dense pass, scored in a private buffer of this many
# slots that stays in the cache (see _kernel.c; bench/peers.py zipf mix at 1M: p50 -30%).
_TILE_DOCS = 8192
# Plus counts per document how many query terms it has seen in one byte.
_KERNEL_MAX_TERMS = 255
# Largest (tf x distinct document lengths) key space the gain table is tried for.
_MAX_GAIN_KEYS = 2**24

# Tokens per build block: bounds the int64 sort buffers (~4 arrays x 8 bytes x this)
# and keeps them small enough that the memory they leave in malloc's heap stays small.
_CHUNK_TOKENS = 2_000_000
# From this many documents on, top-k selection first bounds the k-th best score by the
# k-th best of a strided sample, so that only the few documents above it are ordered.
_SAMPLE_MIN_DOCS = 2048
_SAMPLE_SIZE = 4096

# (int64 ids, float64 scores)
TopK = tuple[np.ndarray, np.ndarray]


# The one statement of the values BM25 accepts; config.py reads its keys through it.
PARAM_LIMITS: dict[str, dict[str, float]] = {
    "k1": {"above": 0.0},  # k1 = 0 makes rank_bm25 divide 0 by 0 for empty paragraphs
    "b": {"minimum": 0.0, "maximum": 1.0},
    "epsilon": {},  # rank_bm25 takes any floor for negative idf
    "delta": {"minimum": 0.0},
}


@dataclass(frozen=True)
class BM25Params:
    """Variant and parameters, validated; the same meaning as rank_bm25's arguments."""

    variant: str = "okapi"
    k1: float = 1.5
    b: float = 0.75
    epsilon: float = 0.25
    delta: float = 1.0

    def __post_init__(self) -> None:
        if self.variant not in VARIANTS:
            raise ValueError(f"variant must be one of {VARIANTS}, not {self.variant!r}")
        for name, limits in PARAM_LIMITS.items():
            value = getattr(self, name)
            if not (isinstance(value, int | float) and math.isfinite(value)
                    and value > limits.get("above", -math.inf)
                    and limits.get("minimum", -math.inf) <= value
                    <= limits.get("maximum", math.inf)):
                raise ValueError(f"BM25 {name} out of range ({limits}): {value!r}")


def _params(variant: str, k1: float, b: float, epsilon: float, delta: float) -> BM25Params:
    return BM25Params(variant, float(k1), float(b), float(epsilon), float(delta))


def kernel_available() -> bool:
    """Whether the compiled query kernel was built for this install."""
    return _kernel is not None


def _use_kernel(kernel: str) -> bool:
    if kernel not in KERNELS:
        raise ValueError(f"kernel must be one of {KERNELS}, not {kernel!r}")
    if kernel == "compiled" and _kernel is None:
        raise RuntimeError("the compiled BM25 kernel is not built (pip install needs a C compiler)")
    if kernel == "auto":
        return _kernel is not None and os.environ.get("BM25_KERNEL", "") != "numpy"
    return kernel == "compiled"


def _query_weights(tokens: Sequence[str], weights: Sequence[float] | None) -> list[float] | None:
    """weights as floats, one per token, checked; None when absent or all 1.0."""
    if weights is None:
        return None
    values = [float(w) for w in weights]
    if len(values) != len(tokens):
        raise ValueError(f"{len(values)} weights for {len(tokens)} query tokens")
    if not all(map(math.isfinite, values)):
        raise ValueError("query weights must be finite")
    return None if all(w == 1.0 for w in values) else values


# ---------------------------------------------------------------- build: counting


@dataclass
class _Block:
    """Postings of one block of documents: a (term, document)-ordered slice of the store."""

    terms: np.ndarray  # int32, distinct terms of the block, ascending
    counts: np.ndarray  # int64, postings per term in this block
    lo: int
    hi: int


@dataclass
class _Counts:
    terms: list[str]  # term id -> term, in order of first occurrence (as rank_bm25's dict)
    doc_len: np.ndarray  # int64
    df: np.ndarray  # int64, documents per term
    blocks: list[_Block]
    # All blocks' postings in one array each: large arrays are mmapped by malloc and
    # returned to the OS when freed, where many block-sized ones would stay in the heap.
    doc_ids: np.ndarray  # int32
    tf: np.ndarray  # smallest unsigned dtype holding the longest document's length


def _chunk_spans(doc_len: np.ndarray, max_tokens: int) -> Iterator[tuple[int, int]]:
    """Consecutive document ranges holding about max_tokens tokens each."""
    n = len(doc_len)
    ends = np.cumsum(doc_len)
    start = 0
    while start < n:
        base = int(ends[start - 1]) if start else 0
        stop = int(np.searchsorted(ends, base + max_tokens, side="right"))
        stop = max(stop, start + 1)
        yield start, stop
        start = stop


def _token_ids(docs: list[Sequence[str]], total: int, vocab: dict[str, int],
               compiled: bool) -> np.ndarray:
    """The documents' tokens as term ids; vocab numbers an unseen token len(vocab).

    The compiled loop gives the same ids as the Python one (bm25 kernel term_ids), in
    a fraction of the time: the lookup per token was most of the build.
    """
    if compiled:
        assert _kernel is not None
        tokens = np.empty(total, dtype=np.int64)
        _kernel.term_ids(docs, vocab, tokens)
        return tokens
    return np.fromiter(map(vocab.__getitem__, chain.from_iterable(docs)), dtype=np.int64,
                       count=total)


def _count_block(
    docs: list[Sequence[str]], lens: np.ndarray, vocab: dict[str, int], compiled: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(term, local doc, tf) of one block's distinct (term, doc) pairs, with one sort."""
    total = int(lens.sum())
    n = len(docs)
    tokens = _token_ids(docs, total, vocab, compiled)
    key = tokens * n + np.repeat(np.arange(n, dtype=np.int64), lens)
    del tokens
    key.sort()
    starts = np.flatnonzero(np.concatenate(([True], key[1:] != key[:-1])))
    tf = np.diff(starts, append=total)
    pair = key[starts]
    del key
    term = pair // n
    return term, pair - term * n, tf


def _count(corpus_tokens: Sequence[Sequence[str]], compiled: bool) -> _Counts:
    """Map tokens to ids (first-occurrence order) and count postings block by block."""
    n = len(corpus_tokens)
    doc_len = np.fromiter(map(len, corpus_tokens), dtype=np.int64, count=n)
    total = int(doc_len.sum())
    store_docs = np.empty(total, dtype=np.int32)  # postings <= tokens
    store_tf = np.empty(total, dtype=np.min_scalar_type(int(doc_len.max()) if n else 0))
    # A dict that numbers unseen keys itself lets map() do the lookup loop in C (the
    # compiled term_ids fills the same dict the same way).
    vocab: defaultdict[str, int] = defaultdict()
    vocab.default_factory = vocab.__len__
    docs = iter(corpus_tokens)
    blocks, filled = [], 0
    for start, stop in _chunk_spans(doc_len, _CHUNK_TOKENS):
        block_docs = list(islice(docs, stop - start))
        if not doc_len[start:stop].any():
            continue
        term, local_doc, tf = _count_block(block_docs, doc_len[start:stop], vocab, compiled)
        end = filled + len(term)
        store_docs[filled:end] = local_doc + start
        store_tf[filled:end] = tf
        term_starts = np.flatnonzero(np.concatenate(([True], term[1:] != term[:-1])))
        counts = np.diff(term_starts, append=len(term))
        blocks.append(_Block(term[term_starts].astype(np.int32), counts, filled, end))
        filled = end
    df = np.zeros(len(vocab), dtype=np.int64)
    for block in blocks:
        df[block.terms] += block.counts
    return _Counts(list(vocab), doc_len, df, blocks, store_docs, store_tf)


# ---------------------------------------------------------------- build: weights


def _idf(params: BM25Params, n_docs: int, df: np.ndarray) -> np.ndarray:
    """rank_bm25's idf per term, with math.log and its operation order."""
    log = math.log
    freqs = df.tolist()
    if params.variant == "okapi":
        raw = [log(n_docs - f + 0.5) - log(f + 0.5) for f in freqs]
        idf_sum = 0.0
        for value in raw:  # sequential, in first-occurrence order, as rank_bm25 sums
            idf_sum += value
        average = idf_sum / len(raw) if raw else 0.0
        eps = params.epsilon * average
        values = [eps if value < 0 else value for value in raw]
    elif params.variant == "l":
        values = [log(n_docs + 1) - log(f + 0.5) for f in freqs]
    else:
        values = [log((n_docs + 1) / f) for f in freqs]
    return np.array(values, dtype=np.float64)


def _length_norm(params: BM25Params, doc_len: np.ndarray, avgdl: float) -> np.ndarray:
    """Per-document factor, written exactly as rank_bm25 writes it."""
    if avgdl == 0:  # every document empty: no posting will ever read this
        return np.ones(len(doc_len))
    norm = 1 - params.b + params.b * doc_len / avgdl
    return norm if params.variant == "l" else params.k1 * norm


def _gain(params: BM25Params, q_freq: np.ndarray, norm: np.ndarray) -> np.ndarray:
    """Okapi's and Plus's weight without its idf factor: rank_bm25 writes idf * (this)."""
    k1, delta = params.k1, params.delta
    if params.variant == "okapi":
        return q_freq * (k1 + 1) / (q_freq + norm)
    return delta + (q_freq * (k1 + 1)) / (norm + q_freq)


def _weights(params: BM25Params, idf: np.ndarray, tf: np.ndarray, norm: np.ndarray) -> np.ndarray:
    """rank_bm25's per-occurrence contribution for documents that contain the term."""
    k1, delta = params.k1, params.delta
    q_freq = tf.astype(np.float64)
    if params.variant != "l":
        return idf * _gain(params, q_freq, norm)
    ctd = q_freq / norm
    return idf * q_freq * (k1 + 1) * (ctd + delta) / (k1 + ctd + delta)


def _compact_weights(
    params: BM25Params, offsets: np.ndarray, doc_ids: np.ndarray, tf: np.ndarray,
    doc_len: np.ndarray, avgdl: float,
) -> tuple[np.ndarray, np.ndarray] | None:
    """(gain_index, gain): weight = idf[term] * gain[gain_index[posting]], exactly.

    Okapi's and Plus's weight is idf times a function of (tf, document length) only,
    and a corpus holds few distinct such pairs: a uint16 index into a table of them
    replaces 8 bytes per posting by 2 (less memory, and less to stream per query).
    None when the variant is L (idf is not a separate factor there) or the pairs do
    not fit in a uint16.
    """
    if params.variant == "l" or not len(doc_ids):
        return None
    lengths, length_rank = np.unique(doc_len, return_inverse=True)
    n_lengths = len(lengths)
    space = int(tf.max()) * n_lengths
    if space > _MAX_GAIN_KEYS:
        return None
    present = np.zeros(space, dtype=bool)
    spans = list(_chunk_spans(np.diff(offsets), _CHUNK_TOKENS))

    def keys(first: int, stop: int) -> np.ndarray:
        lo, hi = int(offsets[first]), int(offsets[stop])
        return (tf[lo:hi].astype(np.int64) - 1) * n_lengths + length_rank[doc_ids[lo:hi]]

    for first, stop in spans:
        present[keys(first, stop)] = True
    used = np.flatnonzero(present)
    if len(used) > 2**16:
        return None
    rank = np.cumsum(present, dtype=np.int32) - 1
    del present
    norm = _length_norm(params, lengths, avgdl)  # the same expression as per document
    gain = _gain(params, (used // n_lengths + 1).astype(np.float64), norm[used % n_lengths])
    gain_index = np.empty(len(doc_ids), dtype=np.uint16)
    for first, stop in spans:
        lo, hi = int(offsets[first]), int(offsets[stop])
        gain_index[lo:hi] = rank[keys(first, stop)]
    return gain_index, gain


def _place_postings(counts: _Counts) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Scatter each block's postings into term-major (offsets, doc_ids, tf) arrays."""
    offsets = np.zeros(len(counts.df) + 1, dtype=np.int64)
    np.cumsum(counts.df, out=offsets[1:])
    doc_ids = np.empty(int(offsets[-1]), dtype=np.uint32)
    tf = np.empty(int(offsets[-1]), dtype=counts.tf.dtype)
    fill = offsets[:-1].copy()
    for block in counts.blocks:
        # term t's postings of this block go right after those of earlier blocks
        group_start = np.cumsum(block.counts) - block.counts
        pos = np.repeat(fill[block.terms] - group_start, block.counts)
        pos += np.arange(block.hi - block.lo)
        doc_ids[pos] = counts.doc_ids[block.lo : block.hi]
        tf[pos] = counts.tf[block.lo : block.hi]
        fill[block.terms] += block.counts
    return offsets, doc_ids, tf


def _posting_weights(
    params: BM25Params, offsets: np.ndarray, doc_ids: np.ndarray, tf: np.ndarray,
    idf: np.ndarray, norm: np.ndarray,
) -> np.ndarray:
    """Every posting's weight, computed over runs of whole terms to bound temporaries.

    Done after placement (not per block) so that the blocks are freed before the
    largest array exists: this keeps the build's peak memory near the final index.
    """
    weights = np.empty(len(doc_ids), dtype=np.float64)
    for first, stop in _chunk_spans(np.diff(offsets), _CHUNK_TOKENS):
        lo, hi = int(offsets[first]), int(offsets[stop])
        term = np.repeat(np.arange(first, stop), np.diff(offsets[first : stop + 1]))
        weights[lo:hi] = _weights(params, idf[term], tf[lo:hi], norm[doc_ids[lo:hi]])
    return weights


def _term_bounds(offsets: np.ndarray, store: _Weights, idf: np.ndarray) -> np.ndarray:
    """Per term, its largest posting weight: what pruning bounds a document's share by.

    -1 marks a term with negative weights (Okapi's floor can be negative), which the
    kernel never prunes with.  With the gain table, max(idf * g) = idf * max(g) for
    idf >= 0 (rounding is monotone).
    """
    bound = np.full(len(idf), -1.0)
    for first, stop in _chunk_spans(np.diff(offsets), _CHUNK_TOKENS):
        lo, hi = int(offsets[first]), int(offsets[stop])
        if hi == lo:
            continue
        starts = offsets[first:stop] - lo
        if store.weights is not None:
            bound[first:stop] = np.maximum.reduceat(store.weights[lo:hi], starts)
        else:
            gain_index, gain = store.gain_table()
            gains = gain[gain_index[lo:hi]]
            bound[first:stop] = idf[first:stop] * np.maximum.reduceat(gains, starts)
    bound[idf < 0] = -1.0
    return bound


@dataclass(frozen=True)
class _Weights:
    """The postings' weights: float64 each, or a uint16 index into a gain table."""

    weights: np.ndarray | None = None
    gain_index: np.ndarray | None = None
    gain: np.ndarray | None = None

    @property
    def compact(self) -> bool:
        return self.weights is None

    def gain_table(self) -> tuple[np.ndarray, np.ndarray]:
        """(gain_index, gain) of a compact store."""
        if self.gain_index is None or self.gain is None:
            raise ValueError("the postings store float64 weights, not a gain table")
        return self.gain_index, self.gain

    def of_term(self, tid: int, idf: float, lo: int, hi: int) -> np.ndarray:
        """Term tid's posting weights (the same floats either way)."""
        if self.weights is not None:
            return self.weights[lo:hi]
        assert self.gain is not None and self.gain_index is not None
        return idf * self.gain[self.gain_index[lo:hi]]


# ---------------------------------------------------------------- selection


def _ordered(ids: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """Positions ordering (ids, scores) by score descending, then id ascending."""
    return np.lexsort((ids, -scores))


def _best(ids: np.ndarray, scores: np.ndarray, k: int) -> np.ndarray:
    """The k best of ids (ascending) by (score desc, id asc), via a partial sort."""
    if len(ids) > k:
        part = np.argpartition(scores, len(scores) - k)
        kth = scores[part[len(scores) - k]]
        # argpartition picks tied docs arbitrarily; rank_bm25's order keeps the lowest ids.
        above = np.flatnonzero(scores > kth)
        ties = np.flatnonzero(scores == kth)[: k - len(above)]
        keep = np.concatenate((above, ties))
        ids, scores = ids[keep], scores[keep]
    return ids[_ordered(ids, scores)]


def _sample_threshold(scores: np.ndarray, k: int) -> float | None:
    """A lower bound on the k-th best score: the k-th best of a strided sample."""
    n = len(scores)
    if n < _SAMPLE_MIN_DOCS or 4 * k > _SAMPLE_SIZE:
        return None
    sample = scores[:: max(1, n // _SAMPLE_SIZE)]
    return float(np.partition(sample, len(sample) - k)[len(sample) - k])


def select_top_k(scores: np.ndarray, k: int, base: float = 0.0) -> np.ndarray:
    """Ids of np.argsort(-scores, kind="stable")[:k] without a full sort.

    `base` is the score of a document that contains no query term (0.0, or a
    constant for Plus); documents at base are ordered by id like any other tie.
    """
    n = len(scores)
    k = min(int(k), n)
    if k <= 0:
        return np.zeros(0, dtype=np.int64)
    threshold = _sample_threshold(scores, k)
    if threshold is not None and threshold > base:
        # At least k sampled docs reach the threshold, so the top k are all >= it.
        cand = np.flatnonzero(scores >= threshold)
        return _best(cand, scores[cand], k)
    above = np.flatnonzero(scores > base)
    if len(above) >= k:
        return _best(above, scores[above], k)
    parts = [above[_ordered(above, scores[above])]]
    need = k - len(above)
    parts.append(np.flatnonzero(scores == base)[:need])
    need -= len(parts[-1])
    if need > 0:
        below = np.flatnonzero(scores < base)
        parts.append(_best(below, scores[below], need))
    return np.concatenate(parts).astype(np.int64)


# ---------------------------------------------------------------- engines


class InvertedBM25:
    """Exact rank_bm25 scores from an inverted index (compiled kernel or numpy)."""

    n_docs: int

    def __init__(
        self,
        corpus_tokens: Sequence[Sequence[str]],
        variant: str = "okapi",
        k1: float = 1.5,
        b: float = 0.75,
        epsilon: float = 0.25,
        delta: float = 1.0,
        kernel: str = "auto",
        compact: bool | None = None,
    ) -> None:
        """compact: store weights as a gain table (None: when the compiled kernel is
        used; the numpy path is faster with float64 weights)."""
        params = _params(variant, k1, b, epsilon, delta)
        compiled = _use_kernel(kernel)
        compact = compiled if compact is None else compact
        counts = _count(corpus_tokens, compiled)
        n_docs = len(counts.doc_len)
        # rank_bm25: num_doc / corpus_size, both Python ints
        avgdl = int(counts.doc_len.sum()) / n_docs if n_docs else 0.0
        idf = _idf(params, n_docs, counts.df)
        norm = _length_norm(params, counts.doc_len, avgdl)
        terms, doc_len = counts.terms, counts.doc_len
        offsets, doc_ids, tf = _place_postings(counts)
        del counts  # the block store: free it before the weights exist
        table = _compact_weights(params, offsets, doc_ids, tf, doc_len, avgdl) if compact else None
        if table is not None:
            store = _Weights(gain_index=table[0], gain=table[1])
        else:
            store = _Weights(weights=_posting_weights(params, offsets, doc_ids, tf, idf, norm))
        del tf
        bound = _term_bounds(offsets, store, idf)
        self._init_state(params, n_docs, avgdl, terms, offsets, doc_ids, store, idf, bound,
                         compiled)

    def _init_state(
        self,
        params: BM25Params,
        n_docs: int,
        avgdl: float,
        terms: list[str],
        offsets: np.ndarray,
        doc_ids: np.ndarray,
        store: _Weights,
        idf: np.ndarray,
        bound: np.ndarray,
        compiled: bool,
    ) -> None:
        self.params = params
        self.n_docs = n_docs
        self.avgdl = avgdl
        self._terms = terms
        self._vocab = {term: i for i, term in enumerate(terms)}
        self._offsets = offsets
        # numpy casts every non-intp index array to intp on each fancy index; widening
        # once doubles the numpy path's gather/scatter speed (the kernel reads uint32).
        self._doc_ids = doc_ids if compiled else doc_ids.astype(np.intp)
        self._store = store
        self._idf = idf
        self._idf_list = idf.tolist()
        self._bound = bound
        # Plus adds idf * delta to documents without the term (0 for Okapi and L).
        miss = idf * params.delta if params.variant == "plus" else np.zeros(len(idf))
        self._miss = miss.tolist()
        self._bounds = offsets.tolist()
        self._plus = params.variant == "plus"
        self._compiled = compiled
        # Score buffers the kernel returns zeroed; one per concurrent query (list.pop and
        # list.append are atomic, so threads never share one).
        self._buffers: list[tuple[np.ndarray, np.ndarray | None]] = []

    @property
    def kernel(self) -> str:
        """The query path in use: "compiled" or "numpy"."""
        return "compiled" if self._compiled else "numpy"

    @property
    def compact(self) -> bool:
        """Whether posting weights are stored as a gain table (2 bytes a posting)."""
        return self._store.compact

    # ------------------------------------------------------------ queries

    @property
    def n_terms(self) -> int:
        return len(self._terms)

    def document_frequency(self, token: str) -> int:
        tid = self._vocab.get(token)
        return 0 if tid is None else self._bounds[tid + 1] - self._bounds[tid]

    def idf(self, token: str) -> float:
        tid = self._vocab.get(token)
        return 0.0 if tid is None else float(self._idf[tid])

    def _terms_of(
        self, query_tokens: Sequence[str], weights: Sequence[float] | None
    ) -> tuple[list[int], list[float] | None]:
        """Known tokens' term ids (unknown ones add 0, as in rank_bm25) and their weights."""
        if weights is None:  # the common case, kept short: it is on every query's path
            return [t for t in map(self._vocab.get, query_tokens) if t is not None], None
        qw = _query_weights(query_tokens, weights)
        tids = list(map(self._vocab.get, query_tokens))
        if qw is None:
            return [t for t in tids if t is not None], None
        known = [(t, w) for t, w in zip(tids, qw, strict=True) if t is not None]
        return [t for t, _ in known], [w for _, w in known]

    def _accumulate(self, tids: list[int], qw: list[float] | None) -> tuple[np.ndarray, float]:
        """Dense scores and the score of a document containing no query term (numpy)."""
        scores = np.zeros(self.n_docs)
        base = 0.0
        bounds, doc_ids, misses = self._bounds, self._doc_ids, self._miss
        float_weights, store = self._store.weights, self._store
        for j, tid in enumerate(tids):  # each occurrence adds again, as in rank_bm25
            lo, hi = bounds[tid], bounds[tid + 1]
            docs = doc_ids[lo:hi]
            if float_weights is not None:
                weights = float_weights[lo:hi]
            else:
                weights = store.of_term(tid, self._idf_list[tid], lo, hi)
            miss = misses[tid]
            if qw is not None:
                weights = qw[j] * weights
                miss = qw[j] * miss
            if miss:
                # Same additions as rank_bm25: old + weight for docs with the term,
                # old + idf * delta for all others.
                hit = scores[docs] + weights
                scores += miss
                scores[docs] = hit
                base += miss
            else:
                np.add.at(scores, docs, weights)
        return scores, base

    def get_scores(
        self, query_tokens: Sequence[str], weights: Sequence[float] | None = None
    ) -> np.ndarray:
        return self._accumulate(*self._terms_of(query_tokens, weights))[0]

    def top_k(
        self, query_tokens: Sequence[str], k: int, weights: Sequence[float] | None = None
    ) -> TopK:
        """The k best documents (ids, scores), best first, ties by ascending id.

        weights: optional, one float per token, multiplying that token's contribution.
        """
        tids, qw = self._terms_of(query_tokens, weights)
        if self._compiled and (not self._plus or len(tids) <= _KERNEL_MAX_TERMS):
            return self._top_k_compiled(tids, qw, min(max(int(k), 0), self.n_docs))
        # np.zeros per query measured faster than zeroing a reused buffer here
        scores, base = self._accumulate(tids, qw)
        ids = self._top_of_postings(tids, scores, base, int(k))
        if ids is None:
            ids = select_top_k(scores, k, base)
        return ids, scores[ids]

    def _top_of_postings(
        self, tids: list[int], scores: np.ndarray, base: float, k: int
    ) -> np.ndarray | None:
        """select_top_k's ids found among the query's postings only, or None.

        For queries whose postings are few next to the documents (as the kernel's sparse
        path): the k-th best score among the documents of the query's widest term is a
        lower bound on the k-th best overall; when it beats `base` (the score of every
        document outside the postings), the top k are the postings' documents at or
        above it, so the whole score vector is never scanned.
        """
        bounds = self._bounds
        sizes = [bounds[t + 1] - bounds[t] for t in tids]
        if k <= 0 or not sizes or sum(sizes) > _SPARSE_RATIO * self.n_docs:
            return None
        widest = tids[int(np.argmax(sizes))]
        docs = self._doc_ids[bounds[widest] : bounds[widest + 1]]  # distinct documents
        if len(docs) < k:
            return None
        reached = scores[docs]
        threshold = np.partition(reached, len(docs) - k)[len(docs) - k]
        if not threshold > base:
            return None
        if len(tids) > 1:
            docs = np.concatenate([self._doc_ids[bounds[t] : bounds[t + 1]] for t in tids])
            reached = scores[docs]
        candidates = np.unique(docs[reached >= threshold]).astype(np.int64)
        return _best(candidates, scores[candidates], k)

    def _take_buffer(self) -> tuple[np.ndarray, np.ndarray | None]:
        """An all-zero score buffer (and, for Plus with the kernel, its stamps)."""
        try:
            return self._buffers.pop()
        except IndexError:
            stamp = np.zeros(self.n_docs, np.uint8) if self._plus and self._compiled else None
            return np.zeros(self.n_docs), stamp

    def _kernel_ratios(self) -> tuple[float, float, float]:
        """(sparse_ratio, prune_ratio, prune_scope) for the kernel at this index size."""
        if self.n_docs >= _PRUNE_MIN_DOCS:
            return _LARGE_SPARSE_RATIO, _PRUNE_RATIO, _PRUNE_SCOPE
        return _SPARSE_RATIO, 0.0, 0.0

    def _top_k_compiled(self, tids: list[int], qw: list[float] | None, k: int) -> TopK:
        ids = np.empty(k, dtype=np.int64)
        scores = np.empty(k, dtype=np.float64)
        terms = np.array(tids, dtype=np.int64)
        qweights = None if qw is None else np.array(qw, dtype=np.float64)
        qmiss = None
        if self._plus:
            misses = [self._miss[t] for t in tids]
            if qw is not None:  # the same product as the numpy path's qw[j] * miss
                misses = [w * m for w, m in zip(qw, misses, strict=True)]
            qmiss = np.array(misses, dtype=np.float64)
        buf, stamp = self._take_buffer()
        try:
            store = self._store
            assert _kernel is not None  # _use_kernel() said so
            count = _kernel.top_k(self._offsets, self._doc_ids, store.weights, store.gain_index,
                                  store.gain, self._idf, self._bound, terms, qweights, qmiss,
                                  buf, stamp, ids, scores, *self._kernel_ratios(), _TILE_DOCS)
        finally:  # the kernel leaves the buffer zeroed, or raised before touching it
            self._buffers.append((buf, stamp))
        return ids[:count], scores[:count]

    # ------------------------------------------------------------ persistence

    def to_arrays(self) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
        """Plain arrays and JSON-able metadata; from_arrays() rebuilds the engine."""
        vocab = json.dumps(self._terms, ensure_ascii=False).encode("utf-8")
        store = self._store
        weights: dict[str, np.ndarray] = (
            {"weights": store.weights} if store.weights is not None
            else dict(zip(("gain_index", "gain"), store.gain_table(), strict=True)))
        arrays = {
            "offsets": self._offsets,
            "doc_ids": self._doc_ids.astype(np.uint32, copy=False),
            **weights,
            "idf": self._idf,
            "bound": self._bound,
            "vocab_json": np.frombuffer(vocab, dtype=np.uint8),
        }
        meta = {"params": asdict(self.params), "n_docs": self.n_docs, "avgdl": self.avgdl}
        return arrays, meta

    @classmethod
    def from_arrays(
        cls, arrays: Mapping[str, np.ndarray], meta: Mapping[str, Any], kernel: str = "auto"
    ) -> InvertedBM25:
        """Rebuild from to_arrays() output; ValueError when the parts do not fit together.

        The arrays are used as they are (no copy): memory-mapped ones stay mapped,
        except the doc ids of the numpy path, which are widened to intp in memory.
        """
        compiled = _use_kernel(kernel)
        try:
            params = BM25Params(**meta["params"])
            n_docs, avgdl = int(meta["n_docs"]), float(meta["avgdl"])
            terms = json.loads(bytes(_checked(arrays, "vocab_json", np.uint8)).decode("utf-8"))
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"bad index metadata: {exc}") from None
        if not isinstance(terms, list) or not all(isinstance(t, str) for t in terms):
            raise ValueError("vocabulary is not a list of strings")
        offsets = _checked(arrays, "offsets", np.int64, (len(terms) + 1,))
        n_postings = int(offsets[-1])
        doc_ids = _checked(arrays, "doc_ids", np.uint32, (n_postings,))
        if "weights" in arrays:
            store = _Weights(weights=_checked(arrays, "weights", np.float64, (n_postings,)))
        else:
            gain = _checked(arrays, "gain", np.float64)
            gain_index = _checked(arrays, "gain_index", np.uint16, (n_postings,))
            store = _Weights(gain_index=gain_index, gain=gain)
            if n_postings and int(gain_index.max()) >= len(gain):
                raise ValueError("gain index out of range")
        idf = _checked(arrays, "idf", np.float64, (len(terms),))
        bound = _checked(arrays, "bound", np.float64, (len(terms),))
        if offsets[0] != 0 or np.any(np.diff(offsets) < 0) or len(set(terms)) != len(terms):
            raise ValueError("posting offsets or vocabulary are inconsistent")
        if n_postings and int(doc_ids.max()) >= n_docs:
            raise ValueError("posting document ids out of range")
        engine = cls.__new__(cls)
        engine._init_state(params, n_docs, avgdl, terms, offsets, doc_ids, store, idf, bound,
                           compiled)
        return engine


def _checked(
    arrays: Mapping[str, np.ndarray], name: str, dtype: type, shape: tuple[int, ...] | None = None
) -> np.ndarray:
    """arrays[name], insisting on its dtype and (when given) its shape."""
    if name not in arrays:
        raise ValueError(f"array {name!r} missing")
    array = arrays[name]
    if array.dtype != np.dtype(dtype) or array.ndim != 1 or (shape and array.shape != shape):
        raise ValueError(f"array {name!r} has dtype {array.dtype} shape {array.shape}")
    return array


class RankBM25Engine:
    """rank_bm25 itself behind the InvertedBM25 interface: the reference engine."""

    def __init__(
        self,
        corpus_tokens: Sequence[Sequence[str]],
        variant: str = "okapi",
        k1: float = 1.5,
        b: float = 0.75,
        epsilon: float = 0.25,
        delta: float = 1.0,
    ) -> None:
        self.params = _params(variant, k1, b, epsilon, delta)
        self.n_docs = len(corpus_tokens)
        self._df: dict[str, int] = defaultdict(int)
        for doc in corpus_tokens:
            for token in set(doc):
                self._df[token] += 1
        # rank_bm25 divides by zero on a corpus without any token; nothing to score then.
        self._model = _rank_bm25_model(corpus_tokens, self.params) if self._df else None

    def document_frequency(self, token: str) -> int:
        return self._df.get(token, 0)

    def idf(self, token: str) -> float:
        return float(self._model.idf.get(token, 0.0)) if self._model else 0.0

    def get_scores(
        self, query_tokens: Sequence[str], weights: Sequence[float] | None = None
    ) -> np.ndarray:
        """rank_bm25's scores; with weights, the sum of weights[j] * (token j's scores).

        rank_bm25 has no query weights, but the scores of a one-token query are that
        token's contribution exactly (0.0 + x == x), so each occurrence's contribution
        is scaled and added in query order: the same numbers as InvertedBM25.
        """
        if self._model is None:
            return np.zeros(self.n_docs)
        qw = _query_weights(query_tokens, weights)
        if qw is None:
            return np.asarray(self._model.get_scores(list(query_tokens)), dtype=np.float64)
        scores = np.zeros(self.n_docs)
        for token, weight in zip(query_tokens, qw, strict=True):
            scores += weight * np.asarray(self._model.get_scores([token]), dtype=np.float64)
        return scores

    def top_k(
        self, query_tokens: Sequence[str], k: int, weights: Sequence[float] | None = None
    ) -> TopK:
        scores = self.get_scores(query_tokens, weights)
        ids = np.argsort(-scores, kind="stable")[: max(int(k), 0)].astype(np.int64)
        return ids, scores[ids]


def _rank_bm25_model(corpus_tokens: Sequence[Sequence[str]], params: BM25Params) -> Any:
    corpus = [list(doc) for doc in corpus_tokens]
    if params.variant == "okapi":
        return rank_bm25.BM25Okapi(corpus, k1=params.k1, b=params.b, epsilon=params.epsilon)
    cls = rank_bm25.BM25Plus if params.variant == "plus" else rank_bm25.BM25L
    return cls(corpus, k1=params.k1, b=params.b, delta=params.delta)


def make_engine(
    engine: str, corpus_tokens: Sequence[Sequence[str]], params: BM25Params = BM25Params()
) -> InvertedBM25 | RankBM25Engine:
    """The configured engine ("inverted" or "rank_bm25") over tokenized documents."""
    if engine == "inverted":
        return InvertedBM25(corpus_tokens, **asdict(params))
    if engine == "rank_bm25":
        return RankBM25Engine(corpus_tokens, **asdict(params))
    raise ValueError(f"engine must be one of {ENGINES}, not {engine!r}")
