"""Atomic writes (retrieval/corpus/durable.py): while the new bytes are written they sit
in a hidden *.tmp file beside the target, which keeps its old content until the rename."""

from __future__ import annotations

from pathlib import Path

from retrieval.corpus.durable import atomic_write_with, write_durably
from retrieval.corpus.loader import corpus_files


def test_a_write_in_progress_is_a_hidden_tmp_file_beside_the_old_target(tmp_path: Path):
    target = tmp_path / "a.txt"
    target.write_bytes("旧内容。".encode())
    during: list[str] = []

    def write(handle) -> None:
        during.extend(p.name for p in tmp_path.iterdir() if p != target)
        assert target.read_bytes() == "旧内容。".encode()
        assert corpus_files(tmp_path) == [target]  # the loader never sees the temp file
        write_durably(handle, "新内容。".encode())

    atomic_write_with(target, write)
    [temp] = during
    assert temp.startswith(".a.txt.") and temp.endswith(".tmp")
    assert target.read_bytes() == "新内容。".encode()
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]
