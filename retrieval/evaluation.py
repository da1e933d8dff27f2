"""Scoring a QA file (the format of shared/eval/dev_qa.yaml) against the knowledge base."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

from retrieval.answer.knowledge import KnowledgeBase
from retrieval.models import Answer

RANK_DEPTH = 5  # MRR@5


@dataclass(frozen=True)
class QAItem:
    question: str
    expect: tuple[str, ...] = ()
    abstain: bool = False


@dataclass
class EvalReport:
    answerable: int = 0
    abstain_questions: int = 0
    hit_at_1: float = 0.0
    hit_at_3: float = 0.0
    mrr_at_5: float = 0.0
    answered_rate: float = 0.0
    abstain_accuracy: float = 0.0
    failures: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def lines(self) -> list[str]:
        return [
            f"questions: {self.answerable + self.abstain_questions} "
            f"({self.answerable} answerable, {self.abstain_questions} to abstain on)",
            f"answered (answerable): {self.answered_rate:.3f}",
            f"hit@1: {self.hit_at_1:.3f}  hit@3: {self.hit_at_3:.3f}",
            f"MRR@5: {self.mrr_at_5:.3f}",
            f"abstain accuracy: {self.abstain_accuracy:.3f}",
        ]


def read_qa_file(path: Path) -> list[QAItem]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    if not isinstance(data, list):
        raise ValueError(f"{path}: expected a list of {{q, expect | abstain}} entries")
    items = []
    for entry in data:
        if not isinstance(entry, dict) or "q" not in entry:
            raise ValueError(f"{path}: entry without 'q': {entry!r}")
        expect = entry.get("expect") or []
        items.append(QAItem(str(entry["q"]), tuple(str(e) for e in expect),
                            bool(entry.get("abstain", False))))
    return items


def first_hit_rank(answer: Answer, item: QAItem) -> int | None:
    """1-based rank of the first returned paragraph containing an expected string."""
    for passage in answer.passages:
        if any(e in passage.paragraph for e in item.expect):
            return passage.rank
    return None


def evaluate(kb: KnowledgeBase, items: list[QAItem]) -> EvalReport:
    report = EvalReport()
    hits1 = hits3 = answered = abstained = 0
    reciprocal = 0.0
    for item in items:
        # keep_weak: ranks are measured even where the answer is withheld
        answer = kb.ask(item.question, top_k=RANK_DEPTH, keep_weak=True)
        if item.abstain:
            report.abstain_questions += 1
            abstained += not answer.answered
            if answer.answered:
                report.failures.append({"q": item.question, "problem": "answered, should abstain"})
            continue
        report.answerable += 1
        answered += answer.answered
        rank = first_hit_rank(answer, item)
        hits1 += rank == 1
        hits3 += rank is not None and rank <= 3
        reciprocal += 1.0 / rank if rank else 0.0
        if rank != 1 or not answer.answered:
            report.failures.append({"q": item.question, "rank": rank, "answered": answer.answered})
    if report.answerable:
        report.hit_at_1 = hits1 / report.answerable
        report.hit_at_3 = hits3 / report.answerable
        report.mrr_at_5 = reciprocal / report.answerable
        report.answered_rate = answered / report.answerable
    if report.abstain_questions:
        report.abstain_accuracy = abstained / report.abstain_questions
    return report
