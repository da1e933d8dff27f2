"""bot.storage on a temp folder: safe names, free names, atomic saves, set-aside and
restore, and the admins' terms file."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import storage


@pytest.mark.parametrize(("name", "suffix"), [
    ("a.txt", ".txt"), (" B.PDF ", ".pdf"), ("x.tar.md", ".md"), ("w.docx", ".docx"),
    ("p.html", ".html"), ("a.exe", None), ("txt", None), ("", None),
])
def test_allowed_suffix(name: str, suffix: str | None):
    assert storage.allowed_suffix(name) == suffix


@pytest.mark.parametrize(("name", "safe"), [
    ("../../etc/passwd.txt", "passwd.txt"),
    ("C:\\docs\\Report.TXT", "Report.txt"),
    ("ＡＢＣ１.txt", "ABC1.txt"),  # NFKC: full-width letters become plain ones
    ("a\u200bb\x07c.txt", "abc.txt"),  # format and control characters go
    ("a b!c?.txt", "a_b_c.txt"),
    ("--_a-b_--.txt", "a-b.txt"),
    (".hidden.txt", "hidden.txt"),
    ("党建 文章.txt", "党建_文章.txt"),
    ("!!!.txt", "upload.txt"),
    ("", "upload.txt"),
    ("name", "name.txt"),
    ("a" * 79 + "_b.txt", "a" * 79 + ".txt"),
    ("a" * 100 + ".txt", "a" * 80 + ".txt"),
])
def test_safe_file_name(name: str, safe: str):
    assert storage.safe_file_name(name, ".txt") == safe


def test_max_stem():
    assert storage.MAX_STEM_CHARS == 80


def test_save_picks_a_free_name_and_creates_the_folder(tmp_path: Path):
    folder = tmp_path / "up" / "loads"
    first = storage.save_atomically(folder, "a.txt", b"one")
    second = storage.save_atomically(folder, "a.txt", b"two")
    third = storage.save_atomically(folder, "a.txt", b"three")
    assert [p.name for p in (first, second, third)] == ["a.txt", "a-2.txt", "a-3.txt"]
    assert [p.read_bytes() for p in (first, second, third)] == [b"one", b"two", b"three"]
    assert sorted(p.name for p in folder.iterdir()) == ["a-2.txt", "a-3.txt", "a.txt"]


def test_remove_quietly(tmp_path: Path):
    path = tmp_path / "f.txt"
    path.write_text("x")
    storage.remove_quietly(path)
    assert not path.exists()
    storage.remove_quietly(path)  # already gone: no error


def test_set_aside_and_restore(tmp_path: Path):
    path = tmp_path / "f.txt"
    path.write_text("x")
    aside = storage.set_aside(path)
    assert aside == tmp_path / ".replaced-f.txt"
    assert aside.read_text() == "x" and not path.exists()
    storage.restore(aside)
    assert path.read_text() == "x" and not aside.exists()
    storage.restore(aside)  # nothing to restore: no error
    assert storage.ASIDE_PREFIX == ".replaced-"


def test_add_term_creates_appends_and_never_repeats(tmp_path: Path):
    path = tmp_path / "deep" / "terms.dict"
    storage.add_term(path, " 红色议事厅 ")
    assert path.read_text(encoding="utf-8") == storage.TERMS_HEADER + "红色议事厅\n"
    storage.add_term(path, "红色议事厅")
    storage.add_term(path, "板凳会")
    assert path.read_text(encoding="utf-8") == storage.TERMS_HEADER + "红色议事厅\n板凳会\n"
    assert storage.TERMS_HEADER == (
        "# Initiatives added by admins with /term; loaded after corpus/terms.dict.\n"
        "[initiatives]\n")


def test_add_term_to_a_file_without_a_final_newline(tmp_path: Path):
    path = tmp_path / "terms.dict"
    path.write_text("[initiatives]\n甲\n\n\n", encoding="utf-8")
    storage.add_term(path, "乙")
    assert path.read_text(encoding="utf-8") == "[initiatives]\n甲\n乙\n"
    path.write_text("[initiatives]\n甲", encoding="utf-8")
    storage.add_term(path, "乙")
    assert path.read_text(encoding="utf-8") == "[initiatives]\n甲\n乙\n"
