"""Planted bugs: does the unit layer catch each of the bugs a review planted?

    python bench/planted_bugs.py

Each bug is one textual edit of the source, applied in a temporary copy of the
repository (bench/mutants.py's Sandbox: the working tree is never written); the unit
layer runs there in full and the failing tests are listed.  A bug no test catches makes
the exit status 1.  An edit whose original text is no longer in the file is reported as
stale (the code moved: update the bug here), also exit 1.
"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass

from mutants import ROOT, Sandbox


@dataclass(frozen=True)
class Bug:
    name: str
    file: str
    original: str
    planted: str


BUGS = (
    Bug("long questions behind 更多结果 are forgotten (the button store returns nothing)",
        "bot/buttons.py", "        return self._items.get(key)\n", "        return None\n"),
    Bug("titles next to bylines are not marked (page parser)",
        "retrieval/corpus/page_blocks.py", "    blocks = mark_titles_near_bylines(blocks)\n", ""),
    Bug("read-only Bot API calls are not repeated after a maybe-sent failure",
        "bot/delivery.py", "repeatable=endpoint in REPEATABLE_ENDPOINTS", "repeatable=False"),
    Bug("inline queries that found nothing are kept among the unanswered questions",
        "bot/handlers/inline.py", "keep_unanswered=False", "keep_unanswered=True"),
)
COMMAND = ("-m", "pytest", "tests/unit", "-q", "-p", "no:cacheprovider")


def main() -> int:
    sandbox = Sandbox(ROOT, timeout=600)
    missed = 0
    try:
        sandbox.check_imports()
        for bug in BUGS:
            target = sandbox.copy / bug.file
            source = target.read_text(encoding="utf-8")
            if source.count(bug.original) != 1:
                print(f"STALE  {bug.name}: {bug.file} no longer holds the original text")
                missed += 1
                continue
            try:
                target.write_text(source.replace(bug.original, bug.planted), encoding="utf-8")
                run = subprocess.run([sys.executable, *COMMAND], cwd=sandbox.copy,
                                     env=sandbox.env, capture_output=True, text=True,
                                     timeout=sandbox.timeout)
            finally:
                target.write_text(source, encoding="utf-8")
            failing = re.findall(r"^(?:FAILED|ERROR) (\S+)", run.stdout, re.MULTILINE)
            caught = run.returncode != 0
            missed += not caught
            print(f"{'caught' if caught else 'MISSED'} {bug.name}: {len(failing)} failing test(s)")
            for test in failing:
                print(f"    {test}")
    finally:
        sandbox.close()
    print(f"{len(BUGS) - missed} of {len(BUGS)} planted bugs caught")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
