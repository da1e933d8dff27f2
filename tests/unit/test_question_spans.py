"""What a sentence offers an intent (retrieval/answer/spans.py) and the answer line
(retrieval/answer/compose.py), on invented sentences."""

from __future__ import annotations

import dataclasses
import re

import pytest

from retrieval.answer import spans
from retrieval.answer.compose import _cut, snippet_around
from retrieval.answer.forms import UnitClass, question_forms
from retrieval.answer.query import Query, Term, TopicRef
from retrieval.text.normalize import normalize


def query(intent: str, *, topic: str | None = None, terms: tuple[str, ...] = (),
          counted: str = "", unit: str | None = None, normalized: str = "") -> Query:
    units = {u.name: u for u in question_forms().units}
    return Query(
        question=normalized, normalized=normalized, intent=intent, small_talk=None,
        unit=units.get(unit) if unit else None,
        terms=tuple(Term(t, 1.0, True, True) for t in (*terms, *([topic] if topic else []))),
        tokens=(), names=(topic,) if topic else (),
        topic=TopicRef(topic, topic, "question") if topic else None,
        did_you_mean=(), english=False, needs_topic=False, counted=counted)


def texts(sentence: str, found: list[tuple[int, int]]) -> list[str]:
    return [sentence[a:b] for a, b in found]


def test_quantities_with_units_ranges_and_no_articles():
    sentence = "社区现有2012户居民近5000人，其中党员1052人，划分了一个责任区，任期三年至五年。"
    assert texts(sentence, spans.quantities(sentence)) == ["2012户", "5000人", "1052人",
                                                           "三年至五年"]


def test_durations_are_whole_and_tiers_are_no_counts():
    """1个多小时 and 3个月 are durations (not 1个 of something); 乡村两级 names tiers."""
    sentence = "民警做了1个多小时思想工作，培训3个月，乡村两级设置2个综合窗口。"
    assert texts(sentence, spans.quantities(sentence)) == ["1个多小时", "3个月", "2个"]
    duration = spans.quantities(sentence, re.compile("小时|月"))
    assert texts(sentence, duration) == ["1个多小时", "3个月"]


def test_a_quantity_next_to_the_counted_noun_is_the_answer():
    sentence = "来自两个单位的10名党员，组建党员突击队4个、党员先锋岗6个。"
    q = query("number", counted="党员突击队", unit="places")
    assert texts(sentence, spans.counted_quantities(sentence, q)) == ["4个"]
    assert spans.fit(sentence, normalize(sentence), q) == 1.0
    assert spans.fit("来自两个单位的10名党员。", "来自两个单位的10名党员。", q) < 1.0


@pytest.mark.parametrize("sentence, place", [
    ("走进乌兰察布市集宁区泉山街道察哈尔社区，街道整洁。", "乌兰察布市集宁区泉山街道察哈尔社区"),
    ("近日，乌兰察布市委组织部在兴和县举办培训班。", "兴和县"),
    ("在“晒晒”志愿服务队的帮助下,土左旗察素齐镇万沟村60多岁的老人", "土左旗察素齐镇万沟村"),
])
def test_places_are_read_leftwards_from_their_suffix(sentence, place):
    assert place in texts(sentence, spans.places(sentence))


@pytest.mark.parametrize("sentence", ["对无物业的小区、街道、社区引导业主", "全市共有3.6万余名党员",
                                      "实现市场化物业服务", "不断提高城市治理水平"])
def test_no_place_without_a_name(sentence):
    assert spans.places(sentence) == ()


def test_where_keeps_the_part_before_the_asked_thing():
    sentence = "走进乌兰察布市集宁区泉山街道察哈尔社区，街道干净整洁。"
    q = query("where", topic="察哈尔社区")
    assert texts(sentence, spans.answer_spans(sentence, q)) == ["乌兰察布市集宁区泉山街道"]


def test_who_people_with_roles_and_people_only_questions():
    sentence = "察哈尔社区党总支书记高雪芹告诉记者，40余名少先队员来到基地。"
    assert any("书记高雪芹" in found for found in texts(sentence, spans.people(sentence)))
    q = query("who", normalized="来了什么人")
    assert texts(sentence, spans.answer_spans(sentence, q))[-1] == "40余名少先队员"


def test_when_specific_dates_beat_vague_ones():
    q = query("when")
    assert spans.fit("2022年，旗委创建了项目。", "2022年，旗委创建了项目。", q) == 1.0
    assert spans.fit("近日，旗委创建了项目。", "近日，旗委创建了项目。", q) < 0.5
    assert spans.fit("每个月召开议事会。", "每个月召开议事会。", q) == 1.0


def test_definition_prefers_x_shi_over_a_list_mention():
    q = query("definition", topic="板凳议事会")
    defines = normalize("“板凳议事会”是居民议事的平台。")
    lists = normalize("用好居民议事会、板凳议事会、民情议事长廊等平台。")
    introduces = normalize("社区推行“板凳议事会”，问题现场办。")
    assert spans.definition_fit(defines, q) == 1.0
    assert spans.definition_fit(introduces, q) == 0.8
    assert spans.fit(lists, lists, q) < spans.fit(introduces, introduces, q)


def test_effect_outcomes_beat_aims():
    q = query("effect")
    assert spans.fit("目前，这条路已经铺上沥青。", "", q) == 1.0
    assert spans.fit("进一步提升服务水平。", "", q) == 0.5
    assert spans.fit("居民代表提出建议。", "", q) == 0.0


def test_effect_needs_more_than_done_or_one_aim():
    q = query("effect")
    # 已经 says it was done, not what it brought
    assert spans.fit("师傅已经找人拆下来维修了。", "", q) == 0.5
    # two improvements in one sentence are what the measures brought, even without 了
    assert spans.fit("有效减轻基层负担、增强服务效能。", "", q) == 1.0


def test_the_effect_line_is_cut_around_the_clause_that_states_the_effect():
    from retrieval.answer.compose import _answer_spans
    sentence = ("2023年以来，某市推行以“减标牌、优职能”为主要内容的工作模式，"
                "进一步规范两级管理体系，创新服务方式，为群众提供更方便的服务，"
                "有效减轻党组织工作负担、增强党组织服务效能，不断增添新动力。")
    effect = spans.effect_clauses(sentence)
    assert "有效减轻党组织工作负担、增强党组织服务效能" in texts(sentence, effect)
    q = query("effect", terms=("党组织",))
    [(start, end)] = _answer_spans(sentence, q)
    assert sentence[start:end] == "有效减轻党组织工作负担、增强党组织服务效能"
    # the clause holding the question's words wins over a nearer one that lacks them
    used = "将考评结果运用于干部选任，形成了说了就干的干事氛围。"
    [(start, end)] = _answer_spans(used, query("effect", terms=("干事", "氛围")))
    assert used[start:end] == "形成了说了就干的干事氛围"
    [(start, end)] = _answer_spans(used, query("effect", terms=("考评", "结果")))
    assert used[start:end] == "将考评结果运用于干部选任"


def test_a_yes_no_line_is_cut_around_what_is_asked_not_the_topic():
    from retrieval.answer.compose import _anchor_offset
    sentence = ("今年以来，某市创新开展“揭榜挂帅”活动，围绕重点产业链设榜，激励干部揭榜，"
                "各级机关、事业单位干部职工不限职务、不限年龄、不限身份，均可报名。")
    q = query("yesno", topic="揭榜挂帅", terms=("年龄",))
    assert _anchor_offset(sentence, q) == sentence.index("年龄")
    assert _anchor_offset(sentence, dataclasses.replace(q, intent="unknown")) == (
        sentence.index("揭榜挂帅"))


def test_whoever_runs_it_is_a_role_people_ask_for():
    from retrieval.answer.query import _role
    assert _role("那个企业管事的叫啥") == "管事的"
    q = dataclasses.replace(query("who"), role="管事的")
    assert spans.fit("谈到未来的发展，企业负责人刘冠中信心满满。", "", q) == 1.0
    assert spans.fit("企业发展势头很好。", "", q) < 1.0


def test_where_people_go_is_a_where_answer():
    q = query("where", terms=("反诈",))
    sentence = "民警利用节假日到公园、超市、农贸市场等地方开展反诈宣传。"
    assert texts(sentence, spans.answer_spans(sentence, q)) == ["公园", "超市", "农贸市场"]
    assert spans.fit(sentence, normalize(sentence), q) == 0.6  # not a town, but a place
    goes = dataclasses.replace(q, normalized="民警到哪些地方宣传")
    assert spans.fit(sentence, normalize(sentence), goes) == 1.0  # where they go: venues
    assert texts("我们把村部广场当成宣传主阵地。", spans.answer_spans(
        "我们把村部广场当成宣传主阵地。", q)) == ["村部广场"]


def test_a_definition_under_the_full_name_defines_the_short_one():
    q = dataclasses.replace(query("definition", topic="共青团"), terms=(
        Term("共青团", 3.0, True, True, ("中国共产主义青年团",)),))
    full = normalize("中国共产主义青年团是先进青年的群众组织。")
    assert spans.definition_fit(full, q) == 1.0
    assert spans.definition_fit(normalize("青年们参加活动。"), q) == 0.0


def test_where_people_are_drawn_from_answers_from_where():
    q = query("where", terms=("物业",), normalized="物业人员从哪儿选")
    sentence = "从辖区内低收入群体中选聘居民开展物业服务，在乌兰浩特市推广。"
    assert texts(sentence, spans.answer_spans(sentence, q)) == ["辖区内低收入群体"]
    assert spans.fit(sentence, normalize(sentence), q) == 1.0
    town = "乌兰浩特市推行红色物业。"
    assert spans.fit(town, normalize(town), q) == 0.6  # a town says where, not from whom


def test_an_introducing_verb_counts_only_in_the_names_own_clause():
    q = query("definition", topic="比武争星")
    own = normalize("赤峰市开展“比武争星”活动，锻造头雁队伍。")
    earlier = normalize("为保障机会，分类开展竞赛，以比促干，让党组织在“比武争星”活动中担当作为。")
    assert spans.definition_fit(own, q) >= 0.9
    assert spans.definition_fit(earlier, q) <= 0.6


def test_a_definition_of_what_a_topic_made_is_cut_around_the_thing_asked():
    from retrieval.answer.compose import _anchor_offset
    sentence = ("结合创建丝路国门党旗红党建品牌，甘其毛都出入境边检站与太仓出入境边检站组建"
                "联创共建党建共同体。")
    q = query("definition", topic="甘其毛都", terms=("边检站", "品牌"))
    assert _anchor_offset(sentence, q) == sentence.index("品牌")
    plain = query("definition", topic="甘其毛都")  # nothing asked beyond the topic
    assert _anchor_offset(sentence, plain) == sentence.index("甘其毛都")


def test_where_of_a_kind_wants_a_place_of_that_kind():
    q = query("where", topic="红色小马甲", normalized="在哪个街道")
    street = "稀土高新区民馨路街道党工委在辖区小区推行“红色小马甲”。"
    assert texts(street, spans.answer_spans(street, q)) == ["稀土高新区民馨路街道"]
    assert spans.fit(street, normalize(street), q) == 1.0
    estate = "包头市民馨家园小区住户称赞“红色小马甲”。"
    assert spans.fit(estate, normalize(estate), q) == 0.6


def test_long_sentences_are_cut_to_the_clauses_around_the_answer():
    sentence = ("为全面落实工作要求，教育引导入党积极分子端正入党动机，树牢信念，"
                "示范带动全市抓好培训工作，近日，乌兰察布市委组织部在兴和县举办全市"
                "入党积极分子示范培训班，培训充分利用本土特色资源优势。")
    text, offset = _cut(sentence, sentence.index("兴和县"), 60)
    assert "兴和县" in text and len(text) <= 61
    assert sentence[offset: offset + 5] == text[:5]
    short = "察哈尔社区有党员1052人。"
    assert _cut(short, 0, 80) == (short, 0)


def test_snippet_marks_cuts_and_reports_the_sentence_offset():
    sentences = ["第一句。", "第二句。", "第三句。"]
    snippet, at = snippet_around(sentences, 1, 8)
    assert snippet[at: at + 4] == "第二句。"
    assert snippet.startswith("…") or snippet.endswith("…")


def test_query_values_are_frozen():
    q = query("where")
    with pytest.raises(dataclasses.FrozenInstanceError):
        q.intent = "who"  # type: ignore[misc]


def test_counted_outcomes_are_effects():
    assert spans.effect_clauses("景区建成，今年吸引游客11万余人。") != []
    assert spans.effect_clauses("景区建成，游客很多。") == []


def test_a_body_after_a_place_is_no_persons_name():
    """…猎民村党支部 is a body: 党 is a surname, but not here (网格员王春秋 is a name)."""
    assert spans.named_after("多布库尔猎民村党支部书记何泽承说", "多布库尔猎民村") == []
    sentence = "网格员王春秋说"
    assert texts(sentence, spans.named_after(sentence, "网格员")) == ["王春秋"]
    found = spans.people("书记告诉记者，党支部牵头建成景区")
    assert "党支部" in texts("书记告诉记者，党支部牵头建成景区", found)


def test_two_outcomes_answer_better_than_how_things_are_now():
    q = query("effect")
    both = "小小“板凳议事会”,不仅拉近了干群邻里关系,也切实提升了社区基层治理能力。"
    now = "从室内搬到室外,到现在围坐在一起唠家常式畅聊,成了她感触最深的事。"
    one = "活动全面展示了发展成果，检验了干部作风转变成效。"  # 变成 inside 转变成效
    assert spans.fit(both, normalize(both), q) == 1.0
    assert spans.fit(now, normalize(now), q) == spans.BY_NOW_FIT
    assert spans.fit(one, normalize(one), q) > spans.BY_NOW_FIT


def test_a_quote_answers_what_someone_said():
    q = dataclasses.replace(query("how"), speech=True)
    for quoted in ("“这下，我们村运输方便多了，土豆以后不愁卖了！”",
                   "有专人为我们提供全程服务，年底即可投产。”"):  # a quote's close
        assert spans.fit(quoted, normalize(quoted), q) == 1.0
    assert spans.fit("一位村民说。", "一位村民说。", q) == spans.SAID_BY_FIT
    plain = "察右前旗投资873万元对路面进行补强。"
    assert spans.fit(plain, normalize(plain), q) == spans.SPEECH_OTHER_FIT


def test_a_role_before_words_that_name_nobody_is_no_person():
    """志愿者为支撑: 为支撑 is no name (no surname); 居民郝三文有些着急了 is one."""
    assert spans.people("社区志愿者为支撑、社会慈善资源为补充") == ()
    sentence = "居民郝三文有些着急了。"
    assert texts(sentence, spans.people(sentence)) == ["居民郝三文"]


def test_a_count_in_the_measure_asked_beats_a_length_of_the_same_thing():
    """多少条路: 24条236.5公里的道路 (quantities in between do not part 24条 from 道路) is
    the count; 19.5公里路面 is a length, another measure than the 条 asked."""
    measure = UnitClass(name="条", asked=("条",), give=re.compile("条"))  # as unit_for gives
    q = dataclasses.replace(query("number", counted="路"), unit=measure,
                            terms=(Term("路", 0.9, True, False, ("道路",)),))
    roads = "完成了24条236.5公里的道路养护工程。"
    assert "24条" in texts(roads, spans.counted_quantities(roads, q))
    assert spans.fit(roads, roads, q) == 1.0
    surface = "对19.5公里路面进行补强。"
    assert spans.fit(surface, surface, q) == spans.OTHER_MEASURE_FIT


def test_the_measure_taken_against_a_problem_says_how():
    q = query("how")
    sentence = "针对“服务事项清单”数量繁杂、不接地气的问题，阿鲁科尔沁旗删减合并重复事项。"
    assert spans.fit(sentence, normalize(sentence), q) == 1.0


def test_why_is_answered_by_a_cause_more_than_by_a_purpose():
    q = dataclasses.replace(query("unknown"), reason=True)
    cause = "近日，受持续高温影响，阿拉善盟北部地区发生旱情，部分地区面临人畜饮水困难。"
    aim = "派出所为辖区牧民免费送水80余吨，以解群众燃眉之急。"
    other = "派出所组织党员先锋服务车送水。"
    assert spans.fit(cause, normalize(cause), q) == 1.0
    assert spans.fit(aim, normalize(aim), q) == spans.PURPOSE_FIT
    assert spans.fit(other, normalize(other), q) == spans.REASON_OTHER_FIT


def test_a_place_is_no_label_with_a_name_after_it():
    """土左旗方言: 方 is a surname, but a place names nobody after it; a label does."""
    from retrieval.answer.spans import named_after

    assert named_after("“晒”是土左旗方言“看”的意思", "土左旗") == []
    sentence = "近日，住户李爷爷对“红色小马甲”康建华赞不绝口。"
    assert [sentence[a:b] for a, b in named_after(sentence, "红色小马甲")] == ["康建华"]
