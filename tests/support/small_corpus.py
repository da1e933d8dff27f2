"""Question-understanding Resources over a few hand-written paragraphs (no index), for
tests of query and span rules on a corpus of their own."""

from __future__ import annotations

from collections.abc import Sequence

from retrieval.answer import spans
from retrieval.answer.forms import question_forms
from retrieval.answer.names import NameIndex
from retrieval.answer.query import Resources, understand
from retrieval.text.normalize import normalize
from retrieval.text.tokenizer import Tokenizer


def small_resources(paragraphs: Sequence[str], initiatives: Sequence[str]) -> Resources:
    """What understanding needs, with document frequencies counted over `paragraphs`."""
    tokenizer = Tokenizer(set(initiatives))
    docs = [set(tokenizer.tokens(p)) for p in paragraphs]
    names = NameIndex.build(list(initiatives), [], normalize("\n".join(paragraphs)))
    return Resources(question_forms(), tokenizer, names,
                     lambda token: sum(token in d for d in docs),
                     lambda text: sum(text in normalize(p) for p in paragraphs),
                     len(paragraphs))


def sentence_fit(res: Resources, question: str, sentence: str) -> float:
    """How well `sentence` fits what `question` asks (spans.fit), understood over `res`."""
    return spans.fit(sentence, normalize(sentence), understand(question, res))
