"""Follow-ups over the shipped pages: what a conversation's earlier answer lets a short
question mean (retrieval/answer/knowledge.py ask, with topic / asked_before / article)."""

from __future__ import annotations

from retrieval.answer.knowledge import KnowledgeBase
from retrieval.models import Shown


def _after(kb: KnowledgeBase, first: str, question: str):
    before = kb.ask(first)
    assert before.answered and before.topic is not None and before.passages
    return before, kb.ask(question, topic=before.topic.name, asked_before=before.intent,
                          article=before.passages[0].article_id)


def test_a_pronoun_refers_to_the_answer_before(shared_kb: KnowledgeBase):
    """她 is the person of the 板凳议事会 article: answered there, not left unanswered."""
    before, answer = _after(shared_kb, "啥叫板凳议事会啊", "她是哪年来社区的")
    assert answer.answered and answer.answer is not None
    assert "2020年年底" in answer.answer.text
    assert answer.passages[0].article_id == before.passages[0].article_id


def test_a_question_naming_nothing_stays_in_the_article(shared_kb: KnowledgeBase):
    """民警劝了多久 after the 反诈 answer: the 1个多小时 of that article, not another
    article's 民警 with a date in it (asked alone too, since the eighth session: a date's
    8月 or 19日 is no quantity of the time asked)."""
    before, answer = _after(shared_kb, "科尔沁那边反诈都谁在搞", "民警劝了多久")
    assert answer.answer is not None and "1个多小时" in answer.answer.text
    assert answer.passages[0].article_id == before.passages[0].article_id
    alone = shared_kb.ask("民警劝了多久")
    assert alone.answer is not None and "1个多小时" in alone.answer.text


def test_staff_are_found_however_written(shared_kb: KnowledgeBase):
    """帮办代办员 (the articles: 帮办代办人员) and 考核 (the articles: 过关)."""
    _, answer = _after(shared_kb, "三减三优是个啥东西", "那帮办代办员上岗前要考核不")
    assert answer.answered and answer.answer is not None
    assert "过关一个上岗一个" in answer.answer.text


def test_a_count_by_its_noun_before_the_measure_word(shared_kb: KnowledgeBase):
    """窗口设几个: the sentence with 1个综合窗口, not one with 乡村两级 and no count."""
    _, answer = _after(shared_kb, "三减三优是个啥东西", "村里窗口现在设几个")
    assert answer.answer is not None and "1个综合窗口" in answer.answer.text


def test_a_village_follow_up_thread(shared_kb: KnowledgeBase):
    """多布库尔猎民村: 搞了个啥景区 names the 景区 (not the 书记 who told the reporter);
    谁牵头建的 keeps 牵头 as a word and answers 党支部 (not 党支部书记何泽承, 党 being a
    surname); 效果咋样 counts the visitors; 房子有没有修 finds 房舍 (the articles' word)."""
    first = shared_kb.ask("多布库尔猎民村搞了个啥景区")
    assert first.answer is not None and "一心一带五区" in first.answer.text
    assert first.topic is not None
    article = first.passages[0].article_id

    def then(question: str):
        assert first.topic is not None
        return shared_kb.ask(question, topic=first.topic.name, asked_before=first.intent,
                             article=article)

    who = then("谁牵头建的")
    assert who.answer is not None and who.answer.text.startswith("党支部牵头")
    effect = then("效果咋样")
    assert effect.answer is not None and "11万余人" in effect.answer.text
    houses = then("房子有没有修")
    assert houses.answered and houses.answer is not None
    assert "31栋房舍" in houses.answer.text


def test_everyday_words_for_what_the_articles_name(shared_kb: KnowledgeBase):
    """哪个单位 asks who (a body, not a place); 娃娃 are the articles' 少先队员; 党支部 is a
    支部委员会 (with its term of office)."""
    cases = {"政治生日是哪個單位在搞": "自治区政府办公厅",
             "王爷府来的那批娃娃有多少个": "40余名",
             "党支部每届干几年": "三年至五年"}
    for question, expected in cases.items():
        answer = shared_kb.ask(question)
        assert answer.answer is not None and expected in answer.answer.text, question
    assert shared_kb.ask("政治生日是哪個單位在搞").intent == "who"


def test_a_village_among_villages(shared_kb: KnowledgeBase):
    """巴音乌素嘎查 is the topic (not 嘎查, a kind of place); 一年多少 is its 54万元; 希日摩仁
    嘎查呢 is not answered with 巴音乌素嘎查's sentence of the same paragraph, and, its
    income not being told, gets what the article does say about it."""
    first = shared_kb.ask("巴音乌素嘎查靠啥挣钱")
    assert first.topic is not None and first.topic.name == "巴音乌素嘎查"
    article = first.passages[0].article_id
    income = shared_kb.ask("一年多少", topic=first.topic.name, asked_before=first.intent,
                           article=article)
    assert income.answer is not None and "54万元" in income.answer.text
    other = shared_kb.ask("希日摩仁嘎查呢", topic=first.topic.name,
                          asked_before=income.intent, article=article)
    assert other.answer is not None and "积分制" in other.answer.text
    assert "巴音乌素" not in other.answer.text


def test_a_name_jieba_cuts_to_pieces_is_one_word(shared_kb: KnowledgeBase):
    query = shared_kb.understand("萨哈拉塔拉嘎查的牧民做啥手艺")
    assert "萨哈拉塔拉嘎查" in [t.text for t in query.terms]
    # words the articles also use apart stay apart (育苗 + 基地)
    nursery = shared_kb.understand("锦山镇育苗基地一年能育多少苗")
    assert "育苗基地" not in [t.text for t in nursery.terms]


def test_what_someone_said_is_a_quote(shared_kb: KnowledgeBase):
    """村民咋说的 after the 大土城村 road: the villager's words in that article (咋说 is the
    question's form, not part of a word 村民说); 企业老板咋评价的 after 李波: the company's
    quote, though the paragraph naming 企业 most is another."""
    _, villagers = _after(shared_kb, "大土城村的路修了多长", "村民咋说的")
    assert villagers.answer is not None and "不愁卖了" in villagers.answer.text
    _, boss = _after(shared_kb, "李波推的是哪家公司的项目", "那企业老板对这事咋评价的")
    assert boss.answer is not None and "全程服务" in boss.answer.text
    assert shared_kb.understand("村民咋说的").speech
    assert not shared_kb.understand("村民咋报名").speech


def test_a_place_alone_makes_no_yes_or_no_answer(shared_kb: KnowledgeBase):
    """集宁 is in the articles, rain is not: nothing says yes or no."""
    assert not shared_kb.ask("那帮我查下后天集宁下不下雨").answered
    assert shared_kb.ask("多布库尔猎民村冬天有暖气吗").answered  # what is asked is there


def test_two_questions_without_a_question_mark(shared_kb: KnowledgeBase):
    first, second = shared_kb.ask_all("刘玉环买了多少只小鸭 卖不了的蛋咋办")
    assert first.answer is not None and "600只" in first.answer.text
    assert second.answer is not None and "咸鸭蛋" in second.answer.text


def test_a_person_asked_about_is_the_conversations_topic(shared_kb: KnowledgeBase):
    """趙樹峰是誰 → 他说了啥: his words (the topic is the person; 感慨道 follows a name)."""
    first = shared_kb.ask("趙樹峰是誰")
    assert first.topic is not None and first.topic.name == "赵树峰"
    _, said = _after(shared_kb, "趙樹峰是誰", "他说了啥")
    assert said.answer is not None and "轻装上阵" in said.answer.text


def test_a_role_and_name_before_how_they_said_it(shared_kb: KnowledgeBase):
    """业委会主任王景江自豪地说: 自 ends the name; the 主任 is named."""
    _, chair = _after(shared_kb, "教育局住宅楼小区以前啥情况", "业委会主任叫啥")
    assert chair.answer is not None and "王景江" in chair.answer.text


def test_a_verb_phrase_with_a_negation_is_no_unknown_name(shared_kb: KnowledgeBase):
    """干不动活 is 干 不 动 活, not an unknown word that vetoes; 那些 points back."""
    query = shared_kb.understand("那些干不动活的老人咋弄", topic="公忽洞村")
    assert "干不动活" not in [t.text for t in query.terms]
    assert query.topic is not None and query.topic.source == "conversation"


def test_english_courtesy_is_no_unknown_word(shared_kb: KnowledgeBase):
    answer = shared_kb.ask("阿拉善那个派出所开着啥车给牧民送水 thx")
    assert answer.answer is not None and "党员先锋服务车" in answer.answer.text


def test_a_misspelt_name_around_a_shorter_known_one(shared_kb: KnowledgeBase):
    """板凳意事会: 板凳 is a known (quoted) word, but the name asked is 板凳议事会."""
    query = shared_kb.understand("板凳意事会现在咋开的")
    assert query.topic is not None
    assert (query.topic.name, query.topic.source) == ("板凳议事会", "near_name")


def test_the_name_an_answer_gives_is_the_next_topic(shared_kb: KnowledgeBase):
    """旗委镇搞的关爱老人项目叫啥: the answer names 相约旗委 (the quoted one of the two
    initiatives its sentence names), and 谁负责的 is about it: the person of that article
    (not 基层治理新局面, which is no 局)."""
    first = shared_kb.ask("旗委镇搞的关爱老人项目叫啥")
    assert first.topic is not None and first.topic.name == "相约旗委"
    _, who = _after(shared_kb, "旗委镇搞的关爱老人项目叫啥", "谁负责的")
    assert who.answer is not None
    assert "霍淑悦" in who.answer.text or "新时代文明实践所" in who.answer.text


def test_a_list_naming_the_topic_among_others_is_no_list_of_its_own(shared_kb: KnowledgeBase):
    """他们后来解决了哪些问题 after 板凳议事会: not 刘刚's list of platforms it is one of."""
    _, solved = _after(shared_kb, "啥叫板凳议事会啊", "他们后来解决了哪些问题")
    assert solved.answer is not None and "民情恳谈会" not in solved.answer.text


def test_what_a_village_secretary_said(shared_kb: KnowledgeBase):
    """村支书 is the articles' 村党支部书记; 我们村… is his voice (first person in a news text)."""
    answer = shared_kb.ask("乃玛岱村支书比武时说了啥")
    assert answer.answer is not None and "葵花籽色选厂" in answer.answer.text


def test_how_many_roads_after_the_road_answer(shared_kb: KnowledgeBase):
    """多少条路 counts 路 (one character after a measure word): the 24条 of 道路."""
    assert shared_kb.understand("养护了多少条路").counted == "路"
    _, roads = _after(shared_kb, "大土城村的路修了多长", "养护了多少条路")
    assert roads.answer is not None and "24条" in roads.answer.text


def test_why_after_what_was_done(shared_kb: KnowledgeBase):
    """为啥要送水 after the water delivery: the drought before it in the paragraph."""
    assert shared_kb.understand("为啥要送水").reason
    _, why = _after(shared_kb, "阿拉善那个派出所开着啥车给牧民送水", "为啥要送水")
    assert why.answer is not None and "人畜饮水困难" in why.answer.text


def test_a_pronoun_keeps_the_question_on_its_person(shared_kb: KnowledgeBase):
    """他推的项目投资多少 after 李波是谁: his article does not say, and another article's
    投资 is no answer; 那个女生… names its own subject and may still be answered alone."""
    before, invested = _after(shared_kb, "李波是谁", "他推的项目投资多少")
    assert not invested.answered or (
        invested.passages[0].article_id == before.passages[0].article_id)
    _, girl = _after(shared_kb, "揭榜挂帅是啥", "那个女生刷单先付了多少钱")
    assert girl.answer is not None and "100块钱" in girl.answer.text


def test_only_words_every_article_uses_make_a_follow_up(shared_kb: KnowledgeBase):
    """有多少党员参加 after 亮晒比: 党员 (in many paragraphs) names no topic of its own; a
    rarer word does (网格员)."""
    query = shared_kb.understand("有多少党员参加", topic="亮晒比")
    assert query.topic is not None and query.topic.source == "conversation"
    assert shared_kb.understand("有多少党员参加").topic is None
    assert shared_kb.understand("网格员是干啥的", topic="亮晒比").topic is None


def test_a_vague_follow_up_gets_something_new(shared_kb: KnowledgeBase):
    """他们平时干啥 right after 红色小马甲是干嘛的: not the definition again; 在哪个街道
    may be answered by a sentence already quoted (it holds the place)."""
    first = shared_kb.ask("红色小马甲是干嘛的")
    assert first.answer is not None and first.topic is not None
    shown = Shown(first.passages[0].paragraph_id, first.answer.text)
    again = shared_kb.ask("他们平时干啥", topic=first.topic.name, shown=shown,
                          article=first.passages[0].article_id)
    assert again.answered and again.answer is not None
    assert again.answer.text != first.answer.text


def test_a_question_the_articles_cannot_answer_alone_is_tried_on_the_topic(
        shared_kb: KnowledgeBase):
    """送了啥礼物 after 政治生日是啥: the 贺卡 of that article (礼物 ~ 贺卡), said to be about
    the conversation's topic; a price the article lacks stays unanswered."""
    _, gift = _after(shared_kb, "政治生日是啥", "送了啥礼物")
    assert gift.answered and gift.answer is not None and "贺卡" in gift.answer.text
    assert gift.topic is not None and gift.topic.source == "conversation"
    assert not shared_kb.ask("送了啥礼物").answered  # without the conversation


def test_the_person_who_answers_a_who_question_is_the_topic_next(shared_kb: KnowledgeBase):
    """谁… answered by 李晓静: 哪个社区的 is then about her (not a question to ask back)."""
    before, answer = _after(shared_kb, "赤峰那个打快板讲党课的书记是谁", "哪个社区的")
    assert before.topic is not None and before.topic.name == "李晓静"
    assert before.topic.source == "answer"
    assert answer.answer is not None and "佳顺社区" in answer.answer.text


def test_a_time_of_day_is_not_answered_by_a_year(shared_kb: KnowledgeBase):
    """几点开门 wants an hour: a 呼和浩特 paragraph saying 2018年以来 does not answer it."""
    assert not shared_kb.ask("呼和浩特市第一医院几点开门").answered
    assert shared_kb.ask("谢了").small_talk == "thanks"


def test_who_said_it_is_the_speaker_of_the_line_shown(shared_kb: KnowledgeBase):
    """哪个村的书记说的 after the 山葡萄 answer (据马鞍山村党总支书记刘叶阳介绍，…): that
    paragraph, whose words are too common to be searched up, not another village."""
    before, _ = _after(shared_kb, "喀拉沁旗山葡萄种了多少", "一亩能多挣多少钱")
    assert before.answer is not None
    shown = Shown(before.passages[0].paragraph_id, before.answer.text)
    answer = shared_kb.ask("哪个村的书记说的", topic=before.topic.name,
                           asked_before=before.intent,
                           article=before.passages[0].article_id, shown=shown)
    assert answer.answer is not None and "马鞍山村" in answer.answer.text
    unseen = shared_kb.ask("哪个村的书记说的", topic=before.topic.name,
                           article=before.passages[0].article_id)
    assert unseen.answer is None or "马鞍山村" not in unseen.answer.text


def test_who_started_it_is_the_person_the_article_is_about(shared_kb: KnowledgeBase):
    """谁搞起来的 about 板凳议事会: 苏珊, whom the article follows, not the official who
    closes it (刘刚表示…)."""
    _, answer = _after(shared_kb, "板凳议事会是干啥用的", "谁搞起来的")
    assert answer.answer is not None and "苏珊" in answer.answer.text


def _shown(answer) -> Shown:
    assert answer.answer is not None and answer.passages
    return Shown(answer.passages[0].paragraph_id, answer.answer.text)


def test_who_said_it_is_the_speaker_after_the_quote(shared_kb: KnowledgeBase):
    """谁说的 after the quoted 我们设置了5个方面30项考核指标…: the sentence naming who
    said it (刘永忠), not another sentence of the paragraph that names a body."""
    first = shared_kb.ask("乌兰察布的红黑榜是干嘛的")
    assert first.topic is not None
    second = shared_kb.ask("考核指标设了多少项", topic=first.topic.name,
                           asked_before=first.intent, article=first.passages[0].article_id)
    assert second.answer is not None and "30项" in second.answer.text
    who = shared_kb.ask("谁说的", topic=first.topic.name, asked_before=second.intent,
                        article=second.passages[0].article_id, shown=_shown(second))
    assert who.answer is not None and "刘永忠" in who.answer.text


def test_a_pointing_question_without_a_topic_is_answered_in_the_article(
        shared_kb: KnowledgeBase):
    """这个派出所归哪个支队管, in reply to an answer that named no topic: that answer's
    article (阿拉善边境管理支队), not a question asked back; without the article, asked back."""
    first = shared_kb.ask("苏宏图边境派出所送水是咋回事")
    assert first.answered
    answer = shared_kb.ask("这个派出所归哪个支队管", article=first.passages[0].article_id,
                           shown=_shown(first))
    assert answer.answer is not None and "阿拉善边境管理支队" in answer.answer.text
    assert shared_kb.ask("这个派出所归哪个支队管").needs_topic


def test_a_follow_up_finds_the_paragraph_bm25_left_out(shared_kb: KnowledgeBase):
    """一亩地能多挣多少 after the 山葡萄 answer: the paragraph says 亩均增收1000元 but not
    喀喇沁旗, the topic BM25 weighs most; the conversation's article still answers."""
    before, answer = _after(shared_kb, "喀喇沁旗马鞍山村山葡萄种了多大面积", "一亩地能多挣多少")
    assert answer.answered and answer.answer is not None
    assert "1000元" in answer.answer.text
    assert answer.passages[0].article_id == before.passages[0].article_id
    # a question of its own (no conversation) is not answered from that paragraph
    alone = shared_kb.ask("一亩地能多挣多少")
    assert not alone.answered or "1000元" not in (alone.answer.text if alone.answer else "")


def test_a_follow_up_takes_no_passage_covering_less_of_it(shared_kb: KnowledgeBase):
    """希日摩仁嘎查呢 after 一年多少: the article's 16名 answers 多少 but says nothing of
    希日摩仁嘎查; what the article says of that village comes first."""
    before, answer = _after(shared_kb, "巴音乌素嘎查靠啥挣钱", "一年多少")
    assert answer.answer is not None and "54万元" in answer.answer.text
    then = shared_kb.ask("希日摩仁嘎查呢", topic=answer.topic.name if answer.topic else None,
                         asked_before=answer.intent, article=before.passages[0].article_id)
    assert then.answer is not None and "积分制" in then.answer.text


def test_a_follow_up_with_no_word_of_its_own_stays_with_what_was_said(
        shared_kb: KnowledgeBase):
    """建在哪儿了 after the two bases' names: where those were built (恩和哈达边境派出所, a
    building: less of a where-answer than a town), not a town of another article."""
    before, answer = _after(shared_kb, "呼伦贝尔边境管理支队弄的两个教育基地叫啥名", "建在哪儿了")
    assert before.answer is not None and "忆苦思甜" in before.answer.text
    assert answer.answer is not None and "恩和哈达边境派出所" in answer.answer.text
    assert answer.passages[0].article_id == before.passages[0].article_id


def test_the_articles_unsearched_paragraphs_come_after_its_ranked_ones(
        shared_kb: KnowledgeBase):
    """种了多少亩啊 after the 马鞍山村 answer: the ranked 3500亩 passage (the best fit,
    promoted first) stays first; the article's paragraphs BM25 did not find come after
    the ranked ones, not interleaved by value (13个旅游村 fits a count of 亩 less)."""
    _, answer = _after(shared_kb, "喀喇沁旗马鞍山村山葡萄种了多大面积", "种了多少亩啊")
    assert answer.answer is not None and "3500亩" in answer.answer.text


def test_a_yes_no_whose_predicate_the_articles_lack_is_not_answered(
        shared_kb: KnowledgeBase):
    """那些文明实践站周末开门不: what is asked of the 实践站 (周末开门) is in no article, so
    a passage about 实践站 cannot say yes or no; 揭榜挂帅报名有没有年龄限制 asks 限制,
    a word of theirs (不限年龄), and stays answered."""
    from retrieval.answer.knowledge import yes_no_predicate

    query = shared_kb.understand("呼市那些文明实践站周末开门不", topic="新时代文明实践")
    assert [t.text for t in yes_no_predicate(query, query.asked_terms)] == ["周末", "开门"]
    assert not shared_kb.ask("呼市那些文明实践站周末开门不", topic="新时代文明实践",
                             asked_before="definition").answered
    limit = shared_kb.ask("揭榜挂帅报名有没有年龄限制")
    assert limit.answer is not None and "不限年龄" in limit.answer.text


def test_he_is_the_one_person_the_answer_named(shared_kb: KnowledgeBase):
    """他是啥身份 replying to the answer naming 王春秋: his role, not a sentence about
    身份 or the article's first line; without the shown line, 他 names nobody."""
    before = shared_kb.ask("吉庆社区下水堵了冒水 谁找人来通的")
    assert before.answered and before.answer is not None and "王春秋" in before.answer.text
    shown = Shown(before.passages[0].paragraph_id, before.answer.text)
    kwargs = {"topic": before.topic.name if before.topic else None,
              "asked_before": before.intent, "article": before.passages[0].article_id}
    answer = shared_kb.ask("他是啥身份", shown=shown, **kwargs)
    assert answer.answer is not None and "红色物业委员会委员" in answer.answer.text
    unshown = shared_kb.ask("他是啥身份", **kwargs)
    assert unshown.answer is None or "红色物业委员会委员" not in unshown.answer.text


def test_what_people_thought_is_what_they_said(shared_kb: KnowledgeBase):
    """修完村里人觉得咋样: a villager's words (a quote), not the kilometres built; and a
    quoted name (“铸牢中华民族共同体意识”) is no quote, 大家纷纷表示，… is."""
    _, answer = _after(shared_kb, "察右前旗2023年通自然村的硬化路修了几条", "修完村里人觉得咋样")
    assert answer.answer is not None and "舒心又顺畅" in answer.answer.text
    lecture = shared_kb.ask("史国辉那场讲座 大家听完觉得咋样")
    assert lecture.answer is not None and "纷纷表示" in lecture.answer.text


def test_who_takes_part_may_be_groups_of_people(shared_kb: KnowledgeBase):
    """都谁来评: 个人评、群众评、专班评 (groups, no names) answers it."""
    _, answer = _after(shared_kb, "牙克石那边搞公务员平时考核 设了几个点", "都谁来评啊")
    assert answer.answered and answer.answer is not None
    assert "群众评" in answer.answer.text


def test_who_chooses_and_who_approves(shared_kb: KnowledgeBase):
    """谁来选 / 咋产生的: the 由党员大会选举产生 clause; 报谁批: 应报上级党组织批准, not a
    sentence naming some 书记 (the role asked about is not the person asked for)."""
    for question in ("支部委员会谁来选", "基层党委是咋产生的"):
        answer = shared_kb.ask(question)
        assert answer.answer is not None and "选举产生" in answer.answer.text, question
    chosen, approver = shared_kb.ask_all("支部委员会谁来选？书记选出来要报谁批？")
    assert chosen.answer is not None and "选举产生" in chosen.answer.text
    assert approver.answer is not None and "上级党组织批准" in approver.answer.text


def test_a_wall_talked_about_and_what_is_painted_on_it(shared_kb: KnowledgeBase):
    """墙上都画些啥 after the 文化墙 answer: 画 stays a word (些啥 takes only itself) and
    the answer names what the walls show."""
    before = shared_kb.ask("呼市搞文明实践画文化墙 画了多少个村")
    assert before.passages
    answer = shared_kb.ask("墙上都画些啥", asked_before=before.intent,
                           article=before.passages[0].article_id)
    assert answer.answer is not None and "草原英雄小姐妹" in answer.answer.text


def test_which_leader_said_it_is_who_said_the_line_shown(shared_kb: KnowledgeBase):
    """这话是哪个领导说的, replying to the 132个 line: the sentence naming its speaker
    (副部长彭立新说), though it says 副部长, not 领导."""
    before = shared_kb.ask("赤峰比武争星那个观摩拉练 一共去了多少个乡镇书记")
    assert before.answer is not None and before.topic is not None
    shown = Shown(before.passages[0].paragraph_id, before.answer.text)
    answer = shared_kb.ask("这话是哪个领导说的", topic=before.topic.name,
                           asked_before=before.intent,
                           article=before.passages[0].article_id, shown=shown)
    assert answer.answer is not None and "彭立新" in answer.answer.text


def test_the_city_and_its_department_heads_in_everyday_words(shared_kb: KnowledgeBase):
    """市里组织部长 is the articles' 市委…组织部部长: what he said is found."""
    answer = shared_kb.ask("巴彦淖尔市里组织部长对用干部是咋说的")
    assert answer.answer is not None and "看实绩用干部" in answer.answer.text


def test_she_is_the_person_named_and_what_she_earns_is_an_amount(shared_kb: KnowledgeBase):
    """她今年能挣多少 after the line naming 刘玉环: 刘玉环 is no counted noun, and 4万多块
    (多 after 万) is an amount of money."""
    before = shared_kb.ask("突泉明星村那个腌咸鸭蛋的大姐叫啥")
    assert before.answer is not None and "刘玉环" in before.answer.text
    shown = Shown(before.passages[0].paragraph_id, before.answer.text)
    answer = shared_kb.ask("她今年能挣多少", topic=before.topic.name if before.topic else None,
                           asked_before=before.intent,
                           article=before.passages[0].article_id, shown=shown)
    assert answer.answer is not None and "4万多块" in answer.answer.text
