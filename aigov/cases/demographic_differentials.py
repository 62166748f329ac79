"""Demographic differentials in face matching: one threshold, different error rates per group.

Everything here is **synthetic**. A face-matching algorithm compares two photos and gives
a similarity score; above a threshold it declares a match. Comparisons of two different
people ("impostor" pairs) that score above the threshold are false matches; comparisons
of two photos of the same person ("genuine" pairs) that score below it are false
non-matches. This module models the scores of four made-up groups with normal
distributions and draws samples from them with a fixed seed.

The four groups are labels in a simulation: two synthetic populations, A and B, each
split into men and women. Their distributions are *tuned* so that, at the default
threshold, the ratios between their error rates fall inside the ranges that news reports
of NIST's 2019 study of demographic effects (NISTIR 8280) give (the simulation: women 3×
men, population B 30× population A, false non-matches differing at most 1.5× between
groups against 90× for false matches).

The table ``nist_demographic_findings`` in the data package records each finding with its
sources, and :func:`tuning_table` checks that the simulation meets it. The numbers
illustrate the published *pattern*; they are not NIST's measurements, and no real group is
modelled.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass, replace
from statistics import NormalDist

import altair as alt
import ipywidgets as w
import numpy as np
import pandas as pd

import aigov.charts  # also registers the book's theme and renderer
from aigov import checks, data
from aigov.expressions import Vega, normal_cdf, text
from aigov.face_matching import (
    SCORE_RANGE,
    Group,
    false_match_rate,
    false_non_match_rate,
    rate_in_range,
    share_above,
    threshold_for_fmr,
    threshold_in_range,
)
from aigov.forms import LabWidget

FINDINGS_TABLE = "nist_demographic_findings"  # the published findings the simulation is tuned to
SEED = 8280  # the report's number, NISTIR 8280
THRESHOLD = 50.0  # the default threshold, where the tuning targets hold
REFERENCE = "A-men"  # the group whose false-match rate the others are compared with
REFERENCE_FMR = 1e-4  # the reference group's false-match rate at THRESHOLD: 1 in 10,000
IMPOSTOR_SD = 4.0
GENUINE_SD = 10.0
SLIDER_RANGE = (44.0, 56.0)
SHIFT_LIMIT = 10.0
POLICIES = {"global": "One threshold for every group", "equal_fmr": "Per-group thresholds (equal false-match rate)"}
# Narrow enough that labels plus plots fit the book's text column (about 690 px).
PANEL_WIDTH = 430


@dataclass(frozen=True)
class Target:
    """What the simulation is tuned to for one group, at :data:`THRESHOLD`."""

    key: str
    label: str
    population: str
    sex: str
    fmr_ratio: float  # false-match rate relative to the reference group
    fnmr: float  # false non-match rate


# fmr_ratio: women 3× men; population B 30× population A, each inside its published range
# (FINDINGS_TABLE). fnmr: small differences (at most 1.5×); their direction is arbitrary,
# because the sources used here do not say which groups had more false non-matches.
TARGETS = (
    Target("A-men", "A · men", "A", "men", 1.0, 0.020),
    Target("A-women", "A · women", "A", "women", 3.0, 0.026),
    Target("B-men", "B · men", "B", "men", 30.0, 0.024),
    Target("B-women", "B · women", "B", "women", 90.0, 0.030),
)


def build_groups(
    targets: tuple[Target, ...] = TARGETS,
    threshold: float = THRESHOLD,
    reference_fmr: float = REFERENCE_FMR,
    impostor_sd: float = IMPOSTOR_SD,
    genuine_sd: float = GENUINE_SD,
) -> dict[str, Group]:
    """Solve for each group's means so that its targets hold exactly at ``threshold``.

    A false-match rate *f* at threshold *t* means the impostor mean lies
    ``z(1 - f)`` standard deviations below *t*; a false non-match rate *m* means the
    genuine mean lies ``z(1 - m)`` standard deviations above it.
    """
    threshold = threshold_in_range(threshold)
    reference_fmr = rate_in_range(reference_fmr)
    unit = NormalDist()
    groups = {}
    for target in targets:
        fmr = rate_in_range(reference_fmr * target.fmr_ratio, f"The false-match rate of {target.label}")
        fnmr = rate_in_range(target.fnmr, f"The false non-match rate of {target.label}")
        groups[target.key] = Group(
            key=target.key,
            label=target.label,
            population=target.population,
            sex=target.sex,
            impostor_mean=threshold - impostor_sd * unit.inv_cdf(1 - fmr),
            impostor_sd=impostor_sd,
            genuine_mean=threshold + genuine_sd * unit.inv_cdf(1 - fnmr),
            genuine_sd=genuine_sd,
        )
    return groups


GROUPS = build_groups()


def shift_group(groups: dict[str, Group], key: str, shift: float) -> dict[str, Group]:
    """A copy of ``groups`` with one group's impostor scores moved by ``shift`` points.

    A positive shift makes different people of that group look more alike to the
    algorithm, so more of their comparisons pass the threshold.
    """
    checks.choice(key, "The group", groups)
    shift = checks.number(shift, "The shift", -SHIFT_LIMIT, SHIFT_LIMIT, hint=" score points")
    moved = dict(groups)
    moved[key] = replace(groups[key], impostor_mean=groups[key].impostor_mean + shift)
    return moved


def one_in(rate: float) -> str:
    """A rate as '1 in N' (1e-4 -> '1 in 10,000'; 9e-8 -> '1 in 11.1 million')."""
    if rate <= 0:
        return "none"
    n = 1 / rate
    if n < 10:
        return f"1 in {n:,.1f}"
    if n < 1e6:
        return f"1 in {n:,.0f}"
    return f"1 in {n / 1e6:,.3g} million"


def rates(threshold: float = THRESHOLD, groups: dict[str, Group] | None = None, policy: str = "global") -> pd.DataFrame:
    """False-match and false non-match rates per group.

    ``policy='global'`` applies ``threshold`` to every group. ``policy='equal_fmr'`` gives
    each group its own threshold, chosen so that its false-match rate equals the one the
    reference group (A · men) has at ``threshold``.
    """
    groups = GROUPS if groups is None else groups
    threshold = threshold_in_range(threshold)
    if policy not in POLICIES:
        raise ValueError(f"Unknown policy '{policy}'; choose one of: {', '.join(POLICIES)}.")
    reference_fmr = false_match_rate(groups[REFERENCE], threshold)
    rows = []
    for group in groups.values():
        if policy == "global":
            own = threshold
        else:
            own = min(max(threshold_for_fmr(group, reference_fmr), SCORE_RANGE[0]), SCORE_RANGE[1])
        rows.append(
            {
                "key": group.key,
                "group": group.label,
                "threshold": own,
                "fmr": false_match_rate(group, own),
                "fnmr": false_non_match_rate(group, own),
            }
        )
    table = pd.DataFrame(rows)
    table["fmr_vs_lowest"] = table["fmr"] / table["fmr"].min()
    table["fnmr_vs_lowest"] = table["fnmr"] / table["fnmr"].min()
    return table


def readable(table: pd.DataFrame) -> pd.DataFrame:
    """A :func:`rates` table formatted for reading: '1 in N', percentages, two decimals."""
    return pd.DataFrame(
        {
            "group": table["group"],
            "threshold": table["threshold"].map("{:.2f}".format),
            "false matches": table["fmr"].map(one_in),
            "false-match rate": table["fmr"].map("{:.2e}".format),
            "× lowest": table["fmr_vs_lowest"].map("{:,.1f}".format),
            "false non-match rate": table["fnmr"].map("{:.1%}".format),
        }
    )


def summary(table: pd.DataFrame, policy: str = "global") -> str:
    """One sentence on the spread of error rates in a :func:`rates` table."""
    low, high = table.loc[table["fmr"].idxmin()], table.loc[table["fmr"].idxmax()]
    fnmr_low, fnmr_high = table.loc[table["fnmr"].idxmin()], table.loc[table["fnmr"].idxmax()]
    if policy == "global":
        where = f"At one threshold of {table['threshold'].iloc[0]:.1f} for every group"
    else:
        where = f"With per-group thresholds from {table['threshold'].min():.1f} to {table['threshold'].max():.1f}"
    fmr_ratio = high["fmr"] / low["fmr"]
    if fmr_ratio < 1.005:
        fmr_text = f"the false-match rate is {one_in(low['fmr'])} for every group"
    else:
        fmr_text = (
            f"the false-match rate ranges from {one_in(low['fmr'])} ({low['group']}) to "
            f"{one_in(high['fmr'])} ({high['group']}), {fmr_ratio:,.1f} times higher"
        )
    fnmr_text = (
        f"the false non-match rate ranges from {fnmr_low['fnmr']:.1%} ({fnmr_low['group']}) to "
        f"{fnmr_high['fnmr']:.1%} ({fnmr_high['group']}), {fnmr_high['fnmr'] / fnmr_low['fnmr']:,.1f} times higher"
    )
    return f"{where}, {fmr_text}; {fnmr_text}."


def tuning_table(groups: dict[str, Group] | None = None, threshold: float = THRESHOLD) -> pd.DataFrame:
    """Each published finding, the range the sources give, and what the simulation does at ``threshold``."""
    groups = GROUPS if groups is None else groups
    table = rates(threshold, groups).set_index("key")
    fmr, fnmr = table["fmr"], table["fnmr"]
    women_men = [fmr["A-women"] / fmr["A-men"], fmr["B-women"] / fmr["B-men"]]
    population = [fmr["B-men"] / fmr["A-men"], fmr["B-women"] / fmr["A-women"]]
    spread = [(fnmr.max() / fnmr.min()) / (fmr.max() / fmr.min())]
    measured = {"women-men": women_men, "population": population, "fnmr-smaller": spread}
    shown = {
        "women-men": f"{women_men[0]:.1f}× (population A), {women_men[1]:.1f}× (population B)",
        "population": f"{population[0]:.1f}× (men), {population[1]:.1f}× (women)",
        "fnmr-smaller": (
            f"false non-matches differ at most {fnmr.max() / fnmr.min():.1f}×, "
            f"false matches {fmr.max() / fmr.min():.0f}×"
        ),
    }
    rows = []
    for finding in data.load(FINDINGS_TABLE).itertuples():
        values = measured[finding.key]
        if finding.key == "fnmr-smaller":
            holds = all(v < 1 for v in values)
        else:
            high = math.inf if pd.isna(finding.high) else finding.high
            holds = all(finding.low <= v <= high for v in values)
        rows.append(
            {
                "published finding": finding.finding,
                "published size": finding.published,
                f"simulation at threshold {threshold:g}": shown[finding.key],
                "within the published range": holds,
                "sources": finding.source,
            }
        )
    return pd.DataFrame(rows)


def parameters(groups: dict[str, Group] | None = None) -> pd.DataFrame:
    """The four groups' distributions, rounded for reading."""
    groups = GROUPS if groups is None else groups
    return pd.DataFrame(
        [
            {
                "group": g.label,
                "impostor mean": round(g.impostor_mean, 2),
                "impostor sd": g.impostor_sd,
                "genuine mean": round(g.genuine_mean, 2),
                "genuine sd": g.genuine_sd,
            }
            for g in groups.values()
        ]
    )


def synthetic_scores(per_group: int = 2000, seed: int = SEED, groups: dict[str, Group] | None = None) -> pd.DataFrame:
    """Draw ``per_group`` impostor and ``per_group`` genuine scores for every group.

    The same seed gives the same scores. The draws are only for looking at: error rates
    as small as 1 in 10,000 need millions of comparisons to measure, so the book computes
    rates from the distributions themselves.
    """
    groups = GROUPS if groups is None else groups
    per_group = checks.whole_number(per_group, "per_group", 10, 1_000_000)
    rng = np.random.default_rng(checks.whole_number(seed, "The random seed", minimum=0))
    frames = []
    for group in groups.values():
        for kind, mean, sd in (
            ("impostor", group.impostor_mean, group.impostor_sd),
            ("genuine", group.genuine_mean, group.genuine_sd),
        ):
            frames.append(
                pd.DataFrame(
                    {"key": group.key, "group": group.label, "kind": kind, "score": rng.normal(mean, sd, per_group)}
                )
            )
    return pd.concat(frames, ignore_index=True)


def score_histogram(scores: pd.DataFrame, bin_width: float = 2.0) -> pd.DataFrame:
    """Share of each group's impostor and genuine scores in bins of ``bin_width`` points."""
    edges = np.arange(SCORE_RANGE[0], SCORE_RANGE[1] + bin_width, bin_width)
    clipped = scores.assign(score=scores["score"].clip(SCORE_RANGE[0], SCORE_RANGE[1] - 1e-9))
    clipped["bin_start"] = edges[np.digitize(clipped["score"], edges) - 1]
    counts = clipped.groupby(["key", "group", "kind", "bin_start"], sort=False).size().rename("count").reset_index()
    counts["share"] = counts["count"] / counts.groupby(["key", "kind"])["count"].transform("sum")
    counts["bin_end"] = counts["bin_start"] + bin_width
    return counts


# Vega expressions for the chart: the same formulas as false_match_rate,
# false_non_match_rate and the equal-FMR policy of rates().
_THRESHOLD_EXPR = (
    "policy === 'global' ? threshold : "
    "min(100, max(0, datum.impostor_mean + datum.impostor_sd * (threshold - datum.ref_mean) / datum.ref_sd))"
)
_DATUM = {name: Vega(f"datum.{name}") for name in ("t", "impostor_mean", "impostor_sd", "genuine_mean", "genuine_sd")}
_FMR_EXPR = text(share_above(_DATUM["t"], _DATUM["impostor_mean"], _DATUM["impostor_sd"]))
_FNMR_EXPR = text(normal_cdf(_DATUM["t"], _DATUM["genuine_mean"], _DATUM["genuine_sd"]))
_LOG_LABEL = "datum.value >= 1 ? '1' : '1e' + round(log(datum.value) / LN10)"
_ONE_IN_EXPR = (
    "(1 / {0} < 10 ? '1 in ' + format(1 / {0}, ',.1f') : 1 / {0} < 1e6 ? '1 in ' + format(1 / {0}, ',.0f')"
    " : '1 in ' + format(1 / {0} / 1e6, ',.3~g') + ' million')"
)


def _group_table(groups: dict[str, Group]) -> pd.DataFrame:
    reference = groups[REFERENCE]
    return pd.DataFrame(
        [
            {
                "key": g.key,
                "group": g.label,
                "order": i,
                "impostor_mean": g.impostor_mean,
                "impostor_sd": g.impostor_sd,
                "genuine_mean": g.genuine_mean,
                "genuine_sd": g.genuine_sd,
                "ref_mean": reference.impostor_mean,
                "ref_sd": reference.impostor_sd,
            }
            for i, g in enumerate(groups.values())
        ]
    )


def _with_rates(chart: alt.Chart) -> alt.Chart:
    return chart.transform_calculate(t=_THRESHOLD_EXPR).transform_calculate(fmr=_FMR_EXPR, fnmr=_FNMR_EXPR)


def _rate_panel(
    rows: alt.Chart,
    x: alt.X,
    x_start: float,
    label: alt.Text,
    tooltip: tuple[dict[str, str], dict[str, str]],
    look: tuple[str, int, alt.Title],
    groups: tuple[list[str], bool],
) -> alt.LayerChart:
    """One bar per group from ``x_start``, its rate written beside it; ``groups``: their order and whether to name them."""
    colour, width, title = look
    order, named = groups
    y = alt.Y("group:N", sort=order, title=None, axis=alt.Axis() if named else None)
    titles, formats = tooltip
    tips = aigov.charts.tooltips({"group:N": "Group", "t:Q": "Threshold", **titles}, {"t:Q": ".2f", **formats})
    bars = rows.mark_bar(color=colour).encode(x=x, x2=alt.datum(x_start), y=y, tooltip=tips)
    values = rows.mark_text(align="left", dx=4, fontSize=11, color="#1a1a1a").encode(x=x, y=y, text=label)
    return alt.layer(bars, values).properties(width=width, height=130, title=title)


def differential_chart(groups: dict[str, Group] | None = None, scores: pd.DataFrame | None = None) -> alt.VConcatChart:
    """Score distributions per group with the threshold, and the error rates it gives each group.

    A slider moves the threshold and radio buttons switch between one threshold for all
    groups and per-group thresholds; the rates are recomputed in the reader's browser
    (Vega's ``cumulativeNormal``), so the chart works on the static site.
    """
    groups = GROUPS if groups is None else groups
    scores = synthetic_scores(groups=groups) if scores is None else scores
    labels = [g.label for g in groups.values()]
    params = _group_table(groups)
    hist = score_histogram(scores).merge(params, on=["key", "group"])
    hist["kind_label"] = hist["kind"].map(
        {"impostor": "different people (impostor)", "genuine": "same person (genuine)"}
    )
    hist = hist[
        ["group", "kind_label", "bin_start", "bin_end", "share", "impostor_mean", "impostor_sd", "ref_mean", "ref_sd"]
    ]

    threshold = alt.param(
        name="threshold",
        value=THRESHOLD,
        bind=alt.binding_range(
            min=SLIDER_RANGE[0], max=SLIDER_RANGE[1], step=0.25, name="Threshold (similarity score): "
        ),
    )
    policy = alt.param(
        name="policy",
        value="global",
        bind=alt.binding_radio(options=list(POLICIES), labels=list(POLICIES.values()), name="Thresholds: "),
    )

    kind_scale = alt.Scale(
        domain=["different people (impostor)", "same person (genuine)"], range=["#D55E00", "#0072B2"]
    )
    bars = (
        alt.Chart()
        .mark_bar(opacity=0.75, binSpacing=0)
        .encode(
            x=alt.X("bin_start:Q", title="Similarity score", scale=alt.Scale(domain=[20, 100])),
            x2="bin_end:Q",
            y=alt.Y("share:Q", title=None, stack=None, axis=alt.Axis(format="%", tickCount=2)),
            y2=alt.datum(0),
            color=alt.Color(
                "kind_label:N",
                scale=kind_scale,
                legend=alt.Legend(title="Comparisons of", orient="bottom", labelLimit=280),
            ),
            tooltip=aigov.charts.tooltips(
                {
                    "group:N": "Group",
                    "kind_label:N": "Comparisons of",
                    "bin_start:Q": "Scores from",
                    "bin_end:Q": "to below",
                    "share:Q": "Share of the group's draws",
                },
                {"share:Q": ".1%"},
            ),
        )
    )
    rule = (
        alt.Chart()
        .transform_filter("datum.kind_label === 'different people (impostor)'")
        .transform_aggregate(
            impostor_mean="max(impostor_mean)",
            impostor_sd="max(impostor_sd)",
            ref_mean="max(ref_mean)",
            ref_sd="max(ref_sd)",
            groupby=["group"],
        )
        .transform_calculate(t=_THRESHOLD_EXPR)
        .mark_rule(color="#1a1a1a", strokeWidth=2)
        .encode(x="t:Q", tooltip=[alt.Tooltip("t:Q", format=".2f", title="Threshold")])
    )
    distributions = (
        alt.layer(bars, rule, data=hist)
        .properties(width=PANEL_WIDTH, height=52)
        .facet(
            row=alt.Row(
                "group:N", sort=labels, title=None, header=alt.Header(labelAngle=0, labelAlign="left", labelFontSize=13)
            ),
            spacing=6,
        )
        .properties(
            title=alt.Title("Score distributions of 2,000 synthetic comparisons per group and kind", fontSize=13)
        )
    )

    per_group = _with_rates(alt.Chart(params))
    summary_row = (
        per_group.transform_aggregate(
            low_fmr="argmin(fmr)",
            high_fmr="argmax(fmr)",
            low_fnmr="argmin(fnmr)",
            high_fnmr="argmax(fnmr)",
            t_min="min(t)",
            t_max="max(t)",
        )
        .transform_calculate(
            fmr_ratio="datum.high_fmr.fmr / datum.low_fmr.fmr",
            fnmr_ratio="datum.high_fnmr.fnmr / datum.low_fnmr.fnmr",
        )
        .transform_calculate(
            line1=(
                "policy === 'global' ? 'One threshold for every group: ' + format(threshold, '.1f')"
                " : 'Per-group thresholds from ' + format(datum.t_min, '.1f') + ' to ' + format(datum.t_max, '.1f')"
                " + ' (equal false-match rates)'"
            ),
            line2=(
                "datum.fmr_ratio < 1.005 ? 'False matches: equally frequent for every group'"
                " : 'False matches: ' + format(datum.fmr_ratio, ',.1f') + '× as frequent for '"
                " + datum.high_fmr.group + ' as for ' + datum.low_fmr.group"
            ),
            line3=(
                "datum.fmr_ratio < 1.005 ? " + _ONE_IN_EXPR.format("datum.low_fmr.fmr") + " + ' for each group'"
                " : 'from ' + "
                + _ONE_IN_EXPR.format("datum.low_fmr.fmr")
                + " + ' (' + datum.low_fmr.group + ') to ' + "
                + _ONE_IN_EXPR.format("datum.high_fmr.fmr")
                + " + ' (' + datum.high_fmr.group + ')'"
            ),
            line4=(
                "'False non-matches: ' + format(datum.fnmr_ratio, ',.1f') + '× as frequent for '"
                " + datum.high_fnmr.group + ' as for ' + datum.low_fnmr.group"
            ),
            line5=(
                "'from ' + format(datum.low_fnmr.fnmr, '.1%') + ' (' + datum.low_fnmr.group + ') to '"
                " + format(datum.high_fnmr.fnmr, '.1%') + ' (' + datum.high_fnmr.group + ')'"
            ),
        )
    )
    text = aigov.charts.text_panel(
        summary_row,
        [
            ("line1", 0, 13, "normal"),
            ("line2", 22, 13, "bold"),
            ("line3", 39, 12, "normal"),
            ("line4", 60, 13, "bold"),
            ("line5", 77, 12, "normal"),
        ],
        height=92,
    ).properties(width=PANEL_WIDTH)

    fmr_panel = _rate_panel(
        per_group.transform_calculate(shown="max(datum.fmr, 1e-8)", label=_ONE_IN_EXPR.format("datum.fmr")),
        alt.X(
            "shown:Q",
            title="False-match rate (log scale)",
            scale=alt.Scale(type="log", domain=[1e-8, 1]),
            axis=alt.Axis(values=[1e-8, 1e-6, 1e-4, 1e-2, 1], labelExpr=_LOG_LABEL),
        ),
        1e-8,
        alt.Text("label:N"),
        ({"label:N": "False matches", "fmr:Q": "False-match rate"}, {"fmr:Q": ".2e"}),
        ("#D55E00", 200, alt.Title("False matches", subtitle="different people accepted", fontSize=13)),
        (labels, True),
    )
    fnmr_scale = alt.Scale(domain=[0, 0.4], clamp=True)
    fnmr_panel = _rate_panel(
        per_group,
        alt.X("fnmr:Q", title="False non-match rate", scale=fnmr_scale, axis=alt.Axis(format="%")),
        0,
        alt.Text("fnmr:Q", format=".1%"),
        ({"fnmr:Q": "False non-match rate"}, {"fnmr:Q": ".2%"}),
        ("#0072B2", 170, alt.Title("False non-matches", subtitle="same person rejected", fontSize=13)),
        (labels, False),
    )

    start = rates(THRESHOLD, groups)
    chart = alt.vconcat(text, alt.hconcat(fmr_panel, fnmr_panel, spacing=40), distributions, spacing=18).properties(
        title=alt.Title(
            "SYNTHETIC SCORES: one threshold, different false-match rates per group",
            subtitle=[
                "Groups A and B are made-up labels tuned to the pattern NIST reported in 2019; not NIST's data.",
                "Move the threshold and switch the threshold policy with the controls below the chart.",
            ],
        ),
        description=(
            "Interactive chart of synthetic face-matching scores for four made-up groups (populations A and B, "
            "men and women), tuned to reproduce the pattern of demographic differentials reported from NIST's "
            "2019 study; not NIST's data. A slider sets the similarity threshold and radio buttons choose one "
            "threshold for every group or per-group thresholds that equalise false-match rates. A text panel "
            "states the range of false-match and false non-match rates across the groups; bar charts show each "
            "group's false-match rate (log scale) and false non-match rate; histograms show each group's scores "
            "for comparisons of different people and of the same person, with the threshold as a vertical line. "
            f"At the starting threshold of {THRESHOLD:g}: {summary(start)}"
        ),
    )
    # Top-level variable parameters, set directly: Altair's add_params fails on a
    # concatenation that holds a faceted layer chart.
    chart.params = [threshold.param, policy.param]
    return chart


class ThresholdExplorer(LabWidget):
    """Set the threshold and shift one group's impostor scores; see every group's error rates."""

    def __init__(self, threshold: float = THRESHOLD, groups: dict[str, Group] | None = None):
        self.groups = GROUPS if groups is None else groups
        style = {"description_width": "initial"}
        self.threshold = w.FloatText(value=threshold, description="Threshold (similarity score, 0–100):", style=style)
        self.policy = w.Dropdown(
            options=[(label, key) for key, label in POLICIES.items()],
            value="global",
            description="Thresholds:",
            style=style,
        )
        self.group = w.Dropdown(
            options=[(g.label, g.key) for g in self.groups.values()],
            value="B-women",
            description="Shift the impostor scores of:",
            style=style,
        )
        self.shift = w.FloatText(
            value=0.0, description=f"by (score points, −{SHIFT_LIMIT:g} to {SHIFT_LIMIT:g}):", style=style
        )
        super().__init__([self.threshold, self.policy, self.group, self.shift])

    def compute(self) -> tuple[pd.DataFrame, str]:
        moved = shift_group(self.groups, self.group.value, self.shift.value)
        table = rates(self.threshold.value, moved, self.policy.value)
        shown = readable(table)
        text = (
            f"{html.escape(summary(table, self.policy.value))}<br>"
            "Synthetic scores: the groups are labels in a simulation, not measurements of real people."
        )
        return shown, text
