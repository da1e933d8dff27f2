"""Where the compiled kernel should stop selecting sparsely and stop trying to prune.

    python bench/sparse_ratio.py --paragraphs 1000000 --settings 0.1/0.1/0.25,0.03/0.1/0.03 --json

The kernel picks the top k either among the query's postings (sparse: random reads into
the score buffer) or in one pass over every document (dense: sequential, tile by tile),
and on large indexes first tries exact MaxScore pruning.  Sparse pays while the
postings are few; where it stops paying depends on whether the buffer (8 bytes a
document) fits in the cache; pruning pays where it skips long lists cheaply.  On the
corpus and query mixes of bench/peers.py this times one engine's top-10 under each
setting S/P/R: S = bm25._LARGE_SPARSE_RATIO, P = bm25._PRUNE_SCOPE, R = bm25._PRUNE_RATIO
(all used from bm25._PRUNE_MIN_DOCS documents on).  Each round runs every setting over all queries,
the settings in a random order per round; figures are medians over --rounds rounds,
and the slowest queries under the first setting are listed with their postings share
and their time under every setting.  Every setting must give the same top-10 (asserted).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from search_speed import TOP_K, WordSampler, jieba_vocabulary  # noqa: E402

from retrieval.index import bm25  # noqa: E402
from retrieval.index.bm25 import InvertedBM25  # noqa: E402


def time_settings(engine: InvertedBM25, queries: Sequence[list[str]],
                  settings: Sequence[tuple[float, float, float]], rounds: int) -> dict[str, Any]:
    """p50/p99 per setting (median over rounds), and the slowest queries under the first."""
    times = np.zeros((len(settings), rounds, len(queries)))
    expected: list[np.ndarray | None] = [None] * len(queries)
    saved = bm25._LARGE_SPARSE_RATIO, bm25._PRUNE_SCOPE, bm25._PRUNE_RATIO
    try:
        for round_no in range(rounds):
            for s in np.random.default_rng(round_no).permutation(len(settings)):
                bm25._LARGE_SPARSE_RATIO, bm25._PRUNE_SCOPE, bm25._PRUNE_RATIO = settings[s]
                for i, query in enumerate(queries):
                    start = time.perf_counter()
                    ids, _ = engine.top_k(query, TOP_K)
                    times[s, round_no, i] = (time.perf_counter() - start) * 1000
                    first = expected[i]
                    assert first is None or np.array_equal(ids, first)
                    expected[i] = ids
    finally:
        bm25._LARGE_SPARSE_RATIO, bm25._PRUNE_SCOPE, bm25._PRUNE_RATIO = saved
    share = [sum(map(engine.document_frequency, q)) / engine.n_docs for q in queries]
    per_query = np.median(times[0], axis=0)
    slowest = [{"ms": round(float(per_query[i]), 3), "postings_share": round(share[i], 4),
                "terms": len(queries[i]),
                "ms_by_setting": [round(float(np.median(times[s][:, i])), 3)
                                  for s in range(len(settings))]}
               for i in np.argsort(-per_query)[:8]]
    by_setting = {"/".join(map(str, setting)): {
        "p50_ms": round(float(np.median(np.percentile(times[s], 50, axis=1))), 4),
        "p99_ms": round(float(np.median(np.percentile(times[s], 99, axis=1))), 4)}
        for s, setting in enumerate(settings)}
    return {"by_setting": by_setting, "slowest_under_first": slowest}


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--paragraphs", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--settings", default="0.1/0.1/0.25,0.03/0.1/0.03",
                        help="comma-separated S/P/R: large sparse ratio / prune scope / "
                             "prune ratio")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    settings = [(float(a), float(b), float(c)) for a, b, c in
                (item.split("/") for item in args.settings.split(","))]
    sampler = WordSampler(*jieba_vocabulary(), np.random.default_rng(args.seed))
    corpus = sampler.corpus(args.paragraphs)
    start = time.perf_counter()
    engine = InvertedBM25(corpus, kernel="compiled")
    build_s = time.perf_counter() - start
    del corpus
    if engine.n_docs < bm25._PRUNE_MIN_DOCS:
        print(f"note: below {bm25._PRUNE_MIN_DOCS} documents the engine uses "
              f"_SPARSE_RATIO ({bm25._SPARSE_RATIO}) and never prunes, not the settings "
              "timed here", file=sys.stderr)
    mixes = {"zipf": sampler.queries(args.queries),
             "question": sampler.question_queries(args.queries, engine.document_frequency,
                                                  engine.n_docs)}
    out: dict[str, Any] = {"paragraphs": args.paragraphs, "build_s": round(build_s, 2),
                           "rounds": args.rounds, "settings": args.settings, "mixes": {}}
    for mix, queries in mixes.items():
        out["mixes"][mix] = time_settings(engine, queries, settings, args.rounds)
    if args.json:
        print(json.dumps(out, ensure_ascii=False))
        return
    print(f"{args.paragraphs} paragraphs, build {out['build_s']} s")
    for mix, figures in out["mixes"].items():
        for setting, fig in figures["by_setting"].items():
            print(f"  {mix:9} {setting:>10}  p50 {fig['p50_ms']:.3f} ms"
                  f"  p99 {fig['p99_ms']:.3f} ms")


if __name__ == "__main__":
    main()
