"""Calculations and charts of the strategy lab."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest

from aigov import data
from aigov.labs import policy_timeline as strategy


def test_growth_rate_hand_checked() -> None:
    # 100 -> 121 in two years is 10 % a year: 100 * 1.1 * 1.1 = 121.
    assert strategy.annual_growth_rate(100, 121, 2) == pytest.approx(0.10)
    assert strategy.annual_growth_rate(50, 50, 7) == 0
    assert strategy.annual_growth_rate(100, 25, 2) == pytest.approx(-0.5)


def test_project_inverts_growth_rate() -> None:
    rate = strategy.annual_growth_rate(150, 1000, 10)
    assert strategy.project(150, rate, 10) == pytest.approx(1000)
    assert strategy.project(150, 0.2, 0) == 150


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((0, 100, 5), "start_value must be more than 0; you entered 0"),
        ((-5, 100, 5), "start_value must be more than 0; you entered -5"),
        ((100, 0, 5), "end_value must be more than 0; you entered 0"),
        ((100, 200, 0), "years must be more than 0; you entered 0"),
        ((100, float("nan"), 5), "end_value must be a number more than 0; you entered nan"),
        (("100", 200, 5), "start_value must be a number more than 0; you entered '100'"),
        ((True, 200, 5), "start_value must be a number more than 0; you entered True"),
    ],
)
def test_growth_rate_rejects_bad_input(args: tuple, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        strategy.annual_growth_rate(*args)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((100, -1, 3), "rate must be more than -1 (-1 would be a loss of everything); you entered -1"),
        ((100, math.inf, 3), "rate must be a number more than -1"),
        ((100, 0.1, -1), "years must be"),
    ],
)
def test_project_rejects_bad_input(args: tuple, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        strategy.project(*args)


def test_implied_growth_of_a_small_table() -> None:
    table = pd.DataFrame(
        {"year": [2030, 2020, 2025], "measure": ["m", "m", "m"], "target_rmb_bn": [400.0, 100.0, 200.0]}
    )
    growth = strategy.implied_growth(table)
    assert list(growth["period"]) == ["2020–2025", "2025–2030"]
    assert list(growth["multiple"]) == [2.0, 2.0]
    assert growth["annual_growth"].iloc[0] == pytest.approx(2 ** (1 / 5) - 1)


def test_implied_growth_needs_its_columns() -> None:
    with pytest.raises(ValueError, match="lacks the column.*target_rmb_bn"):
        strategy.implied_growth(pd.DataFrame({"year": [2020], "measure": ["m"]}))


def test_growth_table_formats_for_readers() -> None:
    table = pd.DataFrame({"year": [2020, 2025], "measure": ["m", "m"], "target_rmb_bn": [150.0, 400.0]})
    formatted = strategy.growth_table(strategy.implied_growth(table))
    assert formatted.iloc[0].to_dict() == {
        "Target for": "m",
        "Period": "2020–2025",
        "From (bn RMB)": "150",
        "To (bn RMB)": "400",
        "Times larger": "2.67",
        "Growth per year": "21.7%",
    }


def test_timeline_marks_documents_without_exact_dates() -> None:
    documents = data.load("policy_documents")
    table = strategy.timeline_table(documents)
    undated = table[~table["date_known"]]
    assert len(undated) > 0
    assert (undated["when"].dt.month == 7).all()
    assert undated["date_label"].str.endswith("(the sources give only the year)").all()
    aidp = table.set_index("id").loc["aidp"]
    assert aidp["date_label"] == "20 July 2017"


def test_timeline_chart_has_controls_and_description() -> None:
    spec = strategy.timeline_chart(data.load("policy_documents")).to_dict()
    names = {p["name"] for p in spec["params"]}
    assert {"highlight_category", "zoom"} <= names
    assert "policy documents" in spec["description"]


def test_chart_descriptions_and_axes_follow_the_tables() -> None:
    targets = data.load("aidp_targets")
    spec = strategy.targets_chart(targets).to_dict()
    assert "150 billion yuan in 2020, 400 billion in 2025 and 1,000 billion in 2030" in spec["description"]
    assert "meets the 2025 and 2030 targets" in spec["description"]
    changed = targets.assign(target_rmb_bn=targets["target_rmb_bn"].where(targets["year"] != 2030, 1200.0))
    spec = strategy.targets_chart(changed).to_dict()
    assert "1,200 billion in 2030" in spec["description"]
    assert spec["layer"][0]["encoding"]["y"]["scale"]["domain"] == [0, 1920]
    documents = data.load("policy_documents")
    spec = strategy.timeline_chart(documents[documents["year"] <= 2023]).to_dict()
    assert (
        "from 2015 to 2023" in spec["description"]
        and "ethics documents and standards in 2018 to 2023" in spec["description"]
    )
    assert spec["layer"][1]["encoding"]["x"]["scale"]["domain"] == ["2014-07-01", "2024-07-01"]


def test_targets_chart_has_slider_and_needs_a_base_year() -> None:
    targets = data.load("aidp_targets")
    spec = strategy.targets_chart(targets).to_dict()
    growth = next(p for p in spec["params"] if p["name"] == "growth")
    assert growth["bind"]["input"] == "range"
    with pytest.raises(ValueError, match="no core AI industry target for 2019"):
        strategy.targets_chart(targets, start_year=2019)
    with pytest.raises(ValueError, match="no 'core AI industry' rows"):
        strategy.targets_chart(targets[targets["measure"] != "core AI industry"])


def _claims(rows: list[tuple]) -> pd.DataFrame:
    """A small outcomes table: (id, year, figure, claimant, kind, reported)."""
    return pd.DataFrame(
        [
            {
                "id": claim_id,
                "year": year,
                "as_of": f"{year} (full year)",
                "figure_kind": "full year",
                "figure_rmb_bn": figure,
                "qualifier": "over",
                "measure_reported": "core AI industry",
                "firms": pd.NA,
                "claimant": claimant,
                "claimant_kind": kind,
                "spokesperson": None,
                "venue": "a conference",
                "reported_by": "an outlet",
                "date_reported": pd.Timestamp(reported),
                "source": "flia2017aidp",
                "caveat": "none",
            }
            for claim_id, year, figure, claimant, kind, reported in rows
        ]
    ).astype({"firms": "Int64"})


SMALL_TARGETS = pd.DataFrame(
    {"year": [2020, 2025], "measure": ["core AI industry"] * 2, "target_rmb_bn": [100.0, 200.0], "source": ["x"] * 2}
)


def test_compare_with_targets_sets_each_claim_against_its_year() -> None:
    claims = _claims(
        [
            ("a", 2019, 50.0, "Ministry", "government", "2020-01-01"),
            ("b", 2020, 80.0, "Ministry", "government", "2021-01-01"),
            ("c", 2020, 250.0, "Institute", "research institute", "2021-06-01"),
            ("d", 2025, 200.0, "Ministry", "government", "2026-01-01"),
        ]
    )
    compared = strategy.compare_with_targets(claims, SMALL_TARGETS).set_index("id")
    # 2019 has no target, so claim "a" is left out.
    assert list(compared.index) == ["b", "c", "d"]
    assert compared.loc["b", "multiple_of_target"] == pytest.approx(0.8)
    assert not compared.loc["b", "at_or_above_target"]
    assert compared.loc["c", "multiple_of_target"] == pytest.approx(2.5)
    # Exactly on the target counts as meeting it: the plan's targets are floors.
    assert compared.loc["d", "at_or_above_target"]


def test_compare_with_targets_keeps_forecasts_and_part_years_apart() -> None:
    claims = _claims(
        [
            ("full", 2025, 250.0, "Ministry", "government", "2026-03-01"),
            ("early", 2025, 210.0, "Planners", "government", "2025-05-29"),
            ("guess", 2025, 300.0, "Institute", "research institute", "2025-12-15"),
        ]
    )
    claims["figure_kind"] = ["full year", "part of a year", "forecast"]
    compared = strategy.compare_with_targets(claims, SMALL_TARGETS).set_index("id")
    # All three read as above the target, but only the full-year figure can show it was met.
    assert compared["at_or_above_target"].all()
    assert list(compared.index[compared["full_year"]]) == ["full"]
    assert compared.loc["guess", "figure_kind"] == "forecast"
    with pytest.raises(ValueError, match="lacks the column.*figure_kind"):
        strategy.compare_with_targets(claims.drop(columns="figure_kind"), SMALL_TARGETS)


def test_real_outcomes_label_forecasts_and_part_year_figures() -> None:
    outcomes = data.load("aidp_outcomes").set_index("id")
    # Said to be "expected": forecasts, not results.
    assert (outcomes.loc[outcomes["qualifier"] == "expected over", "figure_kind"] == "forecast").all()
    # The NDRC spoke in May 2025 about the value "by April": part of the year only.
    assert outcomes.loc["ndrc-2025-04", "figure_kind"] == "part of a year"
    compared = strategy.compare_with_targets(outcomes.reset_index(), data.load("aidp_targets"))
    full_2025 = compared[(compared["year"] == 2025) & compared["full_year"]]
    assert "ndrc-2025-04" not in set(full_2025["id"])
    assert not full_2025["id"].str.contains("forecast|jan").any()


def test_same_year_spread_measures_disagreement() -> None:
    claims = _claims(
        [
            ("a", 2019, 50.0, "Ministry", "government", "2020-01-01"),
            ("b", 2025, 1000.0, "Ministry", "government", "2025-12-26"),
            ("c", 2025, 1200.0, "Ministry", "government", "2026-03-05"),
            ("d", 2025, 600.0, "Planners", "government", "2025-05-29"),
        ]
    )
    spread = strategy.same_year_spread(claims)
    assert list(spread["year"]) == [2025]
    row = spread.iloc[0]
    assert row["claims"] == 3
    assert (row["lowest_rmb_bn"], row["highest_rmb_bn"]) == (600.0, 1200.0)
    assert row["highest_over_lowest"] == pytest.approx(2.0)
    # Each claimant named once, in the order of the table.
    assert row["claimants"] == "Ministry; Planners"


def test_outcomes_need_their_columns_and_core_targets() -> None:
    with pytest.raises(ValueError, match="lacks the column.*figure_rmb_bn"):
        strategy.same_year_spread(pd.DataFrame({"year": [2020], "claimant": ["x"]}))
    claims = _claims([("a", 2020, 80.0, "Ministry", "government", "2021-01-01")])
    with pytest.raises(ValueError, match="no 'core AI industry' rows"):
        strategy.compare_with_targets(claims, SMALL_TARGETS.assign(measure="related industries"))


def test_outcomes_chart_places_same_year_claims_side_by_side() -> None:
    claims = _claims(
        [
            ("b", 2020, 80.0, "Ministry", "government", "2021-01-01"),
            ("c", 2020, 250.0, "Institute", "research institute", "2021-06-01"),
        ]
    )
    spec = strategy.outcomes_chart(claims, SMALL_TARGETS).to_dict()
    rows = spec["datasets"][spec["layer"][2]["data"]["name"]]
    positions = {row["id"]: row["position"] for row in rows}
    assert positions["b"] < 2020 < positions["c"]
    assert positions["c"] - positions["b"] == pytest.approx(strategy.SAME_YEAR_SPACING)
    names = {p["name"] for p in spec["params"]}
    assert "highlight_claimant" in names


def test_outcomes_chart_description_follows_the_data() -> None:
    targets = data.load("aidp_targets")
    outcomes = data.load("aidp_outcomes")
    description = strategy.outcomes_chart(outcomes, targets).to_dict()["description"]
    assert f"Chart of {len(outcomes)} reported figures" in description
    compared = strategy.compare_with_targets(outcomes, targets)
    full_year = compared[compared["full_year"]]
    for year, group in full_year.groupby("year"):
        target = group["target_rmb_bn"].iloc[0]
        assert f"{year} (target {target:,.0f}), {len(group)} figure" in description
    assert f"{int((~compared['full_year']).sum())} forecasts and part-year figures" in description
    # A made-up claim below the 2025 target changes the verdict the description gives.
    low = outcomes.iloc[[0]].assign(id="low", year=2025, figure_rmb_bn=300.0)
    changed = strategy.outcomes_chart(pd.concat([outcomes, low]), targets).to_dict()["description"]
    above = int(full_year[full_year["year"] == 2025]["at_or_above_target"].sum())
    assert f"{above} of them at or above the target" in changed.split("2025 (target 400)")[1]
    assert "to 1,200 billion" in changed and "300 to" in changed


def test_outcomes_table_shows_every_caveat() -> None:
    outcomes = data.load("aidp_outcomes")
    table = strategy.outcomes_table(outcomes)
    assert len(table) == len(outcomes)
    assert set(table["Caveat"]) == set(outcomes["caveat"])
    assert table["Year"].is_monotonic_increasing
    assert "expected over 1,200 bn RMB" in set(table["Figure"])
    assert "6,425" in set(table["AI firms (most say 'over')"])
