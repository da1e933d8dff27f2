"""Single everyday questions over the shipped pages: words people use for what the
articles say otherwise (retrieval/answer/question_forms.yaml synonyms)."""

from __future__ import annotations

from retrieval.answer.knowledge import KnowledgeBase


def test_fewer_than_and_company_as_the_articles_write_them(shared_kb: KnowledgeBase):
    """不到3个 is the articles' 少于3名, 物业公司 their 物业企业: the rule for small ones."""
    answer = shared_kb.ask("物业公司党员不到3个，党组织咋建?")
    assert answer.answered and answer.passages
    assert "少于3名党员" in answer.passages[0].paragraph


def test_who_sent_the_question_is_no_part_of_it(shared_kb: KnowledgeBase):
    """领导让我问下 is a filler (领导 would be a heavy word); 老百姓 are the articles' 群众."""
    query = shared_kb.understand("领导让我问下 文明实践志愿服务活动给老百姓带来了啥好处")
    assert "领导" not in [t.text for t in query.terms]
    answer = shared_kb.ask("领导让我问下 文明实践志愿服务活动给老百姓带来了啥好处")
    assert answer.answer is not None and "增强了群众的获得感" in answer.answer.text


def test_where_an_event_was_held_is_the_place_by_its_name(shared_kb: KnowledgeBase):
    """述职會在哪開的 (traditional characters): the line keeps the clause with the venue,
    not the one about who reported."""
    answer = shared_kb.ask("乌兰察布那個述职會在哪開的")
    assert answer.answer is not None and "党政大楼" in answer.answer.text


def _term(kb: KnowledgeBase, question: str, word: str):
    return next(t for t in kb.understand(question).terms if t.text == word)


def test_a_phrase_of_known_parts_is_no_missing_topic(shared_kb: KnowledgeBase):
    """养羊 (a verb and 羊), 坐轮椅 (a verb and 轮椅), 理论课 (a kind of 课 about 理论):
    the articles lack the phrase, not what it is about; 护照 stays a word they lack."""
    for question, word, part in (("武川县养羊的那个村叫啥来着", "养羊", "羊"),
                                 ("给坐轮椅那个老人家弄了啥", "坐轮椅", "轮椅"),
                                 ("乌海干部培训理论课占多少", "理论课", "理论")):
        term = _term(shared_kb, question, word)
        assert not term.absent_noun and part in term.alternatives
    assert _term(shared_kb, "护照怎么办", "护照").absent_noun
    assert not shared_kb.ask("护照怎么办").answered
    answer = shared_kb.ask("乌海干部培训理论课占多少")
    assert answer.answer is not None and "70%" in answer.answer.text


def test_the_village_asked_by_name_is_a_place(shared_kb: KnowledgeBase):
    """那个村叫啥 asks where (a village's name), not who; 大姐 points at a person."""
    answer = shared_kb.ask("武川县养羊的那个村叫啥来着")
    assert answer.intent == "where"
    assert answer.answer is not None and "三道河村" in answer.answer.text
    assert not _term(shared_kb, "腌咸鸭蛋那个大姐一年挣多少", "大姐").topical


def test_a_verb_of_saying_stays_apart_from_who_says(shared_kb: KnowledgeBase):
    """书记说 is written together in 党委书记说。, but 书记 is what is asked about."""
    words = [t.text for t in shared_kb.understand("哪个村的书记说的").terms]
    assert "书记" in words and "书记说" not in words


def test_an_amount_asked_alone_is_answered_by_that_amount(shared_kb: KnowledgeBase):
    """花了多少钱 counts nothing but money: 投资873万元, not 6条12.7公里 of road."""
    answer = shared_kb.ask("察右前旗修路花了多少钱")
    assert answer.answer is not None and "873万元" in answer.answer.text


def test_who_it_is_for_is_a_group_of_people(shared_kb: KnowledgeBase):
    """雏雁行动是针对谁的: 年轻干部“雏雁”行动 names whom it is for; no name is asked."""
    answer = shared_kb.ask("雏雁行动是针对谁的")
    assert answer.answered and answer.answer is not None
    assert "年轻干部" in answer.answer.text


def test_who_it_is_made_of_is_the_clause_that_says_so(shared_kb: KnowledgeBase):
    """宣讲团是谁组成的: 由青年民警和讲解员组成的宣讲团, not the sentence naming the 支队."""
    answer = shared_kb.ask("呼伦贝尔边境管理支队宣讲团是谁组成的")
    assert answer.answer is not None and "青年民警和讲解员" in answer.answer.text


def test_how_many_that_day_is_not_a_running_total(shared_kb: KnowledgeBase):
    """政治生日那天都来了多少人: the 18名 of that morning, not 自今年8月起…已连续为62名."""
    answer = shared_kb.ask("政治生日那天都来了多少人")
    assert answer.answer is not None and "18名" in answer.answer.text
    total = shared_kb.ask("政治生日一共给多少人过了")
    assert total.answer is not None and "62名" in total.answer.text


def test_who_holds_a_post_is_the_clause_appointing_them(shared_kb: KnowledgeBase):
    """书记都是啥人当 asks who (not a list: 都是啥): 聘任社区党员工作者担任小区党组织书记,
    and the line starts at that clause."""
    answer = shared_kb.ask("民馨路街道的小区党组织书记都是啥人当")
    assert answer.intent == "who"
    assert answer.answer is not None and "社区党员工作者" in answer.answer.text[:60]


def test_a_price_per_unit_is_not_answered_by_a_total(shared_kb: KnowledgeBase):
    """一斤卖多少钱: a village's 收入…100万元 is no price a 斤 (abstain); 一亩能多挣多少钱
    is answered by 亩均增收1000元, a gain per 亩."""
    assert not shared_kb.ask("兴隆西瓜一斤卖多少钱").answered
    answer = shared_kb.ask("喀喇沁旗山葡萄一亩能多挣多少钱")
    assert answer.answer is not None and "1000元" in answer.answer.text


def test_a_title_the_articles_never_use_is_a_missing_topic(shared_kb: KnowledgeBase):
    """武川县县长叫啥名字: no article names a 县长 (县 + 长 is no everyday phrase), so
    the 组织部副部长 of 武川县 is no answer; 守边 stays an everyday word."""
    assert not shared_kb.ask("武川县县长叫啥名字").answered
    assert shared_kb.ask("巴特朝格图守边多少年了").answered


def test_who_gave_the_talk_is_a_person_not_the_host(shared_kb: KnowledgeBase):
    """由谁主讲: 局长史国辉 (a name followed by 以), not 乌海市科技局 where it was held, nor
    大家纷纷表示 (no surname)."""
    answer = shared_kb.ask("乌海市科技局铸牢中华民族共同体意识专题讲座由谁主讲？")
    assert answer.answer is not None and "史国辉" in answer.answer.text


def test_a_compound_of_known_words_is_no_missing_topic(shared_kb: KnowledgeBase):
    """农村党员 (the articles: 农村地区党员) is 农村 + 党员, both theirs: a passage holding
    both holds it, and the question is answered; a name (护照) has no such parts."""
    term = _term(shared_kb, "元宝山区农村党员学习不好组织，用啥办法解决的呢", "农村党员")
    assert term.parts == ("农村", "党员") and not term.absent_noun
    assert term.found_in("农村地区党员教育", frozenset()) > 0
    assert term.found_in("农村地区群众", frozenset()) == 0
    answer = shared_kb.ask("元宝山区农村党员学习不好组织，用啥办法解决的呢")
    assert answer.intent == "how"
    assert answer.answer is not None and "VR技术" in answer.answer.text
    assert _term(shared_kb, "护照怎么办", "护照").parts == ()


def test_what_a_count_counts_is_the_head_of_its_phrase(shared_kb: KnowledgeBase):
    """接待游客的村有几个 counts villages (村), not tourists."""
    assert shared_kb.understand("现在能接待游客的村有几个").counted == "村"
    assert shared_kb.understand("窗口设几个").counted == "窗口"


def test_a_count_in_a_measure_word_no_article_uses(shared_kb: KnowledgeBase):
    """多少辆车 counts 车 in 辆: 10名党员民警 is no answer, and nothing in the articles is."""
    query = shared_kb.understand("甘其毛都口岸一天能过多少辆车啊")
    assert query.intent == "number" and query.unit is not None and query.unit.name == "辆"
    assert query.counted == "车"
    assert not shared_kb.ask("甘其毛都口岸一天能过多少辆车啊").answered


def test_that_noun_out_of_the_blue_is_the_question_of_its_own(shared_kb: KnowledgeBase):
    """呼市那个文明实践中心建了多少个: 那个 points at the centre the question names, so it
    is answered, not asked back; 那个村 (a word of every article) or 那个 alone still is;
    and in a conversation 那个… is what was just talked about."""
    answer = shared_kb.ask("呼市那个文明实践中心建了多少个啊")
    assert not answer.needs_topic
    assert answer.answer is not None and "1366个" in answer.answer.text
    assert shared_kb.understand("那个村有多少人").needs_topic
    assert shared_kb.understand("包头那个在哪儿").needs_topic
    followed = shared_kb.understand("那个文明实践中心建了多少个", topic="三减三优")
    assert followed.topic is not None and followed.topic.source == "conversation"


def test_what_a_thing_is_called_is_its_name_not_a_person(shared_kb: KnowledgeBase):
    """两个教育基地叫啥名 asks the bases' names (“忠诚奉献”“忆苦思甜”), 西瓜叫啥 the
    melon's (‘兴隆西瓜’), 合作社叫啥 the co-operative's (明霖绿色种植专业合作社); 大姐叫啥
    a person's (村民刘玉环), 护边员 or 支书 too."""
    from retrieval.answer.spans import thing_names

    cases = (("呼伦贝尔边境管理支队弄的两个教育基地叫啥名", "基地", "忆苦思甜"),
             ("兴隆坡村种的西瓜叫啥", "西瓜", "兴隆西瓜"),
             ("突泉县明星村种稻子的合作社叫啥", "合作社", "明霖"),
             ("土左旗教老人打视频那个队叫啥", "队", "晒晒"))
    for question, thing, name in cases:
        assert shared_kb.understand(question).named_thing == thing
        answer = shared_kb.ask(question)
        assert answer.answer is not None and name in answer.answer.text, question
    for question in ("养鸭子那个大姐叫啥", "那个巡边的护边员叫啥", "乃玛岱村的支书叫啥"):
        assert shared_kb.understand(question).named_thing == ""
    line = "在恩和哈达边境派出所和呼和哈达边境派出所精心打造“忠诚奉献”“忆苦思甜”两个教育基地。"
    assert [line[a:b] for a, b in thing_names(line, "基地")] == ["忠诚奉献", "忆苦思甜"]
    assert thing_names("“忠诚奉献”是一句口号，这里建了一个基地。", "基地") == []


def test_a_persons_name_asked_is_a_name_not_a_body(shared_kb: KnowledgeBase):
    """大姐叫啥 after the 明星村 answer: 村民刘玉环, not 明星村党支部引导村民…"""
    before = shared_kb.ask("突泉明星村合作社今年种了多少水稻")
    assert before.topic is not None and before.passages
    answer = shared_kb.ask("养鸭子那个大姐叫啥", topic=before.topic.name,
                           asked_before=before.intent, article=before.passages[0].article_id)
    assert answer.answer is not None and "刘玉环" in answer.answer.text


def test_a_common_word_jieba_tags_as_a_name_is_none(shared_kb: KnowledgeBase):
    """高中生 (jieba: nr, 高 being a surname) is 高中 + 生, no person; the articles' 高中女生
    holds its known part, so it weighs as that part and vetoes nothing."""
    from retrieval.text.background import is_proper_noun

    assert not is_proper_noun("高中生") and not is_proper_noun("初中生")
    assert is_proper_noun("上海") and is_proper_noun("史铁生")
    term = _term(shared_kb, "科尔沁分局说的那个高中生被骗是咋回事", "高中生")
    assert term.topical and "高中" in term.alternatives and term.weight > 1.0
    assert not shared_kb.understand("科尔沁分局说的那个高中生被骗是咋回事").missing_topic


def test_online_is_the_cloud_and_a_name_before_tongguo_is_a_name(shared_kb: KnowledgeBase):
    """在网上直播讲党课的书记: the articles say 在“云端”宣讲 (网上, 直播 -> 云端), and
    书记赵会红通过… names her (通 follows a name); 她是哪个社区的 then finds 铜都社区 in
    城南街道铜都社区 (都 inside a name right after a place)."""
    from retrieval.answer.spans import places

    answer = shared_kb.ask("赤峰那个在网上直播讲党课的书记是谁")
    assert answer.answer is not None and "赵会红" in answer.answer.text
    assert answer.topic is not None and answer.topic.name == "赵会红"
    then = shared_kb.ask("她是哪个社区的", topic="赵会红", asked_before=answer.intent,
                         article=answer.passages[0].article_id)
    assert then.answer is not None and "铜都社区" in then.answer.text
    line = "城南街道铜都社区党委书记赵会红通过在“云端”宣讲"
    assert [line[a:b] for a, b in places(line)] == ["城南街道铜都社区"]
    assert [s[a:b] for s in ("城南街道都有社区",) for a, b in places(s)] == ["城南街道"]


def test_a_yes_no_about_a_place_needs_what_is_asked_not_a_part_of_it(
        shared_kb: KnowledgeBase):
    """赤峰明天下不下雪: 大雪天 holds 雪 (下雪's part) and 明天's thesaurus class holds 前 and
    明, single characters of any text; neither says whether it snows tomorrow."""
    assert not shared_kb.ask("赤峰明天下不下雪").answered
    tomorrow = _term(shared_kb, "赤峰明天下不下雪", "明天")
    assert all(len(a) > 1 for a in tomorrow.alternatives)
    assert "沿" in _term(shared_kb, "巴特朝格图是沿着哪条河巡边的", "沿着").alternatives


def test_is_for_what_at_the_end_asks_what_it_is(shared_kb: KnowledgeBase):
    """到底是干啥 (no 的) asks what 亮晒比 is, like 是干啥的; 干 is no content word."""
    query = shared_kb.understand("乌兰察布搞的那个亮晒比到底是干啥")
    assert query.intent == "definition" and all(t.text != "干" for t in query.terms)
    answer = shared_kb.ask("乌兰察布搞的那个亮晒比到底是干啥")
    assert answer.answer is not None and "三亮三晒三比" in answer.answer.text


def test_an_everyday_verb_jieba_tags_as_a_name_weighs_little(shared_kb: KnowledgeBase):
    """张罗 (jieba: nr, 张 being a surname; the thesaurus: an activity, class H) is an
    everyday verb: it neither vetoes the answer nor names a topic; 护照 (a thing) does."""
    from retrieval.text import thesaurus

    assert thesaurus.is_everyday_word("张罗") and not thesaurus.is_everyday_word("护照")
    term = _term(shared_kb, "白云鄂博那个板凳会是谁张罗的", "张罗")
    assert not term.topical and not term.proper
    assert not shared_kb.understand("白云鄂博那个板凳会是谁张罗的").missing_topic
    assert _term(shared_kb, "护照怎么办", "护照").absent_noun


def test_the_frame_of_a_when_or_how_long_question_is_no_content(shared_kb: KnowledgeBase):
    """打哪年开始搞的 and 一届干几年: 打/开始/搞/干 frame the question; without them the
    answering sentences (2023年以来…, 每届任期三年至五年) are answered, not refused."""
    when = shared_kb.ask("三减三优是打哪年开始搞的")
    assert when.answer is not None and "2023年以来" in when.answer.text
    assert {"打", "开始", "搞"}.isdisjoint(when.terms)
    term = shared_kb.ask("党支部一届干几年啊")
    assert term.answer is not None and "三年至五年" in term.answer.text


def test_who_is_called_by_a_label_holding_the_asked_word(shared_kb: KnowledgeBase):
    """星主播叫啥名: 赵会红…被大家亲切地称为“党课星主播” (主播 is a role, but the label
    names her)."""
    answer = shared_kb.ask("林西那个在云端讲党课的星主播叫啥名")
    assert answer.answer is not None and "赵会红" in answer.answer.text


def test_how_things_look_now_is_a_change(shared_kb: KnowledgeBase):
    """有啥变化: 门面干净整洁多了 (X多了) says what changed; it is no sentence about the
    old state of things. A sentence saying what it brought still comes first for 效果."""
    change = shared_kb.ask("村委会牌子清理了以后有啥变化没")
    assert change.answer is not None and "干净整洁" in change.answer.text
    effect = shared_kb.ask("察右前旗修路养路有啥效果")
    assert effect.answer is not None and "出行更安全" in effect.answer.text


def test_a_person_named_after_their_label(shared_kb: KnowledgeBase):
    """“红色小马甲”康建华赞不绝口: 康建华 is a person (kept whole, not 康 + 建华), and
    康建华是谁 is answered by the sentence giving his label; words after a label that
    jieba knows (“…”机制, “…”文章) are no people."""
    from retrieval.text.dictionary import named_people

    found = named_people(["李爷爷对“红色小马甲”康建华赞不绝口。", "推行“四议两公开”机制，",
                          "做好“土特产”文章。"])
    assert found == {"康建华"}
    answer = shared_kb.ask("康建华是谁")
    assert answer.answer is not None and "红色小马甲" in answer.answer.text


def test_a_place_asked_without_its_suffix_is_that_place(shared_kb: KnowledgeBase):
    """阿鲁科尔沁 (the articles: 阿鲁科尔沁旗) is one word and the place asked, not
    科尔沁 (科尔沁区 is another place); 书记参加 (followed by 市 somewhere in the articles)
    and 富山嘉苑社 (the question goes on with 区) are no places."""
    query = shared_kb.understand("阿鲁科尔沁那边服务窗口咋改的")
    words = [t.text for t in query.terms]
    assert "阿鲁科尔沁" in words and "科尔沁" not in words
    assert query.topic is None or query.topic.name != "科尔沁"
    for question, phrase in (("赤峰有多少基层书记参加宣讲", "书记参加"),
                             ("富山嘉苑社区有啥特殊的", "富山嘉苑社")):
        assert phrase not in [t.text for t in shared_kb.understand(question).terms]


def test_an_age_is_asked_in_years(shared_kb: KnowledgeBase):
    """多大岁数 asks an age (not an area, as 多大 alone may): 60周岁 is a quantity in it."""
    from retrieval.answer import spans

    query = shared_kb.understand("杭锦旗为老服务餐厅多大岁数能去吃")
    assert query.unit is not None and query.unit.name == "age"
    sentence = "为辖区60周岁以上老年人提供就近就餐"
    assert [sentence[a:b] for a, b in spans.quantities(sentence, query.unit.give)] == ["60周岁"]
