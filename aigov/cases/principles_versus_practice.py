"""Principles versus practice: AI principles of 2019 set against practices reported in China.

The table ``principles_practice`` (see ``data/datapackage.json``) pairs a principle of the
Beijing AI Principles or of MOST's Governance Principles with a practice that a named
source reports. The pairing is the book's; ``tension`` and ``reading`` record what the
cited sources say, and whose reading it is. This module loads and filters the table,
draws it as a principles × actors dot matrix, and offers a form for live filtering.
"""

from __future__ import annotations

import html
import textwrap

import altair as alt
import ipywidgets as w
import pandas as pd

import aigov.charts  # also registers the book's theme and renderer
from aigov import checks, data
from aigov.forms import LabWidget

TABLE = "principles_practice"
PRINCIPLES_YEAR = 2019  # both documents: Beijing AI Principles 25 May, MOST Governance Principles 17 June
DOCUMENT_SHORT = {"MOST Governance Principles": "MOST", "Beijing AI Principles": "Beijing"}
PRINCIPLE_ORDER = [
    "harmony and friendliness",
    "fairness and justice",
    "respect for privacy",
    "safety and controllability",
    "shared responsibility",
    "agile governance",
    "For Humanity",
    "Be Ethical",
    "Be Responsible",
    "Control Risks",
]
ACTOR_TYPES = ["company", "public security", "central government", "local government", "academia", "court"]
TENSIONS = ["conflicts", "disputed", "mixed", "consistent", "not judged"]
TENSION_COLOURS = ["#D55E00", "#CC79A7", "#E69F00", "#009E73", "#7f7f7f"]
TENSION_SHAPES = ["circle", "diamond", "square", "triangle-up", "cross"]
ALL = "all"
LIST_LENGTH = 5  # pairings shown in the chart's text list at once
LIST_WRAP = 70  # characters per line in the list, to fit the book's column
LIST_STEP = 112  # pixels per entry in the list (up to 7 lines of 15 px)
NO_RESPONSE = "not reported in the sources used"


def _check_table(table: pd.DataFrame) -> None:
    needed = ["id", "principle_document", "principle", "practice", "actor", "actor_type", "year", "tension", "source"]
    checks.columns(table, needed, "The pairings table")


def principle_label(document: str, principle: str) -> str:
    """'MOST: respect for privacy', 'Beijing: For Humanity'."""
    return f"{DOCUMENT_SHORT.get(document, document)}: {principle}"


def timing(year: int) -> str:
    """Whether a practice dates from before, the same year as, or after the 2019 principles."""
    if year < PRINCIPLES_YEAR:
        return "before the principles"
    return "same year as the principles" if year == PRINCIPLES_YEAR else "after the principles"


def prepare(table: pd.DataFrame) -> pd.DataFrame:
    """Add the columns the chart and the form use: principle label, timing, readable response."""
    _check_table(table)
    prepared = table.copy()
    prepared["principle_label"] = [
        principle_label(d, p) for d, p in zip(prepared["principle_document"], prepared["principle"])
    ]
    prepared["timing"] = [timing(int(y)) for y in prepared["year"]]
    if "actor_response" in prepared:
        prepared["actor_response"] = prepared["actor_response"].fillna("").replace("", NO_RESPONSE)
    return prepared


def load() -> pd.DataFrame:
    """The book's pairings table, validated, with the extra columns of :func:`prepare`."""
    return prepare(data.load(TABLE))


def principle_labels(table: pd.DataFrame) -> list[str]:
    """The labels of the principles in the table, MOST's first, each document in its own order."""
    present = set(zip(table["principle_document"], table["principle"]))
    ordered = []
    for document in DOCUMENT_SHORT:
        ordered += [principle_label(document, p) for p in PRINCIPLE_ORDER if (document, p) in present]
    return ordered


def _choice(value: str | None, allowed: list[str], name: str) -> str | None:
    if value is None or value == ALL:
        return None
    return checks.choice(value, name, [ALL, *allowed])


def filter_pairings(
    table: pd.DataFrame,
    principle: str | None = None,
    actor_type: str | None = None,
    tension: str | None = None,
    since: int | None = None,
) -> pd.DataFrame:
    """The pairings for one principle label, actor type and tension code ('all' or None: any),
    reported from year ``since`` on."""
    table = table if "principle_label" in table else prepare(table)
    principle = _choice(principle, principle_labels(table), "The principle")
    actor_type = _choice(actor_type, ACTOR_TYPES, "The actor type")
    tension = _choice(tension, TENSIONS, "The tension")
    keep = pd.Series(True, index=table.index)
    if principle:
        keep &= table["principle_label"] == principle
    if actor_type:
        keep &= table["actor_type"] == actor_type
    if tension:
        keep &= table["tension"] == tension
    if since is not None:
        keep &= table["year"] >= checks.year(since, "The first year", 2015, 2026)
    return table[keep]


def counts(table: pd.DataFrame) -> pd.DataFrame:
    """Number of pairings per principle (rows) and actor type (columns)."""
    table = table if "principle_label" in table else prepare(table)
    matrix = pd.crosstab(table["principle_label"], table["actor_type"])
    return matrix.reindex(
        index=principle_labels(table), columns=[a for a in ACTOR_TYPES if a in matrix.columns], fill_value=0
    )


def describe(selection: pd.DataFrame, total: int) -> str:
    """One sentence: how many pairings match and how their tension codes split."""
    if selection.empty:
        return f"No pairing of the {total} matches these choices."
    split = selection["tension"].value_counts()
    parts = ", ".join(f"{split[t]} {t}" for t in TENSIONS if t in split)
    return f"{len(selection)} of {total} pairings match: {parts}."


def _list_lines(row: pd.Series) -> list[str]:
    """The lines of one entry in the chart's list: heading, actor, practice, where it was reported."""

    def wrapped(text: str, lines: int) -> list[str]:
        parts = textwrap.wrap(text, width=LIST_WRAP)
        if len(parts) > lines:
            parts = parts[: lines - 1] + [
                textwrap.shorten(" ".join(parts[lines - 1 :]), width=LIST_WRAP, placeholder=" …")
            ]
        return parts

    return [
        f"{row['id']} · {row['principle_label']} · {row['tension']}",
        textwrap.shorten(f"{row['actor']} ({row['year']})", width=LIST_WRAP, placeholder=" …"),
        *wrapped(row["practice"], 3),
        *wrapped("Reported in: " + row["practice_source"].replace(";", "; "), 2),
    ]


def pairings_chart(table: pd.DataFrame) -> alt.VConcatChart:
    """Dot matrix of principles × actor types, coloured by tension, with menus and a linked list.

    Two menus filter by principle and actor type (non-matching dots fade); clicking a dot
    (Shift for more) narrows the list below to the picked pairings; double-click clears.
    Tooltips carry the principle, the practice, the reading and the sources.
    """
    table = table if "principle_label" in table else prepare(table)
    labels = principle_labels(table)
    view = table.copy()
    view["slot"] = view.groupby(["principle_label", "actor_type"]).cumcount()
    view["sources"] = view["source"].str.replace(";", "; ")
    view["lines"] = [_list_lines(row) for _, row in view.iterrows()]
    view = view[
        [
            "id",
            "principle_label",
            "principle_summary",
            "practice",
            "actor",
            "actor_type",
            "year",
            "tension",
            "reading",
            "actor_response",
            "sources",
            "slot",
            "lines",
            "timing",
        ]
    ]
    principle_pick = alt.param(
        name="principle_pick",
        value=None,
        bind=alt.binding_select(options=[None, *labels], labels=[ALL, *labels], name="Principle: "),
    )
    actor_pick = alt.param(
        name="actor_pick",
        value=None,
        bind=alt.binding_select(options=[None, *ACTOR_TYPES], labels=[ALL, *ACTOR_TYPES], name="Actor: "),
    )
    picked = alt.selection_point(name="picked", fields=["id"], on="click", clear="dblclick", toggle="event.shiftKey")
    matches = (
        "(principle_pick === null || datum.principle_label === principle_pick)"
        " && (actor_pick === null || datum.actor_type === actor_pick)"
    )
    tension_scale = alt.Scale(domain=TENSIONS, range=TENSION_COLOURS)
    dots = (
        alt.Chart(view)
        .transform_calculate(matches=matches)
        .mark_point(filled=True, size=170, stroke="#1a1a1a", strokeWidth=0.6)
        .encode(
            x=alt.X(
                "actor_type:N",
                sort=ACTOR_TYPES,
                title=None,
                axis=alt.Axis(
                    orient="top",
                    labelAngle=0,
                    labelFontSize=11,
                    labelExpr="split(datum.label, ' ')",
                    grid=True,
                    tickBand="extent",
                    domain=False,
                ),
            ),
            xOffset=alt.XOffset("slot:O", scale=alt.Scale(paddingOuter=0.3)),
            y=alt.Y("principle_label:N", sort=labels, title=None, axis=alt.Axis(labelLimit=230, labelFontSize=12)),
            color=alt.Color(
                "tension:N", scale=tension_scale, legend=alt.Legend(title="What the sources say", orient="top")
            ),
            shape=alt.Shape("tension:N", scale=alt.Scale(domain=TENSIONS, range=TENSION_SHAPES)),
            opacity=alt.condition("datum.matches", alt.value(1.0), alt.value(0.12)),
            strokeWidth=alt.condition(picked, alt.value(2.5), alt.value(0.6)),
            tooltip=aigov.charts.tooltips(
                {
                    "id:N": "Pairing",
                    "principle_label:N": "Principle",
                    "principle_summary:N": "It asks",
                    "practice:N": "Reported practice",
                    "actor:N": "Actor",
                    "year:Q": "Year",
                    "tension:N": "Tension",
                    "reading:N": "Whose reading",
                    "actor_response:N": "Actor's response",
                    "sources:N": "Sources",
                },
                {"year:Q": "d"},
            ),
        )
        .add_params(picked)
        .properties(width=76 * len(ACTOR_TYPES), height=30 * len(labels))
    )
    chosen = (
        alt.Chart(view)
        .transform_filter(matches)
        .transform_filter(picked)
        .transform_window(rank="row_number()", sort=[alt.SortField("id")])
    )
    status = (
        alt.Chart(view)
        # Count over every row (an aggregate of no rows would draw nothing); the test on the
        # picked dots is the one Vega-Lite compiles the selection filter to.
        .transform_calculate(
            hit=f"({matches}) && (!length(data('picked_store')) || vlSelectionTest('picked_store', datum)) ? 1 : 0"
        )
        .transform_aggregate(total="sum(hit)")
        .transform_calculate(
            count=(
                "datum.total === 0 ? 'No pairing matches these choices' : "
                "datum.total + (datum.total === 1 ? ' pairing matches' : ' pairings match')"
                f" + (datum.total > {LIST_LENGTH} ? '; the first {LIST_LENGTH} are listed' : '')"
            ),
            hint="'Choose with the menus or click dots; hover over a dot for its full record.'",
        )
    )
    status = alt.layer(
        status.mark_text(align="left", baseline="top", fontSize=13, fontWeight="bold", color="#1a1a1a").encode(
            x=alt.value(0), y=alt.value(0), text="count:N"
        ),
        status.mark_text(align="left", baseline="top", fontSize=12, color="#404040").encode(
            x=alt.value(0), y=alt.value(18), text="hint:N"
        ),
    ).properties(width=460, height=34)
    listed = chosen.transform_filter(f"datum.rank <= {LIST_LENGTH}").encode(
        y=alt.Y("rank:O", axis=None, title=None, scale=alt.Scale(type="band", paddingInner=0, paddingOuter=0))
    )
    entries = alt.layer(
        listed.mark_point(filled=True, size=90, stroke="#1a1a1a", strokeWidth=0.6, yOffset=-LIST_STEP / 2 + 8).encode(
            x=alt.value(6),
            color=alt.Color("tension:N", scale=tension_scale, legend=None),
            shape=alt.Shape("tension:N", scale=alt.Scale(domain=TENSIONS, range=TENSION_SHAPES), legend=None),
        ),
        listed.mark_text(
            align="left", baseline="top", fontSize=12, lineHeight=15, color="#1a1a1a", dy=-LIST_STEP / 2 + 2
        ).encode(x=alt.value(18), text="lines:N"),
    ).properties(width=460, height=alt.Step(LIST_STEP))
    shares = table["tension"].value_counts()
    return (
        alt.vconcat(dots, status, entries, spacing=14)
        .add_params(principle_pick, actor_pick)
        .properties(
            title=alt.Title(
                "Stated principles (2019) against reported practice",
                subtitle=[
                    "Each dot pairs a principle with a practice reported by a named source; colour and shape: what the sources say.",
                    "Filter with the menus below the chart; click a dot (Shift-click for more) to list it.",
                ],
            ),
            description=(
                f"Dot matrix of {len(table)} pairings of principles from the Beijing AI Principles and MOST's Governance "
                f"Principles (rows, {len(labels)} principles) with practices reported in China by named sources, grouped by "
                f"kind of actor (columns: {', '.join(ACTOR_TYPES)}). Colour and shape show what the cited sources say about "
                f"each practice: {', '.join(f'{shares.get(t, 0)} {t}' for t in TENSIONS)}. Menus filter by principle and "
                "actor; clicking dots lists the picked pairings below with their sources; tooltips give the principle's "
                "text, the practice, whose reading the coding rests on, the actor's response where reported, and the sources."
            ),
        )
    )


class PairingsFilter(LabWidget):
    """Choose a principle, an actor type, a tension code and a first year; see the matching pairings."""

    def __init__(self, table: pd.DataFrame | None = None):
        self.table = load() if table is None else prepare(table)
        style = {"description_width": "initial"}
        layout = w.Layout(width="95%")
        self.principle = w.Dropdown(
            options=[ALL, *principle_labels(self.table)],
            value=ALL,
            description="Principle:",
            style=style,
            layout=layout,
        )
        self.actor_type = w.Dropdown(options=[ALL, *ACTOR_TYPES], value=ALL, description="Actor:", style=style)
        self.tension = w.Dropdown(options=[ALL, *TENSIONS], value=ALL, description="What the sources say:", style=style)
        self.since = w.IntText(value=2015, description="Reported from the year (2015–2026):", style=style)
        super().__init__([self.principle, self.actor_type, self.tension, self.since])

    def compute(self) -> tuple[pd.DataFrame, str]:
        selection = filter_pairings(
            self.table, self.principle.value, self.actor_type.value, self.tension.value, self.since.value
        )
        shown = selection[
            ["id", "principle_label", "actor", "year", "tension", "practice", "reading", "source"]
        ].rename(columns={"principle_label": "principle", "source": "sources"})
        return shown, html.escape(describe(selection, len(self.table)))
