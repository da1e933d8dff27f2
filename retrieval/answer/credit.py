"""Who wrote or photographed it: questions about an item's credit line.

The byline of an article (本报记者 崔超 通讯员 …) and the credit of a photo (鲍明全 摄)
are metadata, never paragraphs, so no passage can answer 这篇是谁写的 or 那张照片谁拍的;
the item the rest of the question points at does, by its byline.
"""

from __future__ import annotations

import re

from retrieval.models import Article

# 记者是谁, 通讯员叫啥, 哪个记者写的, 谁拍的, 稿子谁写的, 作者是哪位 (not 谁跟记者讲的: who
# told the reporter is asked of the article's text)
_ASKS_CREDIT = re.compile(
    r"(?:记者|作者|摄影师?|摄影记者|通讯员|撰稿人?|笔者)(?:都|又|到底)?(?:是|叫)?(?:谁|哪位|哪个|啥|什么)"
    r"|(?:哪位|哪个|啥|什么)(?:记者|通讯员|摄影师?|作者)"
    r"|谁(?:写|拍|采写|撰写|摄)的|(?:是)?谁(?:给)?(?:写|拍)(?:了)?(?:这|那)?(?:篇|张|条|稿|个)?"
    r"(?=[的吗呢啊呀?？!！]*$)"
    r"|署(?:的)?名"
)
# what is left of the question once the credit is taken out: the item it points at
_CREDIT_WORDS = re.compile(
    r"(?:的)?(?:记者|作者|摄影师?|摄影记者|通讯员|撰稿人?|笔者|署名)"
    r"|(?:是|由)?(?:谁|哪位|哪个|啥|什么)(?:给)?(?:写|拍|采写|撰写|摄)?(?:了)?(?:的)?"
    r"|(?:这|那)(?:篇|张|条|份|幅)?(?:稿子|报道|文章|照片|图片|相片|配图|图)?"
    r"|稿子|报道|文章|照片|图片|相片|配图|图"
    r"|[是叫都又的吗呢啊呀哈?？!！\s]"
)
_ASKS_PHOTO = re.compile(r"照片|图片|相片|图|拍|摄")


def asks_credit(normalized: str) -> bool:
    """The question asks who wrote or photographed an item."""
    return _ASKS_CREDIT.search(normalized) is not None


def pointed_at(normalized: str) -> str:
    """The question without its credit words: what names the item (察右前旗修乡村幸福路)."""
    return _CREDIT_WORDS.sub("", normalized)


def asks_photo(normalized: str) -> bool:
    """The credit of a photo is asked (谁拍的, 那张照片), not of a text."""
    return _ASKS_PHOTO.search(normalized) is not None


def credit_line(article: Article) -> str:
    """The line that answers: the item's byline, said of the item."""
    if article.kind == "photo":
        return f"这张照片：{article.byline}"
    if article.kind == "quote":
        return f"这段话出自：{article.byline}"
    if article.kind in ("brief", "box") or not article.title:
        return f"这条消息：{article.byline}"
    return f"《{article.title}》：{article.byline}"
