"""A stub knowledge base for Telegram-layer unit tests.

It has the methods the bot calls on retrieval's KnowledgeBase (ask, ask_all, offers,
example_questions, suggestions, topics, article, page_label, page_labels, articles,
paragraphs, report, version) and answers from a few fixed articles with fixed rules, so
that a ranking change in retrieval never breaks a Telegram test. Conversation quality is
tested against the real knowledge base (tests/e2e/test_conversation.py).

The rules, all on the question's text:
- 你好 / 谢谢 …: small talk; only ASCII letters: English.
- names a topic (TOPICS): answered from its articles, one passage per paragraph in
  order, `top_k` of them from `offset` (so 更多结果 pages on); the answer line is the first
  passage's sentence with its number (or the topic) marked.
- no topic of its own but a follow-up form (在哪儿搞的, 效果呢 …): about `topic` when the
  conversation has one (TopicInfo source "conversation"), else needs_topic.
- anything else: not answered, with the first two topics as suggestions.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from retrieval.models import (
    Answer,
    AnswerLine,
    Article,
    LoadReport,
    Paragraph,
    Passage,
    SkippedFile,
    Topic,
    TopicInfo,
)

PAGES = {"000_stub.txt": "党建版 第1页", "001_stub.txt": "党建版 第2页"}

ARTICLES = (
    Article(0, "“板凳议事会”问题现场办", "广角", "本报记者 宋爽", "000_stub.txt", (
        "察哈尔社区推出“板凳议事会”，居民围坐议事，已解决问题126件。",
        "议事会由社区党委书记召集，每月开两次会。",
        "居民说，板凳一放，问题就摆到了桌面上。",
    )),
    Article(1, "红色物业暖民心", "知行合一", "通讯员 杜金辉", "001_stub.txt", (
        "乌兰浩特市推行“红色物业”，覆盖小区86个。",
        "红色物业由社区党组织牵头，物业企业党员亮身份。",
        "居民投诉量下降了四成。",
        "红色物业还组织志愿者清理楼道。",
        "下一步，红色物业将覆盖全市老旧小区。",
    ), headings=()),
    Article(2, "三减三优为基层减负", "学思践悟", "本报记者 潘佳", "001_stub.txt", (
        "赤峰市开展“三减三优”，精简会议文件三成。",
        "红色物业的做法也被写进了三减三优的清单。",
    )),
)

# topic -> the articles it is answered from, in order
TOPICS: dict[str, tuple[int, ...]] = {
    "板凳议事会": (0,),
    "红色物业": (1, 2),
    "三减三优": (2,),
}
# Curated names without answers of their own: enough for two /topics pages.
MORE_NAMES = ("亮晒比", "比武争星", "揭榜挂帅", "红色小马甲", "擂台比武", "能上能下",
              "政治生日")
SMALL_TALK = {"你好": "greeting", "谢谢": "thanks", "再见": "farewell", "你是谁": "identity",
              "👍": "emoji"}
FOLLOW_UPS = ("在哪儿搞的", "效果呢", "谁牵头的", "有什么效果", "在哪儿")
EXAMPLES = ("板凳议事会是什么", "红色物业在哪儿搞的", "三减三优有什么效果")
OFFERS = (("在哪儿搞的", "where", "{t}在哪儿搞的"), ("效果怎么样", "effect", "{t}有什么效果"),
          ("是什么", "definition", "{t}是什么"))
_NUMBER = re.compile(r"\d+(?:件|个|次|人)?|四成|三成")


@dataclass(frozen=True)
class Asked:
    question: str
    top_k: int | None
    offset: int
    topic: str | None


def _intent(question: str) -> str:
    for words, intent in (("多少几", "number"), ("哪", "where"), ("谁", "who"),
                          ("效果", "effect")):
        if any(w in question for w in words):
            return intent
    return "definition" if "是什么" in question or "是啥" in question else "unknown"


@dataclass(eq=False)
class StubKnowledgeBase:
    """See the module docstring. `articles` may be replaced (e.g. a very long article for
    全文); `version` changes what the buttons carry, as a rebuilt index does."""

    version: str = "stub0001deadbeef"
    articles: tuple[Article, ...] = ARTICLES
    topic_articles: dict[str, tuple[int, ...]] = field(default_factory=lambda: dict(TOPICS))
    page_labels: dict[str, str] = field(default_factory=lambda: dict(PAGES))
    skipped: tuple[SkippedFile, ...] = ()
    asked: list[Asked] = field(default_factory=list)  # every ask(), in order

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        rows: list[Paragraph] = []
        for article in self.articles:
            for position, text in enumerate(article.paragraphs):
                rows.append(Paragraph(len(rows), article.id, position, text))
        return tuple(rows)

    @property
    def report(self) -> LoadReport:
        return LoadReport(tuple(sorted({a.source for a in self.articles})), self.skipped)

    # -- browsing ------------------------------------------------------------------------

    def page_label(self, source: str) -> str:
        return self.page_labels.get(source, "")

    def article(self, article_id: int) -> Article | None:
        return self.articles[article_id] if 0 <= article_id < len(self.articles) else None

    def topics(self) -> tuple[Topic, ...]:
        named = [Topic(name, ids) for name, ids in self.topic_articles.items()]
        return tuple(named + [Topic(name, (0,)) for name in MORE_NAMES])

    def suggestions(self, n: int = 5) -> tuple[str, ...]:
        return tuple(self.topic_articles)[:n]

    def example_questions(self, n: int = 3) -> tuple[str, ...]:
        return EXAMPLES[:n]

    def offers(self, topic: str, skip: Sequence[str] = (), n: int = 2) -> list[tuple[str, str]]:
        return [(label, template.format(t=topic)) for label, intent, template in OFFERS
                if intent not in skip][:n]

    # -- asking --------------------------------------------------------------------------

    def ask(self, question: str, top_k: int | None = None, offset: int = 0,
            *, keep_weak: bool = False, topic: str | None = None) -> Answer:
        self.asked.append(Asked(question, top_k, offset, topic))
        top_k = 3 if top_k is None else max(1, top_k)
        intent = _intent(question)
        stripped = question.strip(" ？?！!。")
        if stripped in SMALL_TALK:
            return Answer(question, False, (), intent="small_talk",
                          small_talk=SMALL_TALK[stripped])
        if re.fullmatch(r"[A-Za-z0-9 ,.'?!]+", question.strip()) and re.search("[A-Za-z]",
                                                                                 question):
            return Answer(question, False, (), english=True,
                          suggestions=self.suggestions(4))
        named = next((name for name in self.topic_articles if name in question), None)
        info = TopicInfo(named, named) if named else None
        if named is None and any(f in question for f in FOLLOW_UPS):
            if topic is None or topic not in self.topic_articles:
                return Answer(question, False, (), intent=intent, needs_topic=True)
            named, info = topic, TopicInfo(topic, "", "conversation")
        if named is None:
            return Answer(question, False, (), intent=intent,
                          unknown_terms=(question[:4],), suggestions=self.suggestions(2))
        candidates = self._passages(named)
        shown = tuple(dataclasses.replace(p, rank=rank) for rank, p in
                      enumerate(candidates[offset: offset + top_k], start=offset + 1))
        best = candidates[0]
        match = _NUMBER.search(best.sentence)
        span = match.span() if match else (best.sentence.find(named),
                                           best.sentence.find(named) + len(named))
        return Answer(question, True, shown, terms=(named,), intent=intent,
                      answer=AnswerLine(best.sentence, (span,), 1), topic=info)

    def ask_all(self, text: str, top_k: int | None = None, *,
                topic: str | None = None, asked_before: str | None = None,
                article: int | None = None, shown: object = None) -> list[Answer]:
        parts = [p for p in re.split(r"(?<=[？?])", text) if p.strip(" ？?")] or [text]
        answers: list[Answer] = []
        for part in parts:
            answer = self.ask(part, top_k, topic=topic)
            if answer.topic is not None:
                topic = answer.topic.name
            answers.append(answer)
        return answers

    def _passages(self, name: str) -> list[Passage]:
        rows = {(p.article_id, p.position): p.id for p in self.paragraphs}
        found: list[Passage] = []
        for article_id in self.topic_articles[name]:
            article = self.articles[article_id]
            for position, text in enumerate(article.paragraphs):
                found.append(Passage(
                    rank=len(found) + 1, score=10.0 - len(found),
                    paragraph_id=rows[(article_id, position)], article_id=article_id,
                    title=article.title, column=article.column, byline=article.byline,
                    source=article.source, paragraph=text, sentence=text, snippet=text,
                    highlights=(name,) if name in text else (),
                    evidence=article.paragraphs[position + 1]
                    if position + 1 < len(article.paragraphs) else "",
                    page=self.page_label(article.source)))
        return found
