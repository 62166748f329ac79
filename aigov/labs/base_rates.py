"""Base rates in mass face matching: how many alerts a watch-list camera raises, and how many are right.

A camera system compares every face it sees against every entry on a watch list. Four
numbers decide what its operators get each day:

- ``crowd``: faces scanned per day;
- ``watchlist``: entries on the watch list (each scanned face is compared with all of them);
- ``wanted_in_crowd``: how many of the scanned people are really on the list;
- ``true_match_rate``: the chance that a listed person who passes is flagged;
- ``false_match_rate``: the chance that one comparison of two *different* people is
  wrongly declared a match.

A person not on the list raises a false alert if *any* of the ``watchlist`` comparisons
goes wrong, which happens with probability ``1 - (1 - false_match_rate) ** watchlist``.
Because nearly everyone in a crowd is not on the list, even a tiny false-match rate can
produce far more false alerts than true ones: the base-rate fallacy.

The inputs in the book are illustrative round numbers chosen by the reader, not
measurements of any deployed system.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass, replace

import altair as alt
import ipywidgets as w
import numpy as np
import pandas as pd

import aigov.charts  # also registers the book's theme and renderer
from aigov import checks
from aigov.expressions import Value, Vega, chance_of_any, minimum, ratio, text
from aigov.forms import LabWidget

# The chart's sliders: the crowd is set by its power of ten so that one slider spans
# a village square and a national rail network.
CROWD_EXPONENT_RANGE = (2.0, 7.0)
WATCHLIST_EXPONENT_RANGE = (0.0, 5.0)
FALSE_MATCH_EXPONENT_RANGE = (-8.0, -2.0)
# Narrow enough that the bars' labels plus the plot fit the book's text column (about 690 px).
VIEW_WIDTH = 440
LOG_TICKS = [0.01, 0.1, 1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000]
# "0.01", "1", "1,000", "1M": SI prefixes below 1 ("10m") would read as metres or millions.
LOG_LABEL = "datum.value < 1 ? format(datum.value, '~g') : datum.value < 1e6 ? format(datum.value, ',~g') : format(datum.value / 1e6, '~g') + 'M'"


@dataclass(frozen=True)
class WatchListInputs:
    """The five inputs of a watch-list camera system for one day, checked on creation.

    The defaults are the lab's starting values. Listed people who pass cannot outnumber the
    faces scanned or the entries on the list.
    """

    crowd: int = 100_000
    watchlist: int = 10_000
    wanted_in_crowd: int = 10
    true_match_rate: float = 0.9
    false_match_rate: float = 1e-5

    def __post_init__(self) -> None:
        checked = {
            "crowd": checks.whole_number(self.crowd, "Faces scanned per day", minimum=0),
            "watchlist": checks.whole_number(self.watchlist, "Entries on the watch list", minimum=0),
            "wanted_in_crowd": checks.whole_number(self.wanted_in_crowd, "Listed people who pass per day", minimum=0),
            "true_match_rate": checks.share(self.true_match_rate, "The true-match rate", hint=" (a share, 0.9 = 90%)"),
            "false_match_rate": checks.share(
                self.false_match_rate, "The false-match rate", hint=" (a share, 1e-5 = 0.001%)"
            ),
        }
        for name, value in checked.items():
            object.__setattr__(self, name, value)
        wanted = self.wanted_in_crowd
        if wanted > self.crowd:
            raise ValueError(
                f"Listed people who pass per day ({wanted:,}) cannot exceed the faces scanned per day ({self.crowd:,})."
            )
        if wanted > self.watchlist:
            raise ValueError(
                f"Listed people who pass per day ({wanted:,}) cannot exceed the entries on the watch list ({self.watchlist:,})."
            )


# The formulas, each written once: called with numbers by expected_alerts, and with
# Vega expressions by the charts, which recompute them in the reader's browser.


def listed_passing(wanted_in_crowd: Value, watchlist: Value, crowd: Value) -> Value:
    """Listed people who pass, held within the crowd and the list (a chart's sliders can cross them)."""
    return minimum(wanted_in_crowd, minimum(watchlist, crowd))


def false_alert_chance(false_match_rate: Value, watchlist: Value) -> Value:
    """The chance that one person not on the list matches any of the list's entries."""
    return chance_of_any(false_match_rate, watchlist)


def true_alerts(listed: Value, true_match_rate: Value) -> Value:
    return listed * true_match_rate


def false_alerts(crowd: Value, listed: Value, chance: Value) -> Value:
    return (crowd - listed) * chance


def share_correct(true: Value, false: Value) -> Value | None:
    """The share of alerts that point at a listed person; None when no alert is expected."""
    return ratio(true, true + false, None)


def false_per_true(true: Value, false: Value) -> Value | None:
    """False alerts for each true one; None when no true alert is expected."""
    return ratio(false, true, None)


@dataclass(frozen=True)
class Alerts:
    """Expected alerts per day for one set of inputs."""

    inputs: WatchListInputs
    false_alert_chance: float  # for one person not on the list
    true_alerts: float
    false_alerts: float

    @property
    def alerts(self) -> float:
        return self.true_alerts + self.false_alerts

    @property
    def share_correct(self) -> float | None:
        return share_correct(self.true_alerts, self.false_alerts)

    @property
    def false_per_true(self) -> float | None:
        return false_per_true(self.true_alerts, self.false_alerts)


def expected_alerts(inputs: WatchListInputs) -> Alerts:
    """Expected true and false alerts per day.

    >>> a = expected_alerts(WatchListInputs(crowd=10_000, watchlist=1, wanted_in_crowd=1, true_match_rate=1.0, false_match_rate=0.001))
    >>> round(a.true_alerts, 3), round(a.false_alerts, 3)
    (1.0, 9.999)
    """
    if not isinstance(inputs, WatchListInputs):
        raise ValueError(f"expected_alerts takes a WatchListInputs(...), not {inputs!r}")
    chance = false_alert_chance(inputs.false_match_rate, inputs.watchlist)
    return Alerts(
        inputs=inputs,
        false_alert_chance=chance,
        true_alerts=true_alerts(inputs.wanted_in_crowd, inputs.true_match_rate),
        false_alerts=false_alerts(inputs.crowd, inputs.wanted_in_crowd, chance),
    )


def summary(alerts: Alerts) -> str:
    """One plain-English sentence about a day of alerts."""
    if alerts.alerts == 0:
        return "No alerts are expected: nobody on the list passes, and no comparison goes wrong."
    share = alerts.share_correct
    text = (
        f"Per day: {alerts.true_alerts:,.1f} true and {alerts.false_alerts:,.1f} false alerts; "
        f"{share:.2%} of alerts are correct"
    )
    if alerts.false_per_true is not None:
        text += f", or {alerts.false_per_true:,.1f} false alerts for every true one"
    return text + "."


def table(alerts: Alerts) -> pd.DataFrame:
    """The inputs and results as a two-column table."""
    share = alerts.share_correct
    rows = [
        ("Faces scanned per day", f"{alerts.inputs.crowd:,}"),
        ("Entries on the watch list", f"{alerts.inputs.watchlist:,}"),
        ("Listed people who pass per day", f"{alerts.inputs.wanted_in_crowd:,}"),
        ("True-match rate", f"{alerts.inputs.true_match_rate:.1%}"),
        ("False-match rate per comparison", f"{alerts.inputs.false_match_rate:.2g}"),
        ("Chance an unlisted person is flagged", f"{alerts.false_alert_chance:.3g}"),
        ("Expected true alerts", f"{alerts.true_alerts:,.1f}"),
        ("Expected false alerts", f"{alerts.false_alerts:,.1f}"),
        ("Share of alerts that are correct", "no alerts" if share is None else f"{share:.2%}"),
    ]
    return pd.DataFrame(rows, columns=["quantity", "value"])


def crowd_sweep(inputs: WatchListInputs, crowds: list[int] | None = None) -> pd.DataFrame:
    """The share of correct alerts for a range of crowd sizes, the other inputs as given."""
    if crowds is None:
        low, high = CROWD_EXPONENT_RANGE
        crowds = [int(round(c)) for c in np.logspace(low, high, int((high - low) * 4) + 1)]
    rows = []
    for crowd in crowds:
        result = expected_alerts(replace(inputs, crowd=max(crowd, inputs.wanted_in_crowd)))
        rows.append(
            {
                "crowd": result.inputs.crowd,
                "true_alerts": result.true_alerts,
                "false_alerts": result.false_alerts,
                "share_correct": result.share_correct,
            }
        )
    return pd.DataFrame(rows)


def browser_steps(
    crowd: str,
    false_match_rate: str,
    watchlist: str = "watchlist",
    wanted_in_crowd: str = "wanted",
    true_match_rate: str = "tmr",
) -> list[dict[str, str]]:
    """The alert formulas as Vega expressions, in the order a chart computes them.

    Each argument is a Vega expression for that input (by default the lab chart's slider
    parameters). Each step is one ``transform_calculate``, as later formulas read the
    fields that earlier ones set: ``crowd``, ``fmr``, ``entries``, ``listed``, ``chance``,
    ``true_alerts``, ``false_alerts``, ``alerts`` and ``share``.
    """
    names = ("crowd", "fmr", "entries", "listed", "chance", "true_alerts", "false_alerts")
    datum = {name: Vega(f"datum.{name}") for name in names}
    return [
        {"crowd": crowd, "fmr": false_match_rate, "entries": watchlist},
        {
            "listed": text(listed_passing(Vega(wanted_in_crowd), datum["entries"], datum["crowd"])),
            "chance": text(false_alert_chance(datum["fmr"], datum["entries"])),
        },
        {
            "true_alerts": text(true_alerts(datum["listed"], Vega(true_match_rate))),
            "false_alerts": text(false_alerts(datum["crowd"], datum["listed"], datum["chance"])),
        },
        {
            "alerts": text(datum["true_alerts"] + datum["false_alerts"]),
            "share": text(share_correct(datum["true_alerts"], datum["false_alerts"])),
        },
    ]


def _computed(chart: alt.Chart, steps: list[dict[str, str]]) -> alt.Chart:
    for step in steps:
        chart = chart.transform_calculate(**step)
    return chart


def power_of_ten_slider(
    name: str, start: float, exponents: tuple[float, float], step: float, label: str
) -> alt.Parameter:
    """A slider that sets a value by its power of ten, so that one slider spans orders of magnitude.

    It starts at ``start`` (at the lowest exponent if ``start`` is 0).
    """
    value = round(math.log10(start), 2) if start > 0 else exponents[0]
    return alt.param(
        name=name,
        value=value,
        bind=alt.binding_range(min=exponents[0], max=exponents[1], step=step, name=label),
    )


def base_rate_chart(inputs: WatchListInputs | None = None) -> alt.VConcatChart:
    """Sliders for the five inputs; bars of true and false alerts; the share of correct alerts.

    Everything is recomputed in the reader's browser (Vega expressions), so the chart works
    on the static site. Crowd size and false-match rate are set by their powers of ten.
    """
    first = expected_alerts(inputs or WatchListInputs())
    start = first.inputs
    crowd_log = power_of_ten_slider(
        "crowd_log", start.crowd, CROWD_EXPONENT_RANGE, 0.1, "Faces scanned per day, as a power of ten (5 = 100,000): "
    )
    fmr_log = power_of_ten_slider(
        "fmr_log",
        start.false_match_rate,
        FALSE_MATCH_EXPONENT_RANGE,
        0.1,
        "False-match rate per comparison, as a power of ten (-5 = 0.00001): ",
    )
    # By its power of ten too: on a linear slider from 1 to 100,000, the move from 10,000 to 100
    # the text suggests was a 1% stretch of the track, or 9,900 presses of an arrow key.
    watch = power_of_ten_slider(
        "list_log",
        start.watchlist,
        WATCHLIST_EXPONENT_RANGE,
        0.5,
        "Entries on the watch list, as a power of ten (4 = 10,000): ",
    )
    wanted = alt.param(
        name="wanted",
        value=start.wanted_in_crowd,
        bind=alt.binding_range(min=0, max=100, step=1, name="Listed people who pass per day: "),
    )
    tmr = alt.param(
        name="tmr",
        value=start.true_match_rate,
        bind=alt.binding_range(min=0, max=1, step=0.01, name="True-match rate (0.9 = 90%): "),
    )
    # The browser computes the formulas of expected_alerts; listed people are held within the
    # crowd and the list, which the sliders can cross, where the Python refuses such inputs.
    one_row = _computed(
        alt.Chart(pd.DataFrame({"row": [0]})),
        browser_steps("round(pow(10, crowd_log))", "pow(10, fmr_log)", "round(pow(10, list_log))"),
    )

    bars = (
        one_row.transform_fold(["true_alerts", "false_alerts"], as_=["kind", "count"])
        .transform_calculate(
            label="datum.kind == 'true_alerts' ? 'True alerts (listed person)' : 'False alerts (someone else)'",
            shown="datum.count > 0 ? datum.count : 0.01",
        )
        .mark_bar()
        .encode(
            y=alt.Y("label:N", title=None, sort=["True alerts (listed person)", "False alerts (someone else)"]),
            x=alt.X(
                "shown:Q",
                title="Expected alerts per day (log scale)",
                scale=alt.Scale(type="log", domain=[0.01, 10_000_000]),
                axis=alt.Axis(values=LOG_TICKS, labelExpr=LOG_LABEL, grid=True),
            ),
            x2=alt.datum(0.01),
            color=alt.Color(
                "label:N",
                legend=None,
                scale=alt.Scale(
                    domain=["True alerts (listed person)", "False alerts (someone else)"],
                    range=["#009E73", "#D55E00"],
                ),
            ),
            tooltip=aigov.charts.tooltips(
                {
                    "label:N": "Alert",
                    "count:Q": "Expected per day",
                },
                {"count:Q": ",.1f"},
            ),
        )
        .properties(height=90, width=VIEW_WIDTH)
    )
    verdict = one_row.transform_calculate(
        line1=(
            "format(datum.crowd, ',') + ' faces a day; ' + datum.listed + ' listed people pass; '"
            " + 'false-match rate ' + format(datum.fmr, '.1e')"
        ),
        line2=(
            "datum.alerts > 0 ? format(datum.true_alerts, ',.1f') + ' true and ' + format(datum.false_alerts, ',.1f')"
            " + ' false alerts a day' : 'No alerts expected'"
        ),
        line3="datum.alerts > 0 ? format(datum.share, '.2%') + ' of alerts are correct' : ''",
        line4=(
            "datum.true_alerts > 0 ? 'For every true alert, ' + format(datum.false_alerts / datum.true_alerts, ',.1f')"
            " + ' false ones.' : 'No true alerts expected.'"
        ),
    )
    text = aigov.charts.text_panel(
        verdict,
        [("line1", 0, 13, "normal"), ("line2", 22, 15, "bold"), ("line3", 44, 15, "bold"), ("line4", 68, 13, "normal")],
        height=84,
    ).properties(width=VIEW_WIDTH)

    exponents = pd.DataFrame({"exponent": np.round(np.linspace(*CROWD_EXPONENT_RANGE, 51), 3)})
    sweep = _computed(
        alt.Chart(exponents), browser_steps("pow(10, datum.exponent)", "pow(10, fmr_log)", "round(pow(10, list_log))")
    ).transform_filter("isValid(datum.share)")
    curve = sweep.mark_line(color="#0072B2").encode(
        x=alt.X(
            "crowd:Q",
            title="Faces scanned per day (log scale)",
            scale=alt.Scale(type="log"),
            axis=alt.Axis(values=LOG_TICKS[4:], labelExpr=LOG_LABEL),
        ),
        y=alt.Y(
            "share:Q",
            title="Share of alerts that are correct",
            scale=alt.Scale(domain=[0, 1]),
            axis=alt.Axis(format="%"),
        ),
        tooltip=aigov.charts.tooltips(
            {
                "crowd:Q": "Faces per day",
                "share:Q": "Alerts correct",
            },
            {"crowd:Q": ",.0f", "share:Q": ".2%"},
        ),
    )
    marker = (
        one_row.transform_filter("isValid(datum.share)")
        .mark_point(size=120, filled=True, color="#D55E00")
        .encode(x="crowd:Q", y="share:Q")
    )
    curve_panel = alt.layer(curve, marker).properties(height=220, width=VIEW_WIDTH)

    return (
        alt.vconcat(text, bars, curve_panel)
        .add_params(crowd_log, fmr_log, watch, wanted, tmr)
        .properties(
            title=alt.Title(
                "Mass face matching: true and false alerts per day (illustrative inputs)",
                subtitle="Set the inputs with the sliders below the chart. Green: true alerts; orange: false alerts.",
            ),
            description=(
                "Interactive calculation of a watch-list camera system's expected alerts per day. "
                "Sliders set the faces scanned per day, the watch-list size, how many listed people pass, "
                "the true-match rate and the false-match rate. A text panel states the expected true and "
                "false alerts and the share of alerts that are correct; a bar chart on a log scale compares "
                "true with false alerts; a line shows the share of correct alerts falling as the crowd grows. "
                f"At the starting values ({start.crowd:,} faces a day, {start.watchlist:,} entries, "
                f"{start.wanted_in_crowd} listed people passing, true-match rate {start.true_match_rate:.0%}, "
                f"false-match rate {start.false_match_rate:.0e}): {summary(first)}"
            ),
        )
    )


class BaseRateCalculator(LabWidget):
    """Type the five inputs of a watch-list camera system; see its expected alerts per day.

    Subclasses that need more inputs (the station case study's minutes per alert) pass
    their own controls as ``extra_controls`` and read the five with :meth:`inputs`.
    """

    def __init__(self, inputs: WatchListInputs | None = None, extra_controls: list[w.Widget] | None = None):
        start = inputs or WatchListInputs()
        style = {"description_width": "initial"}
        self.crowd = w.IntText(value=start.crowd, description="Faces scanned per day:", style=style)
        self.watchlist = w.IntText(value=start.watchlist, description="Entries on the watch list:", style=style)
        self.wanted = w.IntText(value=start.wanted_in_crowd, description="Listed people who pass per day:", style=style)
        self.true_match_rate = w.FloatText(
            value=start.true_match_rate, description="True-match rate (0–1):", style=style
        )
        self.false_match_rate = w.FloatText(
            value=start.false_match_rate, description="False-match rate per comparison (0–1, e.g. 1e-5):", style=style
        )
        controls = [self.crowd, self.watchlist, self.wanted, self.true_match_rate, self.false_match_rate]
        super().__init__(controls + (extra_controls or []))

    def inputs(self) -> WatchListInputs:
        """The five inputs the form describes; ValueError with a reader-facing message if they cannot be."""
        return WatchListInputs(
            crowd=self.crowd.value,
            watchlist=self.watchlist.value,
            wanted_in_crowd=self.wanted.value,
            true_match_rate=self.true_match_rate.value,
            false_match_rate=self.false_match_rate.value,
        )

    def compute(self) -> tuple[pd.DataFrame, str]:
        alerts = expected_alerts(self.inputs())
        return table(alerts), html.escape(summary(alerts))
