"""Tokenising on several processes gives exactly the serial result, in order."""

from __future__ import annotations

from retrieval.index.parallel import tokenize_documents
from retrieval.text.tokenizer import Tokenizer


def test_worker_processes_match_serial_tokenization():
    tokenizer = Tokenizer(["板凳议事会", "红色物业"])
    texts = [f"第{i}段：板凳议事会和红色物业，紅色物業{i}号。" for i in range(300)]
    serial = tokenize_documents(tokenizer, texts, processes=1)
    parallel = tokenize_documents(tokenizer, texts, processes=2, parallel_threshold=10)
    assert parallel == serial
    assert "板凳议事会" in serial[0] and "红色物业" in serial[0]
