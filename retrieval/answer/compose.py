"""Answer composition: ranked paragraphs -> diverse passages with sentence, snippet, citation.

Pure functions over data the knowledge base hands in; no index or I/O here.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from retrieval.models import Article, Hit, Paragraph, Passage
from retrieval.text.normalize import normalize
from retrieval.text.sentences import split_sentences

# Expected answer types: a question matching the first pattern is best answered by
# a sentence matching the second (an amount for 多少/几, people for 谁, …).
_DATE = re.compile(r"\d+(?:年|月|日|号|时|点)(?:以来|前|后|底|初)?")
ANSWER_TYPES: tuple[tuple[str, re.Pattern[str], re.Pattern[str]], ...] = (
    ("amount", re.compile(r"多少|几|多大|多长|多久|多高|多远|多重|比例|百分之|率"),
     re.compile(r"\d|[一二三四五六七八九十百千万两]+[个名家人户项次万亿%]")),
    ("person", re.compile(r"谁|什么人|哪些人|哪位|哪个人"),
     re.compile(r"\d+余?[名位]|[一二三四五六七八九十]+[名位]|[员者]|书记|主任|队长|领队|群众|居民|村民|孩子")),
    ("place", re.compile(r"哪里|哪儿|在哪|什么地方|哪个地方"),
     re.compile(r"[市旗县区镇乡村]|社区|街道|嘎查|苏木|基地|口岸")),
    ("definition", re.compile(r"是什么|什么是|是啥|啥是|什么意思|指什么|是指"),
     re.compile(r"^[^，。,]{0,14}?(?:是|指|即|就是)[^否不]")),  # "“红色小马甲”是党员志愿…"
    ("time", re.compile(r"什么时候|何时|哪年|哪一年|哪天"),
     re.compile(r"\d+(?:年|月|日)|今年|去年|近日|日前|以来")),
)
# Re-ranking weights, relative to the best BM25 score (= 1.0); see rerank().
RERANK_CONTEXT = 1.0
RERANK_SENTENCE = 0.5
RERANK_ANSWER_TYPE = 0.5
SINGLE_CHAR_WEIGHT = 0.5


@dataclass(frozen=True)
class QueryTerms:
    """The meaningful terms of a question with their weights (rarer = heavier)."""

    terms: tuple[str, ...]  # distinct, in question order
    weights: tuple[float, ...]
    unknown: tuple[str, ...]  # terms no paragraph contains

    @property
    def total(self) -> float:
        return sum(self.weights)


def weigh_terms(tokens: Sequence[str], document_frequency: Callable[[str], int],
                n_docs: int) -> QueryTerms:
    """Weight each distinct term by a positive idf; unseen terms weigh the most.

    A term the corpus never contains gets the largest weight, so a question
    made mostly of such terms cannot be "covered" by any passage. Only maximal
    terms count: jieba's search mode adds 呼和 and 浩特 beside 呼和浩特, and
    counting those too would let a place name outweigh the rest of the question.
    """
    unique = tuple(dict.fromkeys(tokens))
    distinct = tuple(t for t in unique if not any(t != o and t in o for o in unique))
    weights, unknown = [], []
    for term in distinct:
        df = document_frequency(term)
        if df == 0:
            unknown.append(term)
        weight = math.log(1.0 + (n_docs - df + 0.5) / (df + 0.5))
        # A single character is also found inside unrelated words (交 in 交流), so
        # finding it proves less: it counts half.
        weights.append(weight * SINGLE_CHAR_WEIGHT if len(term) == 1 else weight)
    return QueryTerms(distinct, tuple(weights), tuple(unknown))


def coverage(query: QueryTerms, normalized_text: str) -> float:
    """Share of the question's term weight found in a passage's (normalised) text."""
    if query.total <= 0:
        return 0.0
    found = sum(w for t, w in zip(query.terms, query.weights, strict=True) if t in normalized_text)
    return found / query.total


def diversify(hits: Sequence[Hit], paragraphs: Sequence[Paragraph]) -> list[Hit]:
    """Best paragraph of each article first (in score order), then the rest."""
    seen: set[int] = set()
    first, rest = [], []
    for hit in hits:
        article_id = paragraphs[hit.paragraph_id].article_id
        (rest if article_id in seen else first).append(hit)
        seen.add(article_id)
    return first + rest


def answer_type(question: str) -> str | None:
    """The kind of answer a question asks for (amount, person, place, time), if any."""
    for name, asks, _ in ANSWER_TYPES:
        if asks.search(question):
            return name
    return None


def sentence_types(sentence: str) -> frozenset[str]:
    """The answer types a sentence can give; an amount is a count, not a date."""
    undated = _DATE.sub("", sentence)
    return frozenset(
        name for name, _, gives in ANSWER_TYPES
        if gives.search(undated if name == "amount" else sentence)
    )


@dataclass(frozen=True)
class Sentence:
    text: str
    normalized: str
    types: frozenset[str]


def analyse_sentences(paragraph: str) -> tuple[Sentence, ...]:
    pieces = split_sentences(paragraph) or [paragraph]
    return tuple(Sentence(p, normalize(p), sentence_types(p)) for p in pieces)


def best_sentence(sentences: Sequence[Sentence], query: QueryTerms,
                  wanted_type: str | None) -> tuple[int, float, bool]:
    """The sentence that best answers: (index, its share of term weight, right answer type?).

    Most term weight wins; a sentence of the wanted answer type wins ties.
    """
    best = (0, 0.0, False)
    best_key = (-1.0, False)
    for index, sentence in enumerate(sentences):
        share = coverage(query, sentence.normalized)
        typed = wanted_type in sentence.types
        key = (round(share, 6), typed)
        if key > best_key:  # strict: the earlier sentence wins ties
            best, best_key = (index, share, typed), key
    return best


def rerank(hits: Sequence[Hit], query: QueryTerms, wanted_type: str | None,
           sentences_of: Callable[[int], Sequence[Sentence]],
           normalized_texts: Sequence[str], article_texts: Sequence[str],
           article_of: Sequence[int]) -> list[Hit]:
    """Re-order BM25's best candidates by how completely they answer.

    BM25 (scaled to the best hit) is the base; a candidate gains for covering the
    question's terms in the paragraph and, less, in its article (an article names
    its place once, its paragraphs then say "该站"), and for one sentence that
    matches much of the question; when that sentence is of the answer type the
    question asks for (an amount for 多少/几 …), it gains again.
    """
    if not hits:
        return []
    top = hits[0].score or 1.0
    scored = []
    for hit in hits:
        pid = hit.paragraph_id
        context = 0.7 * coverage(query, normalized_texts[pid]) + 0.3 * coverage(
            query, article_texts[article_of[pid]])
        _, sentence_share, typed = best_sentence(sentences_of(pid), query, wanted_type)
        value = hit.score / top + RERANK_CONTEXT * context + RERANK_SENTENCE * sentence_share
        if typed and sentence_share > 0:
            value += RERANK_ANSWER_TYPE
        scored.append((value, hit))
    scored.sort(key=lambda pair: -pair[0])  # stable: BM25 order breaks ties
    return [hit for _, hit in scored]


def snippet_around(sentences: Sequence[str], index: int, limit: int) -> str:
    """The chosen sentence plus neighbours up to `limit` characters, … where cut."""
    if not sentences:
        return ""
    chosen = sentences[index].strip()
    if len(chosen) > limit:
        return chosen[:limit].rstrip() + "…"
    start, end, size = index, index + 1, len(chosen)
    while True:
        grew = False
        if end < len(sentences) and size + len(sentences[end]) <= limit:
            size += len(sentences[end])
            end += 1
            grew = True
        if start > 0 and size + len(sentences[start - 1]) <= limit:
            start -= 1
            size += len(sentences[start])
            grew = True
        if not grew:
            break
    text = "".join(sentences[start:end]).strip()
    return ("…" if start > 0 else "") + text + ("…" if end < len(sentences) else "")


def make_passage(rank: int, hit: Hit, paragraph: Paragraph, article: Article, query: QueryTerms,
                 wanted_type: str | None, sentences: Sequence[Sentence], snippet_chars: int,
                 normalized_text: str) -> Passage:
    index = best_sentence(sentences, query, wanted_type)[0]
    texts = [s.text for s in sentences]
    matched = tuple(sorted((t for t in query.terms if t in normalized_text), key=len, reverse=True))
    return Passage(
        rank=rank,
        score=float(hit.score),
        paragraph_id=paragraph.id,
        article_id=article.id,
        title=article.title,
        column=article.column,
        byline=article.byline,
        source=article.source,
        paragraph=paragraph.text,
        sentence=texts[index].strip(),
        snippet=snippet_around(texts, index, snippet_chars),
        highlights=matched,
    )
