"""The place a question is about when it names no initiative: 察哈尔社区住了多少人.

A question about a village, a community or a town names it as the articles do; the
answer's topic is then that place, so that a conversation can go on about it (党员呢,
谁牵头建的) as it goes on about an initiative. The place must stand in the answering
article as written, so a phrase that only looks like a place (这个村, 去察哈尔社区's 去)
is never taken for one.
"""

from __future__ import annotations

import re

# A run of characters ending in a place suffix: the candidates, longest first.
_PLACE_IN_QUESTION = re.compile(
    r"[\u4e00-\u9fff]{2,8}?(?:社区|嘎查|苏木|街道|小区|村|镇|旗|县)")
# What opens a phrase rather than a name: 这个村, 每个社区, 全旗 …
NOT_A_NAME_START = frozenset("这那哪每各全本该我你他她它某其此")
MIN_CHARS = 3


def place_subject(question: str, article_text: str) -> str | None:
    """The first place of the (normalised) question that the article writes the same
    way, trimmed of what precedes it in the question (去察哈尔社区 → 察哈尔社区)."""
    for match in _PLACE_IN_QUESTION.finditer(question):
        candidate = match.group()
        for start in range(0, len(candidate) - MIN_CHARS + 1):
            name = candidate[start:]
            if name[0] in NOT_A_NAME_START:
                continue
            if name in article_text:
                return name
    return None
