"""Read the citation keys of the book's ``references.bib``."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from aigov.paths import BIBLIOGRAPHY

_ENTRY_START = re.compile(r"^\s*@(\w+)\s*\{\s*([^,\s]+)\s*,", re.MULTILINE)


def _keys_in(text: str) -> list[str]:
    return [key for kind, key in _ENTRY_START.findall(text) if kind.lower() not in {"comment", "string", "preamble"}]


@lru_cache(maxsize=8)
def _cached_keys(path: Path, mtime_ns: int) -> frozenset[str]:
    return frozenset(_keys_in(path.read_text(encoding="utf-8")))


def citation_keys(path: Path | str = BIBLIOGRAPHY) -> frozenset[str]:
    """Return the set of entry keys defined in a BibTeX file."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"bibliography not found: {path}")
    return _cached_keys(path, path.stat().st_mtime_ns)


def duplicate_keys(path: Path | str = BIBLIOGRAPHY) -> list[str]:
    """Return keys defined more than once (BibTeX silently keeps one of them)."""
    keys = _keys_in(Path(path).read_text(encoding="utf-8"))
    seen: set[str] = set()
    return sorted({key for key in keys if key in seen or seen.add(key)})
