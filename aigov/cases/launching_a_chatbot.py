"""Calculations, chart and live form of the case study "Launching a chatbot in China".

The case asks how long a company waits, after it hands in its filing, before its algorithm
appears on one of the CAC's published lists. The lists' dates come from the registry data
(``data/genai_filings.csv``, the deep-synthesis lists, which include chatbots); the review
time is the reader's assumption, within the range that practitioners report.

- :func:`first_list_after`: the first list a filing could appear on, and the wait.
- :func:`wait_grid` and :func:`wait_chart`: every submission month and review time, drawn with controls.
- :func:`list_gaps`: months between consecutive lists.
- :class:`WaitCalculator`: the live form.
"""

from __future__ import annotations

import html

import altair as alt
import ipywidgets as w
import pandas as pd

import aigov.charts
from aigov import checks
from aigov.forms import LabWidget

KIND = "deep-synthesis algorithms"
# Review times the chart offers, in months. Practitioners report about two months (a lawyer)
# and two to five or more for a company's own model (an analyst); see the case's section 3.
REVIEW_MONTHS = range(1, 7)
DEFAULT_REVIEW = 2
# Width of the wait chart's panels in pixels: a fixed width, since a stack of panels cannot
# shrink to the page as a single chart does, and this fits the book's text column.
CHART_WIDTH = 540
# Submissions are offered from this many months before the first list.
LEAD_MONTHS = 3


def lists(filings: pd.DataFrame) -> pd.DataFrame:
    """The deep-synthesis lists, in order, with their month and size."""
    checks.columns(filings, ["id", "kind", "as_of", "new_in_list"], "The filings table")
    table = filings[filings["kind"] == KIND].sort_values("as_of").reset_index(drop=True)
    if table.empty:
        raise ValueError(f"the filings table has no rows of kind '{KIND}'")
    table = table[["id", "as_of", "new_in_list"]].copy()
    table["month"] = table["as_of"].dt.to_period("M")
    table["label"] = table["as_of"].dt.strftime("%B %Y")
    return table


def _month_label(month: pd.Period) -> str:
    return month.strftime("%B %Y")


def _months(count: int) -> str:
    return f"{count} month" if count == 1 else f"{count} months"


def first_list_after(filings: pd.DataFrame, submitted: object, review_months: object) -> dict[str, object]:
    """The first list published in or after the month the review ends, and the wait in months.

    A teaching model: a filing is listed in the first list whose month is no earlier than the
    month of submission plus ``review_months``. Real reviews vary, and lists come out on no
    fixed day.
    """
    month = checks.day(submitted, "The day you hand in the filing").to_period("M")
    review = checks.whole_number(review_months, "The review time in months", minimum=1, maximum=12)
    ready = month + review
    table = lists(filings)
    later = table[table["month"] >= ready]
    result: dict[str, object] = {
        "submitted": _month_label(month),
        "review_months": review,
        "ready": _month_label(ready),
    }
    result["when"] = (
        f"Handed in during {result['submitted']} with {_months(review)} of review: ready in {result['ready']}."
    )
    if later.empty:
        result.update(list_id="", list_label="", wait_months=None, list_size=None)
        result["listed"] = f"That is after the last list in the data ({table['label'].iloc[-1]})."
    else:
        chosen = later.iloc[0]
        wait = (chosen["month"] - month).n
        result.update(
            list_id=chosen["id"], list_label=chosen["label"], wait_months=wait, list_size=int(chosen["new_in_list"])
        )
        result["listed"] = f"Listed in {chosen['label']}, {_months(wait)} after handing in."
    result["text"] = f"{result['when']} {result['listed']}"
    return result


def submission_months(filings: pd.DataFrame) -> list[pd.Period]:
    """The months a reader can pick: from a little before the first list to the last list."""
    table = lists(filings)
    first, last = table["month"].iloc[0] - LEAD_MONTHS, table["month"].iloc[-1]
    return list(pd.period_range(first, last, freq="M"))


def wait_grid(filings: pd.DataFrame) -> pd.DataFrame:
    """:func:`first_list_after` for every submission month and every review time the chart offers."""
    rows = []
    for month in submission_months(filings):
        for review in REVIEW_MONTHS:
            result = first_list_after(filings, month.to_timestamp().strftime("%Y-%m-%d"), review)
            rows.append({"key": f"{month}|{review}", "month": str(month), **result})
    grid = pd.DataFrame(rows)
    for column in ("wait_months", "list_size"):
        grid[column] = grid[column].astype("Int64")
    return grid


def list_gaps(filings: pd.DataFrame) -> pd.DataFrame:
    """Months from each list to the next."""
    table = lists(filings)
    return pd.DataFrame(
        {
            "from": table["label"].iloc[:-1].to_numpy(),
            "to": table["label"].iloc[1:].to_numpy(),
            "months": [(b - a).n for a, b in zip(table["month"].iloc[:-1], table["month"].iloc[1:])],
        }
    )


def wait_chart(filings: pd.DataFrame) -> alt.VConcatChart:
    """The lists as bars by month; pick a submission month and a review time to see which list you reach."""
    table = lists(filings)
    bars_data = table.assign(as_of=table["as_of"].dt.strftime("%Y-%m-%d"), month=table["month"].astype(str))
    bars_data["new_in_list"] = bars_data["new_in_list"].astype(int)
    grid = wait_grid(filings)
    months = [str(m) for m in submission_months(filings)]
    start = str(table["month"].iloc[2] - 1)
    submit = alt.param(
        name="submit_month",
        value=start,
        bind=alt.binding_select(
            options=months, labels=[_month_label(pd.Period(m, "M")) for m in months], name="You hand in the filing in: "
        ),
    )
    review = alt.param(
        name="review_months",
        value=DEFAULT_REVIEW,
        bind=alt.binding_range(
            min=min(REVIEW_MONTHS), max=max(REVIEW_MONTHS), step=1, name="Months of review (assumed): "
        ),
    )
    lookup = alt.LookupData(grid, key="key", fields=["list_id", "when", "listed"])
    key = "submit_month + '|' + review_months"
    bars = (
        alt.Chart(bars_data)
        .transform_calculate(key=key)
        .transform_lookup(lookup="key", from_=lookup)
        .mark_bar(width=14)
        .encode(
            x=alt.X(
                "as_of:T",
                title="List (month)",
                scale=alt.Scale(padding=12),
                axis=alt.Axis(format="%b %Y", labelOverlap=True),
            ),
            y=alt.Y("new_in_list:Q", title="Algorithms in the list"),
            color=alt.condition(
                "datum.list_id === datum.id", alt.value(aigov.charts.PALETTE[1]), alt.value(aigov.charts.PALETTE[0])
            ),
            tooltip=aigov.charts.tooltips({"label:N": "List", "new_in_list:Q": "Algorithms in the list"}),
        )
    )
    handed_in = (
        alt.Chart(pd.DataFrame({"one": [1]}))
        .transform_calculate(day="toDate(submit_month + '-01T00:00:00')")
        .mark_rule(strokeDash=[5, 3], strokeWidth=2, color="#1a1a1a")
        .encode(x="day:T")
    )
    line = (
        alt.Chart(pd.DataFrame({"one": [1]})).transform_calculate(key=key).transform_lookup(lookup="key", from_=lookup)
    )
    gaps = list_gaps(filings)
    return (
        alt.vconcat(
            aigov.charts.text_panel(line, [("when", 0, 13, 400), ("listed", 20, 14, 600)], height=42).properties(
                width=CHART_WIDTH
            ),
            alt.layer(bars, handed_in).properties(width=CHART_WIDTH, height=260),
        )
        .add_params(submit, review)
        .properties(
            title=alt.Title(
                "From filing to list: the wait for a place on the CAC's lists",
                subtitle="Dashed line: the month you hand in. Orange: the first list after the review. Lists: deep-synthesis algorithms.",
            ),
            description=(
                f"Bar chart of the {len(table)} lists of filed deep-synthesis algorithms from {table['label'].iloc[0]} to "
                f"{table['label'].iloc[-1]}, sized from {int(table['new_in_list'].min())} to {int(table['new_in_list'].max())} "
                f"algorithms; lists came {gaps['months'].min()} to {gaps['months'].max()} months apart. The reader picks "
                "the month a filing is handed in and the months of review; the chart marks the first list the filing "
                "could reach and a line states the wait in months."
            ),
        )
    )


class WaitCalculator(LabWidget):
    """Type the day you hand in a filing and the months of review; see the list you would reach."""

    def __init__(self, filings: pd.DataFrame):
        self.filings = filings
        style = {"description_width": "initial"}
        self.submitted = w.Text(value="2024-03-15", description="Day you hand in (YYYY-MM-DD):", style=style)
        self.review = w.IntText(value=DEFAULT_REVIEW, description="Months of review (1–12):", style=style)
        super().__init__([self.submitted, self.review])

    def compute(self) -> tuple[pd.DataFrame, str]:
        result = first_list_after(self.filings, self.submitted.value, self.review.value)
        shown = pd.DataFrame(
            [
                {
                    "Handed in": result["submitted"],
                    "Review (months)": result["review_months"],
                    "Ready": result["ready"],
                    "First list after": result["list_label"] or "after the last list in the data",
                    "Wait (months)": "" if result["wait_months"] is None else result["wait_months"],
                }
            ]
        )
        return shown, html.escape(str(result["text"]))
