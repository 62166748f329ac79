"""Checks of the built site's links, without fetching anything.

:func:`check_links` reads every HTML page of a built site and returns the internal links
(to a page, a file or an anchor) that do not resolve, and the set of external addresses
the pages link to, for a person to review; nothing is fetched from the network.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlparse

SKIPPED_FOLDERS = {"_static", "_sources", "_images"}


class _LinkParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("id", "name") if tag == "a" else ("id",):
            if values.get(name):
                self.ids.add(values[name])
        if tag == "a" and values.get("href"):
            self.links.append(values["href"])


@dataclass
class LinkReport:
    broken: list[str] = field(default_factory=list)  # "page: link (reason)"
    external: dict[str, set[str]] = field(default_factory=dict)  # address -> pages linking to it
    checked: int = 0


def _parse(path: Path) -> _LinkParser:
    parser = _LinkParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def site_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.relative_to(site).parts[0] not in SKIPPED_FOLDERS)


def check_links(site: Path) -> LinkReport:
    """Resolve every <a href> of every page of ``site``."""
    report = LinkReport()
    parsed: dict[Path, _LinkParser] = {}

    def ids_of(path: Path) -> set[str]:
        if path not in parsed:
            parsed[path] = _parse(path)
        return parsed[path].ids

    for page in site_pages(site):
        name = str(page.relative_to(site))
        for link in _parse(page).links:
            parts = urlparse(link)
            if parts.scheme in ("http", "https") or link.startswith("//"):
                report.external.setdefault(urldefrag(link)[0], set()).add(name)
                continue
            if parts.scheme in ("mailto", "javascript", "data"):
                continue
            report.checked += 1
            target_path, anchor = urldefrag(link)
            target = (page.parent / unquote(target_path)).resolve() if target_path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                report.broken.append(f"{name}: {link} (no such file)")
            elif anchor and target.suffix == ".html" and unquote(anchor) not in ids_of(target):
                report.broken.append(f"{name}: {link} (no anchor '{anchor}')")
    return report


def external_list(report: LinkReport) -> str:
    """The external addresses, one per line with the pages that link to them, for review."""
    return "".join(f"{url}\t{', '.join(sorted(pages))}\n" for url, pages in sorted(report.external.items()))
