"""Peer benchmark: this engine against rank-bm25-rs, bm25s and rank_bm25, one run.

    python bench/peers.py --paragraphs 100000 --json
    python bench/peers.py --paragraphs 1000000 --skip-rank-bm25 --baseline /tmp/baseline-2a1eb1e

Same seeded synthetic corpus and queries as bench/search_speed.py, two query mixes:
  zipf:     4-8 words drawn by jieba frequency (the issue's original queries);
  question: 2-5 content terms, at least one rare (bench/search_speed.py says how).
Every engine gets the same pre-tokenised corpus (tokenisation is never timed) and is
timed per query from the token list to (top-10 ids, scores), Okapi with k1=1.5,
b=0.75: its own term lookup, scoring and top-10 selection, nothing cached across
queries.  Engines are interleaved query by query (in a random order per query), so
load on a shared machine falls on all of them alike; --rounds repeats the whole timing
loop and each figure is the median over rounds.

Engines (peers are optional: `pip install -e ".[bench]"`; a missing one is reported):
  ours:          InvertedBM25 with the compiled kernel (when built), as installed;
  ours_numpy:    InvertedBM25 as a numpy-only install builds and runs it (float64
                 weights, numpy path): the fallback without a compiler;
  ours_pruned:   ours' index with the kernel's exact MaxScore pruning tried at any
                 size (--prune-ratio R > 0), or ours_unpruned: never (--prune-ratio 0);
                 the engine's default tries it from 500,000 documents on;
  baseline:      InvertedBM25 of an older checkout (--baseline DIR), e.g. commit 2a1eb1e;
  rank_bm25_rs:  rank-bm25-rs BM25Okapi.get_scores + the exact top-10 selection;
  bm25s:         bm25s (method="robertson", numba backend when installed, else numpy):
                 its compiled retrieve kernel called directly on one query;
  rank_bm25:     the reference (skippable: --skip-rank-bm25, or sampled at 1M).
"identical" is the share of queries whose top-10 ids equal rank_bm25's, or, when it is
skipped, those of the exhaustive scorer (ours_numpy scores every document).

build_s and rss_added_mb come from a fresh process per engine that generates the same
corpus and builds only that engine (peak RSS after the build minus RSS before it), so
that memory one build freed cannot flatter the next; --in-process-builds skips those
processes and reports the figures of the builds made for timing instead.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib.util
import json
import re
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from search_speed import TOP_K, WordSampler, jieba_vocabulary  # noqa: E402

from retrieval.index import bm25  # noqa: E402
from retrieval.index.bm25 import InvertedBM25, kernel_available, select_top_k  # noqa: E402

Search = Callable[[list[str]], tuple[np.ndarray, np.ndarray]]
ONCE = {"rank_bm25"}  # ~0.25 s a query at 100k: timed in the first round only


# ---------------------------------------------------------------- memory


def _status(field: str) -> int:
    """A /proc/self/status field in KiB (Linux)."""
    match = re.search(rf"{field}:\s+(\d+)", Path("/proc/self/status").read_text())
    return int(match.group(1)) if match else 0


def reset_peak() -> int:
    """Reset the peak RSS to the current RSS (Linux clear_refs 5); returns it in KiB."""
    gc.collect()
    with contextlib.suppress(OSError):  # not Linux, or not allowed: peaks then accumulate
        Path("/proc/self/clear_refs").write_text("5")
    return _status("VmRSS")


def peak_added_mb(start_kib: int) -> float:
    return round((_status("VmHWM") - start_kib) / 1024, 1)


# ---------------------------------------------------------------- engines


def ours(corpus: list[list[str]]) -> tuple[Any, Search]:
    engine = InvertedBM25(corpus, kernel="compiled")
    return engine, lambda q: engine.top_k(q, TOP_K)


def ours_numpy(corpus: list[list[str]]) -> tuple[Any, Search]:
    engine = InvertedBM25(corpus, kernel="numpy")
    return engine, lambda q: engine.top_k(q, TOP_K)


def pruned_from(engine: InvertedBM25, ratio: float) -> Search:
    """ours' index (the same arrays) with MaxScore pruning at `ratio` at any size
    (0: never), instead of the engine's default (bm25._PRUNE_RATIO from
    bm25._PRUNE_MIN_DOCS documents on)."""
    def search(query: list[str]) -> tuple[np.ndarray, np.ndarray]:
        saved = bm25._PRUNE_RATIO, bm25._PRUNE_MIN_DOCS
        bm25._PRUNE_RATIO, bm25._PRUNE_MIN_DOCS = ratio, 0
        try:
            return engine.top_k(query, TOP_K)
        finally:
            bm25._PRUNE_RATIO, bm25._PRUNE_MIN_DOCS = saved

    return search


def load_baseline(directory: Path) -> Any:
    """The bm25 module of an older checkout, imported under another name."""
    for relative in ("retrieval/bm25.py", "retrieval/index/bm25.py"):
        path = directory / relative
        if path.is_file():
            spec = importlib.util.spec_from_file_location("baseline_bm25", path)
            assert spec and spec.loader
            module = importlib.util.module_from_spec(spec)
            sys.modules[spec.name] = module  # dataclasses look their module up there
            spec.loader.exec_module(module)
            return module
    raise FileNotFoundError(f"no retrieval/bm25.py under {directory}")


def baseline(module: Any) -> Callable[[list[list[str]]], tuple[Any, Search]]:
    def build(corpus: list[list[str]]) -> tuple[Any, Search]:
        engine = module.InvertedBM25(corpus)
        return engine, lambda q: engine.top_k(q, TOP_K)

    return build


def rank_bm25_rs(corpus: list[list[str]]) -> tuple[Any, Search]:
    import rank_bm25_rs as rs

    model = rs.BM25Okapi(corpus)

    def search(query: list[str]) -> tuple[np.ndarray, np.ndarray]:
        scores = np.asarray(model.get_scores(query))
        ids = select_top_k(scores, TOP_K)
        return ids, scores[ids]

    return model, search


def bm25s_engine(corpus: list[list[str]]) -> tuple[Any, Search, str]:
    import bm25s

    backend = "numba"
    try:
        from bm25s.numba.retrieve_utils import _retrieve_internal_jitted_serial as kernel
    except ImportError:
        backend, kernel = "numpy", None
    model = bm25s.BM25(method="robertson", backend=backend)
    model.index(corpus, show_progress=False)
    scores = model.scores
    empty = [model.vocab_dict[""]]
    if kernel is not None:
        def search(query: list[str]) -> tuple[np.ndarray, np.ndarray]:
            ids = np.asarray(model.get_tokens_ids(query) or empty, dtype=np.int32)
            top_scores, top_ids = kernel(
                ids, np.array([0, len(ids)], dtype=np.int32), TOP_K, True,
                np.dtype(model.dtype), np.dtype(model.int_dtype), scores["data"],
                scores["indptr"], scores["indices"], scores["num_docs"],
                model.nonoccurrence_array, None)
            return top_ids[0], top_scores[0]

        search(corpus[0][:3])  # compiled already by a warm-up index (build_all)
    else:
        def search(query: list[str]) -> tuple[np.ndarray, np.ndarray]:
            top_ids, top_scores = model.retrieve([query or [""]], k=TOP_K, show_progress=False,
                                                 n_threads=1)
            return top_ids[0], top_scores[0]
    return model, search, backend


def rank_bm25_ref(corpus: list[list[str]]) -> tuple[Any, Search]:
    import rank_bm25

    model = rank_bm25.BM25Okapi(corpus)

    def search(query: list[str]) -> tuple[np.ndarray, np.ndarray]:
        scores = np.asarray(model.get_scores(query))
        ids = np.argsort(-scores, kind="stable")[:TOP_K]
        return ids, scores[ids]

    return model, search


# ---------------------------------------------------------------- timing


def time_mix(searches: dict[str, Search], queries: Sequence[list[str]], rounds: int,
             limited: dict[str, int]) -> tuple[dict[str, dict[str, Any]], dict[str, list]]:
    """Per engine: p50/p99 (median over rounds) and the ids of its last round."""
    names = list(searches)
    for name in names:  # warm caches and lazy set-up
        searches[name](queries[0])
    per_round: dict[str, list[tuple[float, float]]] = {name: [] for name in names}
    ids: dict[str, list] = {}
    for round_no in range(rounds):
        times: dict[str, list[float]] = {name: [] for name in names}
        last_ids, ids = ids, {name: [] for name in names}
        order_rng = np.random.default_rng(round_no)
        for i, query in enumerate(queries):
            # a fresh random order per query: every engine runs first, last and after
            # every other one alike (a fixed rotation made whoever followed the compiled
            # kernel pay for the caches it had filled)
            for position in order_rng.permutation(len(names)):
                name = names[position]
                if i >= limited.get(name, len(queries)) or (round_no and name in ONCE):
                    continue
                start = time.perf_counter()
                top_ids, _ = searches[name](query)
                times[name].append((time.perf_counter() - start) * 1000)
                ids[name].append(np.asarray(top_ids))
        for name in names:
            if not times[name]:
                ids[name] = last_ids[name]
            if times[name]:
                t = np.array(times[name])
                per_round[name].append((float(np.percentile(t, 50)), float(np.percentile(t, 99))))
    out = {}
    for name in names:
        p50s = [p for p, _ in per_round[name]]
        p99s = [p for _, p in per_round[name]]
        out[name] = {"p50_ms": round(float(np.median(p50s)), 4),
                     "p99_ms": round(float(np.median(p99s)), 4),
                     "p50_ms_rounds": [round(p, 4) for p in p50s],
                     "queries": len(ids[name])}
    return out, ids


def identical_share(ids: list, reference: list) -> float:
    same = [np.array_equal(np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64))
            for a, b in zip(ids, reference, strict=False)]
    return round(float(np.mean(same)), 4) if same else float("nan")


# ---------------------------------------------------------------- run


def factories(args: argparse.Namespace) -> dict[str, Callable[[list[list[str]]], tuple]]:
    """Engine builders by name, in build order (peers' packages are imported lazily)."""
    out: dict[str, Callable[[list[list[str]]], tuple]] = {"ours": ours, "ours_numpy": ours_numpy}
    if args.baseline:
        out["baseline"] = baseline(load_baseline(Path(args.baseline)))
    out["rank_bm25_rs"] = rank_bm25_rs
    out["bm25s"] = bm25s_engine
    if not args.skip_rank_bm25:
        out["rank_bm25"] = rank_bm25_ref
    return out


def measured_build(factory: Callable[[list[list[str]]], tuple], corpus: list[list[str]]
                   ) -> tuple[tuple, dict[str, Any]]:
    """factory(corpus) with its wall time and the peak RSS it added."""
    start_kib = reset_peak()
    started = time.perf_counter()
    built = factory(corpus)
    build_s = time.perf_counter() - started
    figures: dict[str, Any] = {"build_s": round(build_s, 2),
                               "rss_added_mb": peak_added_mb(start_kib)}
    if len(built) == 3:
        figures["backend"] = built[2]
    return built, figures


def build_in_fresh_process(args: argparse.Namespace, name: str) -> dict[str, Any]:
    command = [sys.executable, __file__, "--measure-build", name, "--paragraphs",
               str(args.paragraphs), "--seed", str(args.seed)]
    if args.baseline:
        command += ["--baseline", args.baseline]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "?"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure_one_build(args: argparse.Namespace) -> None:
    """--measure-build NAME: generate the corpus, build NAME, print its figures."""
    sampler = WordSampler(*jieba_vocabulary(), np.random.default_rng(args.seed))
    corpus = sampler.corpus(args.paragraphs)
    del sampler
    factory = factories(args)[args.measure_build]
    if args.measure_build == "bm25s":
        bm25s_engine(corpus[:100])  # numba compiles on first use: not build time
    _, figures = measured_build(factory, corpus)
    print(json.dumps(figures))


def build_all(args: argparse.Namespace, corpus: list[list[str]]
              ) -> tuple[dict[str, Search], dict[str, dict[str, Any]], InvertedBM25, list]:
    """Every engine, built for timing; and their build figures."""
    if not kernel_available():
        raise SystemExit("the compiled kernel is not built: pip install -e . with a C compiler")
    searches: dict[str, Search] = {}
    info: dict[str, dict[str, Any]] = {}
    keep: list[Any] = []  # the models stay alive while timing
    engine = None
    for name, factory in factories(args).items():
        if name == "bm25s":
            with contextlib.suppress(Exception):  # numba compiles on first use
                bm25s_engine(corpus[:100])
        try:
            built, figures = measured_build(factory, corpus)
        except Exception as exc:  # a missing or failing peer must not stop the others
            info[name] = {"error": f"{type(exc).__name__}: {exc}"}
            continue
        if not args.in_process_builds:
            figures = {**build_in_fresh_process(args, name),
                       "build_s_in_run": figures["build_s"]}
        info[name] = figures
        keep.append(built[0])
        searches[name] = built[1]
        if name == "ours":
            engine = built[0]
            if args.prune_ratio is not None:
                name = "ours_pruned" if args.prune_ratio > 0 else "ours_unpruned"
                searches[name] = pruned_from(engine, args.prune_ratio)
                info[name] = {"note": f"ours' index, prune ratio {args.prune_ratio} at any size"}
    if args.baseline and "baseline" in info:
        info["baseline"]["source"] = str(args.baseline)
    assert engine is not None
    return searches, info, engine, keep


def run(args: argparse.Namespace) -> dict[str, Any]:
    sampler = WordSampler(*jieba_vocabulary(), np.random.default_rng(args.seed))
    corpus = sampler.corpus(args.paragraphs)
    zipf = sampler.queries(args.queries)
    searches, info, engine, _keep = build_all(args, corpus)
    mixes = {
        "zipf": zipf,
        "question": sampler.question_queries(args.queries, engine.document_frequency,
                                             engine.n_docs),
    }
    del sampler
    reference = "rank_bm25" if "rank_bm25" in searches else "ours_numpy"
    limited = {}
    if "rank_bm25" in searches:
        default = args.queries if args.paragraphs <= 200_000 else 20
        limited["rank_bm25"] = args.rank_bm25_queries or default
    out: dict[str, Any] = {
        "paragraphs": args.paragraphs, "tokens": sum(map(len, corpus)),
        "queries": args.queries, "seed": args.seed, "rounds": args.rounds,
        "top_k": TOP_K, "identical_vs": reference, "engines": info, "mixes": {},
    }
    for mix, queries in mixes.items():
        figures, ids = time_mix(searches, queries, args.rounds, limited)
        ours_p50 = figures["ours"]["p50_ms"]
        for name, fig in figures.items():
            n = len(ids[name])
            fig["identical"] = identical_share(ids[name], ids[reference][:n])
            fig["p50_over_ours"] = round(fig["p50_ms"] / ours_p50, 2) if ours_p50 else None
        out["mixes"][mix] = figures
    return out


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--paragraphs", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--rounds", type=int, default=3,
                        help="timing rounds over all queries; figures are medians over rounds")
    parser.add_argument("--baseline", default="",
                        help="checkout of an older version to time too (e.g. commit 2a1eb1e)")
    parser.add_argument("--skip-rank-bm25", action="store_true")
    parser.add_argument("--prune-ratio", type=float, default=None,
                        help="also time ours with MaxScore pruning at this ratio at any size "
                        "(e.g. 0.25: ours_pruned), or 0: never (ours_unpruned)")
    parser.add_argument("--rank-bm25-queries", type=int, default=0,
                        help="queries timed on rank_bm25 (default: all up to 200k, else 20)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--in-process-builds", action="store_true",
                        help="no fresh process per engine for build time and memory")
    parser.add_argument("--measure-build", default="", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.paragraphs < 1 or args.queries < 1 or args.rounds < 1:
        parser.error("--paragraphs, --queries and --rounds must be positive")
    return args


def table(result: dict[str, Any]) -> str:
    lines = [f"{result['paragraphs']} paragraphs, {result['queries']} queries per mix, "
             f"top-{result['top_k']}, identical vs {result['identical_vs']}"]
    for name, fig in result["engines"].items():
        lines.append(f"  {name:<13} {fig}")
    for mix, figures in result["mixes"].items():
        lines.append(f"{mix}:")
        for name, fig in figures.items():
            lines.append(f"  {name:<13} p50 {fig['p50_ms']:>9.4f} ms  p99 {fig['p99_ms']:>9.4f} ms"
                         f"  identical {fig['identical']:.0%}  p50/ours {fig['p50_over_ours']}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    if args.measure_build:
        measure_one_build(args)
        return
    result = run(args)
    print(json.dumps(result, ensure_ascii=False) if args.json else table(result))


if __name__ == "__main__":
    main()
