"""Exporting surveillance: what the sources report about surveillance technology sold abroad.

The table ``surveillance_exports`` in the data package holds one row per reported fact:
who supplied (``supplier``, ``supplier_country``), to whom (``recipient``: a named country
or an aggregate such as "63 countries"), what kind of fact it is (``kind``), the number of
countries where the fact is a count (``count``, with ``count_qualifier``: "at least" and
"more than" mark lower bounds), the year of the report, a paraphrase naming whose report it
is, and its sources.

Most counts come from one study, the Carnegie Endowment's AI Global Surveillance Index
(Feldstein, 2019). Counts of countries are not counts of contracts, systems or users, and
counts for a group (all Chinese companies) include those of its members (Huawei): bars
must not be added up.
"""

from __future__ import annotations

import altair as alt
import ipywidgets as w
import pandas as pd

import aigov.charts  # also registers the book's theme and renderer
from aigov import checks, data
from aigov.forms import LabWidget

TABLE = "surveillance_exports"
KINDS_TABLE = "source_kinds"
ALL = "all"
YEAR_RANGE = (2015, 2026)

KIND_LABELS = {
    "aggregate_count": "countries a supplier reached",
    "adoption_count": "countries using AI surveillance",
    "market_presence": "a company's stated reach",
    "financing": "sales with soft loans",
    "country_deal": "a named contract",
    "buyer_interest": "a country's reported interest",
    "general_claim": "general claim or forecast",
    "policy_response": "policy response",
}
# Kinds that name a country (not an aggregate); country_deal would, but no row has one.
COUNTRY_KINDS = ("financing", "buyer_interest", "country_deal")
# The study whose counts the bar chart draws, as the table's 'study' column names it.
CHART_STUDY = "Carnegie AI Global Surveillance Index (2019)"

# The chart's menu: which suppliers to show.
VIEWS = {
    "chinese": "Chinese suppliers",
    "all": "all suppliers",
    "bri": "with Belt and Road share",
}
SEGMENT_COLOURS = {
    "China": "#0072B2",
    "Japan": "#009E73",
    "United States": "#CC79A7",
    "Belt and Road signatories": "#D55E00",
    "other countries": "#E69F00",
    "share not reported": "#bdbdbd",
}
COUNTRY_SHORT = {"United States": "US"}
NEEDED_COLUMNS = {
    "supplier",
    "supplier_country",
    "recipient",
    "kind",
    "count",
    "count_qualifier",
    "year",
    "reported",
    "study",
    "source",
}
VIEW_WIDTH = 420


def load() -> pd.DataFrame:
    """The exports table, validated against the data package."""
    return data.load(TABLE)


def _check_table(table: pd.DataFrame) -> None:
    checks.columns(table, NEEDED_COLUMNS, "The exports table")


def supplier_countries(table: pd.DataFrame) -> list[str]:
    """The supplier countries named in the table, in alphabetical order."""
    _check_table(table)
    return sorted(c for c in table["supplier_country"].dropna().unique() if c)


def filter_facts(
    table: pd.DataFrame,
    supplier_country: str = ALL,
    kind: str = ALL,
    text: str = "",
    year_from: int = YEAR_RANGE[0],
    year_to: int = YEAR_RANGE[1],
) -> pd.DataFrame:
    """The rows that match every filter; ``text`` is searched in supplier, recipient and report.

    Raises ValueError, naming the allowed values, for an unknown supplier country or kind,
    and for a year range that is empty or outside the table's years.
    """
    _check_table(table)
    countries = supplier_countries(table)
    checks.choice(supplier_country, "The supplier country", [ALL, *countries])
    checks.choice(kind, "The kind of fact", [ALL, *KIND_LABELS])
    year_from = checks.year(year_from, "The first year", *YEAR_RANGE)
    year_to = checks.year(year_to, "The last year", *YEAR_RANGE)
    if year_from > year_to:
        raise ValueError(f"The first year ({year_from}) is after the last year ({year_to}).")
    mask = table["year"].between(year_from, year_to).fillna(False).astype(bool)
    if supplier_country != ALL:
        mask &= table["supplier_country"] == supplier_country
    if kind != ALL:
        mask &= table["kind"] == kind
    needle = text.strip().lower()
    if needle:
        haystack = (table["supplier"] + " " + table["recipient"] + " " + table["reported"]).str.lower()
        mask &= haystack.str.contains(needle, regex=False)
    return table[mask].reset_index(drop=True)


def readable(table: pd.DataFrame) -> pd.DataFrame:
    """A table for the page: the count with its qualifier, the kind in words."""
    _check_table(table)
    counts = [
        "" if pd.isna(n) else (f"{q} {n}" if q in ("at least", "more than") else str(n))
        for n, q in zip(table["count"], table["count_qualifier"])
    ]
    return pd.DataFrame(
        {
            "supplier": table["supplier"],
            "recipient": table["recipient"],
            "kind": table["kind"].map(KIND_LABELS),
            "countries": counts,
            "year": table["year"].astype(int),
            "reported": table["reported"],
            "sources": table["source"],
        }
    )


def country_cases(table: pd.DataFrame) -> pd.DataFrame:
    """The rows that name a recipient country, grouped by country."""
    _check_table(table)
    named = table[table["kind"].isin(COUNTRY_KINDS)].sort_values(["recipient", "kind"], kind="stable")
    return readable(named)[["recipient", "supplier", "kind", "year", "reported", "sources"]].reset_index(drop=True)


UNCLASSIFIED = "unclassified"


def source_kinds() -> dict[str, str]:
    """Citation key -> kind of author behind the source (table ``source_kinds``).

    The classification is the book's, for weighing the evidence (a think tank's index, an
    advocacy group's submission, a news summary, a company's own claim).
    """
    kinds = data.load(KINDS_TABLE)
    return dict(zip(kinds["source"], kinds["kind"]))


def source_type(key: str, kinds: dict[str, str] | None = None) -> str:
    """The kind of author behind one citation key ('unclassified' if the book has not classified it).

    ``kinds`` is the classification (from :func:`source_kinds` if not given).
    """
    kinds = source_kinds() if kinds is None else kinds
    return kinds.get(key.strip(), UNCLASSIFIED)


def source_profile(table: pd.DataFrame) -> pd.DataFrame:
    """For each kind of source: how many rows cite it, and how many of those are counts of countries.

    A row citing two sources of the same kind counts once for that kind.
    """
    _check_table(table)
    kinds = source_kinds()
    rows = []
    for _, row in table.iterrows():
        for kind in sorted({source_type(key, kinds) for key in row["source"].split(";")}):
            rows.append({"source type": kind, "is_count": pd.notna(row["count"])})
    if not rows:
        return pd.DataFrame(columns=["source type", "rows citing it", "of which counts"])
    frame = pd.DataFrame(rows)
    profile = frame.groupby("source type").agg(
        **{"rows citing it": ("is_count", "size"), "of which counts": ("is_count", "sum")}
    )
    profile["of which counts"] = profile["of which counts"].astype(int)
    return profile.sort_values(["rows citing it", "source type"], ascending=[False, True]).reset_index()


def _find(rows: pd.DataFrame, supplier: str, contains: str | None = None, excludes: str | None = None) -> pd.Series:
    chosen = rows[rows["supplier"] == supplier]
    if contains is not None:
        chosen = chosen[chosen["recipient"].str.contains(contains, regex=False)]
    if excludes is not None:
        chosen = chosen[~chosen["recipient"].str.contains(excludes, regex=False)]
    if len(chosen) != 1:
        raise ValueError(f"expected one Carnegie count for {supplier!r} in the exports table, found {len(chosen)}")
    return chosen.iloc[0]


def _carnegie_counts(table: pd.DataFrame) -> tuple[pd.Series, pd.Series, list[pd.Series]]:
    """The chart's counts: the Chinese companies' total, its Belt and Road share, and the bars.

    The bars are every supplier's count: the Chinese total first, then the others largest first.
    """
    counts = table[(table["kind"] == "aggregate_count") & (table["study"] == CHART_STUDY)]
    chinese = _find(counts, "Chinese companies", excludes="Belt and Road")
    bri = _find(counts, "Chinese companies", contains="Belt and Road")
    singles = counts[~counts.index.isin([chinese.name, bri.name])].sort_values("count", ascending=False, kind="stable")
    return chinese, bri, [chinese, *[row for _, row in singles.iterrows()]]


def _is_group(row: pd.Series) -> bool:
    return row["supplier"].endswith("companies")


def _qualifier(row: pd.Series) -> str:
    return f"{row['count_qualifier']} " if row["count_qualifier"] in ("at least", "more than") else ""


def _label(row: pd.Series) -> str:
    return f"{_qualifier(row)}{int(row['count'])}"


def _members(ordered: list[pd.Series], group: pd.Series) -> str:
    """The single companies of a group's country, as possessives ("IBM's, Palantir's and Cisco's")."""
    country = group["supplier_country"]
    return aigov.charts.in_words(
        [f"{row['supplier']}'s" for row in ordered if row["supplier_country"] == country and not _is_group(row)]
    )


def _view_notes(chinese: pd.Series, bri: pd.Series, ordered: list[pd.Series]) -> dict[str, str]:
    """The note under the chart for each view, with the counts of the table."""
    groups = [row for row in ordered if _is_group(row)]
    among = [
        f"{_members(ordered, group)}{' are' if n == 0 else ''} among the {int(group['count'])}"
        for n, group in enumerate(groups)
    ]
    return {
        "chinese": f"Chinese suppliers only. {_members(ordered, chinese)} countries are among the "
        f"{int(chinese['count'])}.",
        "all": f"The 'All ...' bars include the countries of the single companies below them\n({'; '.join(among)}).",
        "bri": f"Of the {int(chinese['count'])} countries, {int(bri['count'])} had signed on to China's Belt and Road "
        "Initiative.\nThe sources report no Belt and Road share for any other supplier (grey).",
    }


def _figures(ordered: list[pd.Series]) -> str:
    """The counts in the chart's order, for its description.

    A company whose country has no group total is named with its country ("Japan's NEC").
    """
    grouped = {row["supplier_country"] for row in ordered if _is_group(row)}
    figures = []
    for row in ordered:
        if _is_group(row):
            figures.append(f"{row['supplier']} together {_label(row)}")
        elif row["supplier_country"] in grouped:
            figures.append(f"{row['supplier']} {_label(row)}")
        else:
            figures.append(f"{row['supplier_country']}'s {row['supplier']} {_label(row)}")
    return ", ".join(figures)


def supplier_bars(table: pd.DataFrame) -> pd.DataFrame:
    """The chart's bars for each menu choice: one row per (view, supplier, segment).

    Carnegie's counts only. In the 'bri' view the Chinese companies' 63 countries are split
    into the 36 Belt and Road signatories and the remaining 27; no other supplier's
    Belt and Road share is reported.
    """
    _check_table(table)
    chinese, bri, ordered = _carnegie_counts(table)
    rows = []
    for rank, row in enumerate(ordered):
        country = row["supplier_country"]
        if _is_group(row):
            group = f"All {row['supplier']}"
        else:
            group = f"{row['supplier']} ({COUNTRY_SHORT.get(country, country)})"
        base = {
            "supplier": group,
            "supplier_country": row["supplier_country"],
            "rank": rank,
            "total": int(row["count"]),
            "total_label": _label(row),
            "reported": row["reported"],
            "source": row["source"],
        }
        for view in VIEWS:
            if view == "chinese" and row["supplier_country"] != "China":
                continue
            if view == "bri" and row.name == chinese.name:
                other = int(chinese["count"]) - int(bri["count"])
                rows.append(
                    {
                        **base,
                        "view": view,
                        "segment": "Belt and Road signatories",
                        "countries": int(bri["count"]),
                        "start": 0,
                        "segment_label": f"{int(bri['count'])} Belt and Road",
                        "segment_note": bri["reported"],
                    }
                )
                rows.append(
                    {
                        **base,
                        "view": view,
                        "segment": "other countries",
                        "countries": other,
                        "start": int(bri["count"]),
                        "segment_label": f"{other} other",
                        "segment_note": f"Derived: {int(chinese['count'])} minus {int(bri['count'])}.",
                    }
                )
            elif view == "bri":
                rows.append(
                    {
                        **base,
                        "view": view,
                        "segment": "share not reported",
                        "countries": int(row["count"]),
                        "start": 0,
                        "segment_label": "",
                        "segment_note": "The sources give no Belt and Road share for this supplier.",
                    }
                )
            else:
                rows.append(
                    {
                        **base,
                        "view": view,
                        "segment": country,
                        "countries": int(row["count"]),
                        "start": 0,
                        "segment_label": "",
                        "segment_note": "",
                    }
                )
    bars = pd.DataFrame(rows)
    bars["end"] = bars["start"] + bars["countries"]
    return bars


def _adoption(table: pd.DataFrame) -> pd.Series:
    rows = table[(table["kind"] == "adoption_count") & table["recipient"].str.contains(" of ", regex=False)]
    if len(rows) != 1:
        raise ValueError(f"expected one overall adoption count in the exports table, found {len(rows)}")
    return rows.iloc[0]


def adoption_total(table: pd.DataFrame) -> int:
    """Carnegie's count of countries using AI surveillance (at least 75 of 176)."""
    return int(_adoption(table)["count"])


def supplier_chart(table: pd.DataFrame, view: str = "all") -> alt.VConcatChart:
    """Bars of suppliers by number of countries (Carnegie, 2019), with a menu to switch views.

    The menu recomputes the chart in the reader's browser: Chinese suppliers only, all
    suppliers, or all suppliers with the Chinese companies' Belt and Road share.
    """
    checks.choice(view, "The view", VIEWS)
    bars = supplier_bars(table)
    chinese, bri, ordered = _carnegie_counts(table)
    adoption = _adoption(table)
    adopters = f"{_qualifier(adoption)}{adoption['recipient']}"
    order = bars.drop_duplicates("supplier").sort_values("rank")["supplier"].tolist()
    menu = alt.param(
        name="supplier_view",
        value=view,
        bind=alt.binding_select(options=list(VIEWS), labels=list(VIEWS.values()), name="Show: "),
    )
    base = alt.Chart(bars).transform_filter("datum.view === supplier_view")
    # The axis ends at the next ten above the longest bar and the dashed line.
    x_scale = alt.Scale(domain=[0, (max(int(bars["end"].max()), int(adoption["count"])) // 10 + 1) * 10])
    y = alt.Y("supplier:N", sort=order, title=None, axis=alt.Axis(labelLimit=280))
    bar = base.mark_bar(height=18).encode(
        x=alt.X("start:Q", title="Countries supplied with AI surveillance technology", scale=x_scale),
        x2="end:Q",
        y=y,
        color=alt.Color(
            "segment:N",
            scale=alt.Scale(domain=list(SEGMENT_COLOURS), range=list(SEGMENT_COLOURS.values())),
            legend=None,
        ),
        tooltip=aigov.charts.tooltips(
            {
                "supplier:N": "Supplier",
                "total_label:N": "Countries (Carnegie)",
                "segment:N": "Segment",
                "countries:Q": "Countries in this segment",
                "reported:N": "What the source reports",
                "segment_note:N": "Note",
                "source:N": "Sources",
            }
        ),
    )
    inside = (
        base.transform_filter("datum.segment_label !== ''")
        .transform_calculate(middle="(datum.start + datum.end) / 2")
        .mark_text(fontSize=11, fontWeight="bold", color="#ffffff")
        .encode(x=alt.X("middle:Q", scale=x_scale), y=y, text="segment_label:N")
    )
    labels = (
        base.transform_filter("datum.start === 0")
        .mark_text(align="left", dx=4, fontSize=12, color="#1a1a1a")
        .encode(x=alt.X("total:Q", scale=x_scale), y=y, text="total_label:N")
    )
    rule_data = pd.DataFrame({"x": [int(adoption["count"])], "label": [f"{adopters} use AI surveillance"]})
    rule = alt.Chart(rule_data).mark_rule(strokeDash=[4, 3], color="#404040").encode(x=alt.X("x:Q", scale=x_scale))
    rule_text = (
        alt.Chart(rule_data)
        .mark_text(align="right", baseline="bottom", dx=-4, dy=-4, fontSize=11, color="#404040")
        .encode(x=alt.X("x:Q", scale=x_scale), y=alt.value(0), text="label:N")
    )
    notes = pd.DataFrame(list(_view_notes(chinese, bri, ordered).items()), columns=["view", "note"])
    note = (
        alt.Chart(notes)
        .transform_filter("datum.view === supplier_view")
        .mark_text(align="left", baseline="top", fontSize=12, color="#1a1a1a", lineBreak="\n", lineHeight=16)
        .encode(x=alt.value(0), y=alt.value(0), text="note:N")
        .properties(width=VIEW_WIDTH, height=32)
    )
    return (
        alt.vconcat(
            alt.layer(bar, inside, labels, rule, rule_text).properties(width=VIEW_WIDTH, height=alt.Step(26)), note
        )
        .add_params(menu)
        .properties(
            title=alt.Title(
                "Suppliers of AI surveillance technology, by number of countries",
                subtitle=[
                    "Carnegie AI Global Surveillance Index, 2019. Counts of countries, not contracts or users;",
                    "do not add the bars up. Use the menu below the chart; hover over a bar for its source.",
                ],
            ),
            description=(
                "Horizontal bar chart of the number of countries to which suppliers of AI surveillance technology "
                f"were linked in the Carnegie Endowment's 2019 index: {_figures(ordered)}. "
                f"A dashed line marks the {adopters} found using AI surveillance. A menu shows "
                "Chinese suppliers only, all suppliers, or all suppliers with the Chinese companies' "
                f"{int(chinese['count'])} countries split into {int(bri['count'])} Belt and Road signatories and "
                f"{int(chinese['count']) - int(bri['count'])} others (no other supplier's share is reported). "
                "Tooltips give each figure's source."
            ),
        )
    )


# --- the live form ------------------------------------------------------------------------


class ExportsExplorer(LabWidget):
    """Filter the reported facts by supplier country, kind, words and years."""

    def __init__(self, table: pd.DataFrame):
        _check_table(table)
        self.table = table
        style = {"description_width": "initial"}
        self.supplier_country = w.Dropdown(
            options=[("all", ALL), *[(c, c) for c in supplier_countries(table)]],
            value=ALL,
            description="Supplier country:",
            style=style,
        )
        self.kind = w.Dropdown(
            options=[("all kinds", ALL), *[(label, key) for key, label in KIND_LABELS.items()]],
            value=ALL,
            description="Kind of fact:",
            style=style,
        )
        self.text = w.Text(value="", description="Words to find (optional):", style=style)
        self.year_from = w.IntText(
            value=YEAR_RANGE[0], description=f"From year ({YEAR_RANGE[0]}–{YEAR_RANGE[1]}):", style=style
        )
        self.year_to = w.IntText(
            value=YEAR_RANGE[1], description=f"To year ({YEAR_RANGE[0]}–{YEAR_RANGE[1]}):", style=style
        )
        super().__init__([self.supplier_country, self.kind, self.text, self.year_from, self.year_to])

    def compute(self) -> tuple[pd.DataFrame, str]:
        found = filter_facts(
            self.table,
            supplier_country=self.supplier_country.value,
            kind=self.kind.value,
            text=self.text.value,
            year_from=self.year_from.value,
            year_to=self.year_to.value,
        )
        counted = found["count"].notna().sum()
        text = (
            f"<b>{len(found)}</b> of {len(self.table)} reported facts match"
            f" ({counted} of them counts of countries, which are not counts of contracts)."
        )
        if found.empty:
            text += " Nothing matches: widen the filters."
        return readable(found), text
