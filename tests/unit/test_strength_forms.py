"""retrieval.answer.forms.compile_forms on a small hand-made form file: small-talk
kinds, fillers, the intent whose form matches longest, the unit a number question
asks for, and the plain lists."""

from __future__ import annotations

import re

import pytest

from retrieval.answer import forms as f

DATA = {
    "small_talk": {"greeting": ["你好", "您好"], "thanks": ["谢谢", "多谢"],
                   "farewell": ["再见", "拜拜"], "identity": ["你是什么"]},
    "fillers": ["请问", "请问一下"],
    "intents": {"definition": ["是什么", "咋回事"], "how": ["咋", "怎么做"],
                "number": ["多少", "几"], "where": ["在哪"], "effect": []},
    "units": {"people": {"asked": ["人", "党员"], "give": "人|名"},
              "money": {"asked": ["元", "钱"], "give": "元"}},
    "synonyms": {"搞": ["做", "办"]},
    "light_words": ["的"],
    "question_words": ["什么", "吗"],
    "drop_words": ["一下"],
    "offers": {"where": {"label": "在哪里？", "questions": ["{t}在哪儿", "{t}在哪"]}},
    "never_joined": ["和"],
}
FORMS = f.compile_forms(DATA)


def test_intents_list():
    assert f.INTENTS == ("definition", "where", "who", "when", "number", "how", "effect",
                         "list", "yesno", "small_talk", "unknown")


def test_unknown_intents_are_refused():
    with pytest.raises(ValueError, match=r"question_forms.yaml: unknown intents \['why'\]"):
        f.compile_forms({"intents": {"why": ["为啥"], "how": ["咋"]}})
    f.compile_forms({"intents": {"why": []}})  # an empty list compiles to nothing


def test_plain_lists():
    assert FORMS.synonyms == {"搞": ("做", "办")}
    assert FORMS.light_words == frozenset({"的"})
    assert FORMS.drop_words == frozenset({"一下"})
    assert FORMS.never_joined == frozenset({"和"})
    assert FORMS.offers == (f.Offer("where", "在哪里？", ("{t}在哪儿", "{t}在哪")),)
    assert [name for name, _ in FORMS.intents] == ["definition", "how", "number", "where"]
    assert FORMS.small_talk["identity"] == frozenset({"你是什么", "你是啥"})
    assert FORMS.small_talk["greeting"] == frozenset({"你好", "您好"})
    assert [u.name for u in FORMS.units] == ["people", "money"]
    assert FORMS.units[0].asked == ("人", "党员")
    assert FORMS.units[0].give.pattern == "人|名"


def test_an_empty_form_file():
    empty = f.compile_forms({})
    assert empty.small_talk == {} and empty.intents == () and empty.units == ()
    assert empty.offers == () and empty.never_joined == frozenset()
    assert empty.intent_of("板凳会吗") == ("unknown", "板凳会吗")
    assert empty.small_talk_kind("你好") is None


@pytest.mark.parametrize(("text", "kind"), [
    ("你好", "greeting"), ("您好！", "greeting"), ("你好呀", "greeting"), ("谢谢啦", "thanks"),
    ("谢谢机器人", "thanks"), ("小助手你好", "greeting"), ("你是啥", "identity"),
    ("你好，谢谢", "thanks"), ("谢谢 再见", "farewell"), ("你好谢谢", "thanks"),
    ("谢谢拜拜", "farewell"), ("😀👍", "emoji"), ("", None), ("   ", None),
    ("你好 板凳会", None), ("板凳会", None), ("你好板凳会", None), ("谢谢你好吗", None),
])
def test_small_talk_kind(text: str, kind: str | None):
    assert FORMS.small_talk_kind(text) == kind


def test_longest_small_talk_bounds_the_run_split():
    assert FORMS._longest_small_talk == 4 + 8
    assert f.compile_forms({})._longest_small_talk == 8
    long = f.compile_forms({"small_talk": {"thanks": ["谢" * 20]}})
    assert long.small_talk_kind("谢" * 20 + "谢" * 20) == "thanks"


def test_strip_fillers_longest_first():
    assert FORMS.strip_fillers("请问一下板凳会") == " 板凳会"
    assert FORMS.strip_fillers("请问板凳会") == " 板凳会"
    assert FORMS.strip_fillers("板凳会") == "板凳会"


@pytest.mark.parametrize(("text", "intent", "rest"), [
    ("板凳会是什么", "definition", "板凳会   "),
    ("板凳会咋回事", "definition", "板凳会   "),  # longer than 咋 alone
    ("板凳会咋做", "how", "板凳会 做"),
    ("在哪有多少", "number", "  有  "),  # equal length: the earlier intent in the file
    ("多少在哪", "number", "    "),
    ("这个好吗", "unknown", "这个好 "),
    ("是什么吗", "definition", "    "),
    ("什么", "unknown", " "),
    ("", "unknown", ""),
])
def test_intent_of(text: str, intent: str, rest: str):
    assert FORMS.intent_of(text) == (intent, rest)


def test_overlapping_forms_remove_the_longest():
    forms = f.compile_forms({"intents": {"how": ["怎么"], "definition": ["怎么回事", "回事儿"]}})
    assert forms.intent_of("这怎么回事儿") == ("definition", "这    儿")


@pytest.mark.parametrize(("text", "unit"), [
    ("有多少人参加", "people"), ("几个人", "people"), ("多少元", "money"), ("多少党员", "people"),
    ("钱给多少党员", "people"), ("党员的钱有多少", "money"), ("板凳会", None), ("几名", "名"),
])
def test_unit_for(text: str, unit: str | None):
    found = FORMS.unit_for(text)
    assert (found.name if found else None) == unit


def test_a_measure_word_no_class_names_is_its_own_unit():
    unit = FORMS.unit_for("有几个突击队")
    assert unit == f.UnitClass("个", ("个",), re.compile("个"))
    unit = FORMS.unit_for("多少吨粮食")
    assert unit.name == "吨" and unit.give.search("三百吨")


def test_the_shipped_forms_compile_once():
    shipped = f.question_forms()
    assert shipped is f.question_forms()
    assert {name for name, _ in shipped.intents} <= set(f.INTENTS)
    assert shipped.small_talk_kind("你好") == "greeting"
