"""What 该支队, 该所, 该局 … stand for: the body an earlier sentence of the paragraph names.

A paragraph names its body once (呼伦贝尔边境管理支队辖区点多线长面广…) and then says
该支队通过…找到了破题之道: the second sentence is about the same body, and a question
naming it (呼伦贝尔边境管理支队是如何破解…) is answered there as much as in the first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from retrieval.answer.spans import NAME_BOUNDARY

# 该 + the head of a body or place (longest first: 该大队 before 该队)
_REFERENCE = re.compile(
    r"该(支队|大队|中队|派出所|边检站|检察院|法院|公司|企业|党委|党工委|党支部|党总支|支部"
    r"|社区|街道|苏木|嘎查|小区|基地|中心|部门|单位|机关|学校|医院|协会|合作社|项目"
    r"|所|局|站|院|村|镇|乡|旗|市|区|县|盟|队|馆|厂)")
_MAX_NAME = 16


def referents(sentences: Sequence[str]) -> tuple[str, ...]:
    """Per sentence (normalised), the name its 该X stands for, or "" (the first sentence,
    a sentence without 该X, a head no earlier sentence names)."""
    out: list[str] = []
    for index, sentence in enumerate(sentences):
        match = _REFERENCE.search(sentence)
        name = ""
        if match is not None and index > 0:
            name = _named_before(" ".join(sentences[:index]), match.group(1))
        out.append(name)
    return tuple(out)


def _named_before(text: str, head: str) -> str:
    """The last name in text ending in head (呼伦贝尔边境管理支队 for 支队), read leftwards
    to a boundary; "" when the head is alone (支队 with nothing before it)."""
    end = text.rfind(head)
    while end >= 0:
        start = end
        while start > 0 and text[start - 1] not in NAME_BOUNDARY and end - start < _MAX_NAME:
            start -= 1
        if start < end and text[start - 1: start] != "该":
            return text[start: end + len(head)]
        end = text.rfind(head, 0, end)
    return ""


# A sentence naming who said the quotation next to it: 刘玉环笑呵呵地说。/ 书记宋庆林表示：
_SPEECH_TAG = re.compile(
    r"(?:说|说道|表示|介绍|介绍说|坦言|感慨|感慨地说|告诉记者|谈道|讲道|补充道)[,，:：。!！]?$")
_MAX_TAG = 30  # characters: a longer sentence says more than who spoke
_QUOTE_END = re.compile(r"[”\"][。!！?？…]*$")


def speakers(sentences: Sequence[str]) -> tuple[str, ...]:
    """Per sentence (normalised), who says it when it lies in a quotation whose speaker a
    short sentence beside it names ("" otherwise): “…卖不了的就全部制成咸鸭蛋再出售…”
    刘玉环笑呵呵地说。 — the quotation is what 刘玉环 says, so a question naming her is
    answered there. A quoted term inside a sentence (推行“板凳议事会”) is no quotation."""
    out = [""] * len(sentences)
    index = 0
    while index < len(sentences):
        opening = sentences[index].find("“")
        if opening < 0:
            index += 1
            continue
        lead = sentences[index][:opening]
        last = index
        while last < len(sentences) and not _QUOTE_END.search(sentences[last]):
            last += 1
            if (last < len(sentences) and "“" in sentences[last]
                    and not _QUOTE_END.search(sentences[last])):
                last = len(sentences)  # another quotation opens before this one closes
        if last >= len(sentences):
            index += 1
            continue
        tag = ""
        if lead and _is_tag(lead):
            tag = lead  # 宋庆林说：“…”
        elif not lead and last + 1 < len(sentences) and _is_tag(sentences[last + 1]):
            tag = sentences[last + 1]  # “…。” 刘玉环笑呵呵地说。
        if tag:
            for at in range(index, last + 1):
                out[at] = tag.rstrip(",，:：。!！")
        index = last + 1
    return tuple(out)


def _is_tag(text: str) -> bool:
    return len(text) <= _MAX_TAG and bool(_SPEECH_TAG.search(text))


def sentence_referents(sentences: Sequence[str]) -> tuple[str, ...]:
    """Per sentence, what it is about beyond its own words: the body its 该X stands for
    and the speaker of the quotation it lies in, space-separated ("" for neither)."""
    return tuple(" ".join(part for part in pair if part)
                 for pair in zip(referents(sentences), speakers(sentences), strict=True))
