"""Tests written for the survivors of mutation seed 46: a who-question asking the name
of something that is no kind of person is answered, 集市/夜市/乡村 are no place names,
a corrected upload takes the place of the earlier file, an index summary is a fixed
value, and a curated synonym no article uses is no alternative of a word."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from support.hermetic import ADMIN_ID
from support.small_corpus import small_resources
from support.stub_kb import ARTICLES, StubKnowledgeBase
from support.unit_harness import MakeUnitBot
from support.uploads import GOOD_ARTICLE

from bot.knowledge_holder import KbSummary
from retrieval.answer import spans
from retrieval.answer.query import Query, Term, understand
from retrieval.models import Article
from retrieval.text.normalize import normalize


def who_asked(question: str, terms: tuple[str, ...]) -> Query:
    return Query(
        question=question, normalized=question, intent="who", small_talk=None, unit=None,
        terms=tuple(Term(t, 1.0, True, True) for t in terms), tokens=(), names=(),
        topic=None, did_you_mean=(), english=False, needs_topic=False)


@pytest.mark.parametrize("sentence, question, term", [
    ("社区书记高雪芹介绍，这家店的老板每天早起做饭。", "那家店的老板叫啥", "老板"),
    ("书记高雪芹告诉记者，志愿服务队每周都来。", "志愿服务队的队长叫啥", "服务队"),
])
def test_a_name_asked_of_no_kind_of_person_is_answered_by_the_named_people(
        sentence, question, term):
    """Only words for a kind of person (女生, 大姐, 村民 …) make 叫啥 ask for an unnamed
    person; 老板 or 服务队 do not, so a sentence naming someone fits fully."""
    assert spans.fit(sentence, normalize(sentence), who_asked(question, (term,))) == 1.0
    # the kind of person the sentence never names does lower the fit
    kind = sentence.replace(term, "女生")
    assert spans.fit(kind, normalize(kind), who_asked(question.replace(term, "女生"),
                                                    ("女生",))) == spans.UNNAMED_PERSON_FIT


@pytest.mark.parametrize("sentence", ["周末去逛集市", "他去逛夜市", "发展数字乡村"])
def test_markets_and_the_countryside_are_no_places(sentence):
    """集市, 夜市, 乡村 end in a place suffix (市, 村) but are words of their own: no
    place is read leftwards from them."""
    assert spans.places(sentence) == ()


EXTRA = Article(3, "云端议事厅让村民线上议事", "基层来信", "通讯员 测试", "extra.md",
                ("某某旗今年推出“云端议事厅”。",))


async def test_a_corrected_upload_takes_the_place_of_the_earlier_file(
        make_unit_bot: MakeUnitBot, monkeypatch):
    """A file with the titles of an earlier upload is offered as 替换: the earlier file is
    kept out of the rebuild and removed, the corrected one is saved and recorded."""
    seen: list[set[str]] = []

    def build(config) -> StubKnowledgeBase:
        folder = Path(config.uploads_dir)
        seen.append({p.name for p in folder.iterdir() if not p.name.startswith(".")})
        return StubKnowledgeBase(version=f"stub000{len(seen) + 1}", articles=(*ARTICLES, EXTRA))

    monkeypatch.setattr("bot.app.build_knowledge_base", build)
    unit = await make_unit_bot()
    first = await unit.feed(unit.updates.document(ADMIN_ID, "a.txt", GOOD_ARTICLE))
    assert (await unit.press(ADMIN_ID, first.reply, "收录")).text.startswith("✅")
    corrected = GOOD_ARTICLE.replace("136件".encode(), "138件".encode())
    preview = await unit.feed(unit.updates.document(ADMIN_ID, "a.txt", corrected))
    labels = [b["text"] for row in preview.reply["reply_markup"]["inline_keyboard"] for b in row]
    assert labels == ["替换", "取消"]
    unit.clean()
    replaced = await unit.press(ADMIN_ID, preview.reply, "替换")
    assert replaced.text.startswith("✅ 已保存为 a-2.txt")
    folder = unit.state.settings.retrieval.uploads_dir
    assert {p.name for p in folder.iterdir() if not p.name.startswith(".")} == {"a-2.txt"}
    assert not any(p.name.startswith(".replaced-") for p in folder.iterdir())
    assert (folder / "a-2.txt").read_bytes() == corrected
    assert seen == [{"a.txt"}, {"a-2.txt"}]  # the rebuild never read the earlier file
    unit.clean()


def test_an_index_summary_is_a_fixed_hashable_value():
    """KbSummary (what /reload and /stats compare before and after) cannot be altered
    once taken, and equal summaries are one value in a set."""
    summary = KbSummary("v1", 3, 7)
    with pytest.raises(dataclasses.FrozenInstanceError):
        summary.articles = 4  # type: ignore[misc]
    assert {summary, KbSummary("v1", 3, 7)} == {summary}


def test_a_curated_synonym_no_article_uses_is_no_alternative():
    """媳妇 is written 妻子 or 爱人 (curated synonyms): only the one the articles use is
    searched for; 小孩's synonyms (孩子, 儿童 …) are in no article, so 小孩 stays unknown."""
    res = small_resources(["李大爷的妻子在村里开了一家小卖部。", "村里的老人每天来这里下棋。"], [])
    terms = {t.text: t for t in understand("李大爷的媳妇开了什么店", res).terms}
    assert terms["媳妇"].alternatives == ("妻子",) and terms["媳妇"].known
    child = {t.text: t for t in understand("小孩在哪里玩", res).terms}["小孩"]
    assert child.alternatives == () and not child.known
