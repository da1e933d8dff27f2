"""The knowledge base: one immutable build of corpus, tokenizer, index and topics.

`build_knowledge_base` is blocking (seconds); callers on an event loop run it in
a thread and swap the finished object in. `KnowledgeBase.ask` only reads, so one
instance can serve many threads at once.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import jieba

from retrieval.answer.compose import (
    QueryTerms,
    Sentence,
    analyse_sentences,
    answer_type,
    coverage,
    diversify,
    make_passage,
    rerank,
    weigh_terms,
)
from retrieval.config import RetrievalConfig
from retrieval.corpus.loader import load_corpus
from retrieval.index.bm25 import InvertedBM25, RankBM25Engine, make_engine
from retrieval.index.parallel import tokenize_documents
from retrieval.index.snapshot import load_snapshot, save_snapshot, snapshot_key
from retrieval.models import Answer, Article, Hit, LoadReport, Paragraph, Topic
from retrieval.text.dictionary import CuratedTerms, quoted_terms, read_curated_terms
from retrieval.text.normalize import normalize
from retrieval.text.tokenizer import Tokenizer

log = logging.getLogger(__name__)

# Bump when parsing or tokenisation changes what a corpus turns into: it is part of
# the snapshot key, so an index built by older code is never loaded for new paragraphs.
PIPELINE_VERSION = "2"
CANDIDATES = 50  # paragraphs ranked per question before diversifying across articles
RERANK_DEPTH = 20  # of those, how many are re-ranked by answer quality
MAX_QUERY_TOKENS = 64  # bounds the work a pasted essay can cause


@dataclass(frozen=True, eq=False)  # eq=False: hashed by identity, cheap for lru caches
class KnowledgeBase:
    config: RetrievalConfig
    articles: tuple[Article, ...]
    paragraphs: tuple[Paragraph, ...]
    report: LoadReport
    tokenizer: Tokenizer
    engine: InvertedBM25 | RankBM25Engine  # same interface
    curated: CuratedTerms
    version: str  # changes whenever corpus, dictionary or index parameters change
    build_seconds: float
    from_snapshot: bool

    @cached_property
    def _article_texts(self) -> tuple[str, ...]:
        """Normalised title + all paragraphs per article (context evidence)."""
        return tuple(normalize(" ".join((a.title, *a.paragraphs))) for a in self.articles)

    @cached_property
    def _article_of(self) -> tuple[int, ...]:
        return tuple(p.article_id for p in self.paragraphs)

    @cached_property
    def _sentence_cache(self) -> dict[int, tuple[Sentence, ...]]:
        return {}

    def sentences_of(self, paragraph_id: int) -> tuple[Sentence, ...]:
        """A paragraph's sentences, analysed once on first use (a dict write is thread-safe)."""
        cached = self._sentence_cache.get(paragraph_id)
        if cached is None:
            cached = analyse_sentences(self.paragraphs[paragraph_id].text)
            self._sentence_cache[paragraph_id] = cached
        return cached

    @cached_property
    def _search_texts(self) -> tuple[str, ...]:
        """Normalised title + paragraph per row: what coverage and highlights look in."""
        return tuple(
            normalize(f"{self.articles[p.article_id].title}\n{p.text}") for p in self.paragraphs
        )

    def warm(self) -> None:
        """Compute the per-paragraph texts now, in the builder's thread, not on a question."""
        _ = self._search_texts, self._article_texts, self._article_of, self._topics

    # -- questions --------------------------------------------------------------
    def query_terms(self, question: str) -> tuple[list[str], QueryTerms]:
        tokens = self.tokenizer.query_tokens(question[: self.config.max_question_chars])
        tokens = tokens[:MAX_QUERY_TOKENS]
        return tokens, weigh_terms(tokens, self.engine.document_frequency, len(self.paragraphs))

    def search(self, tokens: Sequence[str], k: int = CANDIDATES) -> list[Hit]:
        """BM25's best paragraphs that score and contain a query term, best first.

        The score alone cannot tell: BM25Plus gives every paragraph a positive
        score, matching or not.
        """
        if not tokens or not self.paragraphs:
            return []
        ids, scores = self.engine.top_k(tokens, min(k, len(self.paragraphs)))
        texts = self._search_texts
        terms = set(tokens)
        return [
            Hit(int(i), float(s)) for i, s in zip(ids, scores, strict=True)
            if s > 0 and any(t in texts[i] for t in terms)
        ]

    def ranked(self, question: str, tokens: Sequence[str], query: QueryTerms) -> list[Hit]:
        """BM25's best candidates re-ranked by answer quality, then spread across articles."""
        hits = self.search(tokens)
        head = rerank(hits[:RERANK_DEPTH], query, answer_type(question), self.sentences_of,
                      self._search_texts, self._article_texts, self._article_of)
        return diversify(head + hits[RERANK_DEPTH:], self.paragraphs)

    def ask(self, question: str, top_k: int | None = None, offset: int = 0,
            *, keep_weak: bool = False) -> Answer:
        """Answer a question: passages from different articles first, or not answered.

        A question the corpus does not cover comes back with answered=False and no
        passages; keep_weak=True keeps the weak matches (for evaluation and --json).
        """
        top_k = self.config.top_k if top_k is None else max(1, top_k)
        tokens, query = self.query_terms(question)
        hits = self.ranked(question, tokens, query)
        texts = self._search_texts
        best_coverage = coverage(query, texts[hits[0].paragraph_id]) if hits else 0.0
        answered = bool(hits) and best_coverage >= self.config.min_coverage
        passages = tuple(
            make_passage(rank, hit, self.paragraphs[hit.paragraph_id],
                         self.articles[self._article_of[hit.paragraph_id]], query,
                         answer_type(question), self.sentences_of(hit.paragraph_id),
                         self.config.snippet_chars, texts[hit.paragraph_id])
            for rank, hit in enumerate(hits[offset: offset + top_k], start=offset + 1)
        ) if answered or keep_weak else ()
        return Answer(
            query=question,
            answered=answered,
            passages=passages,
            terms=query.terms,
            unknown_terms=query.unknown,
            suggestions=() if answered else self.suggestions(),
        )

    # -- browsing ---------------------------------------------------------------
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

    def example_questions(self, n: int = 3) -> tuple[str, ...]:
        return tuple(f"{name}是什么" for name in self.suggestions(n))


def document_tokens(tokenizer: Tokenizer, articles: Sequence[Article],
                    paragraphs: Sequence[Paragraph], title_weight: int,
                    processes: int = 1, progress: bool = False) -> list[list[str]]:
    """Each paragraph's tokens plus its article title's (the title is evidence too)."""
    title_tokens = [tokenizer.tokens(a.title) * title_weight for a in articles]
    body = tokenize_documents(tokenizer, [p.text for p in paragraphs], processes, progress)
    return [title_tokens[p.article_id] + tokens for p, tokens in zip(paragraphs, body, strict=True)]


def build_knowledge_base(config: RetrievalConfig, *, processes: int = 1,
                         progress: bool = False) -> KnowledgeBase:
    """Load corpus/, build the dictionary and the index (or load its snapshot)."""
    started = time.perf_counter()
    corpus = load_corpus(config.corpus_dir)
    curated = read_curated_terms(config.terms_file)
    found = quoted_terms(p.text for p in corpus.paragraphs)
    tokenizer = Tokenizer(set(curated.all) | found)
    key_params = {**config.index_params, "pipeline": PIPELINE_VERSION,
                  "jieba": jieba.__version__}
    key = snapshot_key(corpus.files, tokenizer.user_words, key_params)

    engine, from_snapshot = None, False
    if config.engine == "inverted":
        loaded = load_snapshot(config.cache_dir, key)
        if loaded is not None and loaded[0].n_docs == len(corpus.paragraphs):
            engine, from_snapshot = loaded[0], True
        elif loaded is not None:
            log.warning("index snapshot %s has %d rows for %d paragraphs; rebuilding",
                        key[:12], loaded[0].n_docs, len(corpus.paragraphs))
    if engine is None:
        docs = document_tokens(tokenizer, corpus.articles, corpus.paragraphs,
                               config.title_weight, processes, progress)
        engine = make_engine(config.engine, docs, config.variant, config.k1, config.b,
                             config.epsilon, config.delta)
        if config.engine == "inverted":
            try:
                save_snapshot(config.cache_dir, key, engine)
            except OSError as exc:  # a read-only or full disk must not stop the bot
                log.warning("index snapshot not saved in %s: %s", config.cache_dir, exc)

    kb = KnowledgeBase(
        config=config,
        articles=corpus.articles,
        paragraphs=corpus.paragraphs,
        report=corpus.report,
        tokenizer=tokenizer,
        engine=engine,
        curated=curated,
        version=key[:12],
        build_seconds=0.0,
        from_snapshot=from_snapshot,
    )
    kb.warm()
    # Frozen, but nobody else holds the object yet: record the time including warm-up.
    object.__setattr__(kb, "build_seconds", time.perf_counter() - started)
    return kb
