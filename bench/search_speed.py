"""Search speed: InvertedBM25 against rank_bm25 on a synthetic Chinese corpus.

    python bench/search_speed.py --paragraphs 100000 --queries 200 --seed 0 --json

The corpus is seeded and synthetic: words drawn with probability proportional to their
frequency in jieba's bundled dictionary, paragraphs of 40-160 words, queries of 4-8
words drawn the same way.  Both engines index the very same token lists; latencies
are per query (score + top-10) on already tokenized queries.  `question_p50_ms` is a
full question through the real pipeline (tokenizer, engine, answer composer) on the
corpus shipped in corpus/; `question_p50_ms_at_scale` is the same questions through
the same pipeline with the synthetic paragraphs added to the shipped ones, up to
--paragraphs in all (the answer composer only ever sees the engine's candidates, so its
share should stay flat while the engine's grows): `question_search_p50_ms_at_scale`
is the engine's part of it (top-50 candidates).

rank_bm25 keeps one Python dict per paragraph (about 5 GB at 1,000,000 paragraphs) and
needs ~2 s per query there, so --skip-rank-bm25 leaves it out of such runs entirely;
without the flag it is timed on all queries up to 200,000 paragraphs and on a sample
of 20 beyond (--rank-bm25-queries overrides).
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script from anywhere

from retrieval.index.bm25 import InvertedBM25  # noqa: E402
from retrieval.index.snapshot import load_snapshot, save_snapshot  # noqa: E402

TOP_K = 10
PARAGRAPH_WORDS = (40, 160)
QUERY_WORDS = (4, 8)
STOP_WORDS = 100  # most frequent dictionary words, left out of question-like queries
GENERATE_CHUNK = 20_000  # paragraphs generated per numpy batch
QUESTIONS = (
    "板凳议事会是什么",
    "红色物业在哪里开展",
    "亮晒比是什么意思",
    "比武争星怎么评选",
    "揭榜挂帅有哪些成果",
    "三减三优减少了多少",
    "红色小马甲做了什么",
    "板凳議事會在哪個社區",
)
QUESTION_REPEATS = 5


# ---------------------------------------------------------------- synthetic corpus


def jieba_vocabulary() -> tuple[np.ndarray, np.ndarray]:
    """jieba's dictionary words (object array) and their frequencies (int64)."""
    import jieba

    path = Path(jieba.__file__).with_name("dict.txt")
    words, freqs = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split(" ")
        if len(parts) >= 2 and parts[1].isdigit() and int(parts[1]) > 0:
            words.append(parts[0])
            freqs.append(int(parts[1]))
    return np.array(words, dtype=object), np.array(freqs, dtype=np.int64)


class WordSampler:
    """Draws jieba words with probability proportional to their frequency.

    A table holding word i freq[i] times (~60M int32) turns each draw into one
    uniform integer and one lookup: ten times faster than a binary search over the
    cumulative frequencies, which dominated corpus generation at 1M paragraphs.
    """

    def __init__(self, words: np.ndarray, freqs: np.ndarray, rng: np.random.Generator) -> None:
        self.words = words
        self.freqs = freqs
        self.rng = rng
        self.table = np.repeat(np.arange(len(words), dtype=np.int32), freqs)

    def token_lists(self, lengths: np.ndarray) -> list[list[str]]:
        """One list of words per length; the strings are shared, not copied."""
        draws = self.rng.integers(0, len(self.table), size=int(lengths.sum()))
        drawn = self.words[self.table[draws]]
        return [part.tolist() for part in np.split(drawn, np.cumsum(lengths)[:-1])]

    def corpus(self, n: int) -> list[list[str]]:
        low, high = PARAGRAPH_WORDS
        corpus: list[list[str]] = []
        for start in range(0, n, GENERATE_CHUNK):
            lengths = self.rng.integers(low, high + 1, size=min(GENERATE_CHUNK, n - start))
            corpus.extend(self.token_lists(lengths))
        return corpus

    def queries(self, n: int) -> list[list[str]]:
        low, high = QUERY_WORDS
        return self.token_lists(self.rng.integers(low, high + 1, size=n))

    def question_queries(self, n: int, df: Callable[[str], int], n_docs: int) -> list[list[str]]:
        """Question-like queries: 2-5 content terms, at least one of them rare.

        Rare: in at most 0.1% of the paragraphs (at least 1).  Content: not one of the
        STOP_WORDS most frequent dictionary words (的, 了, 是 ...: what a question's
        filler removal drops).  1-2 rare terms drawn uniformly from the corpus words in
        that band, the rest drawn by frequency among the content words, then shuffled.
        """
        order = np.argsort(-self.freqs, kind="stable")
        stop = set(self.words[order[:STOP_WORDS]].tolist())
        limit = max(1, n_docs // 1000)
        rare = [w for w in self.words.tolist() if 0 < df(w) <= limit and w not in stop]
        queries = []
        for _ in range(n):
            size = int(self.rng.integers(2, 6))
            n_rare = 1 if size < 4 else int(self.rng.integers(1, 3))
            terms = [rare[i] for i in self.rng.integers(0, len(rare), size=n_rare)]
            while len(terms) < size:
                word = self.words[self.table[self.rng.integers(0, len(self.table))]]
                if word not in stop and df(word) > 0:
                    terms.append(word)
            self.rng.shuffle(terms)
            queries.append(terms)
        return queries


# ---------------------------------------------------------------- measurements


def timed(fn: Callable[..., Any], *args: Any) -> tuple[Any, float]:
    """(fn(*args), seconds it took)."""
    start = time.perf_counter()
    result = fn(*args)
    return result, time.perf_counter() - start


def latencies(search: Callable[[list[str]], np.ndarray], queries: Sequence[list[str]]):
    """(per-query milliseconds, top ids per query); the first query warms caches."""
    search(queries[0])
    times, results = [], []
    for query in queries:
        ids, seconds = timed(search, query)
        times.append(seconds * 1000)
        results.append(ids)
    return np.array(times), results


def rank_bm25_top(model: Any) -> Callable[[list[str]], np.ndarray]:
    def search(query: list[str]) -> np.ndarray:
        scores = model.get_scores(query)
        return np.argsort(-scores, kind="stable")[:TOP_K]

    return search


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def question_latency() -> dict[str, Any]:
    """p50 of full questions through the real pipeline on the shipped corpus."""
    try:
        from retrieval.answer.build import build_knowledge_base
        from retrieval.config import load_retrieval_config

        kb = build_knowledge_base(load_retrieval_config(ROOT / "config.yaml"))
        for question in QUESTIONS:  # warm caches (sentence splitting, jieba)
            kb.ask(question)
        times = []
        for _ in range(QUESTION_REPEATS):
            for question in QUESTIONS:
                times.append(timed(kb.ask, question)[1] * 1000)
    except Exception as exc:  # the pipeline is optional for the engine figures
        return {"question_p50_ms": None, "question_error": f"{type(exc).__name__}: {exc}"}
    return {"question_p50_ms": round(float(np.percentile(times, 50)), 3)}


def question_latency_at_scale(corpus: list[list[str]], n: int) -> dict[str, Any]:
    """Whole questions over the shipped corpus plus synthetic paragraphs, n in all."""
    import dataclasses

    from retrieval.answer.build import build_knowledge_base, document_tokens
    from retrieval.answer.knowledge import CANDIDATES
    from retrieval.config import load_retrieval_config
    from retrieval.models import Article, Paragraph

    config = load_retrieval_config(ROOT / "config.yaml")
    kb = build_knowledge_base(config)
    docs = document_tokens(kb.tokenizer, kb.articles, kb.paragraphs, config.title_weight)
    extra = corpus[: max(0, n - len(docs))]
    articles, paragraphs = list(kb.articles), list(kb.paragraphs)
    per_article = 10  # synthetic articles of 10 paragraphs each
    for start in range(0, len(extra), per_article):
        article_id = len(articles)
        texts = tuple("".join(tokens) for tokens in extra[start : start + per_article])
        articles.append(Article(article_id, f"合成文章{article_id}", "", "", "synthetic", texts))
        for position, text in enumerate(texts):
            paragraphs.append(Paragraph(len(paragraphs), article_id, position, text))
    params = dataclasses.asdict(config.bm25)
    engine, build_s = timed(lambda: InvertedBM25(docs + extra, **params))
    big = dataclasses.replace(kb, articles=tuple(articles), paragraphs=tuple(paragraphs),
                              engine=engine)
    _, warm_s = timed(big.warm)  # per-paragraph texts, computed once at build time
    for question in QUESTIONS:
        big.ask(question)
    ask_ms, search_ms = [], []
    for _ in range(QUESTION_REPEATS):
        for question in QUESTIONS:
            ask_ms.append(timed(big.ask, question)[1] * 1000)
            pairs = big.understand(question).search_tokens  # what ask() searches
            tokens, weights = [t for t, _ in pairs], [w for _, w in pairs]
            search_ms.append(timed(engine.top_k, tokens, CANDIDATES, weights)[1] * 1000)
    return {
        "question_scale_paragraphs": len(paragraphs),
        "question_scale_build_s": round(build_s, 2),
        "question_scale_warm_s": round(warm_s, 2),
        "question_p50_ms_at_scale": round(float(np.percentile(ask_ms, 50)), 3),
        "question_search_p50_ms_at_scale": round(float(np.percentile(search_ms, 50)), 3),
    }


def snapshot_round_trip(
    holder: list[InvertedBM25], queries: Sequence[list[str]], expected: list
) -> tuple[dict[str, Any], InvertedBM25]:
    """Save, drop the built engine, load back; returns (figures, loaded engine).

    The engine comes in a list that this function empties, so that the built index is
    freed before the loaded one exists (two copies would double peak RSS at 1M).
    """
    engine = holder.pop()
    with tempfile.TemporaryDirectory(prefix="bm25-bench-") as directory:
        key = "0" * 64
        _, save_s = timed(save_snapshot, Path(directory), key, engine)
        size_mb = sum(p.stat().st_size for p in Path(directory).iterdir()) / 2**20
        del engine
        gc.collect()  # keep one index in memory at a time (matters at 1M paragraphs)
        loaded, load_s = timed(load_snapshot, Path(directory), key)
    if loaded is None:
        raise RuntimeError("snapshot did not load back")
    engine = loaded[0]
    same = all(
        np.array_equal(engine.top_k(q, TOP_K)[0], ids)
        for q, ids in zip(queries[:20], expected[:20], strict=False)
    )
    figures = {
        "snapshot_save_s": round(save_s, 3),
        "snapshot_load_s": round(load_s, 3),
        "snapshot_mb": round(size_mb, 1),
        "snapshot_same_results": same,
    }
    return figures, engine


def percentile_ms(times: np.ndarray, q: float) -> float:
    return round(float(np.percentile(times, q)), 4)


def run(args: argparse.Namespace) -> dict[str, Any]:
    sampler = WordSampler(*jieba_vocabulary(), np.random.default_rng(args.seed))
    corpus, gen_s = timed(sampler.corpus, args.paragraphs)
    queries = sampler.queries(args.queries)
    del sampler  # its table is 240 MB
    out: dict[str, Any] = {
        "paragraphs": args.paragraphs,
        "tokens": sum(map(len, corpus)),
        "queries": args.queries,
        "seed": args.seed,
        "generate_s": round(gen_s, 2),
    }

    engine, build_s = timed(InvertedBM25, corpus)
    out["build_s"] = round(build_s, 2)
    out["terms"] = engine.n_terms
    ours_times, ours_ids = latencies(lambda q: engine.top_k(q, TOP_K)[0], queries)
    out["ours_p50_ms"] = percentile_ms(ours_times, 50)
    out["ours_p99_ms"] = percentile_ms(ours_times, 99)
    out["ours_max_ms"] = percentile_ms(ours_times, 100)
    holder = [engine]
    del engine
    figures, engine = snapshot_round_trip(holder, queries, ours_ids)
    out.update(figures)
    out["rss_mb_ours"] = round(peak_rss_mb(), 1)  # before rank_bm25 adds its own dicts
    out.update(question_latency())
    if not args.skip_question_scale:
        del engine
        gc.collect()
        out.update(question_latency_at_scale(corpus, args.paragraphs))
        engine = None

    out.update(compare_rank_bm25(args, corpus, queries, ours_times, ours_ids))
    out["rss_mb"] = round(peak_rss_mb(), 1)
    return out


def compare_rank_bm25(args, corpus, queries, ours_times, ours_ids) -> dict[str, Any]:
    if args.skip_rank_bm25:
        return {"rank_bm25_p50_ms": None, "speedup": None, "topk_agreement": None,
                "rank_bm25_note": "skipped (--skip-rank-bm25)"}
    import rank_bm25

    sample = args.rank_bm25_queries or (len(queries) if args.paragraphs <= 200_000 else 20)
    sample = min(sample, len(queries))
    model, build_s = timed(rank_bm25.BM25Okapi, corpus)
    ref_times, ref_ids = latencies(rank_bm25_top(model), queries[:sample])
    agree = [np.array_equal(a, b) for a, b in zip(ours_ids[:sample], ref_ids, strict=True)]
    ref_p50 = float(np.percentile(ref_times, 50))
    ours_p50 = float(np.percentile(ours_times[:sample], 50))
    return {
        "rank_bm25_build_s": round(build_s, 2),
        "rank_bm25_queries": sample,
        "rank_bm25_p50_ms": round(ref_p50, 3),
        "speedup": round(ref_p50 / ours_p50, 1),  # both medians over the same queries
        "topk_agreement": float(np.mean(agree)),
    }


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--paragraphs", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--skip-rank-bm25", action="store_true",
                        help="do not build or time rank_bm25 (for 1,000,000 paragraphs)")
    parser.add_argument("--skip-question-scale", action="store_true",
                        help="no whole-question timing over --paragraphs paragraphs")
    parser.add_argument("--rank-bm25-queries", type=int, default=0,
                        help="queries timed on rank_bm25 (default: all up to 200k paragraphs, "
                        "else 20)")
    args = parser.parse_args(argv)
    if args.paragraphs < 1 or args.queries < 1:
        parser.error("--paragraphs and --queries must be positive")
    return args


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    result = run(args)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return
    width = max(map(len, result))
    for name, value in result.items():
        print(f"{name:<{width}}  {value}")


if __name__ == "__main__":
    main()
