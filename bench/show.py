"""Print bench/peers.py JSON output as tables; with several runs, name the median one.

    for r in 1 2 3; do python bench/peers.py --paragraphs 100000 --json > run$r.json; done
    python bench/show.py run1.json run2.json run3.json

The median run is the one whose "ours" p50 on the zipf mix is the median of the runs'
(the README reports that run whole, so that every figure comes from one run).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from peers import table  # noqa: E402


def median_run(runs: list[dict]) -> int:
    key = [run["mixes"]["zipf"]["ours"]["p50_ms"] for run in runs]
    return sorted(range(len(runs)), key=key.__getitem__)[len(runs) // 2]


def main(paths: list[str]) -> None:
    texts = [Path(p).read_text() for p in paths] if paths else [sys.stdin.read()]
    runs = [json.loads(line) for text in texts for line in text.splitlines() if line.strip()]
    for i, run in enumerate(runs, start=1):
        print(f"run {i}: " + table(run) + "\n")
    if len(runs) > 1:
        print(f"median run (by ours' zipf p50): run {median_run(runs) + 1}")


if __name__ == "__main__":
    main(sys.argv[1:])
