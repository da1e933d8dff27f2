"""Question forms (retrieval/answer/question_forms.yaml): intent, units, fillers, small talk."""

from __future__ import annotations

import pytest

from retrieval.answer.forms import INTENTS, compile_forms, question_forms
from retrieval.text.normalize import normalize


def intent_and_rest(question: str) -> tuple[str, str]:
    forms = question_forms()
    text = forms.strip_fillers(normalize(question))
    intent, rest = forms.intent_of(text)
    return intent, "".join(rest.split()).strip(",.!?~")


@pytest.mark.parametrize("question, intent", [
    ("三减三优是什么", "definition"), ("三减三优是啥", "definition"),
    ("揭榜挂帅咋回事", "definition"),  # 咋回事 (what is it), not 咋 (how)
    ("帮办代办是干嘛的", "definition"), ("亮晒比是个啥", "definition"),
    ("三减三优是哪个地方搞的", "where"), ("议事角在哪儿", "where"),
    ("谁牵头的", "who"), ("书记叫啥名", "who"),
    ("什么时候开始的", "when"), ("议事角多久开一次议事会", "when"),
    ("从几月开始的", "when"),  # 几月 is a number form too: equal length, file order (when first)
    ("以前有啥难处", "list"), ("这个社区是哪个", "where"), ("具体减啥优啥", "list"),
    ("有多少干部报名", "number"), ("一届干多久", "number"), ("明星湖有多大", "number"),
    ("红色物业是怎么做的", "how"), ("村委会牌子太多了咋整", "how"),
    ("板凳议事会有什么效果", "effect"), ("效果咋样", "effect"),
    ("有哪些联合体", "list"), ("用的啥平台", "list"),
    ("有没有年龄限制", "yesno"),
    ("兴隆坡村种的瓜", "unknown"),
    ("村里搞了个啥景区", "definition"), ("边检站建了一个什么品牌", "definition"),
    ("上岗前要考核不", "yesno"), ("能报名不", "yesno"),
])
def test_intent(question, intent):
    assert intent_and_rest(question)[0] == intent


@pytest.mark.parametrize("question, rest", [
    ("请问一下三减三优是什么呀", "三减三优"),
    ("我想问问红色物业是谁牵头的，谢谢", "红色物业牵头的"),  # 牵头 says what they did
    ("三减三优是哪个地方搞的", "三减三优"),
    ("兴隆坡村种的什么瓜", "兴隆坡村种的瓜"),  # a question word goes, the intent stays unknown
    ("议事会开下来有啥用", "议事会开"),  # 下来 after a verb is "once done", not content
    ("搞了以后有啥好处", ""),  # a verb of doing with 以后 only dates the question
    ("议事会开了以后效果咋样", "议事会"),
])
def test_question_forms_are_removed_not_matched(question, rest):
    assert intent_and_rest(question)[1] == rest


@pytest.mark.parametrize("question, unit", [
    ("察哈尔社区有多少党员", "people"), ("蒙元文化城小区清理了多少吨垃圾", "weight"),
    ("民馨路街道有几个居民小区", "places"), ("正式党员几个人以上", "people"),
    ("明星湖有多大", "area"), ("一届干多久", "duration"), ("今年能赚多少钱", "money"),
])
def test_unit_asked(question, unit):
    found = question_forms().unit_for(normalize(question))
    assert found is not None and found.name == unit


@pytest.mark.parametrize("message, kind", [
    ("你好", "greeting"), ("您好！", "greeting"), ("谢谢", "thanks"), ("多谢！！", "thanks"),
    ("你是谁", "identity"), ("你能做什么？", "capability"), ("👍", "emoji"), ("😀😀", "emoji"),
    ("Hello", "greeting"), ("再见", "farewell"),
])
def test_small_talk(message, kind):
    assert question_forms().small_talk_kind(normalize(message)) == kind


@pytest.mark.parametrize("message", ["你好，三减三优是什么", "谢谢你说的红色物业", "", "   "])
def test_questions_are_not_small_talk(message):
    assert question_forms().small_talk_kind(normalize(message)) is None


def test_unknown_intent_in_the_data_is_refused():
    with pytest.raises(ValueError):
        compile_forms({"intents": {"whatever": ["x"]}})
    assert set(name for name, _ in question_forms().intents) <= set(INTENTS)


def test_gao_is_a_verb_of_its_own_unless_a_form_goes_on():
    """搞反诈宣传 would be cut 搞反 + 诈 + 宣传: a break after 搞 keeps 反诈 whole."""
    forms = question_forms()
    assert forms.strip_fillers("搞反诈宣传").split() == ["搞", "反诈宣传"]
    assert forms.strip_fillers("都搞些啥活动") == "都搞些啥活动"


@pytest.mark.parametrize("message, kind", [
    ("谢谢啦", "thanks"), ("你能干啥", "capability"), ("好吧 拜拜", "farewell"),
    ("你都会些啥", "capability"), ("你有啥功能？", "capability"),
    ("ok 谢谢", "thanks"), ("你好呀", "greeting"),
])
def test_small_talk_as_people_type_it(message, kind):
    assert question_forms().small_talk_kind(normalize(message)) == kind


@pytest.mark.parametrize("message", ["好的 三减三优是啥", "谢谢 那红色物业呢", "吧"])
def test_small_talk_with_a_question_in_it_is_a_question(message):
    assert question_forms().small_talk_kind(normalize(message)) is None


def test_the_shipped_forms_name_every_key_once():
    """YAML keeps the last of two equal keys silently: a synonym written twice would
    hide the first list from whoever edits it."""
    from importlib import resources

    import yaml

    seen: list[list[object]] = []

    class Strict(yaml.SafeLoader):
        pass

    def mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict:
        keys = [loader.construct_object(k) for k, _ in node.value]
        seen.append([k for k in keys if keys.count(k) > 1])
        return yaml.SafeLoader.construct_mapping(loader, node)

    Strict.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    text = resources.files("retrieval.answer").joinpath("question_forms.yaml").read_text("utf-8")
    yaml.load(text, Strict)  # noqa: S506 - a SafeLoader subclass
    assert seen and not any(seen)


def test_a_unit_word_starting_another_units_word_leaves_it_the_longer_one():
    """多少村民 asks for people: 村民 (people) and 村 (places) start at the same place,
    and the unit listed first for the longer word wins the tie."""
    unit = question_forms().unit_for("今年村里新来了多少村民")
    assert unit is not None and unit.name == "people"


def test_how_long_alone_asks_a_length_and_with_time_a_duration():
    """修了多长 / 多长啊: a length (公里); 多长时间 and 多久: a duration."""
    from retrieval.answer.forms import question_forms

    forms = question_forms()
    assert forms.unit_for("修了多长").name == "distance"
    assert forms.unit_for("多长啊").name == "distance"
    assert forms.unit_for("民警劝了多长时间").name == "duration"
    assert forms.unit_for("一届干多久").name == "duration"


def test_those_few_is_no_count(shared_kb):
    """那几盏路灯修了没 asks yes or no about those lamps; 有几盏路灯 asks a count."""
    assert shared_kb.understand("居民说的那几盏路灯修了没").intent == "yesno"
    assert shared_kb.understand("村里有几盏路灯").intent == "number"


def test_what_was_done_at_the_end_asks_for_the_list_of_it(shared_kb):
    """那小孩那块搞了啥 asks what was done (a list), not what 小孩 is."""
    assert shared_kb.understand("那小孩那块搞了啥").intent == "list"
    assert shared_kb.understand("社区都弄了些啥").intent == "list"


def test_small_talk_phrases_run_together_are_small_talk():
    """好嘞谢谢, 嗯嗯好的谢谢啦: phrases typed without a space; the last says what it is.
    A question that merely starts with one (好多少) is no small talk."""
    forms = question_forms()
    assert forms.small_talk_kind("好嘞谢谢") == "thanks"
    assert forms.small_talk_kind("你好再见") == "farewell"
    assert forms.small_talk_kind("你是干啥的") == "identity"
    assert forms.small_talk_kind("好多少") is None
    assert forms.small_talk_kind("谢谢板凳议事会") is None


def test_the_steps_asked_for_are_no_content(shared_kb):
    """都搞哪些环节 asks for a list; 环节 is not a word the answer must hold."""
    query = shared_kb.understand("政治生日上都搞哪些环节")
    assert query.intent == "list" and "环节" not in [t.text for t in query.terms]


def test_calling_the_bot_by_what_it_is_changes_no_small_talk():
    """谢谢机器人, 机器人你好, 你是真人还是机器人: small talk; 机器人 alone is not."""
    forms = question_forms()
    assert forms.small_talk_kind("谢谢机器人") == "thanks"
    assert forms.small_talk_kind("机器人你好") == "greeting"
    assert forms.small_talk_kind("你是真人还是机器人") == "identity"
    assert forms.small_talk_kind("机器人") is None


def test_the_future_is_answered_only_by_a_plan(shared_kb):
    """明年/下个月/还会不会: the articles report what was done; without a stated plan the
    question is not answered (an article about last April's 暴风雪 says nothing of this
    winter's), while the same question about the past is."""
    assert not shared_kb.ask("今年冬天呼伦贝尔还会不会来暴风雪").answered
    assert not shared_kb.ask("乌海下个月还办这种讲座不").answered
    assert shared_kb.ask("呼伦贝尔暴风雪那次是哪个派出所去救的人").passages


def test_which_body_is_a_who_question_but_a_head_of_one_is_a_role(shared_kb):
    """哪个所去救的 asks who (the 所 is no content word); 哪个所长讲的 keeps 所长."""
    body = shared_kb.understand("哪个所去救的")
    assert body.intent == "who" and "所" not in "".join(t.text for t in body.terms)
    head = shared_kb.understand("是哪个所长讲的")
    assert "所长" in [t.text for t in head.terms] or head.role == "所长"
