"""Durable file writes shared by the index snapshots, the extraction cache and uploads."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


def fsync_directory(directory: Path) -> None:
    """Make a rename inside `directory` durable (best effort: not every platform allows it)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_durably(handle: BinaryIO, data: bytes) -> None:
    """Write, flush and fsync: the bytes are on disk before a rename makes them visible
    (a full disk often shows only here, as ENOSPC from write or fsync)."""
    handle.write(data)
    sync(handle)


def sync(handle: BinaryIO) -> None:
    """Flush and fsync what was written to `handle`."""
    handle.flush()
    os.fsync(handle.fileno())


def atomic_write(path: Path, data: bytes, mode: int = 0o644) -> None:
    """Replace `path` with `data` so that readers see the old file or all of the new one
    (see atomic_write_with)."""
    atomic_write_with(path, lambda handle: write_durably(handle, data), mode)


def atomic_write_with(path: Path, write: Callable[[BinaryIO], object], mode: int = 0o644, *,
                      prefix: str | None = None, suffix: str = ".tmp") -> None:
    """Replace `path` with what `write(handle)` writes and syncs (durable.sync), readers
    seeing the old file or all of the new one.

    A hidden temp file in the same folder (same file system, so the rename is atomic;
    never matched by the corpus loader; `prefix`/`suffix` name it) is written, given
    `mode` (mkstemp's 0600 would hide it from other service users),
    renamed over `path`, and the folder is fsynced so the rename survives a crash. On
    any failure the temp file is removed and the error raised: nothing half-written is
    ever left behind.
    """
    path = Path(path)
    fd, temp = tempfile.mkstemp(dir=path.parent, suffix=suffix,
                                prefix=prefix if prefix is not None else f".{path.name[:40]}.")
    try:
        with os.fdopen(fd, "w+b") as handle:
            write(handle)
        os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:  # disk full, read-only, cancelled …
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    fsync_directory(path.parent)
