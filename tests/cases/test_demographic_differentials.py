"""Demographic differentials: hand-checked rates, the tuning to published findings, the chart, the widget."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest
import vl_convert

from aigov import data
from aigov.cases import demographic_differentials as demo

# A group whose rates are easy to check by hand: impostor scores N(40, 4), genuine N(60, 10).
SIMPLE = demo.Group("S", "S", "S", "all", impostor_mean=40.0, impostor_sd=4.0, genuine_mean=60.0, genuine_sd=10.0)
TAIL_2SD = 0.022750131948179  # P(Z > 2) for a standard normal Z


def test_hand_checked_rates() -> None:
    assert demo.false_match_rate(SIMPLE, 40) == pytest.approx(0.5)
    assert demo.false_match_rate(SIMPLE, 48) == pytest.approx(TAIL_2SD)  # two sd above the impostor mean
    assert demo.false_non_match_rate(SIMPLE, 40) == pytest.approx(TAIL_2SD)  # two sd below the genuine mean
    assert demo.threshold_for_fmr(SIMPLE, TAIL_2SD) == pytest.approx(48)


def test_tiny_false_match_rates_keep_their_precision() -> None:
    # Ten sd above the mean: 1 - cdf would round to 0; the tail is about 7.6e-24.
    assert demo.false_match_rate(SIMPLE, 80) == pytest.approx(7.62e-24, rel=1e-2)


@pytest.mark.parametrize(
    ("low", "high", "published"),
    [
        ("A-men", "A-women", (2, 5)),
        ("B-men", "B-women", (2, 5)),
        ("A-men", "B-men", (10, 100)),
        ("A-women", "B-women", (10, 100)),
    ],
)
def test_tuned_ratios_fall_in_the_published_ranges(low: str, high: str, published: tuple[float, float]) -> None:
    fmr = demo.rates(demo.THRESHOLD).set_index("key")["fmr"]
    ratio = fmr[high] / fmr[low]
    assert published[0] <= ratio <= published[1]


def test_tuning_targets_hold_exactly_at_the_default_threshold() -> None:
    table = demo.rates(demo.THRESHOLD).set_index("key")
    assert table.loc["A-men", "fmr"] == pytest.approx(1e-4)
    assert table["fmr_vs_lowest"].round(6).to_dict() == {"A-men": 1, "A-women": 3, "B-men": 30, "B-women": 90}
    assert table["fnmr"].round(6).to_dict() == {"A-men": 0.02, "A-women": 0.026, "B-men": 0.024, "B-women": 0.03}
    # NIST: false negatives differ less between groups than false positives.
    assert table["fnmr"].max() / table["fnmr"].min() == pytest.approx(1.5)
    checks = demo.tuning_table()
    assert checks["within the published range"].all()
    assert len(checks) == len(data.load(demo.FINDINGS_TABLE))


def test_the_findings_table_has_every_finding_the_tuning_check_measures() -> None:
    field = next(f for f in data.describe(demo.FINDINGS_TABLE)["schema"]["fields"] if f["name"] == "key")
    assert sorted(data.load(demo.FINDINGS_TABLE)["key"]) == sorted(field["constraints"]["enum"])


def test_ratios_depend_on_the_threshold() -> None:
    # The tuning holds at the default threshold only: a stricter threshold widens the gap.
    strict = demo.rates(55).set_index("key")["fmr"]
    assert strict["B-women"] / strict["A-men"] > 100
    assert not demo.tuning_table(threshold=55)["within the published range"].all()


def test_per_group_thresholds_equalise_false_matches_at_a_cost() -> None:
    table = demo.rates(demo.THRESHOLD, policy="equal_fmr").set_index("key")
    assert table["fmr"].to_numpy() == pytest.approx([1e-4] * 4)
    assert table.loc["A-men", "threshold"] == pytest.approx(demo.THRESHOLD)
    assert table.loc["B-women", "threshold"] > demo.THRESHOLD
    assert table.loc["B-women", "fnmr"] == pytest.approx(0.0899, abs=5e-4)
    assert "the false-match rate is 1 in 10,000 for every group" in demo.summary(table.reset_index(), "equal_fmr")


def test_shift_moves_one_group_only() -> None:
    gap = demo.GROUPS["B-women"].impostor_mean - demo.GROUPS["A-men"].impostor_mean
    moved = demo.shift_group(demo.GROUPS, "B-women", -gap)
    table = demo.rates(demo.THRESHOLD, moved).set_index("key")
    assert table.loc["B-women", "fmr"] == pytest.approx(table.loc["A-men", "fmr"])
    assert table.loc["B-men", "fmr"] == pytest.approx(3e-3)
    assert demo.GROUPS["B-women"].impostor_mean - demo.GROUPS["A-men"].impostor_mean == gap, "the original is unchanged"


def test_samples_are_reproducible_and_match_the_model() -> None:
    one = demo.synthetic_scores(per_group=500, seed=1)
    pd.testing.assert_frame_equal(one, demo.synthetic_scores(per_group=500, seed=1))
    assert not one["score"].equals(demo.synthetic_scores(per_group=500, seed=2)["score"])
    big = demo.synthetic_scores(per_group=100_000)
    impostors = big[(big["key"] == "B-women") & (big["kind"] == "impostor")]["score"]
    model = demo.false_match_rate(demo.GROUPS["B-women"], 45)
    assert (impostors >= 45).mean() == pytest.approx(model, abs=0.004)
    hist = demo.score_histogram(big)
    assert hist.groupby(["key", "kind"])["share"].sum().to_numpy() == pytest.approx([1.0] * 8)


def test_one_in_formats() -> None:
    assert [demo.one_in(r) for r in (1e-4, 1 / 3.2, 9e-8, 0.0)] == [
        "1 in 10,000",
        "1 in 3.2",
        "1 in 11.1 million",
        "none",
    ]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: demo.rates(120), "between 0 and 100; you entered 120"),
        (lambda: demo.rates(math.nan), "must be a number between 0 and 100"),
        (lambda: demo.rates("fifty"), "must be a number between 0 and 100"),
        (lambda: demo.rates(50, policy="fair"), "Unknown policy 'fair'"),
        (
            lambda: demo.shift_group(demo.GROUPS, "C-men", 1),
            "The group must be one of: A-men, A-women, B-men, B-women; you entered 'C-men'",
        ),
        (lambda: demo.shift_group(demo.GROUPS, "A-men", 11), "between -10 and 10 score points; you entered 11"),
        (
            lambda: demo.threshold_for_fmr(SIMPLE, 0),
            "false-match rate must be more than 0 and less than 1; you entered 0",
        ),
        (lambda: demo.synthetic_scores(per_group=5), "per_group must be between 10 and 1,000,000; you entered 5"),
        (lambda: demo.synthetic_scores(seed=-1), "The random seed must be at least 0; you entered -1"),
    ],
)
def test_bad_input_is_refused_with_a_message(call, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        call()


def _chart_lines(spec: dict) -> list[str]:
    svg = vl_convert.vegalite_to_svg(spec)
    return re.findall(r">([^<>]+)</text>", svg)


def test_chart_recomputes_in_vega_as_python_does() -> None:
    spec = demo.differential_chart().to_dict()
    params = {p["name"]: p for p in spec["params"]}
    assert set(params) == {"threshold", "policy"} and all("bind" in p for p in params.values())
    assert spec["title"]["text"].startswith("SYNTHETIC")
    assert demo.summary(demo.rates()) in spec["description"]
    lines = _chart_lines(spec)
    assert "False matches: 90.0× as frequent for B · women as for A · men" in lines
    assert "from 1 in 10,000 (A · men) to 1 in 111 (B · women)" in lines
    assert "from 2.0% (A · men) to 3.0% (B · women)" in lines
    params["threshold"]["value"], params["policy"]["value"] = 53, "equal_fmr"
    expected = demo.rates(53, policy="equal_fmr").set_index("key")
    lines = _chart_lines(spec)
    assert f"{demo.one_in(expected.loc['A-men', 'fmr'])} for each group" in lines
    low, high = expected["fnmr"].min(), expected["fnmr"].max()
    assert f"False non-matches: {high / low:,.1f}× as frequent for B · women as for A · men" in lines
    assert f"from {low:.1%} (A · men) to {high:.1%} (B · women)" in lines
    assert f"Per-group thresholds from 53.0 to {expected['threshold'].max():.1f} (equal false-match rates)" in lines


def test_widget_recomputes_on_change() -> None:
    explorer = demo.ThresholdExplorer()
    assert "1 in 10,000 (A · men) to 1 in 111 (B · women), 90.0 times higher" in explorer.message.value
    assert "Synthetic scores" in explorer.message.value
    assert list(explorer.result["false matches"]) == ["1 in 10,000", "1 in 3,333", "1 in 333", "1 in 111"]
    explorer.group.value = "B-men"
    explorer.shift.value = -3.0  # B · men's impostor scores move down, so fewer false matches
    assert explorer.result.set_index("group").loc["B · men", "× lowest"] != "30.0"
    explorer.shift.value = 0.0
    explorer.policy.value = "equal_fmr"
    assert "is 1 in 10,000 for every group" in explorer.message.value
    assert explorer.result.set_index("group").loc["B · women", "false non-match rate"] == "9.0%"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [("threshold", 120.0, "you entered 120"), ("threshold", -1.0, "you entered -1"), ("shift", 12.0, "you entered 12")],
)
def test_widget_refuses_bad_input(field: str, value: float, message: str) -> None:
    explorer = demo.ThresholdExplorer()
    getattr(explorer, field).value = value
    assert explorer.result is None
    assert explorer.view.value == ""
    assert message in explorer.message.value
    assert "color:#b00020" in explorer.message.value


def _bar_layers(node):
    if isinstance(node, dict):
        mark = node.get("mark")
        if (mark.get("type") if isinstance(mark, dict) else mark) == "bar":
            yield node
        for value in node.values():
            yield from _bar_layers(value)
    elif isinstance(node, list):
        for value in node:
            yield from _bar_layers(value)


def test_false_match_bars_start_at_the_axis_minimum_of_their_log_scale() -> None:
    # On a log scale a bar has no zero to start from: without x2 at the axis minimum, no bar shows.
    spec = demo.differential_chart().to_dict()
    fmr_bars = [layer for layer in _bar_layers(spec) if layer.get("encoding", {}).get("x", {}).get("field") == "shown"]
    assert len(fmr_bars) == 1
    assert fmr_bars[0]["encoding"]["x2"] == {"datum": 1e-8}
    assert fmr_bars[0]["encoding"]["x"]["scale"] == {"type": "log", "domain": [1e-8, 1]}
