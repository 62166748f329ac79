"""The built site in headless Chromium: no errors, no third-party requests, working charts."""

from __future__ import annotations

import gzip
import re
from pathlib import Path
from urllib.parse import urlparse

from support import ROOT, PageVisit

from aigov import rules
from aigov.labs import base_rates as baserates


def _bring_charts(page) -> None:
    """Scroll to the first chart: the chart code loads when a chart nears the screen."""
    page.locator("figure.aigov-chart").first.scroll_into_view_if_needed()
    page.locator("figure.aigov-chart svg.marks").first.wait_for(timeout=15000)


def _first_chart(visit: PageVisit):
    """The page's first chart, scrolled to (which loads the chart code) and drawn."""
    figure = visit.page.locator("figure.aigov-chart").first
    figure.scroll_into_view_if_needed()
    figure.locator("svg.marks").wait_for()
    return figure


def _chart_with(visit: PageVisit, control: str):
    """The page's first chart that has ``control`` (a CSS selector), scrolled to and drawn."""
    _bring_charts(visit.page)
    figure = visit.page.locator("figure.aigov-chart", has=visit.page.locator(control)).first
    figure.scroll_into_view_if_needed()
    figure.locator("svg.marks").wait_for()
    return figure


def _svg_text(figure) -> str:
    return " ".join(figure.locator("svg text").evaluate_all("ts => ts.map(t => t.textContent)"))


def _mark_labels(figure, role: str) -> list[str]:
    """The accessible labels of a chart's marks of one kind ('bar', 'point', 'text mark')."""
    return figure.locator(f"svg [aria-roledescription='{role}']").evaluate_all(
        "ms => ms.map(m => m.getAttribute('aria-label'))"
    )


def _wait_for_marks_to_change(figure, role: str, before: list[str]) -> None:
    """Wait until the labels of a chart's marks of one kind differ from ``before``: it has redrawn."""
    figure.page.wait_for_function(
        """([f, role, before]) => {
            const now = [...f.querySelectorAll(`svg [aria-roledescription='${role}']`)].map(m => m.getAttribute('aria-label'));
            return now.length !== before.length || now.some((label, i) => label !== before[i]);
        }""",
        arg=[figure.element_handle(), role, before],
    )


LAB = "chapters/strategy/lab-policy-timeline.html"


def test_growth_slider_recomputes_the_projection(browser, site_url: str) -> None:
    with PageVisit(browser, f"{site_url}/{LAB}") as visit:
        figure = _chart_with(visit, "input[type=range]")
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
        figure = _chart_with(visit, "select")
        points = figure.locator("svg path[aria-roledescription='point']")

        def dimmed() -> int:
            return sum(1 for o in points.evaluate_all("ps => ps.map(p => p.getAttribute('opacity'))") if o == "0.15")

        assert points.count() > 20
        assert dimmed() == 0
        figure.locator("select").select_option(label="ethics")
        visit.page.wait_for_function(
            "f => [...f.querySelectorAll(\"svg path[aria-roledescription='point']\")].some(p => p.getAttribute('opacity') === '0.15')",
            arg=figure.element_handle(),
        )
        assert 0 < dimmed() < points.count()


def test_charts_work_with_networking_disabled(browser, site: Path, tmp_path: Path) -> None:
    """Opened from disk in a context with the network off, the lab still draws and reacts."""
    context = browser.new_context(offline=True, viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    try:
        page.goto((site / LAB).as_uri(), wait_until="load")
        _bring_charts(page)
        figure = page.locator("figure.aigov-chart", has=page.locator("input[type=range]")).first
        figure.locator("svg.marks").wait_for(timeout=15000)
        figure.locator("input[type=range]").fill("0.3")
        page.wait_for_function(
            "f => f.querySelector('svg').textContent.includes('bn: met')", arg=figure.element_handle()
        )
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
    return [int(label.rsplit(":", 1)[1]) for label in _mark_labels(figure, "bar")]


def test_picking_documents_changes_the_theme_counts(browser, site_url: str) -> None:
    with PageVisit(browser, f"{site_url}/{ETHICS_LAB}") as visit:
        figure = _first_chart(visit)
        before = _bar_counts(figure)
        assert len(before) >= 10 and max(before) > 1
        labels_before = _mark_labels(figure, "bar")
        figure.locator("svg path[aria-roledescription='rect mark']").first.click()
        _wait_for_marks_to_change(figure, "bar", labels_before)
        after = _bar_counts(figure)
        assert max(after) == 1, "with one document picked, no theme can be covered more than once"
        assert sum(after) < sum(before)
        assert visit.errors == []


def test_resolution_buttons_redraw_the_uniqueness_line(browser, site_url: str) -> None:
    with PageVisit(browser, f"{site_url}/{REID_LAB}") as visit:
        figure = _first_chart(visit)
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
    """The chart recomputes in the browser with the same result as aigov.labs.base_rates."""
    with PageVisit(browser, f"{site_url}/{BASE_RATE_LAB}") as visit:
        figure = _first_chart(visit)
        start = baserates.expected_alerts(baserates.WatchListInputs(100_000, 10_000, 10, 0.9, 1e-5))
        assert f"{start.share_correct:.2%} of alerts are correct" in _svg_text(figure)
        sliders = figure.locator("input[type=range]")
        sliders.nth(0).fill("3")  # 10^3 faces a day
        sliders.nth(1).fill("-8")  # false-match rate 1e-8
        moved = baserates.expected_alerts(baserates.WatchListInputs(1_000, 10_000, 10, 0.9, 1e-8))
        expected = f"{moved.share_correct:.2%} of alerts are correct"
        visit.page.wait_for_function(
            "([f, t]) => f.querySelector('svg').textContent.includes(t)", arg=[figure.element_handle(), expected]
        )
        assert f"{moved.true_alerts:,.1f} true and {moved.false_alerts:,.1f} false alerts a day" in _svg_text(figure)
        assert visit.errors == []


def test_watch_list_slider_moves_by_keyboard_from_10000_to_100(browser, site_url: str) -> None:
    with PageVisit(browser, f"{site_url}/{BASE_RATE_LAB}") as visit:
        figure = _first_chart(visit)
        slider = figure.get_by_label("Entries on the watch list, as a power of ten (4 = 10,000):")
        slider.focus()
        for _ in range(4):
            visit.page.keyboard.press("ArrowLeft")
        moved = baserates.expected_alerts(baserates.WatchListInputs(100_000, 100, 10, 0.9, 1e-5))
        expected = f"{moved.true_alerts:,.1f} true and {moved.false_alerts:,.1f} false alerts a day"
        visit.page.wait_for_function(
            "([f, t]) => f.querySelector('svg').textContent.includes(t)", arg=[figure.element_handle(), expected]
        )
        assert visit.errors == []


# --- case studies: each chart reacts in the browser as the Python behind it computes -----


def _wait_for_text(visit: PageVisit, figure, text: str) -> None:
    visit.page.wait_for_function(
        "([f, t]) => f.querySelector('svg').textContent.includes(t)", arg=[figure.element_handle(), text], timeout=10000
    )


def test_station_case_crowd_slider(browser, site_url: str) -> None:
    with PageVisit(browser, f"{site_url}/casestudies/railway-station-watchlist.html") as visit:
        figure = _first_chart(visit)
        figure.locator("input[type=range]").first.fill("6")
        moved = baserates.expected_alerts(baserates.WatchListInputs(1_000_000, 10_000, 10, 0.9, 1e-6))
        _wait_for_text(visit, figure, f"{moved.share_correct:.2%} of alerts are correct")
        assert visit.errors == []


def test_demographic_case_threshold_slider(browser, site_url: str) -> None:
    from aigov.cases import demographic_differentials as demographics

    with PageVisit(browser, f"{site_url}/casestudies/demographic-differentials.html") as visit:
        figure = _first_chart(visit)
        figure.locator("input[type=range]").first.fill("55")
        ratio = demographics.rates(55).set_index("key")["fmr_vs_lowest"]["B-women"]
        _wait_for_text(visit, figure, f"{ratio:.1f}× as frequent")
        assert visit.errors == []


def test_principles_case_menus_filter_the_pairings(browser, site_url: str) -> None:
    from aigov import data
    from aigov.cases import principles_versus_practice as principles_practice

    table = data.load("principles_practice")
    label = principles_practice.principle_label("MOST", "respect for privacy")
    expected = len(principles_practice.filter_pairings(table, principle=label))
    with PageVisit(browser, f"{site_url}/casestudies/principles-versus-practice.html") as visit:
        figure = _first_chart(visit)
        figure.locator("select").first.select_option(label=label)
        _wait_for_text(visit, figure, f"{expected} pairings match")
        assert expected < len(table)
        assert visit.errors == []


def test_duties_case_company_menu(browser, site_url: str) -> None:
    from aigov import data
    from aigov.cases import who_must_hand_over_data as legal_duties

    duties = data.load("legal_duties")
    # The chart counts provisions, not table rows: an article with two duties is one provision.
    binding = len(legal_duties.provisions(legal_duties.lookup(duties, "individual")))
    total = len(legal_duties.provisions(duties))
    with PageVisit(browser, f"{site_url}/casestudies/who-must-hand-over-data.html") as visit:
        figure = _first_chart(visit)
        figure.locator("select").first.select_option(label=legal_duties.COMPANY_TYPES["individual"].label)
        _wait_for_text(visit, figure, f"{binding} of {total} provisions")
        assert visit.errors == []


def test_exports_case_view_menu(browser, site_url: str) -> None:
    with PageVisit(browser, f"{site_url}/casestudies/exporting-surveillance.html") as visit:
        figure = _first_chart(visit)
        before = _svg_text(figure)
        figure.locator("select").first.select_option(label="with Belt and Road share")
        _wait_for_text(visit, figure, "Belt and Road")
        assert _svg_text(figure) != before
        assert visit.errors == []


def test_leak_case_resolution_buttons(browser, site_url: str) -> None:
    with PageVisit(browser, f"{site_url}/casestudies/reidentification-after-a-leak.html") as visit:
        figure = _first_chart(visit)
        figure.locator("input[type=radio][value='4']").check()
        _wait_for_text(visit, figure, "leak at 4 × 4 cells")
        assert visit.errors == []


def _park_verdicts_shown(figure) -> dict[str, str]:
    """Each regime's verdict in the park chart's top panel, read from its text marks' labels
    ('column: verdict; regime: CAC 2025; verdict: prohibited')."""
    shown = {}
    for label in _mark_labels(figure, "text mark"):
        fields = dict(part.partition(": ")[::2] for part in label.split("; "))
        if fields.get("column") == "verdict":
            shown[fields["regime"]] = fields["verdict"]
    return shown


def test_park_case_checkboxes(browser, site_url: str) -> None:
    """Ticking a box changes the verdicts shown to those the engine gives the changed park."""
    from aigov.cases import hangzhou_safari_park as cases

    engine = rules.load_rules()

    def verdicts(changes: list[str]) -> dict[str, str]:
        findings = rules.assess(cases.apply_changes(cases.park_scenario(), changes), rules=engine)
        return {regime["short_name"]: rules.verdict(findings, regime["id"], engine) for regime in engine.regimes}

    change = "alternative"
    letter, label, _ = cases.PARK_CHANGES[change]
    with PageVisit(browser, f"{site_url}/casestudies/hangzhou-safari-park.html") as visit:
        figure = _first_chart(visit)
        before = _park_verdicts_shown(figure)
        assert before == verdicts([])
        labels_before = _mark_labels(figure, "text mark")
        figure.get_by_label(f"{letter}: {label}", exact=True).check()
        _wait_for_marks_to_change(figure, "text mark", labels_before)
        after = _park_verdicts_shown(figure)
        assert after == verdicts([change])
        assert after != before
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


def _first_visit_gzip_kb(browser, url: str) -> dict[str, int]:
    """Every file a first visit to ``url`` downloads, without scrolling, by path: its size gzip-compressed."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sizes: dict[str, int] = {}

    def record(response) -> None:
        if response.status < 300:  # a redirect has no body
            sizes.setdefault(urlparse(response.url).path, len(gzip.compress(response.body(), 6)))

    page.on("response", record)
    page.goto(url, wait_until="networkidle")
    context.close()
    return sizes


def test_a_text_page_first_visit_stays_under_200_kb(browser, site_url: str) -> None:
    # The chapter with the longest text (its HTML alone is about 60 kB gzip) and no chart.
    sizes = _first_visit_gzip_kb(browser, f"{site_url}/chapters/surveillance/index.html")
    assert not any(path.endswith("searchindex.js") for path in sizes)
    assert sum(sizes.values()) <= 200_000, sorted(sizes.items(), key=lambda item: -item[1])[:5]


def test_a_chart_page_first_visit_before_its_charts_stays_under_250_kb(browser, site_url: str) -> None:
    sizes = _first_visit_gzip_kb(browser, f"{site_url}/{LAB}")
    without_charts = {path: size for path, size in sizes.items() if not re.search(r"/aigov/charts-\w+\.js$", path)}
    assert sum(without_charts.values()) <= 250_000, sorted(without_charts.items(), key=lambda item: -item[1])[:5]


REGISTRY_LAB = "chapters/algorithms-generative-ai/lab-filing-registry.html"


def test_registry_growth_menu_shows_one_kind_with_the_tables_totals(browser, site_url: str) -> None:
    """The growth chart labels each point with its running total; the menu keeps only the chosen kind's."""
    from aigov import data
    from aigov.labs import filing_registry as registry

    filings = data.load("genai_filings")
    kind = "generative AI services filed"
    chosen = filings[filings["kind"] == kind].sort_values("as_of")
    # Expected from the CSV: "more than N" where the source says so, else the number.
    expected = sorted(
        f"more than {int(n):,}" if q == "more than" else f"{int(n):,}"
        for n, q in zip(chosen["cumulative"], chosen["count_qualifier"])
    )
    with PageVisit(browser, f"{site_url}/{REGISTRY_LAB}") as visit:
        figure = _chart_with(visit, "select")

        def totals_shown() -> list[str]:
            return sorted(label.rsplit(": ", 1)[1] for label in _mark_labels(figure, "text mark"))

        assert len(totals_shown()) == int(registry.running_totals(filings)["total"].notna().sum())
        before = _mark_labels(figure, "text mark")
        figure.locator("select").select_option(label=kind)
        _wait_for_marks_to_change(figure, "text mark", before)
        assert totals_shown() == expected
        assert visit.errors == []


def test_registry_province_slider_states_the_top_share(browser, site_url: str) -> None:
    from aigov import data
    from aigov.labs import filing_registry as registry

    filings, provinces = data.load("genai_filings"), data.load("deep_synthesis_by_province")
    total = registry.latest_stated_total(filings, "deep-synthesis algorithms")
    held = int(provinces["algorithms"].astype(int).nlargest(2).sum())
    with PageVisit(browser, f"{site_url}/{REGISTRY_LAB}") as visit:
        figure = _chart_with(visit, "input[type=range]")
        figure.locator("input[type=range]").fill("2")
        _wait_for_text(visit, figure, f"The top 2 provinces hold {held:,} of {total:,}")
        assert visit.errors == []


def test_chatbot_case_month_and_review_controls(browser, site_url: str) -> None:
    """Picking a month and a review time shows the wait the Python model computes for them."""
    from aigov import data
    from aigov.cases import launching_a_chatbot as chatbot

    filings = data.load("genai_filings")
    expected = chatbot.first_list_after(filings, "2023-07-01", 2)
    assert "January 2024" in expected["listed"]
    with PageVisit(browser, f"{site_url}/casestudies/launching-a-chatbot.html") as visit:
        figure = _first_chart(visit)
        figure.locator("select").select_option(value="2023-07")
        figure.locator("input[type=range]").fill("2")
        _wait_for_text(visit, figure, expected["listed"])
        assert expected["when"] in _svg_text(figure)
        assert visit.errors == []


def test_a_wide_chart_on_a_phone_says_it_scrolls_and_keeps_its_sliders_in_view(browser, site_url: str) -> None:
    with PageVisit(browser, f"{site_url}/{BASE_RATE_LAB}") as visit:
        figure = _first_chart(visit)
        hint = figure.locator(".aigov-chart-scroll-hint")
        assert hint.is_hidden(), "at 1280 px the chart fits the text column"
        visit.page.set_viewport_size({"width": 390, "height": 800})
        hint.wait_for(state="visible")
        assert figure.evaluate("f => f.scrollWidth > f.clientWidth")
        slider = figure.get_by_label("Entries on the watch list, as a power of ten (4 = 10,000):")
        figure.evaluate("f => { f.scrollLeft = f.scrollWidth; }")
        box = slider.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
        assert visit.errors == []
