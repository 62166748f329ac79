"""Calculations, charts and the live form of the filing-registry lab (chapter 6).

- Running totals of the CAC's published filing lists: :func:`running_totals`, :func:`growth_chart`.
- Where the deep-synthesis filings come from: :func:`province_table`, :func:`province_chart`.
- Reading the lists: :func:`lists_table`, :func:`lists_between` and the live form :class:`RegistryExplorer`.

The data (``data/genai_filings.csv``) hold only numbers a source states. Where a source gives
each list's size but no running total, :func:`running_totals` adds the sizes up and marks
the result as computed, so the page never passes off a sum as a published figure.
"""

from __future__ import annotations

import html

import altair as alt
import ipywidgets as w
import pandas as pd

import aigov.charts
from aigov import checks
from aigov.forms import LabWidget

# The kinds of list, in the order the filing system grew.
KINDS = [
    "recommendation algorithms",
    "deep-synthesis algorithms",
    "generative AI services filed",
    "generative AI services registered",
]
STATED = "stated by a source"
COMPUTED = "sum of list sizes"
# Width of the province chart's panels in pixels: a stack of panels cannot shrink to the
# page as a single chart does, so it gets a width that fits the book's text column.
PROVINCE_CHART_WIDTH = 540
FILING_COLUMNS = ["id", "kind", "as_of", "as_of_precision", "new_in_list", "cumulative", "count_qualifier", "source"]


def as_of_label(day: pd.Timestamp, precision: str) -> str:
    """'June 2023' for a list titled by month, '31 March 2025' for a count as of a day."""
    return f"{day:%B %Y}" if precision == "month" else f"{day.day} {day:%B %Y}"


def _count_label(value: int, qualifier: str) -> str:
    return f"more than {value:,}" if qualifier == "more than" else f"{value:,}"


def running_totals(filings: pd.DataFrame) -> pd.DataFrame:
    """Each list with its running total: the total a source states, or else the sum of the list sizes so far.

    A sum is only made while every earlier list of the same kind has a stated size; after a
    list without one, the total is left empty unless a source states it. ``computed_total``
    keeps the sum even where a total is stated, so the two can be compared.
    """
    checks.columns(filings, FILING_COLUMNS, "The filings table")
    rows = []
    for kind in [k for k in KINDS if k in set(filings["kind"])]:
        running, complete = 0, True
        for row in filings[filings["kind"] == kind].sort_values("as_of").itertuples(index=False):
            if pd.isna(row.new_in_list):
                complete = False
            else:
                running += int(row.new_in_list)
            computed = running if complete else None
            if pd.notna(row.cumulative):
                total, basis = int(row.cumulative), STATED
            elif computed is not None:
                total, basis = computed, COMPUTED
            else:
                total, basis = None, ""
            rows.append(
                {
                    "id": row.id,
                    "kind": kind,
                    "as_of": row.as_of,
                    "as_of_label": as_of_label(row.as_of, row.as_of_precision),
                    "new_in_list": row.new_in_list,
                    "total": total,
                    "computed_total": computed,
                    "basis": basis,
                    "total_label": "" if total is None else _count_label(total, row.count_qualifier),
                    "source": row.source,
                }
            )
    table = pd.DataFrame(rows)
    for column in ("total", "computed_total", "new_in_list"):
        table[column] = table[column].astype("Int64")
    return table


def latest_stated_total(filings: pd.DataFrame, kind: str) -> int:
    """The most recent running total a source states for one kind of list."""
    checks.choice(kind, "The kind of list", KINDS)
    stated = filings[(filings["kind"] == kind) & filings["cumulative"].notna()].sort_values("as_of")
    if stated.empty:
        raise ValueError(f"no source in the table states a total for {kind}")
    return int(stated["cumulative"].iloc[-1])


def growth_chart(filings: pd.DataFrame) -> alt.LayerChart:
    """Running totals by list date, one colour per kind of list; a menu shows one kind at a time."""
    table = running_totals(filings)
    table = table[table["total"].notna()].copy()
    table["total"] = table["total"].astype(int)
    table["as_of"] = table["as_of"].dt.strftime("%Y-%m-%d")
    kinds = [k for k in KINDS if k in set(table["kind"])]
    show = alt.param(
        name="show_kind",
        value=None,
        bind=alt.binding_select(options=[None, *kinds], labels=["all kinds", *kinds], name="Show: "),
    )
    chosen = "show_kind === null || datum.kind === show_kind"
    x = alt.X("as_of:T", title="List date ('as of')", axis=alt.Axis(format="%b %Y", labelOverlap=True))
    y = alt.Y("total:Q", title="Running total")
    color = alt.Color(
        "kind:N",
        title="Kind of list",
        scale=alt.Scale(domain=kinds, range=aigov.charts.PALETTE[: len(kinds)]),
        legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=300),
    )
    base = alt.Chart(table).transform_filter(chosen)
    lines = base.mark_line(strokeWidth=2).encode(x=x, y=y, color=color, detail="kind:N")
    points = base.mark_point(size=90, filled=True).encode(
        x=x,
        y=y,
        color=color,
        shape=alt.Shape(
            "basis:N",
            title="Total",
            scale=alt.Scale(domain=[STATED, COMPUTED], range=["circle", "triangle-up"]),
            legend=alt.Legend(orient="bottom", direction="vertical"),
        ),
        tooltip=aigov.charts.tooltips(
            {
                "kind:N": "Kind of list",
                "as_of_label:N": "As of",
                "new_in_list:Q": "New in this list",
                "total_label:N": "Running total",
                "basis:N": "Total",
                "source:N": "Sources",
            }
        ),
    )
    labels = base.mark_text(align="left", dx=6, dy=-9, fontSize=11, color="#1a1a1a").encode(
        x=x, y=y, text=alt.Text("total_label:N", title="Total shown")
    )
    parts = []
    for kind in kinds:
        group = table[table["kind"] == kind]
        first, last = group.iloc[0], group.iloc[-1]
        span = (
            f"{last['total_label']} as of {last['as_of_label']}"
            if len(group) == 1
            else f"from {first['total_label']} ({first['as_of_label']}) to {last['total_label']} ({last['as_of_label']})"
        )
        parts.append(f"{kind}, {span}")
    return (
        alt.layer(lines, points, labels)
        .add_params(show)
        .properties(
            width="container",
            height=340,
            title=alt.Title(
                "Filed algorithms and generative AI services in China's public lists",
                subtitle="Circles: totals a source states. Triangles: list sizes added up here. Pick a kind below.",
            ),
            description=(
                f"Line chart of running totals by list date for {len(kinds)} kinds of filing list: "
                f"{'; '.join(parts)}. Totals marked as sums add up the sizes of the lists; the others are stated by a source."
            ),
        )
    )


def province_table(provinces: pd.DataFrame) -> pd.DataFrame:
    """The provinces by number of filed deep-synthesis algorithms, largest first, with rank and running share."""
    checks.columns(provinces, ["province", "algorithms", "share_percent"], "The provinces table")
    table = provinces.sort_values(["algorithms", "province"], ascending=[False, True]).reset_index(drop=True)
    table["algorithms"] = table["algorithms"].astype(int)
    table["rank"] = range(1, len(table) + 1)
    table["running_algorithms"] = table["algorithms"].cumsum()
    return table


def top_share(provinces: pd.DataFrame, top: int, total: int) -> tuple[int, float]:
    """How many of ``total`` algorithms the ``top`` largest provinces hold, and what share that is."""
    table = province_table(provinces)
    count = checks.whole_number(top, "The number of provinces", minimum=1, maximum=len(table))
    held = int(table["algorithms"].iloc[:count].sum())
    return held, held / checks.whole_number(total, "The total", minimum=held)


def province_chart(provinces: pd.DataFrame, total: int, start: int = 4) -> alt.VConcatChart:
    """Bars by province; a slider picks the top N, and a line says what share of all filings they hold."""
    table = province_table(provinces)
    shown = int(table["algorithms"].sum())
    top = alt.param(
        name="top_provinces",
        value=start,
        bind=alt.binding_range(min=1, max=len(table), step=1, name="Top provinces: "),
    )
    bars = (
        alt.Chart(table)
        .mark_bar()
        .encode(
            x=alt.X("algorithms:Q", title="Deep-synthesis algorithms filed, June 2023 to July 2025"),
            y=alt.Y("province:N", sort=list(table["province"]), title=None),
            color=alt.condition(
                "datum.rank <= top_provinces", alt.value(aigov.charts.PALETTE[0]), alt.value("#b3b3b3")
            ),
            tooltip=aigov.charts.tooltips(
                {
                    "province:N": "Province",
                    "province_zh:N": "Chinese name",
                    "algorithms:Q": "Algorithms filed",
                    "share_percent:Q": "Share of all (source, %)",
                    "rank:Q": "Rank",
                }
            ),
        )
        .properties(height=18 * len(table), width=PROVINCE_CHART_WIDTH)
    )
    summary = (
        alt.Chart(table)
        .transform_filter("datum.rank <= top_provinces")
        .transform_aggregate(held="sum(algorithms)", provinces="count()")
        .transform_calculate(
            line=(
                f"'The top ' + datum.provinces + ' provinces hold ' + format(datum.held, ',') + ' of {total:,} "
                f"filed algorithms (' + format(datum.held / {total}, '.1%') + ').'"
            )
        )
    )
    leaders = ", ".join(f"{row.province} {row.algorithms:,}" for row in table.head(3).itertuples())
    return (
        alt.vconcat(
            aigov.charts.text_panel(summary, [("line", 0, 14, 600)], height=24).properties(width=PROVINCE_CHART_WIDTH),
            bars,
        )
        .add_params(top)
        .properties(
            title=alt.Title(
                "Where the filed deep-synthesis algorithms come from",
                subtitle="Province from the filing number, as counted by a filing consultant. Move the slider.",
            ),
            description=(
                f"Bar chart of {len(table)} provinces by the number of deep-synthesis algorithms filed from June 2023 "
                f"to July 2025, largest first: {leaders}. The {len(table)} provinces hold {shown:,} of the {total:,} algorithms; "
                f"the source does not break down the other {total - shown:,}. A slider picks the top N provinces and a line "
                "gives their share of all filings."
            ),
        )
    )


def lists_table(filings: pd.DataFrame) -> pd.DataFrame:
    """The lists with readable headings, for reading next to the charts."""
    table = running_totals(filings)
    published = filings.set_index("id")["published"]
    return pd.DataFrame(
        {
            "As of": table["as_of_label"],
            "Kind": table["kind"],
            "New in list": [f"{int(n):,}" if pd.notna(n) else "" for n in table["new_in_list"]],
            "Running total": table["total_label"],
            "Total": table["basis"],
            "Published": [f"{d:%Y-%m-%d}" if pd.notna(d) else "" for d in published.loc[table["id"]]],
            "Sources": table["source"],
        }
    )


def lists_between(filings: pd.DataFrame, kind: str, first_day: object, last_day: object) -> pd.DataFrame:
    """The lists of one kind (or ``"all kinds"``) whose 'as of' day falls from ``first_day`` to ``last_day``."""
    checks.choice(kind, "The kind of list", ["all kinds", *KINDS])
    start = checks.day(first_day, "The first day")
    end = checks.day(last_day, "The last day")
    if start > end:
        raise ValueError(
            f"The first day must be on or before the last day; you entered {start:%Y-%m-%d} and {end:%Y-%m-%d}."
        )
    table = running_totals(filings)
    keep = (table["as_of"] >= start) & (table["as_of"] <= end)
    if kind != "all kinds":
        keep &= table["kind"] == kind
    return table[keep].reset_index(drop=True)


def summary(chosen: pd.DataFrame) -> str:
    """One sentence about the lists a reader picked: how many, the stated new entries, the last total."""
    if chosen.empty:
        return "No list in the data falls in that range."
    new = chosen["new_in_list"].dropna()
    sizes = f"their stated sizes add up to {int(new.sum()):,}" if len(new) else "no source gives their sizes"
    with_total = chosen[chosen["total"].notna()].sort_values("as_of", kind="stable")
    last = (
        f"; the last total is {with_total['total_label'].iloc[-1]} ({with_total['kind'].iloc[-1]}, "
        f"{with_total['as_of_label'].iloc[-1]}, {with_total['basis'].iloc[-1]})"
        if len(with_total)
        else ""
    )
    return f"{len(chosen)} list(s) or statement(s); {sizes}{last}."


class RegistryExplorer(LabWidget):
    """Choose a kind of list and a range of days; see the lists, their sizes and totals."""

    def __init__(self, filings: pd.DataFrame):
        self.filings = filings
        style = {"description_width": "initial"}
        self.kind = w.Dropdown(
            options=["all kinds", *KINDS], value="all kinds", description="Kind of list:", style=style
        )
        self.first_day = w.Text(value="2022-01-01", description="From (YYYY-MM-DD):", style=style)
        self.last_day = w.Text(value="2026-12-31", description="To (YYYY-MM-DD):", style=style)
        super().__init__([self.kind, self.first_day, self.last_day])

    def compute(self) -> tuple[pd.DataFrame, str]:
        chosen = lists_between(self.filings, self.kind.value, self.first_day.value, self.last_day.value)
        shown = pd.DataFrame(
            {
                "As of": chosen["as_of_label"],
                "Kind": chosen["kind"],
                "New in list": [f"{int(n):,}" if pd.notna(n) else "" for n in chosen["new_in_list"]],
                "Running total": chosen["total_label"],
                "Total": chosen["basis"],
            }
        )
        return shown, html.escape(summary(chosen))
