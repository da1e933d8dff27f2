"""bot.upload_registry in tmp_path: records newest first, ids, same content / same titles,
replace and remove with their history, the stored JSON, the old bare-list format and
entries or files that cannot be read.

PYTEST_DONT_REWRITE: plain asserts, so that collecting this file stays cheap (the unit
layer's time budget); a failure still shows the failing line.
"""

from __future__ import annotations

import json

import pytest

from bot import upload_registry as ur
from bot.upload_registry import Change, UploadRecord, UploadRegistry


@pytest.fixture
def clock(monkeypatch):
    now = [1000.0]

    def tick() -> float:
        now[0] += 1.0
        return now[0]

    monkeypatch.setattr(ur.time, "time", tick)
    return now


def test_an_empty_or_missing_registry(tmp_path):
    registry = UploadRegistry(tmp_path)
    assert registry.path == tmp_path / ".uploads.json"
    assert ur.REGISTRY_NAME.startswith(".")
    assert registry.records() == [] and registry.history() == []
    assert registry.get(1) is None
    assert registry.same_content("a", "b") is None
    assert registry.same_titles(("t",)) is None
    assert registry.remove(1, 5) is None
    assert not registry.path.exists()


def test_add_numbers_records_and_keeps_them_newest_first(tmp_path, clock):
    registry = UploadRegistry(tmp_path)
    first = registry.add("a.txt", "h1", "t1", ("标题一",), 7)
    second = registry.add("b.txt", "h2", "t2", ("标题二", "标题三"), 8)
    assert first == UploadRecord(1, "a.txt", "h1", "t1", ("标题一",), 7, 1001.0)
    assert second.id == 2 and second.added_at == 1002.0
    assert registry.records() == [second, first]
    assert registry.get(1) == first and registry.get(3) is None
    assert registry.history() == [
        Change("add", "a.txt", 7, 1001.0),
        Change("add", "b.txt", 8, 1002.0),
    ]


def test_the_stored_json(tmp_path, clock):
    registry = UploadRegistry(tmp_path)
    registry.add("甲.txt", "h1", "t1", ("标题",), 7)
    data = json.loads(registry.path.read_text(encoding="utf-8"))
    assert data == {
        "uploads": [
            {
                "id": 1,
                "file": "甲.txt",
                "sha256": "h1",
                "text_sha256": "t1",
                "titles": ["标题"],
                "admin_id": 7,
                "added_at": 1001.0,
            }
        ],
        "history": [{"action": "add", "file": "甲.txt", "admin_id": 7, "at": 1001.0}],
    }
    assert "甲.txt" in registry.path.read_text(encoding="utf-8")  # not escaped


def test_same_content_by_bytes_or_text(tmp_path, clock):
    registry = UploadRegistry(tmp_path)
    record = registry.add("a.txt", "bytes1", "text1", ("t",), 1)
    assert registry.same_content("bytes1", "other") == record
    assert registry.same_content("other", "text1") == record
    assert registry.same_content("other", "other") is None
    blank = UploadRegistry(tmp_path / "b")
    blank.folder.mkdir()
    old = blank.add("b.txt", "bytes2", "", ("t",), 1)
    assert blank.same_content("x", "") is None  # no text hash: only the bytes count
    assert blank.same_content("bytes2", "") == old


def test_same_titles_needs_every_title_of_the_new_file(tmp_path, clock):
    registry = UploadRegistry(tmp_path)
    record = registry.add("a.txt", "h", "t", ("甲", "乙"), 1)
    assert registry.same_titles(("甲",)) == record
    assert registry.same_titles(("甲", "乙", "")) == record
    assert registry.same_titles(("甲", "丙")) is None
    assert registry.same_titles(("",)) is None
    assert registry.same_titles(()) is None


def test_replacing_drops_the_old_record_and_logs_a_replace(tmp_path, clock):
    registry = UploadRegistry(tmp_path)
    old = registry.add("a.txt", "h1", "t1", ("甲",), 1)
    other = registry.add("b.txt", "h2", "t2", ("乙",), 1)
    new = registry.add("a2.txt", "h3", "t3", ("甲",), 2, replacing=old.id)
    assert new.id == 3
    assert registry.records() == [new, other]
    assert registry.history()[-1] == Change("replace", "a2.txt", 2, new.added_at)


def test_ids_keep_growing_past_the_highest(tmp_path, clock):
    registry = UploadRegistry(tmp_path)
    registry.add("a.txt", "h1", "", ("甲",), 1)
    second = registry.add("b.txt", "h2", "", ("乙",), 1)
    registry.remove(1, 1)
    assert registry.add("c.txt", "h3", "", ("丙",), 1).id == second.id + 1


def test_remove(tmp_path, clock):
    registry = UploadRegistry(tmp_path)
    a = registry.add("a.txt", "h1", "", ("甲",), 1)
    b = registry.add("b.txt", "h2", "", ("乙",), 1)
    assert registry.remove(a.id, 9) == a
    assert registry.records() == [b]
    assert registry.history()[-1] == Change("remove", "a.txt", 9, 1003.0)
    before = registry.path.read_text(encoding="utf-8")
    assert registry.remove(a.id, 9) is None
    assert registry.path.read_text(encoding="utf-8") == before  # nothing written


def test_history_is_bounded(tmp_path, clock, monkeypatch):
    monkeypatch.setattr(ur, "HISTORY_KEPT", 3)
    registry = UploadRegistry(tmp_path)
    for n in range(5):
        registry.add(f"{n}.txt", f"h{n}", "", (str(n),), 1)
    assert [c.file for c in registry.history()] == ["2.txt", "3.txt", "4.txt"]
    assert ur.HISTORY_KEPT == 3
    assert len(registry.records()) == 5


def test_the_default_history_bound():
    assert ur.HISTORY_KEPT == 1000


def test_the_first_format_a_bare_list_still_reads(tmp_path):
    path = tmp_path / ".uploads.json"
    path.write_text(
        json.dumps(
            [
                {
                    "id": 4,
                    "file": "a.txt",
                    "sha256": "h",
                    "titles": ["甲"],
                    "admin_id": 2,
                    "added_at": 5,
                }
            ]
        ),
        encoding="utf-8",
    )
    registry = UploadRegistry(tmp_path)
    assert registry.records() == [UploadRecord(4, "a.txt", "h", "", ("甲",), 2, 5.0)]
    assert registry.history() == []


@pytest.mark.parametrize(
    "content", ["{nope", "42", '"text"', "null", '{"uploads": 5, "history": {}}']
)
def test_unreadable_registries_mean_nothing_added(tmp_path, content):
    (tmp_path / ".uploads.json").write_text(content, encoding="utf-8")
    registry = UploadRegistry(tmp_path)
    assert registry.records() == [] and registry.history() == []


def test_a_folder_in_the_registrys_place_is_unreadable(tmp_path):
    (tmp_path / ".uploads.json").mkdir()
    assert UploadRegistry(tmp_path).records() == []


def test_bad_entries_are_skipped(tmp_path):
    good = {
        "id": 1,
        "file": "a.txt",
        "sha256": "h",
        "text_sha256": "t",
        "titles": ["甲"],
        "admin_id": 2,
        "added_at": 5.5,
    }
    data = {
        "uploads": [
            good,
            {"id": "x", **{k: v for k, v in good.items() if k != "id"}},
            {"file": "b.txt"},
            {**good, "titles": None},
            7,
        ],
        "history": [
            {"action": "add", "file": "a.txt", "admin_id": 2, "at": 5.5},
            {"action": "add"},
            {"action": "add", "file": "a", "admin_id": "x", "at": 1},
            None,
        ],
    }
    (tmp_path / ".uploads.json").write_text(json.dumps(data), encoding="utf-8")
    registry = UploadRegistry(tmp_path)
    assert registry.records() == [UploadRecord(1, "a.txt", "h", "t", ("甲",), 2, 5.5)]
    assert registry.history() == [Change("add", "a.txt", 2, 5.5)]
