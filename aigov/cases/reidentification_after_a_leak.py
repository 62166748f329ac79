"""Re-identification after a leak (``casestudies/reidentification-after-a-leak.ipynb``).

A *linkage attack* on synthetic location traces from :mod:`aigov.labs.unique_in_the_crowd`.
An attacker knows a target's ``k`` most-visited places (home first, then workplace, ...)
from outside knowledge and looks for people in the leaked, coarsened records who were
seen at all of them (:func:`known_places`, :func:`linkage_candidates`,
:func:`linkage_grid`, :func:`linkage_chart`); the live form :class:`LinkageExplorer`.
The traces are **synthetic**: no real person is described.
"""

from __future__ import annotations

from collections.abc import Iterable

import altair as alt
import ipywidgets as w
import numpy as np
import pandas as pd

import aigov.charts  # also registers the book's theme and renderer
from aigov import checks
from aigov.labs.unique_in_the_crowd import SPACE_FACTORS, TownLab, Traces

KNOWN_PLACES = (1, 2, 3, 4, 5)
# Bands of the number of candidates left, in the order shown.
CANDIDATE_BANDS = ("1 (singled out)", "2–5", "6–20", "21–100", "over 100")
_BAND_EDGES = (1, 5, 20, 100)


def candidate_band(count: int) -> str:
    """The band of a candidate count: '1 (singled out)', '2–5', '6–20', '21–100' or 'over 100'."""
    checks.whole_number(count, "A candidate count", minimum=1, hint=" (the target)")
    for band, edge in zip(CANDIDATE_BANDS, _BAND_EDGES):
        if count <= edge:
            return band
    return CANDIDATE_BANDS[-1]


def _fine_traces(traces: Traces) -> None:
    if not isinstance(traces, Traces):
        raise ValueError("the leak must be location traces made by aigov.labs.unique_in_the_crowd (a Traces object)")
    if traces.records.empty:
        raise ValueError("the traces hold no records")
    if traces.space_factor != 1:
        raise ValueError("give the traces at their original resolution; the attack coarsens them itself (cell_size)")


def known_places(traces: Traces, places: int) -> pd.DataFrame:
    """What the attacker knows: each person's ``places`` most-visited grid cells.

    Ranked by the number of records in the cell (ties: lower x, then lower y); rank 1 is
    usually home and rank 2 the workplace. People with fewer distinct places get all of
    theirs. Columns: person, rank, x, y, records.
    """
    _fine_traces(traces)
    k = checks.whole_number(places, "Known places", 1, 20)
    counts = traces.records.groupby(["person", "x", "y"]).size().rename("records").reset_index()
    counts = counts.sort_values(["person", "records", "x", "y"], ascending=[True, False, True, True], kind="stable")
    counts["rank"] = counts.groupby("person").cumcount() + 1
    return counts[counts["rank"] <= k][["person", "rank", "x", "y", "records"]].reset_index(drop=True)


def _ranked_places(traces: Traces, places: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
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
    traces: Traces,
    places: Iterable[int] = KNOWN_PLACES,
    cell_sizes: Iterable[int] = SPACE_FACTORS,
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
    ks = sorted({checks.whole_number(k, "Known places", 1, 20) for k in places})
    sizes = [checks.whole_number(size, "Cell size", 1, traces.grid_size) for size in cell_sizes]
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


def linkage_candidates(traces: Traces, places: int, cell_size: int = 1) -> pd.DataFrame:
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
        {
            "candidates left": list(CANDIDATE_BANDS),
            "targets": counts.to_numpy(),
            "share": counts.to_numpy() / len(bands),
        }
    )


def linkage_grid(
    traces: Traces,
    places: Iterable[int] = KNOWN_PLACES,
    cell_sizes: Iterable[int] = SPACE_FACTORS,
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
    checks.columns(grid, needed, "The grid", "; make it with linkage_grid()")
    places = sorted(grid["places"].unique().tolist())
    sizes = sorted(grid["cell_size"].unique().tolist())
    k = alt.param(
        name="known",
        value=2 if 2 in places else places[0],
        bind=alt.binding_range(
            min=min(places), max=max(places), step=1, name="Places the attacker knows (1 = home; 2 = home and work): "
        ),
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
        summary.mark_text(align="left", baseline="top", fontSize=13, color="#1a1a1a").encode(
            x=alt.value(0), y=alt.value(0), text="line1:N"
        ),
        summary.mark_text(align="left", baseline="top", fontSize=15, fontWeight="bold", color="#1a1a1a").encode(
            x=alt.value(0), y=alt.value(20), text="line2:N"
        ),
    ).properties(width=440, height=42)
    bars_base = (
        alt.Chart(grid)
        .transform_filter(chosen)
        .encode(
            y=alt.Y("band:N", sort=list(CANDIDATE_BANDS), title="Candidates left"),
            x=alt.X(
                "share:Q",
                title="Share of targets",
                scale=alt.Scale(domain=[0, 1]),
                axis=alt.Axis(format="%", values=[0, 0.25, 0.5, 0.75, 1]),
            ),
        )
    )
    bars = bars_base.mark_bar(color="#0072B2").encode(
        tooltip=aigov.charts.tooltips(
            {
                "band:N": "Candidates left",
                "share:Q": "Share of targets",
            },
            {"share:Q": ".1%"},
        )
    )
    labels = bars_base.mark_text(align="left", dx=4, fontSize=12, color="#1a1a1a").encode(
        text=alt.Text("share:Q", format=".0%")
    )
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
        trend_base.transform_filter("datum.cell_size === leak_cell").mark_line(
            color="#0072B2", strokeWidth=3, point=True
        ),
        trend_base.transform_filter("datum.cell_size === leak_cell && datum.places === known").mark_point(
            size=160, filled=True, color="#D55E00"
        ),
        trend_base.transform_filter("datum.cell_size === leak_cell")
        .mark_text(dy=-12, fontSize=12, color="#1a1a1a")
        .encode(text=alt.Text("median_candidates:Q", format=",.0f")),
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
            options=list(SPACE_FACTORS), value=1, description="Leak coarsened to cells of (per side):", style=self.STYLE
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
