"""bot.buttons' callback_data contract: the exact formats built, the 64-byte limit and
the store behind it, and parse() turning every format back (or refusing it)."""

from __future__ import annotations

import pytest

from bot import buttons as b
from bot.buttons import (
    Ask,
    Buttons,
    ButtonStore,
    FullText,
    More,
    Question,
    RemoveChoice,
    TopicsPage,
    UploadChoice,
    Wrong,
)


def test_limits_and_separator():
    assert b.MAX_BYTES == 64
    assert b.VERSION_CHARS == 8
    assert b.SEPARATOR == "\x1f"


@pytest.mark.parametrize(("pattern", "kind"), [
    (b.MORE, "m"), (b.FULL, "f"), (b.ASK, "q"), (b.WRONG, "w"), (b.TOPICS, "t"),
    (b.UPLOAD, "u"), (b.REMOVE, "r"),
])
def test_each_pattern_takes_its_kind_only(pattern, kind: str):
    assert pattern.match(f"{kind}|1")
    for other in "mfqwtur":
        if other != kind:
            assert not pattern.match(f"{other}|1")
    assert not pattern.match(f"x{kind}|1")
    assert not pattern.match(kind)


def test_store_numbers_from_one_and_forgets_the_oldest():
    store = ButtonStore(size=2)
    assert [store.put("a"), store.put("b")] == [1, 2]
    assert (store.get(1), store.get(2)) == ("a", "b")
    assert store.put("c") == 3
    assert store.get(1) is None
    assert (store.get(2), store.get(3)) == ("b", "c")
    assert store.get(99) is None


def test_store_default_size_keeps_4096():
    store = ButtonStore()
    for i in range(4097):
        store.put(str(i))
    assert store.get(1) is None
    assert store.get(2) == "1"
    assert store.get(4097) == "4096"


def test_question_pack_and_unpack():
    assert Question("问").pack() == "问"
    assert Question("问", "话题").pack() == "问\x1f话题"
    assert Question.unpack("问\x1f话题") == Question("问", "话题")
    assert Question.unpack("问") == Question("问", None)
    assert Question.unpack("问\x1f") == Question("问", "")


def test_short_version():
    assert b.short_version("abcdefghijkl") == "abcdefgh"
    assert b.short_version("ab|cd") == "ab_cd"
    assert b.short_version("") == ""


def test_fits_counts_utf8_bytes():
    assert not b.fits("")
    assert b.fits("x")
    assert b.fits("x" * 64)
    assert not b.fits("x" * 65)
    assert b.fits("问" * 21)  # 63 bytes
    assert not b.fits("问" * 22)  # 66 bytes
    assert not b.fits("a\ud800")


def test_formats_built():
    bt = Buttons(ButtonStore())
    assert bt.more("abcdefghij", 3, Question("问题")) == "m|abcdefgh|3|t问题"
    assert bt.full("v|1", 12) == "f|v_1|12"
    assert bt.ask(Question("问题")) == "q|t问题"
    assert bt.wrong("abcdefghij", 5, Question("问")) == "w|abcdefgh|5|t问"
    assert Buttons.topics(2) == "t|2"
    assert Buttons.upload("ok", 4) == "u|ok|4"
    assert Buttons.remove("yes", 9) == "r|yes|9"


def test_a_question_that_does_not_fit_goes_to_the_store():
    store = ButtonStore()
    bt = Buttons(store)
    exact = "x" * 61  # "q|t" + 61 = 64 bytes
    assert bt.ask(Question(exact)) == "q|t" + exact
    longer = "x" * 62
    data = bt.ask(Question(longer))
    assert data == "q|#1"
    assert store.get(1) == longer
    assert bt.parse(data) == Ask(Question(longer))


def test_a_question_with_a_topic_always_goes_to_the_store():
    store = ButtonStore()
    bt = Buttons(store)
    data = bt.more("v", 1, Question("问", "话题"))
    assert data == "m|v|1|#1"
    assert store.get(1) == "问\x1f话题"
    assert bt.parse(data) == More("v", 1, Question("问", "话题"))


def test_a_question_with_the_separator_in_its_text_is_stored_too():
    store = ButtonStore()
    bt = Buttons(store)
    assert bt.ask(Question("a\x1fb")) == "q|#1"


def test_default_store_is_made():
    bt = Buttons()
    assert isinstance(bt.store, ButtonStore)
    data = bt.ask(Question("问" * 30))
    assert data.startswith("q|#")
    assert bt.parse(data) == Ask(Question("问" * 30))


def test_parse_every_kind():
    bt = Buttons(ButtonStore())
    assert bt.parse("m|v1|2|t问") == More("v1", 2, Question("问"))
    assert bt.parse("f|v1|7") == FullText("v1", 7)
    assert bt.parse("q|t问|还有") == Ask(Question("问|还有"))
    assert bt.parse("w|v1|8|t问") == Wrong("v1", 8, Question("问"))
    assert bt.parse("t|3") == TopicsPage(3)
    assert bt.parse("u|ok|4") == UploadChoice("ok", 4)
    assert bt.parse("u|no|4") == UploadChoice("no", 4)
    assert bt.parse("r|ask|5") == RemoveChoice("ask", 5)
    assert bt.parse("r|yes|5") == RemoveChoice("yes", 5)
    assert bt.parse("r|no|5") == RemoveChoice("no", 5)


def test_round_trips_through_the_store():
    bt = Buttons(ButtonStore())
    q = Question("很长的问题" * 10, "话题")
    assert bt.parse(bt.more("version", 4, q)) == More("version"[:8], 4, q)
    assert bt.parse(bt.wrong("version", 6, q)) == Wrong("version"[:8], 6, q)
    assert bt.parse(bt.ask(q)) == Ask(q)


@pytest.mark.parametrize("data", [
    None, "", "x", "z|1", "m|v|2", "m|v|x|t问", "m|v|2|t", "m|v|2|#", "m|v|2|#x",
    "m|v|2|#99", "m|v|2|問", "f|v", "f|v|x", "q|", "q|t", "q|#5", "q|问", "w|v|x|t问",
    "w|v|1|t", "w|v|1", "t|", "t|x", "u|ok", "u|maybe|1", "u|ok|x", "r|ask", "r|maybe|1",
    "r|yes|x", "m", "mq|t问",
])
def test_parse_refuses_what_the_bot_did_not_make(data: str | None):
    assert Buttons(ButtonStore()).parse(data) is None


def test_parse_a_stored_question_that_was_evicted():
    store = ButtonStore(size=1)
    bt = Buttons(store)
    first = bt.ask(Question("x" * 80))
    bt.ask(Question("y" * 80))
    assert bt.parse(first) is None


def test_a_stored_id_needs_its_hash_sign():
    store = ButtonStore()
    bt = Buttons(store)
    data = bt.ask(Question("x" * 80))
    assert data == "q|#1"
    assert bt.parse("q|x1") is None
    assert bt.parse("m|v|1|x1") is None
    assert bt.parse("q|#1") == Ask(Question("x" * 80))


def test_parsed_buttons_are_frozen_values():
    import dataclasses

    values = [Question("q", "t"), More("v", 1, Question("q")), FullText("v", 2),
              Ask(Question("q")), Wrong("v", 3, Question("q")), TopicsPage(4),
              UploadChoice("ok", 5), RemoveChoice("yes", 6)]
    assert len(set(values)) == len(values)  # hashable
    for value in values:
        field = dataclasses.fields(value)[0].name
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(value, field, None)
