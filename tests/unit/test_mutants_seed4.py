"""Behaviours the unit layer left unpinned, found by the fresh mutation sample of seed 4
(bench/mutants.py --seed 4 --n 60): an answer without evidence, the HTTP options of the
production bot, a continuation that opens with the closing quote, warming a corpus that
just fits the evidence cache, places cut back over several asked words, a name after a
quoted label, TIFF files, duplicate uploads and upload ids, the weight of common words,
weak parts of a multi-question message, the where example and the logging stream."""

from __future__ import annotations

import dataclasses
import io
import logging
from pathlib import Path

import pytest
from support.hermetic import config_mapping, settings_from
from support.stub_kb import StubKnowledgeBase

from bot import render
from bot.app import CONNECT_TIMEOUT, POOL_TIMEOUT, build_application
from bot.buttons import Buttons
from bot.conversation import Layout, reply_for
from bot.logging_setup import REDACTED, setup_logging
from bot.upload_registry import REGISTRY_NAME, UploadRegistry
from retrieval.answer import knowledge, spans
from retrieval.answer.knowledge import KnowledgeBase
from retrieval.answer.query import idf
from retrieval.corpus import formats
from retrieval.corpus.formats import ExtractError, sniff
from retrieval.corpus.page_parser import parse_page
from retrieval.models import Answer, AnswerLine, Passage, TopicInfo

# --------------------------------------------------------------------------- bot


def _passage(article_id: int = 0, evidence: str = "居民围坐在板凳上议事。") -> Passage:
    sentence = "板凳议事会让居民议事。"
    return Passage(rank=1, score=1.0, paragraph_id=article_id, article_id=article_id,
                   title="标题", column="广角", byline="本报记者 宋爽", source="000_x.txt",
                   paragraph=sentence, sentence=sentence, snippet=sentence,
                   highlights=("板凳议事会",), evidence=evidence, page="党建版 第1页")


def _answer(question: str, passage: Passage, topic: str, *, answered: bool = True) -> Answer:
    return Answer(question, answered, (passage,), terms=(topic,), intent="definition",
                  answer=AnswerLine(passage.sentence, ((0, 5),), 1) if answered else None,
                  topic=TopicInfo(topic, topic))


class _Offers:
    version = "abcdef123456"

    def offers(self, topic, skip=(), n=2):
        return []

    def example_questions(self, n=3):
        return ()

    def suggestions(self, n=5):
        return ()


@pytest.mark.parametrize("evidence", ["", "…", "  "])
def test_an_answer_without_evidence_has_no_empty_quotation(evidence: str):
    answer = _answer("板凳议事会是什么", _passage(evidence=evidence), "板凳议事会")
    text = render.answer_text(answer)
    assert "blockquote" not in text
    assert text.split("\n") == ["<b>板凳议事会</b>让居民议事。",
                                "—— <i>《标题》 · 广角 · 本报记者 宋爽 · 党建版 第1页</i>"]


def test_the_production_bot_gets_its_timeouts_and_connection_pools(tmp_path: Path):
    """Without a test's own request, PTB's HTTPXRequests carry the configured options."""
    (tmp_path / "corpus").mkdir()
    settings = settings_from(config_mapping(tmp_path / "corpus", tmp_path / "cache", {}),
                             tmp_path)
    app = build_application(settings, StubKnowledgeBase())
    updates, requests = app.bot._request  # (getUpdates, everything else)
    assert requests.read_timeout == settings.request_timeout
    timeout = requests._client_kwargs["timeout"]
    assert (timeout.connect, timeout.write, timeout.pool) == (
        CONNECT_TIMEOUT, settings.request_timeout, POOL_TIMEOUT)
    assert requests._client_kwargs["limits"].max_connections == max(
        8, min(settings.concurrent_updates, 128))
    assert updates._client_kwargs["limits"].max_connections == 2
    assert updates._client_kwargs["timeout"].connect == CONNECT_TIMEOUT


def test_a_weak_part_of_a_message_gets_no_full_text_button_and_sets_no_topic():
    """A part retrieval did not answer stays unanswered even when it carries its best
    passages (keep_weak): its article gets no 全文 button, the topic stays the answered
    part's, and a message of weak parts only is not answered."""
    answered = _answer("板凳议事会是什么", _passage(1), "板凳议事会")
    weak = _answer("红色物业有什么效果", _passage(2), "红色物业", answered=False)
    layout = Layout(compact=False, shown=3)
    reply = reply_for([answered, weak], _Offers(), Buttons(), layout)
    assert reply.markup is not None
    [row] = reply.markup.inline_keyboard
    assert [(b.text, b.callback_data) for b in row] == [("全文", "f|abcdef12|1")]
    assert reply.answered and reply.turn is not None and reply.turn.topic == "板凳议事会"
    none = reply_for([weak, dataclasses.replace(weak, query="红色物业在哪")], _Offers(),
                     Buttons(), layout)
    assert not none.answered and none.turn is None
    assert none.markup is None or not any(none.markup.inline_keyboard)


def test_upload_ids_count_up_from_one_and_never_repeat(tmp_path: Path):
    registry = UploadRegistry(tmp_path)
    first = registry.add("a.txt", "s1", "t1", ("甲",), 11)
    second = registry.add("b.txt", "s2", "t2", ("乙",), 11)
    third = registry.add("b-2.txt", "s3", "t3", ("乙",), 11, replacing=second.id)
    assert (first.id, second.id, third.id) == (1, 2, 3)
    assert registry.get(1) == first and registry.get(3) == third
    # a registry written earlier: the next id follows its highest one
    old = tmp_path / "old"
    old.mkdir()
    (old / REGISTRY_NAME).write_text(
        '[{"id": 5, "file": "x.txt", "sha256": "s", "text_sha256": "t", "titles": ["甲"], '
        '"admin_id": 1, "added_at": 1.0}]', encoding="utf-8")
    assert UploadRegistry(old).add("y.txt", "s9", "t9", ("乙",), 1).id == 6


def test_only_the_same_bytes_or_the_same_text_is_a_duplicate_upload(tmp_path: Path):
    registry = UploadRegistry(tmp_path)
    kept = registry.add("a.txt", "bytes-a", "text-a", ("甲",), 11)
    assert registry.same_content("bytes-a", "other") == kept
    assert registry.same_content("other", "text-a") == kept
    assert registry.same_content("bytes-b", "text-b") is None  # new content
    legacy = registry.add("old.pdf", "bytes-c", "", ("丙",), 11)  # no text hash recorded
    assert registry.same_content("bytes-d", "") is None
    assert registry.same_content("bytes-c", "") == legacy


def test_setup_logging_writes_to_the_stream_it_is_given():
    stream = io.StringIO()
    undo = setup_logging("INFO", ["123:secret-token"], stream=stream)
    try:
        logging.getLogger("bot.test").info("calling bot%s/getMe", "123:secret-token")
    finally:
        undo()
    out = stream.getvalue()
    assert f"INFO bot.test: calling bot{REDACTED}/getMe" in out
    assert "secret-token" not in out


# --------------------------------------------------------------------------- retrieval


def test_a_continuation_that_opens_with_the_closing_quote_is_found_far_back():
    """The quotation the fragment opens is closed by the very first character of the
    block that continues it, printed before it on the page."""
    page = ("标题\n\n□本报记者 甲\n\n”的原则，推动工作落地。\n\n第二段。\n\n"
            "按照“西三环东四环\n\n别的话。")
    [draft] = parse_page(page)
    assert "按照“西三环东四环”的原则，推动工作落地。" in draft.paragraphs
    assert "别的话。" in draft.paragraphs and "第二段。" in draft.paragraphs
    assert len(draft.paragraphs) == 3


def test_a_corpus_that_just_fits_the_evidence_cache_is_warmed_whole(
        shared_kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch):
    """warm() computes every paragraph's evidence (sentences, tokens) when the cache can
    hold them all, so that no question pays for it."""
    # The shared corpus's first paragraphs, with what is derived from the whole of it,
    # but no evidence computed yet; the cache holds exactly that many.
    kb = dataclasses.replace(shared_kb, paragraphs=shared_kb.paragraphs[:12])
    fields = {f.name for f in dataclasses.fields(KnowledgeBase)}
    kb.__dict__.update({k: v for k, v in vars(shared_kb).items()
                        if k not in fields and k != "_evidence_cache"})
    assert len(kb.paragraphs) == 12
    monkeypatch.setattr(knowledge, "MAX_CACHED_EVIDENCE", len(kb.paragraphs))
    kb.warm()

    def not_after_warming(*_: object) -> list[str]:
        raise AssertionError("a paragraph's evidence was computed after warm()")

    monkeypatch.setattr(knowledge, "split_sentences", not_after_warming)
    for paragraph in kb.paragraphs:
        assert kb.evidence(paragraph.id).sentences == shared_kb.evidence(paragraph.id).sentences


def test_a_place_is_cut_back_over_every_asked_word_at_its_end(shared_kb: KnowledgeBase):
    """民乐社区在哪: 鄂尔多斯市杭锦旗锡尼镇民乐社区 says where 民乐社区 is by the part before
    it, whatever the order the asked words come off the end."""
    answer = shared_kb.ask("民乐社区在哪")
    assert answer.answered and answer.answer is not None
    line = answer.answer.text
    assert [line[a:b] for a, b in answer.answer.spans] == ["鄂尔多斯市杭锦旗锡尼镇"]


def test_the_name_after_a_quoted_label_is_who_the_label_is():
    sentence = "“红色小马甲”康建华赞不绝口。"
    assert [sentence[a:b] for a, b in spans.named_after(sentence, "红色小马甲")] == ["康建华"]
    plain = "网格员王春秋走进小区。"
    assert [plain[a:b] for a, b in spans.named_after(plain, "网格员")] == ["王春秋"]


@pytest.mark.parametrize("head", [b"II*\x00", b"MM\x00*"])
def test_a_tiff_is_an_image_not_text(head: bytes):
    tiff = head + b"\x08\x00\x00\x00" + b"\x00" * 64
    assert sniff.image_kind(tiff) == "tiff" and sniff.sniff(tiff) == sniff.IMAGE
    with pytest.raises(ExtractError, match="不是文本文件：内容是 图片"):
        formats.extract("scan.txt", tiff)


def test_a_word_in_every_paragraph_weighs_almost_nothing():
    n = 260
    assert idf(n, n) < 0.01 * idf(1, n)
    assert idf(0, n) > idf(1, n) > idf(10, n) > idf(n // 2, n) > idf(n, n) > 0
    assert idf(n // 2, n) == pytest.approx(0.693, abs=0.01)  # half the paragraphs: log 2


def test_the_examples_include_a_where_question(shared_kb: KnowledgeBase):
    examples = shared_kb.example_questions(6)
    intents = [shared_kb.ask(q).intent for q in examples]
    assert "where" in intents and len(set(intents)) == len(intents) == 6
    assert all(shared_kb.ask(q).answered for q in examples)
