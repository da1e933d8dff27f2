"""Behaviours the unit layer left unpinned, found by the fresh mutation sample of seed 3
(bench/mutants.py --seed 3 --n 60): the serial tokenizer path, quoted terms, the admins'
terms file, light compounds, a definition of something no article names, example
questions, `ask --top 1`, photo captions, HTML titles, inline results past the first,
the who-label rule and the stop deadline of `python -m bot`."""

from __future__ import annotations

import dataclasses
import html
import multiprocessing
import re
from pathlib import Path
from typing import Any

import pytest
from support.unit_harness import UnitBot

from bot import __main__ as bot_main
from bot import storage
from retrieval.__main__ import main as retrieval_main
from retrieval.answer import spans
from retrieval.answer.knowledge import KnowledgeBase
from retrieval.answer.query import Query, Term, TopicRef
from retrieval.corpus.formats.html import compose
from retrieval.corpus.page_parser import parse_page
from retrieval.index import parallel
from retrieval.text.background import is_light_compound
from retrieval.text.dictionary import quoted_terms, read_curated_terms
from retrieval.text.tokenizer import Tokenizer


def test_a_small_or_single_process_tokenization_never_starts_a_pool(monkeypatch):
    def no_pool(*_: Any, **__: Any) -> Any:
        raise AssertionError("a process pool was started")

    monkeypatch.setattr(multiprocessing, "get_context", no_pool)
    tokenizer = Tokenizer(set())
    texts = ["板凳议事会在社区召开。"] * 5
    expected = [tokenizer.tokens(t) for t in texts]
    assert parallel.tokenize_documents(tokenizer, texts, processes=1) == expected
    assert parallel.tokenize_documents(tokenizer, texts, processes=4,
                                       parallel_threshold=100) == expected


def test_quoted_terms_are_short_names_not_quoted_clauses():
    found = quoted_terms(["推行“板凳议事会”，他说“会开得好，都满意”。", "“ 党 ”"])
    assert found == {"板凳议事会"}


def test_the_admins_terms_file_is_created_with_its_initiatives_section(tmp_path: Path):
    path = tmp_path / "admin_terms.dict"
    storage.add_term(path, "石榴籽议事厅")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("#") and "[initiatives]" in text
    assert "石榴籽议事厅" in read_curated_terms(path).initiatives


def test_light_compounds_are_two_everyday_words_not_dictionary_words():
    assert is_light_compound("拿去")
    assert not is_light_compound("板凳")  # a word of the dictionary itself
    assert not is_light_compound("拿去吧")  # only two characters
    assert not is_light_compound("北京")  # a proper noun


def _definition(*terms: Term) -> Query:
    return Query("q", "q", "definition", None, None, terms, (), (), None, (), False, False)


def test_a_definition_of_something_no_article_names_is_missing_its_subject():
    assert _definition(Term("双减政策", 5.0, False, True)).missing_subject
    assert not _definition(Term("议事会", 2.0, True, True)).missing_subject
    assert not _definition().missing_subject


def test_example_questions_stop_at_the_number_asked(shared_kb: KnowledgeBase):
    one = shared_kb.example_questions(1)
    assert isinstance(one, tuple) and len(one) == 1
    assert shared_kb.ask(one[0]).answered


def test_ask_top_1_is_accepted_and_0_refused(monkeypatch, capsys: pytest.CaptureFixture[str]):
    """--top is checked before anything loads: 1 goes on to the corpus, 0 is an error."""
    import retrieval.__main__ as cli

    class Loaded(Exception):
        pass

    def stop_here(*_: Any, **__: Any) -> Any:
        raise Loaded

    monkeypatch.setattr(cli, "load_retrieval_config", stop_here)
    with pytest.raises(Loaded):
        retrieval_main(["ask", "--top", "1", "板凳议事会是什么"])
    assert retrieval_main(["ask", "--top", "0", "板凳议事会是什么"]) == 2
    assert "--top must be at least 1" in capsys.readouterr().err


def test_a_caption_that_does_not_end_its_sentence_stays_the_photos():
    page = ("标题\n\n□本报记者 甲\n\n第一段。\n\n\n\n巡边\n\n民警在边境线上巡逻，\n\n王五 摄\n\n"
            "第二段。")
    drafts = parse_page(page)
    assert [(d.kind, d.paragraphs) for d in drafts] == [
        ("article", ["第一段。"]), ("photo", ["民警在边境线上巡逻，"]), ("article", ["第二段。"])]


def test_a_heading_among_the_first_three_blocks_keeps_the_metadata_title_out():
    paragraphs = [("p", "第一段。"), ("p", "第二段。")]
    assert compose([("heading", "版面标题"), *paragraphs], "网页标题", "").startswith("版面标题")
    late = [*paragraphs, ("p", "第三段。"), ("heading", "小标题")]
    assert compose(late, "网页标题", "").startswith("网页标题")
    # the page shows the title itself only when it is among its first three lines
    shown = [("p", "网页标题"), *paragraphs]
    assert compose(shown, "网页标题", "").count("网页标题") == 1
    further = [*paragraphs, ("p", "第三段。"), ("p", "网页标题")]
    assert compose(further, "网页标题", "").startswith("网页标题\n")


async def test_later_inline_results_open_with_their_own_sentence(unit_bot: UnitBot):
    question = "红色物业是什么"
    results = (await unit_bot.inline(502, question)).inline_answer["results"]
    answer = unit_bot.kb.ask(question, 5)
    first, second = (html.unescape(re.sub(r"<[^>]+>", "", r["input_message_content"][
        "message_text"])) for r in results[:2])
    assert answer.answer is not None and answer.answer.text in first
    assert first.count("——") == 1  # one passage, its one source: an inline message is short
    assert answer.passages[1].sentence in second
    assert answer.answer.text not in second.split("\n")[1]
    unit_bot.clean()


def test_who_a_label_is_given_to_answers_a_question_for_people():
    """红色小马甲是些什么人: the group the sentence calls so, though no person is named."""
    asked = "红色小马甲是些什么人"
    q = Query(asked, asked, "who", None, None, (Term("红色小马甲", 3.0, True, True),), (),
              ("红色小马甲",), TopicRef("红色小马甲", "红色小马甲", "question"), (), False, False)
    assert spans.fit("社区志愿服务队被称为“红色小马甲”。", "", q) == 1.0
    assert spans.fit("社区志愿服务队走进小区。", "", q) == 0.0


async def test_python_m_bot_gives_a_stop_one_request_timeout_and_some_slack(
        unit_bot: UnitBot, monkeypatch):
    installed: list[float] = []
    monkeypatch.setattr(bot_main.stop_deadline, "install", installed.append)

    class App:
        post_init = None

        def run_polling(self, **_: Any) -> None:
            pass

    app = App()
    settings = dataclasses.replace(unit_bot.settings, request_timeout=7.0)
    bot_main.run(app, settings)  # type: ignore[arg-type]
    assert app.post_init is not None  # installed when the loop runs, as PTB calls post_init
    await app.post_init(app)
    assert installed == [7.0 + bot_main.STOP_SLACK]
