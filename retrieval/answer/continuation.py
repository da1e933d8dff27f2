"""后来呢, 然后呢, 接着说, 举个例子: a follow-up asking the article to go on from the answer.

The conversation remembers where its last answer came from (the paragraph and the answer
line); such a question is answered by the sentence after that line, or by the next
paragraph of the article when the line ended its paragraph. Nothing is searched: what
comes next in the article is the answer, whatever words it holds.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from retrieval.answer.rerank import SentenceView
from retrieval.models import Shown
from retrieval.text.punctuation import SENTENCE_END

__all__ = ["Shown", "asks_to_go_on", "line_piece", "sentence_after", "sentence_of"]

_GO_ON = re.compile(
    r"(?:那|那么)?(?:后来|然后|接着|接下来|之后|再后来|再往后|后面|还有)(?:呢|吗|怎么样了?|咋样了?|如何了?"
    r"|又怎么样了?|又咋样了?|怎么了)?"
    r"|(?:继续|继续说|接着说|接着讲|往下说|再说说|多说点|多说一点|展开说说|详细说说|说详细点)(?:吧|呢|啊)?"
    # 举个例子呢, 具体说说: a case of what was just said, which the article goes on to
    r"|(?:能|可以)?(?:举个例子|举个例|举例子|举例说说|比如说?|例如|具体说说|具体讲讲|具体点|说具体点"
    r"|讲具体点)(?:吧|呢|啊|吗)?")
_TRIM = re.compile(r"[\s?？!！。.,，~…]+")
_ELLIPSIS = "…"


def asks_to_go_on(normalized: str) -> bool:
    """后来呢 / 然后呢 / 接着说 … and nothing else."""
    return _GO_ON.fullmatch(_TRIM.sub("", normalized)) is not None


def line_piece(line: str) -> str:
    """The opening of an answer line as its sentence writes it (a line may be cut: …)."""
    piece = line.strip().strip(_ELLIPSIS)[:12]
    # a line of several short sentences (the steps of a series) opens with the first one
    end = next((i for i, ch in enumerate(piece) if ch in SENTENCE_END and i >= 2), None)
    return piece[: end + 1] if end is not None else piece


def sentence_of(sentences: Sequence[SentenceView], line: str) -> int | None:
    """The index of the sentence the line was cut from; None when it is not there."""
    piece = line_piece(line)
    if not piece:
        return None
    return next((i for i, sentence in enumerate(sentences) if piece in sentence.text), None)


def sentence_after(sentences: Sequence[SentenceView], line: str) -> int | None:
    """The index of the sentence after the one the line was cut from; None when that
    sentence ends the paragraph or is not in it."""
    index = sentence_of(sentences, line)
    # (past every sentence the line holds whole: a line may be several steps of a series)
    while (index is not None and index + 1 < len(sentences)
           and sentences[index + 1].text.strip() and sentences[index + 1].text.strip() in line):
        index += 1
    return index + 1 if index is not None and index + 1 < len(sentences) else None
