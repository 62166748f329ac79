"""The built site in headless Chromium: no errors, no third-party requests, working charts."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

from aigov import baserates, rules
from aigov.notebooks import toc_files
from conftest import ROOT, site_pages

playwright_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
LOCAL_HOSTS = {"127.0.0.1", "localhost", ""}
# Without these, Chromium itself phones home on start-up (updates, sync, safe browsing).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TOC_PAGES = [f"{name}.html" for name in toc_files(yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8")))]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="no Chromium found: apt-get install chromium"),
]


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


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

    def __enter__(self) -> "PageVisit":
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def _all_pages(site: Path) -> list[str]:
    return [str(p.relative_to(site)) for p in site_pages(site)]


AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# Impacts that fail the build; "moderate" and "minor" findings are reported, not enforced.
BLOCKING = {"serious", "critical"}
AXE_RUN = """async (rules) => {
  // preload: false stops axe fetching stylesheets itself; it resolves the theme's
  // relative @import against the page, not the sheet, and asks for a file that is not there.
  const options = {resultTypes: ['violations'], preload: false};
  if (rules) options.runOnly = {type: 'rule', values: rules};
  const result = await axe.run(document, options);
  return result.violations.map(v => ({id: v.id, impact: v.impact,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ': ' + n.failureSummary)}));
}"""


def _axe_script() -> str:
    if not AXE.is_file():
        pytest.fail(f"axe-core is missing ({AXE}): run 'npm ci' in the repository root, as the README says")
    return AXE.read_text(encoding="utf-8")


def _audit(browser, site: Path, site_url: str) -> dict[str, dict]:
    """Visit every page once and record what the tests below check.

    Per page: console and page errors, requests to other hosts, axe-core's serious and
    critical violations in light mode, colour-contrast violations after switching the page
    to dark mode (as the theme's switch does, by the ``data-theme`` attribute), and for
    each chart whether it drew, its caption and the labels of its SVG and action menu.
    """
    axe = _axe_script()
    reports = {}
    for name in _all_pages(site):
        redirect = 'http-equiv="refresh"' in (site / name).read_text(encoding="utf-8").lower()
        with PageVisit(browser, f"{site_url}/{name}", settle=redirect) as visit:
            page = visit.page
            if page.locator("figure.aigov-chart").count():
                page.wait_for_function(
                    "[...document.querySelectorAll('figure.aigov-chart')].every("
                    "f => f.classList.contains('aigov-chart-ready') || f.classList.contains('aigov-chart-failed'))",
                    timeout=15000,
                )
            charts = page.locator("figure.aigov-chart").evaluate_all(
                """fs => fs.map(f => ({
                    ready: f.classList.contains('aigov-chart-ready') && !!f.querySelector('svg.marks'),
                    caption: (f.querySelector('figcaption') || {}).textContent || '',
                    label: (f.querySelector('[role=graphics-document]') || {getAttribute: () => null}).getAttribute('aria-label'),
                    menu_labels: [...f.querySelectorAll('details > summary')].map(s => s.getAttribute('aria-label')),
                }))"""
            )
            page.add_script_tag(content=axe)
            light = page.evaluate(AXE_RUN, None)
            page.evaluate("document.documentElement.dataset.theme = 'dark'; document.documentElement.dataset.mode = 'dark'")
            dark = page.evaluate(AXE_RUN, ["color-contrast"])
            reports[name] = {
                "errors": visit.errors,
                "other hosts": visit.foreign,
                "charts": charts,
                "light": [v for v in light if v["impact"] in BLOCKING],
                "dark": [v for v in dark if v["impact"] in BLOCKING],
            }
    return reports


@pytest.fixture(scope="module")
def audit(browser, site: Path, site_url: str) -> dict[str, dict]:
    return _audit(browser, site, site_url)


def test_toc_pages_are_in_the_site(site: Path) -> None:
    assert set(TOC_PAGES) <= set(_all_pages(site))


def test_every_page_loads_cleanly_and_stays_local(audit: dict) -> None:
    assert len(audit) >= len(TOC_PAGES)
    problems = {
        name: {"other hosts": r["other hosts"], "errors": r["errors"]}
        for name, r in audit.items()
        if r["other hosts"] or r["errors"]
    }
    assert problems == {}


def test_no_serious_accessibility_violations(audit: dict) -> None:
    problems = {name: r["light"] for name, r in audit.items() if r["light"]}
    assert problems == {}


def test_colour_contrast_in_dark_mode(audit: dict) -> None:
    problems = {name: r["dark"] for name, r in audit.items() if r["dark"]}
    assert problems == {}


def test_every_chart_renders_with_text_alternatives(audit: dict) -> None:
    charts = {name: r["charts"] for name, r in audit.items() if r["charts"]}
    assert charts, "no page with a chart was found"
    for name, figures in charts.items():
        for i, chart in enumerate(figures):
            assert chart["ready"], f"{name}: chart {i} did not draw"
            assert len(chart["caption"].strip()) > 40, f"{name}: chart {i} has no real text description"
            assert chart["label"], f"{name}: chart {i} has no accessible name (aria-label)"
            assert all(chart["menu_labels"]), f"{name}: chart {i} has an action menu without a label"


def _svg_text(figure) -> str:
    return " ".join(figure.locator("svg text").evaluate_all("ts => ts.map(t => t.textContent)"))


LAB = "chapters/strategy/lab-policy-timeline.html"


def test_growth_slider_recomputes_the_projection(browser, site_url: str) -> None:
    with PageVisit(browser, f"{site_url}/{LAB}") as visit:
        figure = visit.page.locator("figure.aigov-chart", has=visit.page.locator("input[type=range]")).first
        figure.locator("svg.marks").wait_for()
        before = _svg_text(figure)
        assert "bn: missed" in before
        slider = figure.locator("input[type=range]")
        slider.fill("0.25")
        visit.page.wait_for_function(
            "f => f.querySelector('svg').textContent.includes('bn: met')", arg=figure.element_handle()
        )
        assert _svg_text(figure) != before
        assert visit.errors == []


def test_timeline_highlight_menu_dims_other_categories(browser, site_url: str) -> None:
    with PageVisit(browser, f"{site_url}/{LAB}") as visit:
        figure = visit.page.locator("figure.aigov-chart", has=visit.page.locator("select")).first
        figure.locator("svg.marks").wait_for()
        points = figure.locator("svg path[aria-roledescription='point']")

        def dimmed() -> int:
            return sum(1 for o in points.evaluate_all("ps => ps.map(p => p.getAttribute('opacity'))") if o == "0.15")

        assert points.count() > 20
        assert dimmed() == 0
        figure.locator("select").select_option(label="ethics")
        visit.page.wait_for_timeout(300)
        assert 0 < dimmed() < points.count()


def test_charts_work_with_networking_disabled(browser, site: Path, tmp_path: Path) -> None:
    """Opened from disk in a context with the network off, the lab still draws and reacts."""
    context = browser.new_context(offline=True, viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    try:
        page.goto((site / LAB).as_uri(), wait_until="load")
        figure = page.locator("figure.aigov-chart", has=page.locator("input[type=range]")).first
        figure.locator("svg.marks").wait_for(timeout=15000)
        figure.locator("input[type=range]").fill("0.3")
        page.wait_for_function("f => f.querySelector('svg').textContent.includes('bn: met')", arg=figure.element_handle())
        figure.scroll_into_view_if_needed()
        shot = ROOT / "_build" / "screenshots"
        shot.mkdir(parents=True, exist_ok=True)
        figure.screenshot(path=str(shot / "strategy-lab-offline.png"))
    finally:
        context.close()


ETHICS_LAB = "chapters/ethics/lab-principles-matrix.html"
REID_LAB = "chapters/data-protection/lab-unique-in-the-crowd.html"


def _bar_counts(figure) -> list[int]:
    """The counts the bars show, read from their accessible labels ('...covering it: N')."""
    labels = figure.locator("svg path[aria-roledescription='bar']").evaluate_all(
        "bs => bs.map(b => b.getAttribute('aria-label'))"
    )
    return [int(label.rsplit(":", 1)[1]) for label in labels]


def test_picking_documents_changes_the_theme_counts(browser, site_url: str) -> None:
    with PageVisit(browser, f"{site_url}/{ETHICS_LAB}") as visit:
        figure = visit.page.locator("figure.aigov-chart").first
        figure.locator("svg.marks").wait_for()
        before = _bar_counts(figure)
        assert len(before) >= 10 and max(before) > 1
        figure.locator("svg path[aria-roledescription='rect mark']").first.click()
        visit.page.wait_for_timeout(300)
        after = _bar_counts(figure)
        assert max(after) == 1, "with one document picked, no theme can be covered more than once"
        assert sum(after) < sum(before)
        assert visit.errors == []


def test_resolution_buttons_redraw_the_uniqueness_line(browser, site_url: str) -> None:
    with PageVisit(browser, f"{site_url}/{REID_LAB}") as visit:
        figure = visit.page.locator("figure.aigov-chart").first
        figure.locator("svg.marks").wait_for()
        text_before = _svg_text(figure)
        assert "SYNTHETIC DATA" in text_before
        figure.locator("input[type=radio][value='8']").check()
        figure.locator("input[type=radio][value='24']").check()
        visit.page.wait_for_function(
            "([f, t]) => f.querySelector('svg').textContent !== t", arg=[figure.element_handle(), text_before]
        )
        assert visit.errors == []


BASE_RATE_LAB = "chapters/surveillance/lab-base-rates.html"


def test_base_rate_sliders_match_the_python_formula(browser, site_url: str) -> None:
    """The chart recomputes in the browser with the same result as aigov.baserates."""
    with PageVisit(browser, f"{site_url}/{BASE_RATE_LAB}") as visit:
        figure = visit.page.locator("figure.aigov-chart").first
        figure.locator("svg.marks").wait_for()
        start = baserates.expected_alerts(100_000, 10_000, 10, 0.9, 1e-5)
        assert f"{start.share_correct:.2%} of alerts are correct" in _svg_text(figure)
        sliders = figure.locator("input[type=range]")
        sliders.nth(0).fill("3")  # 10^3 faces a day
        sliders.nth(1).fill("-8")  # false-match rate 1e-8
        moved = baserates.expected_alerts(1_000, 10_000, 10, 0.9, 1e-8)
        expected = f"{moved.share_correct:.2%} of alerts are correct"
        visit.page.wait_for_function(
            "([f, t]) => f.querySelector('svg').textContent.includes(t)", arg=[figure.element_handle(), expected]
        )
        assert f"{moved.true_alerts:,.1f} true and {moved.false_alerts:,.1f} false alerts a day" in _svg_text(figure)
        assert visit.errors == []


# --- case studies: each chart reacts in the browser as the Python behind it computes -----

def _wait_for_text(visit: PageVisit, figure, text: str) -> None:
    visit.page.wait_for_function(
        "([f, t]) => f.querySelector('svg').textContent.includes(t)", arg=[figure.element_handle(), text], timeout=10000
    )


def _case_figure(visit: PageVisit):
    figure = visit.page.locator("figure.aigov-chart").first
    figure.locator("svg.marks").wait_for()
    return figure


def test_station_case_crowd_slider(browser, site_url: str) -> None:
    with PageVisit(browser, f"{site_url}/casestudies/railway-station-watchlist.html") as visit:
        figure = _case_figure(visit)
        figure.locator("input[type=range]").first.fill("6")
        moved = baserates.expected_alerts(1_000_000, 10_000, 10, 0.9, 1e-6)
        _wait_for_text(visit, figure, f"{moved.share_correct:.2%} of alerts are correct")
        assert visit.errors == []


def test_demographic_case_threshold_slider(browser, site_url: str) -> None:
    from aigov import demographics

    with PageVisit(browser, f"{site_url}/casestudies/demographic-differentials.html") as visit:
        figure = _case_figure(visit)
        figure.locator("input[type=range]").first.fill("55")
        ratio = demographics.rates(55).set_index("key")["fmr_vs_lowest"]["B-women"]
        _wait_for_text(visit, figure, f"{ratio:.1f}× as frequent")
        assert visit.errors == []


def test_principles_case_menus_filter_the_pairings(browser, site_url: str) -> None:
    from aigov import data, principles_practice

    table = data.load("principles_practice")
    label = principles_practice.principle_label("MOST", "respect for privacy")
    expected = len(principles_practice.filter_pairings(table, principle=label))
    with PageVisit(browser, f"{site_url}/casestudies/principles-versus-practice.html") as visit:
        figure = _case_figure(visit)
        figure.locator("select").first.select_option(label=label)
        _wait_for_text(visit, figure, f"{expected} pairings match")
        assert expected < len(table)
        assert visit.errors == []


def test_duties_case_company_menu(browser, site_url: str) -> None:
    from aigov import data, legal_duties

    duties = data.load("legal_duties")
    binding = len(legal_duties.lookup(duties, "individual"))
    with PageVisit(browser, f"{site_url}/casestudies/who-must-hand-over-data.html") as visit:
        figure = _case_figure(visit)
        figure.locator("select").first.select_option(label=legal_duties.COMPANY_TYPES["individual"].label)
        _wait_for_text(visit, figure, f"{binding} of {len(duties)} provisions")
        assert visit.errors == []


def test_exports_case_view_menu(browser, site_url: str) -> None:
    with PageVisit(browser, f"{site_url}/casestudies/exporting-surveillance.html") as visit:
        figure = _case_figure(visit)
        before = _svg_text(figure)
        figure.locator("select").first.select_option(label="with Belt and Road share")
        _wait_for_text(visit, figure, "Belt and Road")
        assert _svg_text(figure) != before
        assert visit.errors == []


def test_leak_case_resolution_buttons(browser, site_url: str) -> None:
    with PageVisit(browser, f"{site_url}/casestudies/reidentification-after-a-leak.html") as visit:
        figure = _case_figure(visit)
        figure.locator("input[type=radio][value='4']").check()
        _wait_for_text(visit, figure, "leak at 4 × 4 cells")
        assert visit.errors == []


def test_park_case_checkboxes(browser, site_url: str) -> None:
    from aigov import cases

    first_change = list(cases.PARK_CHANGES)[0]  # the first checkbox
    alternative = rules.assess(cases.apply_changes(cases.park_scenario(), [first_change]), regimes=["cac2025"])
    with PageVisit(browser, f"{site_url}/casestudies/hangzhou-safari-park.html") as visit:
        figure = _case_figure(visit)
        before = _svg_text(figure)
        figure.locator("input[type=checkbox]").first.check()
        visit.page.wait_for_function(
            "([f, t]) => f.querySelector('svg').textContent !== t", arg=[figure.element_handle(), before]
        )
        assert rules.verdict(alternative, "cac2025") in _svg_text(figure)
        assert visit.errors == []


def test_search_works_offline(browser, site_url: str) -> None:
    """Type a term into the book's search box and see matching pages, all served by the site."""
    with PageVisit(browser, f"{site_url}/intro.html") as visit:
        page = visit.page
        page.keyboard.press("Control+k")
        box = page.locator("input[name=q]:visible").first
        box.fill("Hangzhou")
        box.press("Enter")
        page.wait_for_url("**/search.html?q=Hangzhou**")
        results = page.locator("#search-results ul.search li a")
        results.first.wait_for(timeout=15000)
        found = results.evaluate_all("links => links.map(a => a.getAttribute('href'))")
        assert any("hangzhou-safari-park" in href for href in found)
        assert any("facial-recognition" in href for href in found)
        assert visit.errors == [] and visit.foreign == []
