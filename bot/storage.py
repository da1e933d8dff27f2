"""Saving uploaded articles into corpus/: safe names, no overwrites, atomic writes."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import unicodedata
from pathlib import Path
from typing import BinaryIO

from retrieval.corpus.durable import fsync_directory

ALLOWED_SUFFIXES = (".txt", ".md")
MAX_STEM_CHARS = 80
_UNSAFE = re.compile(r"[^\w\-]+")  # \w keeps letters and digits of every script, and "_"


def allowed_suffix(file_name: str) -> str | None:
    """".txt" or ".md" when the (last) extension is allowed, else None."""
    lower = file_name.strip().lower()
    return next((s for s in ALLOWED_SUFFIXES if lower.endswith(s)), None)


def safe_file_name(file_name: str, suffix: str) -> str:
    """A plain name inside the corpus folder: no directories, "..", separators,
    control or odd characters, no leading dot; the extension is fixed to `suffix`."""
    base = re.split(r"[/\\]", file_name)[-1]  # drop any path part, Unix or Windows style
    if base.lower().endswith(suffix):
        base = base[: -len(suffix)]
    base = unicodedata.normalize("NFKC", base)
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")
    stem = _UNSAFE.sub("_", base).strip("_-")[:MAX_STEM_CHARS].strip("_-")
    return f"{stem or 'upload'}{suffix}"


def _free_name(folder: Path, name: str) -> Path:
    """`name`, or name-2, name-3 … : the first that does not exist yet."""
    target = folder / name
    stem, suffix = os.path.splitext(name)
    n = 2
    while target.exists():
        target = folder / f"{stem}-{n}{suffix}"
        n += 1
    return target


def save_atomically(folder: Path, name: str, data: bytes) -> Path:
    """Write `data` under a free variant of `name` in `folder` and return the path.

    Temp file in the same folder (never matched by the loader: hidden, .tmp) → fsync →
    os.replace, so the corpus never holds a half-written article. The caller serialises
    uploads, so the free name cannot be taken between the check and the rename.
    """
    folder = Path(folder)
    target = _free_name(folder, name)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".upload-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            _write_durably(handle, data)
        os.replace(tmp, target)
    except BaseException:  # disk full, read-only, cancelled …: leave no partial file behind
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    fsync_directory(folder)
    return target


def _write_durably(handle: BinaryIO, data: bytes) -> None:
    """Write, flush and fsync: the bytes are on disk before the rename makes them visible
    (a full disk often shows only here, as ENOSPC from write or fsync)."""
    handle.write(data)
    handle.flush()
    os.fsync(handle.fileno())


def remove_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()
