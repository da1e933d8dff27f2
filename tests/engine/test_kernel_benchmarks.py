"""The benchmark scripts still run (tiny sizes; peers that are not installed are
reported as errors, never fatal).  Figures are not checked: timing is not a test."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from retrieval.index.bm25 import kernel_available

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> dict:
    done = subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True,
                          check=True, timeout=300)
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.skipif(not kernel_available(), reason="peers.py needs the compiled kernel")
def test_peers_benchmark_runs_and_agrees():
    out = run("bench/peers.py", "--paragraphs", "300", "--queries", "5", "--rounds", "1",
              "--skip-rank-bm25", "--in-process-builds", "--prune-ratio", "0.25", "--json")
    assert out["identical_vs"] == "ours_numpy"
    for mix in ("zipf", "question"):
        figures = out["mixes"][mix]
        for name in ("ours", "ours_numpy", "ours_pruned"):
            assert figures[name]["identical"] == 1.0
            assert figures[name]["p50_ms"] > 0


def test_search_speed_benchmark_runs():
    out = run("bench/search_speed.py", "--paragraphs", "300", "--queries", "5",
              "--skip-rank-bm25", "--skip-question-scale", "--json")
    assert out["snapshot_same_results"] is True
    assert out["question_p50_ms"] is not None


def test_search_speed_times_whole_questions_at_scale():
    """The whole-question part (the real pipeline over shipped + synthetic paragraphs):
    it imports the knowledge base's builder and query, which have moved before."""
    out = run("bench/search_speed.py", "--paragraphs", "1300", "--queries", "5",
              "--skip-rank-bm25", "--json")
    assert out["question_scale_paragraphs"] >= 1300
    assert out["question_p50_ms_at_scale"] > 0 and out["question_search_p50_ms_at_scale"] > 0


def test_sparse_ratio_benchmark_runs():
    out = run("bench/sparse_ratio.py", "--paragraphs", "400", "--queries", "5", "--rounds",
              "1", "--settings", "0.1/0.1/0.25,0.03/0.05/0.03", "--json")
    for mix in ("zipf", "question"):
        assert set(out["mixes"][mix]["by_setting"]) == {"0.1/0.1/0.25", "0.03/0.05/0.03"}


def test_answer_first_benchmark_runs(engine_config: Path):
    out = run("bench/answer_first.py", "tests/data/dev_qa.yaml", "--config", str(engine_config),
              "--json")
    figures = out["dev_qa.yaml"]
    assert figures["replies"] == 33 and 0.0 <= figures["answer_first"] <= 1.0
