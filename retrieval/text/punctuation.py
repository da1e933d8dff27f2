"""Punctuation and sentence ends: the one definition every stage uses.

Corpus pages mix full-width (。，) and half-width (,.) marks; questions are
normalised (NFKC) first, so both forms must be listed.
"""

from __future__ import annotations

import re

# A sentence is complete after one of these (；/; ends a clause that reads as a sentence).
SENTENCE_END = "。！？!?…；;"
# Marks that may follow a sentence end and still belong to it: 。” closes a quotation.
CLOSERS = "”’」』）)】》\"'"
# Marks that open a quotation or bracket; matched against CLOSERS for balance.
OPENERS = "“‘「『（(【《"
# Marks inside a sentence: a line holding one of them is prose, not a heading.
CLAUSE_MARKS = "，。！？；,!?;：:"
# Everything treated as punctuation when tokenising or splitting clauses.
ALL_PUNCTUATION = SENTENCE_END + CLOSERS + OPENERS + "，、：:,.·—-~～《》<>[]{}|/\\"

CLAUSE_MARK = re.compile(f"[{re.escape(CLAUSE_MARKS)}]")
# One sentence: text up to its end mark(s) (or …… or the end), with its closing quotes.
SENTENCE = re.compile(
    r"[^。！？!?；;…]*(?:[。！？!?；;]+|…+|$)[" + re.escape(CLOSERS) + r"]*"
)


def ends_sentence(text: str) -> bool:
    """True when the text's last sentence is complete (closing quotes ignored)."""
    stripped = text.rstrip().rstrip(CLOSERS)
    return bool(stripped) and stripped[-1] in SENTENCE_END
