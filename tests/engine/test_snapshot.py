"""Index snapshots: round trip, and every way a snapshot can be untrustworthy."""

from __future__ import annotations

import hashlib
import json
import logging
import mmap
import os
import zipfile
import zlib
from pathlib import Path

import numpy as np
import pytest

from retrieval.index import snapshot
from retrieval.index.bm25 import InvertedBM25
from retrieval.index.snapshot import load_snapshot, save_snapshot, snapshot_key, snapshot_path

CORPUS = [
    ["板凳", "议事会", "社区", "议事会"],
    ["红色物业", "小区", "社区"],
    ["亮晒比", "比武争星", "党员"],
    [],
    ["社区", "党员", "板凳"],
]
QUERIES = [["议事会"], ["社区", "党员", "社区"], ["不存在"], [], ["板凳", "红色物业"]]
KEY = snapshot_key([("page1.txt", "板凳议事会".encode())], ["板凳议事会"], {"k1": 1.5})
OTHER_KEY = snapshot_key([("page1.txt", b"changed")], ["板凳议事会"], {"k1": 1.5})


@pytest.fixture
def engine() -> InvertedBM25:
    # the gain-table layout; test_round_trip_other_variants covers float64 weights
    return InvertedBM25(CORPUS, variant="plus", k1=1.2, b=0.75, delta=1.0, compact=True)


@pytest.fixture
def saved(tmp_path: Path, engine: InvertedBM25) -> Path:
    return save_snapshot(tmp_path, KEY, engine, extra={"documents": len(CORPUS)})


def read_members(path: Path) -> dict[str, np.ndarray]:
    with np.load(path, allow_pickle=False) as npz:
        return {name: npz[name] for name in npz.files}


def meta_of(members: dict[str, np.ndarray]) -> dict:
    return json.loads(members["meta_json"].tobytes().decode("utf-8"))


def rewrite(path: Path, members: dict[str, np.ndarray], meta: dict | None = None) -> None:
    """Write members back, with meta (when given) re-describing them consistently."""
    if meta is not None:
        arrays = {k: v for k, v in members.items() if k != "meta_json"}
        meta["arrays"] = {
            name: {"dtype": a.dtype.str, "shape": list(a.shape),
                   "crc32": zlib.crc32(a.tobytes())}
            for name, a in arrays.items()
        }
        members = {**arrays, "meta_json": np.frombuffer(json.dumps(meta).encode(), np.uint8)}
    with path.open("wb") as handle:
        np.savez(handle, **members)


def assert_rejected(tmp_path: Path, caplog: pytest.LogCaptureFixture, key: str = KEY) -> None:
    with caplog.at_level(logging.WARNING, logger="retrieval.index.snapshot"):
        assert load_snapshot(tmp_path, key) is None
    assert any(r.levelno == logging.WARNING for r in caplog.records), "no warning logged"


def assert_same_engine(a: InvertedBM25, b: InvertedBM25) -> None:
    assert a.n_docs == b.n_docs and a.params == b.params
    for query in QUERIES:
        np.testing.assert_array_equal(a.get_scores(query), b.get_scores(query))
        for part_a, part_b in zip(a.top_k(query, 3), b.top_k(query, 3), strict=True):
            np.testing.assert_array_equal(part_a, part_b)
    for token in ["社区", "板凳", "不存在"]:
        assert a.idf(token) == b.idf(token)
        assert a.document_frequency(token) == b.document_frequency(token)


def test_round_trip_gives_identical_engine(tmp_path, engine, saved, caplog):
    with caplog.at_level(logging.WARNING):
        loaded = load_snapshot(tmp_path, KEY)
    assert loaded is not None and not caplog.records
    assert_same_engine(engine, loaded[0])
    assert loaded[1] == {"documents": len(CORPUS)}


@pytest.mark.parametrize("compact", [True, False])
@pytest.mark.parametrize("variant", ["okapi", "l"])
def test_round_trip_other_variants(tmp_path, variant, compact):
    built = InvertedBM25(CORPUS, variant=variant, epsilon=0.1, delta=0.5, compact=compact)
    save_snapshot(tmp_path, KEY, built)
    assert_same_engine(built, load_snapshot(tmp_path, KEY)[0])


def test_missing_snapshot_is_none_without_warning(tmp_path, caplog):
    with caplog.at_level(logging.WARNING):
        assert load_snapshot(tmp_path, KEY) is None
        assert load_snapshot(tmp_path / "no-such-dir", KEY) is None
    assert not caplog.records


def test_truncated_file(tmp_path, saved, caplog):
    data = saved.read_bytes()
    saved.write_bytes(data[: len(data) // 2])
    assert_rejected(tmp_path, caplog)


def test_flipped_bytes_in_array_data(tmp_path, engine, saved, caplog):
    data = bytearray(saved.read_bytes())
    weights = engine.to_arrays()[0]["doc_ids"].tobytes()
    at = data.find(weights)
    assert at > 0
    data[at + len(weights) // 2] ^= 0xFF
    saved.write_bytes(bytes(data))
    assert_rejected(tmp_path, caplog)


def test_checksum_mismatch_in_a_valid_file(tmp_path, saved, caplog):
    """Changed array data under the old metadata: only the sha256 can tell."""
    members = read_members(saved)
    members["idf"] = members["idf"] * 2
    rewrite(saved, members)
    assert_rejected(tmp_path, caplog)


def test_wrong_key(tmp_path, saved, caplog):
    os.replace(saved, snapshot_path(tmp_path, OTHER_KEY))
    assert_rejected(tmp_path, caplog, key=OTHER_KEY)


def test_wrong_format_version(tmp_path, saved, caplog, monkeypatch):
    monkeypatch.setattr(snapshot, "FORMAT_VERSION", snapshot.FORMAT_VERSION + 1)
    assert_rejected(tmp_path, caplog)


@pytest.mark.parametrize("garbage", [b"{not json", b"\xff\xfe", b"[1, 2]", b""])
def test_meta_json_garbage(tmp_path, saved, caplog, garbage):
    members = read_members(saved)
    members["meta_json"] = np.frombuffer(garbage, dtype=np.uint8)
    rewrite(saved, members)
    assert_rejected(tmp_path, caplog)


def test_not_a_zip_at_all(tmp_path, saved, caplog):
    saved.write_bytes(b"\x00garbage" * 100)
    assert_rejected(tmp_path, caplog)


def _drop_last(a: np.ndarray) -> np.ndarray:
    return a[:-1]


@pytest.mark.parametrize(
    ("name", "change"),
    [
        ("doc_ids", _drop_last),  # fewer postings than the offsets say
        ("gain_index", _drop_last),
        ("gain_index", lambda a: a + 1000),  # beyond the gain table
        ("gain_index", lambda a: a.astype(np.int32)),
        ("bound", _drop_last),
        ("idf", _drop_last),  # not one idf per vocabulary term
        ("offsets", _drop_last),  # not one slice per vocabulary term
        ("doc_ids", lambda a: a.astype(np.int64)),  # wrong dtype
        ("doc_ids", lambda a: a + 100),  # document ids beyond n_docs
        ("offsets", lambda a: a[::-1].copy()),  # not ascending
        ("vocab_json", lambda a: np.frombuffer(b'["x", "x"]', np.uint8)),  # duplicate terms
        ("doc_ids", lambda a: a.reshape(1, -1)),  # wrong rank
    ],
)
def test_inconsistent_arrays_with_valid_checksums(tmp_path, saved, caplog, name, change):
    """Arrays that do not fit together, described by a self-consistent metadata."""
    members = read_members(saved)
    members[name] = change(members[name])
    rewrite(saved, members, meta=meta_of(members))
    assert_rejected(tmp_path, caplog)


def test_metadata_shape_differs_from_array(tmp_path, saved, caplog):
    members = read_members(saved)
    meta = meta_of(members)
    meta["arrays"]["idf"]["shape"] = [999]
    members["meta_json"] = np.frombuffer(json.dumps(meta).encode(), np.uint8)
    rewrite(saved, members)
    assert_rejected(tmp_path, caplog)


def test_crash_mid_write_keeps_previous_snapshot(tmp_path, engine, saved, monkeypatch):
    newer = InvertedBM25(CORPUS[:2], variant="okapi")

    def crash(*args, **kwargs):
        raise OSError("simulated crash before the rename")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="simulated crash"):
        save_snapshot(tmp_path, KEY, newer)
    monkeypatch.undo()
    loaded = load_snapshot(tmp_path, KEY)
    assert loaded is not None
    assert_same_engine(engine, loaded[0])
    assert sorted(p.name for p in tmp_path.iterdir()) == [saved.name], "temp file left behind"


def test_files_hold_no_pickle(tmp_path, saved):
    with np.load(saved, allow_pickle=False) as npz:
        for name in npz.files:
            assert not npz[name].dtype.hasobject
    assert zipfile.is_zipfile(saved)


class _RunsCode:
    """Unpickling this creates a directory: proof that a cache file ran code."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.mkdir, (str(self.marker),))


def test_pickled_payload_is_never_executed(tmp_path, caplog):
    marker = tmp_path / "code-ran"
    path = snapshot_path(tmp_path, KEY)
    with path.open("wb") as handle:
        np.savez(handle, meta_json=np.array([_RunsCode(marker)], dtype=object))
    assert_rejected(tmp_path, caplog)
    assert not marker.exists()


def test_keeps_only_the_newest_snapshots(tmp_path, engine):
    keys = [hashlib.sha256(str(i).encode()).hexdigest() for i in range(6)]
    for i, key in enumerate(keys):
        path = save_snapshot(tmp_path, key, engine)
        os.utime(path, (1_000_000 + i, 1_000_000 + i))  # distinct, increasing ages
    kept = sorted(tmp_path.glob("bm25-*.npz"))
    expected = [snapshot_path(tmp_path, k) for k in keys[-snapshot.KEEP_SNAPSHOTS:]]
    assert kept == sorted(expected)
    assert load_snapshot(tmp_path, keys[-1]) is not None


def test_snapshot_key_covers_every_input():
    files = [("a.txt", b"one"), ("b.txt", b"two")]
    key = snapshot_key(files, ["词", "语"], {"k1": 1.5, "b": 0.75})
    assert key == snapshot_key(files[::-1], ["语", "词"], {"b": 0.75, "k1": 1.5})
    assert len(key) == 64 and int(key, 16) >= 0
    variants = [
        snapshot_key([("a.txt", b"one"), ("b.txt", b"two!")], ["词", "语"], {"k1": 1.5, "b": 0.75}),
        snapshot_key([("a.txt", b"one"), ("c.txt", b"two")], ["词", "语"], {"k1": 1.5, "b": 0.75}),
        snapshot_key(files, ["词"], {"k1": 1.5, "b": 0.75}),
        snapshot_key(files, ["词", "语"], {"k1": 1.2, "b": 0.75}),
        # the same bytes split differently between name and content
        snapshot_key([("a.txto", b"ne"), ("b.txt", b"two")], ["词", "语"], {"k1": 1.5, "b": 0.75}),
    ]
    assert len(set(variants + [key])) == len(variants) + 1


def test_bad_key_is_rejected(tmp_path, engine, caplog):
    with pytest.raises(ValueError):
        save_snapshot(tmp_path, "../escape", engine)
    assert_rejected(tmp_path, caplog, key="../escape")


def test_stale_temp_files_are_removed_but_fresh_ones_kept(tmp_path, engine):
    stale = tmp_path / ".tmp-bm25-dead.npz"
    fresh = tmp_path / ".tmp-bm25-writing.npz"
    stale.write_bytes(b"half a snapshot")
    fresh.write_bytes(b"another writer, still busy")
    os.utime(stale, (1_000_000, 1_000_000))
    save_snapshot(tmp_path, KEY, engine)
    assert not stale.exists() and fresh.exists()
    assert load_snapshot(tmp_path, KEY) is not None


def mapped_base(array: np.ndarray) -> object:
    base = array
    while isinstance(base, np.ndarray) and base.base is not None:
        base = base.base
    return base.obj if isinstance(base, memoryview) else base


def test_loaded_arrays_are_memory_mapped_and_aligned(tmp_path, engine, saved):
    loaded = load_snapshot(tmp_path, KEY)[0]
    for array in (loaded._doc_ids, loaded._store.gain_index, loaded._offsets, loaded._idf):
        assert isinstance(mapped_base(array), mmap.mmap), "copied instead of mapped"
        assert array.ctypes.data % 64 == 0
        assert not array.flags.writeable
    assert_same_engine(engine, loaded)


def test_a_plain_np_savez_snapshot_still_loads(tmp_path, engine, saved):
    """Unaligned members (np.savez's layout) are copied instead of mapped."""
    members = read_members(saved)
    rewrite(saved, members, meta=meta_of(members))
    loaded = load_snapshot(tmp_path, KEY)
    assert loaded is not None
    assert_same_engine(engine, loaded[0])


def test_the_file_is_an_ordinary_npz(saved, engine):
    arrays, _ = engine.to_arrays()
    members = read_members(saved)
    for name, array in arrays.items():
        np.testing.assert_array_equal(members[name], array)


def test_member_data_cut_short_is_rejected(tmp_path, saved, caplog):
    """The zip directory intact but a member's bytes missing from the middle."""
    data = bytearray(saved.read_bytes())
    with zipfile.ZipFile(saved) as archive:
        info = archive.getinfo("doc_ids.npy")
    del data[info.header_offset + 200 : info.header_offset + 208]
    saved.write_bytes(bytes(data))
    assert_rejected(tmp_path, caplog)


def test_compressed_members_are_rejected(tmp_path, saved, caplog):
    members = read_members(saved)
    with saved.open("wb") as handle:
        np.savez_compressed(handle, **members)
    assert_rejected(tmp_path, caplog)


def test_trailing_bytes_after_an_arrays_data_are_rejected(tmp_path, saved, caplog):
    """A member longer than its .npy header says (its checksum still matches the array the
    header describes): the file is not what was written, so it is not trusted."""
    with zipfile.ZipFile(saved) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    members["idf.npy"] += b"\x00" * 16
    with zipfile.ZipFile(saved, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    assert_rejected(tmp_path, caplog)
