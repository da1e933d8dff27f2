"""Do the bot's replies start with the answer? (the conversation issue's measure)

For every answerable question of the given QA files, the private-chat reply the bot
would send (bot.conversation.reply_for over the real knowledge base, as the handler
builds it) is reduced to plain text; it counts when its first 150 characters hold one
of the item's `line:` strings (else its `expect:` strings). Questions to abstain on
count when the reply says nothing was found.

    python bench/answer_first.py tests/data/qa_everyday_heldout.yaml [more.yaml ...] [--json]
                                 [--config config.yaml]
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.buttons import Buttons  # noqa: E402
from bot.conversation import Layout, reply_for  # noqa: E402
from retrieval.answer.build import build_knowledge_base  # noqa: E402
from retrieval.config import load_retrieval_config  # noqa: E402
from retrieval.evaluation import read_qa_file  # noqa: E402

HEAD = 150  # characters a reader sees first
_TAG = re.compile(r"<[^>]+>")


def plain(text: str) -> str:
    return html.unescape(_TAG.sub("", text))


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--config", type=Path, default=ROOT / "config.yaml")
    args = parser.parse_args()
    kb = build_knowledge_base(load_retrieval_config(args.config))
    buttons = Buttons()
    report = {}
    for path in args.files:
        good = total = 0
        misses = []
        for item in read_qa_file(path):
            answers = kb.ask_all(item.question, 4)
            reply = reply_for(answers, kb, buttons, Layout(compact=False, shown=3))
            head = squash(plain(reply.text))[:HEAD]
            if item.abstain:
                ok = not reply.answered
            else:
                wanted = item.line or item.expect
                ok = reply.answered and any(squash(w) in head for w in wanted)
            total += 1
            good += ok
            if not ok:
                misses.append({"q": item.question, "head": head[:80]})
        report[path.name] = {"replies": total, "answer_first": round(good / max(total, 1), 3),
                             "misses": misses}
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        for name, r in report.items():
            print(f"{name}: {r['answer_first']:.3f} of {r['replies']} replies "
                  "start with the answer")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
