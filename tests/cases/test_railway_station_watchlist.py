"""The railway-station watch list case (aigov.cases.railway_station_watchlist): hand-checked reviewer load and break-even points, the chart, the live form."""

from __future__ import annotations

import math
import re

import pytest
from support import vega_svg_text

from aigov.cases import railway_station_watchlist as station
from aigov.labs import base_rates as baserates


def test_reviewer_hours_hand_checked() -> None:
    # 9 true + 99,990 × (1 − (1 − 1e-5)^10,000) ≈ 9,515.4 false alerts; at 2 minutes each about 317.5 hours.
    day = baserates.expected_alerts(baserates.WatchListInputs(100_000, 10_000, 10, 0.9, 1e-5))
    assert station.reviewer_hours(day, 2) == pytest.approx((9 + 9_515.4) * 2 / 60, rel=1e-4)
    assert station.reviewers_needed(station.reviewer_hours(day, 2)) == pytest.approx(317.48 / 8, rel=1e-3)
    assert station.reviewers_needed(12, shift_hours=6) == 2


@pytest.mark.parametrize(
    ("minutes", "message"),
    [
        (0, "more than 0 and at most 600; you entered 0"),
        (-3, "you entered -3"),
        (601, "at most 600"),
        ("2", "must be a number"),
        (math.inf, "must be a number"),
    ],
)
def test_bad_minutes_are_refused(minutes: object, message: str) -> None:
    day = baserates.expected_alerts(baserates.WatchListInputs(1000, 10, 1, 0.9, 1e-5))
    with pytest.raises(ValueError, match=re.escape(message)):
        station.reviewer_hours(day, minutes)


def test_break_even_false_match_rate_hand_checked() -> None:
    # Half correct when false alerts equal the 9 true ones: p = 9 / 99,990 per unlisted person,
    # so f = 1 − (1 − p)^(1/10,000) ≈ 9.0013e-9 per comparison (the base-rate lab's exercise).
    even = station.break_even(baserates.WatchListInputs(100_000, 10_000, 10, 0.9, 1e-5))
    p = 9 / 99_990
    assert even.false_match_rate == pytest.approx(1 - (1 - p) ** (1 / 10_000), rel=1e-9)
    assert even.false_match_rate == pytest.approx(9.0013e-9, rel=1e-4)
    check = baserates.expected_alerts(baserates.WatchListInputs(100_000, 10_000, 10, 0.9, even.false_match_rate))
    assert check.share_correct == pytest.approx(0.5, rel=1e-9)


def test_break_even_list_and_listed_people_are_the_turning_points() -> None:
    even = station.break_even(baserates.WatchListInputs(100_000, 10_000, 10, 0.9, 1e-7))
    # n ≤ log(1 − 9/99,990) / log(1 − 1e-7) ≈ 900.1 entries.
    assert even.watchlist == 900
    assert baserates.expected_alerts(baserates.WatchListInputs(100_000, 900, 10, 0.9, 1e-7)).share_correct >= 0.5
    assert baserates.expected_alerts(baserates.WatchListInputs(100_000, 901, 10, 0.9, 1e-7)).share_correct < 0.5
    # At 1e-5 no list long enough to hold the 10 listed people keeps half the alerts right,
    # but 9,563 listed passers-by a day (about one in ten) would.
    loose = station.break_even(baserates.WatchListInputs(100_000, 10_000, 10, 0.9, 1e-5))
    assert loose.watchlist is None
    assert loose.wanted_in_crowd == 9_563
    assert baserates.expected_alerts(baserates.WatchListInputs(100_000, 10_000, 9_563, 0.9, 1e-5)).share_correct >= 0.5
    assert baserates.expected_alerts(baserates.WatchListInputs(100_000, 10_000, 9_562, 0.9, 1e-5)).share_correct < 0.5


def test_break_even_edge_cases() -> None:
    assert station.break_even(baserates.WatchListInputs(1000, 100, 1, 0.9, 0.0)).watchlist == math.inf
    assert station.break_even(baserates.WatchListInputs(10, 10, 10, 0.9, 0.5)).false_match_rate == 1.0
    assert station.break_even(baserates.WatchListInputs(100_000, 10, 10, 0.9, 0.5)).wanted_in_crowd is None, (
        "more listed people than the list holds"
    )
    assert (
        station.break_even(baserates.WatchListInputs(1000, 10, 1, 0.9, 1e-3), share=0.9).false_match_rate
        < station.break_even(baserates.WatchListInputs(1000, 10, 1, 0.9, 1e-3)).false_match_rate
    )
    for share in (0, 1, 1.5, "half"):
        with pytest.raises(
            ValueError, match="target share of correct alerts must be (a number )?more than 0 and less than 1"
        ):
            station.break_even(baserates.WatchListInputs(1000, 10, 1, 0.9, 1e-3), share=share)
    with pytest.raises(ValueError, match="cannot exceed the entries on the watch list"):
        station.break_even(baserates.WatchListInputs(1000, 10, 11, 0.9, 1e-3))


def test_review_table_and_its_display() -> None:
    table = station.review_table(station.STATION, minutes_per_alert=2)
    assert table["crowd"].tolist() == list(station.STATION_CROWDS)
    assert (table["reviewers"] == table["reviewer_hours"] / 8).all()
    assert table["reviewer_hours"].is_monotonic_increasing
    assert table.loc[1, "reviewer_hours"] == pytest.approx((9 + 99_990 * (1 - (1 - 1e-6) ** 10_000)) * 2 / 60)
    shown = station.format_review_table(table)
    assert shown.loc[1, "Faces scanned per day"] == "100,000"
    assert shown.loc[1, "False-match rate for half correct"] == "9.0e-09"


def test_review_chart_computes_in_the_browser_what_python_computes() -> None:
    chart = station.review_chart(
        baserates.WatchListInputs(watchlist=10_000, wanted_in_crowd=10, true_match_rate=0.9, false_match_rate=1e-6),
        minutes_per_alert=2,
    )
    spec = chart.to_dict()
    assert {p["name"] for p in spec["params"]} == {"minutes", "fmr_log", "list_log", "wanted"}
    assert "illustrative" in spec["title"]["text"]
    words = vega_svg_text(chart)
    table = station.review_table(station.STATION, 2)
    for row in table.itertuples():
        assert f"{row.crowd:,}" in words
        assert f"{row.reviewer_hours:,.0f}" in words
        assert f"{row.fmr_for_half:.1e}".replace("e-0", "e-") in words
    assert "one reviewer's 8-hour shift" in words


def test_review_chart_needs_rates_it_can_show_as_powers_of_ten() -> None:
    with pytest.raises(ValueError, match="powers of ten"):
        station.review_chart(baserates.WatchListInputs(false_match_rate=0.0))


def test_watchlist_widget_updates_and_refuses_bad_input() -> None:
    form = station.WatchListReview(baserates.WatchListInputs(100_000, 10_000, 10, 0.9, 1e-5), minutes_per_alert=2)
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
