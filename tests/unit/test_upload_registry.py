"""The uploads registry: records for /uploads and duplicates, and an audit trail of
who added, replaced and removed what, when."""

from __future__ import annotations

import json
from pathlib import Path

from bot.upload_registry import REGISTRY_NAME, UploadRegistry


def test_every_add_replace_and_remove_is_kept_with_the_admin(tmp_path: Path):
    registry = UploadRegistry(tmp_path)
    first = registry.add("a.pdf", "s1", "t1", ("甲",), 11)
    second = registry.add("a-2.pdf", "s2", "t2", ("甲",), 22, replacing=first.id)
    assert [r.file for r in registry.records()] == ["a-2.pdf"]
    assert registry.remove(second.id, 33) == second
    assert registry.records() == []
    history = registry.history()
    assert [(c.action, c.file, c.admin_id) for c in history] == [
        ("add", "a.pdf", 11), ("replace", "a-2.pdf", 22), ("remove", "a-2.pdf", 33)]
    assert history[0].at <= history[1].at <= history[2].at
    assert (tmp_path / REGISTRY_NAME).stat().st_mode & 0o777 == 0o644


def test_removing_what_is_not_there_changes_nothing(tmp_path: Path):
    registry = UploadRegistry(tmp_path)
    registry.add("a.txt", "s", "t", ("甲",), 11)
    assert registry.remove(99, 11) is None
    assert [c.action for c in registry.history()] == ["add"]


def test_the_first_format_a_bare_list_is_still_read(tmp_path: Path):
    old = [{"id": 1, "file": "a.txt", "sha256": "s", "text_sha256": "t", "titles": ["甲"],
            "admin_id": 11, "added_at": 1.0}]
    (tmp_path / REGISTRY_NAME).write_text(json.dumps(old), encoding="utf-8")
    registry = UploadRegistry(tmp_path)
    assert [r.file for r in registry.records()] == ["a.txt"] and registry.history() == []
    registry.add("b.txt", "s2", "t2", ("乙",), 12)
    assert sorted(r.file for r in registry.records()) == ["a.txt", "b.txt"]


def test_an_unreadable_registry_means_nothing_added(tmp_path: Path):
    (tmp_path / REGISTRY_NAME).write_bytes(b"\xff\x00 not json")
    registry = UploadRegistry(tmp_path)
    assert registry.records() == [] and registry.history() == []
