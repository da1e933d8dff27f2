"""How fast the page parser is: the five shipped pages, and a huge page of broken lines.

    python bench/parse_speed.py [--runs 5] [--json]

The shipped pages must parse in well under 100 ms; the huge page (2,000 articles with
broken sentences and subheadings) shows that the work stays linear on hostile input.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from retrieval.corpus.page_parser import parse_page

ROOT = Path(__file__).resolve().parents[1]


def best_of(runs: int, work) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus").glob("*.txt"))]
    huge = "\n\n".join(f"□记者{i}\n\n正文{i}，“未完\n\n小标题{i}\n\n”接着写。" for i in range(2000))
    figures = {
        "pages": len(texts),
        "five_pages_ms": round(
            best_of(args.runs, lambda: [parse_page(t) for t in texts]) * 1000, 1),
        "huge_page_s": round(best_of(1, lambda: parse_page(huge)), 2),
    }
    print(json.dumps(figures) if args.json else "\n".join(f"{k}: {v}" for k, v in figures.items()))


if __name__ == "__main__":
    main()
