"""Punctuation and sentence ends: the one definition every stage uses.

Corpus pages mix full-width (。，) and half-width (,.) marks; questions are
normalised (NFKC) first, so both forms must be listed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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
# Where a long sentence may be cut into clauses (an answer line keeps the ones it needs).
CLAUSE_BREAKS = "，；：,;:"
CLAUSE = re.compile(f"[^{CLAUSE_BREAKS}]*(?:[{CLAUSE_BREAKS}]|$)")
# Where one message holds several questions: question marks, semicolons, line breaks,
# and the end of a sentence.
QUESTION_BREAK = re.compile(r"[?？;；\n]+|(?<=[。!！])")
# One sentence: text up to its end mark(s) (or …… or the end), with its closing quotes.
SENTENCE = re.compile(
    r"[^。！？!?；;…]*(?:[。！？!?；;]+|…+|$)[" + re.escape(CLOSERS) + r"]*"
)


def ends_sentence(text: str) -> bool:
    """True when the text's last sentence is complete (closing quotes ignored)."""
    stripped = text.rstrip().rstrip(CLOSERS)
    return bool(stripped) and stripped[-1] in SENTENCE_END

# Quotation and bracket pairs whose balance tells a broken line from a whole one.
# (Straight quotes " ' open and close alike, so they tell nothing and are left out.)
PAIRS = {"“": "”", "‘": "’", "「": "」", "『": "』", "（": "）", "(": ")", "【": "】", "《": "》"}
# The dash of a `在哪做?——高标准建设阵地` section head.
DASH = "——"


@dataclass(frozen=True)
class QuoteBalance:
    """What a piece of text leaves open and what it closes that it never opened."""

    unclosed: int  # openers still open at the end
    unopened: int  # closers with no opener before them in the text
    first_unopened: int  # index of the first such closer, -1 when none


def quote_balance(text: str) -> QuoteBalance:
    """Count the quotation marks and brackets the text leaves open or closes unopened."""
    opener_of = {close: open_ for open_, close in PAIRS.items()}
    stack: list[str] = []
    unopened, first = 0, -1
    for index, char in enumerate(text):
        if char in PAIRS:
            stack.append(char)
        elif char in opener_of:
            if opener_of[char] in stack:
                # close the innermost matching opener (a lost inner mark is forgiven)
                while stack and stack.pop() != opener_of[char]:
                    pass
            else:
                unopened += 1
                first = index if first < 0 else first
    return QuoteBalance(len(stack), unopened, first)


def first_sentence_end(text: str) -> int:
    """Index of the first sentence-ending mark, len(text) when there is none."""
    for index, char in enumerate(text):
        if char in SENTENCE_END:
            return index
    return len(text)
