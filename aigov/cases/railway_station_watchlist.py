"""A railway-station watch list (``casestudies/railway-station-watchlist.ipynb``).

The base-rate arithmetic of :mod:`aigov.labs.base_rates` turned into what an operator must
plan for: reviewer hours per day (:func:`reviewer_hours`, :func:`review_table`,
:func:`review_chart`) and the break-even values at which half the alerts are correct
(:func:`break_even`); the live form :class:`WatchListReview`. All inputs are illustrative.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable
from dataclasses import dataclass, replace

import altair as alt
import ipywidgets as w
import numpy as np
import pandas as pd

import aigov.charts  # also registers the book's theme and renderer
from aigov import checks
from aigov.expressions import Value, Vega, chance_of_any, minimum, ratio, text
from aigov.labs import base_rates
from aigov.labs.base_rates import BaseRateCalculator

SHIFT_HOURS = 8.0
# Illustrative crowd sizes for the text panel of the chart (faces scanned per day).
STATION_CROWDS = (10_000, 100_000, 1_000_000)
# The case's station: the lab's inputs with a better algorithm (false-match rate 1e-6).
STATION = base_rates.WatchListInputs(false_match_rate=1e-6)


def minutes_checked(minutes_per_alert: object) -> float:
    """Minutes a reviewer spends on one alert: more than 0 and at most 600 (ten hours)."""
    return checks.number(minutes_per_alert, "Minutes per alert", above=0, maximum=600)


def reviewer_hours(alerts: base_rates.Alerts, minutes_per_alert: float) -> float:
    """Person-hours per day needed to check every alert.

    >>> a = base_rates.expected_alerts(base_rates.WatchListInputs(100_000, 10_000, 10, 0.9, 1e-5))
    >>> round(reviewer_hours(a, 2), 1)
    317.5
    """
    return alerts.alerts * minutes_checked(minutes_per_alert) / 60


def reviewers_needed(hours: float, shift_hours: float = SHIFT_HOURS) -> float:
    """Reviewers working one shift each, to cover ``hours`` of checking a day."""
    shift = checks.number(shift_hours, "Hours per shift", above=0, maximum=24)
    return checks.number(hours, "Reviewer hours", minimum=0) / shift


@dataclass(frozen=True)
class BreakEven:
    """What an operator would need to believe for a target share of alerts to be correct.

    Each value changes one input and holds the others as given:

    - ``false_match_rate``: the highest false-match rate per comparison that reaches the target;
    - ``watchlist``: the longest watch list that reaches it (``math.inf``: any length;
      ``None``: no list that still holds the listed people who pass);
    - ``wanted_in_crowd``: the fewest listed people who would have to pass per day
      (``None``: not possible within the crowd and the list).
    """

    share: float
    false_match_rate: float
    watchlist: float | None
    wanted_in_crowd: int | None


def fmr_for_share(true: Value, unlisted: Value, watchlist: Value, share: Value) -> Value:
    """The highest false-match rate at which ``share`` of the alerts are correct.

    The share correct ``T / (T + F)`` reaches ``s`` when the false alerts ``F`` are at most
    ``T (1 − s) / s``; spread over the unlisted people, that is each one's highest chance of
    a false alert, and over the list's entries, the highest rate per comparison.
    """
    per_person = minimum(1, ratio(true * (1 - share) / share, unlisted, 1))
    return chance_of_any(per_person, 1 / watchlist)


def break_even(inputs: base_rates.WatchListInputs, share: float = 0.5) -> BreakEven:
    """The false-match rate, list size and number of listed passers-by at which ``share`` of alerts are correct.

    True alerts ``T = wanted × tmr``; false alerts ``F = (crowd − wanted) × p`` with
    ``p = 1 − (1 − fmr) ** watchlist``. The share correct ``T / (T + F)`` reaches ``s``
    when ``F ≤ T (1 − s) / s``; each value below solves that for one input.
    """
    day = base_rates.expected_alerts(inputs)
    s = checks.share(share, "The target share of correct alerts", zero=False, one=False, hint=" (0.5 = half)")
    unlisted = inputs.crowd - inputs.wanted_in_crowd
    allowed_false = day.true_alerts * (1 - s) / s
    # With no entries on the list no comparison is made: any false-match rate will do.
    fmr = 1.0 if inputs.watchlist == 0 else fmr_for_share(day.true_alerts, unlisted, inputs.watchlist, s)
    # Longest list, other inputs fixed; it must still hold the listed people who pass.
    if unlisted == 0 or inputs.false_match_rate == 0 or allowed_false >= unlisted:
        longest: float | None = math.inf
    elif inputs.false_match_rate == 1:
        longest = 0 if inputs.wanted_in_crowd == 0 else None
    else:
        chance = allowed_false / unlisted
        longest = math.floor(math.log1p(-chance) / math.log1p(-inputs.false_match_rate) + 1e-9)
        if longest < inputs.wanted_in_crowd:
            longest = None
    # Fewest listed passers-by, other inputs fixed: w tmr (1 - s) >= s (crowd - w) p.
    p = day.false_alert_chance
    denominator = inputs.true_match_rate * (1 - s) + s * p
    if denominator == 0:
        fewest: int | None = None
    else:
        fewest = math.ceil(s * inputs.crowd * p / denominator - 1e-9)
        if fewest > min(inputs.crowd, inputs.watchlist):
            fewest = None
    return BreakEven(share=s, false_match_rate=fmr, watchlist=longest, wanted_in_crowd=fewest)


def review_table(
    inputs: base_rates.WatchListInputs,
    minutes_per_alert: float,
    crowds: Iterable[int] = STATION_CROWDS,
    shift_hours: float = SHIFT_HOURS,
) -> pd.DataFrame:
    """Alerts, reviewer hours and the break-even false-match rate for several crowd sizes (``inputs.crowd`` aside)."""
    minutes = minutes_checked(minutes_per_alert)
    rows = []
    for crowd in crowds:
        at_crowd = replace(inputs, crowd=crowd)
        day = base_rates.expected_alerts(at_crowd)
        hours = reviewer_hours(day, minutes)
        rows.append(
            {
                "crowd": at_crowd.crowd,
                "true_alerts": day.true_alerts,
                "false_alerts": day.false_alerts,
                "false_per_true": day.false_per_true,
                "share_correct": day.share_correct,
                "reviewer_hours": hours,
                "reviewers": reviewers_needed(hours, shift_hours),
                "fmr_for_half": break_even(at_crowd).false_match_rate,
            }
        )
    return pd.DataFrame(rows)


def format_review_table(table: pd.DataFrame) -> pd.DataFrame:
    """:func:`review_table` with readable column names and numbers, for display."""

    def number(value: float | None, pattern: str) -> str:
        return "–" if value is None or (isinstance(value, float) and math.isnan(value)) else pattern.format(value)

    return pd.DataFrame(
        {
            "Faces scanned per day": table["crowd"].map("{:,}".format),
            "True alerts": table["true_alerts"].map(lambda v: number(v, "{:,.1f}")),
            "False alerts": table["false_alerts"].map(lambda v: number(v, "{:,.0f}")),
            "False per true": table["false_per_true"].map(lambda v: number(v, "{:,.0f}")),
            "Alerts correct": table["share_correct"].map(lambda v: number(v, "{:.2%}")),
            "Reviewer hours a day": table["reviewer_hours"].map(lambda v: number(v, "{:,.0f}")),
            "Reviewers (8-hour shifts)": table["reviewers"].map(lambda v: number(v, "{:,.1f}")),
            "False-match rate for half correct": table["fmr_for_half"].map(lambda v: number(v, "{:.1e}")),
        }
    )


def review_chart(inputs: base_rates.WatchListInputs = STATION, minutes_per_alert: float = 2.0) -> alt.VConcatChart:
    """Reviewer hours per day against crowd size, with sliders; recomputed in the browser.

    Sliders set the minutes a reviewer spends per alert, the false-match rate (as a power
    of ten), the watch-list size (as a power of ten) and the listed people passing per
    day; the true-match rate is fixed at ``inputs.true_match_rate``. A text table gives the
    numbers for three crowd sizes, including the false-match rate at which half the
    alerts would be correct.
    """
    start = replace(inputs, crowd=STATION_CROWDS[1])
    first = base_rates.expected_alerts(start)
    minutes = minutes_checked(minutes_per_alert)
    if start.false_match_rate == 0 or start.watchlist == 0:
        raise ValueError("the chart sets the false-match rate and the watch list by powers of ten: give values above 0")
    minutes_param = alt.param(
        name="minutes",
        value=minutes,
        bind=alt.binding_range(min=0.5, max=30, step=0.5, name="Minutes a reviewer spends per alert: "),
    )
    fmr_param = base_rates.power_of_ten_slider(
        "fmr_log",
        start.false_match_rate,
        (-9, -3),
        0.5,
        "False-match rate per comparison, power of ten (-6 = 0.000001): ",
    )
    list_param = base_rates.power_of_ten_slider(
        "list_log", start.watchlist, (1, 6), 0.5, "Entries on the watch list, power of ten (4 = 10,000): "
    )
    wanted_param = alt.param(
        name="wanted",
        value=start.wanted_in_crowd,
        bind=alt.binding_range(min=1, max=100, step=1, name="Listed people who pass per day: "),
    )
    tmr = start.true_match_rate
    # The formulas of base_rates.expected_alerts and fmr_for_share, in Vega expressions; the
    # list is set by its power of ten and the true-match rate is fixed, not a slider.
    steps = base_rates.browser_steps("datum.crowd", "pow(10, fmr_log)", "round(pow(10, list_log))", "wanted", str(tmr))
    datum = {
        name: Vega(f"datum.{name}") for name in ("crowd", "listed", "true_alerts", "false_alerts", "alerts", "entries")
    }
    steps.append(
        {
            "hours": text(datum["alerts"] * Vega("minutes") / 60),
            "per_true": text(base_rates.false_per_true(datum["true_alerts"], datum["false_alerts"])),
            "fmr_half": text(
                fmr_for_share(datum["true_alerts"], datum["crowd"] - datum["listed"], datum["entries"], 0.5)
            ),
        }
    )

    def computed(chart: alt.Chart) -> alt.Chart:
        for step in steps:
            chart = chart.transform_calculate(**step)
        return chart

    exponents = np.round(np.linspace(3, 7, 41), 2)
    sweep = computed(
        alt.Chart(pd.DataFrame({"exponent": exponents})).transform_calculate(crowd="pow(10, datum.exponent)")
    )
    ticks = [1_000, 10_000, 100_000, 1_000_000, 10_000_000]
    hour_ticks = [0.01, 0.1, 1, 10, 100, 1_000, 10_000, 100_000, 1_000_000]
    x = alt.X(
        "crowd:Q",
        title="Faces scanned per day (log scale)",
        scale=alt.Scale(type="log", domain=[1_000, 10_000_000]),
        axis=alt.Axis(values=ticks, labelExpr=base_rates.LOG_LABEL),
    )
    y_scale = alt.Scale(type="log", domain=[0.01, 1_000_000], clamp=True)
    line = sweep.mark_line(color="#0072B2", strokeWidth=3).encode(
        x=x,
        y=alt.Y(
            "hours:Q",
            title="Reviewer hours per day (log scale)",
            scale=y_scale,
            axis=alt.Axis(values=hour_ticks, labelExpr=base_rates.LOG_LABEL),
        ),
        tooltip=aigov.charts.tooltips(
            {
                "crowd:Q": "Faces per day",
                "hours:Q": "Reviewer hours",
                "share:Q": "Alerts correct",
            },
            {"crowd:Q": ",.0f", "hours:Q": ",.1f", "share:Q": ".2%"},
        ),
    )
    references = pd.DataFrame(
        {
            "hours": [SHIFT_HOURS, 100 * SHIFT_HOURS],
            "label": ["one reviewer's 8-hour shift", "100 reviewers (800 hours)"],
        }
    )
    rule = alt.Chart(references).mark_rule(color="#8c8c8c", strokeDash=[4, 4]).encode(y=alt.Y("hours:Q", scale=y_scale))
    rule_text = (
        alt.Chart(references)
        .mark_text(align="left", dx=4, dy=-7, fontSize=11, color="#404040")
        .encode(x=alt.value(0), y=alt.Y("hours:Q", scale=y_scale), text="label:N")
    )
    points = computed(alt.Chart(pd.DataFrame({"crowd": list(STATION_CROWDS), "row": [1, 2, 3]})))
    dots = points.mark_point(filled=True, size=90, color="#D55E00").encode(x=x, y=alt.Y("hours:Q", scale=y_scale))
    curve = alt.layer(rule, rule_text, line, dots).properties(width=440, height=260)

    columns = [
        ("Faces\na day", "format(datum.crowd, ',')"),
        ("Alerts\na day", "format(datum.alerts, ',.0f')"),
        ("False alerts\nper true one", "isValid(datum.per_true) ? format(datum.per_true, ',.0f') : '–'"),
        ("Reviewer\nhours a day", "format(datum.hours, ',.0f')"),
        ("Reviewers on\n8-hour shifts", "format(datum.hours / 8, ',.1f')"),
        ("FMR for half\nright", "format(datum.fmr_half, '.1e')"),
    ]
    table_x = alt.X("order:O", axis=None, scale=alt.Scale(domain=list(range(len(columns)))))
    table_y = alt.Y("row:O", axis=None, scale=alt.Scale(domain=[0, 1, 2, 3]))
    headers = (
        alt.Chart(pd.DataFrame({"column": [c[0] for c in columns], "order": range(len(columns)), "row": 0}))
        .mark_text(fontWeight="bold", fontSize=12, color="#1a1a1a", lineBreak="\n", baseline="bottom", dy=6)
        .encode(x=table_x, y=table_y, text="column:N")
    )
    body = alt.layer(
        *[
            points.transform_calculate(cell=expression, order=str(i))
            .mark_text(fontSize=13, color="#1a1a1a")
            .encode(x=table_x, y=table_y, text="cell:N")
            for i, (_, expression) in enumerate(columns)
        ]
    )
    text_table = alt.layer(headers, body).properties(width=600, height=136)
    return (
        alt.vconcat(text_table, curve, spacing=16)
        .add_params(minutes_param, fmr_param, list_param, wanted_param)
        .properties(
            title=alt.Title(
                "A station watch list: reviewer hours per day (illustrative inputs)",
                subtitle=[
                    f"Move the sliders below the chart. True-match rate fixed at {tmr:.0%}; orange dots: the three crowds in the table.",
                    "FMR for half right: the false-match rate at which half the alerts would be correct.",
                ],
            ),
            description=(
                "Interactive chart with illustrative inputs, not data from a real station. Sliders set the minutes "
                "a reviewer spends per alert, the false-match rate per comparison, the watch-list size and the "
                "number of listed people passing per day. A text table gives, for 10,000, 100,000 and 1,000,000 "
                "faces a day, the expected alerts, false alerts per true one, reviewer hours, reviewers on 8-hour "
                "shifts and the false-match rate at which half the alerts would be correct; a line shows reviewer "
                "hours per day rising with the crowd, against dashed lines for one and for 100 reviewers. At the "
                f"starting values ({start.watchlist:,} entries, {start.wanted_in_crowd} listed people a day, "
                f"false-match rate {start.false_match_rate:.0e}, {minutes:g} minutes per alert) a crowd of "
                f"{start.crowd:,} needs {reviewer_hours(first, minutes):,.0f} reviewer hours a day."
            ),
        )
        .configure_view(stroke=None)
    )


class WatchListReview(BaseRateCalculator):
    """Type a station's inputs and the minutes per alert; see alerts, reviewer hours and break-even values."""

    def __init__(self, inputs: base_rates.WatchListInputs = STATION, minutes_per_alert: float = 2.0):
        self.minutes = w.FloatText(
            value=minutes_per_alert,
            description="Minutes a reviewer spends per alert:",
            style={"description_width": "initial"},
        )
        super().__init__(inputs, extra_controls=[self.minutes])

    def compute(self) -> tuple[pd.DataFrame, str]:
        inputs = self.inputs()
        day = base_rates.expected_alerts(inputs)
        hours = reviewer_hours(day, self.minutes.value)
        even = break_even(inputs)
        longest = even.watchlist
        rows = [
            ("Expected true alerts a day", f"{day.true_alerts:,.1f}"),
            ("Expected false alerts a day", f"{day.false_alerts:,.1f}"),
            ("False alerts per true one", "–" if day.false_per_true is None else f"{day.false_per_true:,.1f}"),
            ("Reviewer hours a day", f"{hours:,.1f}"),
            ("Reviewers on 8-hour shifts", f"{reviewers_needed(hours):,.1f}"),
            ("False-match rate for half the alerts correct", f"{even.false_match_rate:.2g}"),
            (
                "Longest watch list for half correct",
                "any length" if longest == math.inf else ("not possible" if longest is None else f"{longest:,}"),
            ),
            (
                "Listed people who must pass for half correct",
                "not possible" if even.wanted_in_crowd is None else f"{even.wanted_in_crowd:,}",
            ),
        ]
        text = html.escape(base_rates.summary(day)) + (
            f" Checking every alert at {self.minutes.value:g} minutes each takes <b>{hours:,.1f} person-hours a day</b>. "
            "Illustrative inputs: not measurements of any real system."
        )
        return pd.DataFrame(rows, columns=["quantity", "value"]), text
