"""Corpus stage: files -> page text -> articles and paragraphs (and durable writes).

Nothing is imported here: the isolated extractor process (formats/isolate.py) starts
by importing this package, and should not pay for the loader, the config and numpy.
Import what you need from its modules (retrieval.corpus.loader.load_corpus …).
"""
