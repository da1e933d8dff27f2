"""retrieval.text.normalize: one spelling for words written two ways, offsets kept."""

from __future__ import annotations

from retrieval.text.normalize import normalize


def test_a_village_written_with_either_character_is_one_word():
    assert normalize("萨哈拉塔拉噶查") == normalize("萨哈拉塔拉嘎查") == "萨哈拉塔拉嘎查"


def test_the_variant_keeps_the_length_and_the_rest_of_the_text():
    text = "噶查ＡＢ紅色物業噶查"
    assert normalize(text) == "嘎查ab红色物业嘎查"
    assert len(normalize(text)) == len(text)
    assert normalize("噶尔") == "噶尔"  # 噶 alone is left as written
