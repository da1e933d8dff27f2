"""Why the compiled kernel is a C extension and not numba: the measurements.

    python bench/kernel_choice.py [--paragraphs 100000] [--json]

Needs numba (`pip install -e ".[bench]"`).  Times, each in a fresh process so nothing
is cached in memory: `import numba`; the first call of a numba port of the kernel's
core (score into a reused buffer, then one pass with a k-entry heap) without and with
numba's on-disk cache (cache=True); and `import` of the C extension.  Then, in this
process, the per-query time of that numba port against the C kernel on the same index
and queries (interleaved), with the port's results checked equal to the C kernel's.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from search_speed import TOP_K, WordSampler, jieba_vocabulary  # noqa: E402

from retrieval.index import bm25  # noqa: E402
from retrieval.index.bm25 import InvertedBM25  # noqa: E402

# The numba port: accumulate in query order, then a dense pass with a heap of the k best
# (score descending, id ascending), zeroing the buffer; the C kernel's dense path.
PORT = textwrap.dedent('''
    import numpy as np
    from numba import njit

    @njit(cache=CACHE, nogil=True)
    def _worse(sa, da, sb, db):
        return sa < sb or (sa == sb and da > db)

    @njit(cache=CACHE, nogil=True)
    def _sift_down(hs, hd, n, i):
        while True:
            c = 2 * i + 1
            if c >= n:
                break
            if c + 1 < n and _worse(hs[c + 1], hd[c + 1], hs[c], hd[c]):
                c += 1
            if not _worse(hs[c], hd[c], hs[i], hd[i]):
                break
            hs[i], hs[c] = hs[c], hs[i]
            hd[i], hd[c] = hd[c], hd[i]
            i = c

    @njit(cache=CACHE, nogil=True)
    def top_k(offsets, doc_ids, weights, terms, buf, k):
        for t in terms:
            for p in range(offsets[t], offsets[t + 1]):
                buf[doc_ids[p]] += weights[p]
        hs = np.empty(k)
        hd = np.empty(k, dtype=np.int64)
        n = 0
        for d in range(buf.shape[0]):
            s = buf[d]
            buf[d] = 0.0
            if n < k:
                hs[n] = s
                hd[n] = d
                n += 1
                i = n - 1
                while i > 0:
                    parent = (i - 1) // 2
                    if not _worse(hs[i], hd[i], hs[parent], hd[parent]):
                        break
                    hs[i], hs[parent] = hs[parent], hs[i]
                    hd[i], hd[parent] = hd[parent], hd[i]
                    i = parent
            elif s > hs[0]:
                hs[0] = s
                hd[0] = d
                _sift_down(hs, hd, n, 0)
        return hd[:n], hs[:n]  # ordered by the caller (numba has no lexsort)
''')


def fresh_process_seconds(code: str, cwd: str) -> float:
    """Wall time of `code` in a new interpreter, minus an empty interpreter's."""
    def run(src: str) -> float:
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", src], cwd=cwd, check=True)
        return time.perf_counter() - started

    empty = min(run("pass") for _ in range(3))
    return max(0.0, min(run(code) for _ in range(3)) - empty)


def first_call_code(cache: bool) -> str:
    return textwrap.dedent(f'''
        import numpy as np
        import port_{int(cache)} as port
        offsets = np.array([0, 2, 3], dtype=np.int64)
        port.top_k(offsets, np.array([0, 1, 1], dtype=np.uint32), np.ones(3),
                   np.array([0, 1], dtype=np.int64), np.zeros(2), 2)
    ''')


def startup_figures() -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="kernel-choice-") as tmp:
        for cache in (False, True):
            Path(tmp, f"port_{int(cache)}.py").write_text(PORT.replace("CACHE", str(cache)))
        out = {"import_numba_s": fresh_process_seconds("import numba", tmp)}
        out["numba_first_call_s"] = fresh_process_seconds(first_call_code(False), tmp)
        fresh_process_seconds(first_call_code(True), tmp)  # fills numba's on-disk cache
        out["numba_first_call_cached_s"] = fresh_process_seconds(first_call_code(True), tmp)
    out["import_c_kernel_s"] = fresh_process_seconds(
        "import retrieval.index._kernel", str(ROOT))
    return {k: round(v, 3) for k, v in out.items()}


def query_figures(paragraphs: int, n_queries: int, rounds: int) -> dict[str, Any]:
    namespace: dict[str, Any] = {}
    exec(PORT.replace("CACHE", "False"), namespace)  # noqa: S102 - our own source above
    port = namespace["top_k"]
    sampler = WordSampler(*jieba_vocabulary(), np.random.default_rng(0))
    corpus = sampler.corpus(paragraphs)
    queries = sampler.queries(n_queries)
    engine = InvertedBM25(corpus, kernel="compiled", compact=False)  # the port reads float64
    bm25._PRUNE_RATIO = 0.0  # the port has no pruning: compare like with like
    del corpus
    buf = np.zeros(engine.n_docs)
    offsets, doc_ids, weights = engine._offsets, engine._doc_ids, engine._store.weights

    def numba_search(query: list[str]) -> np.ndarray:
        terms = np.array(engine._terms_of(query, None)[0], dtype=np.int64)
        ids, scores = port(offsets, doc_ids, weights, terms, buf, TOP_K)
        return ids[np.lexsort((ids, -scores))]

    def c_search(query: list[str]) -> np.ndarray:
        return engine.top_k(query, TOP_K)[0]

    numba_search(queries[0])  # compile outside the timing
    same = all(np.array_equal(numba_search(q), c_search(q)) for q in queries)
    times: dict[str, list[float]] = {"numba": [], "c": []}
    for round_no in range(rounds):
        for i, query in enumerate(queries):
            pair = [("numba", numba_search), ("c", c_search)]
            for name, search in pair if (i + round_no) % 2 else pair[::-1]:
                started = time.perf_counter()
                search(query)
                times[name].append((time.perf_counter() - started) * 1000)
    return {"paragraphs": paragraphs, "same_top10": same,
            "numba_p50_ms": round(float(np.percentile(times["numba"], 50)), 4),
            "c_p50_ms": round(float(np.percentile(times["c"], 50)), 4)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = {**startup_figures(), **query_figures(args.paragraphs, args.queries, args.rounds)}
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:28} {value}")


if __name__ == "__main__":
    main()
