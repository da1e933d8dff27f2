"""Re-ranking BM25's candidates by how well they answer, and ordering the results.

Each candidate paragraph is scored once: BM25 (scaled to the best hit), how much
of the question's weight it and its article hold, and its best sentence — the one
with the most question weight and the best fit for the intent (spans.fit). The
best sentence is kept on the candidate, so composing the answer never recomputes
it. Ordering then keeps the results on the question's topic: other articles come
before the best article's further paragraphs only when they cover the topic too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from retrieval.answer.query import Query
from retrieval.answer.spans import fit, people, places
from retrieval.answer.subject import NOT_A_NAME_START
from retrieval.models import Article, Hit, Paragraph

# Weights of the parts of a candidate's value, relative to the best BM25 score (= 1.0).
# Each is measured by an ablation on the project's question sets (docs/ranking.md).
CONTEXT_WEIGHT = 1.0  # share of the question's weight in paragraph + heading + title
SENTENCE_WEIGHT = 0.6  # share of the question's weight in the best sentence
FIT_WEIGHT = 1.2  # the best sentence gives what the intent asks for
SPAN_INTENTS = frozenset({"number", "when", "where", "who"})
RERANK_DEPTH = 30  # BM25's best hits scored sentence by sentence; the rest keep BM25 order
ARTICLE_SHARE = 0.5  # of a question word found in the article but not in the paragraph
CARRY_BACK_SHARE = 0.6  # of the next sentence's question words a sentence is credited with
# A candidate this close to the best one, whose sentence fits the intent by this much
# more, answers first (企业咋评价的: the quote, not the paragraph naming 企业 most).
FIT_PROMOTION_SHARE = 0.85
FIT_PROMOTION_GAP = 0.5
# Another article's passage joins the top results only this close to the best one.
RELEVANT_SHARE = 0.75
# A passage of the best's article that answers where the best cannot, with this share of
# its value, comes first (冬天有暖气吗: 冬天统一供热, not the village's活动室 scene)
NEXT_IN_ARTICLE_SHARE = 0.65


@dataclass(frozen=True)
class SentenceView:
    text: str  # as the corpus writes it
    normalized: str
    tokens: frozenset[str]
    start: int  # offset in the paragraph


@dataclass(frozen=True)
class Candidate:
    hit: Hit
    paragraph: Paragraph
    article: Article
    sentences: tuple[SentenceView, ...]
    best: int  # index of the answering sentence
    fit: float
    coverage: float  # in the paragraph's context (title, heading, paragraph)
    on_topic: bool  # mentions the question's topic (or, without one, a topical word)
    value: float
    # the question it replies to, normalised, when it is put first for it (its words
    # are what the reply is about): KnowledgeBase._reply_first
    replied_to: str = ""

    @property
    def sentence(self) -> SentenceView:
        return self.sentences[self.best]


@dataclass(frozen=True)
class Evidence:
    """What the knowledge base knows about one paragraph, computed at build time."""

    paragraph: Paragraph
    article: Article
    heading: str  # the subheading it sits under ("" if none)
    context: str  # normalised title + heading + paragraph
    context_tokens: frozenset[str]
    article_text: str  # normalised title + every paragraph of the article
    sentences: tuple[SentenceView, ...]
    # per sentence, the name its 该支队 stands for and the speaker of its quotation
    # ("" for none): referents.py
    referents: tuple[str, ...] = ()


# A sentence about another place of the kind asked (巴音乌素嘎查… when 希日摩仁嘎查 is
# asked about, in a paragraph going through villages) keeps this share of its value.
OTHER_PLACE_SHARE = 0.3

# A question the article asks itself (基层党课由谁来讲，在哪儿讲、怎么讲？) is no answer:
# the sentence after it, which answers it, takes its words; it keeps this share. (A
# question quoted from someone is answered by the reply: KnowledgeBase.ranked.)
QUESTION_SHARE = 0.3
_ASKS_ITSELF = re.compile(r"[?？]$")
_ASKED_ALOUD = re.compile(r"[?？][”\"’']+$")


def asks_itself(text: str) -> bool:
    """A sentence that is a question of its own (…怎么讲？), not one quoted."""
    return _ASKS_ITSELF.search(text.strip()) is not None


def is_asked_aloud(text: str) -> bool:
    """A quoted question (“…能不能找人修一下?”)."""
    return _ASKED_ALOUD.search(text.strip()) is not None


_LOCAL_KINDS = ("嘎查", "村", "社区", "小区", "苏木", "镇", "乡", "街道")


def asked_places(query: Query) -> tuple[str, ...]:
    """The villages, communities … the question names (the kinds that lists go through)."""
    found = []
    for a, b in places(query.normalized):
        span = query.normalized[a:b]
        # 北台子村厕所: a place run on into the thing asked about (厕所 ends in 所)
        cut = max((span.rfind(k) + len(k) for k in _LOCAL_KINDS if span.rfind(k) > 0),
                  default=0)
        if cut > 2:
            found.append(span[:cut])
            # 林西县佳顺社区: the article may put a street between (林西县城北街道佳顺社区)
            inner = _IN_A_COUNTY.match(span[:cut])
            if inner is not None and len(inner.group(1)) > 2:
                found.append(inner.group(1))
    return tuple(found)


_IN_A_COUNTY = re.compile(r"[\u4e00-\u9fff]{2,}?(?:旗|县|市|盟)([\u4e00-\u9fff]{3,})$")


_SPEAKER_LEAD = re.compile(r"[“\"「]?(?:我们|咱们|俺们)?")


def _about_another_place(sentence: str, asked: tuple[str, ...]) -> bool:
    """The sentence opens with a place of an asked kind other than the question's
    (巴音乌素嘎查依托… in a paragraph going village by village); a question's place may
    carry a word before it (修大土城村)."""
    if not asked or any(a in sentence for a in asked):
        return False
    # (asked: only those its article names; a misspelt place would make every place "other")
    kinds = tuple({k for a in asked for k in _LOCAL_KINDS if a.endswith(k)})
    # (a speaker's “我们风水沟镇兴隆坡村,…” opens with the place too)
    lead = _SPEAKER_LEAD.match(sentence)
    start = lead.end() if lead else 0
    opening = next((sentence[a:b] for a, b in places(sentence) if a == start), "")
    return (len(opening) > 2 and opening.endswith(kinds) and opening[0] not in NOT_A_NAME_START
            and not any(a.endswith(opening) or opening.endswith(a) for a in asked))


# characters: a person named this close to the start of the sentence after a quotation is
# its speaker (居民郝三文有些着急了, 城南街道老党员董和高高兴地说)
QUOTE_SPEAKER_WITHIN = 10


def _speaker_after_quote(before: str, sentence: str) -> bool:
    """`sentence` names who said the quotation `before` (“…不掉链。” 城南街道老党员董和高兴地说)."""
    if not before.rstrip().endswith(("”", '"')):
        return False
    named = people(sentence)
    return bool(named) and min(a for a, _ in named) < QUOTE_SPEAKER_WITHIN


def score_candidate(hit: Hit, top_score: float, ev: Evidence, query: Query,
                    asked: tuple[str, ...] = ()) -> Candidate:
    """One candidate's value and best sentence (see the module docstring); `asked` are
    the question's places (asked_places)."""
    topic_words = query.topic_forms
    best, best_key, best_fit = 0, (-1.0,), 0.0
    # Named things count from the paragraph's context: a paragraph about 察哈尔社区
    # answers in a sentence that says 社区 or nothing at all.
    # (该支队 holds what the name it stands for holds)
    refs = ev.referents or ("",) * len(ev.sentences)
    own = [query.coverage(f"{s.normalized} {ref}" if ref else s.normalized, s.tokens,
                          ev.context) for s, ref in zip(ev.sentences, refs, strict=True)]
    # (after a sentence opening with another place of the kind asked, the paragraph goes
    # on about that place until it names an asked one: 铜都社区党委书记赵会红…; 一大早，
    # 赵会红便通过… when 佳顺社区's 书记 is asked)
    elsewhere = False
    for index, sentence in enumerate(ev.sentences):
        # A sentence may answer what the next one asks about: the channels listed before
        # "居民可以通过多种渠道反映意见。".
        after = own[index + 1] if index + 1 < len(own) else 0.0
        share = max(own[index], CARRY_BACK_SHARE * after)
        if index > 0 and asks_itself(ev.sentences[index - 1].text):
            share = max(share, own[index - 1])  # the answer to the question before it
        if query.speaker_asked and index > 0 and _speaker_after_quote(
                ev.sentences[index - 1].text, sentence.text):
            # 说…不掉链的是谁: the sentence naming who said the quotation before it
            share = max(share, own[index - 1])
        sentence_fit = fit(sentence.text, sentence.normalized, query, ev.heading)
        if asked and any(a in sentence.text for a in asked):
            elsewhere = False
        elif _about_another_place(sentence.text, asked):
            elsewhere = True
        if elsewhere:
            share, sentence_fit = OTHER_PLACE_SHARE * share, OTHER_PLACE_SHARE * sentence_fit
        if index + 1 < len(ev.sentences) and asks_itself(sentence.text):
            share, sentence_fit = QUESTION_SHARE * share, QUESTION_SHARE * sentence_fit
        key = (round(share + FIT_WEIGHT * sentence_fit, 6),)
        if key == best_key and key[0] > 0 and share > 0 and (
                query.coverage(sentence.normalized, sentence.tokens)
                > query.coverage(ev.sentences[best].normalized, ev.sentences[best].tokens)):
            # a tie on words the paragraph's context holds (西瓜, 北京 named in another
            # sentence): the sentence that names them itself
            best, best_fit = index, sentence_fit
        elif key > best_key:  # strict: otherwise the earlier sentence wins ties
            best, best_key, best_fit = index, key, sentence_fit
    # Words only the rest of the article holds count half: the article is about
    # them, this paragraph need not repeat them.
    here = query.coverage(ev.context, ev.context_tokens, ev.article_text)
    article = query.coverage(ev.article_text, frozenset(), ev.article_text)
    coverage = here + ARTICLE_SHARE * max(0.0, article - here)
    # About the topic: the paragraph names it, or its article does (an article about
    # 比武争星 goes on about it without repeating the name in every paragraph).
    on_topic = (not topic_words or any(w in ev.context for w in topic_words)
                or (query.topic is not None and query.topic.name in ev.article_text)) and all(
        any(form in ev.article_text for form in query.forms_of(name)) for name in query.names)
    value = (hit.score / (top_score or 1.0) + CONTEXT_WEIGHT * coverage
             + SENTENCE_WEIGHT * best_key[0])
    return Candidate(hit, ev.paragraph, ev.article, ev.sentences, best, best_fit,
                     coverage, on_topic, value)


def rerank(hits: Sequence[Hit], evidence: Callable[[int], Evidence],
           query: Query) -> list[Candidate]:
    """Candidates best first; BM25 order breaks ties.

    evidence(paragraph_id) gives a paragraph's evidence."""
    if not hits:
        return []
    top = hits[0].score
    asked = asked_places(query)
    scored = []
    for hit in hits[:RERANK_DEPTH]:
        ev = evidence(hit.paragraph_id)
        here = tuple(a for a in asked if a in ev.article_text)
        scored.append(score_candidate(hit, top, ev, query, here))
    scored.sort(key=lambda c: -c.value)  # stable
    # Further hits keep BM25's order after the re-ranked ones (for 更多结果 pages).
    floor = min((c.value for c in scored), default=0.0)
    for hit in hits[RERANK_DEPTH:]:
        ev = evidence(hit.paragraph_id)
        on_topic = not query.topic_forms or any(w in ev.context for w in query.topic_forms)
        scored.append(Candidate(hit, ev.paragraph, ev.article, ev.sentences, 0, 0.0,
                                query.coverage(ev.context, ev.context_tokens), on_topic,
                                floor - 1.0))
    return scored


def order_results(ranked: Sequence[Candidate],
                  can_answer: Callable[[Candidate], bool] | None = None,
                  *, next_in_article: bool = False) -> list[Candidate]:
    """Results on the topic only; other articles first only when comparably relevant.

    First comes the best candidate, unless one nearly as relevant (FIT_PROMOTION_SHARE)
    fits the intent clearly better (FIT_PROMOTION_GAP) and can answer (`can_answer`);
    with next_in_article, a best that cannot answer gives way to a passage of its article
    nearly as relevant (RELEVANT_SHARE) that can.

    After the best candidate come, in value order, the best article's further
    paragraphs and the other articles' passages whose value reaches RELEVANT_SHARE
    of the best; the other on-topic passages follow. Passages that do not mention
    the topic are no results at all.
    """
    on_topic = [c for c in ranked if c.on_topic]
    if not on_topic:
        return []
    first = on_topic[0]
    better = next((c for c in on_topic[1:] if c.value >= FIT_PROMOTION_SHARE * first.value
                   and c.fit >= first.fit + FIT_PROMOTION_GAP
                   and (can_answer is None or can_answer(c))), None)
    if better is None and next_in_article and can_answer is not None and not can_answer(first):
        # the best cannot answer (板凳议事会现在咋开的: nothing of 开 in it); a passage
        # nearly as relevant, of the same article, that does
        better = next((c for c in on_topic[1:] if c.article.id == first.article.id
                       and c.value >= NEXT_IN_ARTICLE_SHARE * first.value and can_answer(c)),
                      None)
    if better is not None:
        # nearly as relevant and it gives what is asked where the first does not
        on_topic = [better, *(c for c in on_topic if c is not better)]
        first = better
    near: list[Candidate] = []
    far: list[Candidate] = []
    for candidate in on_topic[1:]:
        same = candidate.article.id == first.article.id
        (near if same or candidate.value >= RELEVANT_SHARE * first.value else far).append(candidate)
    return [first, *near, *far]
