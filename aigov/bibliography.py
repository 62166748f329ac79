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


def _plain(latex: str) -> str:
    from pybtex.richtext import Text

    return Text.from_latex(latex).render_as("text")


@lru_cache(maxsize=4)
def _short_citations(path: Path, mtime_ns: int) -> dict[str, str]:
    from pybtex.database import parse_file

    labels = {}
    for key, entry in parse_file(str(path)).entries.items():
        people = entry.persons.get("author") or entry.persons.get("editor") or []
        names = [_plain(" ".join(person.last_names)) for person in people]
        if "others" in names or len(names) > 2:
            who = f"{names[0]} et al."
        elif names:
            who = " and ".join(names)
        else:
            # No author: the outlet or organisation stands in, as in an author–year reference list.
            fields = entry.fields
            who = _plain(
                next(
                    fields[f] for f in ("organization", "journal", "howpublished", "publisher", "title") if f in fields
                )
            )
        labels[key] = f"{who} {entry.fields.get('year', 'n.d.')}"
    return labels


def short_citation(key: str, path: Path | str = BIBLIOGRAPHY) -> str:
    """An entry as a short author–year citation, e.g. 'Cyberspace Administration of China 2023'; KeyError for an unknown key."""
    path = Path(path)
    labels = _short_citations(path, path.stat().st_mtime_ns)
    if key not in labels:
        raise KeyError(f"'{key}' is not a key of {path.name}")
    return labels[key]


def bibliography_anchor(key: str) -> str:
    """The id of an entry on the bibliography page (``bibtex_cite_id`` in ``_config.yml`` makes it)."""
    from docutils.nodes import make_id

    return make_id(f"cite-{key}")


def citation_link(key: str, bibliography_href: str) -> dict[str, str]:
    """A citation as readers see it on the site: its short author–year label and the address of
    its entry on the bibliography page (``bibliography_href``, relative to the citing page)."""
    return {"label": short_citation(key), "href": f"{bibliography_href}#{bibliography_anchor(key)}"}


_KEY_LIKE = re.compile(r"[A-Za-z][\w:-]*")


def cited_in_words(value: str) -> str:
    """Text with every citation key in it written as a short author–year citation, e.g.
    'Reported in: KEY' -> 'Reported in: Author 2019'. For chart tooltips,
    which show text and cannot hold links."""
    keys = citation_keys()
    return _KEY_LIKE.sub(lambda m: short_citation(m[0]) if m[0] in keys else m[0], value)
