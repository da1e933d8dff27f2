"""Index stage: BM25 over paragraphs, its on-disk snapshot, parallel tokenisation."""
