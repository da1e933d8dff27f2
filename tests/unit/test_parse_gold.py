"""The parser against the hand-made gold segmentation of three shipped pages.

tests/data/gold_pages/ holds copies of the gold files (see its README for the
conventions); tests/data/gold_pages_own/ the other two pages, segmented the same way by a
second reader from the page text alone, without the parser. The five measures are
those of the gold README, computed as ../shared/eval/parse_check.py computes them;
each must be 1.0, so a single paragraph split, merged, credited to another article or
a lost (sub)heading fails.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

from retrieval.corpus.loader import parse_document
from retrieval.models import Article

ROOT = Path(__file__).resolve().parents[2]
GOLD = sorted((ROOT / "tests" / "data" / "gold_pages").glob("*.yaml"))
OWN_GOLD = sorted((ROOT / "tests" / "data" / "gold_pages_own").glob("*.yaml"))


def squash(text: str | None) -> str:
    """Whitespace removed, and a brief's or quotation's leading marker too."""
    return re.sub(r"\s+", "", text or "").lstrip("●◆★■▲")


@dataclass
class Tally:
    counts: dict[str, list[int]] = field(default_factory=lambda: {
        m: [0, 0] for m in ("recall", "precision", "attribution", "titles", "subheadings")})
    misses: list[str] = field(default_factory=list, repr=False)

    def add(self, measure: str, ok: bool, miss: str) -> None:
        self.counts[measure][0] += ok
        self.counts[measure][1] += 1
        if not ok:
            self.misses.append(f"{measure}: {miss}")

    def ratio(self, measure: str) -> float:
        found, total = self.counts[measure]
        return found / total if total else 1.0


def measure(gold: dict, articles: list[Article], tally: Tally) -> None:
    owner: dict[str, Article] = {}
    for article in articles:
        for paragraph in article.paragraphs:
            owner.setdefault(squash(paragraph), article)
    headings = {squash(h.text) for a in articles for h in a.headings}
    gold_paragraphs: dict[str, dict] = {}
    for item in gold["articles"]:
        for entry in item.get("body") or []:
            if entry.startswith("## "):
                tally.add("subheadings", squash(entry[3:]) in headings, entry)
            else:
                gold_paragraphs[squash(entry)] = item
        if item.get("kind") == "article" and item.get("title"):
            tally.add("titles", any(squash(a.title) == squash(item["title"]) for a in articles),
                      item["title"])
    for key, item in gold_paragraphs.items():
        mine = owner.get(key)
        tally.add("recall", mine is not None, key[:40])
        if mine is not None and item.get("title"):
            tally.add("attribution", squash(mine.title) == squash(item["title"]),
                      f"{key[:30]} in 《{mine.title}》, gold 《{item['title']}》")
    for article in articles:
        for paragraph in article.paragraphs:
            tally.add("precision", squash(paragraph) in gold_paragraphs, squash(paragraph)[:40])


def tally_of(paths: list[Path]) -> Tally:
    result = Tally()
    for path in paths:
        gold = yaml.safe_load(path.read_text(encoding="utf-8"))
        page = ROOT / "corpus" / gold["file"]
        measure(gold, parse_document(page.name, page.read_bytes()), result)
    return result


@pytest.fixture(scope="module")
def tally() -> Tally:
    assert GOLD, "tests/data/gold_pages/ holds the gold files"
    return tally_of(GOLD)


@pytest.fixture(scope="module")
def own_tally() -> Tally:
    assert len(OWN_GOLD) == 2, "tests/data/gold_pages_own/ holds pages 001 and 004"
    return tally_of(OWN_GOLD)


MEASURES = ["recall", "precision", "attribution", "titles", "subheadings"]


@pytest.mark.parametrize("name", MEASURES)
def test_gold_pages_are_reproduced(tally, name):
    misses = [m for m in tally.misses if m.startswith(name)]
    assert tally.ratio(name) == 1.0, "\n".join(misses)


@pytest.mark.parametrize("name", MEASURES)
def test_the_second_readers_pages_are_reproduced(own_tally, name):
    misses = [m for m in own_tally.misses if m.startswith(name)]
    assert own_tally.ratio(name) == 1.0, "\n".join(misses)


def test_the_gold_is_not_trivially_small(tally):
    assert tally.counts["recall"][1] == 157 and tally.counts["subheadings"][1] == 9
    assert tally.counts["titles"][1] == 17


def test_the_second_readers_gold_is_not_trivially_small(own_tally):
    assert own_tally.counts["recall"][1] == 103 and own_tally.counts["subheadings"][1] == 5
