"""The accessibility and cleanliness audit of every built page, shared by two test files.

Auditing all pages takes most of a minute; tests/test_site_audit_a.py and _b.py each
audit half of them, so that pytest-xdist's two workers share the work.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from support import ROOT, PageVisit, all_pages

# The audits of the two halves of the site run as separate test files (two workers).
HALVES = 2

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


def _audit(browser, site: Path, site_url: str, half: int) -> dict[str, dict]:
    """Visit every page once and record what the tests below check.

    Per page: console and page errors, requests to other hosts, axe-core's serious and
    critical violations in light mode, colour-contrast violations after switching the page
    to dark mode (as the theme's switch does, by the ``data-theme`` attribute), and for
    each chart whether it drew, its caption and the labels of its SVG and action menu.
    """
    axe = _axe_script()
    reports = {}
    for name in all_pages(site)[half::HALVES]:
        redirect = 'http-equiv="refresh"' in (site / name).read_text(encoding="utf-8").lower()
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
            page.add_script_tag(content=axe)
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
            reports[name] = {
                "errors": visit.errors,
                "other hosts": visit.foreign,
                "charts": charts,
                "light": [v for v in light if v["impact"] in BLOCKING],
                "dark": [v for v in dark if v["impact"] in BLOCKING],
            }
    return reports


@pytest.fixture(scope="module")
def audit(request: pytest.FixtureRequest, browser, site: Path, site_url: str) -> dict[str, dict]:
    """The audit of the half of the site that the requesting test file names in HALF."""
    return _audit(browser, site, site_url, request.module.HALF)


def test_every_page_loads_cleanly_and_stays_local(audit: dict) -> None:
    assert len(audit) >= 15, "the audit visited too few pages to be covering the site"
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


