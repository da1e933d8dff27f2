"""Corpus stage: files -> page text -> articles and paragraphs (and durable writes)."""

from retrieval.corpus.loader import load_corpus

__all__ = ["load_corpus"]
