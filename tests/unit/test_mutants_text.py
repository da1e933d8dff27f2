"""Text stage lookups the rest of the unit layer leaves out (found by bench/mutants.py):
the tokenizer's word check and which proper nouns of jieba's dictionary are places."""

from __future__ import annotations

from retrieval.text.background import is_place_name, is_proper_noun
from retrieval.text.tokenizer import Tokenizer


def test_is_word_knows_jiebas_words_and_ours_only():
    tokenizer = Tokenizer({"石榴籽议事厅"})
    assert tokenizer.is_word("党员") and tokenizer.is_word("石榴籽议事厅")
    assert not tokenizer.is_word("员党") and not tokenizer.is_word("石榴籽议")


def test_places_are_the_place_names_of_two_characters_or_more():
    assert is_place_name("北京") and is_place_name("赤峰")
    assert is_proper_noun("鲁迅") and not is_place_name("鲁迅")  # a person
    assert is_proper_noun("京") and not is_place_name("京")  # one character says too little
