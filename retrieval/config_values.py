"""Strict reading of config.yaml values: one set of rules for every section.

Every key has a type and a range; a wrong one is a ConfigError naming the key, what was
expected and what was found (`index.k1: expected a number > 0, got true`). Keys a
section does not know are errors too, so a typo never silently means "the default".
Used by retrieval.config (corpus, index, answer) and bot.settings (telegram).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any


class ConfigError(ValueError):
    """config.yaml is missing, unreadable or has a bad value; the message says what to fix."""


def _shown(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value)


class Section:
    """The values of one config section, read key by key with their checks."""

    def __init__(self, block: Any, name: str) -> None:
        if block is None:
            block = {}
        if not isinstance(block, Mapping):
            raise ConfigError(f"{name}: expected a mapping of keys, got {_shown(block)}")
        self.name = name
        self.block: Mapping[str, Any] = block
        self.read: set[str] = set()

    @classmethod
    def of(cls, data: Mapping[str, Any], name: str) -> Section:
        """A top-level section of the parsed file (empty when absent)."""
        return cls(data.get(name), name)

    def sub(self, key: str) -> Section:
        """A nested section (telegram.webhook)."""
        self.read.add(key)
        return Section(self.block.get(key), f"{self.name}.{key}")

    def _raw(self, key: str, default: Any) -> Any:
        self.read.add(key)
        return self.block.get(key, default)

    def _bad(self, key: str, expected: str, raw: Any) -> ConfigError:
        return ConfigError(f"{self.name}.{key}: expected {expected}, got {_shown(raw)}")

    def integer(self, key: str, default: int, *, minimum: int | None = None) -> int:
        raw = self._raw(key, default)
        expected = "a whole number" + (f" >= {minimum}" if minimum is not None else "")
        if isinstance(raw, bool) or not isinstance(raw, int) or (
                minimum is not None and raw < minimum):
            raise self._bad(key, expected, raw)
        return raw

    def number(self, key: str, default: float, *, minimum: float | None = None,
               maximum: float | None = None, above: float | None = None) -> float:
        raw = self._raw(key, default)
        parts = []
        if above is not None:
            parts.append(f"> {above:g}")
        if minimum is not None:
            parts.append(f">= {minimum:g}")
        if maximum is not None:
            parts.append(f"<= {maximum:g}")
        expected = "a number" + (" " + " and ".join(parts) if parts else "")
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            raise self._bad(key, expected, raw)
        value = float(raw)
        if not math.isfinite(value):
            raise self._bad(key, expected, raw)
        if ((above is not None and not value > above) or (minimum is not None and value < minimum)
                or (maximum is not None and value > maximum)):
            raise self._bad(key, expected, raw)
        return value

    def choice(self, key: str, default: str, choices: Sequence[str], *,
               fold: bool = False) -> str:
        raw = self._raw(key, default)
        value = raw.upper() if fold and isinstance(raw, str) else raw
        if not isinstance(value, str) or value not in choices:
            raise self._bad(key, f"one of {', '.join(choices)}", raw)
        return value

    def text(self, key: str, default: str) -> str:
        raw = self._raw(key, default)
        if raw is None:
            raw = ""
        if not isinstance(raw, str):
            raise self._bad(key, "a text", raw)
        return raw

    def path(self, key: str, default: Path, base_dir: Path) -> Path:
        raw = self._raw(key, str(default))
        if not isinstance(raw, str) or not raw.strip():
            raise self._bad(key, "a folder or file path", raw)
        path = Path(raw.strip())
        return path if path.is_absolute() else base_dir / path

    def ids(self, key: str) -> frozenset[int]:
        raw = self._raw(key, [])
        if raw is None:
            raw = []
        if isinstance(raw, int) and not isinstance(raw, bool):
            raw = [raw]
        if not isinstance(raw, list):
            raise self._bad(key, "a list of numeric Telegram ids", raw)
        ids: set[int] = set()
        for item in raw:
            if isinstance(item, bool) or not isinstance(item, int | str):
                raise self._bad(key, "a list of numeric Telegram ids", item)
            try:
                ids.add(int(item))
            except ValueError:
                raise self._bad(key, "a list of numeric Telegram ids", item) from None
        return frozenset(ids)

    def check_unknown(self, also_known: Iterable[str] = ()) -> None:
        """Keys nobody read (or declared as read elsewhere) are typos: say so."""
        known = self.read | set(also_known)
        unknown = sorted(str(k) for k in self.block if k not in known)
        if unknown:
            raise ConfigError(f"{self.name}.{unknown[0]}: unknown key "
                              f"(known: {', '.join(sorted(known))})")


def check_sections(data: Mapping[str, Any], known: Iterable[str]) -> None:
    """Top-level sections must be known ones (corpus, index, answer, telegram)."""
    names = set(known)
    for key in data:
        if key not in names:
            raise ConfigError(f"{key}: unknown section (known: {', '.join(sorted(names))})")
