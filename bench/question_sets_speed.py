"""How long a whole message takes over every question we have.

    python bench/question_sets_speed.py [--tree DIR]

Builds the knowledge base of the checkout at DIR (default: this one) over its shipped
corpus and times `KnowledgeBase.ask_all` (what the bot runs per message, in a worker
thread) on every question of this checkout's tests/data/dev_qa.yaml and qa_*.yaml,
after 50 warm-up questions. Prints the count, the median and the 95th percentile in
milliseconds. --tree points at an older commit's worktree (git worktree add DIR COMMIT,
its kernel built with setup.py build_ext --inplace) to compare on the same questions;
interleave runs of the two, as the machine's load moves the figures by a few tenths.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent.parent
WARM_UP = 50


def questions() -> list[str]:
    files = [HERE / "tests/data/dev_qa.yaml", *sorted((HERE / "tests/data").glob("qa_*.yaml"))]
    return [entry["q"] for path in files
            for entry in yaml.safe_load(path.read_text(encoding="utf-8")) or []
            if isinstance(entry, dict) and "q" in entry]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tree", type=Path, default=HERE)
    args = parser.parse_args()
    tree = args.tree.resolve()
    sys.path.insert(0, str(tree))
    from retrieval.__main__ import _load
    from retrieval.config import load_retrieval_config

    kb = _load(load_retrieval_config(tree / "config.yaml"))
    asked = questions()
    for question in asked[:WARM_UP]:
        kb.ask_all(question)
    times = []
    for question in asked:
        started = time.perf_counter()
        kb.ask_all(question)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    print(f"{len(asked)} questions: p50 {statistics.median(times):.2f} ms, "
          f"p95 {times[int(0.95 * len(times))]:.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
