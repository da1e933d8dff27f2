"""The tokenizer's user dictionary: quoted terms from the corpus plus a curated list."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from retrieval.text.background import is_light
from retrieval.text.lexicon import (
    NAME_AFTER_LABEL,
    NAME_AFTER_ROLE,
    NAME_AFTER_ROLE_MONGOLIAN,
    ROLE_WORD,
    SURNAMES,
)
from retrieval.text.tokenizer import in_base_dictionary

_QUOTED = re.compile(r"[“\"「‘『]([^”\"」“「‘’『』\n]{2,12})[”\"」’』]")
_NOT_IN_NAMES = frozenset("的们了着过是在和与等")  # 干部们, 的关心: grammar, not names
_NO_SPLIT = re.compile(r"[，。！？、；：,.!?;:\s]")  # a quoted clause is not a term


@dataclass(frozen=True)
class CuratedTerms:
    initiatives: tuple[str, ...]  # listed by /topics
    names: tuple[str, ...]  # only kept whole by the tokenizer

    @property
    def all(self) -> tuple[str, ...]:
        return self.initiatives + self.names


def read_curated_terms(path: Path) -> CuratedTerms:
    """Parse the curated terms file; a missing file means no curated terms."""
    sections: dict[str, list[str]] = {"initiatives": [], "names": []}
    current = "names"
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (FileNotFoundError, UnicodeDecodeError):
        return CuratedTerms((), ())
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1].strip().lower()
            sections.setdefault(current, [])
            continue
        sections.setdefault(current, []).append(line)
    names = tuple(t for key, terms in sections.items() if key != "initiatives" for t in terms)
    return CuratedTerms(tuple(sections["initiatives"]), names)


def merge_terms(*lists: CuratedTerms) -> CuratedTerms:
    """The shipped list, then the admins' additions (duplicates dropped, order kept)."""
    initiatives = tuple(dict.fromkeys(t for terms in lists for t in terms.initiatives))
    names = tuple(dict.fromkeys(t for terms in lists for t in terms.names))
    return CuratedTerms(initiatives, names)


_TERM = re.compile(r"^[0-9A-Za-z+#&·\-\u3400-\u9fff\uf900-\ufaff]{2,12}$")


def valid_term(name: str) -> bool:
    """An initiative name an admin may add: 2-12 letters of a name, no spaces or punctuation
    that would end a dictionary line."""
    return bool(_TERM.match(name.strip()))


def named_people(texts: Iterable[str]) -> set[str]:
    """People the articles name after a role (书记高雪芹, 局长李波) or after the label
    they go by (“红色小马甲”康建华): kept whole by the tokenizer and matched as
    near-names (孟显朋 -> 孟显鹏). After a label, words follow too (“…”文章, “…”机制):
    there only what jieba's dictionary does not know counts as a name."""
    texts = list(texts)
    after_role = {m.group(1) for text in texts for m in NAME_AFTER_ROLE.finditer(text)}
    mongolian = {m.group(1) for text in texts for m in NAME_AFTER_ROLE_MONGOLIAN.finditer(text)}
    after_label = {m.group(1) for text in texts for m in NAME_AFTER_LABEL.finditer(text)
                   if not in_base_dictionary(m.group(1))}
    return {name for name in after_role | after_label
            if name[0] in SURNAMES and not set(name) & _NOT_IN_NAMES
            and not is_light(name) and not ROLE_WORD.fullmatch(name)} | {
            name for name in mongolian if not in_base_dictionary(name)}


def quoted_terms(texts: Iterable[str]) -> set[str]:
    """Terms the articles put in quotation marks, 2-12 characters, not whole clauses."""
    found: set[str] = set()
    for text in texts:
        for match in _QUOTED.finditer(text):
            term = match.group(1).strip()
            if 2 <= len(term) <= 12 and not _NO_SPLIT.search(term):
                found.add(term)
    return found
