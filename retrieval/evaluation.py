"""Scoring a QA file (the format of shared/eval/dev_qa.yaml) against the knowledge base.

Besides ranking (hit@1, hit@3, MRR@5) and abstaining, it measures what users see:
the answer line. A line is right when it holds one of the item's `line` strings,
or, without them, one of its `expect` strings that is not a word of the question
(a line that only repeats the question answers nothing). Items may carry an
`intent` tag; figures are then reported per intent, and intent detection is scored.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

from retrieval.answer.knowledge import KnowledgeBase
from retrieval.models import Answer
from retrieval.text.normalize import normalize

RANK_DEPTH = 5  # MRR@5
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class QAItem:
    question: str
    expect: tuple[str, ...] = ()
    abstain: bool = False
    line: tuple[str, ...] = ()
    intent: str | None = None  # the tagged intent, if the file gives one


@dataclass
class Tally:
    answerable: int = 0
    hit1: int = 0
    hit3: int = 0
    reciprocal: float = 0.0
    answered: int = 0
    line_ok: int = 0
    abstain_questions: int = 0
    abstained: int = 0
    intent_tagged: int = 0
    intent_ok: int = 0

    def figures(self) -> dict[str, float]:
        n = self.answerable or 1
        return {
            "hit_at_1": self.hit1 / n, "hit_at_3": self.hit3 / n, "mrr_at_5": self.reciprocal / n,
            "answered_rate": self.answered / n, "line_accuracy": self.line_ok / n,
            "abstain_accuracy": self.abstained / (self.abstain_questions or 1),
        }


@dataclass
class EvalReport:
    answerable: int = 0
    abstain_questions: int = 0
    hit_at_1: float = 0.0
    hit_at_3: float = 0.0
    mrr_at_5: float = 0.0
    answered_rate: float = 0.0
    line_accuracy: float = 0.0
    abstain_accuracy: float = 0.0
    intent_accuracy: float | None = None  # only when items are tagged
    per_intent: dict[str, dict[str, float]] = field(default_factory=dict)
    failures: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def lines(self) -> list[str]:
        out = [
            f"questions: {self.answerable + self.abstain_questions} "
            f"({self.answerable} answerable, {self.abstain_questions} to abstain on)",
            f"answered (answerable): {self.answered_rate:.3f}",
            f"hit@1: {self.hit_at_1:.3f}  hit@3: {self.hit_at_3:.3f}",
            f"MRR@5: {self.mrr_at_5:.3f}",
            f"answer line: {self.line_accuracy:.3f}",
            f"abstain accuracy: {self.abstain_accuracy:.3f}",
        ]
        if self.intent_accuracy is not None:
            out.append(f"intent accuracy: {self.intent_accuracy:.3f}")
        if self.per_intent:
            out.append("per intent (n, hit@1, hit@3, answered, answer line):")
            for name, f in sorted(self.per_intent.items()):
                out.append(f"  {name:<11} {int(f['n']):>3}  {f['hit_at_1']:.2f}  "
                           f"{f['hit_at_3']:.2f}  {f['answered_rate']:.2f}  "
                           f"{f['line_accuracy']:.2f}")
        return out


def read_qa_file(path: Path) -> list[QAItem]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    if not isinstance(data, list):
        raise ValueError(f"{path}: expected a list of {{q, expect | abstain}} entries")
    items = []
    for entry in data:
        if not isinstance(entry, dict) or "q" not in entry:
            raise ValueError(f"{path}: entry without 'q': {entry!r}")
        items.append(QAItem(
            str(entry["q"]),
            tuple(str(e) for e in entry.get("expect") or []),
            bool(entry.get("abstain", False)),
            tuple(str(e) for e in entry.get("line") or []),
            str(entry["intent"]) if entry.get("intent") else None,
        ))
    return items


def _squash(text: str) -> str:
    return _SPACE.sub("", normalize(text))


def first_hit_rank(answer: Answer, item: QAItem) -> int | None:
    """1-based rank of the first returned paragraph containing an expected string."""
    wanted = [_squash(e) for e in item.expect]
    for passage in answer.passages:
        text = _squash(passage.paragraph)
        if any(e in text for e in wanted):
            return passage.rank
    return None


def line_is_right(answer: Answer, item: QAItem) -> bool:
    """The answer line holds the asked-for content (see the module docstring)."""
    if answer.answer is None:
        return False
    line = _squash(answer.answer.text)
    question = _squash(item.question)
    wanted = item.line or tuple(e for e in item.expect if _squash(e) not in question)
    return any(_squash(w) in line for w in wanted)


def evaluate(kb: KnowledgeBase, items: list[QAItem]) -> EvalReport:
    total = Tally()
    by_intent: dict[str, Tally] = defaultdict(Tally)
    report = EvalReport()
    for item in items:
        # keep_weak: ranks are measured even where the answer is withheld
        answer = kb.ask(item.question, top_k=RANK_DEPTH, keep_weak=True)
        group = by_intent[item.intent or answer.intent]
        if item.intent is not None:
            total.intent_tagged += 1
            total.intent_ok += answer.intent == item.intent
        for tally in (total, group):
            if item.abstain:
                tally.abstain_questions += 1
                tally.abstained += not answer.answered
            else:
                tally.answerable += 1
        if item.abstain:
            if answer.answered:
                report.failures.append({"q": item.question, "problem": "answered, should abstain",
                                        "line": answer.answer.text if answer.answer else None})
            continue
        rank = first_hit_rank(answer, item)
        line_ok = line_is_right(answer, item)
        for tally in (total, group):
            tally.answered += answer.answered
            tally.hit1 += rank == 1
            tally.hit3 += rank is not None and rank <= 3
            tally.reciprocal += 1.0 / rank if rank else 0.0
            tally.line_ok += line_ok
        if rank != 1 or not answer.answered or not line_ok:
            report.failures.append({
                "q": item.question, "intent": answer.intent, "rank": rank,
                "answered": answer.answered, "line_ok": line_ok,
                "line": answer.answer.text if answer.answer else None,
            })
    figures = total.figures()
    report.answerable, report.abstain_questions = total.answerable, total.abstain_questions
    report.hit_at_1, report.hit_at_3 = figures["hit_at_1"], figures["hit_at_3"]
    report.mrr_at_5, report.answered_rate = figures["mrr_at_5"], figures["answered_rate"]
    report.line_accuracy = figures["line_accuracy"]
    report.abstain_accuracy = figures["abstain_accuracy"]
    if total.intent_tagged:
        report.intent_accuracy = total.intent_ok / total.intent_tagged
    report.per_intent = {
        name: {"n": t.answerable, **t.figures()} for name, t in by_intent.items() if t.answerable
    }
    return report
