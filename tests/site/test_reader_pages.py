"""The built site read as a first-year student reads it (aigov.book.reader_pages): tables
without row numbers, raw citation keys or cut cells; exercises numbered from 1 on every
page; the repository linked from every page; chapters with reading time, an "Apply it" box
and glossary links; live forms explained; and pages that fit a laptop and a phone screen."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from support import ROOT, SITE_ADDRESSES, PageVisit, site_pages

from aigov.bibliography import citation_keys

SCREENSHOTS = ROOT / "_build" / "screenshots"
# A chapter, a lab and a case study, each with tables or charts.
SCREENSHOT_PAGES = [
    "chapters/surveillance/index.html",
    "chapters/strategy/lab-policy-timeline.html",
    "casestudies/who-must-hand-over-data.html",
    "chapters/algorithms-generative-ai/index.html",
    "casestudies/launching-a-chatbot.html",
    # Long titles and addresses once made it 626 px wide on a 390 px phone.
    "appendix/bibliography.html",
]
WIDTHS = {"laptop": 1280, "phone": 390}
CHAPTERS = sorted(p.parent.name for p in (ROOT / "chapters").glob("*/index.md"))


class _Page(HTMLParser):
    """The visible text of a page (no scripts, styles or code) and its pandas tables as rows of cells."""

    HIDDEN = {"script", "style", "pre", "code", "template"}

    def __init__(self) -> None:
        super().__init__()
        self.hidden = 0
        self.text: list[str] = []
        self.tables: list[list[list[tuple[str, str]]]] = []  # table -> rows -> (tag, text)
        self.in_dataframe = 0
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        if tag in self.HIDDEN:
            self.hidden += 1
        if tag == "table" and "dataframe" in (attributes.get("class") or ""):
            self.in_dataframe += 1
            self.tables.append([])
        elif self.in_dataframe and tag == "tr":
            self.tables[-1].append([])
        elif self.in_dataframe and tag in {"td", "th"}:
            self.cell = [tag]

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN:
            self.hidden -= 1
        if tag == "table" and self.in_dataframe:
            self.in_dataframe -= 1
        elif tag in {"td", "th"} and self.cell is not None and self.tables and self.tables[-1]:
            self.tables[-1][-1].append((self.cell[0], "".join(self.cell[1:]).strip()))
            self.cell = None

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.text.append(data)
        if self.cell is not None:
            self.cell.append(data)


def _read(page: Path) -> _Page:
    parsed = _Page()
    parsed.feed(page.read_text(encoding="utf-8"))
    return parsed


@pytest.fixture(scope="module")
def pages(site: Path) -> dict[str, Path]:
    return {str(p.relative_to(site)): p for p in site_pages(site)}


def test_no_raw_citation_key_in_visible_text_or_chart_data(pages: dict[str, Path]) -> None:
    keys = citation_keys()
    found = {}
    for name, page in pages.items():
        words = set(re.findall(r"[A-Za-z][\w:-]*\d[\w:-]*", " ".join(_read(page).text)))
        specs = re.findall(
            r'<script type="application/json" class="aigov-chart-spec">(.*?)</script>',
            page.read_text(encoding="utf-8"),
            re.S,
        )
        for spec in specs:
            data = json.loads(spec.replace("<\\/", "</"))
            for value in re.findall(r'"([^"]*)"', json.dumps(data.get("datasets", {}), ensure_ascii=False)):
                words.update(t.strip() for t in value.split(";"))
        raw = sorted(words & keys)
        if raw:
            found[name] = raw
    assert found == {}, "readers cannot look up a citation key; show it as an author–year citation"


def test_tables_have_no_row_numbers_and_no_cut_cells(pages: dict[str, Path]) -> None:
    numbered, cut = [], []
    for name, page in pages.items():
        for table in _read(page).tables:
            header, body = table[0], [row for row in table[1:] if row]
            if body and header and header[0] == ("th", "") and all(r[0][0] == "th" and r[0][1].isdigit() for r in body):
                numbered.append(name)
            cut += [f"{name}: {text}" for row in body for tag, text in row if text.endswith("...")]
    assert numbered == [], "pandas row numbers (0, 1, 2 …) mean nothing to a reader"
    assert cut == [], "a cell cut with '...' hides text a reader or an exercise needs"


def test_every_page_numbers_its_exercises_from_1(pages: dict[str, Path]) -> None:
    first = {}
    for name, page in pages.items():
        numbers = re.findall(r'<span class="caption-number">Exercise (\d+(?:\.\d+)?)', page.read_text(encoding="utf-8"))
        if numbers:
            first[name] = numbers[0]
    assert first, "no page has an exercise: the pattern no longer matches the site"
    assert {name: n for name, n in first.items() if n not in {"1"} and not n.endswith(".1")} == {}


def test_answer_key_numbers_exercises_as_their_pages_do(pages: dict[str, Path]) -> None:
    key = (ROOT / "appendix" / "instructor" / "answer-key.md").read_text(encoding="utf-8")
    for lab in ("chapters/surveillance/lab-base-rates", "casestudies/exporting-surveillance"):
        on_page = re.findall(
            r'<span class="caption-number">Exercise (\d+)', pages[f"{lab}.html"].read_text(encoding="utf-8")
        )
        section = key.split(f"From the lab {{doc}}`/{lab}`.", 1)[1].split("\n## ", 1)[0]
        assert on_page and re.findall(r"^### Exercise (\d+)$", section, re.M) == on_page


def test_every_page_links_the_repository(pages: dict[str, Path]) -> None:
    repository = SITE_ADDRESSES["BOOK_REPOSITORY_URL"]
    # index.html only sends the reader on to the first page.
    missing = [
        name
        for name, page in pages.items()
        if name != "index.html" and f'href="{repository}' not in page.read_text(encoding="utf-8")
    ]
    assert missing == []


def test_live_forms_say_how_to_run_them(pages: dict[str, Path]) -> None:
    page = pages["chapters/surveillance/lab-base-rates.html"].read_text(encoding="utf-8")
    note = page.split('class="aigov-run-live', 1)[1].split("</div>", 1)[0]
    words = " ".join(re.sub(r"<[^>]+>", " ", note).split())
    assert SITE_ADDRESSES["BOOK_REPOSITORY_URL"] in note and "jupyter lab" in words


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_shows_reading_time_apply_it_and_glossary_links(pages: dict[str, Path], chapter: str) -> None:
    page = pages[f"chapters/{chapter}/index.html"].read_text(encoding="utf-8")
    assert re.search(r"Reading time: about \d+ minutes", page)
    labs = sorted(p.stem for p in (ROOT / "chapters" / chapter).glob("lab-*.ipynb"))
    box = page.split('class="aigov-apply-it', 1)[1].split("</div>", 1)[0]
    assert labs and all(f'href="{lab}.html"' in box for lab in labs)
    index = (ROOT / "casestudies" / "index.md").read_text(encoding="utf-8")
    paired = [
        row.split("`")[1]
        for row in index.splitlines()
        if row.startswith("| {doc}") and f"chapters/{chapter}/index" in row
    ]
    assert all(f'href="../../casestudies/{case}.html"' in box for case in paired)
    glossary_links = re.findall(r'href="\.\./\.\./appendix/glossary\.html#([\w-]+)"', page)
    assert glossary_links, "glossary terms link to the glossary"
    assert len(glossary_links) == len(set(glossary_links)), "only a term's first use on a page is linked"


def test_chapters_are_numbered(pages: dict[str, Path]) -> None:
    page = pages["chapters/strategy/index.html"].read_text(encoding="utf-8")
    assert re.search(r'<h1><span class="section-number">1\. </span>China', page)


@pytest.mark.parametrize("name", SCREENSHOT_PAGES)
@pytest.mark.parametrize("screen", WIDTHS)
def test_page_fits_the_screen(browser, site_url: str, name: str, screen: str) -> None:
    with PageVisit(browser, f"{site_url}/{name}") as visit:
        visit.page.set_viewport_size({"width": WIDTHS[screen], "height": 900})
        visit.page.wait_for_timeout(300)
        overflow = visit.page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shot = SCREENSHOTS / f"{name.replace('/', '_').removesuffix('.html')}-{WIDTHS[screen]}.png"
        visit.page.screenshot(path=str(shot), full_page=False)
        assert overflow[0] <= overflow[1], f"the page is wider than the screen: {overflow[0]} > {overflow[1]} px"
