"""Pure rendering: retrieval's answers → Telegram HTML (≤ 4096 characters) and buttons.

All corpus and user text goes through `escape`; the tags produced are <b>, <i> and
<blockquote> (expandable when long). Lengths are counted in UTF-16 code units, as
Telegram counts them, on the HTML source (tags included), which is never less than
what Telegram measures after parsing.

The answer layout, first line first: the answer line with the answer itself in bold,
one evidence passage as a quotation (never repeating the answer line), the citation
in human terms, at most two related passages from other articles on the same topic.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import MessageLimit

from bot.buttons import Buttons, Question
from retrieval.models import Answer, Article, Passage
from retrieval.text.punctuation import SENTENCE_END
from retrieval.text.sentences import split_sentences

MAX_MESSAGE = MessageLimit.MAX_TEXT_LENGTH
MAX_INLINE_TITLE = 100  # Telegram allows more, but clients cut long result titles
MAX_INLINE_DESCRIPTION = 200
EVIDENCE_CHARS = 110  # the quotation under the answer line
EXPANDABLE_FROM = 200  # longer quotations are collapsed (<blockquote expandable>)
RELATED_MAX = 2
BUTTON_LABEL_CHARS = 24
# Where a long text may be cut: after a sentence end or a line break.
_BREAK_AFTER = SENTENCE_END + "\n"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def escape(text: str) -> str:
    # quote=False: Telegram HTML only needs < > & escaped, and quotes stay readable.
    return html.escape(text, quote=False)


def tg_len(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def clean_text(text: str) -> str:
    """Make arbitrary input sendable: lone surrogates (possible in JSON) become U+FFFD,
    NUL and other C0 controls except tab/newline are dropped."""
    text = text.encode("utf-8", "replace").decode("utf-8") if _has_surrogate(text) else text
    return "".join(ch for ch in text if ch >= " " or ch in "\t\n")


def _has_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


# Besides spaces and newlines, Telegram drops these (and shows C0 controls as spaces).
_DROPPED_BY_TELEGRAM = frozenset("\r\u2028\u2029\u202a\u202b\u202c\u202d\u202e")


def has_visible(text: str) -> bool:
    """Whether Telegram would show anything of `text` (it refuses an empty message).
    Errs on the side of "invisible" for exotic spaces: callers only drop or replace."""
    return any(not (ch.isspace() or ch < " " or ch in _DROPPED_BY_TELEGRAM) for ch in text)


def clip(text: str, limit: int) -> str:
    """At most `limit` characters, ending in "…" when cut."""
    text = text.strip()
    if limit <= 0:
        return ""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


_TAG = re.compile(r"<[^<>]*>")  # user and corpus text is escaped: every "<" opens our tag


def html_to_plain(text: str, limit: int = MAX_MESSAGE) -> str:
    """What Telegram would show for our HTML, as plain text within the limit: the fallback
    when Telegram refuses to parse the HTML (tags dropped, entities unescaped)."""
    plain = html.unescape(_TAG.sub("", text))
    if tg_len(plain) <= limit:
        return plain
    units = plain.encode("utf-16-le", "surrogatepass")[: 2 * (limit - 1)]
    return units.decode("utf-16-le", "ignore") + "…"  # "ignore" drops a split surrogate pair


def number(n: int) -> str:
    return _CIRCLED[n - 1] if 1 <= n <= len(_CIRCLED) else f"{n}."


def split_plain(text: str, limit: int = MAX_MESSAGE) -> list[str]:
    """Cut plain text into pieces whose *escaped* length is ≤ limit, at sentence ends
    where possible."""
    pieces: list[str] = []
    start = 0
    size = 0
    last_break = -1  # index just after the last sentence end inside the current piece
    i = 0
    while i < len(text):
        width = tg_len(escape(text[i]))
        if size + width > limit and i > start:
            cut = last_break if last_break > start + (i - start) // 2 else i
            pieces.append(text[start:cut])
            start, size, last_break = cut, 0, -1
            i = cut
            continue
        size += width
        i += 1
        if text[i - 1] in _BREAK_AFTER:
            last_break = i
    if start < len(text):
        pieces.append(text[start:])
    return [p for p in pieces if has_visible(p)]


def pack(blocks: Iterable[str], limit: int = MAX_MESSAGE, sep: str = "\n\n") -> list[str]:
    """Join HTML blocks (each ≤ limit, tags closed inside each block) into few messages."""
    messages: list[str] = []
    current = ""
    for block in blocks:
        if not block:
            continue
        candidate = f"{current}{sep}{block}" if current else block
        if tg_len(candidate) <= limit:
            current = candidate
        else:
            if current:
                messages.append(current)
            current = block
    if current:
        messages.append(current)
    return messages


def plain_blocks(text: str, limit: int = MAX_MESSAGE) -> list[str]:
    """Escaped HTML blocks of a plain paragraph, each within the limit."""
    escaped = escape(text)
    if tg_len(escaped) <= limit:
        return [escaped]
    return [escape(piece) for piece in split_plain(text, limit)]


def fit(build: Callable[[float], str], limit: int = MAX_MESSAGE) -> str:
    """Call build(scale) with shrinking scales until the result fits in one message.

    Budgets are in characters before escaping; "&" grows to 5 characters, so a hostile
    text can need a smaller scale than usual."""
    for scale in (1.0, 0.6, 0.35, 0.2, 0.1, 0.04):
        text = build(scale)
        if tg_len(text) <= limit:
            return text
    return "…"


def _budget(chars: int, scale: float) -> int:
    return max(8, int(chars * scale))


# --------------------------------------------------------------------------- pieces


def marked(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """Escaped text with the given spans (offsets into text) in <b>."""
    out: list[str] = []
    pos = 0
    for start, end in sorted(spans):
        if start < pos or end > len(text) or start >= end:
            continue
        out.append(escape(text[pos:start]))
        out.append(f"<b>{escape(text[start:end])}</b>")
        pos = end
    out.append(escape(text[pos:]))
    return "".join(out)


def quotation(text: str) -> str:
    """A <blockquote>, collapsed by the client when long."""
    tag = "blockquote expandable" if len(text) > EXPANDABLE_FROM else "blockquote"
    return f"<{tag}>{escape(text)}</blockquote>"


def citation_line(passage: Passage, budget: int) -> str:
    return f"—— <i>{escape(clip(passage.citation, budget))}</i>"


def short_citation(passage: Passage) -> str:
    return f"《{passage.title}》" if passage.title else passage.citation


def topic_note(answer: Answer) -> str:
    """Which topic a follow-up was taken to be about, or which name a near-name meant."""
    topic = answer.topic
    if topic is None:
        return ""
    if topic.source == "conversation":
        return f"<i>（关于 {escape(clip(topic.name, 30))}）</i>"
    if topic.source == "near_name":
        return f"<i>（按“{escape(clip(topic.name, 30))}”理解）</i>"
    return ""


def _line_text(answer: Answer) -> tuple[str, tuple[tuple[int, int], ...]]:
    if answer.answer is not None:
        return answer.answer.text, answer.answer.spans
    main = answer.passages[0]
    return main.sentence or main.snippet, ()


def beside_the_line(evidence: str, line: str) -> str:
    """The evidence without the sentences the answer line holds whole (a line may join
    a short sentence to the next one, or the steps of a series)."""
    kept = [s for s in split_sentences(evidence)
            if not s.strip(" …") or s.strip(" …") not in line]
    return "".join(kept).strip()


def related(answer: Answer) -> list[Passage]:
    """Other articles' passages (retrieval keeps only on-topic ones), at most two."""
    main = answer.passages[0]
    seen = {main.article_id}
    out: list[Passage] = []
    for passage in answer.passages[1:]:
        if passage.article_id not in seen and len(out) < RELATED_MAX:
            seen.add(passage.article_id)
            out.append(passage)
    return out


# --------------------------------------------------------------------------- answers


@dataclass(frozen=True)
class AnswerButtons:
    """callback_data for the buttons under an answer (None: no such button)."""

    more: str | None = None
    full: str | None = None
    wrong: str | None = None
    offers: tuple[tuple[str, str], ...] = ()  # (label, callback_data)


def answer_markup(buttons: AnswerButtons) -> InlineKeyboardMarkup | None:
    first = [InlineKeyboardButton(label, callback_data=data) for label, data in (
        ("更多结果", buttons.more), ("全文", buttons.full), ("👎", buttons.wrong)) if data]
    second = [InlineKeyboardButton(clip(label, BUTTON_LABEL_CHARS), callback_data=data)
              for label, data in buttons.offers]
    rows = [row for row in (first, second) if row]
    return InlineKeyboardMarkup(rows) if rows else None


def answer_text(answer: Answer, *, compact: bool = False, heading: str = "",
                note: str = "") -> str:
    """One answered question: answer line, evidence quotation, citation (and, unless
    compact, up to two related passages of other articles)."""
    main = answer.passages[0]
    line, spans = _line_text(answer)

    def build(scale: float) -> str:
        parts: list[str] = []
        if heading:
            parts.append(heading)
        lead = topic_note(answer)
        budget = _budget(300, scale)
        shown = line if len(line) <= budget else line[: budget - 1] + "…"
        first = marked(shown, [s for s in spans if s[1] <= len(shown) - (shown != line)])
        parts.append(f"{lead}\n{first}" if lead else first)
        evidence = beside_the_line(main.evidence, line).rstrip("…")
        if evidence and _budget(EVIDENCE_CHARS, scale) > 20:
            parts.append(quotation(clip(evidence, _budget(EVIDENCE_CHARS, scale))))
        parts.append(citation_line(main, _budget(120, scale)))
        others = [] if compact else related(answer)
        if others:
            lines = ["相关："]
            for p in others:
                lines.append(f"• {escape(clip(p.sentence, _budget(44, scale)))}"
                             f" <i>{escape(clip(short_citation(p), _budget(24, scale)))}</i>")
            parts.append("\n".join(lines))
        if note:
            parts.append(f"<i>{escape(clip(note, _budget(200, scale)))}</i>")
        return "\n".join(parts[:1]) + ("\n" if len(parts) > 1 else "") + "\n".join(parts[1:])

    return fit(build)


def multi_answer_text(answers: Sequence[Answer], not_found: str, note: str = "") -> str:
    """Several questions of one message: each with its answer line and citation."""

    def build(scale: float) -> str:
        blocks: list[str] = []
        for i, answer in enumerate(answers, start=1):
            question = escape(clip(answer.query, _budget(40, scale)))
            if answer.answered and answer.passages:
                line, spans = _line_text(answer)
                shown = clip(line, _budget(200, scale))
                body = marked(shown, [s for s in spans if s[1] <= len(shown) - shown.endswith("…")])
                lead = topic_note(answer)
                blocks.append(f"{number(i)} <b>{question}</b>\n" + (f"{lead}\n" if lead else "")
                              + f"{body}\n{citation_line(answer.passages[0], _budget(100, scale))}")
            else:
                blocks.append(f"{number(i)} <b>{question}</b>\n{escape(not_found)}")
        if note:
            blocks.append(f"<i>{escape(clip(note, _budget(200, scale)))}</i>")
        return "\n\n".join(blocks)

    return fit(build)


def more_text(answer: Answer, offset: int) -> str:
    """Passages after the first `offset` ones, one short block each, numbered on."""
    first = offset + 1

    def build(scale: float) -> str:
        last = offset + len(answer.passages)
        head = f"更多结果（第 {first}–{last} 条）" if last > first else f"更多结果（第 {first} 条）"
        blocks = [f"<b>{head}</b>"]
        for i, p in enumerate(answer.passages):
            blocks.append(f"{number(first + i)} {escape(clip(p.snippet, _budget(220, scale)))}\n"
                          f"{citation_line(p, _budget(100, scale))}")
        return "\n\n".join(blocks)

    return fit(build)


def question_heading(question: str) -> str:
    """"问：…" line put above inline answers, which appear without the question."""
    return f"<b>问：</b>{escape(clip(question, 100))}"


def inline_title(answer: Answer, passage: Passage) -> str:
    if passage.rank == 1 and answer.answer is not None:
        return clip(answer.answer.text, MAX_INLINE_TITLE)
    return clip(passage.sentence or passage.title or "相关内容", MAX_INLINE_TITLE)


def inline_description(passage: Passage) -> str:
    return clip(short_citation(passage).replace("\n", " "), MAX_INLINE_DESCRIPTION)


# --------------------------------------------------------------------------- question buttons


def ask_buttons(buttons: Buttons, questions: Iterable[tuple[str, str]],
                per_row: int = 2) -> list[list[InlineKeyboardButton]]:
    """(label, question) pairs as buttons that ask the question when pressed."""
    made = [InlineKeyboardButton(clip(label, BUTTON_LABEL_CHARS),
                                 callback_data=buttons.ask(Question(question)))
            for label, question in questions]
    return [made[i: i + per_row] for i in range(0, len(made), per_row)]


def markup(rows: list[list[InlineKeyboardButton]]) -> InlineKeyboardMarkup | None:
    rows = [r for r in rows if r]
    return InlineKeyboardMarkup(rows) if rows else None


# --------------------------------------------------------------------------- articles


def article_messages(article: Article, page: str = "", limit: int = MAX_MESSAGE) -> list[str]:
    """The whole article: bold title, its source line, then every paragraph with its
    subheadings in bold, split between paragraphs into messages ≤ limit."""
    meta = " · ".join(p for p in (article.column, article.byline, page) if p)
    title = clip(article.title, 300)
    # A blank title would leave "<b></b>", and a message Telegram sees as empty.
    header = f"<b>{escape(title if has_visible(title) else '（无标题）')}</b>"
    if meta:
        header += f"\n<i>{escape(clip(meta, 300))}</i>"
    blocks = [header]
    headings = {h.first_paragraph: h.text for h in article.headings}
    for index, paragraph in enumerate(article.paragraphs):
        if index in headings and has_visible(headings[index]):
            blocks.append(f"<b>{escape(clip(headings[index], 200))}</b>")
        if has_visible(paragraph):  # a message of nothing but blanks would be refused
            blocks.extend(plain_blocks(paragraph, limit))
    return pack(blocks, limit)


def article_quotation(article: Article, page: str = "", limit: int = MAX_MESSAGE) -> str:
    """The whole article in one collapsed quotation (for a group, where a flood of
    messages would bother everyone), cut to fit one message."""
    meta = " · ".join(p for p in (article.column, article.byline, page) if p)
    head = f"<b>《{escape(clip(article.title or '无标题', 100))}》</b>"
    if meta:
        head += f"\n<i>{escape(clip(meta, 200))}</i>"
    body = "\n".join(p for p in article.paragraphs if has_visible(p))

    def build(scale: float) -> str:
        room = int((limit - tg_len(head) - 60) * scale)
        return f"{head}\n<blockquote expandable>{escape(clip(body, max(20, room)))}</blockquote>"

    return fit(build, limit)
