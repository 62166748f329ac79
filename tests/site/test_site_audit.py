"""The accessibility and cleanliness audit of every built page, in headless Chromium.

Each page is visited once, and four tests read that visit: no console or page errors and
no request to another host; no serious or critical axe-core violation in light mode; none
of colour contrast in dark mode; every chart drawn, with a text alternative and labelled
menus. The pages are known before the book is built (from ``_toc.yml``; book/test_build.py
checks that they are all the built pages), so the tests are parametrised by page, and the
test workers share the pages between them (each page's tests run on one worker:
tests/conftest.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support import ROOT, PageVisit, book_pages

CHART_FIGURE = '<figure class="aigov-chart"'

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


@pytest.fixture(scope="module")
def axe_script() -> str:
    if not AXE.is_file():
        pytest.fail(f"axe-core is missing ({AXE}): run 'npm ci' in the repository root, as the README says")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(
    scope="module",
    params=[pytest.param(name, id=name) for name in book_pages()],
)
def audit(request: pytest.FixtureRequest, browser, site: Path, site_url: str, axe_script: str) -> dict:
    """Visit one page and record what the tests below check.

    Console and page errors, requests to other hosts, axe-core's serious and critical
    violations in light mode, colour-contrast violations after switching the page to dark
    mode (as the theme's switch does, by the ``data-theme`` attribute), and for each chart
    whether it drew, its caption and the labels of its SVG and action menu.
    """
    name = request.param
    html = (site / name).read_text(encoding="utf-8")
    redirect = 'http-equiv="refresh"' in html.lower()
    with PageVisit(browser, f"{site_url}/{name}", settle=redirect) as visit:
        page = visit.page
        if page.locator("figure.aigov-chart").count():
            # The chart code loads when a chart nears the screen (aigov/charts-loader.js).
            page.locator("figure.aigov-chart").first.scroll_into_view_if_needed()
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
        page.add_script_tag(content=axe_script)
        light = page.evaluate(AXE_RUN, None)
        # Switch as the theme's button does; with colour transitions off, so that a
        # busy machine cannot catch a colour halfway between the two modes.
        page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
        page.evaluate(
            """() => new Promise(done => {
                document.documentElement.dataset.theme = 'dark';
                document.documentElement.dataset.mode = 'dark';
                requestAnimationFrame(() => requestAnimationFrame(done));
            })"""
        )
        dark = page.evaluate(AXE_RUN, ["color-contrast"])
        return {
            "page": name,
            "errors": visit.errors,
            "other hosts": visit.foreign,
            "charts in the HTML": html.count(CHART_FIGURE),
            "charts": charts,
            "light": [v for v in light if v["impact"] in BLOCKING],
            "dark": [v for v in dark if v["impact"] in BLOCKING],
        }


def test_page_loads_cleanly_and_stays_local(audit: dict) -> None:
    assert audit["other hosts"] == []
    assert audit["errors"] == []


def test_no_serious_accessibility_violations(audit: dict) -> None:
    assert audit["light"] == []


def test_colour_contrast_in_dark_mode(audit: dict) -> None:
    assert audit["dark"] == []


def test_every_chart_renders_with_text_alternatives(audit: dict) -> None:
    assert len(audit["charts"]) == audit["charts in the HTML"], "the browser does not show every chart of the page"
    for i, chart in enumerate(audit["charts"]):
        assert chart["ready"], f"chart {i} did not draw"
        assert len(chart["caption"].strip()) > 40, f"chart {i} has no real text description"
        assert chart["label"], f"chart {i} has no accessible name (aria-label)"
        assert all(chart["menu_labels"]), f"chart {i} has an action menu without a label"
