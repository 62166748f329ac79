"""The case studies' code (aigov.cases): hand-checked values, charts drawn as Vega draws them, widgets, bad input."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest
import vl_convert

from aigov import rules
from aigov.cases import hangzhou_safari_park as safari
from aigov.cases import railway_station_watchlist as station
from aigov.cases import reidentification_after_a_leak as leak
from aigov.labs import base_rates as baserates
from aigov.labs import unique_in_the_crowd as reid


def _svg_text(chart) -> str:
    """The words a reader sees in a chart, as Vega draws it (so browser formulas are tested too)."""
    svg = vl_convert.vegalite_to_svg(chart.to_dict())
    texts = re.findall(r"<text[^>]*>(.*?)</text>", svg, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", "\n", t) for t in texts).replace("&amp;", "&")


# --- 1. The Hangzhou safari park ---------------------------------------------------------


@pytest.fixture(scope="module")
def park_grid() -> pd.DataFrame:
    return safari.park_grid()


def test_each_change_sets_its_field_and_names_the_variant() -> None:
    park = safari.park_scenario()
    assert park["alternative_offered"] is False and park["consent"] == "general" and park["storage"] == "networked"
    changed = safari.apply_changes(park, ["storage", "alternative", "consent", "retention"])
    assert changed["alternative_offered"] is True
    assert changed["consent"] == "separate"
    assert changed["retention_days"] == 1825
    assert changed["storage"] == "on_device"
    assert changed["name"].endswith("(ACRS)")
    assert safari.apply_changes(park, [])["name"] == park["name"]
    assert safari.variant_code(["consent", "alternative"]) == "AC"
    assert safari.variant_code([]) == "none"
    assert park["retention_days"] == 365, "the worked scenario itself is not changed"


def test_unknown_change_is_refused_with_the_choices() -> None:
    with pytest.raises(ValueError, match="unknown change\\(s\\) 'delete'; choose from: alternative, consent, retention, storage"):
        safari.apply_changes(safari.park_scenario(), ["delete"])


def test_park_grid_covers_every_combination_and_regime(park_grid: pd.DataFrame) -> None:
    engine = rules.load_rules()
    assert len(park_grid) == 16 * len(engine.regimes)
    assert park_grid["variant"].nunique() == 16
    assert park_grid.groupby("variant").size().eq(len(engine.regimes)).all()
    assert park_grid["variant"].iloc[0] == "none" and park_grid["variant"].iloc[-1] == "ACRS"
    # The grid agrees with the engine run directly.
    findings = rules.assess(safari.park_scenario(), rules=engine)
    base = park_grid[park_grid["variant"] == "none"].set_index("regime_id")
    for regime in engine.regime_ids:
        assert base.loc[regime, "verdict"] == rules.verdict(findings, regime, engine)


def test_changes_move_the_findings_they_should(park_grid: pd.DataFrame) -> None:
    cell = park_grid.set_index(["variant", "regime_id"])
    # Art. 10 of the 2025 Measures: face-only entry is banned until an alternative is offered.
    assert cell.loc[("none", "cac2025"), "verdict"] == "prohibited"
    assert "no-mandatory-scan" in cell.loc[("none", "cac2025"), "open"]
    assert "no-mandatory-scan" not in cell.loc[("A", "cac2025"), "open"]
    # Storage in the device, or separate consent, meets the storage rule.
    assert "storage" in cell.loc[("none", "cac2025"), "open"]
    assert "storage" not in cell.loc[("S", "cac2025"), "open"]
    assert "storage" not in cell.loc[("C", "cac2025"), "open"]
    # Separate consent lifts the GDPR's Art. 9 ban in the engine's simplified model.
    assert "9-biometric" in cell.loc[("none", "gdpr"), "open"]
    assert "9-biometric" not in cell.loc[("C", "gdpr"), "open"]
    # Keeping face data five years trips BIPA's three-year destruction rule, and only that.
    assert "15a-retention" not in cell.loc[("none", "bipa"), "open"]
    assert "15a-retention" in cell.loc[("R", "bipa"), "open"]
    assert cell.loc[("R", "bipa"), "n_open"] == cell.loc[("none", "bipa"), "n_open"] + 1
    # The AI Act's encoded bans never reach the park.
    assert set(park_grid.loc[park_grid["regime_id"] == "euaiact", "verdict"]) == {"no provision applies"}


def test_verdict_table_has_variants_as_rows(park_grid: pd.DataFrame) -> None:
    table = safari.park_verdicts(park_grid)
    assert table.shape == (16, len(rules.load_rules().regimes))
    assert list(table.index[:5]) == ["none", "A", "C", "R", "S"]
    assert table.loc["none", "CAC 2025"] == "prohibited"


def test_park_chart_has_four_checkboxes_and_draws_the_verdicts(park_grid: pd.DataFrame) -> None:
    chart = safari.park_chart(park_grid)
    spec = chart.to_dict()
    params = {p["name"]: p for p in spec["params"]}
    assert set(params) == {"with_alternative", "with_consent", "with_retention", "with_storage"}
    assert all(p["bind"]["input"] == "checkbox" and p["value"] is False for p in params.values())
    assert "CAC 2025: prohibited" in spec["description"]
    words = _svg_text(chart)
    assert "no-mandatory-scan, consent" in words, "the top panel lists what is still open for the park as reported"
    assert "ACRS" in words and "ban" in words


def test_park_chart_refuses_a_table_that_is_not_the_grid() -> None:
    with pytest.raises(ValueError, match="lacks column\\(s\\) alternative"):
        safari.park_chart(pd.DataFrame({"verdict": ["permitted"]}))


def test_park_widget_recomputes_when_a_box_is_ticked() -> None:
    form = safari.ParkVariants()
    assert "the park as in the scenario file" in form.message.value
    assert "cac2025-no-mandatory-scan" in form.message.value
    assert set(form.result["regime"]) >= {"CAC/MPS Measures (2025)", "GDPR (EU, 2016)"}
    form.boxes["alternative"].value = True
    form.boxes["storage"].value = True
    assert form.chosen() == ["alternative", "storage"]
    assert "changes AS" in form.message.value
    assert "cac2025-no-mandatory-scan" not in form.message.value
    assert "cac2025-storage" not in form.message.value
    assert "<table" in form.view.value


def test_park_widget_refuses_a_malformed_scenario() -> None:
    bad = {**safari.park_scenario(), "consent": "maybe"}
    with pytest.raises(ValueError, match="field 'consent': \"maybe\" is not allowed"):
        safari.ParkVariants(scenario=bad)


# --- 2. A railway-station watch list -------------------------------------------------------


def test_reviewer_hours_hand_checked() -> None:
    # 9 true + 99,990 × (1 − (1 − 1e-5)^10,000) ≈ 9,515.4 false alerts; at 2 minutes each about 317.5 hours.
    day = baserates.expected_alerts(100_000, 10_000, 10, 0.9, 1e-5)
    assert station.reviewer_hours(day, 2) == pytest.approx((9 + 9_515.4) * 2 / 60, rel=1e-4)
    assert station.reviewers_needed(station.reviewer_hours(day, 2)) == pytest.approx(317.48 / 8, rel=1e-3)
    assert station.reviewers_needed(12, shift_hours=6) == 2


@pytest.mark.parametrize(
    ("minutes", "message"),
    [(0, "more than 0 and at most 600; you entered 0"), (-3, "you entered -3"), (601, "at most 600"), ("2", "must be a number"), (math.inf, "must be a number")],
)
def test_bad_minutes_are_refused(minutes: object, message: str) -> None:
    day = baserates.expected_alerts(1000, 10, 1, 0.9, 1e-5)
    with pytest.raises(ValueError, match=re.escape(message)):
        station.reviewer_hours(day, minutes)


def test_break_even_false_match_rate_hand_checked() -> None:
    # Half correct when false alerts equal the 9 true ones: p = 9 / 99,990 per unlisted person,
    # so f = 1 − (1 − p)^(1/10,000) ≈ 9.0013e-9 per comparison (the base-rate lab's exercise).
    even = station.break_even(100_000, 10_000, 10, 0.9, 1e-5)
    p = 9 / 99_990
    assert even.false_match_rate == pytest.approx(1 - (1 - p) ** (1 / 10_000), rel=1e-9)
    assert even.false_match_rate == pytest.approx(9.0013e-9, rel=1e-4)
    check = baserates.expected_alerts(100_000, 10_000, 10, 0.9, even.false_match_rate)
    assert check.share_correct == pytest.approx(0.5, rel=1e-9)


def test_break_even_list_and_listed_people_are_the_turning_points() -> None:
    even = station.break_even(100_000, 10_000, 10, 0.9, 1e-7)
    # n ≤ log(1 − 9/99,990) / log(1 − 1e-7) ≈ 900.1 entries.
    assert even.watchlist == 900
    assert baserates.expected_alerts(100_000, 900, 10, 0.9, 1e-7).share_correct >= 0.5
    assert baserates.expected_alerts(100_000, 901, 10, 0.9, 1e-7).share_correct < 0.5
    # At 1e-5 no list long enough to hold the 10 listed people keeps half the alerts right,
    # but 9,563 listed passers-by a day (about one in ten) would.
    loose = station.break_even(100_000, 10_000, 10, 0.9, 1e-5)
    assert loose.watchlist is None
    assert loose.wanted_in_crowd == 9_563
    assert baserates.expected_alerts(100_000, 10_000, 9_563, 0.9, 1e-5).share_correct >= 0.5
    assert baserates.expected_alerts(100_000, 10_000, 9_562, 0.9, 1e-5).share_correct < 0.5


def test_break_even_edge_cases() -> None:
    assert station.break_even(1000, 100, 1, 0.9, 0.0).watchlist == math.inf
    assert station.break_even(10, 10, 10, 0.9, 0.5).false_match_rate == 1.0
    assert station.break_even(100_000, 10, 10, 0.9, 0.5).wanted_in_crowd is None, "more listed people than the list holds"
    assert station.break_even(1000, 10, 1, 0.9, 1e-3, share=0.9).false_match_rate < station.break_even(1000, 10, 1, 0.9, 1e-3).false_match_rate
    for share in (0, 1, 1.5, "half"):
        with pytest.raises(ValueError, match="target share of correct alerts must be between 0 and 1"):
            station.break_even(1000, 10, 1, 0.9, 1e-3, share=share)
    with pytest.raises(ValueError, match="cannot exceed the entries on the watch list"):
        station.break_even(1000, 10, 11, 0.9, 1e-3)


def test_review_table_and_its_display() -> None:
    table = station.review_table(10_000, 10, 0.9, 1e-6, minutes_per_alert=2)
    assert table["crowd"].tolist() == list(station.STATION_CROWDS)
    assert (table["reviewers"] == table["reviewer_hours"] / 8).all()
    assert table["reviewer_hours"].is_monotonic_increasing
    assert table.loc[1, "reviewer_hours"] == pytest.approx((9 + 99_990 * (1 - (1 - 1e-6) ** 10_000)) * 2 / 60)
    shown = station.format_review_table(table)
    assert shown.loc[1, "Faces scanned per day"] == "100,000"
    assert shown.loc[1, "False-match rate for half correct"] == "9.0e-09"


def test_review_chart_computes_in_the_browser_what_python_computes() -> None:
    chart = station.review_chart(watchlist=10_000, wanted_in_crowd=10, true_match_rate=0.9, false_match_rate=1e-6, minutes_per_alert=2)
    spec = chart.to_dict()
    assert {p["name"] for p in spec["params"]} == {"minutes", "fmr_log", "list_log", "wanted"}
    assert "illustrative" in spec["title"]["text"]
    words = _svg_text(chart)
    table = station.review_table(10_000, 10, 0.9, 1e-6, 2)
    for row in table.itertuples():
        assert f"{row.crowd:,}" in words
        assert f"{row.reviewer_hours:,.0f}" in words
        assert f"{row.fmr_for_half:.1e}".replace("e-0", "e-") in words
    assert "one reviewer's 8-hour shift" in words


def test_review_chart_needs_rates_it_can_show_as_powers_of_ten() -> None:
    with pytest.raises(ValueError, match="powers of ten"):
        station.review_chart(false_match_rate=0.0)


def test_watchlist_widget_updates_and_refuses_bad_input() -> None:
    form = station.WatchListReview(crowd=100_000, watchlist=10_000, wanted_in_crowd=10, false_match_rate=1e-5, minutes_per_alert=2)
    values = dict(zip(form.result["quantity"], form.result["value"]))
    assert values["Reviewer hours a day"] == "317.5"
    assert values["Listed people who must pass for half correct"] == "9,563"
    assert values["Longest watch list for half correct"] == "not possible"
    assert "317.5 person-hours a day" in form.message.value and "Illustrative" in form.message.value
    form.minutes.value = 6.0
    assert dict(zip(form.result["quantity"], form.result["value"]))["Reviewer hours a day"] == "952.4"
    form.minutes.value = 0.0
    assert form.result is None and form.view.value == ""
    assert "Minutes per alert must be more than 0" in form.message.value
    form.minutes.value = 2.0
    form.wanted.value = 20_000
    assert form.result is None and "cannot exceed the entries on the watch list" in form.message.value


# --- 3. Re-identification after a leak: the linkage attack ----------------------------------


def _traces(rows: list[tuple[int, int, int, int]], grid_size: int = 4) -> reid.Traces:
    return reid.Traces(records=pd.DataFrame(rows, columns=["person", "hour", "x", "y"]), grid_size=grid_size)


# Person 0: home (0, 0) three times, work (3, 3) twice. Person 1 shares the home cell,
# works at (3, 2). Person 2 lives at (0, 1) and once passed (3, 3).
TOWN = [
    (0, 0, 0, 0), (0, 1, 0, 0), (0, 2, 0, 0), (0, 10, 3, 3), (0, 11, 3, 3),
    (1, 0, 0, 0), (1, 1, 0, 0), (1, 2, 0, 0), (1, 10, 3, 2), (1, 11, 3, 2),
    (2, 0, 0, 1), (2, 1, 0, 1), (2, 2, 0, 1), (2, 12, 3, 3),
]  # fmt: skip


def test_known_places_are_the_most_visited_cells() -> None:
    known = leak.known_places(_traces(TOWN), 2)
    zero = known[known["person"] == 0]
    assert zero[["rank", "x", "y", "records"]].values.tolist() == [[1, 0, 0, 3], [2, 3, 3, 2]]
    assert len(leak.known_places(_traces(TOWN), 5)) == 6, "people with fewer places give all of theirs"
    tie = leak.known_places(_traces([(0, 0, 2, 2), (0, 1, 1, 3), (0, 2, 1, 0)]), 1)
    assert tie[["x", "y"]].values.tolist() == [[1, 0]], "ties go to the lower x, then the lower y"


def test_linkage_candidates_hand_checked() -> None:
    town = _traces(TOWN)
    home_only = leak.linkage_candidates(town, 1).set_index("person")["candidates"]
    assert home_only.to_dict() == {0: 2, 1: 2, 2: 1}
    home_and_work = leak.linkage_candidates(town, 2).set_index("person")["candidates"]
    assert home_and_work.to_dict() == {0: 1, 1: 1, 2: 1}
    # Leaked at 2 × 2 cells, (0, 0) and (0, 1) merge, as do (3, 2) and (3, 3): all look alike.
    coarse = leak.linkage_candidates(town, 2, cell_size=2).set_index("person")["candidates"]
    assert coarse.to_dict() == {0: 3, 1: 3, 2: 3}


def test_more_places_narrow_and_coarser_cells_widen_the_candidates() -> None:
    town = reid.synthetic_traces(people=300, seed=5)
    counts = {
        (size, k): leak.linkage_candidates(town, k, size)["candidates"].to_numpy() for size in (1, 2, 4, 8) for k in (1, 2, 3)
    }
    for size in (1, 2, 4, 8):
        assert (counts[(size, 1)] >= counts[(size, 2)]).all() and (counts[(size, 2)] >= counts[(size, 3)]).all()
    for k in (1, 2, 3):
        assert (counts[(1, k)] <= counts[(2, k)]).all() and (counts[(2, k)] <= counts[(4, k)]).all()
    assert min(c.min() for c in counts.values()) >= 1, "the target is always among the candidates"


@pytest.mark.parametrize(("count", "band"), [(1, "1 (singled out)"), (2, "2–5"), (5, "2–5"), (6, "6–20"), (20, "6–20"), (21, "21–100"), (100, "21–100"), (101, "over 100")])
def test_candidate_bands(count: int, band: str) -> None:
    assert leak.candidate_band(count) == band


def test_linkage_refuses_bad_input() -> None:
    town = _traces(TOWN)
    with pytest.raises(ValueError, match="at least 1"):
        leak.candidate_band(0)
    with pytest.raises(ValueError, match="Known places must be between 1 and 20; you entered 0"):
        leak.linkage_candidates(town, 0)
    with pytest.raises(ValueError, match="Cell size must be between 1 and 4; you entered 8"):
        leak.linkage_candidates(town, 1, cell_size=8)
    with pytest.raises(ValueError, match="original resolution"):
        leak.linkage_candidates(reid.coarsen(town, 2), 1)
    with pytest.raises(ValueError, match="no records"):
        leak.known_places(_traces([]), 1)
    with pytest.raises(ValueError, match="Traces object"):
        leak.known_places(pd.DataFrame(TOWN), 1)


def test_linkage_grid_and_chart_agree() -> None:
    town = reid.synthetic_traces(people=200, seed=7)
    grid = leak.linkage_grid(town, places=(1, 2, 3), cell_sizes=(1, 4))
    assert len(grid) == 2 * 3 * len(leak.CANDIDATE_BANDS)
    assert grid.groupby(["cell_size", "places"])["share"].sum().round(9).eq(1).all()
    summary = leak.linkage_summary(leak.linkage_candidates(town, 2, 1))
    chart = leak.linkage_chart(grid, people=town.people)
    spec = chart.to_dict()
    assert {p["name"]: p["bind"]["input"] for p in spec["params"]} == {"known": "range", "leak_cell": "radio"}
    assert spec["title"]["text"].startswith("SYNTHETIC DATA")
    words = _svg_text(chart)
    shown = re.search(r"(\d+)% of targets singled out", words)
    assert shown and abs(int(shown[1]) - 100 * summary["singled_out"]) <= 0.5
    with pytest.raises(ValueError, match="lacks column"):
        leak.linkage_chart(grid.drop(columns="band"), people=200)


def test_linkage_widget_updates_and_refuses_bad_input() -> None:
    form = leak.LinkageExplorer(people=150, seed=3)
    assert "of 150 simulated people" in form.message.value and "Synthetic data" in form.message.value
    assert form.result["candidates left"].tolist() == list(leak.CANDIDATE_BANDS)
    expected = leak.linkage_summary(leak.linkage_candidates(reid.synthetic_traces(people=150, seed=3), 2, 1))
    assert f"{expected['singled_out']:.1%}" in form.message.value
    form.cell_size.value = 8
    form.places.value = 1
    assert "Knowing 1 place per target" in form.message.value and "8 × 8 cell(s)" in form.message.value
    form.people.value = 3
    assert form.result is None and "between 10 and 5,000; you entered 3" in form.message.value
    form.people.value = 150
    form.seed.value = -1
    assert form.result is None and "seed must be 0 or more" in form.message.value


def test_verdict_counts_add_up_to_sixteen_per_regime(park_grid: pd.DataFrame) -> None:
    counts = safari.park_verdict_counts(park_grid)
    assert (counts.sum(axis=1) == 16).all()
    assert list(counts.index) == [r["short_name"] for r in rules.load_rules().regimes]
    assert counts.loc["EU AI Act", "no provision applies"] == 16
    assert list(counts.columns) == [v for v in safari.VERDICT_COLOURS if v in counts.columns]


def test_fast_ranking_matches_known_places_and_counts_match_one_by_one() -> None:
    town = reid.synthetic_traces(people=120, seed=11)
    people, _, ranked = leak._ranked_places(town, 4)
    known = leak.known_places(town, 4)
    expected = {(p, r): x * town.grid_size + y for p, r, x, y in known[["person", "rank", "x", "y"]].itertuples(index=False)}
    got = {(int(p), r + 1): int(c) for p, row in zip(people, ranked) for r, c in enumerate(row) if c >= 0}
    assert got == expected
    counts = leak.linkage_counts(town, places=(1, 3), cell_sizes=(2,))
    one = leak.linkage_candidates(town, 3, cell_size=2)
    assert counts.query("places == 3")["candidates"].tolist() == one["candidates"].tolist()
    with pytest.raises(ValueError, match="at least one"):
        leak.linkage_counts(town, places=(), cell_sizes=(1,))
