"""Pure rendering: retrieval results → Telegram HTML (≤ 4096 characters) and buttons.

All corpus and user text goes through `escape`; the only tags produced are <b> and <i>.
Lengths are counted in UTF-16 code units, as Telegram counts them, on the HTML source
(tags included), which is never less than what Telegram measures after parsing.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import callback_data as cb
from retrieval.models import Answer, Article, Passage
from retrieval.text.punctuation import SENTENCE_END
from retrieval.text.sentences import find_spans

MAX_MESSAGE = 4096
# Telegram allows more, but longer texts are cut on the client; these keep the result list tidy.
MAX_INLINE_TITLE = 100
MAX_INLINE_DESCRIPTION = 200

# Where a long text may be cut: after a sentence end or a line break.
_BREAK_AFTER = SENTENCE_END + "\n"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


# --------------------------------------------------------------------------- text helpers


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


def highlight(text: str, terms: Iterable[str]) -> str:
    """Escape `text` and wrap every occurrence of the terms in <b>.

    Terms are normalised (simplified, half-width, case-folded); retrieval's
    find_spans maps them back onto the original characters.
    """
    spans = find_spans(text, [t for t in terms if t and t.strip()])
    out: list[str] = []
    pos = 0
    for start, end in spans:
        out.append(escape(text[pos:start]))
        out.append(f"<b>{escape(text[start:end])}</b>")
        pos = end
    out.append(escape(text[pos:]))
    return "".join(out)


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


# --------------------------------------------------------------------------- answers


def _sentence(p: Passage) -> str:
    return p.sentence or p.snippet or p.paragraph


def _snippet_adds(p: Passage) -> bool:
    """Show the snippet only when it says more than the answering sentence."""
    core = p.snippet.replace("…", "").strip()
    return bool(core) and core != p.sentence.strip()


def _full_button(version: str, passage: Passage, label: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=cb.full_data(version, passage.article_id))


def _full_buttons(version: str, passages: Sequence[Passage], first_number: int,
                  label_first: bool = False) -> list[InlineKeyboardButton]:
    """One 全文 button per distinct article, labelled with the passage number."""
    buttons: list[InlineKeyboardButton] = []
    seen: set[int] = set()
    for i, passage in enumerate(passages):
        if passage.article_id in seen:
            continue
        seen.add(passage.article_id)
        label = "全文" if label_first and i == 0 else f"全文{number(first_number + i)}"
        buttons.append(_full_button(version, passage, label))
    return buttons


def _rows(buttons: list[InlineKeyboardButton], width: int = 3) -> list[list[InlineKeyboardButton]]:
    return [buttons[i : i + width] for i in range(0, len(buttons), width)]


def answer_message(
    answer: Answer,
    version: str,
    *,
    more: str | None = None,
    note: str = "",
    heading: str = "",
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The reply to a question: dispatches to the found / not-found layouts."""
    if not answer.answered or not answer.passages:
        return not_found_message(answer, note=note, heading=heading)
    return found_message(answer, version, more=more, note=note, heading=heading)


def found_message(
    answer: Answer,
    version: str,
    *,
    more: str | None = None,
    note: str = "",
    heading: str = "",
) -> tuple[str, InlineKeyboardMarkup]:
    """First passage in full (answering sentence, snippet, citation), the others short.

    `more` is the callback_data of the 更多结果 button (None: no button)."""
    main, *others = answer.passages
    terms = main.highlights or answer.terms

    def build(scale: float) -> str:
        parts: list[str] = []
        if heading:
            parts.append(heading)
        parts.append(highlight(clip(_sentence(main), _budget(600, scale)), terms))
        if _snippet_adds(main):
            parts.append(highlight(clip(main.snippet, _budget(900, scale)), terms))
        parts[-1] += f"\n—— <i>{escape(clip(main.citation, _budget(200, scale)))}</i>"
        if others:
            lines = ["<b>其他相关内容</b>"]
            for i, p in enumerate(others, start=2):
                sentence = highlight(clip(_sentence(p), _budget(160, scale)), p.highlights or terms)
                citation = escape(clip(p.citation, _budget(120, scale)))
                lines.append(f"{number(i)} {sentence}\n—— <i>{citation}</i>")
            parts.append("\n".join(lines))
        if note:
            parts.append(f"<i>{escape(clip(note, _budget(200, scale)))}</i>")
        return "\n\n".join(parts)

    first_row: list[InlineKeyboardButton] = []
    if more:
        first_row.append(InlineKeyboardButton("更多结果", callback_data=more))
    first_row.append(_full_button(version, main, "全文"))
    others_buttons = [
        b for b in _full_buttons(version, answer.passages, 1)[1:]
        if b.callback_data != first_row[-1].callback_data
    ]
    keyboard = [first_row, *_rows(others_buttons)]
    return fit(build), InlineKeyboardMarkup(keyboard)


def not_found_message(
    answer: Answer, *, note: str = "", heading: str = ""
) -> tuple[str, InlineKeyboardMarkup | None]:
    """Say plainly that nothing answers, and offer initiatives that can be asked about."""
    suggestions = [s for s in answer.suggestions if s.strip()][:6]

    def build(scale: float) -> str:
        parts: list[str] = []
        if heading:
            parts.append(heading)
        query = answer.query.strip()
        if query:
            parts.append(
                f"没有找到与“{escape(clip(query, _budget(60, scale)))}”相关的内容。"
            )
        else:
            parts.append("没有找到相关内容。")
        unknown = [t for t in answer.unknown_terms if t.strip()][:5]
        if unknown:
            listed = "、".join(escape(clip(t, _budget(20, scale))) for t in unknown)
            parts[-1] += f"\n资料里没有出现：{listed}"
        if suggestions:
            lines = ["可以问问这些基层做法："]
            lines += [f"• {escape(clip(s, _budget(30, scale)))}" for s in suggestions]
            parts.append("\n".join(lines))
        parts.append("发送 /topics 查看全部主题，/help 查看用法。")
        if note:
            parts.append(f"<i>{escape(clip(note, _budget(200, scale)))}</i>")
        return "\n\n".join(parts)

    buttons = [
        InlineKeyboardButton(clip(s, 30), callback_data=data)
        for s in suggestions[:4]
        if (data := cb.suggest_data(s)) is not None
    ]
    markup = InlineKeyboardMarkup(_rows(buttons, 2)) if buttons else None
    return fit(build), markup


def more_message(
    answer: Answer, version: str, offset: int, *, more: str | None = None
) -> tuple[str, InlineKeyboardMarkup]:
    """Passages after the first `offset` ones, each short, numbered on from offset+1."""
    passages = answer.passages
    first = offset + 1

    def build(scale: float) -> str:
        last = offset + len(passages)
        lines = [f"<b>更多结果（第 {first}–{last} 条）</b>" if last > first
                 else f"<b>更多结果（第 {first} 条）</b>"]
        for i, p in enumerate(passages):
            text = highlight(clip(_sentence(p), _budget(300, scale)), p.highlights or answer.terms)
            citation = escape(clip(p.citation, _budget(150, scale)))
            lines.append(f"{number(first + i)} {text}\n—— <i>{citation}</i>")
        return "\n\n".join(lines)

    buttons: list[InlineKeyboardButton] = []
    if more:
        buttons.append(InlineKeyboardButton("更多结果", callback_data=more))
    keyboard = [buttons] if buttons else []
    keyboard += _rows(_full_buttons(version, passages, first))
    return fit(build), InlineKeyboardMarkup(keyboard)


def question_heading(question: str) -> str:
    """"问：…" line put above inline answers, which appear without the question."""
    return f"<b>问：</b>{escape(clip(question, 100))}"


def inline_title(passage: Passage) -> str:
    return clip(passage.citation or passage.title or "相关内容", MAX_INLINE_TITLE)


def inline_description(passage: Passage) -> str:
    return clip((passage.snippet or passage.sentence).replace("\n", " "), MAX_INLINE_DESCRIPTION)


# --------------------------------------------------------------------------- articles


def article_messages(article: Article, limit: int = MAX_MESSAGE) -> list[str]:
    """The whole article: a bold title, its source line, then every paragraph,
    split between paragraphs (or inside an over-long one) into messages ≤ limit."""
    meta = " · ".join(p for p in (article.column, article.byline, article.source) if p)
    title = clip(article.title, 300)
    # A blank title would leave "<b></b>", and a message Telegram sees as empty.
    header = f"<b>{escape(title if has_visible(title) else '（无标题）')}</b>"
    if meta:
        header += f"\n<i>{escape(clip(meta, 300))}</i>"
    blocks = [header]
    for paragraph in article.paragraphs:
        if has_visible(paragraph):  # a message of nothing but blanks would be refused
            blocks.extend(plain_blocks(paragraph, limit))
    return pack(blocks, limit)
