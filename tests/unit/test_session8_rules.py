"""The eighth session's rules, over the shipped pages: a place for doing something
(吃饭的地方) is asked by what is done there, not by the word 地方."""

from __future__ import annotations

from support.follow_ups import ask_after, ask_after_answer
from support.small_corpus import sentence_fit, small_resources

from retrieval.answer.knowledge import KnowledgeBase
from retrieval.answer.spans import ROUTELESS_FIT, people

ROAD = "今年，察右前旗投资873万元对大土城村至集宁区的19.5公里路面进行补强。"
STATION = "今年，察右前旗在大土城村建了一座党群服务站。"


def test_a_place_for_doing_something_is_asked_by_what_is_done_there(shared_kb: KnowledgeBase):
    meals = ask_after(shared_kb, "杭锦旗一老一少是咋回事", "老人吃饭的地方建了几个")
    assert meals.answered and meals.answer is not None
    assert "3个社区打造为老服务餐厅" in meals.answer.text
    query = shared_kb.understand("老人吃饭的地方建了几个")
    assert "地方" not in [t.text for t in query.terms]


def test_a_route_is_asked_from_where_to_where(shared_kb: KnowledgeBase):
    assert shared_kb.understand("哪到哪").intent == "where"
    route = ask_after(shared_kb, "察右前旗修路花了多少钱", "从哪儿修到哪儿")
    assert route.answered and route.answer is not None
    assert "大土城村至集宁区" in route.answer.text


def test_a_route_fits_where_a_line_without_one_does_less():
    res = small_resources([ROAD, STATION], [])
    assert sentence_fit(res, "那条路从哪到哪", ROAD) == 1.0
    assert sentence_fit(res, "那条路从哪到哪", STATION) == ROUTELESS_FIT


def test_the_shown_paragraph_answers_without_the_conversations_topic_said_again(
        shared_kb: KnowledgeBase):
    # 恩和哈达 stays the conversation's topic across 暴风雪那次咋回事, whose paragraph
    # names only the 派出所 that went to the rescue
    first = shared_kb.ask("恩和哈达边境派出所啥时候建的")
    storm = shared_kb.ask("暴风雪那次咋回事", topic="恩和哈达", asked_before=first.intent,
                          article=first.passages[0].article_id)
    assert storm.answer is not None and "暴风雪" in storm.answer.text
    rescue = ask_after_answer(shared_kb, storm, "哪个所去救的", topic="恩和哈达")
    assert rescue.answer is not None and "东乌珠尔边境派出所" in rescue.answer.text


def test_a_weight_asked_is_not_answered_by_money(shared_kb: KnowledgeBase):
    query = shared_kb.understand("兴隆坡村西瓜亩产多少斤")
    assert query.unit is not None and query.unit.name == "weight"
    # the article gives the village's income from the melons, no yield
    assert not shared_kb.ask("兴隆坡村西瓜亩产多少斤").answered


def test_a_one_character_noun_ending_a_number_question_is_what_is_counted(
        shared_kb: KnowledgeBase):
    assert shared_kb.understand("甘其毛都口岸一年过多少车").counted == "车"
    # 10名党员民警代表 counts people, not vehicles
    assert not shared_kb.ask("甘其毛都口岸一年过多少车").answered
    roads = shared_kb.ask("察右前旗修了多少路")
    assert roads.answer is not None and "6条12.7公里" in roads.answer.text


def test_who_did_what_no_article_says_is_not_answered(shared_kb: KnowledgeBase):
    query = shared_kb.understand("板凳议事会的板凳是谁捐的")
    assert query.unsaid_action == "捐"
    assert not shared_kb.ask("板凳议事会的板凳是谁捐的").answered
    # a verb the articles use is no such thing
    assert shared_kb.understand("谁救的人").unsaid_action == ""


def test_a_kind_of_place_no_article_names_is_not_answered(shared_kb: KnowledgeBase):
    assert shared_kb.understand("乌海干部培训在哪个酒店住").absent_kind == "酒店"
    assert not shared_kb.ask("乌海干部培训在哪个酒店住").answered
    assert shared_kb.ask("甘其毛都口岸在哪个旗").answered


def test_a_village_asked_with_its_banner_counts_as_two_places(shared_kb: KnowledgeBase):
    query = shared_kb.understand("察右前旗大土城村那条路花了多少钱")
    words = [t.text for t in query.terms]
    assert "察右前旗" in words and "大土城村" in words
    road = shared_kb.ask("察右前旗大土城村那条路花了多少钱")
    assert road.answer is not None and "873万元" in road.answer.text


LEVELS = "巴彦淖尔市组织开展旗县区、社区、嘎查村6个层面党组织书记“擂台比武”活动。"
VILLAGES = "652个嘎查村以“惠民生”为主题，全要素打造坚强堡垒“模范”支部。"


def test_a_quantity_before_a_noun_of_its_own_counts_that_noun():
    res = small_resources([LEVELS, VILLAGES], [])
    assert sentence_fit(res, "嘎查村有多少个", VILLAGES) == 1.0
    assert sentence_fit(res, "嘎查村有多少个", LEVELS) < 1.0
    assert sentence_fit(res, "分了几个层面", LEVELS) == 1.0


def test_a_verb_of_growing_is_not_joined_to_the_place_before_it(shared_kb: KnowledgeBase):
    query = shared_kb.understand("他们村种的啥", topic="马鞍山村")
    assert "村种" not in [t.text for t in query.terms]
    crops = shared_kb.ask("他们村种的啥", topic="马鞍山村")
    assert crops.answer is not None and "山葡萄" in crops.answer.text


PAID = "女生在网上支付100块钱，马上就给退了110块钱。"
VILLAGES_AND_FARM = "我们丰镇镇有28个村和1个牧场，大部分都是留守老年人。"


def test_a_count_right_after_a_one_character_verb_answers_in_full():
    res = small_resources([PAID, VILLAGES_AND_FARM], [])
    assert sentence_fit(res, "她付了多少", PAID) == 1.0
    assert sentence_fit(res, "她付了多少", VILLAGES_AND_FARM) < 1.0
    # 有 only links a count to its thing: no verb of the question
    assert sentence_fit(res, "有多少", VILLAGES_AND_FARM) < 1.0


def test_an_elliptical_count_counts_the_thing_named_now(shared_kb: KnowledgeBase):
    query = shared_kb.understand("服务队呢", topic="新时代文明实践", asked_before="number")
    assert query.intent == "number" and query.counted == "服务队"
    # the conversation's topic is not what is counted
    hosts = shared_kb.understand("接待户呢", topic="王爷府", asked_before="number")
    assert hosts.counted == "接待户"
    teams = ask_after(shared_kb, "呼市新时代文明实践志愿者有多少", "服务队呢")
    assert teams.answer is not None and "3453支" in teams.answer.text


def test_how_old_someone_is_asks_an_age(shared_kb: KnowledgeBase):
    query = shared_kb.understand("她多大了")
    assert query.unit is not None and query.unit.name == "age"
    assert shared_kb.understand("广场多大").unit.name == "area"  # type: ignore[union-attr]


def test_a_list_of_a_kind_no_article_names_is_not_answered(shared_kb: KnowledgeBase):
    assert not shared_kb.ask("甘其毛都口岸主要进口哪些货物").answered
    assert shared_kb.ask("甘其毛都边检站跟哪些站组了共同体").answered


def test_which_road_is_answered_by_a_roads_name(shared_kb: KnowledgeBase):
    assert not shared_kb.ask("乌海市党员政治生活馆在哪条路上").answered
    street = shared_kb.ask("请问蒙元文化城小区是在哪条街上的")
    assert street.answer is not None and "和平街" in street.answer.text


def test_over_there_after_a_place_only_points_at_it(shared_kb: KnowledgeBase):
    how = ask_after(shared_kb, "乌兰察布那个亮晒比是干啥的", "察哈尔社区那边咋弄的")
    assert how.answered and how.answer is not None
    assert "亮明身份" in how.answer.text


def test_who_raised_a_quoted_question_is_the_person_right_after_it(shared_kb: KnowledgeBase):
    first = shared_kb.ask("板凳议事会是咋回事")
    lamps = shared_kb.ask("路灯坏了几盏", topic="板凳议事会", asked_before=first.intent,
                          article=first.passages[0].article_id)
    assert lamps.answer is not None and lamps.answer.text.startswith("“")
    who = ask_after_answer(shared_kb, lamps, "谁反映的", topic="板凳议事会")
    assert who.answer is not None and "郝三文" in who.answer.text


def test_the_decade_someone_was_born_in_is_answered_by_a_generation(shared_kb: KnowledgeBase):
    assert shared_kb.understand("那个书记几零后").intent == "when"
    born = ask_after(shared_kb, "板凳议事会是咋回事", "那个书记几零后")
    assert born.answer is not None and "90后" in born.answer.text
    res = small_resources([ROAD], [])
    assert sentence_fit(res, "她几零后", ROAD) == 0.0  # 今年 is no decade of birth


REGULAR = "富强村的李全生大爷是这里的常客，他常来喝茶。"
TEACHER = "旗委镇的杨大爷在这里开设了老年志愿服务班。"


def test_a_name_before_the_way_an_elder_is_addressed_is_a_persons():
    assert [REGULAR[a:b] for a, b in people(REGULAR)] == ["李全生"]
    # 杨大爷: a surname, no name; who he is, but not what a 叫啥 asks
    assert [TEACHER[a:b] for a, b in people(TEACHER)] == ["杨大爷"]
    res = small_resources([REGULAR, TEACHER], [])
    assert sentence_fit(res, "那个常客大爷叫啥", REGULAR) == 1.0
    assert sentence_fit(res, "开书画班的大爷叫啥", TEACHER) < 1.0


def test_a_firm_asked_for_is_answered_by_its_name_only(shared_kb: KnowledgeBase):
    assert shared_kb.understand("察右前旗修路的工程队是哪家").intent == "who"
    assert not shared_kb.ask("察右前旗修路的工程队是哪家").answered
    assert not shared_kb.ask("东禾太小区的路灯是哪个厂家生产的").answered
    firm = shared_kb.ask("蒙元文化城小区选的物业公司是哪家")
    assert firm.answer is not None and "蒙康物业公司" in firm.answer.text


def test_a_price_per_meal_and_days_off_are_not_read_off_other_numbers(
        shared_kb: KnowledgeBase):
    assert shared_kb.understand("一顿饭几块钱").intent == "number"
    assert not shared_kb.ask("杭锦旗为老服务餐厅一顿饭几块钱").answered
    days = shared_kb.understand("民警一年休几天假")
    assert days.unit is not None and days.unit.name == "duration"
    # 8月19日 is a date, no quantity of days
    assert not shared_kb.ask("边境派出所民警一年休几天假").answered


def test_a_year_asked_is_not_answered_by_a_weekday(shared_kb: KnowledgeBase):
    assert not shared_kb.ask("泥裤腿234是哪年开始的").answered  # 每周二三四 is no year
    started = shared_kb.ask("相约旗委哪年创建的")
    assert started.answer is not None and "2022年" in started.answer.text


def test_which_place_of_a_kind_is_the_one_the_line_shown_names(shared_kb: KnowledgeBase):
    first = shared_kb.ask("科尔沁分局那个高中女生差点被骗是咋回事")
    assert first.answer is not None and "龙庭小区" in first.answer.text
    which = ask_after_answer(shared_kb, first, "哪个小区的")
    assert which.answer is not None and "龙庭小区" in which.answer.text
