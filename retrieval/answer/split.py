"""Several questions in one message: 三减三优是什么？在哪儿搞的？

A message is cut at question marks, semicolons and line breaks, and at a few
conjunctions (还有 / 另外 / 以及 …) when what follows reads as a question of its own.
Pieces that are not questions (a greeting, 谢谢) are dropped unless nothing else
is left. Understanding each piece, and which topic it refers to, is the caller's.
"""

from __future__ import annotations

import re

from retrieval.text.punctuation import QUESTION_BREAK

MAX_PARTS = 3  # more than this in one message is an essay, not a list of questions
# A conjunction that starts a new question: "…是什么，还有在哪儿搞的".
_SOFT_BREAK = re.compile(
    r"[,，、\s]*(?:还有|另外|以及|再问一下|再问|顺便问一下|顺便问下|顺便问|那么)(?=\S)")
_QUESTION_SIGN = re.compile(
    r"什么|啥|怎么|咋|如何|哪|谁|几|多少|多大|多久|多长|是否|是不是|有没有|吗|呢|效果|作用|意思")
_MIN_CHARS = 2


def split_questions(text: str) -> list[str]:
    """The message's questions, in order (at most MAX_PARTS); [text] when it is one."""
    pieces: list[str] = []
    for hard in QUESTION_BREAK.split(text):
        for soft in _SOFT_BREAK.split(hard):
            for part in _between_questions(soft):
                piece = part.strip(" ,，、。.!！")
                if len(piece) >= _MIN_CHARS:
                    pieces.append(piece)
    questions = _topic_then_question([p for p in pieces if _QUESTION_SIGN.search(p)])
    if len(questions) <= 1:
        return [text.strip()] if text.strip() else []
    return questions[:MAX_PARTS]


def _topic_then_question(pieces: list[str]) -> list[str]:
    """A piece that only names a topic (那防疫那块呢: no question sign but its closing 呢)
    and a question after it asking something given (组了几个突击队) are one question
    about that topic, not two things asked."""
    out: list[str] = []
    for piece in pieces:
        if (out and _names_only_a_topic(out[-1])
                and _ASKS_SOMETHING_GIVEN.search(piece) is not None):
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
    return out


# what the question after the topic asks: a count, a place, a person, a time, yes or no
# (弄了个啥 after 那小孩那块呢 asks nothing the topic alone does not)
_ASKS_SOMETHING_GIVEN = re.compile(
    r"几|多少|多大|多久|多长|哪|谁|时候|是否|是不是|有没有|吗|[没不][?？]?$")


def _names_only_a_topic(piece: str) -> bool:
    return piece.endswith("呢") and _QUESTION_SIGN.search(piece[:-1]) is None


_PAUSE = re.compile(r"[\s,，]+")


def _between_questions(text: str) -> list[str]:
    """A space or comma between two stretches that each ask something (刘玉环买了多少只小鸭
    卖不了的蛋咋办) separates two questions; one before a topic's question form does not
    (乌海干部培训 咋搞的: the first stretch asks nothing)."""
    parts = [p for p in _PAUSE.split(text) if p]
    if len(parts) < 2:
        return [text]
    out: list[str] = [parts[0]]
    for part in parts[1:]:
        if _QUESTION_SIGN.search(out[-1]) and _QUESTION_SIGN.search(part):
            out.append(part)
        else:
            out[-1] = f"{out[-1]} {part}"
    return out
