"""Plain data shared by every stage of retrieval and by the bot layer."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Heading:
    """A subheading inside an article: its text and the first paragraph under it."""

    text: str
    first_paragraph: int  # index into Article.paragraphs


@dataclass(frozen=True)
class Article:
    """One article (or photo item, brief, quotation, box) with its metadata."""

    id: int
    title: str
    column: str  # "" when the page gives none
    byline: str  # e.g. "本报记者 宋爽"; "" when none
    source: str  # file name inside corpus/, e.g. "000_2668ce89a97b4a1b.txt"
    paragraphs: tuple[str, ...]
    kind: str = "article"  # article | photo | brief | quote | box
    headings: tuple[Heading, ...] = ()  # in order; first_paragraph ascending

    def heading_of(self, position: int) -> str:
        """The subheading a paragraph sits under ("" before the first one)."""
        text = ""
        for heading in self.headings:
            if heading.first_paragraph > position:
                break
            text = heading.text
        return text


@dataclass(frozen=True)
class Paragraph:
    """One searchable paragraph; `id` is its row in the index."""

    id: int
    article_id: int
    position: int  # index inside Article.paragraphs
    text: str


@dataclass(frozen=True)
class Hit:
    """A paragraph the index scored for a query."""

    paragraph_id: int
    score: float


@dataclass(frozen=True)
class SkippedFile:
    path: str
    reason: str


@dataclass(frozen=True)
class LoadReport:
    """What a corpus load read and what it had to skip (with reasons)."""

    loaded: tuple[str, ...]
    skipped: tuple[SkippedFile, ...]


@dataclass(frozen=True)
class Shown:
    """Where a conversation's last answer came from: 后来呢 goes on from there."""

    paragraph_id: int
    line: str  # its answer line, as shown (may be cut to clauses and end in …)


@dataclass(frozen=True)
class Passage:
    """One ranked result, ready to render."""

    rank: int  # 1-based
    score: float
    paragraph_id: int
    article_id: int
    title: str
    column: str
    byline: str
    source: str
    paragraph: str  # the full paragraph text
    sentence: str  # the sentence that best answers
    snippet: str  # sentences around it, "…" where cut
    highlights: tuple[str, ...]  # matched query terms, longest first
    spans: tuple[tuple[int, int], ...] = ()  # where the highlights are, as offsets into snippet
    heading: str = ""  # the subheading the paragraph sits under
    evidence: str = ""  # the snippet without the answering sentence ("…" where cut)
    page: str = ""  # the page label from the corpus manifest ("党建版 第2页"), "" if none

    @property
    def citation(self) -> str:
        """《title》 · column · byline · page label (empty parts left out; never a file name)."""
        parts = [f"《{self.title}》" if self.title else "", self.column, self.byline, self.page]
        return " · ".join(p for p in parts if p)


@dataclass(frozen=True)
class AnswerLine:
    """The one line shown first: the answering sentence (or its answering clauses)."""

    text: str
    spans: tuple[tuple[int, int], ...]  # the answer itself (number, place, person, term) in text
    rank: int  # the result (Passage.rank) it comes from


@dataclass(frozen=True)
class TopicInfo:
    """What the question is about: the name the corpus uses and how it was asked."""

    name: str
    asked_as: str  # "" when the topic came from the conversation, not the question
    source: str = "question"  # question | near_name | conversation | answer (the name
    #                           the answer gave to what was asked: 项目叫啥)


@dataclass(frozen=True)
class Answer:
    query: str
    answered: bool
    passages: tuple[Passage, ...]
    terms: tuple[str, ...] = ()  # meaningful query terms after normalisation
    unknown_terms: tuple[str, ...] = ()  # query terms the corpus never contains
    suggestions: tuple[str, ...] = field(default=())  # topics to suggest when not answered
    intent: str = "unknown"  # definition | where | who | when | number | how | effect | list
    #                          | yesno | small_talk | unknown
    answer: AnswerLine | None = None  # None when not answered
    topic: TopicInfo | None = None
    did_you_mean: tuple[str, ...] = ()  # near-names offered when a name was not sure
    small_talk: str | None = None  # a small_talk kind of question_forms.yaml, or "emoji"
    needs_topic: bool = False  # a follow-up ("在哪儿搞的") with no topic to refer to
    english: bool = False  # asked in English (no Chinese at all)


@dataclass(frozen=True)
class Topic:
    """An initiative the corpus mentions and the articles it appears in."""

    name: str
    article_ids: tuple[int, ...]
