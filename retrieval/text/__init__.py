"""Text stage: normalisation, sentence splitting, tokenisation and the tokenizer's dictionary."""
