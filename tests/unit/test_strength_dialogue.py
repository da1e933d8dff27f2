"""bot.dialogue: conversation keys per chat kind, what recall gives (a reply's answer
first, then the conversation's last turn), carrying a topic within one article, and
what remember stores.

PYTEST_DONT_REWRITE: plain asserts, so that collecting this file stays cheap (the unit
layer's time budget); a failure still shows the failing line.
"""

from __future__ import annotations

from bot.dialogue import (
    AnswerKey,
    ConversationKey,
    MemoryContextStore,
    Recall,
    Turn,
    carried,
    recall,
    remember,
)


class DictStore:
    def __init__(self) -> None:
        self.data: dict = {}
        self.puts: list = []

    def get(self, key):
        return self.data.get(key)

    def put(self, key, turn) -> None:
        self.puts.append((key, turn))
        self.data[key] = turn


TURN = Turn("三减三优", 4, "v1", "where", 17, "在北湖。")


def test_conversation_keys():
    assert ConversationKey.of(5, 9, private=True) == ConversationKey(5, None, None)
    assert ConversationKey.of(5, 9, private=False) == ConversationKey(5, 9, None)
    assert ConversationKey.of(5, 9, private=False, thread_id=3) == ConversationKey(5, 9, 3)
    assert ConversationKey.of(5, None, private=False) == ConversationKey(5)
    assert ConversationKey(1) != AnswerKey(1, 0)


def test_turn_defaults():
    turn = Turn(None)
    assert (turn.article_id, turn.index_version, turn.intent, turn.paragraph_id, turn.line) == (
        None,
        "",
        "",
        None,
        "",
    )


def test_recall_of_nothing_is_no_topic():
    assert recall(DictStore(), ConversationKey(1)) == Recall(None)
    assert recall(DictStore(), ConversationKey(1), AnswerKey(1, 2)) == Recall(None)
    assert Recall(None) == Recall(None, None, False, None, "", None, "")


def test_recall_gives_the_conversations_last_turn():
    store = DictStore()
    store.data[ConversationKey(1)] = TURN
    assert recall(store, ConversationKey(1)) == Recall(
        "三减三优",
        4,
        from_reply=False,
        intent="where",
        index_version="v1",
        paragraph_id=17,
        line="在北湖。",
    )
    assert recall(store, ConversationKey(2)) == Recall(None)


def test_a_reply_recalls_the_answer_it_replies_to():
    store = DictStore()
    store.data[ConversationKey(1)] = TURN
    store.data[AnswerKey(1, 50)] = Turn("板凳会", 2, "v1", "", None, "")
    got = recall(store, ConversationKey(1), AnswerKey(1, 50))
    assert got == Recall("板凳会", 2, from_reply=True, intent=None, index_version="v1")
    # a reply to a message the store no longer has falls back to the conversation
    assert recall(store, ConversationKey(1), AnswerKey(1, 51)) == recall(store, ConversationKey(1))


def test_an_empty_intent_is_none():
    store = DictStore()
    store.data[ConversationKey(1)] = Turn(None, 3)
    assert recall(store, ConversationKey(1)) == Recall(None, 3, intent=None)


def test_carried_keeps_the_conversations_topic_within_its_article():
    plain = Turn(None, 4, "v1", "number", 8, "一共十万元。")
    assert carried(plain, "揭榜挂帅", 4) == Turn("揭榜挂帅", 4, "v1", "number", 8, "一共十万元。")
    assert carried(plain, "揭榜挂帅", 5) is plain
    assert carried(plain, None, 4) is plain
    named = Turn("别的", 4)
    assert carried(named, "揭榜挂帅", 4) is named


def test_remember_stores_the_conversation_and_the_message():
    store = DictStore()
    remember(store, ConversationKey(1), TURN)
    assert store.puts == [(ConversationKey(1), TURN)]
    remember(store, ConversationKey(1), TURN, AnswerKey(1, 9))
    assert store.puts[1:] == [(ConversationKey(1), TURN), (AnswerKey(1, 9), TURN)]


def test_the_memory_store_round_trips():
    store = MemoryContextStore(ttl=60, capacity=4)
    remember(store, ConversationKey(1, 2), TURN, AnswerKey(1, 3))
    assert recall(store, ConversationKey(1, 2), AnswerKey(1, 3)).from_reply
    assert recall(store, ConversationKey(1, 2)).topic == "三减三优"


# ---------------------------------------------------------------- 后来呢 (retrieval side)


def test_line_piece_and_sentence_of():
    from types import SimpleNamespace

    from retrieval.answer.continuation import line_piece, sentence_after, sentence_of

    assert line_piece("  …一二三四五六七八九十甲乙丙…  ") == "一二三四五六七八九十甲乙"
    assert line_piece("短句。") == "短句。"
    assert line_piece("…") == ""
    texts = ("第一句很长很长很长很长的话。", "第二句。", "第三句。")
    sentences = [SimpleNamespace(text=t) for t in texts]
    assert sentence_of(sentences, "第一句很长很长很长很长") == 0
    assert sentence_of(sentences, "…第二句。") == 1
    assert sentence_of(sentences, "…") is None
    assert sentence_of(sentences, "没有的句子") is None
    assert sentence_after(sentences, "第二句。") == 2
    assert sentence_after(sentences, "第三句。") is None
    assert sentence_after(sentences, "") is None
    assert sentence_after([], "第一句") is None
