"""The twelfth session's rules, over small corpora and the shipped pages."""

from __future__ import annotations

from support.follow_ups import ask_after_answer
from support.small_corpus import sentence_fit, small_resources

from bot.render import beside_the_line
from retrieval.answer.forms import compile_forms, question_forms
from retrieval.answer.knowledge import KnowledgeBase
from retrieval.answer.referents import sentence_referents, speakers

QUOTED = ["明星湖咸鸭蛋是当地特产。", "“村党支部的鼓励让我有了信心,我购买了600只鸭雏。",
          "鸭子产蛋率很高,卖不了的就全部制成咸鸭蛋再出售!”", "刘玉环笑呵呵地说。"]


def test_a_quotation_is_about_its_speaker_named_after_it():
    assert speakers(QUOTED) == ("", "刘玉环笑呵呵地说", "刘玉环笑呵呵地说", "")


def test_a_quotation_is_about_its_speaker_named_before_it():
    said = ["书记宋庆林说:“今年以来游客多了。", "大家都满意。”", "村里还修了路。"]
    assert speakers(said) == ("书记宋庆林说", "书记宋庆林说", "")


def test_a_quoted_term_or_an_unattributed_quotation_has_no_speaker():
    assert speakers(["社区推行“板凳议事会”,居民说了算。", "效果很好。"]) == ("", "")
    # a long sentence after the quotation says more than who spoke
    long_after = ["“我们一起干。”",
                  "会上,党委书记介绍了全镇今年以来开展的各项工作和下一步的打算并说"]
    assert speakers(long_after) == ("", "")


def test_referents_join_the_body_and_the_speaker():
    sentences = ["呼伦贝尔边境管理支队点多线长。", "“该支队找到了办法。”", "政委王强说。"]
    assert sentence_referents(sentences) == ("", "呼伦贝尔边境管理支队 政委王强说", "")


def test_the_evidence_of_a_paragraph_carries_its_quotations_speaker(shared_kb: KnowledgeBase):
    paragraph = next(p for p in shared_kb.paragraphs if "卖不了的就全部制成咸鸭蛋" in p.text)
    evidence = shared_kb.evidence(paragraph.id)
    quoted = next(i for i, s in enumerate(evidence.sentences) if "卖不了的" in s.text)
    assert "刘玉环" in evidence.referents[quoted]
    assert "刘玉环" not in evidence.sentences[quoted].text  # only the speaker tag names her


def test_what_to_do_if_about_a_named_speaker_is_her_quotation(shared_kb: KnowledgeBase):
    answer = shared_kb.ask("刘玉环那些鸭蛋要是卖不出去咋办")
    assert answer.answered and answer.answer is not None
    assert "制成咸鸭蛋再出售" in answer.answer.text


CONSEQUENCE = "鸭子产蛋率很高,卖不了的就全部制成咸鸭蛋再出售。"
METHOD = "村两委通过入户走访,鼓励她发展蛋鸭养殖产业。"


def test_what_to_do_if_is_answered_by_a_consequence():
    res = small_resources([CONSEQUENCE, METHOD], [])
    for question in ("鸭蛋要是卖不完咋办", "鸭蛋卖不完了咋办", "万一鸭蛋卖不掉怎么办"):
        consequence = sentence_fit(res, question, CONSEQUENCE)
        assert consequence > sentence_fit(res, question, METHOD), question
    # asking how it is done, without a condition, the method answers
    assert sentence_fit(res, "鸭蛋产业是咋发展的", METHOD) > sentence_fit(
        res, "鸭蛋产业是咋发展的", CONSEQUENCE)


def test_a_short_quoted_sentence_goes_on_in_the_next_short_one(shared_kb: KnowledgeBase):
    answer = shared_kb.ask("要是收到中奖链接咋办")
    assert answer.answer is not None
    assert "你可别信" in answer.answer.text and "马上删除" in answer.answer.text


def test_the_evidence_leaves_out_sentences_the_answer_line_holds():
    line = "“就这种恭喜你中奖的链接,你可别信!马上删除。”"
    assert beside_the_line("…所长说。马上删除。” 他又说。", line) == "…所长说。 他又说。"
    assert beside_the_line("马上删除。”", line) == ""
    # a sentence the line only shares words with stays
    assert beside_the_line("链接要删除。", line) == "链接要删除。"


def test_an_adjective_asked_yes_or_no_at_the_end_goes_with_the_form():
    forms = question_forms()
    assert forms.intent_of("那边留守老人多不多")[1].strip() == "那边留守老人"
    assert forms.intent_of("村子远不远呀")[0] == "yesno"
    # inside the question the verb stays content (下雨)
    intent, content = forms.intent_of("明天下不下雨")
    assert intent == "yesno" and "下雨" in content


def test_what_they_learned_asks_for_a_list():
    assert question_forms().intent_of("少先队员都学了点啥")[0] == "list"
    # 搞出点啥名堂 asks no list
    assert question_forms().intent_of("搞出点啥名堂没")[0] != "list"


THREE = "他们学习了多民族融合历史、民族融合故事和相关历史人物先进事迹。"
TWO_MARKS = "课程涵盖种养技术、乡村振兴、电子商务等方面。"
NONE_LISTED = "7月底，王爷府教育基地迎来40余名少先队员。"


def test_three_things_with_the_last_after_he_are_a_short_list():
    res = small_resources([THREE, TWO_MARKS, NONE_LISTED], [])
    question = "少先队员都学了点啥"
    assert (sentence_fit(res, question, TWO_MARKS) > sentence_fit(res, question, THREE)
            > sentence_fit(res, question, NONE_LISTED))


def test_announcing_a_question_is_a_greeting():
    forms = question_forms()
    assert forms.small_talk_kind("你好呀 问个事") == "greeting"
    assert forms.small_talk_kind("打听个事") == "greeting"
    # with the question after it, the announcement is no content
    assert "问" not in forms.strip_fillers("问个事 板凳议事会是啥")


def test_what_was_done_asks_for_what_they_did():
    forms = question_forms()
    for question in ("那个党日活动干啥了", "他们去干嘛了", "他们都干啥去了"):
        assert forms.intent_of(question)[0] == "list", question


def test_with_whom_after_an_answer_is_answered_from_the_line_shown(shared_kb: KnowledgeBase):
    first = shared_kb.ask("罕达盖边境派出所那个党日活动干啥了")
    answer = ask_after_answer(shared_kb, first, "跟誰一起")
    assert answer.answered and answer.answer is not None
    assert "护边员" in answer.answer.text


def test_an_adverb_before_jiao_sha_keeps_the_thing_whose_name_is_asked(shared_kb: KnowledgeBase):
    answer = shared_kb.ask("呼伦贝尔边境管理支队那两个教育基地都叫啥名")
    assert answer.answered and answer.answer is not None
    assert "忠诚奉献" in answer.answer.text and "忆苦思甜" in answer.answer.text


def test_how_often_with_yi_hui_asks_when():
    assert question_forms().intent_of("议事会多久开一回")[0] == "when"


def test_a_you_clause_says_who_does_it():
    done = "丧失劳动能力的农户由企业代管代养，每只羊年收益292元。"
    other = "乡政府出钱为养殖户每人购置一只高繁母羊。"
    res = small_resources([done, other], [])
    assert sentence_fit(res, "干不动活的农户那羊谁养", done) == 1.0
    assert sentence_fit(res, "干不动活的农户那羊谁养", other) < 1.0


def test_a_photo_asked_about_is_its_caption(shared_kb: KnowledgeBase):
    for question in ("照片上在做数据分析的团队叫啥", "图里帮老人线上办的啥业务"):
        answer = shared_kb.ask(question)
        assert answer.answered and answer.answer is not None, question
        assert answer.answer.text.startswith("图为"), question
    # the photo's credit is still its byline
    credit = shared_kb.ask("包头税务二稽查局那张数据分析的照片 是谁拍的")
    assert credit.answer is not None and "摄" in credit.answer.text


def test_a_place_in_a_county_is_asked_for_on_its_own_too():
    from types import SimpleNamespace

    from retrieval.answer.rerank import asked_places
    found = asked_places(SimpleNamespace(normalized="林西县佳顺社区那个书记是咋宣讲的"))
    assert found == ("林西县佳顺社区", "佳顺社区")


def test_a_paragraph_goes_on_about_the_other_place_it_turned_to(shared_kb: KnowledgeBase):
    # the 林西县 article's next paragraph is about 铜都社区's 书记 (赵会红, 通过…)
    answer = shared_kb.ask("林西县佳顺社区那个书记是咋宣讲的")
    assert answer.answer is not None
    assert "李晓静" in answer.answer.text and "赵会红" not in answer.answer.text


def test_where_to_buy_needs_a_shop_or_a_channel_of_sale(shared_kb: KnowledgeBase):
    assert not shared_kb.ask("明星湖咸鸭蛋网上哪家店能买到").answered
    # where they sell it is answered by the market the article names
    sold = shared_kb.ask("察右前旗村民张巨的土豆 往哪儿拉着卖")
    assert sold.answered and sold.answer is not None and "农贸市场" in sold.answer.text


def test_a_winner_judges_or_sign_up_need_words_that_say_them(shared_kb: KnowledgeBase):
    for question in ("比武争星第一名是谁", "擂台比武的评委都有谁", "我想当红色小马甲志愿者咋报名"):
        assert not shared_kb.ask(question).answered, question
    # a ranking the article gives is answered
    assert shared_kb.ask("杭锦旗评选出多少优秀书记").answered
    # 报名 counted is 参加 (no sign-up asked)
    assert shared_kb.ask("揭榜挂帅有多少干部报名").answered


def test_needs_evidence_is_read_from_the_forms_data():
    forms = compile_forms({"needs_evidence": [{"asked": "评委", "said": "评审"}]})
    assert len(forms.needs_evidence) == 1
    asked, said = forms.needs_evidence[0]
    assert asked.search("评委是谁") and said.search("评审组")


def test_only_a_verb_after_how_many_counts_the_noun_before(shared_kb: KnowledgeBase):
    assert shared_kb.understand("嘎查村那层有多少个参加").counted == "嘎查村"
    first = shared_kb.ask("巴彦淖尔党组织书记擂台比武 分了几个层面")
    answer = ask_after_answer(shared_kb, first, "嘎查村那层有多少个参加")
    assert answer.answer is not None and "652个嘎查村" in answer.answer.text


def test_what_a_person_said_is_the_quotation_beside_the_paragraph_naming_him(
        shared_kb: KnowledgeBase):
    first = shared_kb.ask("科尔沁红星派出所拿着手机宣传反诈那个民警叫啥")
    answer = ask_after_answer(shared_kb, first, "他跟群众说了啥")
    assert answer.answered and answer.answer is not None
    assert answer.answer.text.startswith("“")


def test_whom_it_was_said_to_is_no_content():
    stripped = question_forms().strip_fillers("毕可跟群众说了啥")
    assert "群众" not in stripped and "说了啥" in stripped
