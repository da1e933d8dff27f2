"""On-disk snapshots of the BM25 index: numpy arrays plus JSON metadata, never pickle.

One snapshot is one uncompressed .npz file named after its key.  Besides the engine's
arrays it holds a uint8 array `meta_json` with the format version, the key, the
engine's metadata, the caller's `extra` and every array's dtype, shape and CRC-32.
It is written to a temporary file in the same directory, fsynced and renamed over
the final name, so a crash mid-write leaves the previous file untouched.

The writer places every array's data at a 64-byte-aligned file offset (padding the
zip entry's extra field), so loading memory-maps the file and uses the arrays in
place: nothing is copied, and processes that load the same snapshot share its pages
through the page cache.  It is still an ordinary .npz: np.load reads it, and a
snapshot written by np.savez (unaligned) loads too, by copying.

What loading verifies, every time, before the engine is used: the zip directory and
every member's local header and bounds inside the file (a truncated file fails here),
the .npy headers (no object dtypes: nothing is ever unpickled), the metadata's format,
key, names, dtypes and shapes, a CRC-32 of every array's bytes (all of them: at
3-4 GB/s this is a fraction of a second even at a million paragraphs, where a
SHA-256 took longer than the rest of the load), and the engine's own consistency
checks (offsets ascending, document ids in range, one idf per term).  A snapshot
failing any of them is logged and answered as None; the caller then rebuilds.  The
checksum guards against corruption, not against an attacker who can write the cache
directory (who could rewrite the checksum too).
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import mmap
import os
import re
import struct
import time
import zipfile
import zlib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np

from retrieval.corpus.durable import atomic_write_with, sync
from retrieval.index.bm25 import InvertedBM25

FORMAT_VERSION = 2  # 2: aligned members for memory mapping, CRC-32, uint32 document ids
KEEP_SNAPSHOTS = 3  # newest snapshots kept per directory; older ones are deleted
_PREFIX = "bm25-"
_SUFFIX = ".npz"
_TEMP_PREFIX = ".tmp-bm25-"
_STALE_TEMP_S = 3600  # a temp file this old belongs to a writer that died
_META = "meta_json"
_KEY_RE = re.compile(r"[0-9a-f]{16,128}")
_ALIGN = 64  # array data offsets in the file: cache-line and SIMD friendly
_PAD_ID = 0xA11E  # zip extra-field id of the alignment padding (readers skip unknown ids)
_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")  # zip local file header, 30 bytes
_ZIP64_EXTRA = 20  # what zipfile adds to a local header for a member over 2 GiB

logger = logging.getLogger(__name__)


def _frame(digest: Any, data: bytes) -> None:
    """Length-prefixed so that ("ab", "c") and ("a", "bc") hash differently."""
    digest.update(len(data).to_bytes(8, "little"))
    digest.update(data)


def snapshot_key(
    files: Iterable[tuple[str, bytes]],
    dictionary_words: Iterable[str],
    params: Mapping[str, object],
) -> str:
    """sha256 hex of everything the index depends on (file order does not matter)."""
    digest = hashlib.sha256()
    _frame(digest, f"bm25-snapshot/{FORMAT_VERSION}".encode())
    for name, content in sorted(files):
        _frame(digest, name.encode("utf-8"))
        _frame(digest, bytes(content))
    _frame(digest, b"dictionary")
    for word in sorted(set(dictionary_words)):
        _frame(digest, word.encode("utf-8"))
    _frame(digest, b"params")
    _frame(digest, json.dumps(dict(params), sort_keys=True, default=str).encode("utf-8"))
    return digest.hexdigest()


def snapshot_path(directory: Path, key: str) -> Path:
    if not _KEY_RE.fullmatch(key):
        raise ValueError(f"snapshot key must be lowercase hex, not {key!r}")
    return Path(directory) / f"{_PREFIX}{key}{_SUFFIX}"


def _crc32(array: np.ndarray) -> int:
    return zlib.crc32(np.ascontiguousarray(array).data.cast("B"))


def _describe(arrays: Mapping[str, np.ndarray]) -> dict[str, dict[str, Any]]:
    return {
        name: {"dtype": a.dtype.str, "shape": list(a.shape), "crc32": _crc32(a)}
        for name, a in arrays.items()
    }


# ---------------------------------------------------------------- saving


def _npy_header(array: np.ndarray) -> bytes:
    out = io.BytesIO()
    np.lib.format.write_array_header_1_0(out, np.lib.format.header_data_from_array_1_0(array))
    return out.getvalue()


def _write_aligned_npz(handle: Any, payload: Mapping[str, np.ndarray]) -> None:
    """An uncompressed .npz whose array data all start at multiples of _ALIGN."""
    with zipfile.ZipFile(handle, "w", zipfile.ZIP_STORED, allowZip64=True) as archive:
        for name, array in payload.items():
            data = np.ascontiguousarray(array)
            header = _npy_header(data)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_STORED
            info.file_size = len(header) + data.nbytes
            zip64 = info.file_size * 1.05 > zipfile.ZIP64_LIMIT  # zipfile's own rule
            start = handle.tell() + _LOCAL_HEADER.size + len(info.filename.encode())
            start += _ZIP64_EXTRA if zip64 else 0
            pad = -(start + len(header)) % _ALIGN
            pad += _ALIGN if pad < 4 else 0  # an extra record is at least its 4-byte head
            info.extra = struct.pack("<HH", _PAD_ID, pad - 4) + bytes(pad - 4)
            with archive.open(info, "w", force_zip64=zip64) as member:
                member.write(header)
                member.write(data.data.cast("B"))


def _write_atomic(path: Path, payload: Mapping[str, np.ndarray]) -> None:
    """The .npz to a temp file beside path, fsync, then rename over path (the temp name
    is one _prune recognises, should a writer die half-way)."""
    def write(handle: BinaryIO) -> None:
        _write_aligned_npz(handle, payload)
        sync(handle)

    atomic_write_with(path, write, prefix=_TEMP_PREFIX, suffix=_SUFFIX)


def _prune(directory: Path, keep: Path) -> None:
    """Delete all but the newest KEEP_SNAPSHOTS snapshots, and temp files of dead writers.

    Best effort: another process may be pruning or writing the same directory.
    """
    now = time.time()
    aged = []
    for path in directory.glob(f"{_PREFIX}*{_SUFFIX}"):
        try:
            aged.append((path.stat().st_mtime, path))
        except OSError:
            continue
    aged.sort(reverse=True)
    old = [path for _, path in aged if path != keep][KEEP_SNAPSHOTS - 1 :]
    for path in directory.glob(f"{_TEMP_PREFIX}*"):
        try:
            if now - path.stat().st_mtime > _STALE_TEMP_S:
                old.append(path)
        except OSError:
            continue
    for path in old:
        try:
            path.unlink()
        except OSError as exc:
            logger.debug("could not remove old snapshot %s: %s", path, exc)


def save_snapshot(
    directory: Path,
    key: str,
    engine: InvertedBM25,
    extra: Mapping[str, object] | None = None,
) -> Path:
    """Write the engine under key; returns the snapshot's path."""
    path = snapshot_path(directory, key)
    path.parent.mkdir(parents=True, exist_ok=True)
    arrays, engine_meta = engine.to_arrays()
    meta = {
        "format": FORMAT_VERSION,
        "key": key,
        "engine": engine_meta,
        "extra": dict(extra or {}),
        "arrays": _describe(arrays),
    }
    meta_bytes = json.dumps(meta, ensure_ascii=False).encode("utf-8")
    payload = {**arrays, _META: np.frombuffer(meta_bytes, dtype=np.uint8)}
    _write_atomic(path, payload)
    _prune(path.parent, keep=path)
    return path


# ---------------------------------------------------------------- loading


class SnapshotError(ValueError):
    """The snapshot exists but cannot be trusted."""


def _member_arrays(path: Path) -> dict[str, np.ndarray]:
    """Every .npy member of the .npz at path: memory-mapped where aligned, else copied."""
    with path.open("rb") as handle:
        infos = zipfile.ZipFile(handle).infolist()  # BadZipFile when truncated
        size = os.fstat(handle.fileno()).st_size
        mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) if size else None
    if mapped is None:
        raise SnapshotError("empty file")
    arrays = {}
    for info in infos:
        if not info.filename.endswith(".npy") or info.compress_type != zipfile.ZIP_STORED:
            raise SnapshotError(f"unexpected member {info.filename!r}")
        head = mapped[info.header_offset : info.header_offset + _LOCAL_HEADER.size]
        if len(head) < _LOCAL_HEADER.size or head[:4] != b"PK\x03\x04":
            raise SnapshotError(f"{info.filename}: bad local header")
        name_len, extra_len = _LOCAL_HEADER.unpack(head)[-2:]
        begin = info.header_offset + _LOCAL_HEADER.size + name_len + extra_len
        end = begin + info.compress_size
        if end > size or info.compress_size != info.file_size:
            raise SnapshotError(f"{info.filename}: extends past the end of the file")
        arrays[info.filename[: -len(".npy")]] = _npy_in_place(mapped, begin, end, info.filename)
    return arrays


def _npy_in_place(mapped: mmap.mmap, begin: int, end: int, name: str) -> np.ndarray:
    """The .npy stored in mapped[begin:end] as an array over the mapping (no copy)."""
    head = io.BytesIO(mapped[begin : min(end, begin + 65536 + 16)])
    try:
        version = np.lib.format.read_magic(head)
        read = (np.lib.format.read_array_header_1_0 if version == (1, 0)
                else np.lib.format.read_array_header_2_0)
        shape, fortran, dtype = read(head)
    except ValueError as exc:
        raise SnapshotError(f"{name}: bad .npy header: {exc}") from None
    if dtype.hasobject or fortran or len(shape) > 1:
        raise SnapshotError(f"{name}: object, Fortran-ordered or multi-dimensional array")
    count = int(np.prod(shape, dtype=np.int64))
    offset = begin + head.tell()
    if offset + count * dtype.itemsize != end:
        raise SnapshotError(f"{name}: data size differs from its header")
    array = np.frombuffer(mapped, dtype=dtype, count=count, offset=offset).reshape(shape)
    # np.savez leaves data unaligned: copy those (the kernel wants aligned arrays)
    return array if offset % dtype.alignment == 0 else array.copy()


def _read_meta(arrays: Mapping[str, np.ndarray], key: str) -> dict[str, Any]:
    if _META not in arrays:
        raise SnapshotError("no metadata")
    raw = arrays[_META]
    if raw.dtype != np.uint8 or raw.ndim != 1:
        raise SnapshotError("metadata array has the wrong type")
    try:
        meta = json.loads(raw.tobytes().decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SnapshotError(f"metadata is not JSON: {exc}") from None
    if not isinstance(meta, dict):
        raise SnapshotError("metadata is not a JSON object")
    if meta.get("format") != FORMAT_VERSION:
        raise SnapshotError(f"format {meta.get('format')!r}, expected {FORMAT_VERSION}")
    if meta.get("key") != key:
        raise SnapshotError("key mismatch")
    if not isinstance(meta.get("arrays"), dict) or not isinstance(meta.get("extra"), dict):
        raise SnapshotError("metadata lacks the array list or extra")
    return meta


def _checked_arrays(arrays: Mapping[str, np.ndarray], specs: Mapping[str, Any]
                    ) -> dict[str, np.ndarray]:
    if set(arrays) != set(specs) | {_META}:
        raise SnapshotError("arrays differ from the metadata's list")
    checked = {}
    for name, spec in specs.items():
        array = arrays[name]
        if not isinstance(spec, dict):
            raise SnapshotError(f"bad metadata for {name}")
        if array.dtype.str != spec.get("dtype") or list(array.shape) != spec.get("shape"):
            raise SnapshotError(f"{name}: {array.dtype.str} {array.shape} differs from metadata")
        if _crc32(array) != spec.get("crc32"):
            raise SnapshotError(f"{name}: checksum mismatch")
        checked[name] = array
    return checked


def load_snapshot(directory: Path, key: str) -> tuple[InvertedBM25, dict] | None:
    """The engine saved under key and its extra metadata, or None (caller rebuilds).

    Never raises: a missing snapshot is silent, an unusable one is logged.  The
    engine's large arrays are memory-mapped from the file (read-only).
    """
    try:
        path = snapshot_path(directory, key)
    except ValueError as exc:
        logger.warning("index snapshot not loaded: %s", exc)
        return None
    if not path.is_file():
        return None
    try:
        members = _member_arrays(path)
        meta = _read_meta(members, key)
        arrays = _checked_arrays(members, meta["arrays"])
        engine = InvertedBM25.from_arrays(arrays, meta["engine"])
    except Exception as exc:  # corrupt input may fail anywhere in zip/npy/json parsing
        logger.warning("index snapshot %s is unusable, rebuilding: %s", path, exc)
        return None
    return engine, dict(meta["extra"])
