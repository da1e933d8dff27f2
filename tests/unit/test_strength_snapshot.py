"""retrieval.index.snapshot on a tiny engine in tmp_path: the key (what it depends on and
what it does not), the path rule, aligned members that load memory-mapped, the
metadata and every check that makes a damaged snapshot load as None, and pruning.

PYTEST_DONT_REWRITE: plain asserts, so that collecting this file stays cheap (the unit
layer's time budget); a failure still shows the failing line.
"""

from __future__ import annotations

import io
import json
import os
import struct
import time
import zipfile

import numpy as np
import pytest

from retrieval.index import snapshot as snap
from retrieval.index.bm25 import InvertedBM25
from retrieval.index.snapshot import (
    FORMAT_VERSION,
    KEEP_SNAPSHOTS,
    SnapshotError,
    load_snapshot,
    save_snapshot,
    snapshot_key,
    snapshot_path,
)

CORPUS = [["a", "b", "a"], ["b", "c"], ["c"], [], ["a", "c", "d"]]
KEY = "ab" * 16


def engine(compact: bool = False) -> InvertedBM25:
    return InvertedBM25(CORPUS, kernel="numpy", compact=compact)


def same_answers(a: InvertedBM25, b: InvertedBM25) -> None:
    for query in (["a"], ["c", "d"], ["b", "zzz", "a"]):
        np.testing.assert_array_equal(a.get_scores(query), b.get_scores(query))
        for x, y in zip(a.top_k(query, 3), b.top_k(query, 3), strict=True):
            np.testing.assert_array_equal(x, y)


# ---------------------------------------------------------------- key and path


def test_the_key_depends_on_contents_names_words_and_params_not_order():
    files = [("a.txt", b"one"), ("b.txt", b"two")]
    base = snapshot_key(files, ["w1", "w2"], {"k1": 1.5})
    assert len(base) == 64 and all(c in "0123456789abcdef" for c in base)
    assert snapshot_key(list(reversed(files)), ["w2", "w1", "w1"], {"k1": 1.5}) == base
    assert snapshot_key(files, ["w1", "w2"], {"k1": 1.5}) == base
    others = {
        snapshot_key([("a.txt", b"one"), ("b.txt", b"twO")], ["w1", "w2"], {"k1": 1.5}),
        snapshot_key([("a.txt", b"one"), ("c.txt", b"two")], ["w1", "w2"], {"k1": 1.5}),
        snapshot_key(files, ["w1"], {"k1": 1.5}),
        snapshot_key(files, ["w1", "w2"], {"k1": 1.2}),
        snapshot_key(files, ["w1", "w2"], {}),
        snapshot_key(files[:1], ["w1", "w2"], {"k1": 1.5}),
        # framing: moving a byte between neighbours changes the key
        snapshot_key([("a.txt", b"on"), ("b.txt", b"etwo")], ["w1", "w2"], {"k1": 1.5}),
        snapshot_key(files, ["w1w2"], {"k1": 1.5}),
        snapshot_key(files, ["w", "1w2"], {"k1": 1.5}),
    }
    assert base not in others and len(others) == 9


def test_the_key_is_sha256_of_length_framed_parts():
    import hashlib

    digest = hashlib.sha256()
    for part in (
        f"bm25-snapshot/{FORMAT_VERSION}".encode(),
        b"f",
        b"xy",
        b"dictionary",
        b"w",
        b"params",
        b'{"b": 1}',
    ):
        digest.update(len(part).to_bytes(8, "little"))
        digest.update(part)
    assert snapshot_key([("f", b"xy")], ["w"], {"b": 1}) == digest.hexdigest()


def test_the_snapshot_path(tmp_path):
    assert snapshot_path(tmp_path, KEY) == tmp_path / f"bm25-{KEY}.npz"
    assert snapshot_path(tmp_path, "0" * 16).name == "bm25-" + "0" * 16 + ".npz"
    assert snapshot_path(tmp_path, "f" * 128).name.startswith("bm25-f")
    for bad in ("0" * 15, "f" * 129, "AB" * 8, "../" + "a" * 16, "g" * 16, ""):
        with pytest.raises(ValueError, match="lowercase hex"):
            snapshot_path(tmp_path, bad)


# ---------------------------------------------------------------- save and load


def _a_saved_snapshot_loads_memory_mapped_with_the_same_answers_case(tmp_path, compact):
    original = engine(compact)
    path = save_snapshot(tmp_path / "cache", KEY, original, extra={"paragraphs": 5})
    assert path == snapshot_path(tmp_path / "cache", KEY) and path.is_file()
    loaded = load_snapshot(tmp_path / "cache", KEY)
    assert loaded is not None
    again, extra = loaded
    assert extra == {"paragraphs": 5}
    assert again.compact == compact and again.params == original.params
    same_answers(original, again)
    members = snap._member_arrays(path)
    for name, array in members.items():
        assert not array.flags.owndata, name  # views over the mapping, not copies
        assert not array.flags.writeable
    # an ordinary .npz for np.load, too
    with np.load(path) as plain:
        assert set(plain.files) == set(members)
        np.testing.assert_array_equal(plain["offsets"], original.to_arrays()[0]["offsets"])


def test_a_saved_snapshot_loads_memory_mapped_with_the_same_answers(tmp_path):
    for compact in [False, True]:
        _a_saved_snapshot_loads_memory_mapped_with_the_same_answers_case(tmp_path, compact)


def test_member_data_starts_at_aligned_offsets(tmp_path):
    path = save_snapshot(tmp_path, KEY, engine())
    data = path.read_bytes()
    with zipfile.ZipFile(path) as archive:
        infos = archive.infolist()
    assert {i.filename for i in infos} == {
        "offsets.npy",
        "doc_ids.npy",
        "weights.npy",
        "idf.npy",
        "bound.npy",
        "vocab_json.npy",
        "meta_json.npy",
    }
    for info in infos:
        head = data[info.header_offset : info.header_offset + 30]
        name_len, extra_len = struct.unpack("<2H", head[26:30])
        extra = data[info.header_offset + 30 + name_len :][:extra_len]
        pad_id, pad_len = struct.unpack("<HH", extra[:4])
        assert pad_id == 0xA11E and pad_len == extra_len - 4
        assert info.compress_type == zipfile.ZIP_STORED
        assert info.date_time == (1980, 1, 1, 0, 0, 0)
        begin = info.header_offset + 30 + name_len + extra_len
        npy = io.BytesIO(data[begin : begin + info.file_size])
        np.lib.format.read_magic(npy)
        np.lib.format.read_array_header_1_0(npy)
        assert (begin + npy.tell()) % 64 == 0, info.filename


def test_the_metadata_describes_every_array(tmp_path):
    original = engine()
    path = save_snapshot(tmp_path, KEY, original, extra={"x": [1, "二"]})
    members = snap._member_arrays(path)
    meta = json.loads(members["meta_json"].tobytes().decode("utf-8"))
    assert meta["format"] == FORMAT_VERSION and meta["key"] == KEY
    assert meta["extra"] == {"x": [1, "二"]}
    assert meta["engine"] == json.loads(json.dumps(original.to_arrays()[1]))
    arrays = original.to_arrays()[0]
    assert set(meta["arrays"]) == set(arrays)
    for name, array in arrays.items():
        spec = meta["arrays"][name]
        assert spec == {
            "dtype": array.dtype.str,
            "shape": list(array.shape),
            "crc32": snap._crc32(array),
        }
    assert "二" in members["meta_json"].tobytes().decode("utf-8")  # not \\u-escaped


def test_extra_defaults_to_empty(tmp_path):
    save_snapshot(tmp_path, KEY, engine())
    loaded = load_snapshot(tmp_path, KEY)
    assert loaded is not None and loaded[1] == {}


def test_no_snapshot_or_a_bad_key_is_none(tmp_path, caplog):
    assert load_snapshot(tmp_path, KEY) is None
    assert load_snapshot(tmp_path / "missing", KEY) is None
    assert load_snapshot(tmp_path, "NOT-HEX") is None
    assert "not loaded" in caplog.text
    with pytest.raises(ValueError):
        save_snapshot(tmp_path, "NOT-HEX", engine())


def rewrite(path, change) -> None:
    """Re-save the snapshot at path with change(members) applied, aligned as before."""
    members = {k: np.array(v) for k, v in snap._member_arrays(path).items()}
    change(members)
    with path.open("wb") as handle:
        snap._write_aligned_npz(handle, members)


def meta_change(change):
    def apply(members):
        meta = json.loads(members["meta_json"].tobytes().decode("utf-8"))
        change(meta)
        members["meta_json"] = np.frombuffer(json.dumps(meta).encode(), np.uint8)

    return apply


def _a_damaged_snapshot_is_refused_and_loads_as_none_case(tmp_path, change, message, caplog):
    path = save_snapshot(tmp_path, KEY, engine())
    rewrite(path, change)
    members = snap._member_arrays(path)
    with pytest.raises(SnapshotError, match=message):
        snap._checked_arrays(members, snap._read_meta(members, KEY)["arrays"])
    assert load_snapshot(tmp_path, KEY) is None
    assert "unusable" in caplog.text


def test_a_damaged_snapshot_is_refused_and_loads_as_none(tmp_path, caplog):
    for change, message in [
        (lambda m: m.pop("meta_json"), "no metadata"),
        (lambda m: m.update(meta_json=m["meta_json"].astype(np.int8)), "wrong type"),
        (lambda m: m.update(meta_json=np.frombuffer(b"\xff\xfe", np.uint8)), "not JSON"),
        (lambda m: m.update(meta_json=np.frombuffer(b"{nope", np.uint8)), "not JSON"),
        (lambda m: m.update(meta_json=np.frombuffer(b"[1, 2]", np.uint8)), "not a JSON object"),
        (meta_change(lambda meta: meta.update(format=1)), "format 1, expected"),
        (meta_change(lambda meta: meta.pop("format")), "format None"),
        (meta_change(lambda meta: meta.update(key="cd" * 16)), "key mismatch"),
        (meta_change(lambda meta: meta.pop("arrays")), "lacks the array list"),
        (meta_change(lambda meta: meta.update(extra=[])), "lacks the array list"),
        (meta_change(lambda meta: meta["arrays"].pop("idf")), "differ from the metadata"),
        (lambda m: m.update(more=np.zeros(2)), "differ from the metadata"),
        (meta_change(lambda meta: meta["arrays"].update(idf=[1])), "bad metadata for idf"),
        (
            meta_change(lambda meta: meta["arrays"]["idf"].update(dtype="<f4")),
            "idf: <f8 .* differs from metadata",
        ),
        (
            meta_change(lambda meta: meta["arrays"]["idf"].update(shape=[9])),
            "differs from metadata",
        ),
        (meta_change(lambda meta: meta["arrays"]["idf"].update(crc32=1)), "idf: checksum mismatch"),
        (lambda m: m.update(idf=m["idf"] + 1.0), "idf: checksum mismatch"),
    ]:
        _a_damaged_snapshot_is_refused_and_loads_as_none_case(tmp_path, change, message, caplog)


def test_an_engine_inconsistency_loads_as_none(tmp_path):
    path = save_snapshot(tmp_path, KEY, engine())

    def change(members):
        members["doc_ids"] = members["doc_ids"] + np.uint32(10)
        meta = json.loads(members["meta_json"].tobytes().decode("utf-8"))
        meta["arrays"]["doc_ids"]["crc32"] = snap._crc32(members["doc_ids"])
        members["meta_json"] = np.frombuffer(json.dumps(meta).encode(), np.uint8)

    rewrite(path, change)
    assert load_snapshot(tmp_path, KEY) is None


def test_the_key_inside_must_match_the_file_name(tmp_path):
    path = save_snapshot(tmp_path, KEY, engine())
    other = "cd" * 16
    path.rename(snapshot_path(tmp_path, other))
    assert load_snapshot(tmp_path, other) is None


def test_read_meta_accepts_what_save_wrote(tmp_path):
    path = save_snapshot(tmp_path, KEY, engine(), extra={"n": 1})
    meta = snap._read_meta(snap._member_arrays(path), KEY)
    assert meta["extra"] == {"n": 1} and meta["key"] == KEY


# ---------------------------------------------------------------- members


def test_truncated_and_empty_files_are_refused(tmp_path):
    path = save_snapshot(tmp_path, KEY, engine())
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    assert load_snapshot(tmp_path, KEY) is None
    path.write_bytes(b"")
    with pytest.raises((SnapshotError, zipfile.BadZipFile)):
        snap._member_arrays(path)
    assert load_snapshot(tmp_path, KEY) is None


def test_a_plain_npz_loads_by_copying(tmp_path):
    path = tmp_path / "plain.npz"
    np.savez(
        path, a=np.arange(5, dtype=np.int64), b=np.array([1.5, 2.5]), c=np.arange(3, dtype=np.uint8)
    )
    arrays = snap._member_arrays(path)
    assert arrays["a"].tolist() == [0, 1, 2, 3, 4]
    assert arrays["b"].tolist() == [1.5, 2.5]
    assert arrays["c"].dtype == np.uint8 and arrays["c"].tolist() == [0, 1, 2]


def test_a_compressed_or_foreign_member_is_refused(tmp_path):
    path = tmp_path / "c.npz"
    np.savez_compressed(path, a=np.arange(100))
    with pytest.raises(SnapshotError, match="unexpected member 'a.npy'"):
        snap._member_arrays(path)
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.txt", b"hello")
    with pytest.raises(SnapshotError, match="unexpected member 'notes.txt'"):
        snap._member_arrays(path)


def aligned_file(tmp_path, array=None):
    path = tmp_path / "x.npz"
    with path.open("wb") as handle:
        snap._write_aligned_npz(
            handle, {"a": np.arange(4, dtype=np.int64) if array is None else array}
        )
    return path


def test_a_bad_local_header_is_refused(tmp_path):
    path = aligned_file(tmp_path)
    data = bytearray(path.read_bytes())
    assert data[:4] == b"PK\x03\x04"
    data[:4] = b"XX\x03\x04"
    path.write_bytes(bytes(data))
    with pytest.raises(SnapshotError, match="a.npy: bad local header"):
        snap._member_arrays(path)


def test_a_member_past_the_end_is_refused(tmp_path):
    path = aligned_file(tmp_path)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.infolist()[0]
    # grow the local header's extra length: the data would end past the file
    at = info.header_offset + 28
    extra_len = struct.unpack("<H", data[at : at + 2])[0]
    data[at : at + 2] = struct.pack("<H", extra_len + len(data))
    path.write_bytes(bytes(data))
    with pytest.raises(SnapshotError, match="past the end"):
        snap._member_arrays(path)


def test_npy_in_place_checks_the_header_and_size(tmp_path):
    import mmap

    def mapped_npy(raw: bytes):
        path = tmp_path / "raw.bin"
        path.write_bytes(raw)
        with path.open("rb") as handle:
            return mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)

    out = io.BytesIO()
    np.save(out, np.arange(3, dtype=np.int32))
    raw = out.getvalue()
    m = mapped_npy(raw)
    assert snap._npy_in_place(m, 0, len(raw), "ok").tolist() == [0, 1, 2]
    with pytest.raises(SnapshotError, match="short: data size differs"):
        snap._npy_in_place(m, 0, len(raw) - 4, "short")
    m = mapped_npy(b"NOTNUMPY" + raw[8:])
    with pytest.raises(SnapshotError, match="bad: bad .npy header"):
        snap._npy_in_place(m, 0, len(raw), "bad")
    out = io.BytesIO()
    np.lib.format.write_array(out, np.arange(2, dtype=np.int64), version=(2, 0))
    raw2 = out.getvalue()
    assert snap._npy_in_place(mapped_npy(raw2), 0, len(raw2), "v2").tolist() == [0, 1]
    out = io.BytesIO()
    np.save(out, np.zeros(0, dtype=np.float64))
    raw3 = out.getvalue()
    assert len(snap._npy_in_place(mapped_npy(raw3), 0, len(raw3), "empty")) == 0


def test_npy_header_is_the_format_1_header():
    array = np.arange(3, dtype=np.int16)
    out = io.BytesIO()
    np.save(out, array)
    header = snap._npy_header(array)
    assert out.getvalue()[: len(header)] == header
    assert len(header) + array.nbytes == len(out.getvalue())


def test_crc32_of_non_contiguous_arrays_is_of_their_values():
    import zlib

    array = np.arange(10, dtype=np.int64)
    assert snap._crc32(array) == zlib.crc32(array.tobytes())
    assert snap._crc32(array[::2]) == zlib.crc32(array[::2].copy().tobytes())


# ---------------------------------------------------------------- pruning


def test_pruning_keeps_the_newest_snapshots_and_the_one_just_written(tmp_path):
    now = time.time()
    paths = []
    for i in range(KEEP_SNAPSHOTS + 3):
        path = snapshot_path(tmp_path, f"{i:x}" * 16)
        path.write_bytes(b"x")
        os.utime(path, (now - 1000 + i * 10, now - 1000 + i * 10))
        paths.append(path)
    keep = paths[0]  # the oldest by time, but the one just written
    snap._prune(tmp_path, keep=keep)
    left = sorted(p.name for p in tmp_path.glob("bm25-*.npz"))
    assert left == sorted([keep.name] + [p.name for p in paths[-(KEEP_SNAPSHOTS - 1) :]])
    snap._prune(tmp_path, keep=paths[-1])
    assert len(list(tmp_path.glob("bm25-*.npz"))) == KEEP_SNAPSHOTS
    snap._prune(tmp_path, keep=tmp_path / "none.npz")
    left = sorted(p.name for p in tmp_path.glob("bm25-*.npz"))
    assert left == sorted(p.name for p in paths[-(KEEP_SNAPSHOTS - 1) :])


def test_pruning_removes_only_stale_temp_files(tmp_path):
    stale = tmp_path / ".tmp-bm25-dead.npz"
    live = tmp_path / ".tmp-bm25-busy.npz"
    other = tmp_path / "notes.txt"
    for path in (stale, live, other):
        path.write_bytes(b"x")
    old = time.time() - snap._STALE_TEMP_S - 60
    os.utime(stale, (old, old))
    os.utime(other, (old, old))
    path = save_snapshot(tmp_path, KEY, engine())
    assert not stale.exists() and live.exists() and other.exists() and path.exists()


def test_saving_leaves_no_temp_file(tmp_path):
    save_snapshot(tmp_path, KEY, engine())
    assert [p.name for p in tmp_path.iterdir()] == [f"bm25-{KEY}.npz"]
    save_snapshot(tmp_path, KEY, engine(compact=True))  # replaces it
    assert [p.name for p in tmp_path.iterdir()] == [f"bm25-{KEY}.npz"]
    loaded = load_snapshot(tmp_path, KEY)
    assert loaded is not None and loaded[0].compact


# ---------------------------------------------------------------- documented constants


def test_the_format_version_and_how_many_snapshots_are_kept():
    assert FORMAT_VERSION == 2  # 2: aligned members, CRC-32, uint32 document ids
    assert KEEP_SNAPSHOTS == 3


def test_a_temp_file_is_stale_after_an_hour(tmp_path):
    young, old = tmp_path / ".tmp-bm25-young.npz", tmp_path / ".tmp-bm25-old.npz"
    for path, age in ((young, 3540), (old, 3660)):
        path.write_bytes(b"x")
        then = time.time() - age
        os.utime(path, (then, then))
    snap._prune(tmp_path, keep=tmp_path / "none.npz")
    assert young.exists() and not old.exists()


def test_params_key_order_does_not_matter():
    assert snapshot_key([], [], {"a": 1, "b": 2}) == snapshot_key([], [], {"b": 2, "a": 1})
    assert snapshot_key([], [], {"p": 1.5}) != snapshot_key([], [], {"p": "1.5"})


def _zip64_members_stay_aligned_case(tmp_path, monkeypatch, size):
    """zipfile adds a zip64 record to the local header of a member whose size * 1.05
    passes ZIP64_LIMIT; lowered here, small members take that path."""
    monkeypatch.setattr(zipfile, "ZIP64_LIMIT", 1000 * 1.05)
    array = np.arange(size - 128, dtype=np.uint8)  # a 128-byte .npy header
    assert len(snap._npy_header(array)) == 128
    path = tmp_path / "z.npz"
    with path.open("wb") as handle:
        snap._write_aligned_npz(handle, {"a": array, "b": np.arange(3, dtype=np.int64)})
    data = path.read_bytes()
    with zipfile.ZipFile(path) as archive:
        infos = {i.filename: i for i in archive.infolist()}
    for info in infos.values():
        name_len, extra_len = struct.unpack("<2H", data[info.header_offset + 26 :][:4])
        begin = info.header_offset + 30 + name_len + extra_len
        assert (begin + 128) % 64 == 0, info.filename
        assert begin + info.file_size <= len(data)
    members = snap._member_arrays(path)
    np.testing.assert_array_equal(members["a"], array)
    assert not members["a"].flags.owndata  # aligned: mapped, not copied
    assert members["b"].tolist() == [0, 1, 2]


def test_zip64_members_stay_aligned(tmp_path, monkeypatch):
    for size in [600, 1000, 1001, 3000]:
        _zip64_members_stay_aligned_case(tmp_path, monkeypatch, size)


def test_the_alignment_padding_is_the_least_that_fits_a_record():
    """Some member name length leaves room for exactly the 4-byte record head: no more
    than 4 + 63 bytes are ever padded."""
    pads = set()
    for n in range(1, 65):
        out = io.BytesIO()
        snap._write_aligned_npz(out, {"x" * n: np.arange(2, dtype=np.int64)})
        data = out.getvalue()
        name_len, extra_len = struct.unpack("<2H", data[26:30])
        assert name_len == n + 4  # "x" * n + ".npy"
        assert 4 <= extra_len < 68
        assert (30 + name_len + extra_len + 128) % 64 == 0
        pads.add(extra_len)
    assert pads == set(range(4, 68))


def test_a_temp_file_exactly_an_hour_old_is_kept(tmp_path, monkeypatch):
    now = 1_000_000_000.0
    monkeypatch.setattr(snap.time, "time", lambda: now)
    edge, older = tmp_path / ".tmp-bm25-edge.npz", tmp_path / ".tmp-bm25-older.npz"
    edge.write_bytes(b"x")
    older.write_bytes(b"x")
    os.utime(edge, (now - 3600, now - 3600))
    os.utime(older, (now - 3601, now - 3601))
    snap._prune(tmp_path, keep=tmp_path / "none.npz")
    assert edge.exists() and not older.exists()


def test_saving_creates_missing_parent_folders(tmp_path):
    path = save_snapshot(tmp_path / "a" / "b", KEY, engine())
    assert path.parent == tmp_path / "a" / "b" and path.is_file()


def test_the_file_is_synced_before_it_takes_its_name(tmp_path, monkeypatch):
    synced = []
    real = snap.sync

    def recording_sync(handle):
        real(handle)
        synced.append((handle.tell(), snapshot_path(tmp_path, KEY).exists()))

    monkeypatch.setattr(snap, "sync", recording_sync)
    path = save_snapshot(tmp_path, KEY, engine())
    assert synced == [(path.stat().st_size, False)]


def test_a_member_ending_exactly_at_the_end_of_the_file_is_within_it(tmp_path):
    path = aligned_file(tmp_path)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.infolist()[0]
    at = info.header_offset + 28
    name_len = struct.unpack("<H", data[at - 2 : at])[0]
    extra_len = struct.unpack("<H", data[at : at + 2])[0]
    begin = info.header_offset + 30 + name_len + extra_len
    # move the data's start so that it ends exactly at the end of the file
    grow = len(data) - (begin + info.file_size)
    data[at : at + 2] = struct.pack("<H", extra_len + grow)
    path.write_bytes(bytes(data))
    with pytest.raises(SnapshotError) as caught:
        snap._member_arrays(path)
    assert "past the end" not in str(caught.value)
