"""Cold start of `python -m retrieval ask` on the embedded corpus, and per-question time.

Runs the real command line in fresh processes (with and without the on-disk
index snapshot) and times answering more questions in one process.

    python bench/cold_start.py [--runs 5] [--json]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
QUESTION = "板凳议事会是什么"


def temp_config(cache_dir: Path) -> Path:
    """config.yaml with its paths made absolute and the cache in cache_dir."""
    data = yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))
    data["corpus"]["path"] = str(ROOT / data["corpus"]["path"])
    data["corpus"]["terms_file"] = str(ROOT / data["corpus"]["terms_file"])
    data["index"]["cache_dir"] = str(cache_dir)
    path = cache_dir.parent / "config.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def time_cli(config: Path) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "retrieval", "--config", str(config), "ask", QUESTION],
                   cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - started


def per_question_ms(config: Path) -> dict[str, float]:
    sys.path.insert(0, str(ROOT))
    from retrieval.answer.build import build_knowledge_base
    from retrieval.config import load_retrieval_config
    from retrieval.evaluation import read_qa_file

    kb = build_knowledge_base(load_retrieval_config(config))
    questions = [item.question for item in read_qa_file(ROOT / "tests/data/dev_qa.yaml")]
    for question in questions:  # first use analyses sentences lazily; measure steady state
        kb.ask(question)
    times = []
    for _ in range(20):
        for question in questions:
            started = time.perf_counter()
            kb.ask(question)
            times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {"question_p50_ms": round(statistics.median(times), 3),
            "question_p95_ms": round(times[int(len(times) * 0.95)], 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "cache"
        config = temp_config(cache)
        no_snapshot, with_snapshot = [], []
        for _ in range(args.runs):
            shutil.rmtree(cache, ignore_errors=True)
            no_snapshot.append(time_cli(config))
            with_snapshot.append(time_cli(config))
        result = {
            "cli_cold_no_snapshot_s": round(statistics.median(no_snapshot), 3),
            "cli_cold_with_snapshot_s": round(statistics.median(with_snapshot), 3),
            **per_question_ms(config),
        }
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:28} {value}")


if __name__ == "__main__":
    main()
