"""The answer line (retrieval/answer/compose.py answer_line) of a long sentence that
holds none of the question's words: its opening clauses, cut with an ellipsis."""

from __future__ import annotations

from retrieval.answer.compose import answer_line
from retrieval.answer.query import Query, Term
from retrieval.answer.rerank import Candidate, SentenceView
from retrieval.models import Article, Hit, Paragraph


def test_a_long_sentence_without_the_questions_words_shows_its_opening():
    sentence = "，".join(["社区居民每月在广场集中学习政策"] * 8) + "。"  # 127 characters
    view = SentenceView(sentence, sentence, frozenset(), 0)
    candidate = Candidate(Hit(1, 1.0), Paragraph(1, 1, 0, sentence),
                          Article(1, "文章", "", "", "p.txt", (sentence,)), (view,), 0,
                          1.0, 1.0, True, 1.0)
    query = Query("养老服务怎么办", "养老服务怎么办", "how", None, None,
                  (Term("养老服务", 3.0, True, True),), (), (), None, (), False, False)
    line = answer_line(candidate, query, 1, max_chars=40)
    assert line.text.startswith("社区居民每月在广场集中学习政策")
    assert line.text.endswith("…") and len(line.text) <= 41
    assert line.spans == ()
