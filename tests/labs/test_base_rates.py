"""Base rates in mass face matching: the formula, the chart and the live form."""

from __future__ import annotations

import math

import pytest

from aigov.labs import base_rates as baserates
from aigov.labs.base_rates import BaseRateCalculator


def test_hand_checked_case() -> None:
    # 1,000,000 faces, a list of 100, 10 listed people pass, 90 % hits, FMR 1e-6:
    # true alerts 10 * 0.9 = 9; each of 999,990 others is flagged with chance
    # 1 - (1 - 1e-6)^100 ≈ 9.9995e-5, so about 99.99 false alerts.
    result = baserates.expected_alerts(baserates.WatchListInputs(1_000_000, 100, 10, 0.9, 1e-6))
    assert result.true_alerts == pytest.approx(9.0)
    assert result.false_alert_chance == pytest.approx(1 - (1 - 1e-6) ** 100, rel=1e-9)
    assert result.false_alerts == pytest.approx(999_990 * 9.99950e-5, rel=1e-5)
    assert result.share_correct == pytest.approx(9 / (9 + 99.99), rel=1e-4)
    assert result.false_per_true == pytest.approx(99.99 / 9, rel=1e-4)


def test_tiny_false_match_rate_is_not_lost_to_rounding() -> None:
    result = baserates.expected_alerts(baserates.WatchListInputs(10**7, 1, 0, 0.9, 1e-17))
    assert result.false_alert_chance == pytest.approx(1e-17)
    assert result.false_alerts == pytest.approx(1e-10)


def test_zero_values() -> None:
    nobody = baserates.expected_alerts(baserates.WatchListInputs(0, 0, 0, 0.5, 0.5))
    assert nobody.alerts == 0 and nobody.share_correct is None and nobody.false_per_true is None
    assert "No alerts are expected" in baserates.summary(nobody)
    perfect = baserates.expected_alerts(baserates.WatchListInputs(1000, 50, 5, 1.0, 0.0))
    assert perfect.false_alerts == 0 and perfect.share_correct == 1.0
    blind = baserates.expected_alerts(baserates.WatchListInputs(1000, 50, 5, 0.0, 0.01))
    assert blind.true_alerts == 0 and blind.share_correct == 0.0 and blind.false_per_true is None


def test_extreme_values() -> None:
    everyone = baserates.expected_alerts(baserates.WatchListInputs(10**9, 10**6, 0, 1.0, 1.0))
    assert everyone.false_alert_chance == 1.0 and everyone.false_alerts == 10**9
    all_listed = baserates.expected_alerts(baserates.WatchListInputs(100, 100, 100, 1.0, 0.5))
    assert all_listed.false_alerts == 0 and all_listed.share_correct == 1.0


def test_larger_crowd_lowers_the_share_correct() -> None:
    sweep = baserates.crowd_sweep(
        baserates.WatchListInputs(watchlist=1000, wanted_in_crowd=5, true_match_rate=0.9, false_match_rate=1e-6)
    )
    shares = sweep["share_correct"].tolist()
    assert all(a > b for a, b in zip(shares, shares[1:]))
    assert sweep["crowd"].min() == 100 and sweep["crowd"].max() == 10**7


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((-1, 10, 1, 0.9, 1e-5), "Faces scanned per day must be at least 0; you entered -1"),
        ((100, -10, 1, 0.9, 1e-5), "Entries on the watch list must be at least 0"),
        ((100, 10, -1, 0.9, 1e-5), "Listed people who pass per day must be at least 0"),
        ((100, 10, 1, 1.2, 1e-5), "The true-match rate must be between 0 and 1"),
        ((100, 10, 1, 0.9, -1e-5), "The false-match rate must be between 0 and 1"),
        ((100, 10, 1, math.nan, 1e-5), "The true-match rate must be a number"),
        ((100, 10, 1, "0.9", 1e-5), "The true-match rate must be a number"),
        ((100.5, 10, 1, 0.9, 1e-5), "Faces scanned per day must be a whole number"),
        ((True, 10, 1, 0.9, 1e-5), "Faces scanned per day must be a whole number"),
        ((5, 10, 6, 0.9, 1e-5), "cannot exceed the faces scanned per day (5)"),
        ((100, 3, 6, 0.9, 1e-5), "cannot exceed the entries on the watch list (3)"),
    ],
)
def test_bad_input_is_refused(args: tuple, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        baserates.WatchListInputs(*args)
    assert message in str(caught.value)


def test_alerts_need_checked_inputs() -> None:
    with pytest.raises(ValueError, match="takes a WatchListInputs"):
        baserates.expected_alerts((100, 10, 1, 0.9, 1e-5))


def test_chart_uses_the_same_formula_and_describes_itself() -> None:
    spec = baserates.base_rate_chart(baserates.WatchListInputs(1_000_000, 100, 10, 0.9, 1e-6)).to_dict()
    params = {p["name"]: p for p in spec["params"]}
    assert set(params) == {"crowd_log", "fmr_log", "list_log", "wanted", "tmr"}
    assert params["crowd_log"]["value"] == 6 and params["fmr_log"]["value"] == -6 and params["list_log"]["value"] == 2
    assert all("bind" in p for p in params.values())
    expected = baserates.summary(baserates.expected_alerts(baserates.WatchListInputs(1_000_000, 100, 10, 0.9, 1e-6)))
    assert expected in spec["description"]
    assert "illustrative" in spec["title"]["text"]


def test_sliders_spanning_orders_of_magnitude_move_by_powers_of_ten() -> None:
    """A linear slider from 1 to 100,000 cannot be moved from 10,000 to 100 by hand; each such
    input is set by its power of ten, in steps that land on the values the text suggests."""
    spec = baserates.base_rate_chart().to_dict()
    for param in spec["params"]:
        bind = param["bind"]
        if param["name"].endswith("_log"):
            assert bind["max"] - bind["min"] >= 3
        else:
            assert bind["min"] <= 0 or bind["max"] / bind["min"] <= 100, param["name"]
    watch = next(p for p in spec["params"] if p["name"] == "list_log")
    assert watch["value"] == 4  # 10,000 entries
    # 10,000 to 100 entries is four steps of the keyboard's arrow keys.
    assert (watch["value"] - 2) / watch["bind"]["step"] == 4
    assert watch["bind"]["min"] <= 2 and watch["bind"]["max"] >= 5


def test_base_rate_calculator_recomputes_on_change() -> None:
    calculator = BaseRateCalculator(
        baserates.WatchListInputs(
            crowd=10_000, watchlist=1, wanted_in_crowd=1, true_match_rate=1.0, false_match_rate=0.001
        )
    )
    # Hand-checked: 1 true alert; 9,999 unlisted people each flagged with chance 0.001.
    assert "1.0 true and 10.0 false alerts" in calculator.message.value
    values = calculator.result.set_index("quantity")["value"]
    assert values["Share of alerts that are correct"] == "9.09%"
    calculator.false_match_rate.value = 0.0
    assert "100.00% of alerts are correct" in calculator.message.value


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("crowd", -5, "Faces scanned per day must be at least 0; you entered -5"),
        ("true_match_rate", 1.5, "The true-match rate must be between 0 and 1"),
        ("false_match_rate", -0.1, "The false-match rate must be between 0 and 1"),
        ("wanted", 20_000, "cannot exceed the entries on the watch list (10,000)"),
    ],
)
def test_base_rate_calculator_refuses_bad_input(field: str, value: float, message: str) -> None:
    calculator = BaseRateCalculator()
    getattr(calculator, field).value = value
    assert calculator.result is None
    assert message in calculator.message.value
    assert "color:#b00020" in calculator.message.value
