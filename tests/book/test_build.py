"""The book builds with zero warnings, and the built site loads nothing from other hosts."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import yaml
from support import ROOT, all_pages, book_pages, site_pages

from aigov.book import sitecheck
from aigov.book.notebooks import toc_files

# Attributes through which a page makes the browser fetch something by itself.
_FETCHING = {
    ("script", "src"),
    ("img", "src"),
    ("iframe", "src"),
    ("source", "src"),
    ("video", "src"),
    ("audio", "src"),
    ("embed", "src"),
    ("object", "data"),
    ("link", "href"),
}
_NON_FETCHING_LINK_RELS = {"canonical", "alternate", "index", "search", "next", "prev", "author", "license"}
_EXTERNAL = re.compile(r"^(https?:)?//", re.IGNORECASE)
_CSS_URL = re.compile(r"(?:@import\s+(?:url\()?|url\()\s*['\"]?((?:https?:)?//[^'\")\s]+)", re.IGNORECASE)


class _Loads(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.loads: list[str] = []
        self.inline_css: list[str] = []
        self.scripts: list[str] = []
        self.chart_figures = 0
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "link" and set((attributes.get("rel") or "").split()) <= _NON_FETCHING_LINK_RELS:
            return
        for name, value in attrs:
            if (tag, name) in _FETCHING and value:
                self.loads.append(value)
        if tag == "script" and attributes.get("src"):
            self.scripts.append(attributes["src"])
        if attributes.get("style"):
            self.inline_css.append(attributes["style"])
        if tag == "figure" and "aigov-chart" in (attributes.get("class") or "").split():
            self.chart_figures += 1
        self._in_style = tag == "style"

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.inline_css.append(data)

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False


class _Reads(HTMLParser):
    """Everything a reader can meet on a page: its text (chart data and tooltips included,
    which live in inline scripts) and every attribute value (titles, alt text, links)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.parts += [value for _, value in attrs if value]

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


# The authors' filing words for their five core sources: the book names the publications.
_FILING_WORDS = re.compile(
    r"seed document|seed 00|book seed|source document 00|machine[- ]reworded|\b00[0-4]_[0-9a-f]{16}\b",
    re.IGNORECASE,
)


def _parse(page: Path) -> _Loads:
    parser = _Loads()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def _pages(site: Path) -> list[Path]:
    return site_pages(site)


def test_book_builds_without_warnings(book_build) -> None:
    output = book_build.stdout + book_build.stderr
    assert book_build.returncode == 0, output[-4000:]
    problems = [line for line in output.splitlines() if re.search(r"\b(WARNING|ERROR|CRITICAL)\b", line)]
    assert problems == []


def test_every_toc_entry_is_a_built_page(site: Path) -> None:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"], *toc_files(toc)]
    assert len(files) >= 3
    for name in files:
        assert (site / f"{name}.html").is_file(), name


def test_the_pages_known_before_the_build_are_all_the_built_ones(site: Path) -> None:
    """The site audit (site/test_site_audit.py) visits the pages named before the build."""
    assert sorted(book_pages()) == sorted(all_pages(site))


def test_no_page_loads_anything_from_another_host(site: Path) -> None:
    offending = {}
    for page in _pages(site):
        parsed = _parse(page)
        external = [url for url in parsed.loads if _EXTERNAL.match(url)]
        external += [m for css in parsed.inline_css for m in _CSS_URL.findall(css)]
        if external:
            offending[str(page.relative_to(site))] = external
    assert offending == {}


def test_no_stylesheet_imports_from_another_host(site: Path) -> None:
    offending = {}
    for sheet in site.rglob("*.css"):
        found = _CSS_URL.findall(sheet.read_text(encoding="utf-8", errors="replace"))
        if found:
            offending[str(sheet.relative_to(site))] = found
    assert offending == {}


def test_chart_code_loads_only_on_pages_with_charts(site: Path) -> None:
    with_charts = 0
    for page in _pages(site):
        parsed = _parse(page)
        loads_chart_code = any("aigov/chart-loader-" in src for src in parsed.scripts)
        assert loads_chart_code == (parsed.chart_figures > 0), page.relative_to(site)
        with_charts += parsed.chart_figures > 0
    assert with_charts >= 1


def test_chart_bundle_is_served_by_the_site(site: Path) -> None:
    bundles = list((site / "_static" / "aigov").glob("charts-*.js"))
    assert len(bundles) == 1
    text = bundles[0].read_text(encoding="utf-8")
    assert "aigov-chart" in text, "the bundle must contain the book's drawing code"
    loaders = list((site / "_static" / "aigov").glob("chart-loader-*.js"))
    assert len(loaders) == 1 and bundles[0].name in loaders[0].read_text(encoding="utf-8")


def test_no_page_shows_the_authors_filing_words(site: Path) -> None:
    found = {}
    for page in _pages(site):
        reader = _Reads()
        reader.feed(page.read_text(encoding="utf-8"))
        words = sorted({m.group(0) for part in reader.parts for m in _FILING_WORDS.finditer(part)})
        if words:
            found[str(page.relative_to(site))] = words
    assert found == {}


def test_pages_do_not_carry_thebe(site: Path) -> None:
    for page in _pages(site):
        assert "THEBE_JS_URL" not in page.read_text(encoding="utf-8"), page.relative_to(site)


def test_compliance_lab_links_reach_their_provisions(site: Path) -> None:
    lab = (site / "chapters" / "facial-recognition" / "lab-compliance-checker.html").read_text(encoding="utf-8")
    reference = (site / "chapters" / "facial-recognition" / "scenario-schema.html").read_text(encoding="utf-8")
    targets = set(re.findall(r'href="scenario-schema\.html#(provision-[a-z0-9-]+)"', lab))
    assert len(targets) >= 10
    missing = [t for t in targets if f'id="{t}"' not in reference]
    assert missing == []


def test_every_page_has_a_meta_description(site: Path) -> None:
    pattern = re.compile(r'<meta name="description" content="([^"]{40,})"')
    missing = [str(p.relative_to(site)) for p in site_pages(site) if not pattern.search(p.read_text(encoding="utf-8"))]
    # The redirect page at the root has no content to describe.
    assert [m for m in missing if m != "index.html"] == []


def test_internal_links_and_anchors_resolve(site: Path) -> None:
    report = sitecheck.check_links(site)
    assert report.checked > 1000, "the link check found too few links to be looking at the site"
    assert report.broken == []
    # External addresses are listed for a person to review, never fetched.
    (site.parent / "external-links.txt").write_text(sitecheck.external_list(report), encoding="utf-8")
    assert report.external


def test_only_the_search_page_loads_the_search_index(site: Path) -> None:
    for page in _pages(site):
        scripts = _parse(page).scripts
        loads_index = any(src.endswith("searchindex.js") for src in scripts)
        assert loads_index == (page.name == "search.html" and page.parent == site), page.relative_to(site)


def test_copy_buttons_load_only_on_pages_with_code(site: Path) -> None:
    with_code = 0
    for page in _pages(site):
        has_code = '<div class="highlight' in page.read_text(encoding="utf-8")
        loads = any("copybutton.js" in src for src in _parse(page).scripts)
        assert loads == has_code, page.relative_to(site)
        with_code += has_code
    assert with_code >= 1


def test_the_icon_font_draws_every_icon_the_pages_show(site: Path) -> None:
    from fontTools.ttLib import TTFont

    from aigov.book import theme_patches

    css = (site / theme_patches.ICON_STYLESHEET).read_text(encoding="utf-8")
    rules = {m["selectors"]: m["glyph"] for m in theme_patches._ICON_RULE.finditer(css)}
    font = site / theme_patches.ICON_FONTS / "fa-solid-900.woff2"
    glyphs = set(TTFont(font).getBestCmap())
    shown = {name for page in _pages(site) for name in re.findall(r"\bfa-[a-z0-9-]+", page.read_text(encoding="utf-8"))}
    for name in ("fa-magnifying-glass", "fa-sun", "fa-moon", "fa-bars", "fa-chevron-down"):
        assert name in shown
        glyph = next(g for selectors, g in rules.items() if f".{name}:before" in selectors.split(","))
        assert int(glyph.lstrip("\\"), 16) in glyphs, name
    assert font.stat().st_size < 20_000


def test_theme_scripts_do_not_block_the_first_paint(site: Path) -> None:
    page = (site / "chapters" / "surveillance" / "index.html").read_text(encoding="utf-8")
    head = page[: page.index("</head>")]
    blocking = re.findall(r"<script src=\"([^\"]+)\"></script>", head)
    assert [src.split("/")[-1].split("?")[0] for src in blocking] == ["documentation_options.js"]
