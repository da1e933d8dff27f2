"""retrieval/text/tokenizer.py: every Tokenizer has a dictionary of its own, made from
one loaded copy of jieba's (so an index rebuild does not reload jieba's cache)."""

from __future__ import annotations

from retrieval.text.tokenizer import Tokenizer


def test_tokenizers_keep_their_own_words_apart():
    first, second = Tokenizer({"石榴籽议事厅"}), Tokenizer({"红马甲巡逻队"})
    text = "石榴籽议事厅和红马甲巡逻队"
    assert "石榴籽议事厅" in first.tokens(text) and "红马甲巡逻队" not in first.tokens(text)
    assert "红马甲巡逻队" in second.tokens(text) and "石榴籽议事厅" not in second.tokens(text)
    assert first.is_word("石榴籽议事厅") and not second.is_word("石榴籽议事厅")
    assert first.is_word("社区") and second.is_word("社区")  # jieba's own words in both
