"""What the test files share besides fixtures (those are in conftest.py).

The repository's paths, the built site's pages (and those it should have, known before
the build), headless Chromium's settings and one page visit at a time, and what several
files make or read: the words a chart shows as Vega draws it, a small synthetic town
written out point by point, a notebook of given cells.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

import nbformat
import pandas as pd
import vl_convert
import yaml
from hypothesis import strategies as st

from aigov.book.notebooks import toc_files
from aigov.book.pdf import CHROMIUM, CHROMIUM_ARGS  # noqa: F401 (the browser tests start the PDF printer's Chromium)
from aigov.labs import unique_in_the_crowd

ROOT = Path(__file__).resolve().parent.parent
# The pages Sphinx and Jupyter Book make besides those of the table of contents: the index,
# the search page, and index.html, which sends a reader on to the first page.
GENERATED_PAGES = ["genindex.html", "search.html", "index.html"]

# The book is built for the tests as the deploy workflow builds it, with the site's and the
# repository's addresses (aigov.book.publishing): stand-ins, since the book has no fixed home.
SITE_ADDRESSES = {
    "BOOK_BASE_URL": "https://example.org/book/",
    "BOOK_REPOSITORY_URL": "https://github.com/example/ai-governance-in-china",
}

LOCAL_HOSTS = {"127.0.0.1", "localhost", ""}


def site_pages(site: Path) -> list[Path]:
    """The reader-facing HTML pages of the built site (not the theme's template files)."""
    return sorted(p for p in site.rglob("*.html") if p.relative_to(site).parts[0] not in {"_static", "_sources"})


def all_pages(site: Path) -> list[str]:
    """The built site's reader-facing pages, as paths relative to the site."""
    return [str(p.relative_to(site)) for p in site_pages(site)]


def book_pages() -> list[str]:
    """The pages the built site should have, from ``_toc.yml``, before it is built."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    return [f"{name}.html" for name in [toc["root"], *toc_files(toc)]] + GENERATED_PAGES


class PageVisit:
    """Open one page, refusing and recording every request to another host."""

    def __init__(self, browser, url: str, settle: bool = True):
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.foreign: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("requestfailed", lambda r: self._failed(r))
        self.context.route("**/*", self._route)
        self.page.goto(url, wait_until="load")
        if settle:
            # Wait until nothing more loads (and any redirect has happened).
            self.page.wait_for_load_state("networkidle")

    def _route(self, route) -> None:
        if urlparse(route.request.url).hostname in LOCAL_HOSTS or route.request.url.startswith("data:"):
            route.continue_()
        else:
            self.foreign.append(route.request.url)
            route.abort()

    def _failed(self, request) -> None:
        if urlparse(request.url).hostname in LOCAL_HOSTS:
            self.errors.append(f"failed to load {request.url}")

    def close(self) -> None:
        self.context.close()

    def __enter__(self) -> PageVisit:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def vega_svg_text(chart) -> str:
    """The words a reader sees in a chart, as Vega draws it (so browser formulas are tested too)."""
    svg = vl_convert.vegalite_to_svg(chart.to_dict())
    texts = re.findall(r"<text[^>]*>(.*?)</text>", svg, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", "\n", t) for t in texts).replace("&amp;", "&")


def traces_from_rows(rows: list[tuple[int, int, int, int]], grid_size: int = 4) -> unique_in_the_crowd.Traces:
    """A town's location records from (person, hour, x, y) rows."""
    return unique_in_the_crowd.Traces(
        records=pd.DataFrame(rows, columns=["person", "hour", "x", "y"]), grid_size=grid_size
    )


def write_notebook(tmp_path: Path, cells: list) -> Path:
    """A notebook of these cells, written where a chapter's lab would be under ``tmp_path``."""
    nb = nbformat.v4.new_notebook()
    nb.cells = cells
    path = tmp_path / "chapters" / "demo" / "lab.ipynb"
    path.parent.mkdir(parents=True)
    nbformat.write(nb, path)
    return path


def provision_test_gaps(provisions: list[dict], cases: dict[str, list[tuple[dict, str | None]]]) -> list[str]:
    """What a rulebook's tests written from the law leave out: for each provision, no cases at all,
    never triggered, never untriggered (unless it always applies), or an outcome it can
    explain that no case reaches. ``cases`` maps a provision id to (changes, expected outcome
    or None if the provision does not apply)."""
    gaps = []
    for provision in provisions:
        pid = provision["id"]
        outcomes = {expected for _, expected in cases.get(pid, [])}
        if not outcomes:
            gaps.append(f"no test cases for provision {pid}")
            continue
        if not outcomes - {None}:
            gaps.append(f"{pid} is never triggered in the tests")
        if provision["applies_when"] != {"all": []} and None not in outcomes:
            gaps.append(f"{pid} is never tested untriggered")
        possible = {"exemption applies" if o == "out of scope" else o for o in provision["explain"]}
        if possible - outcomes:
            gaps.append(f"{pid}: untested outcome(s) {sorted(possible - outcomes)}")
    return gaps


def scenario_field_strategy(spec: dict, text: st.SearchStrategy | None = None) -> st.SearchStrategy:
    """Valid values for one field of a scenario schema (either rulebook's), for hypothesis;
    ``text`` draws the strings of free-text fields (any printable text unless given)."""
    if "enum" in spec:
        return st.sampled_from(spec["enum"])
    kind = spec.get("type")
    if kind == "boolean":
        return st.booleans()
    if kind == "integer":
        return st.integers(min_value=spec.get("minimum", 0), max_value=spec.get("maximum", 10_000_000))
    if kind == "array" and "enum" in spec.get("items", {}):
        return st.lists(st.sampled_from(spec["items"]["enum"]), unique=True)
    printable_text = text if text is not None else st.text(st.characters(exclude_categories=["Cc"]), max_size=30)
    if kind == "array":
        return st.lists(printable_text, max_size=3)
    return printable_text.filter(str.strip)
