"""Question understanding: one Query value per question, computed once.

    question ─► normalise ─► small talk? ─► drop fillers ─► intent (+ unit) and
    question forms removed ─► topic (known name, near-name, or the conversation's)
    ─► content tokens ─► weighted terms (+ synonyms) ─► search tokens and weights

Everything downstream (search, re-ranking, the answer line) reads this value and
never looks at the raw question again.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property

from retrieval.answer.forms import INTENTS, QuestionForms, UnitClass
from retrieval.answer.names import NameIndex, NameMatch
from retrieval.answer.spans import places
from retrieval.text import thesaurus
from retrieval.text.background import (
    ends_in_complement,
    is_light,
    is_light_compound,
    is_place_name,
    is_proper_noun,
    is_verb,
    light_words,
)
from retrieval.text.lexicon import HOW_WORD, ROLE_ASKED
from retrieval.text.normalize import normalize
from retrieval.text.tokenizer import ENGLISH_STOPWORDS, Tokenizer

_ADMIN_PLACE = re.compile(r"(?:自治区|市|盟|旗|县|区|镇|乡|苏木|嘎查|街道)$")
# A corpus word at least this rare (idf) makes a question specific enough to stand alone
# even with 那个/这个 in it.
SPECIFIC_WEIGHT = 4.0
MAX_QUERY_TOKENS = 64  # bounds the work a pasted essay can cause
# Unknown everyday words (verbs, adverbs …) weigh this share of an unknown topical word.
LIGHT_SHARE = 0.12
# Everyday words the corpus does use (搞, 开始, 钱) weigh this share of their idf: they
# are rare in the articles, but a question is not about them.
LIGHT_KNOWN_SHARE = 0.3
# Synonyms found instead of the user's word count this share of its weight.
EXPANSION_SHARE = 0.5
# The general thesaurus (text/thesaurus.py) for words the corpus lacks and the
# curated table does not map; see docs/ranking.md for what it adds.
USE_THESAURUS = True
MAX_THESAURUS_SYNONYMS = 3
# Rules that can be switched off, for the ablation table (bench/ablation.py).
MEND_SPLITS = True  # undo jieba words cut across a boundary the corpus lacks (村山)
JOIN_WRITTEN_TOGETHER = True  # 议事 + 角 -> 议事角 when the corpus writes them together
VETO_PROPER_NOUNS = True  # a place or name the corpus lacks means it does not cover the question
# Topical words in this share of the paragraphs or more (党员, 干部, 群众) name no topic
# of their own: in a conversation a question with only such words is a follow-up.
GENERIC_SHARE = 0.15
# Words that point back to something said before: with them a question is a follow-up.
_BACK_REFERENCE = re.compile(
    r"它|这个|那个|这些|那些|该|(?<!其)[他她](?!乡)|这项|那项|这种|那种|此项|这事|那事|上面|刚才")


def refers_back(normalized: str) -> bool:
    """他, 这个, 那些 …: the question is about something said before."""
    return _BACK_REFERENCE.search(normalized) is not None


def _points_back(normalized: str, terms: tuple[Term, ...], res: Resources) -> bool:
    """For a question naming a place of its own, out of a conversation: a back reference
    (refers_back) that is not 那个/这个 before a noun the articles use that names something
    of its own (呼市那个文明实践中心: that centre; 那个村 still points back, 村 is in every
    article). In a conversation 那个事业单位负责人 is the one just talked about, and
    这个派出所 alone does not say which."""
    generic = idf(int(GENERIC_SHARE * res.n_docs), res.n_docs)
    own = [t.text for t in terms if t.known and t.topical and t.weight >= generic]

    def says_which(m: re.Match[str]) -> bool:
        if m.group(0) not in ("那个", "这个"):
            return False
        noun = _noun_after(normalized, m.end())
        if any(w in noun for w in own):
            return True
        # 赤峰那个书记下去宣讲: a word of the articles after the noun pointed at (书记)
        # says which are meant (those who went to 宣讲); 那个书记叫啥 does not
        head = next((t.text for t in terms if t.known and t.topical
                     and normalized.startswith(t.text, m.end())), "")
        rest = normalized[m.end() + len(head):] if head else ""
        return any(t.known and len(t.text) > 1 and t.text in rest and t.text != head
                   for t in terms)

    return any(not says_which(m) for m in _BACK_REFERENCE.finditer(normalized))


def _named_before_reference(normalized: str, terms: tuple[Term, ...]) -> bool:
    """科技局那个讲座谁讲的: a rare word of the articles before 那个 says whose 讲座 it is;
    the question names its own subject, even in a conversation."""
    first = _BACK_REFERENCE.search(normalized)
    if first is None:
        return False
    before = normalized[: first.start()]
    return any(t.known and t.topical and t.weight >= SPECIFIC_WEIGHT and t.text in before
               for t in terms)


# Where the noun after 那个 ends: at a verb of being, a particle or a question word.
_NOUN_END = re.compile(r"[^\u4e00-\u9fff]|[是的了吗呢在有谁啥咋哪几多怎么什给让被把]")
NOUN_AFTER_CHARS = 6


def _noun_after(normalized: str, start: int) -> str:
    """The noun phrase that 那个 at `start` points at (那个育苗基地是谁投的: 育苗基地)."""
    window = normalized[start:start + NOUN_AFTER_CHARS]
    end = _NOUN_END.search(window)
    return window[:end.start()] if end else window


_HOW_TO_CHECK_EFFECT = re.compile(HOW_WORD + r"[\u4e00-\u9fff]{1,4}(?:效果|成效)")
# 谁 and what may stand between it and the verb (谁来管, 谁给介绍的)
_AFTER_WHO = re.compile(r"谁(?:来|给|去|在|又|都)?")
_CJK = re.compile(r"[\u3400-\u9fff]")
_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")
_LATIN_WORD = re.compile(r"[a-z]{2,}")


@dataclass(frozen=True)
class Term:
    """One content word of the question with its weight in coverage and search."""

    text: str  # normalised
    weight: float
    known: bool  # some paragraph contains it
    topical: bool  # could name what the question is about (not an everyday verb or adverb)
    alternatives: tuple[str, ...] = ()  # synonyms the articles use instead (known ones only)
    proper: bool = False  # a name (place, person, organisation) the corpus lacks: a veto
    # the index tokens BM25 searches for the alternatives (边防检查站 → 边防, 检查站)
    search_words: tuple[str, ...] = ()
    # an absent compound of words the articles use (农村党员 → 农村, 党员): a text
    # holding all of them holds the compound's meaning
    parts: tuple[str, ...] = ()
    # the alternatives are only a part of the word (下雪 -> 雪, 养羊 -> 羊): a text holding
    # the part is about the same thing, but does not say what the word says
    backoff: bool = False
    # a word of jieba's general dictionary (门票), not a string cut out of the question
    # (羊挣 in 一只羊挣多少): only such a word names what is asked
    dictionary_word: bool = True

    def found_in(self, text: str, tokens: frozenset[str]) -> float:
        """1 when the text holds the word, EXPANSION_SHARE for a synonym, else 0.

        A single character counts only as a word of its own: 考 is no match for 考核.
        """
        if _holds(self.text, text, tokens):
            return 1.0
        if any(_holds(a, text, tokens) for a in self.alternatives):
            return EXPANSION_SHARE
        if self.parts and all(p in text for p in self.parts):
            return EXPANSION_SHARE
        if not self.known and len(self.text) == 2:
            if self.text[1] in tokens and self.text[1] not in light_words():
                # 烂路, 养羊 the articles lack: a kind of 路, 羊 (Chinese words end in their head)
                return EXPANSION_SHARE
            if _abbreviates(self.text, text, tokens):
                return EXPANSION_SHARE  # 改厕: 厕所改造
        return 0.0

    @property
    def absent_noun(self) -> bool:
        """A word that could name a topic and that no article uses."""
        return not self.known and self.topical and not self.alternatives and not self.parts


ABBREVIATION_SPAN = 6  # 改厕 in 厕所改造: the two words this close together


def _abbreviates(short: str, text: str, tokens: frozenset[str]) -> bool:
    """A two-character word the articles lack, made of the first characters of two of
    the text's words, written close together in either order (改厕: 厕所改造)."""
    if short[0] not in text or short[1] not in text:
        return False  # (most texts: no need to look at their words)
    first = [t for t in tokens if len(t) >= 2 and t[0] == short[0]]
    second = [t for t in tokens if len(t) >= 2 and t[0] == short[1] and t not in first]
    for a in first:
        for b in second:
            at, bt = text.find(a), text.find(b)
            if at >= 0 and bt >= 0 and abs(at - bt) <= ABBREVIATION_SPAN:
                return True
    return False


def _holds(word: str, text: str, tokens: frozenset[str]) -> bool:
    return word in tokens if len(word) == 1 else word in text


@dataclass(frozen=True)
class TopicRef:
    """What the question is about: a known name, how it was written, and from where."""

    name: str  # as the corpus writes it (normalised)
    asked_as: str  # as the question wrote it ("" when taken from the conversation)
    source: str  # "question" | "near_name" | "conversation"


# Where a where- or how-question asks its question (the verb after it is what is done)
_WHERE_OR_HOW = re.compile(r"哪里|哪儿|哪|怎么|咋|如何")


@dataclass(frozen=True)
class Query:
    question: str  # as asked, trimmed and cut to the allowed length
    normalized: str
    intent: str  # one of forms.INTENTS
    small_talk: str | None  # a small_talk kind of question_forms.yaml, or "emoji"
    unit: UnitClass | None  # for number questions: the unit asked for
    terms: tuple[Term, ...]  # maximal words only: 呼和浩特, not also 呼和 and 浩特
    tokens: tuple[str, ...]  # every token for BM25, sub-words included
    names: tuple[str, ...]  # known names the question uses: each must be in a result's article
    topic: TopicRef | None
    did_you_mean: tuple[str, ...]
    english: bool  # written in Latin letters with no Chinese
    needs_topic: bool  # a follow-up form with no topic of its own and none given
    person: bool = False  # the subject is one of the people the articles name with a role
    counted: str = ""  # number questions: what is counted (多少干部 -> 干部, 几个村 -> 村)
    role: str = ""  # who questions: the role asked about (书记是谁 -> 书记)
    speech: bool = False  # asks what someone said or thinks (村民咋说的): a quote answers
    reason: bool = False  # asks why (为啥要送水): a cause or a purpose answers
    future: bool = False  # asks what will happen (明年还搞不): only a stated plan answers
    # who questions asking what a thing is called (两个教育基地叫啥名 -> 教育基地)
    named_thing: str = ""
    quoted_word: str = ""  # definition: the one character asked, which the articles quote
    # where, how and who questions: what is asked to be done, when no article says it
    # (在哪下载, 谁捐的)
    unsaid_action: str = ""
    # where questions: the kind of place asked for (哪个酒店), when no article has a word
    # for it
    absent_kind: str = ""
    # who questions: who said the words the question gives (说…学习不掉链的是谁): the
    # person named right after the quotation
    speaker_asked: bool = False
    # what only a passage saying it in these words answers (哪儿能买到: a shop or a
    # channel of sale; 第一名是谁: a ranking): question_forms.yaml needs_evidence
    needs_said: tuple[re.Pattern[str], ...] = ()

    @property
    def total_weight(self) -> float:
        return sum(t.weight for t in self.terms)

    def forms_of(self, name: str) -> tuple[str, ...]:
        """A name the question uses and the synonyms the articles write for it
        (边检站 → 边防检查站)."""
        term = next((t for t in self.terms if t.text == name), None)
        return (name, *term.alternatives) if term is not None else (name,)

    @property
    def search_tokens(self) -> tuple[tuple[str, float], ...]:
        """(token, weight) pairs for BM25: the user's words, then synonyms at less weight."""
        pairs = [(token, 1.0) for token in self.tokens]
        # a word put back together from the tokenizer's pieces (育 + 苗 -> 育苗, which the
        # articles' index holds whole)
        pairs += [(t.text, 1.0) for t in self.terms
                  if t.known and len(t.text) > 1 and t.text not in self.tokens]
        for term in self.terms:
            for word in term.search_words:
                pairs.append((word, EXPANSION_SHARE))
        return tuple(pairs)

    def _owned_thing(self) -> str:
        """土左旗的亲情连线是咋回事: the question is about 亲情连线 (of 土左旗), the run
        of the articles' words right after the topic and its 的."""
        assert self.topic is not None
        asked = self.topic.asked_as or self.topic.name
        at = self.normalized.find(asked + "的")
        if at < 0:
            return ""
        start = end = at + len(asked) + 1
        words = {t.text for t in self.terms if t.known and t.topical}
        while True:
            step = max((w for w in words if self.normalized.startswith(w, end)),
                       key=len, default="")
            if not step:
                break
            end += len(step)
        return self.normalized[start:end] if end - start >= 2 else ""

    @property
    def subject(self) -> str:
        """What a definition (or who) question asks about: its topic, else the longest
        word of the question that the corpus has (议事角, 李波)."""
        if self.quoted_word:
            return self.quoted_word
        if self.topic is not None:
            return self._owned_thing() or self.topic.name
        known = [t.text for t in self.terms if t.known and t.topical]
        # of two as long, the later: 御府苑小区那个议事角 asks about the 议事角
        return max(reversed(known), key=len) if known else ""

    @property
    def counted_forms(self) -> tuple[str, ...]:
        """What is counted and the articles' words for it (小孩 -> 孩子, 未成年人 …)."""
        if not self.counted:
            return ()
        term = next((t for t in self.terms if t.text == self.counted), None)
        return (self.counted, *(term.alternatives if term else ()))

    @property
    def missing_subject(self) -> bool:
        """A definition of something no article names (双减政策是啥意思): not answerable,
        whatever else the question shares with the articles."""
        if self.intent != "definition" or self.topic is not None or not self.terms:
            return False
        first = self.terms[0]
        return not first.known and first.topical and not first.parts

    @property
    def missing_topic(self) -> tuple[str, ...]:
        """Names no article uses (上海, 深圳, English words): the question is about a
        place, person or thing the corpus does not cover. Absent common nouns (工资,
        暖气) only weigh heavily; they may be paraphrases of the articles' words."""
        if not VETO_PROPER_NOUNS:
            return ()
        return tuple(t.text for t in self.terms if t.proper and not t.known)

    @property
    def asked_terms(self) -> tuple[Term, ...]:
        """The question's words other than its topic's: what it asks about the topic."""
        topic = self.topic_words
        return tuple(t for t in self.terms
                     if t.text not in topic and not any(t.text in w for w in topic))

    @property
    def topic_words(self) -> tuple[str, ...]:
        """What a passage must mention to be about the question's topic."""
        if self.topic is not None:
            return (self.topic.name,)
        return tuple(t.text for t in self.terms if t.topical and t.known)

    @cached_property
    def topic_forms(self) -> tuple[str, ...]:
        """The topic words and the synonyms the articles write instead (房子: 房舍): a
        passage mentioning one of them is about the question's topic."""
        if self.topic is not None:
            return self.topic_words
        return tuple(dict.fromkeys(form for t in self.terms if t.topical and t.known
                                   for form in (t.text, *t.alternatives)))

    @cached_property
    def agent_action(self) -> Term | None:
        """Who questions: the question's word for what the one asked for did (育苗基地是谁投的
        -> 投, 谁牵头 -> 牵头); a sentence naming someone for something else answers less."""
        if self.intent != "who":
            return None
        for match in _AFTER_WHO.finditer(self.normalized):
            # (a single character without synonyms is too light a verb: 打 in 谁打的快板
            # is 手持快板 in the article)
            term = next((t for t in self.terms if len(t.text) > 1 or t.alternatives
                         if self.normalized.startswith(t.text, match.end())), None)
            if term is not None:
                return term
        return None

    @cached_property
    def _weighing(self) -> tuple[float, tuple[tuple[Term, bool], ...]]:
        """(total weight, (term, is a name) pairs): computed once, read per sentence."""
        return self.total_weight, tuple((t, t.text in self.names) for t in self.terms)

    def coverage(self, normalized_text: str, tokens: frozenset[str],
                 article_text: str | None = None) -> float:
        """Share of the question's term weight a text (normalised, and its tokens) holds.

        With article_text, the question's named things count when the article holds
        them: an article names its place once, and its paragraphs then say 该站.
        """
        total, terms = self._weighing
        if total <= 0:
            return 0.0
        found = 0.0
        for term, named in terms:
            share = term.found_in(normalized_text, tokens)
            if not share and named and article_text is not None:
                share = float(term.text in article_text)
            found += term.weight * share
        return found / total


@dataclass(frozen=True)
class Resources:
    """What understanding needs from the knowledge base (no index internals)."""

    forms: QuestionForms
    tokenizer: Tokenizer
    names: NameIndex
    document_frequency: Callable[[str], int]  # of a token, in the index
    phrase_frequency: Callable[[str], int]  # of any text, in the paragraphs (slow: rare use)
    n_docs: int


# 党员呢, 那孩子那块呢: a few words and 呢, asking what was just asked about something else
_ELLIPTICAL = re.compile(
    r"^(?:那|那么|还有)?[^\s?？!！。，,]{1,8}?(?:那块|那边|方面)?(?:的)?呢[\s?？!！。]*$")


def is_elliptical(normalized: str) -> bool:
    """党员呢, 社区那块呢: a few words and 呢, asking again what was just asked."""
    return _ELLIPTICAL.match(normalized) is not None


def idf(df: int, n_docs: int) -> float:
    """A positive idf (BM25's with a floor), the weight of a word in coverage."""
    return math.log(1.0 + (n_docs - df + 0.5) / (df + 0.5))


def understand(question: str, res: Resources, topic: str | None = None,
               asked_before: str | None = None) -> Query:
    """Turn a question (and the conversation's topic and last intent, if any) into a
    Query. `asked_before` is the intent of the conversation's last answer: an
    elliptical follow-up (党员呢 after 察哈尔社区住了多少人) asks the same about something
    else."""
    normalized = normalize(question).strip()
    english = bool(_LATIN_WORD.search(normalized)) and not _CJK.search(normalized)
    kind = res.forms.small_talk_kind(normalized)
    if kind is not None:
        return Query(question, normalized, "small_talk", kind, None, (), (), (), None, (),
                     english, False)

    text = res.forms.strip_fillers(normalized)
    intent, content = res.forms.intent_of(text)
    if intent == "effect" and _HOW_TO_CHECK_EFFECT.search(text):
        intent = "how"  # 训完咋检验效果: how the effect is checked, not what it is
    elliptical = False
    if intent == "unknown" and asked_before in INTENTS and _ELLIPTICAL.match(normalized):
        intent, elliptical = asked_before, True
    unit = res.forms.unit_for(text, res.tokenizer.is_word) if intent == "number" else None

    content = _plus_written_out(content, res.names)
    named, did_you_mean = _find_topic(content, res.names)
    own_topic = named[0] if named else None
    for match in named:
        if not match.exact:  # read the question as if it had been written right
            content = content.replace(match.asked_as, match.name, 1)
    tokens = _content_tokens(content, res)
    terms = _weigh(_maximal_words(_mend_splits(tokens, content, res), res, content), res)
    if _is_a_remark(normalized, intent, terms, named, did_you_mean, english):
        return Query(question, normalized, "small_talk", "reaction", None, (), (), (), None,
                     (), english, False)
    # 科尔沁 inside 阿鲁科尔沁 (a place asked without its 旗) is no topic of its own
    longer = [t.text for t in terms if any(m.name in t.text and m.name != t.text for m in named)
              and _is_short_place(t.text, res)]
    named = [m for m in named if not any(m.name in w and m.name != w for w in longer)]
    own_topic = named[0] if named else None
    broad = own_topic is None or _BROAD_PLACE.search(own_topic.name) is not None or (
        _is_place(own_topic.name, res) or is_place_name(own_topic.name))
    local = _local_place(terms, content, res) if broad else None
    if local is not None:
        # 喀喇沁旗马鞍山村种的啥 is about the village the articles name, not the banner
        own_topic = NameMatch(local, local, content.find(local), True)
    topic_ref = (TopicRef(own_topic.name, own_topic.asked_as,
                          "question" if own_topic.exact else "near_name")
                 if own_topic else None)
    names = tuple(m.name for m in named)
    # Places and other proper names the question uses (包头 in 包头有没有搞揭榜挂帅) must be
    # in a result's article too: an article about 巴彦淖尔 does not answer for 包头.
    names += tuple(t.text for t in terms if t.known and t.text not in names
                   and (is_proper_noun(t.text) or _is_place(t.text, res)))

    follow_up = topic_ref is None and (
        ((refers_back(normalized) and not _named_before_reference(normalized, terms))
         if topic or not names else _points_back(normalized, terms, res))
        or not any(t.topical for t in terms)
        # 有多少党员参加 in a conversation: only words every article uses (党员, 干部)
        or (topic is not None and not names
            and all(t.weight < idf(int(GENERIC_SHARE * res.n_docs), res.n_docs)
                    for t in terms if t.topical))
        # 村支书叫啥, 书记是谁 in a conversation: a post asked for, of the topic's place
        or (topic is not None and not names and intent == "who"
            and all(_ROLE_ASKED.fullmatch(t.text) for t in terms if t.topical)))
    needs_topic = False
    if follow_up and topic:
        remembered = normalize(topic)
        topic_ref = TopicRef(remembered, "", "conversation")
        names = (remembered, *names)
        # 哪个书记提的, 搞农旅是啥理念 after answers about 刘玉环: someone else, or a thing of
        # its own in her article, is asked; she bounds the article, her name weighs nothing
        # (多少党员 asks it of her, in words every article uses)
        person_aside = remembered in res.names.people and (intent == "who" or any(
            t.topical and t.known and t.weight >= SPECIFIC_WEIGHT for t in terms))
        if all(t.text != remembered for t in terms) and not person_aside:
            extra = _content_tokens(remembered, res)
            tokens = extra + tokens
            parts = _weigh(_maximal_words(extra, res), res, topical=True)
            terms = parts + terms
            # the topic's words (大土城村 → 大, 土城村) count where its article names it
            names = (remembered, *(t.text for t in parts if t.text != remembered), *names[1:])
        did_you_mean = []
    elif follow_up and not did_you_mean and (intent not in ("unknown", "definition") or
                                             _BACK_REFERENCE.search(normalized)) and not any(
            t.known and t.topical and t.weight >= SPECIFIC_WEIGHT for t in terms):
        # 那个在哪儿搞的 asks which; 龙庭小区那个女生… names its own, rare, words
        needs_topic = True
    query = Query(question, normalized, intent, None, unit, terms, tuple(tokens), names,
                  topic_ref, tuple(did_you_mean), english, needs_topic,
                  counted=(_counted(text, res) or (_elliptical_counted(terms, text) if elliptical
                                                   else "")) if intent == "number" else "",
                  role=_role(content) if intent == "who" else "",
                  speech=_ASKS_SPEECH.search(text) is not None,
                  reason=_ASKS_WHY.search(text) is not None,
                  future=_ASKS_FUTURE.search(normalized) is not None,
                  named_thing=_named_thing(normalized, terms) if intent == "who" else "",
                  # 晒是啥意思: the articles explain the word in quotes (“晒”是土左旗方言…)
                  quoted_word=(_quoted_character(tokens, res)
                               if intent == "definition" else None) or "",
                  unsaid_action=_unsaid_action(normalized, intent, terms, res),
                  absent_kind=_absent_kind(normalized, intent, terms, res),
                  speaker_asked=intent == "who" and _ASKS_SPEAKER.search(normalized) is not None,
                  needs_said=tuple(said for asked, said in res.forms.needs_evidence
                                   if asked.search(normalized)))
    person = bool(query.subject) and query.subject in res.names.people
    said = person and _SAYS_AFTER_NAME.match(
        normalized, normalized.find(query.subject) + len(query.subject)) is not None
    if said and query.intent in ("definition", "unknown"):
        # 王亚忠说激励干部担当作为关键靠啥: what he said, which a quotation of his tells
        query = dataclasses.replace(query, speech=True)
    elif person and (query.intent != "list" or _ASKS_DEEDS.search(normalized)):
        # 郭玉海是干啥的 asks who he is: his role, as for 郭玉海是谁; 她干了啥 what she did,
        # which the sentence naming her with her role tells (护士庞云霞…“就地上岗”)
        who = "who" if query.intent in ("definition", "unknown") else query.intent
        query = dataclasses.replace(query, person=True, intent=who)
    return query


# 王亚忠说…, 刘叶阳讲的…: a person named, then what they said
_SAYS_AFTER_NAME = re.compile(r"\s?(?:说|讲|认为|表示|提到|谈到)")


# 叫啥名 / 啥名字 after the word for what is named
# (苏珊是啥职务 asks her post, not a name)
_ASKS_NAME = re.compile(r"(?:的名字)?(?:叫|是)(?:啥|什么)(?:名字?)?"
                        r"(?!职务|职位|头衔|岗位|官职|身份)|(?:的)?(?:啥|什么)名字?")
# Words for people (护边员, 大姐, 书记): what they are called is a person's name.
_PERSON_NOUN = re.compile(
    r"(?:员|人|者|长|书记|姐|哥|叔|婶|妈|爷|奶|娘|嫂|民警|干部|村民|居民|主播|代表|老师|学生|孩子"
    r"|女生|男生|小伙|姑娘|同志|马甲|志愿者|户|主任|委员|支书|领队|队长|领导|官员|负责人|老板|头儿)$")


_COUNT_WORD = re.compile(r"[一二两三四五六七八九十几0-9]+[个名位家项种]?")
_BODY_HEADS = frozenset("队团社会站所馆园店厂")


def _named_thing(normalized: str, terms: tuple[Term, ...]) -> str:
    """The thing whose name is asked, by its head word (两个教育基地叫啥名 -> 基地): the
    last of the articles' words right before 叫啥; "" when there are none or they name
    people (护边员叫啥)."""
    words = [t.text for t in terms if t.known and not _COUNT_WORD.fullmatch(t.text)]
    normalized = re.sub(r"\s+", "", normalized)  # 那个小区 叫啥名: the space is no word
    # 两个基地都叫啥名, 分别叫什么: an adverb before 叫 is no part of the thing
    normalized = re.sub(r"(?:都|也|又|还|分别|到底|究竟|具体)(?=叫)", "", normalized)
    for match in _ASKS_NAME.finditer(normalized):
        end = start = match.start()
        head = ""
        while True:
            step = max((w for w in words if normalized.endswith(w, 0, start)), key=len,
                       default="")
            if not step:
                break
            head = head or step
            start -= len(step)
        thing = normalized[start:end]
        if not thing and normalized[end - 1: end] in _BODY_HEADS:
            thing = head = normalized[end - 1: end]  # 教老人打视频那个队叫啥
        if not thing:
            # 讲二十大精神的叫啥队, 叫什么项目: the head word after the asking word
            after = normalized[match.end():]
            thing = head = max((w for w in words if after.startswith(w)), key=len,
                               default=after[:1] if after[:1] in _BODY_HEADS else "")
        if thing:
            person = _PERSON_NOUN.search(thing) or _ROLE_ASKED.search(thing)
            # the head word: 关爱老人项目 is written 关爱老龄志愿服务项目
            return "" if person else head
    return ""


# 说要撸起袖子加油干的是哪位居民, 说…没人照看的家长是谁, 不掉链是谁说的: the speaker
# of given words
_ASKS_SPEAKER = re.compile(
    r"(?:说|讲|喊|提到)(?:了|过)?\S{2,}?的\S{0,3}?\s?(?:是|那个|那位)?(?:谁|哪位|哪个|什么人|啥人)"
    r"|\S{2,}(?:是)?谁(?:说|讲)的")
_ASKS_SPEECH = re.compile(
    HOW_WORD + r"(?:说|讲|评价|看待?|想)|(?:说|喊)(?:了|的)?(?:些)?(?:啥|什么)|(?:啥|什么)口号"
    r"|(?:啥|什么)(?:评价|反应|感受|看法|感觉)|(?:评价|反响|反应)(?:咋样|怎么样|如何)"
    r"|觉得(?:咋样|怎么样|如何|好不好|怎样)|满意(?:吗|不)")
# The future asked about: the articles report what was done, a plan at most
_ASKS_FUTURE = re.compile(r"明年|下个月|下半年|下周|下礼拜|将来|下一届|下次|下回|还会不会|会不会再"
                          r"|今年冬天|今年年底|以后还(?:办|搞|开|有)")
# (目的 asked, not the 目的 of 项目的)
_ASKS_WHY = re.compile(r"为啥|为什么|为何|干嘛要|咋要|啥原因|什么原因|原因是|出于什么|用意"
                       r"|图(?:啥|什么)|(?<!项)目的(?:是|为|何在)|(?:啥|什么)目的")
# measure words between 多少/几 and the noun
_MEASURE = "[个名位家户项次支条所座处类种批辆台套盏间栋头只件张棵株艘架]"
_COUNTED = re.compile(rf"(?:多少|几){_MEASURE}?([\u3400-\u9fff+]{{1,8}})")
_AFTER_MEASURE = re.compile(rf"(?:多少|几){_MEASURE}")
_MEASURE_ONLY = re.compile(rf"{_MEASURE}[?？!！。呀啊呢吧]*")


def _elliptical_counted(terms: tuple[Term, ...], text: str) -> str:
    """服务队呢 after 志愿者有多少: the count of the thing named now (the last word of the
    message the articles use; not the conversation's topic, which is not in it)."""
    return next((t.text for t in reversed(terms) if t.known and t.text in text), "")


def _counted(text: str, res: Resources) -> str:
    """The thing a number question counts: the noun after 多少/几 (多少干部), or, when
    nothing follows, the one before it (电话多少)."""
    match = _COUNTED.search(text)
    if match is not None and _MEASURE_ONLY.fullmatch(match.group(1)):
        match = None  # 窗口设几个: the regex took the measure word 个 for the noun
    if match is not None:
        words = _maximal_words(_content_tokens(match.group(1), res), res)
        # The noun phrase right after 多少 ends at its first verb; its head comes last
        # (多少基层书记参加宣讲 counts 书记).
        if (len(words) > 1 and len(words[0]) == 1 and is_light(words[1])
                and _AFTER_MEASURE.match(match.group(0))):
            return words[0]  # 几个村能接待游客: the one-character noun, then a verb
        phrase: list[str] = []
        for word in words:
            if is_light(word) and phrase:
                break
            if not is_light(word):
                phrase.append(word)
        if not phrase and words and len(words[0]) == 1 and _AFTER_MEASURE.match(match.group(0)):
            return words[0]  # 多少条路: a one-character noun after a measure word counts
        if (not phrase and match.group(1) in words and len(match.group(1)) == 1
                and not any(match.group(1) in unit.asked for unit in res.forms.units)):
            return match.group(1)  # 一年过多少车: the one-character noun that ends it
        if phrase:
            return phrase[-1]
        if not words or not all(is_verb(w) for w in words):
            return ""
        # (only a verb after it, 嘎查村那层有多少个参加: what is counted comes before)
    # nothing counted after it: the noun before it (电话多少, 窗口设几个)
    before = re.search(r"([\u3400-\u9fff]{1,8}?)(?:是|有|要|大概|一共)?(?:多少|几)", text)
    if before is None:
        return ""
    words = _maximal_words(_content_tokens(before.group(1), res), res)
    if words and before.group(1).endswith("的" + words[-1]):
        return words[-1]  # 接待游客的村有几个: a phrase …的村 is headed by its last word
    # (刘玉环今年能挣多少: a person is no count of something, nor is 人家 or 他们)
    return next((w for w in reversed(words) if not is_light(w) and w not in res.names.people
                 and w not in _PRONOUNS), "")


_PRONOUNS = frozenset({"人家", "他们", "她们", "它们", "大家", "我们", "咱们", "你们", "自己",
                       "别人"})


_ROLE_ASKED = re.compile(ROLE_ASKED)
_TOWARDS = frozenset("跟对向给为帮替")
_ASKS_DEEDS = re.compile(r"(?:干|做|办|搞)了?(?:些|点)?(?:啥|什么|哪些)")
_ADMIN_SUFFIXES = ("市", "盟", "旗", "县")


def _is_place(word: str, res: Resources) -> bool:
    """包头, 赤峰: words the articles write as a city, league, banner or county name."""
    # 包头市 is one word of jieba's (or the articles'); 参加市级 is a verb before 市级.
    # (The word check first: the scan of the corpus text grows with the archive.)
    return len(word) >= 2 and any(
        res.tokenizer.is_word(word + s) and word + s in res.names.corpus_text
        for s in _ADMIN_SUFFIXES)


def _role(content: str) -> str:
    """The role a who-question asks for (佳顺社区打快板的书记是谁 -> 书记), if any."""
    # (谁跟居民许下的: the ones spoken to or served are no role asked for)
    found = [m.group() for m in _ROLE_ASKED.finditer(content)
             if m.start() == 0 or content[m.start() - 1] not in _TOWARDS]
    return found[-1] if found else ""



MISSPELT_AROUND = 3  # known names this short may be part of a misspelt longer one
# A village or neighbourhood the articles name (马鞍山村, 东禾太小区, 巴音乌素嘎查): more
# specific than the banner or city around it; 该村 / 全村 name none.
_LOCAL_PLACE = re.compile(r"(?![该本全每各这那此一])([\u4e00-\u9fff]{2,6}?)(?:村|嘎查|社区|小区)")
_BROAD_PLACE = re.compile(r"(?:自治区|市|盟|旗|县|区)$")


def _local_place(terms: Sequence[Term], content: str, res: Resources) -> str | None:
    """The first village or neighbourhood named in the question: its name is no everyday
    word (自然村, 旅游村 and 重点村 are kinds of village) unless it is a place's."""
    for t in terms:
        if not t.known or not _LOCAL_PLACE.fullmatch(t.text):
            continue
        # with the characters the tokenizer cut off (北 | 台子村: 台子 is a word, 北台子 none)
        whole = _whole_name(t.text, content, res)
        match = _LOCAL_PLACE.fullmatch(whole)
        stem = whole[: match.end(1)] if match else ""
        if stem and (not res.tokenizer.is_word(stem) or is_proper_noun(stem)
                     or is_place_name(stem)):
            return whole
    return None


def _plus_written_out(content: str, names: NameIndex) -> str:
    """党建加旅游 is how people type 党建+旅游: the name with its plus."""
    if "加" not in content:
        return content
    for name in names.plus_names:
        content = content.replace(name.replace("+", "加"), name)
    return content


def _quoted_character(tokens: Sequence[str], res: Resources) -> str | None:
    """The one character a definition question asks about, a word of its own, when the
    articles put it in quotation marks (“晒”): 晒是啥意思, 晒晒志愿服务队 这个晒到底啥意思."""
    chars = [t for t in tokens if len(t) == 1 and _CJK.match(t)]
    if len(chars) == 1 and f"“{chars[0]}”" in res.names.corpus_text:
        return chars[0]
    return None


def _whole_name(word: str, content: str, res: Resources) -> str:
    """The word with the characters before it that the articles write with it: the
    tokenizer may cut a name the dictionary lacks (多布 | 库尔猎民村)."""
    start = content.find(word)
    if start < 0:
        return word
    end = start + len(word)
    while (start > 0 and _CJK.match(content[start - 1]) and content[start - 1] not in _NAME_BOUND
           and content[start - 1: end] in res.names.corpus_text):
        start -= 1
    return content[start:end]


_CJK = re.compile(r"[\u3400-\u9fff]")
# where a place's name starts: after the banner or town it is in, or a question word
_NAME_BOUND = frozenset("旗市县镇乡区盟的在了是个那这")


_KINDS_OF_PLACE = frozenset({"嘎查", "苏木", "旗县", "社区", "街道", "小区", "村", "镇", "乡"})


# What makes a short message a question or a request, whatever its words: a question
# mark or word, a request to tell (介绍, 说说), to go on (继续, 后来) or to give a case (比如)
_ASKING = re.compile(r"[?？吗呢么啥谁哪几怎咋]|干嘛|如何|什么|多少|为何|介绍|说说|讲讲|说下|讲下"
                     r"|说一下|讲一下|展开|详细|具体|告诉|查|继续|接着|然后|后来|还有|往下|再说|多说|举|比如|例如")
REMARK_CHARS = 8  # a remark is short; a longer message without a question word may be one


def _is_a_remark(normalized: str, intent: str, terms: tuple[Term, ...],
                 named: list[NameMatch], did_you_mean: list[str], english: bool) -> bool:
    """没事, 对的, 我看看, 等一下: a short message with no question in it and no word that
    could be asked about (nothing topical, nothing the articles say otherwise): a remark,
    answered as small talk rather than as a follow-up about the conversation's topic."""
    return (intent == "unknown" and not english and not named and not did_you_mean
            and len(normalized) <= REMARK_CHARS and _ASKING.search(normalized) is None
            and not any(t.topical or t.alternatives for t in terms))


# Verbs a place's name answers without them: 位于哪个旗; 在哪个医院上班 (the workplace
# named, …附属医院…的护士, says it)
LOCATING_VERBS = frozenset({"位于", "坐落", "坐落于", "地处", "处于", "上班", "工作", "任职",
                            "就职"})


def _unsaid_action(normalized: str, intent: str, terms: tuple[Term, ...],
                   res: Resources) -> str:
    """Where and how questions: a verb after the question word that no article uses, in
    no form (云平台在哪下载, 怎么下载): what is asked to be done is not reported, so a
    passage about the thing does not say where or how to do it. (报名 has 参加; 操作, 办
    say nothing of what is done: forms.doing_verbs.)"""
    if intent == "who":
        # 板凳是谁捐的: the verb right after 谁, which no article says (a one-character
        # one too: 捐 is a word of its own)
        after = _AFTER_WHO.search(normalized)
        if after is None:
            return ""
        return next((t.text for t in terms
                     if not t.known and not t.alternatives and not t.parts
                     and normalized.startswith(t.text, after.end())
                     and t.text not in res.forms.doing_verbs and res.tokenizer.is_word(t.text)
                     and not ends_in_complement(t.text) and is_verb(t.text)), "")
    if intent not in ("where", "how"):
        return ""
    asked = _WHERE_OR_HOW.search(normalized)
    if asked is None:
        return ""
    return next((t.text for t in terms
                 if not t.known and not t.alternatives and not t.parts and len(t.text) == 2
                 and t.text not in res.forms.doing_verbs and res.tokenizer.is_word(t.text)
                 and (intent != "where" or t.text not in LOCATING_VERBS)
                 # (劝住, 买到: a verb and where it gets, which the articles tell otherwise)
                 and not ends_in_complement(t.text)
                 and is_verb(t.text) and normalized.find(t.text, asked.end()) >= 0), "")


# 哪个酒店, 什么医院: the kind of place asked for, after the question word
_KIND_AFTER = re.compile(r"(?:哪个|哪一个|哪家|哪所|什么|啥)(?=[\u4e00-\u9fff])")


def _absent_kind(normalized: str, intent: str, terms: tuple[Term, ...],
                 res: Resources) -> str:
    """Where questions: the kind of place asked for (在哪个酒店住), when it is a word of
    the dictionary that no article uses in any form: no sentence can name one. (Not for
    who questions: 发起人是谁 is answered by 由…发起, a kind of person the articles
    say otherwise.)"""
    if intent != "where":
        return ""
    ends = {m.end() for m in _KIND_AFTER.finditer(normalized)}
    return next((t.text for t in terms
                 if not t.known and not t.alternatives and not t.parts and len(t.text) > 1
                 and res.tokenizer.is_word(t.text) and not is_verb(t.text)
                 and normalized.find(t.text) in ends), "")


def _find_topic(content: str, names: NameIndex) -> tuple[list[NameMatch], list[str]]:
    """Known names in the question (exact first), else near-names and doubtful ones."""
    # 嘎查, 苏木 are kept whole by the tokenizer but name a kind of place, not one: in
    # 巴音乌素嘎查 the topic is the village (answers take it from the article)
    exact = [m for m in names.exact(content) if m.name not in _KINDS_OF_PLACE]
    if exact and any(m.name not in names.initiatives and len(m.name) <= MISSPELT_AROUND
                     for m in exact):
        # 板凳意事会: the exact 板凳 (a short quoted word) is part of a misspelt longer name
        confident, _ = names.near(content)
        longer = [m for m in confident
                  if any(e.name in m.asked_as and len(m.name) > len(e.name) for e in exact)]
        if longer:
            covered = [e for e in exact if not any(e.name in m.asked_as for m in longer)]
            exact = [*longer, *covered]
    if exact:
        # a misspelt name beside a right one (阿鲁科尔亲旗党群服务中心): read it right too,
        # looked for only outside the right ones (fewer windows: a fraction of a ms)
        rest = list(content)
        for m in exact:
            rest[m.start: m.start + len(m.asked_as)] = " " * len(m.asked_as)
        confident, _ = names.near("".join(rest))
        exact += [m for m in confident if not any(_overlap(m, e) for e in exact)]
        # An initiative first, then other named things, then the places they are in:
        # 陈巴尔虎旗强基工程咋弄的 is about 强基工程 (in 陈巴尔虎旗).
        def rank(m: NameMatch) -> int:
            return 0 if m.name in names.initiatives else 2 if _ADMIN_PLACE.search(m.name) else 1
        return sorted(exact, key=rank), []
    confident, doubtful = names.near(content)
    return confident, doubtful


def _overlap(a: NameMatch, b: NameMatch) -> bool:
    return a.start < b.start + len(b.asked_as) and b.start < a.start + len(a.asked_as)


def _content_tokens(content: str, res: Resources) -> list[str]:
    tokens = [
        t for t in res.tokenizer.tokens(content)
        if t not in res.forms.drop_words and t not in ENGLISH_STOPWORDS
    ]
    return tokens[:MAX_QUERY_TOKENS]


def _mend_splits(tokens: list[str], content: str, res: Resources) -> list[str]:
    """Undo words jieba made across a boundary the corpus does not have.

    马鞍山村山葡萄 is cut 马鞍山 / 村山 / 葡萄, and 村山 is no word of the articles,
    which write 马鞍山村 and 山葡萄. An unknown word whose halves each continue a
    neighbouring stretch of the question into text the corpus contains is split
    back into those halves; a word like 上海 has no such halves and stays whole.
    """
    if not MEND_SPLITS:
        return tokens
    corpus = res.names.corpus_text
    mended: list[str] = []
    for token in tokens:
        at = content.find(token)
        if len(token) < 2 or at < 0 or res.document_frequency(token) or token in corpus:
            mended.append(token)
            continue
        end = at + len(token)
        for cut in range(1, len(token)):
            left = content[max(0, at - 2): at] + token[:cut]
            right = token[cut:] + content[end: end + 2]
            if len(left) >= 3 and len(right) >= 3 and left in corpus and right in corpus:
                mended.extend((token[:cut], token[cut:]))
                break
        else:
            joined = mended[-1] + token[0] if mended else ""
            if len(token) == 2 and content.find(joined) >= 0 and res.document_frequency(joined):
                # 成绩单发下去 cut 成绩 / 单发 / 下去: 成绩单 is a word of the articles' index
                mended[-1:] = [joined, token[1]]
            else:
                mended.append(token)
    return mended


def _maximal_words(tokens: list[str], res: Resources, content: str = "") -> list[str]:
    """The question's words for coverage, as the articles write them.

    jieba cuts what it does not know into single characters: 乌 仁 图 雅, 议事 角,
    网格 员. A character is joined to the word before it while the corpus writes
    them together (乌仁图雅, 议事角, 网格员, 马鞍山村). Then words inside longer
    ones are dropped (呼和, 浩特 beside 呼和浩特): each thing asked counts once.
    """
    words: list[str] = []
    for token in tokens:
        single = len(token) == 1 and _CJK.match(token) is not None
        if (JOIN_WRITTEN_TOGETHER and single and words and _CJK.match(words[-1][-1])
                and token not in res.forms.never_joined
                and _written_together(words[-1] + token, res)):
            words[-1] += token
        else:
            words.append(token)
    words = _unknown_runs(words, res, content)
    words = _whole_names(words, res, content)
    words = _short_places(words, res, content)
    words = _places_apart(words, res)
    unique = list(dict.fromkeys(words))
    return [w for w in unique if not any(w != other and w in other for other in unique)]


# 察右前旗大土城村: a banner (county, city …) and a village (town, community …) in it
_PLACE_IN_PLACE = re.compile(
    r"([\u4e00-\u9fff]{2,}?(?:旗|县|市|盟|区))([\u4e00-\u9fff]{2,}(?:村|镇|乡|嘎查|苏木|社区|街道|小区))")


def _places_apart(words: list[str], res: Resources) -> list[str]:
    """A village asked with its banner (察右前旗大土城村) is two places: the articles
    name the banner once and then write 大土城村 on its own, so the two must count
    apart (a paragraph with both answers). A name of the articles' stays whole."""
    out: list[str] = []
    for word in words:
        match = _PLACE_IN_PLACE.fullmatch(word)
        if (match is not None and word not in res.names.name_set
                and all(part in res.names.corpus_text for part in match.groups())):
            out.extend(match.groups())
        else:
            out.append(word)
    return out


def _whole_names(words: list[str], res: Resources, content: str) -> list[str]:
    """Places and people the articles name, cut by jieba into pieces (萨哈 拉 塔拉 嘎查,
    布仁 巴 雅尔), become one word again: the name asked about, not four rare words."""
    corpus = res.names.corpus_text
    whole = {p for p in res.names.people if p in content}
    for a, b in places(content):
        # the longest tail the articles write (修大土城村 → 大土城村)
        found = next((content[i:b] for i in range(a, b - 2) if content[i:b] in corpus), None)
        if found:
            whole.add(found)
    if not whole:
        return words
    out: list[str] = []
    i = 0
    while i < len(words):
        # only names jieba broke into fragments (a piece of one character: 拉, 锦): 育苗
        # + 基地 are two words the articles also use apart
        end = next((j for j in range(len(words), i + 1, -1)
                    if "".join(words[i:j]) in whole
                    and any(len(w) == 1 for w in words[i:j])), None)
        if end is None:
            out.append(words[i])
            i += 1
        else:
            out.append("".join(words[i:end]))
            i = end
    return out


def _is_short_place(word: str, res: Resources) -> bool:
    """阿鲁科尔沁: a place of four characters or more that the articles write with its
    suffix (阿鲁科尔沁旗)."""
    return len(word) >= 4 and _CJK_RUN.fullmatch(word) is not None and _is_place(word, res)


def _short_places(words: list[str], res: Resources, content: str) -> list[str]:
    """A place asked without its suffix (阿鲁科尔沁 for 阿鲁科尔沁旗), which jieba cuts
    into words of their own (阿鲁 科尔 科尔沁), is one word again: 科尔沁 alone is another
    place (科尔沁区). The pieces go when maximal words are taken.

    Only names ending in a name jieba or the articles know (科尔沁), with a word before
    it, and not followed by a suffix in the question (富山嘉苑社 + 区) are tried: no
    phrase is taken for a place (书记参加 + 市…), and a question costs a few corpus
    scans at most."""
    out = list(words)
    known = res.names.name_set
    for place in [w for w in words if len(w) > 1 and (is_proper_noun(w) or w in known)]:
        end = content.find(place) + len(place)
        if end < len(place) or content[end: end + 1] in _ADMIN_SUFFIXES + ("区",):
            continue
        for word in words:
            at = content.find(word)
            if at >= 0 and end - 8 <= at < end - len(place) and end - at >= 4 and (
                    name := content[at:end]) not in out and _is_short_place(name, res):
                out.insert(out.index(word), name)
                break
    return out


_NEGATION = re.compile(r"[不没别未]")


def _unknown_runs(words: list[str], res: Resources, content: str) -> list[str]:
    """Single characters written together in the question that the corpus never writes
    together are one unknown word (双 减 -> 双减): what the question names, not a few
    everyday characters. Characters apart in the question (种 的 瓜) stay apart."""
    out: list[str] = []
    run: list[str] = []
    for word in [*words, ""]:
        if len(word) == 1 and _CJK.match(word):
            run.append(word)
            continue
        joined = "".join(run)
        # (not with a negation in it: 干不动活 is a verb phrase, not a name)
        if (len(run) >= 2 and joined in content and joined not in res.names.corpus_text
                and not _NEGATION.search(joined)):
            out.append(joined)
        else:
            out.extend(run)
        run = []
        if word:
            out.append(word)
    return out


def _written_together(joined: str, res: Resources) -> bool:
    """Whether the corpus writes `joined` as one stretch that ends there: 网格员 (网格员发现)
    yes, but not 党员人 (only ever in 党员人数, where 人 starts the word 人数)."""
    corpus = res.names.corpus_text
    start = corpus.find(joined)
    while start != -1:
        end = start + len(joined)
        if not res.tokenizer.is_word(corpus[end - 1: end + 1]):
            return True
        start = corpus.find(joined, end)
    return False


def _search_words(alternatives: tuple[str, ...], asked: list[str],
                  res: Resources) -> tuple[str, ...]:
    """Index tokens for the alternatives: a word itself, a phrase by its indexed words
    of two or more characters that the question does not already search."""
    words: list[str] = []
    for alternative in alternatives:
        if res.document_frequency(alternative) > 0:
            words.append(alternative)
            continue
        words.extend(t for t in res.tokenizer.tokens(alternative)
                     if len(t) > 1 and t not in asked and res.document_frequency(t) > 0)
    return tuple(dict.fromkeys(words))


_BEFORE_VERB = frozenset("被多少再又还都也就更")


def _known_part(word: str, res: Resources) -> tuple[str, ...]:
    """The part the articles use of a phrase they lack, when it is a phrase of known
    parts rather than a name: 养羊 (a verb and 羊) -> 羊, 坐轮椅 -> 轮椅, 理论课 (a kind
    of 课) -> 理论.  Names (上海, 护照 …) have no such parts and stay a veto."""
    if len(word) < 2 or not _CJK.fullmatch(word[0]) or is_proper_noun(word):
        return ()
    if len(word) == 2:
        head = word[1]
        known_head = head not in light_words() and res.document_frequency(head) > 0
        # 被骗, 多挣: the passive or an adverb before a verb the articles use
        return (head,) if (is_verb(word[0]) or word[0] in _BEFORE_VERB) and known_head else ()
    if is_verb(word[0]) and res.document_frequency(word[1:]) > 0:
        return (word[1:],)
    if word[-1] not in light_words() and res.document_frequency(word[:-1]) > 0:
        return (word[:-1],)
    return ()


def _whole_synonym(synonym: str, word: str) -> bool:
    """A thesaurus synonym that can stand for the word: one character only when the word
    is that character with a particle or suffix (沿着 -> 沿), not any character of a
    same-class entry (明天 -> 明, 前)."""
    return len(synonym) > 1 or (len(word) == 2 and word[0] == synonym
                                and word[1] in _WORD_SUFFIXES)


_WORD_SUFFIXES = frozenset("着了过儿子")


def _known_words(word: str, res: Resources) -> tuple[str, ...]:
    """The words the articles use that make up a compound they lack, when it is one
    (农村党员 = 农村 + 党员, 共享牧场 = 共享 + 牧场): two or more words of two characters
    or more, in order.  Names (上海, 护照) are no compounds."""
    if len(word) < 4 or not _CJK.fullmatch(word[0]) or is_proper_noun(word):
        return ()
    # parts[i]: a split of word[i:] into known words, fewest parts first
    best: list[tuple[str, ...] | None] = [None] * len(word) + [()]
    for i in range(len(word) - 2, -1, -1):
        splits = [(word[i:j], *rest) for j in range(i + 2, len(word) + 1)
                  if (rest := best[j]) is not None and word[i:j] != word
                  and res.document_frequency(word[i:j]) > 0]
        best[i] = min(splits, key=len, default=None)
    split = best[0]
    return split if split is not None and len(split) >= 2 else ()


def _staff_variants(word: str) -> tuple[str, ...]:
    """The other way to write a kind of staff: 帮办代办员 / 帮办代办人员, 网格员 / 网格人员."""
    if len(word) >= 4 and word.endswith("人员"):
        return (word[:-2] + "员",)
    if len(word) >= 3 and word.endswith("员") and not word.endswith("人员"):
        return (word[:-1] + "人员",)
    return ()


# 揭完榜, 开了会, 办过事: a verb and its object with an aspect particle between; the
# articles write the word whole (揭榜); 第一轮 they write 一轮
_ASPECT_INSIDE = frozenset("完了过着好")
_NUMERALS = frozenset("一二三四五六七八九十两0123456789")


def _written_otherwise(word: str) -> tuple[str, ...]:
    """揭完榜 -> 揭榜; 第一轮 -> 一轮 (the articles count rounds and batches without 第)."""
    if len(word) == 3 and word[1] in _ASPECT_INSIDE:
        return (word[0] + word[2],)
    if len(word) >= 3 and word[0] == "第" and word[1] in _NUMERALS:
        return (word[1:],)
    return ()


def _as_written(token: str, res: Resources) -> str:
    """The token as the articles write it, when they write it otherwise (_written_otherwise)."""
    if res.document_frequency(token):
        return token
    return next((w for w in _written_otherwise(token) if res.document_frequency(w)), token)


def _weigh(tokens: list[str], res: Resources, *, topical: bool = False) -> tuple[Term, ...]:
    """Weight each distinct token: corpus idf when the corpus has it, else by its kind.

    A word the corpus lacks weighs as much as the rarest corpus word when it could
    name a topic (a noun, a place, an English word), and little when it is an
    everyday word (a verb, an adverb, a single character): 报名 or 搞 must not
    veto an answer, 护照 or 上海 must.
    """
    n_docs = res.n_docs
    unseen = idf(0, n_docs)
    terms: list[Term] = []
    tokens = [_as_written(t, res) for t in tokens]
    for token in dict.fromkeys(tokens):
        df = res.document_frequency(token) or (res.phrase_frequency(token) if len(token) > 1
                                                else 0)
        # curated synonyms the articles use, as a word or as a phrase (边防检查站)
        alternatives = tuple(a for a in res.forms.synonyms.get(token, ())
                             if a != token and (res.document_frequency(a) > 0
                                                or (len(a) > 1 and res.phrase_frequency(a) > 0)))
        alternatives += tuple(v for v in _staff_variants(token)
                              if v not in alternatives and res.phrase_frequency(v) > 0)
        if not alternatives and df == 0 and USE_THESAURUS:
            # A word the articles lack: the general thesaurus may know theirs.
            alternatives = tuple(sorted(
                (a for a in thesaurus.synonyms(token)
                 if res.document_frequency(a) > 0 and _whole_synonym(a, token)),
                key=lambda a: (-len(a), a)))[:MAX_THESAURUS_SYNONYMS]
        part_of: tuple[str, ...] = ()
        if not alternatives and df == 0:
            alternatives = part_of = _known_part(token, res)
        parts = _known_words(token, res) if not alternatives and df == 0 else ()
        light = (token in res.forms.light_words or is_light(token)
                 or (df == 0 and (is_light_compound(token)
                                  or (USE_THESAURUS and thesaurus.is_everyday_word(token)))))
        search = _search_words(alternatives, tokens, res)
        if df > 0:
            weight = idf(df, n_docs) * (LIGHT_KNOWN_SHARE if light and not topical else 1.0)
            terms.append(Term(token, weight, True, topical or not light, alternatives,
                              search_words=search))
        elif alternatives and not light and token in res.forms.synonyms:
            # 物业费 -> 收费: a word the articles say otherwise (a curated synonym, not the
            # general thesaurus) is a word of theirs, and weighs as the commonest of them
            weight = min(idf(res.document_frequency(a) or res.phrase_frequency(a), n_docs)
                         for a in alternatives)
            terms.append(Term(token, weight, True, True, alternatives, search_words=search))
        elif part_of and not light and len(part_of[0]) > 1:
            # 高中生 where the articles write 高中女生: a word as rare as its known part
            terms.append(Term(token, idf(res.document_frequency(part_of[0]), n_docs), False,
                              True, alternatives, search_words=search, backoff=True))
        elif light or alternatives:
            terms.append(Term(token, unseen * LIGHT_SHARE, False, False, alternatives,
                              search_words=search, backoff=bool(part_of)))
        elif parts:
            # 农村党员 where the articles write 农村地区党员: as rare as its rarest part
            weight = max(idf(res.document_frequency(p), n_docs) for p in parts)
            terms.append(Term(token, weight, False, True, (), parts=parts))
        else:
            proper = is_proper_noun(token) or bool(_LATIN_WORD.fullmatch(token))
            terms.append(Term(token, unseen, False, True, (), proper=proper,
                              dictionary_word=res.tokenizer.is_word(token)))
    return tuple(terms)
