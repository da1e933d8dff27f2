"""Real documents made from a shipped page, for the format tests and bench/pdf_fidelity.py.

A page's raw lines are laid out the way a newspaper sets them: each article's headline
spans all columns of its band, the body flows through columns of unequal width (a
paragraph that does not fit continues at the top of the next column, mid-sentence),
justified, first lines indented two characters. The PDF is written with reportlab (not
the library that reads it) in the CID font STSong-Light, which needs no font file, and
by default draws the lines in a shuffled order so that only geometry gives the reading
order, as in many real newspaper PDFs.

Also: a DOCX with heading styles (python-docx) and an HTML page with navigation,
scripts, comments and a footer around the article. And the measures of the gold README.
"""

from __future__ import annotations

import io
import random
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
GOLD = REPO / "tests" / "data" / "gold_pages"
FONT = "STSong-Light"

# -------------------------------------------------------------------- the page and its gold


def norm(text: str | None) -> str:
    """Whitespace and a leading brief/quotation marker ignored (gold README)."""
    return re.sub(r"\s+", "", text or "").lstrip("●◆★")


def raw_lines(page: str) -> list[str]:
    text = (REPO / "corpus" / page).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip()]


def gold(page: str) -> dict:
    return yaml.safe_load((GOLD / (Path(page).stem + ".yaml")).read_text(encoding="utf-8"))


def gold_paragraphs(page: str) -> list[str]:
    return [norm(p) for a in gold(page)["articles"] for p in a["body"] if not p.startswith("## ")]


def gold_titles(page: str) -> list[str]:
    return [norm(a["title"]) for a in gold(page)["articles"] if a.get("title")]


def paragraph_recall(expected: list[str], articles) -> float:
    """Share of expected paragraphs found verbatim (whitespace ignored) as one paragraph."""
    found = {norm(p) for a in articles for p in a.paragraphs}
    return sum(p in found for p in expected) / len(expected)


def title_recall(expected: list[str], articles) -> float:
    found = {norm(a.title) for a in articles}
    return sum(t in found for t in expected) / len(expected)


def _runs(lines: list[str], wanted: list[str]) -> dict[int, str]:
    """Indexes of the consecutive lines that together spell one of `wanted` (normed)."""
    marks: dict[int, str] = {}
    for target in wanted:
        for start in range(len(lines)):
            joined = ""
            for end in range(start, min(start + 3, len(lines))):
                joined += norm(lines[end])
                if joined == target:
                    marks.update({i: target for i in range(start, end + 1)})
                    break
                if not target.startswith(joined):
                    break
    return marks


def roles(page: str) -> list[tuple[str, str]]:
    """(role, line) for each raw line: headline, subhead, line (unindented) or body."""
    lines = raw_lines(page)
    articles = gold(page)["articles"]
    headlines = _runs(lines, [norm(a["title"]) for a in articles
                              if a.get("title") and a["kind"] == "article"])
    subheads = _runs(lines, [norm(p[3:]) for a in articles for p in a["body"]
                             if p.startswith("## ")])
    out = []
    for i, line in enumerate(lines):
        if i in headlines:
            role = "headline"
        elif i in subheads:
            role = "subhead"
        elif line[0] in "◎□(（" or line.endswith(" 摄") or len(line) <= 14:
            role = "line"
        else:
            role = "body"
        out.append((role, line))
    return out


# -------------------------------------------------------------------- PDF layout


@dataclass(frozen=True)
class Style:
    size: float
    leading: float
    indent: bool
    align: str  # left | center | justify


STYLES = {
    "headline": Style(18, 26, False, "center"),
    "subhead": Style(10.5, 16, False, "center"),
    "line": Style(9, 13, False, "left"),
    "body": Style(9, 13, True, "justify"),
}
# Column widths (shares of the text width) of successive bands: never equal.
BAND_COLUMNS = ((0.62, 0.38), (0.28, 0.42, 0.30), (0.45, 0.55))
GUTTER = 14.0
_CLOSERS = "，。、；：！？”’）》」』…%"
_OPENERS = "“‘（《「『"


def _units(text: str) -> list[str]:
    """Line-breaking units: Latin words and numbers whole, closers kept with what they close."""
    units: list[str] = []
    for piece in re.findall(r"[A-Za-z0-9.+\-]+|.", text):
        if units and (piece in _CLOSERS or units[-1][-1] in _OPENERS):
            units[-1] += piece
        else:
            units.append(piece)
    return units


def _register_font() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def _width(text: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    _register_font()
    return stringWidth(text, FONT, size)


def wrap(text: str, width: float, size: float, indent: float) -> list[str]:
    lines, current, room = [], "", width - indent
    for unit in _units(text):
        if current and _width(current + unit, size) > room:
            lines.append(current)
            current, room = unit.lstrip(), width
        else:
            current += unit
    if current:
        lines.append(current)
    return lines


@dataclass
class Op:
    """One drawn line: left x, baseline y, size, text, extra space between characters."""

    x: float
    y: float
    size: float
    text: str
    char_space: float = 0.0


class NewspaperLayout:
    """Flows bands (headline + body in unequal columns) down pages; records draw ops."""

    def __init__(self, page_size: tuple[float, float], margin: float = 40.0) -> None:
        self.width, self.height = page_size
        self.margin = margin
        self.pages: list[list[Op]] = [[]]
        self.y = self.height - margin

    @property
    def text_width(self) -> float:
        return self.width - 2 * self.margin

    def _new_page(self) -> None:
        self.pages.append([])
        self.y = self.height - self.margin

    def headline(self, text: str) -> None:
        style = STYLES["headline"]
        if self.y - style.leading < self.margin + 60:
            self._new_page()
        w = _width(text, style.size)
        self.pages[-1].append(Op(self.margin + (self.text_width - w) / 2,
                                 self.y - style.size, style.size, text))
        self.y -= style.leading

    def band(self, items: list[tuple[str, str]], shares: tuple[float, ...]) -> None:
        """Flow the items through columns of the given shares, balanced, across pages."""
        if not items:
            return
        self.y -= 6
        remaining = [(role, text, True) for role, text in items]  # True: starts a paragraph
        while remaining:
            columns = self._columns(shares)
            available = self.y - self.margin
            height = self._balanced_height(remaining, columns, available)
            remaining = self._fill(remaining, columns, height, draw=True)
            self.y -= height + 12
            if remaining:
                self._new_page()

    def _columns(self, shares: tuple[float, ...]) -> list[tuple[float, float]]:
        usable = self.text_width - GUTTER * (len(shares) - 1)
        x, out = self.margin, []
        for share in shares:
            out.append((x, usable * share))
            x += usable * share + GUTTER
        return out

    def _balanced_height(self, items, columns, available: float) -> float:
        low, high = 13.0, available
        if self._fill(items, columns, high, draw=False):
            return high  # does not fit: fill this page to the bottom
        while high - low > 1:
            mid = (low + high) / 2
            low, high = (mid, high) if self._fill(items, columns, mid, draw=False) else (low, mid)
        return high

    def _fill(self, items, columns, height: float, *, draw: bool):
        """Set items into the columns; return what did not fit (role, text, starts)."""
        queue = list(items)
        for x, width in columns:
            y = self.y
            while queue:
                role, text, starts = queue[0]
                style = STYLES[role]
                indent = 2 * style.size if style.indent and starts else 0.0
                lines = wrap(text, width, style.size, indent)
                fit = int((y - (self.y - height)) // style.leading)
                if fit <= 0:
                    break
                if role != "body" and fit < len(lines):
                    break  # headings and short lines are never split across columns
                for n, line in enumerate(lines[:fit]):
                    if draw:
                        self._draw(line, x, width, y, style, n == 0 and indent,
                                   last=n == len(lines) - 1)
                    y -= style.leading
                if fit < len(lines):
                    rest = "".join(lines[fit:])
                    queue[0] = (role, rest, False)
                    break
                queue.pop(0)
            if not queue:
                return []
        return queue

    def _draw(self, line: str, x: float, width: float, y: float, style: Style,
              indent: float, *, last: bool) -> None:
        natural = _width(line, style.size)
        room = width - indent
        char_space = 0.0
        if style.align == "center":
            x += (width - natural) / 2
        elif style.align == "justify" and not last and len(line) > 1:
            char_space = max(0.0, (room - natural) / (len(line) - 1))
        self.pages[-1].append(Op(x + indent, y - style.size, style.size, line, char_space))


def layout_page(page: str, page_size: tuple[float, float]) -> list[list[Op]]:
    """Lay a shipped page's raw lines out as a newspaper; the draw ops of each page."""
    layout = NewspaperLayout(page_size)
    bands: list[tuple[list[str], list[tuple[str, str]]]] = [([], [])]
    for role, text in roles(page):
        if role == "headline":
            if bands[-1][1]:
                bands.append(([], []))
            bands[-1][0].append(text)
        else:
            bands[-1][1].append((role, text))
    for n, (heads, items) in enumerate(bands):
        for head in heads:
            layout.headline(head)
        layout.band(items, BAND_COLUMNS[n % len(BAND_COLUMNS)])
    return layout.pages


def render_pdf(pages: list[list[Op]], page_size: tuple[float, float], *,
               shuffle: bool = True, seed: int = 7) -> bytes:
    """Draw the ops with reportlab; shuffled, the content stream order means nothing."""
    from reportlab.pdfgen import canvas

    _register_font()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=page_size, invariant=1)
    rng = random.Random(seed)
    for ops in pages:
        ops = list(ops)
        if shuffle:
            rng.shuffle(ops)
        for op in ops:
            text = pdf.beginText(op.x, op.y)
            text.setFont(FONT, op.size)
            text.setCharSpace(op.char_space)
            text.textOut(op.text)
            pdf.drawText(text)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


A3 = (841.89, 1190.55)
A4 = (595.28, 841.89)


def newspaper_pdf(page: str, page_size: tuple[float, float] = A3, **kw) -> bytes:
    return render_pdf(layout_page(page, page_size), page_size, **kw)


# -------------------------------------------------------------------- HTML


NAV = """<header class="site-header"><a href="/">北疆党建网</a>
<nav><ul><li><a href="/">首页</a></li><li><a href="/news">要闻</a></li>
<li><a href="/dj">党建</a></li><li><a href="/sp">视频</a></li>
<li><a href="/login">登录</a></li></ul></nav>
<div class="breadcrumb"><a href="/">首页</a> &gt; <a href="/dj">党建</a> &gt; 正文</div></header>"""
SIDEBAR = """<aside class="related"><h3>相关阅读</h3><ul>
<li><a href="/a/1">草原上的“红色驿站”</a></li><li><a href="/a/2">社区治理新探索</a></li>
<li><a href="/a/3">乡村振兴看今朝</a></li></ul></aside>"""
COMMENTS = """<section id="comments" class="comments"><h3>网友评论</h3>
<div class="comment"><span class="user">网友张三</span><p>写得真好，为基层干部点赞！</p></div>
<div class="comment"><span class="user">网友李四</span><p>我们村也在搞板凳议事会。</p></div>
</section>"""
FOOTER = """<footer><p>版权所有 © 北疆党建网 备案号：蒙ICP备00000000号</p>
<p><a href="/about">关于我们</a> | <a href="/contact">联系我们</a></p></footer>"""
SCRIPTS = """<script>var tracker = {page: "article"};
document.write("<p>广告：点击领取红包</p>");</script>
<style>p.ad { color: red } .hidden { display: none }</style>
<script type="application/ld+json">{"@type": "NewsArticle"}</script>"""


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def news_html(page: str, *, title: str = "第002版：党建", author: str = "",
              date: str = "2023-12-28") -> bytes:
    """A shipped page's raw lines as a web page: headlines <h2>, subheadings <h3>, the
    rest <p>, inside the usual navigation, sidebar, comments, scripts and footer."""
    tags = {"headline": "h2", "subhead": "h3"}
    body = "\n".join(f"<{tags.get(role, 'p')}>{_escape(text)}</{tags.get(role, 'p')}>"
                     for role, text in roles(page))
    meta_author = f'<meta name="author" content="{author}">' if author else ""
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{title}_北疆党建网</title>
<meta property="og:title" content="{title}">{meta_author}
<meta name="publishdate" content="{date}">{SCRIPTS}</head>
<body>{NAV}
<main><article><h1>{title}</h1><div class="info">{date} 来源：北疆党建网</div>
<div class="article-content">
{body}
</div></article>{SIDEBAR}{COMMENTS}</main>
{FOOTER}<script>console.log("done")</script></body></html>""".encode()


def single_article_html() -> bytes:
    """One article the way a news site serves it: title and byline in the metadata."""
    paragraphs = "".join(f"<p>{p}</p>" for p in (
        "某某旗今年推出“云端议事厅”，村民通过手机参与村务讨论，已累计议定事项136件。",
        "“以前开会要等人齐，现在随时能说上话。”村民王大伯说。",
        "下一步，该旗将把“云端议事厅”推广到全部嘎查村。",
    ))
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<title>云端议事厅让村民线上议事_新闻频道_北疆党建网</title>
<meta property="og:title" content="云端议事厅让村民线上议事">
<meta name="author" content="本报记者 宋爽"><meta name="publishdate" content="2024-01-05">
{SCRIPTS}</head><body>{NAV}<article><h1>云端议事厅让村民线上议事</h1>
<div class="article-body">{paragraphs}</div></article>{COMMENTS}{FOOTER}</body></html>""".encode()


# -------------------------------------------------------------------- more PDFs


def encrypted_pdf(user_password: str = "secret") -> bytes:
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    _register_font()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, encrypt=StandardEncryption(user_password, "owner"))
    pdf.setFont(FONT, 12)
    pdf.drawString(72, 700, "这是一份加密的文件。")
    pdf.save()
    return buffer.getvalue()


def image_only_pdf(image_png: bytes, width: float = A4[0]) -> bytes:
    """A 'scan': one page holding only a picture (at its own aspect ratio), no text layer."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    image = ImageReader(io.BytesIO(image_png))
    pixels_wide, pixels_high = image.getSize()
    size = (width, width * pixels_high / pixels_wide)
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=size)
    pdf.drawImage(image, 0, 0, width=size[0], height=size[1])
    pdf.save()
    return buffer.getvalue()


# -------------------------------------------------------------------- DOCX


def newspaper_docx(page: str) -> bytes:
    """A shipped page as a Word document: headlines Heading 1, subheadings Heading 2,
    everything else Normal paragraphs (bylines stay '□…' lines)."""
    import docx

    document = docx.Document()
    styles = {"headline": "Heading 1", "subhead": "Heading 2"}
    for role, text in roles(page):
        document.add_paragraph(text, style=styles.get(role))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


ARTICLE_PARAGRAPHS = (
    "某某旗今年推出“云端议事厅”，村民通过手机参与村务讨论，已累计议定事项136件。",
    "“以前开会要等人齐，现在随时能说上话。”村民王大伯说。",
    "下一步，该旗将把“云端议事厅”推广到全部嘎查村。",
)


def article_docx(*, title_style: str = "Title", byline: str = "本报记者 宋爽",
                 core_title: str = "") -> bytes:
    """One article as an editor writes it in Word: title, byline, subheadings, a table."""
    import docx

    document = docx.Document()
    document.core_properties.title = core_title
    document.core_properties.author = "Administrator"  # an account name, never a byline
    if title_style:
        document.add_paragraph("云端议事厅让村民线上议事", style=title_style)
    if byline:
        document.add_paragraph(byline)
    document.add_paragraph(ARTICLE_PARAGRAPHS[0])
    document.add_paragraph("村民线上说事", style="Heading 2")
    document.add_paragraph(ARTICLE_PARAGRAPHS[1])
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "议定事项136件。"
    table.cell(0, 1).text = "注册村民2.3万人。"
    document.add_paragraph("下一步推广", style="Heading 3")
    document.add_paragraph(ARTICLE_PARAGRAPHS[2])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def zip_bomb(unpacked_mb: int = 300) -> bytes:
    """A DOCX-looking zip whose document.xml inflates to `unpacked_mb` MB of zeros."""
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(unpacked_mb):
                member.write(chunk)
    return buffer.getvalue()


# -------------------------------------------------------------------- images (OCR)

CJK_FONTS = ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
             "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
             "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")


def cjk_font() -> str | None:
    return next((path for path in CJK_FONTS if Path(path).exists()), None)


def text_image(lines: list[str], *, width: int = 1400, size: int = 28) -> bytes:
    """Lines of Chinese text drawn as a PNG (a photographed page, minus the noise)."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(cjk_font(), size)
    per_line = (width - 2 * size) // size
    rows = [line[i:i + per_line] for line in lines for i in range(0, len(line), per_line)]
    image = Image.new("RGB", (width, (len(rows) + 2) * int(size * 1.6)), "white")
    draw = ImageDraw.Draw(image)
    for n, row in enumerate(rows):
        draw.text((size, size + n * int(size * 1.6)), row, fill="black", font=font)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def char_accuracy(expected: str, got: str) -> float:
    """1 - Levenshtein distance / len(expected), whitespace ignored."""
    a, b = norm(expected), norm(got)
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return max(0.0, 1 - previous[-1] / max(len(a), 1))
