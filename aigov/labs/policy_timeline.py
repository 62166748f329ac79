"""Calculations and charts for the strategy chapter's lab.

- The policy timeline: :func:`timeline_table` and :func:`timeline_chart`.
- The AIDP industry-size targets and the growth they imply: :func:`annual_growth_rate`,
  :func:`project`, :func:`implied_growth`, :func:`targets_chart`, :func:`growth_chart`.
- What became of the targets: the reported figures against them, :func:`compare_with_targets`,
  :func:`same_year_spread`, :func:`outcomes_chart` and :func:`outcomes_table`.
"""

from __future__ import annotations

import math

import altair as alt
import pandas as pd

import aigov.charts  # also registers the book's theme and renderer
from aigov import bibliography, checks

CATEGORY_ORDER = [
    "strategy",
    "industrial policy",
    "sector policy",
    "education policy",
    "white paper",
    "ethics",
    "standard",
    "law",
    "regulation",
    "judicial interpretation",
    "event",
]

# What a reader sees on pointing at a document in the timeline.
TIMELINE_TOOLTIP = {
    "title:N": "Document",
    "title_zh:N": "Chinese title",
    "issuer:N": "Issued by",
    "date_label:N": "Date",
    "in_force_label:N": "In force from",
    "summary:N": "What it does",
    "source:N": "Sources",
}

# The timeline's description reads the chart as the lab does: plans cluster in these years,
# and laws and regulations are densest from this year on.
PLANS_PERIOD = (2015, 2017)
RULES_DENSEST_FROM = 2020
# The targets chart's y axis runs this many times the largest target, leaving room above
# it for the verdict lines.
TARGETS_HEADROOM = 1.6
# Reported figures for the same year sit side by side, this far apart (in years on the x axis).
SAME_YEAR_SPACING = 0.28
OUTCOME_KINDS = ["government", "research institute", "industry association"]
# How a claimant framed a figure (the figure_kind column); only a full-year figure meets a yearly target.
FIGURE_KINDS = ("full year", "part of a year", "forecast")

# What a reader sees on pointing at a reported figure.
OUTCOME_TOOLTIP = {
    "year:Q": "Year described",
    "as_of:N": "Period",
    "figure_kind:N": "Kind of figure",
    "figure_label:N": "Reported figure",
    "measure_reported:N": "What it counts (source's words)",
    "firms_label:N": "AI firms reported (most sources say 'over')",
    "claimant:N": "Claimed by",
    "spokesperson:N": "Stated by",
    "venue:N": "Where",
    "reported_label:N": "Reported in",
    "caveat:N": "Caveat",
    "source:N": "Sources",
}


def annual_growth_rate(start_value: float, end_value: float, years: float) -> float:
    """Constant yearly growth rate that turns ``start_value`` into ``end_value`` in ``years``.

    >>> round(annual_growth_rate(100, 121, 2), 4)
    0.1
    """
    start = checks.number(start_value, "start_value", above=0)
    end = checks.number(end_value, "end_value", above=0)
    span = checks.number(years, "years", above=0)
    return (end / start) ** (1 / span) - 1


def project(start_value: float, rate: float, years: float) -> float:
    """Value after ``years`` of constant yearly growth at ``rate`` (0.2 means 20 %)."""
    start = checks.number(start_value, "start_value", above=0)
    growth = checks.number(rate, "rate", above=-1, hint=" (-1 would be a loss of everything)")
    span = checks.number(years, "years", minimum=0)
    return start * (1 + growth) ** span


def implied_growth(targets: pd.DataFrame) -> pd.DataFrame:
    """Growth from each AIDP target to the next, for each measure.

    Returns one row per pair of consecutive target years: the two targets, how many
    times larger the second is, and the constant yearly growth rate that links them.
    """
    checks.columns(targets, ["year", "measure", "target_rmb_bn"], "The targets table")
    rows = []
    for measure, group in targets.sort_values("year").groupby("measure", sort=False):
        years = group["year"].astype(int).tolist()
        values = group["target_rmb_bn"].astype(float).tolist()
        for (y0, v0), (y1, v1) in zip(zip(years, values), zip(years[1:], values[1:])):
            rows.append(
                {
                    "measure": measure,
                    "period": f"{y0}–{y1}",
                    "from_year": y0,
                    "to_year": y1,
                    "from_rmb_bn": v0,
                    "to_rmb_bn": v1,
                    "multiple": v1 / v0,
                    "annual_growth": annual_growth_rate(v0, v1, y1 - y0),
                }
            )
    return pd.DataFrame(rows)


def _day_label(value: pd.Timestamp) -> str:
    return f"{value.day} {value:%B %Y}"


def timeline_table(documents: pd.DataFrame) -> pd.DataFrame:
    """Add the columns the timeline chart plots and shows in its tooltips.

    Documents whose exact day the sources do not give are placed at mid-year and marked
    as such, rather than given a day they do not have.
    """
    table = documents.copy()
    table["date_known"] = table["date"].notna()
    table["when"] = [
        date if known else pd.Timestamp(year=int(year), month=7, day=1)
        for date, known, year in zip(table["date"], table["date_known"], table["year"])
    ]
    table["date_label"] = [
        _day_label(date) if known else f"{year} (the sources give only the year)"
        for date, known, year in zip(table["date"], table["date_known"], table["year"])
    ]
    table["in_force_label"] = [_day_label(d) if pd.notna(d) else "" for d in table["in_force"]]
    table["precision"] = table["date_known"].map({True: "exact day known", False: "year only"})
    for column in ("title_zh", "issuer"):
        table[column] = table[column].fillna("")
    return table


def _timeline_layers(
    table: pd.DataFrame, y: alt.Y, x_title: str, tooltip: dict[str, str], **point_channels
) -> tuple[alt.Chart, alt.Chart]:
    """The two layers both timelines share: grey bars from publication to entry into force, and a
    point per document (a circle where the day is known, a square where only the year is).

    ``y`` picks the rows (category or rank); ``point_channels`` adds encodings to the points.
    """
    first, last = int(table["year"].min()), int(table["year"].max())
    # A year of margin either side of the first and last years' mid-points.
    x_scale = alt.Scale(domain=[f"{first - 1}-07-01", f"{last + 1}-07-01"])
    base = alt.Chart(table)
    in_force = (
        base.transform_filter("isValid(datum.in_force)")
        .mark_rule(strokeWidth=2, color="#8c8c8c")
        .encode(x=alt.X("when:T", scale=x_scale), x2="in_force:T", y=y)
    )
    points = base.mark_point(size=110, strokeWidth=2, filled=False, color="#0b5394").encode(
        x=alt.X(
            "when:T",
            title=x_title,
            scale=x_scale,
            # Every second year: a label for each of a dozen years does not fit a narrow text column.
            axis=alt.Axis(format="%Y", tickCount={"interval": "year", "step": 2}, labelOverlap=True),
        ),
        y=y,
        shape=alt.Shape(
            "precision:N",
            title="Date in the sources",
            scale=alt.Scale(domain=["exact day known", "year only"], range=["circle", "square"]),
            legend=alt.Legend(orient="bottom", direction="horizontal"),
        ),
        tooltip=aigov.charts.tooltips(tooltip),
        **point_channels,
    )
    return in_force, points


def timeline_chart(documents: pd.DataFrame, link_sources: bool = False) -> alt.LayerChart:
    """Interactive timeline: hover for details, pick a category, drag or scroll to zoom.

    With ``link_sources``, clicking a document opens its first source that has a web address.
    """
    table = timeline_table(documents)
    if link_sources:
        table["url"] = [bibliography.first_url(keys) or "" for keys in table["source"]]
    categories = [c for c in CATEGORY_ORDER if c in set(table["category"])]
    highlight = alt.param(
        name="highlight_category",
        value=None,
        bind=alt.binding_select(options=[None, *categories], labels=["all", *categories], name="Highlight: "),
    )
    zoom = alt.selection_interval(name="zoom", bind="scales", encodings=["x"])
    chosen = "highlight_category === null || datum.category === highlight_category"
    y = alt.Y("category:N", sort=categories, title=None, axis=alt.Axis(labelLimit=180))
    first, last = int(table["year"].min()), int(table["year"].max())
    # Ethics documents and standards: from the standards institute's white paper (2018) to the
    # AI safety frameworks and the labelling standard.
    ethics = table.loc[table["category"].isin(["ethics", "standard"]), "year"].astype(int)
    rules = table.loc[table["category"].isin(["law", "regulation"]), "year"].astype(int)
    in_force, points = _timeline_layers(
        table,
        y,
        x_title="Date made public (or adopted, where no publication date is known)",
        tooltip=TIMELINE_TOOLTIP,
        opacity=alt.condition(chosen, alt.value(1.0), alt.value(0.15)),
        **({"href": alt.Href("url:N")} if link_sources else {}),
    )
    return (
        alt.layer(in_force, points)
        .add_params(highlight, zoom)
        .properties(
            width="container",
            height=34 * len(categories),
            title=alt.Title(
                "China's AI policy documents and laws since 2015",
                subtitle="Grey bars run from publication to entry into force. Drag or scroll to zoom; double-click to reset.",
            ),
            description=(
                f"Timeline of {len(table)} Chinese AI policy documents and laws from "
                f"{first} to {last}, one row per category "
                "(strategy, industrial policy, ethics, law, regulation and others). Strategy and "
                f"industrial-policy documents cluster in {PLANS_PERIOD[0]} to {PLANS_PERIOD[1]}, ethics documents and standards "
                f"in {ethics.min()} to {ethics.max()}, and laws and regulations from {rules.min()} onwards, most "
                f"densely from {RULES_DENSEST_FROM} onwards."
            ),
        )
    )


def targets_chart(targets: pd.DataFrame, start_year: int = 2020, end_year: int = 2030) -> alt.LayerChart:
    """AIDP core-industry targets against a projection whose growth rate the reader sets."""
    core = targets[targets["measure"] == "core AI industry"].sort_values("year")
    if core.empty:
        raise ValueError("the targets table has no 'core AI industry' rows")
    base_row = core[core["year"] == start_year]
    if base_row.empty:
        raise ValueError(f"the targets table has no core AI industry target for {start_year}")
    base_value = float(base_row["target_rmb_bn"].iloc[0])
    y_top = math.ceil(TARGETS_HEADROOM * core["target_rmb_bn"].max())
    growth = alt.param(
        name="growth",
        value=0.15,
        bind=alt.binding_range(min=0.0, max=0.4, step=0.005, name="Assumed yearly growth (0.15 = 15%): "),
    )
    years = pd.DataFrame({"year": list(range(start_year, end_year + 1))})
    projection = (
        alt.Chart(years)
        .transform_calculate(projected=f"{base_value} * pow(1 + growth, datum.year - {start_year})")
        .mark_line(
            strokeDash=[6, 4], color="#000000", clip=True, point=alt.OverlayMarkDef(color="#000000", size=30, clip=True)
        )
        .encode(
            x=alt.X("year:Q", title="Year", axis=alt.Axis(format="d", values=list(range(start_year, end_year + 1)))),
            y=alt.Y("projected:Q", title="Billion yuan (RMB)", scale=alt.Scale(domain=[0, y_top])),
            tooltip=aigov.charts.tooltips(
                {
                    "year:Q": "Year",
                    "projected:Q": "Projected size, bn RMB",
                },
                {"year:Q": "d", "projected:Q": ",.0f"},
            ),
        )
    )
    marks = (
        alt.Chart(core)
        .mark_point(size=220, filled=True, color="#D55E00")
        .encode(
            x="year:Q",
            y="target_rmb_bn:Q",
            tooltip=aigov.charts.tooltips(
                {
                    "year:Q": "Target year",
                    "step:Q": "Step of the plan",
                    "target_rmb_bn:Q": "Target, bn RMB",
                    "step_goal:N": "Goal of the step",
                    "source:N": "Sources",
                },
                {"year:Q": "d", "target_rmb_bn:Q": ",.0f"},
            ),
        )
    )
    labels = marks.mark_text(align="left", dx=12, dy=-10, fontSize=12, color="#1a1a1a").encode(
        text=alt.Text("target_rmb_bn:Q", format=",.0f")
    )
    later = core[core["year"] > start_year]
    listed = [
        f"{value:,.0f} billion{' yuan' if number == 0 else ''} in {int(year)}"
        for number, (year, value) in enumerate(zip(core["year"], core["target_rmb_bn"]))
    ]
    verdicts = (
        alt.Chart(later.assign(text_y=[12 + 20 * i for i in range(len(later))]))
        .transform_calculate(
            projected=f"{base_value} * pow(1 + growth, datum.year - {start_year})",
            verdict="datum.projected >= datum.target_rmb_bn ? 'met' : 'missed'",
            label=(
                "'By ' + datum.year + ': projection ' + format(datum.projected, ',.0f') + ' bn, target '"
                " + format(datum.target_rmb_bn, ',.0f') + ' bn: ' + datum.verdict"
            ),
        )
        .mark_text(align="left", baseline="top", fontSize=13, color="#1a1a1a")
        .encode(x=alt.value(12), y=alt.Y("text_y:Q", scale=None), text="label:N")
    )
    return (
        alt.layer(projection, marks, labels, verdicts)
        .add_params(growth)
        .properties(
            width="container",
            height=340,
            title=alt.Title(
                "AIDP targets for the core AI industry and a constant-growth projection",
                subtitle=f"Orange: targets. Dashed: {base_value:,.0f} bn RMB in {start_year} growing at the rate set below.",
            ),
            description=(
                "Line chart of the New Generation AI Development Plan's targets for the core AI "
                f"industry: {aigov.charts.in_words(listed)}, "
                f"with a dashed projection from the {start_year} target at a yearly growth rate the reader "
                "sets with a slider; labels say whether the projection meets the "
                f"{aigov.charts.in_words([str(int(year)) for year in later['year']])} targets."
            ),
        )
    )


def growth_chart(growth: pd.DataFrame) -> alt.Chart:
    """Bar chart of the yearly growth each step of the AIDP implies."""
    periods = [f"{y0} to {y1}" for y0, y1 in growth[["from_year", "to_year"]].drop_duplicates().itertuples(index=False)]
    return (
        alt.Chart(growth)
        .mark_bar()
        .encode(
            x=alt.X("annual_growth:Q", title="Implied growth per year", axis=alt.Axis(format="%")),
            y=alt.Y("period:N", title=None),
            yOffset=alt.YOffset("measure:N"),
            color=alt.Color("measure:N", title="Target for"),
            tooltip=aigov.charts.tooltips(
                {
                    "measure:N": "Target for",
                    "period:N": "Period",
                    "from_rmb_bn:Q": "From, bn RMB",
                    "to_rmb_bn:Q": "To, bn RMB",
                    "multiple:Q": "Times larger",
                    "annual_growth:Q": "Growth per year",
                },
                {"from_rmb_bn:Q": ",.0f", "to_rmb_bn:Q": ",.0f", "multiple:Q": ".2f", "annual_growth:Q": ".1%"},
            ),
        )
        .properties(
            width="container",
            height=160,
            title="Yearly growth implied by the AIDP's targets",
            description=(
                "Bar chart of the constant yearly growth rate that links consecutive AIDP targets "
                f"({aigov.charts.in_words(periods)}), for the core AI industry and for related industries: "
                + "; ".join(f"{r.measure} {r.period}: {r.annual_growth:.1%} a year" for r in growth.itertuples())
                + "."
            ),
        )
    )


def growth_table(growth: pd.DataFrame) -> pd.DataFrame:
    """The output of :func:`implied_growth` with readable headings and formatted numbers."""
    return pd.DataFrame(
        {
            "Target for": growth["measure"],
            "Period": growth["period"],
            "From (bn RMB)": growth["from_rmb_bn"].map("{:,.0f}".format),
            "To (bn RMB)": growth["to_rmb_bn"].map("{:,.0f}".format),
            "Times larger": growth["multiple"].map("{:.2f}".format),
            "Growth per year": growth["annual_growth"].map("{:.1%}".format),
        }
    )


def _core_targets(targets: pd.DataFrame) -> pd.DataFrame:
    checks.columns(targets, ["year", "measure", "target_rmb_bn"], "The targets table")
    core = targets[targets["measure"] == "core AI industry"].sort_values("year")
    if core.empty:
        raise ValueError("the targets table has no 'core AI industry' rows")
    return core


def _number(value: float) -> str:
    """'303.1', '1,200': one decimal only where the figure has one."""
    return f"{value:,.1f}".removesuffix(".0")


def _figure_label(qualifier: str, value: float) -> str:
    return f"{qualifier} {_number(value)} bn RMB"


def compare_with_targets(outcomes: pd.DataFrame, targets: pd.DataFrame) -> pd.DataFrame:
    """Each reported figure for a year that has a core-industry target, set against that target.

    Returns one row per claim: the claim's id, year, figure and what it counts, the kind of
    figure, the target for that year, the figure as a multiple of the target, and whether the
    figure, read as stated, is at or above the target. Figures for years without a target are
    left out. ``full_year`` is True only for a figure stated as the total for the whole year:
    a forecast, or a value for part of the year, is kept for comparison but cannot show that
    a full-year target was met.
    """
    checks.columns(
        outcomes,
        ["id", "year", "figure_kind", "figure_rmb_bn", "qualifier", "measure_reported", "claimant"],
        "The outcomes table",
    )
    core = _core_targets(targets)
    goal = dict(zip(core["year"].astype(int), core["target_rmb_bn"].astype(float)))
    rows = []
    for claim in outcomes.sort_values(["year", "figure_rmb_bn"]).itertuples(index=False):
        year = int(claim.year)
        if year not in goal:
            continue
        figure = float(claim.figure_rmb_bn)
        rows.append(
            {
                "id": claim.id,
                "year": year,
                "figure_rmb_bn": figure,
                "qualifier": claim.qualifier,
                "measure_reported": claim.measure_reported,
                "figure_kind": claim.figure_kind,
                "full_year": claim.figure_kind == "full year",
                "claimant": claim.claimant,
                "target_rmb_bn": goal[year],
                "multiple_of_target": figure / goal[year],
                "at_or_above_target": figure >= goal[year],
            }
        )
    return pd.DataFrame(rows)


def same_year_spread(outcomes: pd.DataFrame) -> pd.DataFrame:
    """For each year with more than one reported figure: how far the figures disagree.

    Returns one row per such year: how many claims there are, the lowest and highest figure,
    the highest as a multiple of the lowest, and the bodies that made the claims.
    """
    checks.columns(outcomes, ["year", "figure_rmb_bn", "claimant"], "The outcomes table")
    rows = []
    for year, group in outcomes.groupby("year", sort=True):
        if len(group) < 2:
            continue
        low, high = float(group["figure_rmb_bn"].min()), float(group["figure_rmb_bn"].max())
        rows.append(
            {
                "year": int(year),
                "claims": len(group),
                "lowest_rmb_bn": low,
                "highest_rmb_bn": high,
                "highest_over_lowest": high / low,
                "claimants": "; ".join(dict.fromkeys(group["claimant"])),
            }
        )
    return pd.DataFrame(rows)


def _outcome_points(outcomes: pd.DataFrame) -> pd.DataFrame:
    table = outcomes.sort_values(["year", "date_reported"]).copy()
    table["rank"] = table.groupby("year").cumcount()
    count = table.groupby("year")["id"].transform("count")
    table["position"] = table["year"].astype(float) + (table["rank"] - (count - 1) / 2) * SAME_YEAR_SPACING
    table["figure_label"] = [_figure_label(q, v) for q, v in zip(table["qualifier"], table["figure_rmb_bn"])]
    table["firms_label"] = [f"{int(n):,}" if pd.notna(n) else "not given" for n in table["firms"]]
    table["reported_label"] = [
        f"{outlet}, {_day_label(pd.Timestamp(day))}"
        for outlet, day in zip(table["reported_by"], table["date_reported"])
    ]
    table["spokesperson"] = table["spokesperson"].fillna("")
    table["date_reported"] = table["date_reported"].dt.strftime("%Y-%m-%d")
    return table


def outcomes_chart(outcomes: pd.DataFrame, targets: pd.DataFrame) -> alt.LayerChart:
    """The AIDP's core-industry targets against the sizes that Chinese bodies have reported.

    Hover over a point for who claims it, where, what it counts and the caveat; pick a
    kind of claimant to highlight its figures.
    """
    core = _core_targets(targets)
    points = _outcome_points(outcomes)
    kinds = [k for k in OUTCOME_KINDS if k in set(points["claimant_kind"])]
    first = int(min(points["year"].min(), core["year"].min()))
    last = int(max(points["year"].max(), core["year"].max()))
    y_top = math.ceil(1.1 * max(points["figure_rmb_bn"].max(), core["target_rmb_bn"].max()) / 100) * 100
    x = alt.X(
        "position:Q",
        title="Year the figure describes",
        scale=alt.Scale(domain=[first - 0.5, last + 0.5]),
        axis=alt.Axis(format="d", values=list(range(first, last + 1))),
    )
    y = alt.Y("figure_rmb_bn:Q", title="Billion yuan (RMB)", scale=alt.Scale(domain=[0, y_top]))
    highlight = alt.param(
        name="highlight_claimant",
        value=None,
        bind=alt.binding_select(options=[None, *kinds], labels=["all", *kinds], name="Highlight claims by: "),
    )
    chosen = "highlight_claimant === null || datum.claimant_kind === highlight_claimant"
    target_marks = (
        alt.Chart(core.assign(position=core["year"].astype(float)))
        .mark_point(shape="diamond", size=220, filled=True, opacity=1, color="#D55E00")
        .encode(
            x=x,
            y=alt.Y("target_rmb_bn:Q", title="Billion yuan (RMB)", scale=alt.Scale(domain=[0, y_top])),
            tooltip=aigov.charts.tooltips(
                {
                    "year:Q": "Target year",
                    "target_rmb_bn:Q": "AIDP target, bn RMB (to be exceeded)",
                    "source:N": "Sources",
                },
                {"year:Q": "d", "target_rmb_bn:Q": ",.0f"},
            ),
        )
    )
    # Centred under each diamond: a label to its left runs into the axis at the first target.
    target_labels = (
        target_marks.mark_text(align="center", dy=18, fontSize=12, color="#D55E00")
        .encode(text=alt.Text("label:N"))
        .transform_calculate(label="'target ' + format(datum.target_rmb_bn, ',.0f')")
    )
    claims = (
        alt.Chart(points)
        .mark_point(size=120, filled=True, strokeWidth=1.5, stroke="#1a1a1a")
        .encode(
            x=x,
            y=y,
            color=alt.Color(
                "claimant_kind:N",
                title="Claimed by",
                # Blue, green and pink: orange is kept for the targets.
                scale=alt.Scale(domain=kinds, range=[aigov.charts.PALETTE[i] for i in (0, 2, 3)][: len(kinds)]),
                legend=alt.Legend(orient="bottom", direction="horizontal"),
            ),
            shape=alt.Shape(
                "figure_kind:N",
                title="Kind of figure",
                scale=alt.Scale(domain=list(FIGURE_KINDS), range=["circle", "triangle-up", "square"]),
                legend=alt.Legend(orient="bottom", direction="horizontal"),
            ),
            opacity=alt.condition(chosen, alt.value(1.0), alt.value(0.15)),
            tooltip=aigov.charts.tooltips(OUTCOME_TOOLTIP, {"year:Q": "d"}),
        )
    )
    compared = compare_with_targets(outcomes, targets)
    # Only a figure for the whole year can meet a yearly target; forecasts and part-year
    # figures are drawn but not counted.
    not_counted = int((~compared["full_year"]).sum())
    compared = compared[compared["full_year"]]
    by_year = []
    for year, group in compared.groupby("year", sort=True):
        values = sorted(group["figure_rmb_bn"])
        shown = _number(values[0]) if len(values) == 1 else f"{_number(values[0])} to {_number(values[-1])}"
        target = group["target_rmb_bn"].iloc[0]
        above = int(group["at_or_above_target"].sum())
        by_year.append(
            f"for {year} (target {target:,.0f}), {len(values)} figure{'s' if len(values) > 1 else ''} of {shown} billion, "
            f"{above} of them at or above the target"
        )
    verdicts = "; ".join(by_year)
    listed = [
        f"{v:,.0f} billion{' yuan' if i == 0 else ''} in {int(y)}"
        for i, (y, v) in enumerate(zip(core["year"], core["target_rmb_bn"]))
    ]
    return (
        alt.layer(target_marks, target_labels, claims)
        .add_params(highlight)
        .properties(
            width="container",
            height=360,
            title=alt.Title(
                "AIDP targets and the industry sizes Chinese bodies report",
                subtitle=[
                    "Orange diamonds: targets. Other marks: reported figures, side by side where several describe one year.",
                    "Hover for who claims each figure and its caveat.",
                ],
            ),
            description=(
                f"Chart of {len(points)} reported figures for the size of China's AI industry, for the years "
                f"{int(points['year'].min())} to {int(points['year'].max())}, claimed by "
                f"{aigov.charts.in_words(kinds)} bodies, against the AIDP's core-industry targets of "
                f"{aigov.charts.in_words(listed)}. Counting full-year figures only: {verdicts}. "
                f"{not_counted} forecasts and part-year figures for target years are shown but not counted. "
                "The figures come from bodies "
                "that publish no method and do not all count the same thing, so a point above a target is "
                "a claim that it was met, not a measurement."
            ),
        )
    )


def outcomes_table(outcomes: pd.DataFrame) -> pd.DataFrame:
    """The reported figures with readable headings, for showing the caveats next to the chart."""
    table = _outcome_points(outcomes)
    return pd.DataFrame(
        {
            "Year": table["year"].astype(int),
            "Figure": table["figure_label"],
            "Kind": table["figure_kind"],
            "Counts": table["measure_reported"],
            "AI firms (most say 'over')": table["firms_label"],
            "Claimed by": table["claimant"],
            "Reported in": table["reported_label"],
            "Caveat": table["caveat"],
        }
    ).reset_index(drop=True)


# --- The timeline by rank of instrument (the primer, primer.ipynb) ------------------------

# Ranks of instrument from the top of the hierarchy down, as data/datapackage.json lists
# them and the primer explains them; the chart's rows follow this order.
RANK_ORDER = [
    "Party document",
    "law",
    "administrative regulation",
    "departmental rule",
    "local regulation",
    "judicial interpretation",
    "normative document",
    "mandatory national standard",
    "recommended standard or guide",
    "draft for comment",
    "no formal rank",
]

# What a reader sees on pointing at a document in the rank chart.
RANK_TOOLTIP = {
    "title:N": "Document",
    "rank:N": "Rank",
    "issuer:N": "Issued by",
    "date_label:N": "Made public",
    "in_force_label:N": "In force from",
    "summary:N": "What it does",
}


def rank_counts(documents: pd.DataFrame) -> pd.DataFrame:
    """How many documents of each rank the table holds, in the order of :data:`RANK_ORDER`."""
    checks.columns(documents, ["rank"], "The documents table")
    unknown = sorted(set(documents["rank"]) - set(RANK_ORDER))
    if unknown:
        raise ValueError(f"unknown rank(s) {unknown}; expected one of {RANK_ORDER}")
    counts = documents["rank"].value_counts()
    return pd.DataFrame({"rank": RANK_ORDER, "documents": [int(counts.get(rank, 0)) for rank in RANK_ORDER]})


def rank_timeline_chart(documents: pd.DataFrame) -> alt.LayerChart:
    """Interactive timeline with one row per rank of instrument: hover for details, drag or scroll to zoom.

    Points are placed on the day a document was made public (mid-year where the sources give
    only the year); grey bars run on to the day it took effect.
    """
    table = timeline_table(documents)
    counts = rank_counts(table)
    ranks = [rank for rank in RANK_ORDER if rank in set(table["rank"])]
    first, last = int(table["year"].min()), int(table["year"].max())
    y = alt.Y("rank:N", sort=ranks, title=None, axis=alt.Axis(labelLimit=220))
    zoom = alt.selection_interval(name="zoom_ranks", bind="scales", encodings=["x"])
    in_force, points = _timeline_layers(table, y, x_title="Day made public", tooltip=RANK_TOOLTIP)
    present = counts[counts["documents"] > 0]
    listed = [f"{row.rank}: {row.documents}" for row in present.itertuples()]
    binding = table.loc[table["rank"].isin(["law", "administrative regulation", "departmental rule"]), "year"]
    rules = table.loc[table["rank"] == "departmental rule", "year"]
    return (
        alt.layer(in_force, points)
        .add_params(zoom)
        .properties(
            width="container",
            height=34 * len(ranks),
            title=alt.Title(
                "China's AI policy documents by rank of instrument",
                subtitle="Top row: highest rank. Grey bars run to entry into force. Drag or scroll to zoom; double-click to reset.",
            ),
            description=(
                f"Timeline of {len(table)} Chinese AI policy documents from {first} to {last}, one row per rank of "
                f"instrument from Party documents and laws down to drafts and documents with no formal rank. "
                f"Documents of each rank: {aigov.charts.in_words(listed)}. "
                f"Laws, administrative regulations and departmental rules run from {int(binding.min())} to "
                f"{int(binding.max())}; the departmental rules date from {int(rules.min())} to {int(rules.max())}."
            ),
        )
    )
