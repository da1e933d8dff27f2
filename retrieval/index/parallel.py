"""Tokenising many paragraphs, on several cores when the corpus is large."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator, Sequence

from tqdm import tqdm

from retrieval.text.tokenizer import Tokenizer

PARALLEL_THRESHOLD = 20_000  # below this, starting worker processes costs more than it saves
CHUNK = 500


class _Worker:
    """Holds the worker process's own tokenizer (rebuilt from its dictionary)."""

    tokenizer: Tokenizer | None = None

    @classmethod
    def init(cls, tokenizer: Tokenizer) -> None:
        cls.tokenizer = tokenizer

    @classmethod
    def tokens(cls, text: str) -> list[str]:
        assert cls.tokenizer is not None
        return cls.tokenizer.tokens(text)


def tokenize_documents(tokenizer: Tokenizer, texts: Sequence[str], processes: int = 1,
                       progress: bool = False,
                       parallel_threshold: int = PARALLEL_THRESHOLD) -> list[list[str]]:
    """Document tokens for every text, in order; a progress bar on request."""
    bar = tqdm(total=len(texts), unit="para", disable=not progress, desc="tokenize")
    with bar:
        if processes <= 1 or len(texts) < parallel_threshold:
            results = []
            for text in texts:
                results.append(tokenizer.tokens(text))
                bar.update()
            return results
        # The tokenizer pickles as its word list; each worker builds its own jieba.
        with multiprocessing.get_context("spawn").Pool(
            processes, initializer=_Worker.init, initargs=(tokenizer,)
        ) as pool:
            results = []
            stream: Iterator[list[str]] = pool.imap(_Worker.tokens, texts, chunksize=CHUNK)
            for tokens in stream:
                results.append(tokens)
                bar.update()
            return results
