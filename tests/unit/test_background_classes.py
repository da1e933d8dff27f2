"""Reading jieba's dictionary into word classes (retrieval/text/background.py
_read_classes), on a small dictionary of the same format: places and other names are
proper nouns; words tagged as personal names are names only when they open with a
surname."""

from __future__ import annotations

from pathlib import Path

from retrieval.text.background import _read_classes

DICTIONARY = """\
深圳 3000 ns
北湖街道 20 ns
红十字会 50 nt
张三 10 nr
养羊 10 nr
搞 5000 v
"""


def test_places_and_surnamed_person_names_are_proper_and_others_tagged_nr_are_not(
        tmp_path: Path):
    path = tmp_path / "dict.txt"
    path.write_text(DICTIONARY, encoding="utf-8")
    light, proper, places, verbs = _read_classes(str(path))
    assert proper == {"深圳", "北湖街道", "红十字会", "张三"}
    assert places == {"深圳", "北湖街道"}
    assert "搞" in light and "搞" in verbs and "养羊" not in proper
