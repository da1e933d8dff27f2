"""What each ranking rule adds: every rule switched off in turn, figures on the question sets.

    python bench/ablation.py [QA.yaml ...]   (default: tests/data/dev_qa.yaml,
                                              qa_everyday_tune.yaml, qa_everyday_tune2.yaml)

Each row switches one rule off (a module constant set to its neutral value) and shows
hit@1, answer-line accuracy, answered share and abstain accuracy against the full system.
The held-out set is not used here: tuning on it would make it no longer held out.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path

from retrieval.answer import compose, knowledge, query, rerank, spans
from retrieval.answer.build import build_knowledge_base
from retrieval.config import load_retrieval_config
from retrieval.evaluation import evaluate, read_qa_file

ROOT = Path(__file__).resolve().parents[1]

# (name, what it does, module, constant, neutral value)
RULES = [
    ("intent fit", "the best sentence gives what the intent asks for", rerank, "FIT_WEIGHT", 0.0),
    ("article words half", "words only the article holds count half", rerank,
     "ARTICLE_SHARE", 0.0),
    ("light unknown words", "absent everyday words weigh little (1 = as much as nouns)",
     query, "LIGHT_SHARE", 1.0),
    ("light known words", "everyday words the corpus uses weigh less", query,
     "LIGHT_KNOWN_SHARE", 1.0),
    ("synonyms", "curated synonyms and the thesaurus count", query, "EXPANSION_SHARE", 0.0),
    ("thesaurus", "同义词词林 for words the corpus lacks", query, "USE_THESAURUS", False),
    ("mend splits", "undo jieba words cut across a corpus boundary", query, "MEND_SPLITS",
     False),
    ("join characters", "议事+角 -> 议事角 when the corpus writes them so", query,
     "JOIN_WRITTEN_TOGETHER", False),
    ("proper-noun veto", "a place/name the corpus lacks: not answered", query,
     "VETO_PROPER_NOUNS", False),
    ("span gate", "span intents need the span to be answered", knowledge, "MIN_SPAN_FIT", 0.0),
    ("list mentions", "a topic only listed among others answers little", spans,
     "LIST_MENTION_SHARE", 1.0),
    ("next sentence", "a sentence is credited with the next one's question words", rerank,
     "CARRY_BACK_SHARE", 0.0),
    ("fit promotion", "a nearly as relevant passage that fits clearly better comes first",
     rerank, "FIT_PROMOTION_GAP", float("inf")),
    ("other place", "a sentence opening with another place of the asked kind counts less",
     rerank, "OTHER_PLACE_SHARE", 1.0),
    ("by-now effects", "'现在…' alone is a weaker outcome than what something brought",
     spans, "BY_NOW_FIT", 0.9),
    ("answer-line cut", "long sentences cut to the answering clauses", compose,
     "MAX_LINE_CHARS", 10_000),
]


@contextlib.contextmanager
def switched(module: object, name: str, value: object) -> Iterator[None]:
    old = getattr(module, name)
    setattr(module, name, value)
    try:
        yield
    finally:
        setattr(module, name, old)


def figures(kb: knowledge.KnowledgeBase, files: list[Path]) -> str:
    cells = []
    for path in files:
        report = evaluate(kb, read_qa_file(path))
        cells.append(f"{report.hit_at_1:.3f} / {report.line_accuracy:.3f} / "
                     f"{report.answered_rate:.3f} / {report.abstain_accuracy:.3f}")
    return " | ".join(cells)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="*", type=Path)
    args = parser.parse_args()
    files = args.files or [ROOT / "tests/data/dev_qa.yaml",
                           ROOT / "tests/data/qa_everyday_tune.yaml",
                           ROOT / "tests/data/qa_everyday_tune2.yaml"]
    kb = build_knowledge_base(load_retrieval_config(ROOT / "config.yaml"))
    print("figures per file: hit@1 / answer line / answered / abstain")
    print("| rule off | what the rule does | " + " | ".join(p.name for p in files) + " |")
    print("|---|---|" + "---|" * len(files))
    print(f"| (none: full system) | | {figures(kb, files)} |")
    for name, what, module, constant, neutral in RULES:
        with switched(module, constant, neutral):
            print(f"| {name} | {what} | {figures(kb, files)} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
