"""Analyses and widgets for three case studies in ``casestudies/``.

1. **The Hangzhou safari park** (``casestudies/hangzhou-safari-park.ipynb``): the worked
   scenario ``data/scenarios/hangzhou-safari-park.json`` run through the rules engine
   (:mod:`aigov.rules`) with every combination of four changes to the park's system;
   :func:`park_grid`, :func:`park_chart` and the live form :class:`ParkVariants`.
2. **A railway-station watch list** (``casestudies/railway-station-watchlist.ipynb``): the
   base-rate arithmetic of :mod:`aigov.baserates` turned into what an operator must plan
   for: reviewer hours per day (:func:`reviewer_hours`, :func:`review_table`,
   :func:`review_chart`) and the break-even values at which half the alerts are correct
   (:func:`break_even`); the live form :class:`WatchListReview`. All inputs are
   illustrative.
3. **Re-identification after a leak** (``casestudies/reidentification-after-a-leak.ipynb``):
   a *linkage attack* on synthetic location traces from :mod:`aigov.reidentification`. An
   attacker knows a target's ``k`` most-visited places (home first, then workplace, ...)
   from outside knowledge and looks for people in the leaked, coarsened records who were
   seen at all of them (:func:`known_places`, :func:`linkage_candidates`,
   :func:`linkage_grid`, :func:`linkage_chart`); the live form :class:`LinkageExplorer`.
   The traces are **synthetic**: no real person is described.

Every function checks its input and raises :class:`ValueError` with a message a reader can
act on; the widgets show that message instead of a traceback.
"""

from __future__ import annotations

import html
import itertools
import math
from collections.abc import Iterable
from dataclasses import dataclass
from numbers import Integral, Real
from typing import Any

import altair as alt
import ipywidgets as w
import numpy as np
import pandas as pd

import aigov.charts  # noqa: F401  (registers the book's theme and renderer)
from aigov import baserates, reidentification, rules
from aigov.widgets import BaseRateCalculator, LabWidget, TownLab

# ======================================================================================
# 1. The Hangzhou safari park across regimes
# ======================================================================================

PARK_SCENARIO = "hangzhou-safari-park"

# The four changes a reader can make to the park's system: key -> (letter, label, fields).
# The retention change goes the other way from the rest: the base scenario assumes face
# data are kept for the one-year pass, and the change keeps them five years.
PARK_CHANGES: dict[str, tuple[str, str, dict[str, Any]]] = {
    "alternative": ("A", "Offer a card or ticket as an alternative to the face scan", {"alternative_offered": True}),
    "consent": ("C", "Ask for separate consent to the face scan", {"consent": "separate"}),
    "retention": ("R", "Keep face data for five years, beyond the one-year pass", {"retention_days": 5 * 365}),
    "storage": ("S", "Keep face data only in the gate device", {"storage": "on_device"}),
}

# Verdict colours: light tints (dark text stays readable on them), in order of gravity.
VERDICT_COLOURS = {
    "prohibited": "#f2b398",
    "requires action": "#f8d68f",
    "permitted": "#9dd9c3",
    "exemption applies": "#b9dcf2",
    "out of scope": "#d9d9d9",
    "no provision applies": "#f2f2f2",
}
# Short words for the cells of the overview, so the verdict is not told by colour alone.
VERDICT_ABBREVIATIONS = {
    "prohibited": "ban",
    "requires action": "fix",
    "permitted": "ok",
    "exemption applies": "exm",
    "out of scope": "out",
    "no provision applies": "–",
}


def park_scenario() -> dict[str, Any]:
    """The worked scenario of the Hangzhou safari park (``data/scenarios``), validated."""
    return rules.load_scenario(rules.SCENARIO_DIR / f"{PARK_SCENARIO}.json")


def _chosen_changes(changes: Iterable[str]) -> list[str]:
    if isinstance(changes, str):
        changes = [changes]
    chosen = list(changes)
    unknown = [c for c in chosen if c not in PARK_CHANGES]
    if unknown:
        raise ValueError(f"unknown change(s) {', '.join(map(repr, unknown))}; choose from: {', '.join(PARK_CHANGES)}")
    return [c for c in PARK_CHANGES if c in chosen]


def variant_code(changes: Iterable[str]) -> str:
    """A short name for a set of changes: their letters (e.g. 'AC'), or 'none'."""
    letters = "".join(PARK_CHANGES[c][0] for c in _chosen_changes(changes))
    return letters or "none"


def apply_changes(scenario: dict[str, Any], changes: Iterable[str]) -> dict[str, Any]:
    """The scenario with the chosen changes (keys of :data:`PARK_CHANGES`) made."""
    chosen = _chosen_changes(changes)
    changed = dict(scenario)
    for change in chosen:
        changed.update(PARK_CHANGES[change][2])
    if chosen:
        changed["name"] = f"{scenario['name']} ({variant_code(chosen)})"
    return rules.validate_scenario(changed)


def _short_id(provision_id: str) -> str:
    """A provision id without its regime prefix: 'cac2025-consent' -> 'consent'."""
    return provision_id.split("-", 1)[1] if "-" in provision_id else provision_id


def open_findings(findings: list[rules.Finding], regime_id: str) -> list[str]:
    """Ids of a regime's findings that still need action: prohibitions and unmet requirements."""
    return [f.provision for f in findings if f.regime == regime_id and f.outcome in ("prohibited", "requires")]


def park_grid(scenario: dict[str, Any] | None = None, engine: rules.Rules | None = None) -> pd.DataFrame:
    """Every combination of the four changes × every regime: the verdict and what is still open.

    One row per (variant, regime), with a boolean column per change, the variant's code,
    the number of changes, the regime's short name and order, the verdict, and the
    provisions that still prohibit or require something (``open``, their count ``n_open``).
    """
    scenario = park_scenario() if scenario is None else rules.validate_scenario(scenario)
    engine = engine or rules.load_rules()
    rows = []
    keys = list(PARK_CHANGES)
    for flags in itertools.product([False, True], repeat=len(keys)):
        chosen = [k for k, on in zip(keys, flags) if on]
        findings = rules.assess(apply_changes(scenario, chosen), rules=engine)
        for order, regime in enumerate(engine.regimes):
            still_open = open_findings(findings, regime["id"])
            rows.append(
                {
                    **dict(zip(keys, flags)),
                    "variant": variant_code(chosen),
                    "changes": len(chosen),
                    "regime_id": regime["id"],
                    "regime": regime["short_name"],
                    "regime_order": order,
                    "verdict": rules.verdict(findings, regime["id"], engine),
                    "open": ", ".join(_short_id(p) for p in still_open),
                    "n_open": len(still_open),
                }
            )
    grid = pd.DataFrame(rows)
    return grid.sort_values(["changes", "variant", "regime_order"], kind="stable", ignore_index=True)


def park_verdicts(grid: pd.DataFrame) -> pd.DataFrame:
    """The grid as a table: variants (rows, fewest changes first) × regimes (columns)."""
    table = grid.pivot(index="variant", columns="regime", values="verdict")
    order = grid.drop_duplicates("variant")["variant"]
    regimes = grid.drop_duplicates("regime").sort_values("regime_order")["regime"]
    return table.loc[list(order), list(regimes)].rename_axis(index="changes made", columns=None)


def park_verdict_counts(grid: pd.DataFrame) -> pd.DataFrame:
    """How many of the variants get each verdict, regime by regime (verdicts in order of gravity)."""
    counts = pd.crosstab(grid["regime"], grid["verdict"])
    regimes = grid.drop_duplicates("regime").sort_values("regime_order")["regime"]
    verdicts = [v for v in VERDICT_COLOURS if v in counts.columns]
    return counts.loc[list(regimes), verdicts].rename_axis(index="regime", columns="verdict")


def _wrap(items: str, per_line: int = 2) -> str:
    parts = [p for p in items.split(", ") if p]
    if not parts:
        return "nothing"
    return "\n".join(", ".join(parts[i : i + per_line]) for i in range(0, len(parts), per_line))


def park_chart(grid: pd.DataFrame) -> alt.VConcatChart:
    """Four checkboxes choose a variant of the park's system; each regime's verdict follows.

    The top panel lists, for the chosen variant, each regime's verdict and the provisions
    still open; the bottom panel shows all 16 variants at once with the chosen one framed.
    The grid is precomputed by the rules engine; the browser only filters it.
    """
    keys = list(PARK_CHANGES)
    missing = [c for c in [*keys, "variant", "regime", "regime_order", "verdict", "open"] if c not in grid.columns]
    if missing:
        raise ValueError(f"the grid lacks column(s) {', '.join(missing)}; make it with park_grid()")
    data = grid.assign(open_lines=grid["open"].map(_wrap), short=grid["verdict"].map(VERDICT_ABBREVIATIONS))
    params = [
        alt.param(name=f"with_{key}", value=False, bind=alt.binding_checkbox(name=f"{letter}: {label}"))
        for key, (letter, label, _) in PARK_CHANGES.items()
    ]
    chosen = " && ".join(f"datum.{key} === with_{key}" for key in keys)
    regimes = data.drop_duplicates("regime").sort_values("regime_order")["regime"].tolist()
    verdicts = [v for v in VERDICT_COLOURS if v in set(data["verdict"])]
    colour = alt.Color(
        "verdict:N",
        title="Verdict",
        scale=alt.Scale(domain=verdicts, range=[VERDICT_COLOURS[v] for v in verdicts]),
        legend=alt.Legend(orient="bottom", columns=3, symbolStrokeColor="#666666", symbolStrokeWidth=0.5),
    )
    y = alt.Y("regime:N", sort=regimes, title=None, axis=alt.Axis(labelFontSize=12, labelFontWeight="bold", ticks=False, domain=False))

    selected = alt.Chart(data).transform_filter(chosen)
    columns = ["verdict", "open"]
    header = "datum.value == 'verdict' ? 'Verdict' : 'Still open (provision ids)'"
    column_x = alt.X(
        "column:N",
        title=None,
        sort=columns,
        scale=alt.Scale(domain=columns),
        axis=alt.Axis(orient="top", labelAngle=0, labelExpr=header, ticks=False, domain=False, labelFontWeight="bold", labelFontSize=12),
    )
    tooltip = [
        alt.Tooltip("regime:N", title="Regime"),
        alt.Tooltip("verdict:N", title="Verdict"),
        alt.Tooltip("open:N", title="Still open"),
    ]
    in_verdict = selected.transform_calculate(column="'verdict'")
    in_open = selected.transform_calculate(column="'open'")
    verdict_cells = in_verdict.mark_rect(stroke="#ffffff", strokeWidth=2).encode(y=y, x=column_x, color=colour, tooltip=tooltip)
    open_cells = in_open.mark_rect(stroke="#ffffff", strokeWidth=2, color="#f5f5f5").encode(y=y, x=column_x, tooltip=tooltip)
    verdict_text = in_verdict.mark_text(fontSize=13, fontWeight="bold", color="#1a1a1a").encode(y=y, x=column_x, text="verdict:N")
    open_text = in_open.mark_text(fontSize=12, color="#1a1a1a", lineBreak="\n").encode(y=y, x=column_x, text="open_lines:N")
    detail = alt.layer(verdict_cells, open_cells, verdict_text, open_text).properties(width=500, height=300)

    variants = data.drop_duplicates("variant")["variant"].tolist()
    x = alt.X("variant:N", sort=variants, title="Changes made (A, C, R, S as in the checkboxes)", axis=alt.Axis(labelAngle=0, orient="bottom"))
    overview_base = alt.Chart(data).encode(x=x, y=y)
    heat = overview_base.mark_rect(stroke="#ffffff", strokeWidth=1).encode(
        color=colour,
        tooltip=[
            alt.Tooltip("variant:N", title="Changes"),
            alt.Tooltip("regime:N", title="Regime"),
            alt.Tooltip("verdict:N", title="Verdict"),
            alt.Tooltip("open:N", title="Still open"),
        ],
    )
    words = overview_base.mark_text(fontSize=10, color="#1a1a1a").encode(text="short:N")
    frame = (
        alt.Chart(data)
        .transform_filter(chosen)
        .transform_aggregate(groupby=["variant"], count="count()")
        .mark_rect(fill=None, stroke="#1a1a1a", strokeWidth=3)
        .encode(x=x)
    )
    overview = alt.layer(heat, words, frame).properties(
        width=500,
        height=180,
        title=alt.Title(
            "All 16 combinations (framed: your choice)",
            subtitle=", ".join(f"{VERDICT_ABBREVIATIONS[v]} = {v}" for v in verdicts),
            fontSize=13,
        ),
    )
    base = data[data["changes"] == 0].sort_values("regime_order")
    return (
        alt.vconcat(detail, overview, spacing=24)
        .add_params(*params)
        .properties(
            title=alt.Title(
                "The Hangzhou safari park under six regimes: change the park's system",
                subtitle=[
                    "Tick the boxes below the chart. A teaching simplification of the rules, not legal advice;",
                    "assumed facts as in the scenario file (e.g. 10,000 pass holders, networked storage).",
                ],
            ),
            description=(
                "Interactive table chart. Four checkboxes change the Hangzhou safari park scenario: offer an "
                "alternative to the face scan (A), ask for separate consent (C), keep face data five years "
                "instead of one (R), keep face data only in the gate device (S). The top panel gives, for the "
                "chosen combination, each regime's verdict from the book's rules engine and the provisions "
                "still open; the bottom panel shows the verdicts of all 16 combinations, the chosen one "
                "framed. With no box ticked: "
                + "; ".join(f"{r.regime}: {r.verdict}" for r in base.itertuples())
                + "."
            ),
        )
        .configure_view(stroke=None)
    )


class ParkVariants(LabWidget):
    """Four checkboxes change the safari park's system; see each regime's verdict and the findings."""

    def __init__(self, scenario: dict[str, Any] | None = None):
        self.scenario = park_scenario() if scenario is None else rules.validate_scenario(scenario)
        self.engine = rules.load_rules()
        layout = w.Layout(width="95%")
        self.boxes = {
            key: w.Checkbox(value=False, description=f"{letter}: {label}", indent=False, layout=layout)
            for key, (letter, label, _) in PARK_CHANGES.items()
        }
        super().__init__(list(self.boxes.values()))

    def chosen(self) -> list[str]:
        """The changes ticked, in the order of :data:`PARK_CHANGES`."""
        return [key for key, box in self.boxes.items() if box.value]

    def compute(self) -> tuple[pd.DataFrame, str]:
        chosen = self.chosen()
        scenario = apply_changes(self.scenario, chosen)
        findings = rules.assess(scenario, rules=self.engine)
        items = []
        for regime in self.engine.regimes:
            still_open = open_findings(findings, regime["id"])
            extra = f" (still open: {html.escape(', '.join(still_open))})" if still_open else ""
            verdict = html.escape(rules.verdict(findings, regime["id"], self.engine))
            items.append(f"<li><b>{html.escape(regime['name'])}</b>: {verdict}{extra}</li>")
        label = "the park as in the scenario file" if not chosen else "changes " + variant_code(chosen)
        text = (
            f"Verdicts for {html.escape(label)} (a teaching simplification, not legal advice):"
            f"<ul>{''.join(items)}</ul>"
        )
        return rules.findings_table(findings, self.engine), text


# ======================================================================================
# 2. A railway-station watch list: reviewer workload and break-even values
# ======================================================================================

SHIFT_HOURS = 8.0
# Illustrative crowd sizes for the text panel of the chart (faces scanned per day).
STATION_CROWDS = (10_000, 100_000, 1_000_000)


def _positive(value: object, name: str, maximum: float) -> float:
    if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(float(value)):
        raise ValueError(f"{name} must be a number, not {value!r}")
    if not 0 < value <= maximum:
        raise ValueError(f"{name} must be more than 0 and at most {maximum:g}; you entered {value:g}")
    return float(value)


def minutes_checked(minutes_per_alert: object) -> float:
    """Minutes a reviewer spends on one alert: more than 0 and at most 600 (ten hours)."""
    return _positive(minutes_per_alert, "Minutes per alert", 600)


def reviewer_hours(alerts: baserates.Alerts, minutes_per_alert: float) -> float:
    """Person-hours per day needed to check every alert.

    >>> a = baserates.expected_alerts(100_000, 10_000, 10, 0.9, 1e-5)
    >>> round(reviewer_hours(a, 2), 1)
    317.5
    """
    return alerts.alerts * minutes_checked(minutes_per_alert) / 60


def reviewers_needed(hours: float, shift_hours: float = SHIFT_HOURS) -> float:
    """Reviewers working one shift each, to cover ``hours`` of checking a day."""
    shift = _positive(shift_hours, "Hours per shift", 24)
    if isinstance(hours, bool) or not isinstance(hours, Real) or hours < 0:
        raise ValueError(f"Reviewer hours must be a number, 0 or more, not {hours!r}")
    return hours / shift


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


def _target_share(share: object) -> float:
    if isinstance(share, bool) or not isinstance(share, Real) or not 0 < share < 1:
        raise ValueError(f"The target share of correct alerts must be between 0 and 1 (0.5 = half), not {share!r}")
    return float(share)


def break_even(
    crowd: int,
    watchlist: int,
    wanted_in_crowd: int,
    true_match_rate: float,
    false_match_rate: float,
    share: float = 0.5,
) -> BreakEven:
    """The false-match rate, list size and number of listed passers-by at which ``share`` of alerts are correct.

    True alerts ``T = wanted × tmr``; false alerts ``F = (crowd − wanted) × p`` with
    ``p = 1 − (1 − fmr) ** watchlist``. The share correct ``T / (T + F)`` reaches ``s``
    when ``F ≤ T (1 − s) / s``; each value below solves that for one input.
    """
    day = baserates.expected_alerts(crowd, watchlist, wanted_in_crowd, true_match_rate, false_match_rate)
    s = _target_share(share)
    unlisted = day.crowd - day.wanted_in_crowd
    allowed_false = day.true_alerts * (1 - s) / s
    # Highest per-person chance of a false alert, then per comparison.
    if unlisted == 0 or day.watchlist == 0:
        fmr = 1.0
    else:
        chance = allowed_false / unlisted
        fmr = 1.0 if chance >= 1 else -math.expm1(math.log1p(-chance) / day.watchlist)
    # Longest list, other inputs fixed; it must still hold the listed people who pass.
    if unlisted == 0 or day.false_match_rate == 0 or allowed_false >= unlisted:
        longest: float | None = math.inf
    elif day.false_match_rate == 1:
        longest = 0 if day.wanted_in_crowd == 0 else None
    else:
        chance = allowed_false / unlisted
        longest = math.floor(math.log1p(-chance) / math.log1p(-day.false_match_rate) + 1e-9)
        if longest < day.wanted_in_crowd:
            longest = None
    # Fewest listed passers-by, other inputs fixed: w tmr (1 - s) >= s (crowd - w) p.
    p = day.false_alert_chance
    denominator = day.true_match_rate * (1 - s) + s * p
    if denominator == 0:
        fewest: int | None = None
    else:
        fewest = math.ceil(s * day.crowd * p / denominator - 1e-9)
        if fewest > min(day.crowd, day.watchlist):
            fewest = None
    return BreakEven(share=s, false_match_rate=fmr, watchlist=longest, wanted_in_crowd=fewest)


def review_table(
    watchlist: int,
    wanted_in_crowd: int,
    true_match_rate: float,
    false_match_rate: float,
    minutes_per_alert: float,
    crowds: Iterable[int] = STATION_CROWDS,
    shift_hours: float = SHIFT_HOURS,
) -> pd.DataFrame:
    """Alerts, reviewer hours and the break-even false-match rate for several crowd sizes."""
    minutes = minutes_checked(minutes_per_alert)
    rows = []
    for crowd in crowds:
        day = baserates.expected_alerts(crowd, watchlist, wanted_in_crowd, true_match_rate, false_match_rate)
        hours = reviewer_hours(day, minutes)
        rows.append(
            {
                "crowd": day.crowd,
                "true_alerts": day.true_alerts,
                "false_alerts": day.false_alerts,
                "false_per_true": day.false_per_true,
                "share_correct": day.share_correct,
                "reviewer_hours": hours,
                "reviewers": reviewers_needed(hours, shift_hours),
                "fmr_for_half": break_even(crowd, watchlist, wanted_in_crowd, true_match_rate, false_match_rate).false_match_rate,
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


def review_chart(
    watchlist: int = 10_000,
    wanted_in_crowd: int = 10,
    true_match_rate: float = 0.9,
    false_match_rate: float = 1e-6,
    minutes_per_alert: float = 2.0,
) -> alt.VConcatChart:
    """Reviewer hours per day against crowd size, with sliders; recomputed in the browser.

    Sliders set the minutes a reviewer spends per alert, the false-match rate (as a power
    of ten), the watch-list size (as a power of ten) and the listed people passing per
    day; the true-match rate is fixed at ``true_match_rate``. A text table gives the
    numbers for three crowd sizes, including the false-match rate at which half the
    alerts would be correct.
    """
    first = baserates.expected_alerts(STATION_CROWDS[1], watchlist, wanted_in_crowd, true_match_rate, false_match_rate)
    minutes = minutes_checked(minutes_per_alert)
    if first.false_match_rate == 0 or first.watchlist == 0:
        raise ValueError("the chart sets the false-match rate and the watch list by powers of ten: give values above 0")
    minutes_param = alt.param(
        name="minutes",
        value=minutes,
        bind=alt.binding_range(min=0.5, max=30, step=0.5, name="Minutes a reviewer spends per alert: "),
    )
    fmr_param = alt.param(
        name="fmr_log",
        value=round(math.log10(first.false_match_rate), 2),
        bind=alt.binding_range(min=-9, max=-3, step=0.5, name="False-match rate per comparison, power of ten (-6 = 0.000001): "),
    )
    list_param = alt.param(
        name="list_log",
        value=round(math.log10(first.watchlist), 2),
        bind=alt.binding_range(min=1, max=6, step=0.5, name="Entries on the watch list, power of ten (4 = 10,000): "),
    )
    wanted_param = alt.param(
        name="wanted",
        value=first.wanted_in_crowd,
        bind=alt.binding_range(min=1, max=100, step=1, name="Listed people who pass per day: "),
    )
    tmr = first.true_match_rate
    # The same formulas as baserates.expected_alerts and break_even, in Vega expressions.
    steps = [
        {"fmr": "pow(10, fmr_log)", "entries": "round(pow(10, list_log))"},
        {"listed": "min(wanted, min(datum.entries, datum.crowd))", "chance": "1 - pow(1 - datum.fmr, datum.entries)"},
        {"true_alerts": f"datum.listed * {tmr}", "false_alerts": "(datum.crowd - datum.listed) * datum.chance"},
        {"alerts": "datum.true_alerts + datum.false_alerts"},
        {
            "hours": "datum.alerts * minutes / 60",
            "share": "datum.alerts > 0 ? datum.true_alerts / datum.alerts : 0",
            "per_true": "datum.true_alerts > 0 ? datum.false_alerts / datum.true_alerts : null",
            "fmr_half": f"datum.crowd > datum.listed ? 1 - pow(1 - min(1, datum.listed * {tmr} / (datum.crowd - datum.listed)), 1 / datum.entries) : 1",
        },
    ]

    def computed(chart: alt.Chart) -> alt.Chart:
        for step in steps:
            chart = chart.transform_calculate(**step)
        return chart

    exponents = np.round(np.linspace(3, 7, 41), 2)
    sweep = computed(alt.Chart(pd.DataFrame({"exponent": exponents})).transform_calculate(crowd="pow(10, datum.exponent)"))
    ticks = [1_000, 10_000, 100_000, 1_000_000, 10_000_000]
    hour_ticks = [0.01, 0.1, 1, 10, 100, 1_000, 10_000, 100_000, 1_000_000]
    x = alt.X("crowd:Q", title="Faces scanned per day (log scale)", scale=alt.Scale(type="log", domain=[1_000, 10_000_000]), axis=alt.Axis(values=ticks, labelExpr=baserates.LOG_LABEL))
    y_scale = alt.Scale(type="log", domain=[0.01, 1_000_000], clamp=True)
    line = sweep.mark_line(color="#0072B2", strokeWidth=3).encode(
        x=x,
        y=alt.Y("hours:Q", title="Reviewer hours per day (log scale)", scale=y_scale, axis=alt.Axis(values=hour_ticks, labelExpr=baserates.LOG_LABEL)),
        tooltip=[
            alt.Tooltip("crowd:Q", format=",.0f", title="Faces per day"),
            alt.Tooltip("hours:Q", format=",.1f", title="Reviewer hours"),
            alt.Tooltip("share:Q", format=".2%", title="Alerts correct"),
        ],
    )
    references = pd.DataFrame(
        {"hours": [SHIFT_HOURS, 100 * SHIFT_HOURS], "label": ["one reviewer's 8-hour shift", "100 reviewers (800 hours)"]}
    )
    rule = alt.Chart(references).mark_rule(color="#8c8c8c", strokeDash=[4, 4]).encode(y=alt.Y("hours:Q", scale=y_scale))
    rule_text = alt.Chart(references).mark_text(align="left", dx=4, dy=-7, fontSize=11, color="#404040").encode(
        x=alt.value(0), y=alt.Y("hours:Q", scale=y_scale), text="label:N"
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
    headers = alt.Chart(pd.DataFrame({"column": [c[0] for c in columns], "order": range(len(columns)), "row": 0})).mark_text(
        fontWeight="bold", fontSize=12, color="#1a1a1a", lineBreak="\n", baseline="bottom", dy=6
    ).encode(x=table_x, y=table_y, text="column:N")
    body = alt.layer(
        *[
            points.transform_calculate(cell=expression, order=str(i)).mark_text(fontSize=13, color="#1a1a1a").encode(
                x=table_x, y=table_y, text="cell:N"
            )
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
                f"starting values ({first.watchlist:,} entries, {first.wanted_in_crowd} listed people a day, "
                f"false-match rate {first.false_match_rate:.0e}, {minutes:g} minutes per alert) a crowd of "
                f"{first.crowd:,} needs {reviewer_hours(first, minutes):,.0f} reviewer hours a day."
            ),
        )
        .configure_view(stroke=None)
    )


class WatchListReview(BaseRateCalculator):
    """Type a station's inputs and the minutes per alert; see alerts, reviewer hours and break-even values."""

    def __init__(
        self,
        crowd: int = 100_000,
        watchlist: int = 10_000,
        wanted_in_crowd: int = 10,
        true_match_rate: float = 0.9,
        false_match_rate: float = 1e-6,
        minutes_per_alert: float = 2.0,
    ):
        self.minutes = w.FloatText(
            value=minutes_per_alert, description="Minutes a reviewer spends per alert:", style={"description_width": "initial"}
        )
        super().__init__(crowd, watchlist, wanted_in_crowd, true_match_rate, false_match_rate, extra_controls=[self.minutes])

    def compute(self) -> tuple[pd.DataFrame, str]:
        inputs = self.inputs()
        day = baserates.expected_alerts(*inputs)
        hours = reviewer_hours(day, self.minutes.value)
        even = break_even(*inputs)
        longest = even.watchlist
        rows = [
            ("Expected true alerts a day", f"{day.true_alerts:,.1f}"),
            ("Expected false alerts a day", f"{day.false_alerts:,.1f}"),
            ("False alerts per true one", "–" if day.false_per_true is None else f"{day.false_per_true:,.1f}"),
            ("Reviewer hours a day", f"{hours:,.1f}"),
            ("Reviewers on 8-hour shifts", f"{reviewers_needed(hours):,.1f}"),
            ("False-match rate for half the alerts correct", f"{even.false_match_rate:.2g}"),
            ("Longest watch list for half correct", "any length" if longest == math.inf else ("not possible" if longest is None else f"{longest:,}")),
            ("Listed people who must pass for half correct", "not possible" if even.wanted_in_crowd is None else f"{even.wanted_in_crowd:,}"),
        ]
        text = html.escape(baserates.summary(day)) + (
            f" Checking every alert at {self.minutes.value:g} minutes each takes <b>{hours:,.1f} person-hours a day</b>. "
            "Illustrative inputs: not measurements of any real system."
        )
        return pd.DataFrame(rows, columns=["quantity", "value"]), text


# ======================================================================================
# 3. Re-identification after a leak: a linkage attack
# ======================================================================================

KNOWN_PLACES = (1, 2, 3, 4, 5)
# Bands of the number of candidates left, in the order shown.
CANDIDATE_BANDS = ("1 (singled out)", "2–5", "6–20", "21–100", "over 100")
_BAND_EDGES = (1, 5, 20, 100)


def candidate_band(count: int) -> str:
    """The band of a candidate count: '1 (singled out)', '2–5', '6–20', '21–100' or 'over 100'."""
    if isinstance(count, bool) or not isinstance(count, Integral) or count < 1:
        raise ValueError(f"a candidate count is a whole number, at least 1 (the target), not {count!r}")
    for band, edge in zip(CANDIDATE_BANDS, _BAND_EDGES):
        if count <= edge:
            return band
    return CANDIDATE_BANDS[-1]


def _whole(value: object, name: str, minimum: int, maximum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise ValueError(f"{name} must be a whole number, not {value!r}")
    if not minimum <= value <= maximum:
        raise ValueError(f"{name} must be between {minimum} and {maximum}; you entered {value}")
    return int(value)


def _fine_traces(traces: reidentification.Traces) -> None:
    if not isinstance(traces, reidentification.Traces):
        raise ValueError("the leak must be location traces made by aigov.reidentification (a Traces object)")
    if traces.records.empty:
        raise ValueError("the traces hold no records")
    if traces.space_factor != 1:
        raise ValueError("give the traces at their original resolution; the attack coarsens them itself (cell_size)")


def known_places(traces: reidentification.Traces, places: int) -> pd.DataFrame:
    """What the attacker knows: each person's ``places`` most-visited grid cells.

    Ranked by the number of records in the cell (ties: lower x, then lower y); rank 1 is
    usually home and rank 2 the workplace. People with fewer distinct places get all of
    theirs. Columns: person, rank, x, y, records.
    """
    _fine_traces(traces)
    k = _whole(places, "Known places", 1, 20)
    counts = traces.records.groupby(["person", "x", "y"]).size().rename("records").reset_index()
    counts = counts.sort_values(["person", "records", "x", "y"], ascending=[True, False, True, True], kind="stable")
    counts["rank"] = counts.groupby("person").cumcount() + 1
    return counts[counts["rank"] <= k][["person", "rank", "x", "y", "records"]].reset_index(drop=True)


def _ranked_places(traces: reidentification.Traces, places: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """People, each record's person index, and each person's ``places`` most-visited fine cells.

    Cells are numbered ``x * grid_size + y``; the ranking and its tie rule are those of
    :func:`known_places`. Missing places (a person with fewer distinct cells) are -1.
    """
    records = traces.records
    people, person_index = np.unique(records["person"].to_numpy(), return_inverse=True)
    cells = traces.grid_size * traces.grid_size
    fine = records["x"].to_numpy() * traces.grid_size + records["y"].to_numpy()
    pairs, visits = np.unique(person_index * cells + fine, return_counts=True)
    owner, cell = pairs // cells, pairs % cells
    order = np.lexsort((cell, -visits, owner))
    owner, cell = owner[order], cell[order]
    starts = np.searchsorted(owner, np.arange(len(people)))
    rank = np.arange(len(owner)) - starts[owner]
    ranked = np.full((len(people), places), -1, dtype=np.int64)
    keep = rank < places
    ranked[owner[keep], rank[keep]] = cell[keep]
    return people, person_index, ranked


def linkage_counts(
    traces: reidentification.Traces,
    places: Iterable[int] = KNOWN_PLACES,
    cell_sizes: Iterable[int] = reidentification.SPACE_FACTORS,
) -> pd.DataFrame:
    """For each person as target, how many people in the leak were seen at all their known places.

    The attacker knows the target's ``k`` most-visited cells at full resolution
    (:func:`known_places`). The leak is coarsened to ``cell_size`` × ``cell_size`` cells;
    the attacker maps each known place to its coarse cell and counts the people whose
    leaked records include every one of those cells, at any time. The target is always
    among them, so the count is at least 1; a count of 1 singles the target out.

    One row per (cell_size, places, person) for every ``k`` in ``places`` and every cell
    size. Columns: cell_size, places, person, candidates.
    """
    _fine_traces(traces)
    ks = sorted({_whole(k, "Known places", 1, 20) for k in places})
    sizes = [_whole(size, "Cell size", 1, traces.grid_size) for size in cell_sizes]
    if not ks or not sizes:
        raise ValueError("give at least one number of known places and one cell size")
    people, person_index, ranked = _ranked_places(traces, ks[-1])
    frames = []
    block = 1000
    for size in sizes:
        side = -(-traces.grid_size // size)
        coarse_of = (np.arange(traces.grid_size * traces.grid_size) // traces.grid_size // size) * side + (
            np.arange(traces.grid_size * traces.grid_size) % traces.grid_size // size
        )
        fine = traces.records["x"].to_numpy() * traces.grid_size + traces.records["y"].to_numpy()
        seen = np.zeros((len(people), side * side), dtype=bool)
        seen[person_index, coarse_of[fine]] = True
        counts = np.empty((ks[-1], len(people)), dtype=np.int64)
        for start in range(0, len(people), block):
            targets = ranked[start : start + block]
            together = np.ones((len(people), len(targets)), dtype=bool)
            for j in range(ks[-1]):
                valid = targets[:, j] >= 0
                together[:, valid] &= seen[:, coarse_of[targets[valid, j]]]
                counts[j, start : start + block] = together.sum(axis=0)
        for k in ks:
            frames.append(pd.DataFrame({"cell_size": size, "places": k, "person": people, "candidates": counts[k - 1]}))
    return pd.concat(frames, ignore_index=True)


def linkage_candidates(traces: reidentification.Traces, places: int, cell_size: int = 1) -> pd.DataFrame:
    """:func:`linkage_counts` for one number of known places and one cell size. Columns: person, candidates."""
    counts = linkage_counts(traces, [places], [cell_size])
    return counts[["person", "candidates"]]


def linkage_summary(candidates: pd.DataFrame) -> dict[str, float]:
    """Median candidates, share singled out and share left with at most five candidates."""
    counts = candidates["candidates"]
    return {
        "targets": int(len(counts)),
        "median_candidates": float(counts.median()),
        "singled_out": float((counts == 1).mean()),
        "five_or_fewer": float((counts <= 5).mean()),
    }


def linkage_bands(candidates: pd.DataFrame) -> pd.DataFrame:
    """Share and number of targets in each band of candidates left."""
    bands = candidates["candidates"].map(candidate_band)
    counts = bands.value_counts().reindex(list(CANDIDATE_BANDS), fill_value=0)
    return pd.DataFrame(
        {"candidates left": list(CANDIDATE_BANDS), "targets": counts.to_numpy(), "share": counts.to_numpy() / len(bands)}
    )


def linkage_grid(
    traces: reidentification.Traces,
    places: Iterable[int] = KNOWN_PLACES,
    cell_sizes: Iterable[int] = reidentification.SPACE_FACTORS,
) -> pd.DataFrame:
    """The attack for every number of known places and cell size of the leak.

    One row per (cell_size, places, band), with the share of targets in the band and,
    repeated on each row of a group, the median candidates and the share singled out.
    """
    rows = []
    counts = linkage_counts(traces, places, cell_sizes)
    for (size, k), candidates in counts.groupby(["cell_size", "places"], sort=True):
        summary = linkage_summary(candidates)
        for order, row in enumerate(linkage_bands(candidates).itertuples(index=False)):
            rows.append(
                {
                    "cell_size": size,
                    "places": k,
                    "band": row[0],
                    "band_order": order,
                    "share": row[2],
                    "median_candidates": summary["median_candidates"],
                    "singled_out": summary["singled_out"],
                }
            )
    return pd.DataFrame(rows)


def linkage_chart(grid: pd.DataFrame, people: int) -> alt.VConcatChart:
    """A slider for known places and buttons for the leak's cell size; bars of candidates left."""
    needed = ["cell_size", "places", "band", "band_order", "share", "median_candidates", "singled_out"]
    missing = [c for c in needed if c not in grid.columns]
    if missing:
        raise ValueError(f"the grid lacks column(s) {', '.join(missing)}; make it with linkage_grid()")
    places = sorted(grid["places"].unique().tolist())
    sizes = sorted(grid["cell_size"].unique().tolist())
    k = alt.param(
        name="known",
        value=2 if 2 in places else places[0],
        bind=alt.binding_range(min=min(places), max=max(places), step=1, name="Places the attacker knows (1 = home; 2 = home and work): "),
    )
    size = alt.param(
        name="leak_cell",
        value=sizes[0],
        bind=alt.binding_radio(options=sizes, name="Leak coarsened to cells of (cells per side): "),
    )
    chosen = "datum.places === known && datum.cell_size === leak_cell"
    summary = (
        alt.Chart(grid)
        .transform_filter(chosen)
        .transform_filter("datum.band_order === 0")
        .transform_calculate(
            line1=(
                "'Knowing ' + datum.places + (datum.places === 1 ? ' place' : ' places') + ', leak at ' + datum.cell_size"
                " + ' × ' + datum.cell_size + (datum.cell_size === 1 ? ' cell' : ' cells') + ':'"
            ),
            line2=(
                "format(datum.singled_out, '.0%') + ' of targets singled out; median ' + format(datum.median_candidates, ',.0f')"
                " + (datum.median_candidates === 1 ? ' candidate' : ' candidates')"
            ),
        )
    )
    text = alt.layer(
        summary.mark_text(align="left", baseline="top", fontSize=13, color="#1a1a1a").encode(x=alt.value(0), y=alt.value(0), text="line1:N"),
        summary.mark_text(align="left", baseline="top", fontSize=15, fontWeight="bold", color="#1a1a1a").encode(x=alt.value(0), y=alt.value(20), text="line2:N"),
    ).properties(width=440, height=42)
    bars_base = alt.Chart(grid).transform_filter(chosen).encode(
        y=alt.Y("band:N", sort=list(CANDIDATE_BANDS), title="Candidates left"),
        x=alt.X("share:Q", title="Share of targets", scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%", values=[0, 0.25, 0.5, 0.75, 1])),
    )
    bars = bars_base.mark_bar(color="#0072B2").encode(
        tooltip=[
            alt.Tooltip("band:N", title="Candidates left"),
            alt.Tooltip("share:Q", format=".1%", title="Share of targets"),
        ]
    )
    labels = bars_base.mark_text(align="left", dx=4, fontSize=12, color="#1a1a1a").encode(text=alt.Text("share:Q", format=".0%"))
    panel = alt.layer(bars, labels).properties(width=440, height=170)
    medians = grid[grid["band_order"] == 0]
    trend_base = alt.Chart(medians).encode(
        x=alt.X("places:O", title="Places the attacker knows", axis=alt.Axis(labelAngle=0)),
        y=alt.Y(
            "median_candidates:Q",
            title="Median candidates (log scale)",
            scale=alt.Scale(type="log", domain=[1, 1000], clamp=True),
            axis=alt.Axis(values=[1, 10, 100, 1000], format=",~g"),
        ),
    )
    finest = f"datum.cell_size === {sizes[0]}"
    trend = alt.layer(
        trend_base.transform_filter(finest).mark_line(color="#8c8c8c", strokeDash=[4, 4]),
        trend_base.transform_filter("datum.cell_size === leak_cell").mark_line(color="#0072B2", strokeWidth=3, point=True),
        trend_base.transform_filter("datum.cell_size === leak_cell && datum.places === known").mark_point(size=160, filled=True, color="#D55E00"),
        trend_base.transform_filter("datum.cell_size === leak_cell").mark_text(dy=-12, fontSize=12, color="#1a1a1a").encode(
            text=alt.Text("median_candidates:Q", format=",.0f")
        ),
    ).properties(width=440, height=150)
    return (
        alt.vconcat(text, panel, trend, spacing=18)
        .add_params(k, size)
        .properties(
            title=alt.Title(
                f"SYNTHETIC DATA: a linkage attack on the leaked traces of {people:,} simulated people",
                subtitle=[
                    "The attacker knows a target's most-visited places and counts the people in the leak seen at all of them.",
                    "Set the controls below the chart. Line: median candidates (grey dashes: the leak at full resolution).",
                ],
            ),
            description=(
                f"Chart from simulated data, not real people. For each of {people:,} synthetic people as a target, "
                "an attacker who knows the target's most-visited places (home first, then workplace, then others) "
                "counts the people in a leaked location data set who were seen at all of them. A slider sets how "
                "many places the attacker knows (1 to 5) and radio buttons the cell size to which the leak was "
                "coarsened. A text line gives the share of targets singled out and the median number of "
                "candidates; bars show the share of targets left with 1, 2–5, 6–20, 21–100 or over 100 candidates; "
                "a line shows the median candidates falling as more places are known. Coarser cells leave more "
                "candidates; each known place removes many."
            ),
        )
        .configure_view(stroke=None)
    )


class LinkageExplorer(TownLab):
    """Simulate a town, leak its coarsened traces, and see how many candidates k known places leave."""

    def __init__(self, people: int = 1000, seed: int = 2013):
        self.cell_size = w.Dropdown(
            options=list(reidentification.SPACE_FACTORS), value=1, description="Leak coarsened to cells of (per side):", style=self.STYLE
        )
        self.places = w.IntSlider(value=2, min=1, max=5, description="Places the attacker knows:", style=self.STYLE)
        super().__init__(people, seed, [self.cell_size, self.places])

    def compute(self) -> tuple[pd.DataFrame, str]:
        traces = self.town()
        candidates = linkage_candidates(traces, self.places.value, self.cell_size.value)
        summary = linkage_summary(candidates)
        table = linkage_bands(candidates).assign(share=lambda t: t["share"].map("{:.1%}".format))
        places = "place" if self.places.value == 1 else "places"
        text = (
            f"Knowing {self.places.value} {places} per target, with the leak at "
            f"{self.cell_size.value} × {self.cell_size.value} cell(s), the attacker singles out "
            f"<b>{summary['singled_out']:.1%}</b> of {summary['targets']:,} simulated people; the median target "
            f"leaves {summary['median_candidates']:,.0f} candidate(s). Synthetic data: no real person is described."
        )
        return table, text
