"""Print bench/peers.py JSON output (files or stdin) as a table.

    python bench/peers.py --paragraphs 100000 --json > run.json
    python bench/show.py run.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from peers import table  # noqa: E402


def main(paths: list[str]) -> None:
    texts = [Path(p).read_text() for p in paths] if paths else [sys.stdin.read()]
    for text in texts:
        for line in text.splitlines():
            if line.strip():
                print(table(json.loads(line)))
                print()


if __name__ == "__main__":
    main(sys.argv[1:])
