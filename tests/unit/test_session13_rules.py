"""The thirteenth session's rules, over small corpora and the shipped pages."""

from __future__ import annotations

from support.small_corpus import sentence_fit, small_resources

from retrieval.answer.knowledge import KnowledgeBase, Shown, _question_replied_to
from retrieval.answer.query import _unsaid_action, understand
from retrieval.answer.spans import answer_spans, is_admin_place, people, places
from retrieval.models import Article, Paragraph

HELD = "7月26日,在乌兰察布市党政大楼会议室里,一场述职会火热进行。"
BASE = "今年以来,呼伦贝尔边境管理支队在“忆苦思甜”教育基地多次举办党性锤炼培训班。"
TOWN = "呼伦贝尔边境管理支队在新巴尔虎左旗开展培训。"
LEVELS = "市县乡三级分三个环节逐级开展。"
SQUARE = "我们把村部广场当成宣传主阵地,给老百姓讲骗子的招数。"
TOLD = "这是民馨路街道党工委向居民作出的承诺。"
MOTHER = "家住民乐社区的赵女士也充满感激。"


def test_a_suffix_inside_another_word_is_no_admin_place():
    assert not is_admin_place("推进乡村振兴进程中")
    assert is_admin_place("喀喇沁旗马鞍山脚下")
    assert is_admin_place("包头市白云鄂博矿区社区东禾太小区")


def test_the_levels_of_the_map_and_kinds_of_area_are_no_places():
    assert places(LEVELS) == ()
    assert places("深入12个旗县区进行观摩") == ()
    assert places("农村牧区基层党组织") == ()
    assert places("支队辖区点多线长") == ()
    assert [TOWN[a:b] for a, b in places(TOWN)] == ["新巴尔虎左旗"]


def test_the_asked_place_repeated_says_nothing_of_where():
    """乌兰察布 asked: 乌兰察布市 in the sentence is no answer (only 市 is left of it)."""
    res = small_resources(["乌兰察布市统一设计了公开栏。", HELD], [])
    assert sentence_fit(res, "乌兰察布那个公开栏在哪设的", "乌兰察布市统一设计了公开栏。") < 1.0


def test_where_an_event_was_held_is_the_room_it_was_held_in():
    res = small_resources([HELD, "乌兰察布市统一设计了公开栏。"], [])
    assert sentence_fit(res, "乌兰察布那个述职会在哪开的", HELD) == 1.0
    # without 开/举办 a building says less than a town
    assert sentence_fit(res, "乌兰察布那个述职会在哪儿", HELD) < 1.0


def test_a_kind_of_venue_asked_is_answered_by_one_of_that_kind():
    res = small_resources([BASE, TOWN], [])
    assert sentence_fit(res, "呼伦贝尔支队的培训班在哪个基地办的", BASE) == 1.0
    assert sentence_fit(res, "呼伦贝尔支队的培训班在哪个基地办的", TOWN) < 1.0


def test_a_site_asked_is_answered_by_a_square():
    res = small_resources([SQUARE, "派出所民警在街上宣传反诈知识。"], [])
    assert sentence_fit(res, "哪儿是派出所反诈宣传的主阵地", SQUARE) == 1.0


def test_the_ones_spoken_to_are_no_role_asked_for():
    res = small_resources([TOLD, "居民代表刘某参加了会议。"], [])
    assert sentence_fit(res, "有困难就找党组织 这句承诺是谁跟居民许下的", TOLD) == 1.0


def test_a_surname_with_a_form_of_address_is_who_someone_is(shared_kb: KnowledgeBase):
    assert [MOTHER[a:b] for a, b in people(MOTHER)] == ["赵女士"]
    answer = shared_kb.ask("民乐社区那个说孩子放假没人照看的家长 是谁")
    assert answer.answer is not None and "赵女士" in answer.answer.text


REFUND = "女生在网上支付100块钱,马上就给退了110块钱。"
NURSE = "内蒙古医科大学附属医院皮肤科党支部的护士庞云霞也被封控在小区里。"
POINTS = "牙克石市建立7家公务员平时考核联系点,通过多维度考评。"


def test_a_pronoun_is_no_count_of_anything():
    res = small_resources([REFUND, "人家的事情"], [])
    query = understand("那个女生付了100块 人家退了她多少", res)
    assert query.counted == ""


def test_a_one_character_unit_ending_a_word_is_no_unit_asked():
    """派出所's 所 counts no institutions (nor 人家's 家 households)."""
    res = small_resources([REFUND], [])
    assert understand("派出所退了她多少", res).unit is None
    assert understand("建了几家联系点", res).unit is not None


def test_a_workplace_verb_never_vetoes_where():
    res = small_resources([NURSE, "呼和浩特市新冠肺炎疫情暴发。"], [])
    query = understand("庞云霞在哪里上班", res)
    assert _unsaid_action(query.normalized, query.intent, query.terms, res) == ""


def test_which_police_station_asks_who():
    res = small_resources(["罕达盖边境派出所举行党日活动。"], [])
    assert understand("祝福祖国那张图 是哪个派出所的", res).intent == "who"


def test_a_latin_greeting_before_a_question_is_no_word_of_it():
    res = small_resources([POINTS, "其他内容。"], [])
    assert all(t.text != "hi" for t in understand("hi 牙克石建了考核联系点吗", res).terms)
    assert understand("hi", res).intent == "small_talk"


DUCKS = "腌制咸鸭蛋是村民刘玉环的拿手绝活,“村两委”入户了解情况后,鼓励她发展蛋鸭养殖产业。"
IDEA = "今年以来,明星村以明星湖旅游度假区为依托,以‘田园+乐园+家园’为理念,以景观服务产业。"
FARMING = "明星村党支部引导村民充分利用明星湖的生态资源优势,发展集餐饮、娱乐为一体的农旅产业。"


def test_a_place_of_the_kind_asked_is_no_word_running_on(shared_kb: KnowledgeBase):
    """村里… after a line saying 是村民: no village named 腌制咸鸭蛋是村 is meant."""
    query = shared_kb.understand("村里搞农旅是个啥理念")
    assert shared_kb._with_place_meant(query, Shown(0, DUCKS)) is None
    assert shared_kb._with_place_meant(
        shared_kb.understand("社区住了多少人"), Shown(0, "察哈尔社区有居民1052户。")) == (
        "察哈尔社区住了多少人")


def test_which_villager_asks_no_place():
    res = small_resources([DUCKS, FARMING], [])
    assert understand("明星村党支部鼓励哪个村民养蛋鸭了", res).intent != "where"
    assert understand("这是哪个村", res).intent == "where"


ELDER = "在“晒晒”志愿服务队的帮助下,万沟村60多岁的李爱兰学会了用智能电话与家人视频聊天。"
SALUTE = "近日,呼伦贝尔边境管理支队罕达盖边境派出所举行党日活动,民警在界碑前向国旗敬礼。"
BASES = "在恩和哈达边境派出所和呼和哈达边境派出所精心打造两个教育基地。"
LAMPS = "“东禾太小区有3盏路灯不亮了,能不能找人修一下?”居民郝三文有些着急了。"
REPLY = "“别着急,已经找人拆下来去返厂维修了。”社区第一书记苏珊耐心回答道。"


def test_a_name_after_an_age_is_a_person():
    assert [ELDER[a:b] for a, b in people(ELDER)][-1] == "李爱兰"
    res = small_resources([ELDER, "志愿服务队开展活动。"], [])
    assert sentence_fit(res, "晒晒志愿服务队帮了谁", ELDER) == 1.0


def test_a_body_asked_before_a_role_asks_for_the_body():
    res = small_resources([SALUTE, "民警张某在界碑前站岗。"], [])
    assert sentence_fit(res, "在界碑前向国旗敬礼的是哪个派出所的民警", SALUTE) == 1.0


def test_built_at_which_station_asks_where_and_keeps_the_station():
    res = small_resources([BASES, "教育基地建设。"], [])
    query = understand("边境支队那俩教育基地建在哪个派出所了", res)
    assert query.intent == "where"
    assert [BASES[a:b] for a, b in answer_spans(BASES, query)] == [
        "恩和哈达边境派出所和呼和哈达边境派出所"]


def test_a_rate_asked_is_a_share_though_it_ends_a_word():
    res = small_resources(["满意率至少能达到98%。"], [])
    query = understand("住宅楼小区居民满意率有多少", res)
    assert query.unit is not None and query.unit.name == "share"


def test_a_reply_is_read_with_the_question_it_answers(shared_kb: KnowledgeBase):
    article = Article(0, "题", "", "", "x.txt", (LAMPS, REPLY, "社区书记王某表示。"))
    paragraphs = [Paragraph(i, 0, i, text) for i, text in enumerate(article.paragraphs)]
    assert _question_replied_to(article, paragraphs[1]) == LAMPS
    assert _question_replied_to(article, paragraphs[2]) == ""
    assert _question_replied_to(article, paragraphs[0]) == ""
    answer = shared_kb.ask("白云鄂博东禾太小区路灯坏了 回答居民的那个书记叫啥")
    assert answer.answer is not None and "苏珊" in answer.answer.text


def test_a_month_with_份_or_起_is_a_date():
    from retrieval.answer.spans import dates
    for sentence, date in (("今年5月份,我购买了600只鸭雏。", "今年5月份"),
                           ("自8月起,机关党委已连续为党员庆生。", "8月起")):
        assert date in [sentence[a:b] for a, b in dates(sentence)], sentence


def test_a_remembered_person_bounds_the_article_but_weighs_nothing_when_another_is_asked():
    res = small_resources([DUCKS, "明星村党支部书记宋庆林说。"], [])
    res = res.__class__(res.forms, res.tokenizer, res.names.__class__.build(
        [], [], "刘玉环 宋庆林", ["刘玉环", "宋庆林"]), res.document_frequency,
        res.phrase_frequency, res.n_docs)
    who = understand("是谁提的", res, topic="刘玉环")
    assert who.names[:1] == ("刘玉环",) and not any(t.text in "刘玉环" for t in who.terms)
    # nothing of its own asked: the question is about her
    age = understand("多大年纪了", res, topic="刘玉环")
    assert any(t.text in "刘玉环" for t in age.terms)


def test_when_something_began_is_the_date_it_runs_from():
    since = "自今年8月起,机关党委已连续为62名党员庆祝政治生日。"
    month = "18名入党日在12月份的党员干部胸前佩戴党徽。"
    res = small_resources([since, month], [])
    assert sentence_fit(res, "政治生日从啥时候开始的", since) == 1.0
    assert sentence_fit(res, "政治生日从啥时候开始的", month) < 1.0
    assert sentence_fit(res, "政治生日是啥时候", month) == 1.0


def test_what_else_is_never_the_line_just_shown(shared_kb: KnowledgeBase):
    first = shared_kb.ask("察右前旗修路花了多少钱")
    assert first.answer is not None and "873万元" in first.answer.text
    shown = Shown(first.passages[0].paragraph_id, first.answer.text)
    again = shared_kb.ask("今年还干了啥路", topic="察右前旗", asked_before=first.intent,
                          article=first.passages[0].article_id, shown=shown)
    assert again.answer is not None and "873万元" not in again.answer.text


def test_a_mistyped_town_or_banner_is_the_one_the_articles_name(shared_kb: KnowledgeBase):
    names = shared_kb._admin_place_names
    assert "武川县" in names and "四子王旗" in names
    assert not {"我们社区", "责任区", "开展嘎查"} & set(names)  # phrases, no names
    answer = shared_kb.ask("武穿县三道河村养的啥羊")
    assert answer.topic is not None and answer.topic.name == "武川县"
    assert answer.topic.source == "near_name" and answer.answered



def test_a_place_is_matched_only_when_mistyped_the_way_it_sounds():
    from retrieval.answer.names import NameIndex
    corpus = "武川县上套乡的村民。四子王旗举办活动。"
    index = NameIndex.build([], [], corpus, typo_only=["武川县", "四子王旗"])
    assert [m.name for m in index.near("武穿县养的啥羊")[0]] == ["武川县"]
    assert index.near("武川县养的啥羊") == ([], [])  # written right: no near-name
    assert index.near("四子王旗搞了啥")[0] == []  # a character more: no slip
    assert index.near("四子黄旗搞了啥") == ([], [])  # another sound: neither
