"""retrieval.text.tokenizer: the particle rule, which user words are added, tokens without
stopwords or punctuation, the corpus's names kept whole, pickling by the word list.

PYTEST_DONT_REWRITE: plain asserts, so that collecting this file stays cheap (the unit
layer's time budget); a failure still shows the failing line.
"""

from __future__ import annotations

import pickle

from retrieval.text import tokenizer as tk
from retrieval.text.tokenizer import Tokenizer


def _strip_particle_case(word, stripped):
    assert tk._strip_particle(word) == stripped


def test_strip_particle():
    for word, stripped in [
        ("建了", "建"),
        ("了", "了"),
        ("通过", "通过"),
        ("随着", "随着"),
        ("好了了", "好了"),
        ("", ""),
    ]:
        _strip_particle_case(word, stripped)


def test_only_dictionary_shaped_user_words_are_added():
    words = ["三减三优", "ＡＢ", "x", "一" * 13, "一" * 12, "a b", "5g+网络", "三减三优"]
    tokenizer = Tokenizer(words)
    assert tokenizer.user_words == tuple(sorted({"三减三优", "ab", "一" * 12, "5g+网络"}))
    assert tokenizer.is_word("三减三优") and tokenizer.is_word("ab")
    assert not tokenizer.is_word("a b") and not tokenizer.is_word("一" * 13)


def test_tokens_keep_names_whole_and_drop_stopwords_and_punctuation():
    plain = Tokenizer()
    named = Tokenizer(["板凳议事会"])
    text = "我们的板凳议事会，开了！"
    assert "板凳议事会" in named.tokens(text)
    assert "板凳议事会" not in plain.tokens(text)
    for tokens in (plain.tokens(text), named.tokens(text)):
        assert not {"我们", "的", "，", "！", "了"} & set(tokens)
        assert "开" in tokens  # 开了 -> 开
    assert plain.tokens("，。！？") == []
    assert plain.tokens("ABC公司") == ["abc", "公司"]


def test_the_base_dictionary_and_fresh_copies():
    freq, total = tk._base_dictionary()
    assert total > 0 and freq["中国"] > 0
    assert tk.in_base_dictionary("中国") and not tk.in_base_dictionary("板凳议事会")
    Tokenizer(["板凳议事会"])
    assert not tk.in_base_dictionary("板凳议事会")  # our words go to a copy


def test_a_tokenizer_pickles_by_its_words():
    tokenizer = Tokenizer(["板凳议事会"])
    again = pickle.loads(pickle.dumps(tokenizer))
    assert again.user_words == ("板凳议事会",)
    assert again.tokens("板凳议事会开了") == tokenizer.tokens("板凳议事会开了")


def test_stopword_lists():
    assert {"的", "了", "我们", "吗"} <= tk.STOPWORDS
    assert {"the", "what", "how"} <= tk.ENGLISH_STOPWORDS
    assert "通过" not in tk.STOPWORDS
