"""The knowledge base: one immutable build of corpus, tokenizer, index and names,
and the one call the bot makes: `ask`.

`KnowledgeBase.ask` only reads, so one instance serves many threads at once; the
build itself (blocking, seconds) lives in retrieval.answer.build.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property

from retrieval.answer.compose import answer_line, make_passage
from retrieval.answer.continuation import (
    Shown,
    asks_to_go_on,
    line_piece,
    sentence_after,
    sentence_of,
)
from retrieval.answer.credit import asks_credit, asks_photo, credit_line, pointed_at
from retrieval.answer.forms import question_forms
from retrieval.answer.gathered import gathered_line
from retrieval.answer.names import NameIndex
from retrieval.answer.query import (
    LOCATING_VERBS,
    Query,
    Resources,
    Term,
    TopicRef,
    is_elliptical,
    refers_back,
    understand,
)
from retrieval.answer.referents import sentence_referents
from retrieval.answer.rerank import (
    FIT_PROMOTION_SHARE,
    QUOTE_SPEAKER_WITHIN,
    RELEVANT_SHARE,
    SPAN_INTENTS,
    Candidate,
    Evidence,
    SentenceView,
    asked_places,
    is_asked_aloud,
    order_results,
    rerank,
    score_candidate,
)
from retrieval.answer.spans import (
    COMMON_WORD_FREQUENCY,
    asks_for_a_kind,
    asks_for_a_kind_of_place,
    places,
)
from retrieval.answer.spans import fit as sentence_fit
from retrieval.answer.split import split_questions
from retrieval.answer.subject import place_subject
from retrieval.config import RetrievalConfig
from retrieval.index.bm25 import InvertedBM25, RankBM25Engine
from retrieval.models import (
    Answer,
    AnswerLine,
    Article,
    Hit,
    LoadReport,
    Paragraph,
    Topic,
    TopicInfo,
)
from retrieval.text import thesaurus
from retrieval.text.background import is_proper_noun, is_verb, light_words
from retrieval.text.dictionary import CuratedTerms
from retrieval.text.normalize import normalize
from retrieval.text.sentences import split_sentences
from retrieval.text.tokenizer import Tokenizer, base_frequency

# Span intents (a number, a date, a place, a person): a passage without the span
# does not answer them, however well it matches the words.
CREDIT_SHARE = 0.6  # items as relevant as this share of the best may be the one credited
MIN_SPAN_FIT = 0.3  # a quantity in another unit still answers 多少 (0.4)


# A follow-up whose best passage does not answer takes one of the conversation's article
# that does at this share of the best's value (RELEVANT_SHARE when the best answers).
UNANSWERED_BEST_SHARE = 0.5
UNANSWERED_COVERAGE_SHARE = 0.7  # …holding this share of the best one's coverage
# A span answer (the count, the place, the person asked) in the conversation's article
# answers with this much of the question's weight (the rest in the article's own words).
CONVERSATION_MIN_COVERAGE = 0.35
# A follow-up whose own words weigh less than two rare words is about the conversation's
# topic: another article that never names it does not answer it.
STRAY_WEIGHT = 8.0
OWN_NAME_CHARS = 5  # a word of the articles this long names a subject of the question's own

# Follow-ups whose intent any sentence about the topic fits (他们平时干啥): they get
# something new rather than the line just shown.
VAGUE_INTENTS = frozenset({"definition", "unknown"})

# Where a place name of a chain ends (乌兰察布市|集宁区|泉山街道), and the lengths of
# the names near-names are looked for among (two characters are too easily near)
_ADMIN_END = re.compile(r"自治区|自治旗|市|盟|旗|县|区|镇|乡|苏木|嘎查|村|街道|社区")
MIN_PLACE_NAME, MAX_PLACE_NAME = 3, 8
_CJK_ONLY = re.compile(r"[\u4e00-\u9fff]+")
_NOT_IN_A_PLACE_NAME = re.compile(r"^[各全本该这那每此其]|[我你他她们和与以借面的在了对为将把被任]")
# 还搞了啥, 还有哪些, 别的呢: something besides what was just shown is asked
_ASKS_ELSE = re.compile(r"还(?:有|搞|干|做|弄|办|修|建|开展|举办|推出|说|讲|提|学|教)?了?(?:些|点)?"
                        r"(?:啥|什么|哪些|别的)|别的|其他的?(?:呢|吗|啥)?$")
# A question about the statement just shown (谁说的, 哪个村的书记讲的): its speaker.
_SPEAKS = re.compile(r"说|表示|介绍|告诉|讲述|坦言|感慨")
# A question opening with a kind of place alone (社区多少人, 村里几户, 这个小区在哪)
_KIND_FIRST = re.compile(r"^(?:这个|那个|该)?(社区|小区|嘎查|村)(?![委民两长支])")
# 他 / 她 alone (not 他们, 其他, 他人, 吉他): one person, the one the last answer named
_HE_OR_SHE = re.compile(r"(?<![其吉])[他她](?![们人乡])")
_ABOUT_THE_STATEMENT = re.compile(r"(?:说|讲|介绍|提出|反映)的[吗呢啊吧]?$|谁(?:说|讲|反映|问)的")

# A question for what something is called (叫啥, 啥名字): the name in the answer.
_ASKS_A_NAME = re.compile(r"叫(?:啥|什么)|(?:啥|什么)名")
_QUOTED = re.compile(r"“([^”]{2,30})”")
# 那个 before a noun of its own (那个女生…) points at that noun, not back at the topic
_PRONOUN_FREE = re.compile(r"(?:那个|这个)(?=[\u4e00-\u9fff]{2})")

# Intents a reply answers better than the question it replies to (咋处理的, 结果咋样)
REPLY_ANSWERS = frozenset({"how", "effect", "unknown", "definition"})

# Intents whose question asks something about its topic (how to 报名, where to 买到): a
# paragraph that mentions the topic but none of what is asked does not answer them.
ASKS_ABOUT_AN_ACTION = frozenset({"how", "where", "yesno"})


def yes_no_predicate(query: Query, asked: tuple[Term, ...]) -> tuple[Term, ...]:
    """The asked words after the question's last named thing (a known topical word):
    what a yes/no question asks of it; all of them when none follows."""
    ends = [query.normalized.rfind(t.text) + len(t.text) for t in query.terms
            if t.known and t.topical and t.text in query.normalized]
    last = max(ends, default=0)
    after = tuple(t for t in asked if query.normalized.find(t.text, last) >= 0)
    return after or asked


# A phone number, an address to write to, asked (电话多少, 给个联系方式); and what gives one.
_ASKS_CONTACT = re.compile(
    r"(?:电话|手机号?|联系方式|联系电话|号码|微信号?|邮箱|网址|热线)(?:是|号码)?(?:多少|几|啥|什么)?号?"
    r"[吗呢啊吧呀]*$|(?:给|要|留|发)(?:个|一个|下|一下)?(?:电话|手机号?|联系方式|微信号?|邮箱)")
_CONTACT = re.compile(r"\d{7,}|\d{3,4}-\d{7,8}|@|www\.|https?:")

# What a paragraph says of the future: a plan, a target, what will be done next.
_PLAN = re.compile(r"将(?:在|于|进一步|继续|持续|全面|逐步)|计划|下一步|今后|预计|即将|力争"
                   r"|明年|下半年|到20\d\d年|拟|筹备")


def answers(best: Candidate, query: Query, min_coverage: float) -> bool:
    """Whether the best candidate answers: enough of the question's weight, on its
    topic, no topical word the corpus lacks, and, for span intents, a sentence that
    holds the asked-for span."""
    if (best.coverage < min_coverage or not best.on_topic or query.missing_topic
            or query.missing_subject):
        return False
    nouns = [t for t in query.asked_terms if t.topical and not is_verb(t.text)]
    if query.intent == "unknown" and nouns and nouns[-1].absent_noun:
        # 村支书手机号给一个: what is asked for, the last noun (手机号), no article has
        return False
    if query.intent in ("number", "list") and nouns and nouns[-1].absent_noun and (
            nouns[-1].dictionary_word and not any(
                nouns[-1].found_in(s.normalized, s.tokens) for s in best.sentences)):
        # 景区门票多少钱: what is counted (门票) no article has, 亩均增收1000元 is no price;
        # 进口哪些货物: the kind of things listed (货物) no article names
        return False
    if query.unsaid_action:
        return False  # 云平台在哪下载: no article says a word of 下载
    if query.absent_kind:
        return False  # 在哪个酒店住: no article names a 酒店
    if _ASKS_CONTACT.search(query.normalized) and not any(
            _CONTACT.search(s.text) for s in best.sentences):
        return False  # 局长电话多少: a sentence naming him gives no number to call
    if any(not any(said.search(s.normalized) for s in best.sentences)
           for said in query.needs_said):
        return False  # 网上哪家店能买到: a paragraph naming no shop and no sale does not say
    if query.future and not any(_PLAN.search(s.normalized) for s in best.sentences):
        return False  # 明年还搞不, 下个月还办吗: reports of what was done do not say
    if query.intent == "yesno" and any(
            t.absent_noun and not any(t.found_in(s.normalized, s.tokens) for s in best.sentences)
            for t in query.terms):
        return False  # 会扣工资吗 with no word for 工资: the passage cannot say yes or no
    asked = (query.asked_terms if query.topic is not None
             and query.intent in ASKS_ABOUT_AN_ACTION else ())
    if query.intent == "where":
        # 位于哪个旗: a place's name says where it lies, with or without 位于
        asked = tuple(t for t in asked if t.text not in LOCATING_VERBS)
    if query.intent == "yesno" and query.topic is None and query.names:
        # 集宁后天下不下雨: a place alone is no topic; something asked about it must be there
        # (赤峰明天下不下雪: 大雪天 holds 雪, it does not say whether it snows)
        asked = tuple(dataclasses.replace(t, alternatives=()) if t.backoff else t
                      for t in query.terms if t.text not in query.names and len(t.text) > 1)
    if query.intent == "yesno" and asked and all(
            not t.known and not (t.alternatives and not t.backoff)
            for t in yes_no_predicate(query, asked)):
        # 那些文明实践站周末开门不: what is asked of the 实践站 is 周末开门, the words after
        # the last thing it names, and the articles have no word of it
        return False
    # Leniently, as text: 水 is in 河水 though not one of its tokens.
    texts = [s.normalized for s in best.sentences]
    if best.replied_to:
        texts.append(best.replied_to)
    if asked and not any(any(word in text for word in (t.text, *t.alternatives))
                         or (t.parts and all(p in text for p in t.parts))
                         for text in texts for t in asked):
        return False  # 网格员咋报名: a paragraph about 网格员 that never says a word of 报名
    return query.intent not in SPAN_INTENTS or best.fit >= MIN_SPAN_FIT


def _asks_about_the_paragraph(query: Query, text: str) -> bool:
    """The question's words are all in the paragraph just shown, in some form (去救: 营救;
    a light first character, 去 or 来, is only the direction of the verb): 哪个所去救的
    asks about it, 打快板宣讲的书记叫啥 (快板 elsewhere) does not."""
    asked = query.asked_terms
    # (the conversation's topic need not be said again: after 暴风雪那次咋回事 in the
    # 恩和哈达 conversation, the shown paragraph about the rescue names no 恩和哈达)
    carried = query.topic is not None and query.topic.source == "conversation"
    return (bool(asked) and all(_said_in(t, text) for t in (asked if carried else query.terms)
                                if t.topical)
            and _holds_what_is_asked(query, text))


def _said_in(term: Term, text: str) -> bool:
    """The term in the text in some form (a light first character, 去 or 来, is only the
    direction of the verb: 去救 is said by 营救)."""
    word = term.text[1:] if len(term.text) == 2 and term.text[0] in "去来给" else term.text
    return bool(word) and (word in text or any(a in text for a in term.alternatives))


def _holds_what_is_asked(query: Query, text: str) -> bool:
    return any(_said_in(t, text) for t in query.asked_terms)


def _names_the_nouns(candidate: Candidate, query: Query) -> bool:
    """The candidate's sentence holds every noun the question asks about, in some form."""
    nouns = [t for t in query.terms if t.topical and not is_verb(t.text)]
    sentence = candidate.sentence
    return bool(nouns) and all(t.found_in(sentence.normalized, sentence.tokens) > 0
                               for t in nouns)


def _first(chosen: Candidate, candidates: list[Candidate]) -> list[Candidate]:
    """The candidates with `chosen` first (put there if it was not among them)."""
    return [chosen, *(c for c in candidates if c is not chosen)]


def _tells_more(candidate: Candidate, shown: Shown, query: Query) -> bool:
    """The candidate's sentence says what the question asks in a part the line shown
    left out (啥景区 after the answer cut to 书记何泽承告诉记者…, whose sentence goes on
    to the 旅游景区): answering with it again is no repetition."""
    sentence = candidate.sentence
    return any(t.topical and t.found_in(sentence.normalized, sentence.tokens) > 0
               and not _said_in(t, shown.line) for t in query.asked_terms)


QUOTATION_SENTENCES = 4  # sentences a quotation may run on before who said it


def _attribution_of(sentences: Sequence[SentenceView], index: int) -> int | None:
    """The sentence saying who spoke the quotation that sentence `index` opens: the one
    right after the sentence closing it, when it says someone said it."""
    if not sentences[index].text.lstrip().startswith(("“", '"')):
        return None
    for at in range(index, min(index + QUOTATION_SENTENCES, len(sentences) - 1)):
        if sentences[at].text.rstrip().endswith(("”", '"')):
            after = at + 1
            return after if _SPEAKS.search(sentences[after].text) else None
    return None


def _same_line(candidate: Candidate, shown: Shown) -> bool:
    """The candidate would answer with the line already shown."""
    piece = line_piece(shown.line)
    return (candidate.paragraph.id == shown.paragraph_id and bool(piece)
            and piece in candidate.sentence.text)


# Bump when parsing or tokenisation changes what a corpus turns into: it is part of
# the snapshot key, so an index built by older code is never loaded for new paragraphs.
PIPELINE_VERSION = "6"
CANDIDATES = 50  # paragraphs BM25 hands to the re-ranker
MAX_CACHED_EVIDENCE = 50_000  # paragraphs whose sentences and tokens are kept in memory


# “…别着急,已经找人拆下来去返厂维修了。”社区第一书记苏珊耐心回答道。: a reply
_REPLIES = re.compile(r"(?:回答|答道|回应|答复|回复)(?:道|说)?[。！!]?$")
_ASKED_IN_QUOTES = re.compile(r"[?？][”\"]")


def _question_replied_to(article: Article, paragraph: Paragraph) -> str:
    """The paragraph before, when this one replies to the question it quotes (the reply
    is about what was asked: 路灯 is in the question, 苏珊 in the reply); else ""."""
    before = paragraph.position - 1
    if before < 0 or not _REPLIES.search(paragraph.text.strip()):
        return ""
    text = article.paragraphs[before]
    return text if _ASKED_IN_QUOTES.search(text) else ""


@dataclass(frozen=True, eq=False)  # eq=False: hashed by identity, cheap for lru caches
class KnowledgeBase:
    config: RetrievalConfig
    articles: tuple[Article, ...]
    paragraphs: tuple[Paragraph, ...]
    report: LoadReport
    tokenizer: Tokenizer
    engine: InvertedBM25 | RankBM25Engine  # same interface
    curated: CuratedTerms
    quoted: frozenset[str]  # terms the articles put in quotation marks
    people: frozenset[str]  # people the articles name after a role (书记高雪芹)
    page_labels: dict[str, str]  # source file -> label for citations (corpus/pages.yaml)
    version: str  # changes whenever corpus, dictionary or index parameters change
    build_seconds: float
    from_snapshot: bool

    # -- derived, computed once (warm() does it in the builder's thread) -------------
    @cached_property
    def _evidence_cache(self) -> dict[int, Evidence]:
        return {}

    @cached_property
    def _article_texts(self) -> tuple[str, ...]:
        """Normalised title + every paragraph, per article."""
        return tuple(normalize(" ".join((a.title, *a.paragraphs))) for a in self.articles)

    def evidence(self, paragraph_id: int) -> Evidence:
        """A paragraph's article, heading, normalised context, tokens and sentences,
        computed on first use and kept (a dict write is atomic: safe across threads)."""
        cached = self._evidence_cache.get(paragraph_id)
        if cached is not None:
            return cached
        p = self.paragraphs[paragraph_id]
        article = self.articles[p.article_id]
        heading = article.heading_of(p.position)
        sentences, start = [], 0
        for piece in split_sentences(p.text) or [p.text]:
            at = max(p.text.find(piece, start), 0)
            sentences.append(SentenceView(piece, normalize(piece),
                                          frozenset(self.tokenizer.tokens(piece)), at))
            start = at + len(piece)
        asked = _question_replied_to(article, p)
        head_tokens = self.tokenizer.tokens(f"{article.title}\n{heading}\n{asked}")
        ev = Evidence(
            paragraph=p, article=article, heading=heading,
            context=normalize(f"{article.title}\n{heading}\n{asked}\n{p.text}"),
            context_tokens=frozenset(head_tokens).union(*(s.tokens for s in sentences)),
            article_text=self._article_texts[p.article_id], sentences=tuple(sentences),
            referents=sentence_referents([s.normalized for s in sentences]),
        )
        if len(self._evidence_cache) > MAX_CACHED_EVIDENCE:
            self._evidence_cache.clear()  # bounded; rebuilt on demand
        self._evidence_cache[paragraph_id] = ev
        return ev

    @cached_property
    def _search_texts(self) -> tuple[str, ...]:
        """Normalised title + heading + paragraph per row (what a hit must hold)."""
        return tuple(
            normalize(f"{self.articles[p.article_id].title}\n"
                      f"{self.articles[p.article_id].heading_of(p.position)}\n{p.text}")
            for p in self.paragraphs
        )

    @cached_property
    def names(self) -> NameIndex:
        corpus_text = "\n".join(self._search_texts)
        initiatives = [normalize(t.name) for t in self._topics]
        others = [normalize(n) for n in (*self.curated.names, *self.quoted)]
        return NameIndex.build(initiatives, [n for n in others if n in corpus_text],
                               corpus_text, people=[normalize(p) for p in self.people],
                               typo_only=self._admin_place_names)

    @cached_property
    def _admin_place_names(self) -> list[str]:
        """The towns, banners and villages the articles name, one by one (乌兰察布市,
        集宁区 of 乌兰察布市集宁区): names a question may mistype (武穿县 for 武川县)."""
        found: dict[str, None] = {}
        for text in self._search_texts:
            for a, b in places(text):
                start = a
                for m in _ADMIN_END.finditer(text, a, b):
                    piece = text[start:m.end()]
                    # (我们社区, 以河南街道, 开展嘎查, 责任区: a phrase or a common word)
                    if (MIN_PLACE_NAME <= len(piece) <= MAX_PLACE_NAME
                            and _CJK_ONLY.fullmatch(piece)
                            and not _NOT_IN_A_PLACE_NAME.search(piece)
                            and not is_verb(piece[:2])
                            and base_frequency(piece) < COMMON_WORD_FREQUENCY):
                        found[piece] = None
                    start = m.end()
        return list(found)

    def phrase_frequency(self, text: str) -> int:
        """Paragraphs whose title, heading or text holds `text` (a scan: used only for
        question words the index does not know)."""
        if text not in self.names.corpus_text:
            return 0
        return sum(text in t for t in self._search_texts)

    @cached_property
    def resources(self) -> Resources:
        return Resources(question_forms(), self.tokenizer, self.names,
                         self.engine.document_frequency, self.phrase_frequency,
                         len(self.paragraphs))

    def warm(self) -> None:
        """Compute the derived data now, in the builder's thread, not on a question."""
        _ = self._topics, self.resources
        self.names.warm()
        light_words(), is_proper_noun("")
        thesaurus.warm()
        if len(self.paragraphs) <= MAX_CACHED_EVIDENCE:
            for paragraph in self.paragraphs:
                self.evidence(paragraph.id)

    # -- questions ------------------------------------------------------------------
    def understand(self, question: str, topic: str | None = None,
                   asked_before: str | None = None) -> Query:
        return understand(question[: self.config.max_question_chars], self.resources, topic,
                          asked_before)

    def search(self, query: Query, k: int = CANDIDATES) -> list[Hit]:
        """BM25's best paragraphs that score and hold one of the question's words.

        The score alone cannot tell: BM25Plus gives every paragraph a positive
        score, matching or not.
        """
        pairs = query.search_tokens
        if not pairs or not self.paragraphs:
            return []
        tokens = [t for t, _ in pairs]
        # synonyms the articles use instead of the user's word count less (EXPANSION_SHARE)
        ids, scores = self.engine.top_k(tokens, min(k, len(self.paragraphs)),
                                        weights=[w for _, w in pairs])
        texts = self._search_texts
        words = set(tokens)
        return [
            Hit(int(i), float(s)) for i, s in zip(ids, scores, strict=True)
            if s > 0 and any(w in texts[i] for w in words)
        ]

    def ranked(self, query: Query) -> list[Candidate]:
        """Re-ranked candidates, ordered to stay on the question's topic."""
        hits = self.search(query)
        min_coverage = self.config.min_coverage
        # how / where / yes-no: the best passage may say nothing of what is asked
        # (咋开的) while one beside it does
        ordered = order_results(rerank(hits, self.evidence, query),
                                lambda c: answers(c, query, min_coverage),
                                next_in_article=query.intent in ASKS_ABOUT_AN_ACTION)
        return self._reply_first(ordered, query)

    def _reply_first(self, candidates: list[Candidate], query: Query) -> list[Candidate]:
        """A question someone asked aloud (“路灯不亮了,能不能找人修一下?”) does not say what
        was done about it: the reply after it (“别着急,已经找人…返厂维修了。”…回答道) does.
        (Who asked, how many lamps, where: the question itself says.)"""
        if not candidates or query.intent not in REPLY_ANSWERS:
            return candidates
        first = candidates[0]
        if not is_asked_aloud(first.sentence.text):
            return candidates
        reply = next((c for c in candidates[1:] if c.article.id == first.article.id
                      and c.paragraph.position == first.paragraph.position + 1
                      and _question_replied_to(c.article, c.paragraph)), None)
        if reply is None:
            return candidates
        asked = " ".join(s.normalized for s in first.sentences)
        return [dataclasses.replace(reply, replied_to=asked),
                *(c for c in candidates if c is not reply)]

    def ask(self, question: str, top_k: int | None = None, offset: int = 0,
            *, keep_weak: bool = False, topic: str | None = None,
            asked_before: str | None = None, article: int | None = None,
            shown: Shown | None = None) -> Answer:
        """Answer a question, or say it is not answered.

        `topic` is the conversation's topic: used only when the question names none
        of its own (在哪儿搞的, 它有什么效果). keep_weak=True keeps the passages of an
        unanswered question (for evaluation and --json). `asked_before` is the intent of
        the conversation's last answer (for elliptical follow-ups: 党员呢), `article` the
        article it came from: a follow-up on the conversation's topic is answered there
        when that article answers it nearly as well as the best one. `shown` is where
        that answer came from: 后来呢 / 接着说 is answered by what the article says next.
        """
        top_k = self.config.top_k if top_k is None else max(1, top_k)
        query = self.understand(question, topic, asked_before)
        if not query.small_talk and asks_credit(query.normalized):
            credited = self._credit(question, query, topic, asked_before, article)
            if credited is not None:
                return credited
        person = self._person_meant(query, shown)
        if person is not None:  # 他是啥身份 after the answer naming 王春秋: 王春秋是啥身份
            query = self.understand(_HE_OR_SHE.sub(person, query.normalized, count=1),
                                    topic, asked_before)
        placed = self._with_place_meant(query, shown)
        if placed is not None:  # 社区多少人 after the answer naming 察哈尔社区
            query = self.understand(placed, topic, asked_before)
        about_shown = (shown is not None
                       and _ABOUT_THE_STATEMENT.search(query.normalized) is not None)
        if about_shown and query.needs_topic and not query.terms:
            # 谁给介绍的 right after an answer: who said the line just shown
            query = dataclasses.replace(query, needs_topic=False)
        # 谁办的 right after an answer, with no word of its own: who did what was shown;
        # 哪个小区的: which place of that kind the line shown names
        # (the conversation's topic is no word of its own)
        from_shown_line = (shown is not None and not query.small_talk and not about_shown and (
            (query.intent == "who" and not query.terms)
            or (query.intent == "where" and not query.asked_terms
                and asks_for_a_kind_of_place(query))))
        if from_shown_line and query.needs_topic:
            query = dataclasses.replace(query, needs_topic=False)
        if not query.small_talk and asks_to_go_on(query.normalized):
            went_on = self._go_on(question, query, shown, top_k) if shown else None
            if went_on is not None:
                return went_on
            if query.topic is None:  # 后来呢 out of the blue: after what?
                query = dataclasses.replace(query, needs_topic=True)
        candidates = [] if query.small_talk or query.needs_topic else self.ranked(query)
        if query.needs_topic and article is not None and not asks_to_go_on(query.normalized):
            # 这个派出所归哪个支队管, replying to an answer that named no topic: its article
            in_article = dataclasses.replace(query, needs_topic=False)
            found = [c for c in self.ranked(in_article) if c.article.id == article]
            if found and answers(found[0], in_article, self.config.min_coverage):
                query, candidates = in_article, found
        if article is not None and (
                (query.topic is not None and query.topic.source == "conversation")
                or (query.topic is None and not query.names)
                or self._names_only_what_the_article_names(query, article)):
            # a follow-up, or a question naming nothing of its own (民警劝了多久 after
            # the 反诈 answer) or only what that article names too (主题党日叫啥名 after
            # the answer about a 主题党日 in 乌兰毛都): the conversation's article, when it
            # answers as well
            candidates = self._from_article(candidates, article, query)
        if query.intent == "who" and not query.person:
            candidates = self._protagonist_first(candidates)
        if query.speech and query.person:
            candidates = self._quotation_beside(candidates, query)
        if from_shown_line and shown is not None:
            candidates = self._shown_line_first(candidates, shown, query)
        elif shown is not None and about_shown:
            # 哪个村的书记说的 after 据马鞍山村党总支书记刘叶阳介绍，…: who said what was shown
            candidates = self._from_paragraph(candidates, shown, query, speaker=True)
        elif (shown is not None and query.intent in SPAN_INTENTS
              and (query.topic is None or query.topic.source == "conversation")
              and 0 <= shown.paragraph_id < len(self.paragraphs)
              and _asks_about_the_paragraph(query, self.paragraphs[shown.paragraph_id].text)):
            # 哪个所去救的 after the answer from …派出所民警…成功营救数十人: who did what was
            # shown
            candidates = self._from_paragraph(candidates, shown, query, full_fit=True)
        elif (shown is not None and asked_before is not None and query.intent == asked_before
              and is_elliptical(query.normalized) and query.terms
              and 0 <= shown.paragraph_id < len(self.paragraphs)
              and all(t.text in self._search_texts[shown.paragraph_id]
                      for t in query.terms if t.topical)):
            # 社区呢 after 苏木乡镇那层是啥主题, answered from …59个苏木乡镇…以“促振兴”为主题；
            # …140个社区以“创示范”为主题…: the paragraph just shown says it of 社区 too
            candidates = self._from_paragraph(candidates, shown, query)
        asks_else = shown is not None and _ASKS_ELSE.search(query.normalized) is not None
        if (shown is not None and query.topic is not None
                and query.topic.source == "conversation"
                and (query.intent in VAGUE_INTENTS or asks_else)):
            # (a where- or number-question may well be answered by the same sentence;
            # 今年还干了啥 asks for what the line shown is not)
            candidates = self._not_again(candidates, shown, query)
        best = candidates[0] if candidates else None
        answered = best is not None and (
            answers(best, query, self.config.min_coverage)
            or (about_shown and not query.terms and shown is not None
                and best.paragraph.id == shown.paragraph_id
                and _SPEAKS.search(best.sentence.text) is not None)
            or (from_shown_line and shown is not None and best.paragraph.id == shown.paragraph_id
                and best.fit >= 1.0))
        if not answered and article is not None and query.intent in SPAN_INTENTS:
            # 房子改造了多少栋, replying to the answer about a village: 全村31栋房舍 gives
            # the count asked, in the conversation's article, in other words (房舍, 做了)
            own = next((c for c in candidates if c.article.id == article), None)
            # (every thing the question names must be in that sentence, in some word:
            # 门票多少钱 is not answered by 亩均增收1000元, nor 支书手机号 by his name)
            if (own is not None and own.fit >= 1.0 and own.on_topic
                    and own.coverage >= CONVERSATION_MIN_COVERAGE and not query.missing_topic
                    and not query.missing_subject and all(
                        t.found_in(own.sentence.normalized, own.sentence.tokens) > 0
                        for t in query.asked_terms if t.topical and not is_verb(t.text))):
                candidates, best, answered = _first(own, candidates), own, True
        if not answered:
            for reading, within in self._rereadings(question, query, topic, asked_before, article):
                found = self.ranked(reading)
                if within is not None:
                    found = [c for c in found if c.article.id == within]
                if found and answers(found[0], reading, self.config.min_coverage):
                    query, candidates, best, answered = reading, found, found[0], True
                    break
        if (answered and best is not None and self._strays(query, best, topic, article)):
            # 电话多少 after 三减三优是什么: another article's 电话 is no answer about the
            # conversation's topic; its own article may still say it, in its words
            answered = False
            on_topic = self.understand(f"{topic} {question}", None, asked_before)
            found = [c for c in self.ranked(on_topic) if c.article.id == article]
            if found and answers(found[0], on_topic, self.config.min_coverage):
                query, candidates, best, answered = on_topic, found, found[0], True
        page = candidates[offset: offset + top_k] if answered or keep_weak else []
        passages = tuple(
            make_passage(rank, c, query, self.config.snippet_chars,
                         self.page_labels.get(c.article.source, ""))
            for rank, c in enumerate(page, start=offset + 1)
        )
        line = answer_line(best, query, 1) if answered and best is not None else None
        if line is not None and best is not None and "、" not in line.text:
            # 三大工程是哪三个: no sentence lists them; the article names each one
            line = gathered_line(best.article, query, 1) or line
        return Answer(
            query=question,
            answered=answered,
            passages=passages,
            terms=tuple(t.text for t in query.terms),
            unknown_terms=tuple(t.text for t in query.terms if not t.known and t.topical),
            suggestions=() if answered else self.suggestions_for(query, candidates),
            intent=query.intent,
            answer=line,
            topic=(self._topic_of(query, best if answered else None)
                   or self._person_answering(query, line)),
            did_you_mean=query.did_you_mean,
            small_talk=query.small_talk,
            needs_topic=query.needs_topic,
            english=query.english,
        )

    def _credit(self, question: str, query: Query, topic: str | None,
                asked_before: str | None, article: int | None) -> Answer | None:
        """这篇是谁写的, 那张照片谁拍的: the byline of the item the rest of the question
        points at (or, naming nothing, of the conversation's article); None when no item
        with a byline is found, for the ordinary answer to say what it can."""
        rest = pointed_at(query.normalized)
        photo = asks_photo(query.normalized)
        about = self.understand(rest, topic, asked_before) if rest else query
        chosen: Candidate | None = None
        if rest and not about.needs_topic and about.terms:
            ranked = [c for c in self.ranked(about)
                      if answers(c, about, self.config.min_coverage)]
            if ranked:
                near = [c for c in ranked if c.value >= CREDIT_SHARE * ranked[0].value]
                # the photo's own caption for 谁拍的, the text's paragraph otherwise
                chosen = next((c for c in near if (c.article.kind == "photo") == photo),
                              ranked[0])
        elif article is not None and 0 <= article < len(self.articles):
            own = self._paragraphs_of(article)
            if own:
                chosen = score_candidate(Hit(own[0].id, 0.0), 1.0, self.evidence(own[0].id),
                                         about, ())
        if chosen is None or not chosen.article.byline.strip():
            return None
        text = credit_line(chosen.article)
        at = text.rfind(chosen.article.byline)
        line = AnswerLine(text=text, spans=((at, at + len(chosen.article.byline)),), rank=1)
        passage = make_passage(1, chosen, about, self.config.snippet_chars,
                               self.page_labels.get(chosen.article.source, ""))
        return Answer(query=question, answered=True, passages=(passage,),
                      terms=tuple(t.text for t in about.terms), intent="who", answer=line,
                      topic=self._topic_of(about, chosen), did_you_mean=about.did_you_mean)

    def _strays(self, query: Query, best: Candidate, topic: str | None,
                article: int | None) -> bool:
        """In a conversation, a question naming nothing of its own, with the weight of
        about one rare word of its own (电话多少, 有没有视频, not 党的基层委员会任期几年),
        answered from another article that never names the conversation's topic: it
        strayed from the topic."""
        if topic is None or article is None or best.article.id == article:
            return False
        if query.names or (query.topic is not None and query.topic.source != "conversation"):
            return False
        if any(t.known and t.topical and len(t.text) >= OWN_NAME_CHARS for t in query.terms):
            return False  # 那集宁区委编办是咋抓廉洁的: a long name of the articles, its own
        own = sum(t.weight for t in query.terms
                  if t.known and t.topical and t.text != normalize(topic))
        return (own < STRAY_WEIGHT
                and normalize(topic) not in self._article_texts[best.article.id])

    def _rereadings(self, question: str, query: Query, topic: str | None,
                    asked_before: str | None,
                    article: int | None) -> Iterator[tuple[Query, int | None]]:
        """Other readings of a question its first reading leaves unanswered, tried in
        order: (the query, the one article it must be answered from, or None)."""
        if asked_before is not None and query.intent == asked_before and (
                self.understand(question).intent != query.intent):
            # 希日摩仁嘎查呢 after 一年多少: when the same is not said about it, what the
            # articles do say about it
            yield self.understand(question, topic), None
        if (query.topic is not None and query.topic.source == "conversation"
                and not refers_back(_PRONOUN_FREE.sub("", query.normalized))):
            # 那个女生刷单先付了多少钱 after a question about 揭榜挂帅: the words of its own
            # answer it, the remembered topic does not; 他推的项目投资多少 is about 李波
            # still (another article's 投资 is no answer)
            alone = self.understand(question)
            if not alone.needs_topic:
                yield alone, None
        if (topic is not None and article is not None and query.topic is None
                and not query.names and not query.small_talk and not query.needs_topic
                and query.intent not in SPAN_INTENTS and query.intent != "yesno"):
            # 送了啥礼物 after 政治生日是啥: a question naming nothing the articles answer
            # alone may be about the conversation's topic, in its article (not for a
            # number, a date, a place, a person or a yes/no, which a passage of that
            # article would seem to give: VR眼镜多少钱一个 stays unanswered)
            within = self.understand(f"{topic} {question}", None, asked_before)
            yield dataclasses.replace(within, question=question, topic=(
                TopicRef(within.topic.name, "", "conversation") if within.topic else None)
            ), article

    def _not_again(self, candidates: list[Candidate], shown: Shown,
                   query: Query) -> list[Candidate]:
        """A follow-up is not answered with the line just given (他们平时干啥 after 红色小马甲是
        干嘛的): the next candidate that answers and is worth RELEVANT_SHARE of it comes
        first, if there is one."""
        if not candidates or not _same_line(candidates[0], shown):
            return candidates
        first = candidates[0]
        if _tells_more(first, shown, query):
            return candidates
        # (as fitting as the line shown when the question asks for a kind of thing: 讲的
        # 啥题目 after the line giving the 题 is answered by that line again)
        fit = first.fit if asks_for_a_kind(query) else 0.0
        other = next((c for c in candidates[1:] if not _same_line(c, shown)
                      and c.value >= RELEVANT_SHARE * first.value and c.fit >= fit
                      and answers(c, query, self.config.min_coverage)), None)
        if other is None:
            return candidates
        return _first(other, candidates)

    @cached_property
    def _paragraph_at(self) -> dict[tuple[int, int], int]:
        """(article id, position) -> paragraph id."""
        return {(p.article_id, p.position): p.id for p in self.paragraphs}

    def _go_on(self, question: str, query: Query, shown: Shown, top_k: int) -> Answer | None:
        """What the article says after the answer shown (see continuation.py); None when
        the paragraph is unknown (another index) or the article has ended."""
        if not 0 <= shown.paragraph_id < len(self.paragraphs):
            return None
        paragraph = self.paragraphs[shown.paragraph_id]
        start = sentence_after(self.evidence(paragraph.id).sentences, shown.line)
        pid: int | None = paragraph.id
        if start is None:  # the line ended its paragraph: the next one
            pid = self._paragraph_at.get((paragraph.article_id, paragraph.position + 1))
            start = 0
        if pid is None:
            return None
        following = [pid]
        while len(following) < top_k:
            position = self.paragraphs[following[-1]].position + 1
            after = self._paragraph_at.get((paragraph.article_id, position))
            if after is None:
                break
            following.append(after)
        candidates = [score_candidate(Hit(p, 1.0), 1.0, self.evidence(p), query)
                      for p in following]
        candidates[0] = dataclasses.replace(candidates[0], best=start)
        passages = tuple(
            make_passage(rank, c, query, self.config.snippet_chars,
                         self.page_labels.get(c.article.source, ""))
            for rank, c in enumerate(candidates, start=1))
        return Answer(
            query=question, answered=True, passages=passages,
            terms=tuple(t.text for t in query.terms), unknown_terms=(), suggestions=(),
            intent=query.intent, answer=answer_line(candidates[0], query, 1),
            topic=self._topic_of(query, candidates[0]), did_you_mean=(),
            small_talk=None, needs_topic=False, english=query.english)

    def _from_article(self, candidates: list[Candidate], article: int,
                      query: Query) -> list[Candidate]:
        """The conversation's article first (赤峰比武争星的主会场在哪 → 有多少人参加: the
        元宝山区 article's 66名, not another 比武争星 article's count), when a passage of it
        answers, fits the intent as well as the best, and is comparably relevant
        (RELEVANT_SHARE of the best, the share that lets another article into the
        results)."""
        if not candidates:
            return candidates
        best = candidates[0]
        floor = RELEVANT_SHARE * best.value
        ranked = candidates
        follow_up = query.topic is None or query.topic.source == "conversation"
        if follow_up:
            # The article's paragraphs BM25 left out count too: it weighs the whole
            # corpus, where the topic's name is what matters (一亩地能多挣多少 after the
            # 山葡萄 answer: the paragraph says 亩均增收 but not 喀喇沁旗)
            ranked = [*candidates, *sorted(self._unsearched(candidates, article, query),
                                           key=lambda c: -c.value)]
        coverage = 0.0
        if follow_up and not answers(best, query, self.config.min_coverage):
            # a follow-up the best passage does not answer: a passage of the article
            # that does and holds as much of the question, if it is about as relevant
            # as BM25's further hits
            floor = UNANSWERED_BEST_SHARE * best.value
            coverage = UNANSWERED_COVERAGE_SHARE * best.coverage
        # …and gives what the question asks as well as the best does (在哪个街道: a 街道),
        # unless the question has no word of its own to say what is asked: 建在哪儿了
        # after the answer about two bases is about where those were built
        bare = (query.topic is not None and query.topic.source == "conversation"
                and not any(t.topical for t in query.asked_terms))
        fit = 0.0 if bare else best.fit
        # A method or an outcome is no span: the article's sentence that names what is
        # asked (房子咋弄的: 31栋房舍…加固) beats another article's that only reads like a
        # method (以“干字当头”推动…, 房屋 in another of its sentences)
        no_span = query.intent not in SPAN_INTENTS
        own = next((c for c in ranked if c.article.id == article and c.value >= floor
                    and (c.fit >= fit or (no_span and _names_the_nouns(c, query)))
                    and c.coverage >= coverage
                    and answers(c, query, self.config.min_coverage)), None)
        if own is None or own is candidates[0]:
            return candidates
        return _first(own, candidates)

    def _unsearched(self, candidates: list[Candidate], article: int,
                    query: Query) -> list[Candidate]:
        """The article's paragraphs on the question's topic that are not among the
        candidates, scored as if BM25 had found nothing of the question in them."""
        if not candidates:
            return []
        seen = {c.paragraph.id for c in candidates}
        top = max(c.hit.score for c in candidates)
        asked = asked_places(query)
        scored = (score_candidate(Hit(p.id, 0.0), top, ev, query,
                                  tuple(a for a in asked if a in ev.article_text))
                  for p in self._paragraphs_of(article) if p.id not in seen
                  for ev in (self.evidence(p.id),))
        return [c for c in scored if c.on_topic]

    def _quotation_beside(self, candidates: list[Candidate], query: Query) -> list[Candidate]:
        """毕可跟群众说了啥: the paragraph naming the person quotes nothing, and the one
        before or after it is a quotation and nothing else (a report opens with “看!你手机里
        这条…消息是假的…” and then says who said it): that quotation comes first."""
        if not candidates or candidates[0].fit >= 1.0:
            return candidates
        best = candidates[0]
        for step in (-1, 1):
            pid = self._paragraph_at.get((best.article.id, best.paragraph.position + step))
            if pid is None:
                continue
            text = self.paragraphs[pid].text.strip()
            if text.startswith("“") and text.endswith("”") and text.count("“") == 1:
                quoted = score_candidate(Hit(pid, best.hit.score), 1.0, self.evidence(pid), query)
                return _first(quoted, [c for c in candidates if c.paragraph.id != pid])
        return candidates

    def _protagonist_first(self, candidates: list[Candidate]) -> list[Candidate]:
        """谁搞起来的 about an article: among its passages that name someone about as
        well, the one naming the person the article is about (named most often, at
        least twice) comes first: 社区第一书记苏珊, not 组织部常务副部长刘刚表示."""
        if not candidates:
            return candidates
        first = candidates[0]
        main = self._protagonist(first.article.id)
        if main is None or main in first.sentence.normalized:
            return candidates
        own = next((c for c in candidates[1:] if c.article.id == first.article.id
                    and main in c.sentence.normalized and c.fit >= first.fit
                    and c.value >= FIT_PROMOTION_SHARE * first.value), None)
        if own is None:
            return candidates
        return _first(own, candidates)

    def _person_meant(self, query: Query, shown: Shown | None) -> str | None:
        """The one person the shown answer line names, when the question says 他 or 她."""
        if shown is None or query.small_talk or not _HE_OR_SHE.search(query.normalized):
            return None
        line = normalize(shown.line)
        named = [p for p in self._people if p in line]
        return named[0] if len(named) == 1 else None

    def _with_place_meant(self, query: Query, shown: Shown | None) -> str | None:
        """The question with the one village or neighbourhood of its kind the shown
        answer line names, when it starts with that kind of place alone (社区多少人 →
        察哈尔社区多少人); None otherwise."""
        kind = _KIND_FIRST.match(query.normalized) if shown is not None else None
        own_topic = query.topic is not None and query.topic.source != "conversation"
        if kind is None or shown is None or query.small_talk or own_topic:
            return None
        line = normalize(shown.line)
        # (no 村 of 村民, no name with a copula or particle in it: 腌制咸鸭蛋是村民)
        named = {m.group() for m in re.finditer(
            rf"[^\W\d是的在了和与把被给为]{{2,6}}?{kind.group(1)}(?![民委])", line)}
        # (not a banner's or district's own: 白云鄂博矿区社区 is 矿区 + 社区, no name)
        named = {n for n in named if n[0] not in "该全本每各这那此一"
                 and n[-len(kind.group(1)) - 1] not in "区市旗县镇乡盟"
                 and n[: -len(kind.group(1))] not in line.replace(n, "")}
        return named.pop() + query.normalized[kind.end():] if len(named) == 1 else None

    def _protagonist(self, article_id: int) -> str | None:
        """The person an article names most often (twice at least, more than anyone),
        worked out on first use and kept (a dict write is atomic: safe across threads)."""
        if article_id in self._protagonist_cache:
            return self._protagonist_cache[article_id]
        text = self._article_texts[article_id]
        counts = sorted(((text.count(p), p) for p in self._people if p in text), reverse=True)
        alone = bool(counts) and counts[0][0] >= 2 and (len(counts) == 1
                                                         or counts[1][0] < counts[0][0])
        found = counts[0][1] if alone else None
        self._protagonist_cache[article_id] = found
        return found

    @cached_property
    def _protagonist_cache(self) -> dict[int, str | None]:
        return {}

    @cached_property
    def _article_paragraphs(self) -> dict[int, tuple[Paragraph, ...]]:
        by_article: dict[int, list[Paragraph]] = {}
        for paragraph in self.paragraphs:
            by_article.setdefault(paragraph.article_id, []).append(paragraph)
        return {a: tuple(ps) for a, ps in by_article.items()}

    def _paragraphs_of(self, article: int) -> tuple[Paragraph, ...]:
        return self._article_paragraphs.get(article, ())

    def _names_only_what_the_article_names(self, query: Query, article: int) -> bool:
        # (集宁区呢 after 四子王旗搞的啥: a place the conversation's article names too)
        if (query.topic is None and not query.names) or not 0 <= article < len(self.articles):
            return False
        text = self._article_texts[article]
        return (query.topic is None or normalize(query.topic.name) in text) and all(
            normalize(name) in text for name in query.names)

    def _from_paragraph(self, candidates: list[Candidate], shown: Shown, query: Query, *,
                        speaker: bool = False, full_fit: bool = False) -> list[Candidate]:
        """The paragraph just shown first, when it answers (searched or not: its words
        may be too common to be among the hits). speaker: its sentence naming who said
        the line shown (that line, or one after it). full_fit: only when it gives what
        the intent asks in full (the 所 asked for: a 派出所)."""
        paragraph_id = shown.paragraph_id
        if not 0 <= paragraph_id < len(self.paragraphs):
            return candidates  # another index's paragraph
        own = next((c for c in candidates if c.paragraph.id == paragraph_id), None)
        if own is None:
            own = score_candidate(Hit(paragraph_id, 1.0), 1.0, self.evidence(paragraph_id),
                                  query)
        if speaker:
            said = self._speaker_of(own, shown.line)
            if said is not None:
                own = dataclasses.replace(own, best=said)
            if said is not None and not query.terms:
                return _first(own, candidates)  # 谁说的: nothing to cover but the speaker
        if own is (candidates[0] if candidates else None) or not answers(
                own, query, self.config.min_coverage) or (full_fit and (
                    own.fit < 1.0
                    # 种了多少亩 after the line about the lake: the paragraph says 种植, but
                    # its 7000亩 sentence is about the lake
                    or not _holds_what_is_asked(query, own.sentence.normalized))):
            return candidates
        return _first(own, candidates)

    def _shown_line_first(self, candidates: list[Candidate], shown: Shown,
                          query: Query) -> list[Candidate]:
        """The line just shown first, when it gives in full what is asked: 谁办的 after
        乌兰察布市委组织部在兴和县举办…培训班 (someone doing it), 哪个小区的 after …龙庭小区的
        一个高中女生… (a place of that kind)."""
        if not 0 <= shown.paragraph_id < len(self.paragraphs):
            return candidates  # another index's paragraph
        own = score_candidate(Hit(shown.paragraph_id, 1.0), 1.0,
                              self.evidence(shown.paragraph_id), query)
        index = sentence_of(own.sentences, shown.line)
        if index is None:
            return candidates
        sentence = own.sentences[index]
        named = sentence_fit(sentence.text, sentence.normalized, query)
        if named < 1.0:
            # 她是哪个街道的 after a quotation's first line: the words saying who spoke
            # it (…”玉泉区兴隆巷街道清源社区李女土说。) may name the place
            index = _attribution_of(own.sentences, index)
            if index is None:
                return candidates
            sentence = own.sentences[index]
            named = sentence_fit(sentence.text, sentence.normalized, query)
            if named < 1.0:
                return candidates
        return _first(dataclasses.replace(own, best=index, fit=named), candidates)

    def _speaker_of(self, candidate: Candidate, line: str) -> int | None:
        """The sentence naming who said the line: the line's own (据…刘叶阳介绍，…) or the
        first after it that names a person saying something (…刘永忠说。); after a quotation
        the one opening with a person (“…修一下?”居民郝三文有些着急了), whatever the verb."""
        start = sentence_of(candidate.sentences, line)
        if start is None:
            return None
        quoted = line.lstrip().startswith(("“", '"'))
        for index in range(start, min(start + 3, len(candidate.sentences))):
            sentence = candidate.sentences[index]
            opening = sentence.normalized[:QUOTE_SPEAKER_WITHIN]
            if (_SPEAKS.search(sentence.text) or (quoted and index == start + 1 and any(
                    p in opening for p in self._people))) and any(
                    p in sentence.normalized for p in self._people):
                return index
        return None

    def _topic_of(self, query: Query, best: Candidate | None) -> TopicInfo | None:
        """The question's topic; without one, the place it names that the answer's
        article names too (察哈尔社区住了多少人), so that follow-ups can stay on it."""
        if query.topic is not None:
            return TopicInfo(query.topic.name, query.topic.asked_as, query.topic.source)
        if best is None:
            return None
        if query.person and query.subject:
            return TopicInfo(query.subject, query.subject, "question")  # 他说了啥 next
        if _ASKS_A_NAME.search(query.normalized):
            # 旗委镇搞的关爱老人项目叫啥: the initiative the answer names is what the
            # conversation is about now (谁负责的 next)
            sentence = best.sentence.normalized
            named = [t.name for t in self._topics if normalize(t.name) in sentence]
            if len(named) > 1:  # the one the sentence quotes as a name (“相约旗委·朝夕相伴”)
                quoted = "".join(_QUOTED.findall(sentence))
                named = [n for n in named if normalize(n) in quoted]
            if len(named) == 1:
                return TopicInfo(named[0], "", "answer")
        place = place_subject(query.normalized, self._article_texts[best.article.id])
        return TopicInfo(place, place, "question") if place else None

    def _person_answering(self, query: Query, line: AnswerLine | None) -> TopicInfo | None:
        """谁… answered by one person the articles name (书记李晓静): the conversation is
        about them now, so that 哪个社区的 or 她说了啥 can follow."""
        if query.intent != "who" or line is None:
            return None
        spans = [normalize(line.text[a:b]) for a, b in line.spans]  # 社区党委书记李晓静
        named = {p for p in self._people if any(p in span for span in spans)}
        return TopicInfo(named.pop(), "", "answer") if len(named) == 1 else None

    @cached_property
    def _people(self) -> frozenset[str]:
        return frozenset(normalize(p) for p in self.people)

    # -- browsing ---------------------------------------------------------------------
    def page_label(self, source: str) -> str:
        return self.page_labels.get(source, "")

    def article(self, article_id: int) -> Article | None:
        return self.articles[article_id] if 0 <= article_id < len(self.articles) else None

    @cached_property
    def _topics(self) -> tuple[Topic, ...]:
        article_texts = self._article_texts
        topics = []
        for name in self.curated.initiatives:
            needle = normalize(name)
            ids = tuple(i for i, text in enumerate(article_texts) if needle in text)
            if ids:
                topics.append(Topic(name, ids))
        return tuple(topics)

    def topics(self) -> tuple[Topic, ...]:
        """Curated initiatives the corpus mentions, with the articles they appear in."""
        return self._topics

    def suggestions(self, n: int = 5) -> tuple[str, ...]:
        """Initiatives to suggest, in the curated file's order (its first are the flagships)."""
        return tuple(t.name for t in self._topics[:n])

    def suggestions_for(self, query: Query, candidates: Sequence[Candidate],
                        n: int = 4) -> tuple[str, ...]:
        """What to offer when a question is not answered: near-names first, then the
        initiatives of the articles that share the question's words, then flagships."""
        picked: list[str] = list(query.did_you_mean)
        by_article: dict[int, list[str]] = {}
        for topic in self._topics:
            for article_id in topic.article_ids:
                by_article.setdefault(article_id, []).append(topic.name)
        for candidate in candidates[:10]:
            if candidate.coverage <= 0:
                continue
            for name in by_article.get(candidate.article.id, ()):
                if name not in picked:
                    picked.append(name)
        for name in self.suggestions(n):
            if len(picked) >= n:
                break
            if name not in picked:
                picked.append(name)
        return tuple(picked[:n])

    def ask_all(self, text: str, top_k: int | None = None, *,
                topic: str | None = None, asked_before: str | None = None,
                article: int | None = None, shown: Shown | None = None) -> list[Answer]:
        """Every question of a message (三减三优是什么？在哪儿搞的？), each answered on its
        own; a part without a topic of its own takes the topic (and, when elliptical, the
        intent) of the part before."""
        answers: list[Answer] = []
        for part in self._restatements_joined(split_questions(text) or [text]):
            answer = self.ask(part, top_k, topic=topic, asked_before=asked_before,
                              article=article, shown=shown)
            if answer.answered and answer.passages and answer.answer is not None:
                shown = Shown(answer.passages[0].paragraph_id, answer.answer.text)
            if answer.topic is not None:
                topic = answer.topic.name
            if answer.answered:
                asked_before = answer.intent
                article = answer.passages[0].article_id if answer.passages else article
            answers.append(answer)
        return answers

    def _restatements_joined(self, parts: list[str]) -> list[str]:
        """A part that only asks again what the part before asks (平时咋考察干部的 有啥法子:
        no word of its own, the same intent) is no question of its own."""
        if len(parts) < 2:
            return parts
        joined = [parts[0]]
        before = self.understand(parts[0])
        for part in parts[1:]:
            query = self.understand(part)
            if (not query.terms and not query.small_talk and query.intent != "unknown"
                    and query.intent == before.intent):
                joined[-1] = f"{joined[-1]} {part}"
                continue
            joined.append(part)
            before = query
        return joined

    def offers(self, topic: str, skip: Sequence[str] = (), n: int = 2) -> list[tuple[str, str]]:
        """Up to n (label, question) pairs about `topic` of intents other than `skip`,
        each one the corpus answers (asked once per topic and intent, then cached)."""
        found: list[tuple[str, str]] = []
        for offer in self.resources.forms.offers:
            if len(found) >= n:
                break
            if offer.intent in skip:
                continue
            question = self._answerable(topic, offer.intent)
            if question:
                found.append((offer.label, question))
        return found

    def _answerable(self, topic: str, intent: str) -> str:
        key = (normalize(topic), intent)
        cached = self._offer_cache.get(key)
        if cached is None:
            cached = ""
            offer = next((o for o in self.resources.forms.offers if o.intent == intent), None)
            for template in offer.templates if offer else ():
                question = template.format(t=topic)
                answer = self.ask(question, top_k=1)
                if (answer.answered and answer.intent == intent and answer.topic is not None
                        and normalize(topic) == answer.topic.name):
                    cached = question
                    break
            self._offer_cache[key] = cached
        return cached

    @cached_property
    def _offer_cache(self) -> dict[tuple[str, str], str]:
        return {}

    def example_questions(self, n: int = 3) -> tuple[str, ...]:
        """Questions of different intents (what, where, how many …) the corpus answers,
        about its flagship initiatives: for /start, /help and small talk."""
        examples: list[str] = []
        intents_used: set[str] = set()
        for wanted in ("definition", "where", "number", "how", "effect", "who"):
            for name in self.suggestions(8):
                if len(examples) >= n:
                    return tuple(examples)
                if wanted in intents_used or any(name in e for e in examples):
                    continue
                question = self._answerable(name, wanted)
                if question:
                    examples.append(question)
                    intents_used.add(wanted)
        return tuple(examples)
