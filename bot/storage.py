"""Saving uploaded documents into the uploads folder (`corpus.uploads_path`, apart from
the shipped pages): safe names, no overwrites, atomic writes. The file is kept exactly
as uploaded, so that a better extractor can read it again later."""

from __future__ import annotations

import contextlib
import os
import re
import unicodedata
from pathlib import Path

from retrieval.corpus.durable import atomic_write
from retrieval.corpus.formats import SUFFIXES

# Every format the corpus loader reads (TXT, Markdown, PDF, DOCX, HTML, images for OCR).
ALLOWED_SUFFIXES = SUFFIXES
MAX_STEM_CHARS = 80
_UNSAFE = re.compile(r"[^\w\-]+")  # \w keeps letters and digits of every script, and "_"


def allowed_suffix(file_name: str) -> str | None:
    """The (last) extension, lower-cased, when it is allowed (".txt", ".pdf" …), else None."""
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

    The folder is created if needed (the uploads folder is not shipped). The write is
    retrieval's atomic_write (hidden temp file in the same folder → fsync → rename →
    folder fsync, mode 0644), so the folder never holds a half-written document. The
    caller serialises uploads, so the free name cannot be taken before the rename.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    target = _free_name(folder, name)
    atomic_write(target, data)
    return target


def remove_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


ASIDE_PREFIX = ".replaced-"  # hidden: the loader skips it while a replacement is indexed


def set_aside(path: Path) -> Path:
    """Move a file out of the loader's sight (a corrected version is replacing it)."""
    aside = path.with_name(f"{ASIDE_PREFIX}{path.name}")
    os.replace(path, aside)
    return aside


def restore(aside: Path) -> None:
    """Put a set-aside file back (the replacement failed)."""
    with contextlib.suppress(OSError):
        os.replace(aside, aside.with_name(aside.name[len(ASIDE_PREFIX):]))


TERMS_HEADER = ("# Initiatives added by admins with /term; loaded after corpus/terms.dict.\n"
                "[initiatives]\n")


def add_term(path: Path, name: str) -> None:
    """Append an initiative to the admins' terms file (created with its header)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = TERMS_HEADER
    if name.strip() not in {line.strip() for line in text.splitlines()}:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, (text.rstrip("\n") + f"\n{name.strip()}\n").encode("utf-8"))
