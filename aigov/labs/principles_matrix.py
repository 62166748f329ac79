"""The ethics lab: which themes do AI-principle documents cover, and which do they share?

The coverage table (``ai_principles`` in the data package) holds one row per (document,
theme) with ``covered`` true or false and the source that supports the coding.
"""

from __future__ import annotations

import html
import re

import altair as alt
import ipywidgets as w
import pandas as pd

import aigov.charts  # also registers the book's theme and renderer
from aigov import checks
from aigov.forms import LabWidget

THEMES = [
    "well-being",
    "fairness",
    "inclusion",
    "privacy",
    "safety",
    "transparency",
    "accountability",
    "human agency",
    "sustainability",
    "cooperation",
    "agile governance",
]

# Words that signal a theme in a principle's text. They are the book's teaching aid for
# the classification exercise, not a published taxonomy: a match suggests a theme for a
# human to confirm, and text with no match is reported as such.
THEME_KEYWORDS = {
    "well-being": [
        "well-being",
        "wellbeing",
        "welfare",
        "benefit",
        "humanity",
        "harmony",
        "friendly",
        "happiness",
        "good of",
    ],
    "fairness": ["fair", "justice", "just ", "discriminat", "bias", "equal", "equity"],
    "inclusion": ["inclusi", "shar", "access", "digital divide", "vulnerable"],
    "privacy": ["privacy", "personal information", "personal data", "data protection", "consent"],
    "safety": ["safe", "secur", "robust", "reliab", "controllab", "risk"],
    "transparency": ["transparen", "explain", "interpretab", "understandab", "disclos", "comprehensib"],
    "accountability": ["accountab", "responsib", "liabil", "trace", "audit"],
    "human agency": ["autonomy", "oversight", "human control", "human rights", "dignity", "human decision", "agency"],
    "sustainability": ["sustainab", "environment", "ecolog", "green", "climate"],
    "cooperation": ["cooperat", "collaborat", "open ", "dialogue", "international", "global"],
    "agile governance": ["agile", "adaptive", "iterat", "ongoing", "continuous", "timely", "revis"],
}
# What a reader sees on pointing at a cell of the coverage matrix.
COVERAGE_TOOLTIP = {
    "document:N": "Document",
    "issuer:N": "Issued by",
    "theme:N": "Theme",
    "status:N": "Coding",
    "evidence:N": "Evidence",
    "source:N": "Sources",
}


def _check_table(coverage: pd.DataFrame) -> None:
    checks.columns(coverage, ["document_id", "document", "year", "theme", "covered"], "The coverage table")


def document_labels(coverage: pd.DataFrame) -> dict[str, str]:
    """Document ids mapped to readable labels, 'Title (year)', in table order."""
    _check_table(coverage)
    firsts = coverage.drop_duplicates("document_id")
    return {row.document_id: f"{row.document} ({row.year})" for row in firsts.itertuples()}


def coverage_matrix(coverage: pd.DataFrame) -> pd.DataFrame:
    """Documents × themes, ✓ where the document covers the theme."""
    _check_table(coverage)
    labels = document_labels(coverage)
    matrix = coverage.pivot(index="document_id", columns="theme", values="covered")
    matrix = matrix.reindex(index=list(labels), columns=[t for t in THEMES if t in matrix.columns])
    matrix.index = [labels[i] for i in matrix.index]
    # One header row: the corner cell names the rows ("Document"), the themes head the columns.
    matrix.columns.name = "Document"
    return matrix.apply(lambda column: column.map({True: "✓", False: ""}))


def compare(coverage: pd.DataFrame, document_ids: list[str]) -> pd.DataFrame:
    """For each theme: how many of the chosen documents cover it, and which.

    ``status`` is 'all' if every chosen document covers the theme, 'none' if none does,
    'some' otherwise.
    """
    _check_table(coverage)
    if not document_ids:
        raise ValueError("Pick at least one document to compare.")
    labels = document_labels(coverage)
    unknown = [d for d in document_ids if d not in labels]
    if unknown:
        raise ValueError(f"Unknown document id(s): {', '.join(unknown)}. Known ids: {', '.join(labels)}.")
    chosen = coverage[coverage["document_id"].isin(document_ids)]
    rows = []
    for theme in [t for t in THEMES if t in set(coverage["theme"])]:
        covering = chosen[(chosen["theme"] == theme) & chosen["covered"].astype(bool)]["document_id"].tolist()
        count = len(covering)
        status = "all" if count == len(document_ids) else ("none" if count == 0 else "some")
        rows.append(
            {
                "theme": theme,
                "covered by": f"{count} of {len(document_ids)}",
                "status": status,
                "documents": "; ".join(labels[d] for d in covering),
            }
        )
    return pd.DataFrame(rows)


def classify_principle(text: str) -> list[str]:
    """Themes whose signal words appear in ``text`` (a suggestion for a human to check)."""
    if not isinstance(text, str) or not text.strip():
        raise ValueError("Give the text of a principle to classify.")
    lowered = " " + re.sub(r"\s+", " ", text.lower()) + " "
    return [theme for theme in THEMES if any(word in lowered for word in THEME_KEYWORDS[theme])]


def coverage_chart(coverage: pd.DataFrame) -> alt.VConcatChart:
    """Heat map of documents × themes; click documents (Shift for several) to compare them."""
    _check_table(coverage)
    table = coverage.assign(
        label=coverage["document_id"].map(document_labels(coverage)),
        status=coverage["covered"].map({True: "covered", False: "not covered"}),
    )
    order = list(document_labels(coverage).values())
    themes = [t for t in THEMES if t in set(table["theme"])]
    picked = alt.selection_point(name="picked_documents", fields=["label"], on="click", clear="dblclick")
    region = alt.param(
        name="region_filter",
        value=None,
        bind=alt.binding_select(
            options=[None, *sorted(table["region"].unique())],
            labels=["all", *sorted(table["region"].unique())],
            name="Show region: ",
        ),
    )
    in_region = "region_filter === null || datum.region === region_filter"
    heat = (
        alt.Chart(table)
        .transform_filter(in_region)
        .mark_rect(stroke="#ffffff", strokeWidth=2)
        .encode(
            x=alt.X("theme:N", sort=themes, title=None, axis=alt.Axis(labelAngle=-40, orient="top")),
            y=alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=320)),
            color=alt.Color(
                "status:N",
                scale=alt.Scale(domain=["covered", "not covered"], range=["#0b5394", "#e8eef5"]),
                legend=alt.Legend(title=None, orient="bottom"),
            ),
            opacity=alt.condition(picked, alt.value(1.0), alt.value(0.35)),
            tooltip=aigov.charts.tooltips(COVERAGE_TOOLTIP),
        )
        .add_params(picked, region)
        .properties(width=36 * len(themes), height=30 * len(order))
    )
    counts = (
        alt.Chart(table)
        .transform_filter(in_region)
        .transform_filter(picked)
        .transform_calculate(covered_count="datum.covered ? 1 : 0")
        .mark_bar(color="#0b5394")
        .encode(
            x=alt.X("theme:N", sort=themes, title=None, axis=alt.Axis(labelAngle=-40)),
            y=alt.Y("sum(covered_count):Q", title="Documents covering the theme", axis=alt.Axis(tickMinStep=1)),
            tooltip=[
                alt.Tooltip("theme:N", title="Theme"),
                alt.Tooltip("sum(covered_count):Q", title="Documents covering it"),
            ],
        )
        .properties(width=36 * len(themes), height=160)
    )
    return alt.vconcat(heat, counts).properties(
        title=alt.Title(
            "Which themes do AI-principle documents cover?",
            subtitle="Click a row to pick a document (Shift-click for more, double-click to clear); the bars count the picked ones.",
        ),
        description=(
            f"Heat map of {len(order)} AI-principle documents from China, the OECD and the EU against "
            f"{len(themes)} themes (well-being, fairness, privacy, safety, transparency, accountability and others), "
            "with a bar chart below counting how many of the documents the reader picks cover each theme."
        ),
    )


class PrinciplesComparer(LabWidget):
    """Pick AI-principle documents; see the themes all of them share and those none covers."""

    def __init__(self, coverage: pd.DataFrame):
        self.coverage = coverage
        labels = document_labels(coverage)
        self.documents = w.SelectMultiple(
            options=[(label, doc_id) for doc_id, label in labels.items()],
            value=tuple(list(labels)[:2]),
            rows=min(len(labels), 9),
            description="Documents:",
            layout=w.Layout(width="95%"),
        )
        super().__init__([w.HTML("Hold Ctrl (or ⌘) to pick several documents."), self.documents])

    def compute(self) -> tuple[pd.DataFrame, str]:
        comparison = compare(self.coverage, list(self.documents.value))
        shared = ", ".join(comparison.loc[comparison["status"] == "all", "theme"]) or "none"
        missing = ", ".join(comparison.loc[comparison["status"] == "none", "theme"]) or "none"
        text = (
            f"Themes in <b>all</b> {len(self.documents.value)} chosen document(s): {html.escape(shared)}.<br>"
            f"Themes in <b>none</b> of them: {html.escape(missing)}."
        )
        return comparison, text
