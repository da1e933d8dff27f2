"""Answer composition: the answer line and the passages, with their spans.

Pure functions over re-ranked candidates; no index or I/O here. Every span is an
offset into the text it comes with (the answer line's text, a passage's snippet),
so the bot marks text without normalising or searching it again.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from retrieval.answer.query import Query, Term
from retrieval.answer.rerank import Candidate
from retrieval.answer.spans import Span, answer_spans, is_a_step
from retrieval.models import AnswerLine, Passage
from retrieval.text.lexicon import ROLE_ALIASES
from retrieval.text.punctuation import CLAUSE, CLAUSE_BREAKS
from retrieval.text.sentences import find_spans

MAX_LINE_CHARS = 80  # an answer line longer than this is cut to the clauses that answer
# How something is done is said after the clause naming the subject (…党群服务中心聚焦“为
# 企业服务”主要任务，突出政治引领，建立网格服务小组，形成…体系) — unless that clause itself
# names the way (采取…等方式) or lists what is done (、), or something longer than a short
# time opens the sentence before it.
_SAYS_THE_WAY = re.compile(r"、|通过|采取|采用|推行|实行|方式|办法|方法|机制|模式|制度")
OPENING_CHARS = 6  # 今年, 近年来: what may stand before the subject clause
_TRAILING = CLAUSE_BREAKS + " "


def grow_window(pieces: Sequence[str], index: int, limit: int, *,
                onward: bool = False) -> tuple[int, int]:
    """(start, end): pieces[index] and its neighbours, one more on each side in turn
    (the next first), as long as they fit in `limit` characters together; `onward`:
    every following piece that fits first, then the ones before."""
    start, end, size = index, index + 1, len(pieces[index])
    if onward:
        while end < len(pieces) and size + len(pieces[end]) <= limit:
            size += len(pieces[end])
            end += 1
    while True:
        grew = False
        if end < len(pieces) and size + len(pieces[end]) <= limit:
            size += len(pieces[end])
            end += 1
            grew = True
        if start > 0 and size + len(pieces[start - 1]) <= limit:
            start -= 1
            size += len(pieces[start])
            grew = True
        if not grew:
            return start, end


def snippet_around(sentences: Sequence[str], index: int, limit: int) -> tuple[str, int]:
    """(the chosen sentence plus neighbours up to `limit` characters, … where cut;
    the offset of the chosen sentence in that snippet)."""
    if not sentences:
        return "", 0
    chosen = sentences[index].strip()
    if len(chosen) > limit:
        return chosen[:limit].rstrip() + "…", 0
    start, end = grow_window(sentences, index, limit)
    lead = "…" if start > 0 else ""
    before = "".join(sentences[start:index])
    text = "".join(sentences[start:end])
    stripped = text.strip()
    offset = len(lead) + len(before) - (len(text) - len(text.lstrip()))
    return lead + stripped + ("…" if end < len(sentences) else ""), max(0, offset)


def highlight_terms(query: Query, normalized: str) -> tuple[str, ...]:
    """Question words (and found synonyms) a text holds, longest first; single
    characters are left out: marking 分 in 划分 tells the reader nothing."""
    found = set()
    for term in query.terms:
        for word in (term.text, *term.alternatives):
            if len(word) > 1 and word in normalized:
                found.add(word)
    return tuple(sorted(found, key=len, reverse=True))


def make_passage(rank: int, candidate: Candidate, query: Query, snippet_chars: int,
                 page: str = "") -> Passage:
    texts = [s.text for s in candidate.sentences]
    snippet, at = snippet_around(texts, candidate.best, snippet_chars)
    sentence = texts[candidate.best].strip()
    evidence = ""
    if snippet[at: at + len(sentence)] == sentence:
        before, after = snippet[:at].strip(), snippet[at + len(sentence):].strip()
        # What the snippet says besides the answer; a bare "…" says nothing.
        evidence = " ".join(part for part in (before, after) if part.strip("… "))
    terms = highlight_terms(query, _norm_of(candidate))
    article = candidate.article
    return Passage(
        rank=rank,
        score=float(candidate.hit.score),
        paragraph_id=candidate.paragraph.id,
        article_id=article.id,
        title=article.title,
        column=article.column,
        byline=article.byline,
        source=article.source,
        paragraph=candidate.paragraph.text,
        sentence=candidate.sentence.text.strip(),
        snippet=snippet,
        highlights=terms,
        spans=tuple(find_spans(snippet, terms)),
        heading=article.heading_of(candidate.paragraph.position),
        evidence=evidence,
        page=page,
    )


def _norm_of(candidate: Candidate) -> str:
    return "".join(s.normalized for s in candidate.sentences)


def clauses(sentence: str) -> list[str]:
    return [c for c in CLAUSE.findall(sentence) if c]


def answer_line(candidate: Candidate, query: Query, rank: int,
                max_chars: int = MAX_LINE_CHARS) -> AnswerLine:
    """The one line to show first: the answering sentence, cut to the clauses that
    hold the answer when it is long, with the answer span(s) marked."""
    sentence = candidate.sentence.text.strip()
    if query.intent == "how" and is_a_step(sentence):
        sentence = _with_earlier_steps(candidate, max_chars)
    else:
        sentence = _with_short_next(candidate)
    spans = _answer_spans(sentence, query)
    anchor_at = spans[0][0] if spans else _anchor_offset(sentence, query)
    if query.person and query.intent == "list":
        anchor_at = _after_the_name(sentence, query.subject, anchor_at)
    text, offset = _cut(sentence, anchor_at, max_chars,
                        onward=not spans and query.intent == "how")
    shifted = tuple((s - offset, e - offset) for s, e in spans
                    if s >= offset and e <= offset + len(text))
    if not shifted and query.intent in ("definition", "unknown", "yesno") and query.topic:
        shifted = tuple(find_spans(text, [query.topic.name]))
    return AnswerLine(text=text, spans=shifted, rank=rank)


def _with_earlier_steps(candidate: Candidate, max_chars: int) -> str:
    """The steps of a series before the answering one, that fit (专家授课,典型分享;小组讨论,
    交流感悟;分享戍边历程,宣讲奋斗故事……, each its own sentence)."""
    texts = [s.text.strip() for s in candidate.sentences]
    start = candidate.best
    while (start > 0 and is_a_step(texts[start - 1])
           and len("".join(texts[start - 1: candidate.best + 1])) <= max_chars):
        start -= 1
    return "".join(texts[start: candidate.best + 1])


# characters: a sentence this short, inside a quotation, goes on in the next one as short
# (“就这种恭喜你中奖的链接,你可别信!马上删除。”: the second says what to do)
SHORT_SENTENCE_CHARS = 20


def _with_short_next(candidate: Candidate) -> str:
    texts = [s.text.strip() for s in candidate.sentences]
    here = texts[candidate.best]
    if candidate.best + 1 >= len(texts) or len(here) > SHORT_SENTENCE_CHARS:
        return here
    following = texts[candidate.best + 1]
    in_quotation = here.count("“") > here.count("”")
    if in_quotation and len(following) <= SHORT_SENTENCE_CHARS:
        return here + following
    return here


def _after_the_name(sentence: str, name: str, default: int) -> int:
    """她干了啥: what someone did follows the clause naming them (…护士庞云霞也被封控在
    小区里, 她主动请缨, “就地上岗”…)."""
    at = sentence.find(name)
    if at < 0:
        return default
    breaks = [sentence.find(mark, at + len(name)) for mark in "，,；;"]
    found = [b for b in breaks if b >= 0]
    return min(found) + 1 if found else default


def _answer_spans(sentence: str, query: Query) -> list[Span]:
    """The intent's span nearest to one of the question's words (their context)."""
    spans = answer_spans(sentence, query)
    if not spans:
        return []
    # who: near what the question asks about its topic (谁牵头建的: 牵头, not the topic's
    # 党支部书记 of the clause before); otherwise near any of its words
    asked = [t.text for t in query.asked_terms if len(t.text) > 1] if query.intent == "who" else []
    if query.intent == "who" and query.role:
        # 支书是谁: the person named with the post (党支部书记何泽承), as the articles write it
        asked = [query.role, *ROLE_ALIASES.get(query.role, ()), *asked]
    found = ((find_spans(sentence, asked) if asked else [])
             or find_spans(sentence, [t.text for t in query.terms if len(t.text) > 1]))
    if not found:
        return spans[:1]

    def inside(span: Span) -> int:  # question words within a clause-long span (effect)
        return sum(1 for s, e in found if span[0] <= s and e <= span[1])

    return [min(spans, key=lambda span: (-inside(span),
                                         min(max(s - span[1], span[0] - e, 0)
                                             for s, e in found)))]


def _anchor_offset(sentence: str, query: Query) -> int:
    """Where the question's topic (or its heaviest word) is in the sentence; for a yes/no
    question, where what is asked about it is (揭榜挂帅有没有年龄限制: 年龄, not 揭榜挂帅)."""
    heaviest = [t.text for t in sorted(query.terms, key=lambda t: -t.weight)]
    if query.intent == "yesno":
        asked = [w for w in heaviest if w not in query.topic_words]
        order = (*asked, *query.topic_words)
    elif query.intent == "definition" and query.topic is not None and any(
            query.normalized.find(t.text) > topic_at or topic_at < 0
            for topic_at in (query.normalized.find(query.topic.name),)
            for t in query.asked_terms):
        # 甘其毛都边检站搞了个啥党建品牌: the thing asked for is named last (品牌), after the
        # topic (多布库尔猎民村的“一心一带五区”指的是什么 asks for the topic itself)
        order = (*(t.text for t in reversed(query.asked_terms)), *query.topic_words)
    elif query.intent == "definition" and query.topic is None and len(query.terms) > 1:
        # 多布库尔猎民村搞了个啥景区: without an initiative, too, the last word is asked for
        order = tuple(t.text for t in reversed(query.terms))
    elif query.intent == "list" and (query.topic is not None or _kind_listed(query)):
        # 亮晒比是冲着哪些毛病去的: the clause of the kind asked (…劲头不足等问题), in the
        # article's words too, not the one naming the topic; without a kind named after
        # the question word, the clause of the heaviest other word
        kind = _kind_listed(query)
        listed = [kind] if kind is not None else sorted(
            (t for t in query.asked_terms if t.topical), key=lambda t: -t.weight)
        order = (*(w for t in listed for w in (t.text, *t.alternatives) if len(w) > 1),
                 *query.topic_words, *heaviest)
    else:
        order = (*query.topic_words, *heaviest)
    for word in order:
        found = find_spans(sentence, [word])
        if found:
            return found[0][0]
    return 0


# 哪些毛病, 哪几个边检站: the kind of thing a list question asks for, after its question word
_LIST_WORD = re.compile(r"(?:哪些|哪几个|哪几种|哪几项|哪几类|哪几样|哪几)(?=[\u4e00-\u9fff])")


def _kind_listed(query: Query) -> Term | None:
    ends = {m.end() for m in _LIST_WORD.finditer(query.normalized)}
    return next((t for t in query.asked_terms
                 if t.topical and query.normalized.find(t.text) in ends), None)


def _cut(sentence: str, anchor_at: int, max_chars: int, *,
         onward: bool = False) -> tuple[str, int]:
    """(the clauses around `anchor_at` that fit in max_chars, their offset in the sentence);
    `onward`: what the anchor's clause leads to comes first (the clause naming the
    question's subject only introduces it), then what fits before."""
    if len(sentence) <= max_chars:
        return sentence, 0
    parts = clauses(sentence)
    starts, position = [], 0
    for part in parts:
        starts.append(position)
        position += len(part)
    index = max(i for i, s in enumerate(starts) if s <= anchor_at) if starts else 0
    if (onward and index + 1 < len(parts) and starts[index] <= OPENING_CHARS
            and not _SAYS_THE_WAY.search(parts[index])):
        lo, hi = grow_window(parts, index + 1, max_chars, onward=True)
    else:
        lo, hi = grow_window(parts, index, max_chars)
    text = "".join(parts[lo:hi])
    offset = starts[lo]
    if len(text) > max_chars:  # one clause longer than a line: keep the part around the anchor
        cut_from = max(0, min(anchor_at - offset - 10, len(text) - max_chars))
        text, offset = text[cut_from: cut_from + max_chars], offset + cut_from
    stripped = text.rstrip(_TRAILING)
    if hi < len(parts) or len(stripped) < len(text):
        return stripped + "…", offset
    return stripped, offset
