"""Building a KnowledgeBase: corpus, dictionary, tokenizer, index (or its snapshot).

Blocking (seconds); callers on an event loop run it in a thread and swap the
finished object in.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence

import jieba

from retrieval.answer.knowledge import PIPELINE_VERSION, KnowledgeBase
from retrieval.config import RetrievalConfig
from retrieval.corpus.loader import load_corpus_for
from retrieval.corpus.manifest import read_page_labels
from retrieval.index.bm25 import InvertedBM25, RankBM25Engine, make_engine
from retrieval.index.parallel import tokenize_documents
from retrieval.index.snapshot import load_snapshot, save_snapshot, snapshot_key
from retrieval.models import Article, Paragraph
from retrieval.text.dictionary import (
    merge_terms,
    named_people,
    quoted_terms,
    read_curated_terms,
)
from retrieval.text.tokenizer import Tokenizer

log = logging.getLogger(__name__)


def document_tokens(tokenizer: Tokenizer, articles: Sequence[Article],
                    paragraphs: Sequence[Paragraph], title_weight: int,
                    processes: int = 1, progress: bool = False) -> list[list[str]]:
    """Each paragraph's tokens plus its article title's and its subheading's.

    Title and subheading are evidence: a paragraph under 在哪做?—— answers where,
    and one of 《“板凳议事会” 问题现场办》 is about 板凳议事会 even when it says 该会.
    """
    title_tokens = [tokenizer.tokens(a.title) * title_weight for a in articles]
    heading_tokens: dict[tuple[int, str], list[str]] = {}
    body = tokenize_documents(tokenizer, [p.text for p in paragraphs], processes, progress)
    docs = []
    for p, tokens in zip(paragraphs, body, strict=True):
        heading = articles[p.article_id].heading_of(p.position)
        key = (p.article_id, heading)
        if key not in heading_tokens:
            heading_tokens[key] = tokenizer.tokens(heading) if heading else []
        docs.append(title_tokens[p.article_id] + heading_tokens[key] + tokens)
    return docs


def build_knowledge_base(config: RetrievalConfig, *, processes: int = 1,
                         progress: bool = False, warm: bool = True) -> KnowledgeBase:
    """Load the corpus, build the dictionary and the index (or load its snapshot).

    warm=True (the bot, building in a worker thread) also computes what questions read
    (sentences and tokens of every paragraph, the pinyin of every name), so that no
    question pays for it; a one-question command line skips that and stays quick."""
    started = time.perf_counter()
    corpus = load_corpus_for(config)
    curated = merge_terms(read_curated_terms(config.terms_file),
                          read_curated_terms(config.admin_terms_file))
    found = quoted_terms(p.text for p in corpus.paragraphs)
    people = named_people(p.text for p in corpus.paragraphs)
    tokenizer = Tokenizer(set(curated.all) | found | people)
    key_params = {**config.index_params, "pipeline": PIPELINE_VERSION,
                  "jieba": jieba.__version__}
    key = snapshot_key(corpus.files, tokenizer.user_words, key_params)

    engine: InvertedBM25 | RankBM25Engine | None = None
    from_snapshot = False
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
        engine = make_engine(config.engine, docs, config.bm25)
        if isinstance(engine, InvertedBM25):
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
        quoted=frozenset(found),
        people=frozenset(people),
        page_labels=read_page_labels(config.corpus_dir),
        version=key[:12],
        build_seconds=0.0,
        from_snapshot=from_snapshot,
    )
    if warm:
        kb.warm()
    # Frozen, but nobody else holds the object yet: record the time including warm-up.
    object.__setattr__(kb, "build_seconds", time.perf_counter() - started)
    return kb
