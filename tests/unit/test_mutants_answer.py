"""Answer stage paths the rest of the unit layer leaves out (found by bench/mutants.py):
a real build on a two-article corpus (curated terms, title and subheading evidence,
re-ranking, sentence offsets), the evaluation figures, the command line's text, and a
few pure functions at their edges (the answer line cut, the where-fit of a building,
what a number question counts when nothing follows 多少, the weight of everyday words,
places written with their suffix, the unit of a question that opens with it)."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.hermetic import TINY_PAGE, config_mapping, tiny_corpus

from retrieval.__main__ import answer_text
from retrieval.answer import spans
from retrieval.answer.build import build_knowledge_base
from retrieval.answer.compose import _cut
from retrieval.answer.forms import question_forms
from retrieval.answer.knowledge import KnowledgeBase
from retrieval.answer.names import NameIndex
from retrieval.answer.query import LIGHT_KNOWN_SHARE, Query, Resources, TopicRef, idf, understand
from retrieval.config import retrieval_config_from_mapping
from retrieval.evaluation import QAItem, evaluate, read_qa_file
from retrieval.text.normalize import normalize
from retrieval.text.tokenizer import Tokenizer

# with two very short sentences (好。好。) and a subheading (做法)
PAGE = TINY_PAGE.replace("居民每月在社区议事。\n", "居民每月在社区议事。好。好。\n\n做法\n")
assert PAGE != TINY_PAGE  # the variant really differs


@pytest.fixture(scope="module")
def tiny_kb(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    """Two articles on one page; 石榴籽议事厅 is a curated initiative, not quoted."""
    root = tmp_path_factory.mktemp("tiny-kb")
    corpus = tiny_corpus(root, PAGE)
    config = retrieval_config_from_mapping(config_mapping(corpus, root / "cache", {}), root)
    return build_knowledge_base(config, warm=False)


# --------------------------------------------------------------------------- a real build


def test_a_tiny_corpus_builds_and_answers_from_the_right_article(tiny_kb):
    assert [a.title for a in tiny_kb.articles] == ["石榴籽议事厅让居民说了算",
                                                   "红马甲巡逻队守护平安"]
    answer = tiny_kb.ask("巡逻队有多少党员", 3)
    assert answer.answered and answer.passages
    assert answer.passages[0].title == "红马甲巡逻队守护平安"
    assert "40名党员" in answer.answer.text


def test_curated_initiatives_are_topics_and_suggestions(tiny_kb):
    assert [t.name for t in tiny_kb.topics()] == ["石榴籽议事厅"]
    unanswered = tiny_kb.ask("推荐一部好看的电影", 3)
    assert not unanswered.answered and unanswered.suggestions == ("石榴籽议事厅",)


def test_a_paragraph_is_found_by_its_title_and_subheading_words(tiny_kb):
    """The paragraph under 做法 never names 石榴籽议事厅: its article title does."""
    answer = tiny_kb.ask("石榴籽议事厅解决了多少问题", 3)
    assert answer.answered and "120个" in answer.answer.text


def test_repeated_sentences_keep_their_own_offsets(tiny_kb):
    paragraph = tiny_kb.paragraphs[0]
    sentences = tiny_kb.evidence(paragraph.id).sentences
    assert [s.text for s in sentences][-2:] == ["好。", "好。"]
    starts = [s.start for s in sentences]
    assert starts == sorted(set(starts))  # strictly increasing
    for sentence in sentences:
        assert paragraph.text[sentence.start: sentence.start + len(sentence.text)] == sentence.text


# --------------------------------------------------------------------------- evaluation


def test_evaluation_counts_hits_answers_and_abstentions(tiny_kb):
    items = [QAItem("巡逻队有多少党员", ("40名党员",)),
             QAItem("石榴籽议事厅解决了多少问题", ("120个",)),
             QAItem("推荐一部好看的电影", abstain=True)]
    report = evaluate(tiny_kb, items)
    assert (report.answerable, report.abstain_questions) == (2, 1)
    assert report.hit_at_1 == report.hit_at_3 == report.mrr_at_5 == 1.0
    assert report.answered_rate == report.line_accuracy == report.abstain_accuracy == 1.0
    assert report.failures == []


def test_evaluation_a_miss_counts_against_hit_at_1(tiny_kb):
    report = evaluate(tiny_kb, [QAItem("巡逻队有多少党员", ("石榴籽议事厅",)),
                                QAItem("巡逻队有多少党员", ("40名党员",))])
    assert report.hit_at_1 == 0.5
    assert [f["q"] for f in report.failures] == ["巡逻队有多少党员"]


def test_qa_files_empty_or_listing_questions(tmp_path: Path):
    empty = tmp_path / "empty.yaml"
    empty.write_text("", encoding="utf-8")
    assert read_qa_file(empty) == []
    listing = tmp_path / "qa.yaml"
    listing.write_text("- {q: 巡逻队有多少党员, expect: [40名]}\n- {q: 电影, abstain: true}\n",
                       encoding="utf-8")
    assert read_qa_file(listing) == [QAItem("巡逻队有多少党员", ("40名",)),
                                     QAItem("电影", abstain=True)]


# --------------------------------------------------------------------------- command line


def test_the_terminal_answer_shows_the_line_then_the_passages(tiny_kb):
    text = answer_text(tiny_kb.ask("巡逻队有多少党员", 3))
    first, passage = text.splitlines()[:2]
    assert "40名党员" in first and passage.startswith("[1] ")
    assert "资料里没有找到" not in text


def test_the_terminal_not_found_offers_what_to_ask(tiny_kb):
    text = answer_text(tiny_kb.ask("推荐一部好看的电影", 3))
    assert text.splitlines() == ["资料里没有找到能回答“推荐一部好看的电影”的内容。",
                                 "可以问问：石榴籽议事厅"]


# --------------------------------------------------------------------------- pure functions


def test_the_answer_line_takes_no_earlier_clause_that_does_not_fit():
    sentence = "甲" * 30 + "，" + "乙乙乙乙，" + "丙丙丙丙。"
    anchor = sentence.index("乙")
    assert _cut(sentence, anchor, 15) == ("乙乙乙乙，丙丙丙丙。", anchor)


def test_a_clause_longer_than_the_line_keeps_ten_characters_before_the_answer():
    sentence = "一二三四五六七八九十" * 5  # one clause, 50 characters
    text, offset = _cut(sentence, 30, 20)
    assert (text, offset) == (sentence[20:40], 20)


def _resources(paragraphs: list[str], initiatives: list[str], words: set[str]) -> Resources:
    tokenizer = Tokenizer(set(initiatives) | words)
    docs = [set(tokenizer.tokens(p)) for p in paragraphs]
    names = NameIndex.build(initiatives, [], normalize("\n".join(paragraphs)))
    return Resources(question_forms(), tokenizer, names,
                     lambda token: sum(token in d for d in docs),
                     lambda text: sum(text in normalize(p) for p in paragraphs), len(paragraphs))


def _where(topic: str) -> Query:
    return Query(question="", normalized="", intent="where", small_talk=None, unit=None,
                 terms=(), tokens=(), names=(topic,), topic=TopicRef(topic, topic, "question"),
                 did_you_mean=(), english=False, needs_topic=False)


def test_a_building_answers_where_less_than_a_town_but_more_than_nothing():
    q = _where("议事会")
    town, square = "走进兴和县，街道整洁。", "居民们在红石广场集中学习。"
    nowhere = "居民们集中学习。"
    assert spans.fit(town, normalize(town), q) == 1.0
    assert 0.0 < spans.fit(square, normalize(square), q) < 1.0
    assert spans.fit(nowhere, normalize(nowhere), q) == 0.0


def test_with_nothing_after_how_many_the_counted_thing_comes_before_it():
    res = _resources(["这个议事角是小区红色物业党组织设立的居民活动场所。", "项目已经落地。"],
                     ["红色物业"], set())
    assert understand("红色物业项目有多少", res).counted == "项目"


def test_a_following_clause_that_exactly_fills_the_line_is_taken():
    sentence = "甲" * 30 + "，" + "乙乙乙乙，" + "丙丙丙丙丙。"
    anchor = sentence.index("乙")
    assert _cut(sentence, anchor, 11) == ("乙乙乙乙，丙丙丙丙丙。", anchor)


def test_evaluation_scores_intent_detection_where_items_are_tagged(tiny_kb):
    right = QAItem("巡逻队有多少党员", ("40名党员",), intent="number")
    wrong = QAItem("石榴籽议事厅解决了多少问题", ("120个",), intent="where")
    assert evaluate(tiny_kb, [right]).intent_accuracy == 1.0
    assert evaluate(tiny_kb, [right, wrong]).intent_accuracy == 0.5
    assert evaluate(tiny_kb, [QAItem("巡逻队有多少党员", ("40名党员",))]).intent_accuracy is None


def test_an_everyday_word_the_corpus_has_weighs_less_than_a_topic_word():
    res = _resources(["社区网格员发现后迅速上报，问题解决了。", "河西村组建巡逻队。"], [], set())
    weights = {t.text: t.weight for t in understand("社区网格员发现了什么问题", res).terms}
    assert weights["发现"] == pytest.approx(idf(1, 2) * LIGHT_KNOWN_SHARE)
    assert weights["网格员"] == pytest.approx(idf(1, 2))


def test_a_city_the_articles_write_with_its_suffix_must_be_in_the_answer():
    """包头 is no proper noun of jieba's, but the articles write 包头市: a place."""
    res = _resources(["包头市推行“揭榜挂帅”，96名干部报名。", "赤峰市探索推行“三减三优”工作模式。"],
                     ["揭榜挂帅", "三减三优"], {"包头市"})
    assert understand("包头有没有搞揭榜挂帅", res).names == ("揭榜挂帅", "包头")


def test_the_asked_word_may_open_the_question():
    unit = question_forms().unit_for("党员有多少")
    assert unit is not None and unit.name == "people"
