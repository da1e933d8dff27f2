"""Command line: python -m retrieval {ask, eval, topics, build, articles}.

The contracts (arguments, JSON shape) are in docs/architecture.md; other tools rely on them.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from retrieval.answer.build import build_knowledge_base
from retrieval.answer.knowledge import KnowledgeBase
from retrieval.config import ConfigError, RetrievalConfig, load_retrieval_config
from retrieval.corpus.loader import CorpusFileError, load_corpus, parse_document
from retrieval.corpus.outline import article_record, outline
from retrieval.evaluation import evaluate, read_qa_file
from retrieval.models import Answer


def answer_json(answer: Answer) -> dict[str, Any]:
    """The JSON object of the `ask --json` contract (docs/architecture.md)."""
    line = answer.answer
    return {
        "query": answer.query,
        "answered": answer.answered,
        "intent": answer.intent,
        "answer": ({"text": line.text, "spans": [list(s) for s in line.spans], "rank": line.rank}
                   if line is not None else None),
        "topic": ({"name": answer.topic.name, "asked_as": answer.topic.asked_as}
                  if answer.topic is not None else None),
        "did_you_mean": list(answer.did_you_mean),
        "results": [
            {
                "rank": p.rank,
                "score": round(p.score, 6),
                "title": p.title,
                "column": p.column,
                "byline": p.byline,
                "source": p.source,
                "paragraph": p.paragraph,
                "snippet": p.snippet,
            }
            for p in answer.passages
        ],
    }


def answer_text(answer: Answer) -> str:
    """Human-readable answer for the terminal: the answer line first, then the passages."""
    if not answer.answered:
        if answer.small_talk:
            return "（闲聊，不检索资料）"
        if answer.needs_topic:
            return "请说明想问哪一项做法（例如：三减三优在哪儿搞的）。"
        lines = [f"资料里没有找到能回答“{answer.query.strip()}”的内容。"]
        if answer.did_you_mean:
            lines.append("您是不是想问：" + "、".join(answer.did_you_mean))
        elif answer.suggestions:
            lines.append("可以问问：" + "、".join(answer.suggestions))
        return "\n".join(lines)
    lines = []
    if answer.topic is not None and answer.topic.source == "near_name":
        lines.append(f"（按“{answer.topic.name}”理解）")
    if answer.answer is not None:
        lines.append(answer.answer.text)
    for passage in answer.passages:
        lines += [
            f"[{passage.rank}] {passage.snippet}",
            f"    —— {passage.citation}  (score {passage.score:.2f})",
        ]
    return "\n".join(lines)


def _load(config: RetrievalConfig, progress: bool = False) -> KnowledgeBase:
    # warm=False: a command answers one or a few questions; each computes what it reads.
    return build_knowledge_base(config, processes=os.cpu_count() or 1, progress=progress,
                                warm=False)


def cmd_ask(args: argparse.Namespace, config: RetrievalConfig) -> int:
    kb = _load(config)
    if args.question:
        # keep_weak: JSON consumers see the best matches even when answered is false
        answer = kb.ask(" ".join(args.question), top_k=args.top, keep_weak=args.json)
        print(json.dumps(answer_json(answer), ensure_ascii=False) if args.json
              else answer_text(answer))
        return 0
    for line in sys.stdin:
        question = line.rstrip("\n")
        if question.strip():
            answer = kb.ask(question, top_k=args.top, keep_weak=True)
            print(json.dumps(answer_json(answer), ensure_ascii=False), flush=True)
    return 0


def cmd_eval(args: argparse.Namespace, config: RetrievalConfig) -> int:
    items = read_qa_file(Path(args.file))
    report = evaluate(_load(config), items)
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        return 0
    for failure in report.failures:
        print("miss:", json.dumps(failure, ensure_ascii=False))
    print("\n".join(report.lines()))
    return 0


def cmd_topics(args: argparse.Namespace, config: RetrievalConfig) -> int:
    kb = _load(config)
    topics = kb.topics()
    if args.json:
        print(json.dumps([
            {"name": t.name, "articles": [
                {"title": kb.articles[i].title, "source": kb.articles[i].source}
                for i in t.article_ids]}
            for t in topics
        ], ensure_ascii=False, indent=2))
        return 0
    for topic in topics:
        where = "；".join(f"《{kb.articles[i].title}》({kb.articles[i].source})"
                         for i in topic.article_ids)
        print(f"{topic.name}: {where}")
    return 0


def cmd_build(args: argparse.Namespace, config: RetrievalConfig) -> int:
    kb = _load(config, progress=True)
    print(f"articles {len(kb.articles)}, paragraphs {len(kb.paragraphs)}, "
          f"{'loaded snapshot' if kb.from_snapshot else 'built index'} {kb.version} "
          f"in {kb.build_seconds:.2f} s")
    for skipped in kb.report.skipped:
        print(f"skipped {skipped.path}: {skipped.reason}")
    return 0


def cmd_articles(args: argparse.Namespace, config: RetrievalConfig) -> int:
    if args.file:
        path = Path(args.file)
        try:
            articles = parse_document(path.name, path.read_bytes())
        except (CorpusFileError, OSError) as exc:
            print(f"error: {path}: {getattr(exc, 'strerror', None) or exc}", file=sys.stderr)
            return 1
    else:
        articles = list(load_corpus(config.corpus_dir).articles)
    if args.json:
        for article in articles:
            print(json.dumps(article_record(article), ensure_ascii=False))
    else:
        print(outline(articles))
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="python -m retrieval",
                                  description="Ask the newspaper corpus questions.")
    top.add_argument("--config", default=os.environ.get("BOT_CONFIG", "config.yaml"),
                     help="config file (default: $BOT_CONFIG or config.yaml)")
    sub = top.add_subparsers(dest="command", required=True)
    ask = sub.add_parser("ask", help="answer a question (or one per stdin line, as JSON)")
    ask.add_argument("--json", action="store_true", help="print the JSON object")
    ask.add_argument("--top", type=int, default=None, help="passages to return")
    ask.add_argument("question", nargs="*", help="the question; none = read stdin")
    ask.set_defaults(run=cmd_ask)
    ev = sub.add_parser("eval", help="score a QA file: hit@1, hit@3, MRR@5, abstain")
    ev.add_argument("file")
    ev.add_argument("--json", action="store_true")
    ev.set_defaults(run=cmd_eval)
    topics = sub.add_parser("topics", help="initiatives in the corpus and where they appear")
    topics.add_argument("--json", action="store_true")
    topics.set_defaults(run=cmd_topics)
    build = sub.add_parser("build", help="build (or refresh) the on-disk index, with progress")
    build.set_defaults(run=cmd_build)
    arts = sub.add_parser("articles", help="how the pages were read: articles, one per line")
    arts.add_argument("--json", action="store_true", help="one JSON object per article")
    arts.add_argument("file", nargs="?", help="one file, in the corpus or not (default: corpus)")
    arts.set_defaults(run=cmd_articles)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    if hasattr(signal, "SIGPIPE"):  # `… | head` should end quietly, not with a traceback
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    args = parser().parse_args(argv)
    if getattr(args, "top", None) is not None and args.top < 1:
        print("error: --top must be at least 1", file=sys.stderr)
        return 2
    try:
        config = load_retrieval_config(args.config)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return args.run(args, config)


if __name__ == "__main__":
    sys.exit(main())
