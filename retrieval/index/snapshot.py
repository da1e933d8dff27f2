"""On-disk snapshots of the BM25 index: numpy arrays plus JSON metadata, never pickle.

One snapshot is one uncompressed .npz file named after its key.  Besides the engine's
arrays it holds a uint8 array `meta_json` with the format version, the key, the
engine's metadata, the caller's `extra` and every array's dtype, shape and sha256.
It is written to a temporary file in the same directory, fsynced and renamed over
the final name, so a crash mid-write leaves the previous file untouched.  Loading
checks everything it can and answers None (after a logged warning) for any snapshot
it cannot trust; the caller then rebuilds.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import tempfile
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from retrieval.corpus.durable import fsync_directory
from retrieval.index.bm25 import InvertedBM25

FORMAT_VERSION = 1
KEEP_SNAPSHOTS = 3  # newest snapshots kept per directory; older ones are deleted
_PREFIX = "bm25-"
_SUFFIX = ".npz"
_TEMP_PREFIX = ".tmp-bm25-"
_STALE_TEMP_S = 3600  # a temp file this old belongs to a writer that died
_META = "meta_json"
_KEY_RE = re.compile(r"[0-9a-f]{16,128}")

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


def _sha256(array: np.ndarray) -> str:
    return hashlib.sha256(np.ascontiguousarray(array).data).hexdigest()


def _describe(arrays: Mapping[str, np.ndarray]) -> dict[str, dict[str, Any]]:
    return {
        name: {"dtype": a.dtype.str, "shape": list(a.shape), "sha256": _sha256(a)}
        for name, a in arrays.items()
    }


# ---------------------------------------------------------------- saving


def _write_atomic(path: Path, payload: Mapping[str, np.ndarray]) -> None:
    """np.savez to a temp file beside path, fsync, then rename over path."""
    fd, temp_name = tempfile.mkstemp(dir=path.parent, prefix=_TEMP_PREFIX, suffix=_SUFFIX)
    try:
        with os.fdopen(fd, "wb") as handle:
            np.savez(handle, allow_pickle=False, **payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp_name, 0o644)  # mkstemp's 0600 would hide it from other service users
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    fsync_directory(path.parent)


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


def _read_meta(npz: Any, key: str) -> dict[str, Any]:
    if _META not in npz.files:
        raise SnapshotError("no metadata")
    raw = npz[_META]
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


def _read_arrays(npz: Any, specs: Mapping[str, Any]) -> dict[str, np.ndarray]:
    if set(npz.files) != set(specs) | {_META}:
        raise SnapshotError("arrays differ from the metadata's list")
    arrays = {}
    for name, spec in specs.items():
        array = npz[name]
        if not isinstance(spec, dict):
            raise SnapshotError(f"bad metadata for {name}")
        if array.dtype.str != spec.get("dtype") or list(array.shape) != spec.get("shape"):
            raise SnapshotError(f"{name}: {array.dtype.str} {array.shape} differs from metadata")
        if _sha256(array) != spec.get("sha256"):
            raise SnapshotError(f"{name}: checksum mismatch")
        arrays[name] = array
    return arrays


def load_snapshot(directory: Path, key: str) -> tuple[InvertedBM25, dict] | None:
    """The engine saved under key and its extra metadata, or None (caller rebuilds).

    Never raises: a missing snapshot is silent, an unusable one is logged.
    """
    try:
        path = snapshot_path(directory, key)
    except ValueError as exc:
        logger.warning("index snapshot not loaded: %s", exc)
        return None
    if not path.is_file():
        return None
    try:
        with np.load(path, allow_pickle=False) as npz:
            meta = _read_meta(npz, key)
            arrays = _read_arrays(npz, meta["arrays"])
        engine = InvertedBM25.from_arrays(arrays, meta["engine"])
    except Exception as exc:  # corrupt input may fail anywhere in zip/npy/json parsing
        logger.warning("index snapshot %s is unusable, rebuilding: %s", path, exc)
        return None
    return engine, dict(meta["extra"])
