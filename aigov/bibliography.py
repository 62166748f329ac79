"""Read the book's ``references.bib``: its citation keys and the web addresses of its entries."""

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


@lru_cache(maxsize=4)
def _urls(path: Path, mtime_ns: int) -> dict[str, str | None]:
    from pybtex.database import parse_file

    return {key: entry.fields.get("url") for key, entry in parse_file(str(path)).entries.items()}


def source_url(key: str, path: Path | str = BIBLIOGRAPHY) -> str | None:
    """The web address of an entry, or None if it has none; KeyError for an unknown key."""
    path = Path(path)
    urls = _urls(path, path.stat().st_mtime_ns)
    if key not in urls:
        raise KeyError(f"'{key}' is not a key of {path.name}")
    return urls[key]


def first_url(keys: str, separator: str = ";") -> str | None:
    """The first web address among ';'-separated citation keys, if any has one."""
    for key in (k.strip() for k in keys.split(separator)):
        if key and source_url(key):
            return source_url(key)
    return None
