"""How few points of a location trace single a person out ("unique in the crowd").

The data are **synthetic**: :func:`synthetic_traces` simulates a week of hourly
phone-location records for a small town, with homes, workplaces and favourite places
drawn from a city whose centre is busier than its edge, and with each hour recorded only
sometimes (as call records are). Nothing here describes real people.

:func:`unique_share` asks, for every person, whether ``k`` points drawn at random from
their own trace match anyone else's trace; :func:`coarsen` lowers the spatial and temporal
resolution first, as a data holder might before publishing.
"""

from __future__ import annotations

from dataclasses import dataclass

import altair as alt
import ipywidgets as w
import numpy as np
import pandas as pd

import aigov.charts  # also registers the book's theme and renderer
from aigov import checks
from aigov.forms import LabWidget

HOURS_PER_WEEK = 24 * 7
SPACE_FACTORS = (1, 2, 4, 8)
TIME_FACTORS = (1, 3, 6, 24)


@dataclass(frozen=True)
class Traces:
    """Location records: one row per (person, hour) with the grid cell the phone was in."""

    records: pd.DataFrame  # columns: person, hour, x, y
    grid_size: int
    space_factor: int = 1
    time_factor: int = 1

    @property
    def people(self) -> int:
        return int(self.records["person"].nunique())


def synthetic_traces(
    people: int = 1000,
    grid_size: int = 32,
    recorded_share: float = 0.25,
    seed: int = 2013,
) -> Traces:
    """Simulate one week of hourly locations on a ``grid_size`` × ``grid_size`` grid.

    Each person has a home, a workplace and three favourite places; cells nearer the
    centre are more popular. At night people are at home, on weekday office hours mostly
    at work, otherwise at home, a favourite place or, now and then, anywhere. Each hour
    is recorded with probability ``recorded_share``. The same seed gives the same town.
    """
    people = checks.whole_number(people, "people", 2, 20000)
    grid_size = checks.whole_number(grid_size, "grid_size", 2, 256)
    recorded_share = checks.share(recorded_share, "recorded_share", zero=False)
    rng = np.random.default_rng(checks.whole_number(seed, "seed", 0))

    xs, ys = np.meshgrid(np.arange(grid_size), np.arange(grid_size), indexing="ij")
    centre = (grid_size - 1) / 2
    distance = np.hypot(xs - centre, ys - centre).ravel()
    popularity = 1 / (1 + distance) ** 2
    popularity /= popularity.sum()
    cells = grid_size * grid_size

    homes = rng.choice(cells, size=people, p=popularity)
    works = rng.choice(cells, size=people, p=popularity)
    favourites = rng.choice(cells, size=(people, 3), p=popularity)

    hours = np.arange(HOURS_PER_WEEK)
    hour_of_day = hours % 24
    weekday = hours // 24 < 5
    night = (hour_of_day >= 22) | (hour_of_day < 7)
    office = weekday & (hour_of_day >= 9) & (hour_of_day < 17)

    draw = rng.random((people, HOURS_PER_WEEK))
    location = np.where(
        draw < 0.6, homes[:, None], favourites[np.arange(people)[:, None], rng.integers(0, 3, (people, HOURS_PER_WEEK))]
    )
    anywhere = rng.choice(cells, size=(people, HOURS_PER_WEEK), p=popularity)
    location = np.where(draw > 0.92, anywhere, location)
    location = np.where(office[None, :] & (draw < 0.85), works[:, None], location)
    location = np.where(night[None, :], homes[:, None], location)

    recorded = rng.random((people, HOURS_PER_WEEK)) < recorded_share
    person_index, hour_index = np.nonzero(recorded)
    cell = location[person_index, hour_index]
    records = pd.DataFrame({"person": person_index, "hour": hour_index, "x": cell // grid_size, "y": cell % grid_size})
    return Traces(records=records, grid_size=grid_size)


def coarsen(traces: Traces, space_factor: int = 1, time_factor: int = 1) -> Traces:
    """Merge ``space_factor`` × ``space_factor`` cells into one and ``time_factor`` hours into one."""
    space = checks.whole_number(space_factor, "space_factor", 1, traces.grid_size)
    time = checks.whole_number(time_factor, "time_factor", 1, HOURS_PER_WEEK)
    records = traces.records.assign(
        x=traces.records["x"] // space, y=traces.records["y"] // space, hour=traces.records["hour"] // time
    )
    return Traces(
        records=records.drop_duplicates(ignore_index=True),
        grid_size=traces.grid_size,
        space_factor=traces.space_factor * space,
        time_factor=traces.time_factor * time,
    )


def _point_index(traces: Traces) -> tuple[list[np.ndarray], dict[int, set[int]]]:
    """Each person's distinct points, and for each point the set of people seen there."""
    records = traces.records
    side = traces.grid_size + 1
    point = (records["hour"].to_numpy() * side + records["x"].to_numpy()) * side + records["y"].to_numpy()
    pairs = np.unique(np.column_stack([records["person"].to_numpy(), point]), axis=0)
    _, person_starts = np.unique(pairs[:, 0], return_index=True)
    by_person = np.split(pairs[:, 1], person_starts[1:]) if len(pairs) else []
    by_point = pairs[np.lexsort((pairs[:, 0], pairs[:, 1]))]
    points, point_starts = np.unique(by_point[:, 1], return_index=True)
    who_was_there = {
        int(p): set(people.tolist()) for p, people in zip(points, np.split(by_point[:, 0], point_starts[1:]))
    }
    return by_person, who_was_there


def _unique_share(index: tuple[list[np.ndarray], dict[int, set[int]]], points: int, rng: np.random.Generator) -> float:
    by_person, who_was_there = index
    unique = 0
    for trace in by_person:
        sample = rng.choice(trace, size=min(points, len(trace)), replace=False)
        candidates = sorted((who_was_there[int(p)] for p in sample), key=len)
        unique += len(set.intersection(*candidates)) == 1
    return unique / len(by_person)


def unique_share(traces: Traces, points: int, seed: int = 0) -> float:
    """Share of people whom ``points`` random points of their own trace identify uniquely.

    For each person, draw that many distinct points (place and time) from their trace
    (all of them if the trace is shorter) and count the people whose traces contain all
    of them. The person is unique if that count is one: themselves.
    """
    points = checks.whole_number(points, "points", 1, HOURS_PER_WEEK)
    rng = np.random.default_rng(checks.whole_number(seed, "seed", 0))
    if traces.records.empty:
        raise ValueError("the traces hold no records")
    return _unique_share(_point_index(traces), points, rng)


def uniqueness_grid(
    traces: Traces,
    points: tuple[int, ...] = (1, 2, 3, 4, 5, 6),
    space_factors: tuple[int, ...] = SPACE_FACTORS,
    time_factors: tuple[int, ...] = TIME_FACTORS,
    seed: int = 0,
) -> pd.DataFrame:
    """Unique share for every combination of points, spatial and temporal coarsening."""
    if traces.records.empty:
        raise ValueError("the traces hold no records")
    ks = [checks.whole_number(k, "points", 1, HOURS_PER_WEEK) for k in points]
    rows = []
    for space in space_factors:
        for time in time_factors:
            index = _point_index(coarsen(traces, space, time))
            for k in ks:
                share = _unique_share(index, k, np.random.default_rng(checks.whole_number(seed, "seed", 0)))
                rows.append({"cell_size": space, "hours_per_slot": time, "points": k, "unique_share": share})
    return pd.DataFrame(rows)


def resolution_label(cell_size: int, hours: int) -> str:
    """Readable resolution, e.g. '2 × 2 cells, 3-hour slots'."""
    place = "1 cell" if cell_size == 1 else f"{cell_size} × {cell_size} cells"
    time = "1 hour" if hours == 1 else ("1 day" if hours == 24 else f"{hours}-hour slots")
    return f"{place}, {time}"


def uniqueness_chart(grid: pd.DataFrame, people: int) -> alt.LayerChart:
    """Share of people identified by k points; radio buttons choose the resolution."""
    cell = alt.param(
        name="cell_size",
        value=1,
        bind=alt.binding_radio(
            options=sorted(grid["cell_size"].unique().tolist()), name="Cell size (cells per side): "
        ),
    )
    slot = alt.param(
        name="hours_per_slot",
        value=1,
        bind=alt.binding_radio(options=sorted(grid["hours_per_slot"].unique().tolist()), name="Hours per time slot: "),
    )
    chosen = "datum.cell_size === cell_size && datum.hours_per_slot === hours_per_slot"
    finest = "datum.cell_size === 1 && datum.hours_per_slot === 1"
    base = alt.Chart(grid).encode(
        x=alt.X("points:O", title="Number of known points (place and time)", axis=alt.Axis(labelAngle=0)),
        y=alt.Y(
            "unique_share:Q",
            title="Share of people uniquely identified",
            axis=alt.Axis(format="%"),
            scale=alt.Scale(domain=[0, 1]),
        ),
    )
    reference = base.transform_filter(finest).mark_line(color="#8c8c8c", strokeDash=[4, 4])
    line = base.transform_filter(chosen).mark_line(
        color="#0b5394", strokeWidth=3, point=alt.OverlayMarkDef(size=70, color="#0b5394")
    )
    tips = (
        base.transform_filter(chosen)
        .mark_point(size=200, opacity=0)
        .encode(
            tooltip=aigov.charts.tooltips(
                {
                    "points:O": "Known points",
                    "unique_share:Q": "Uniquely identified",
                    "cell_size:Q": "Cell size",
                    "hours_per_slot:Q": "Hours per slot",
                },
                {"unique_share:Q": ".1%"},
            )
        )
    )
    labels = (
        base.transform_filter(chosen)
        .mark_text(dy=-12, fontSize=12, color="#1a1a1a")
        .encode(text=alt.Text("unique_share:Q", format=".0%"))
    )
    return (
        alt.layer(reference, line, tips, labels)
        .add_params(cell, slot)
        .properties(
            width="container",
            height=320,
            title=alt.Title(
                f"SYNTHETIC DATA: how many known points single out one of {people:,} simulated people",
                subtitle="Blue: the resolution you choose below. Grey dashes: finest resolution (1 cell, 1 hour).",
            ),
            description=(
                f"Line chart from simulated data, not real people: the share of {people:,} synthetic "
                "phone users whom 1 to 6 known place-and-time points identify uniquely, at a spatial and "
                "temporal resolution the reader chooses with radio buttons, compared with the finest "
                "resolution. More points identify more people; coarser cells and longer time slots "
                "identify fewer."
            ),
        )
    )


class TownLab(LabWidget):
    """A form that simulates a town first: its size and random seed, checked before use."""

    STYLE = {"description_width": "initial"}

    def __init__(self, people: int, seed: int, controls: list[w.Widget]):
        self.people = w.IntText(value=people, description="Simulated people (10–5,000):", style=self.STYLE)
        self.seed = w.IntText(value=seed, description="Random seed (0 or more):", style=self.STYLE)
        super().__init__([self.people, self.seed, *controls])

    def town(self) -> Traces:
        """The simulated town the form describes; ValueError with a reader-facing message if it cannot be."""
        people = checks.whole_number(self.people.value, "Simulated people", 10, 5000)
        seed = checks.whole_number(self.seed.value, "The random seed", minimum=0)
        return synthetic_traces(people=people, seed=seed)


class UniquenessExplorer(TownLab):
    """Simulate a town, coarsen its location records, and see how many people k points single out."""

    def __init__(self, people: int = 500, seed: int = 2013):
        style = self.STYLE
        self.cell_size = w.Dropdown(
            options=list(SPACE_FACTORS), value=1, description="Cell size (cells per side):", style=style
        )
        self.hours = w.Dropdown(options=list(TIME_FACTORS), value=1, description="Hours per time slot:", style=style)
        self.points = w.IntSlider(value=4, min=1, max=10, description="Known points:", style=style)
        super().__init__(people, seed, [self.cell_size, self.hours, self.points])

    def compute(self) -> tuple[pd.DataFrame, str]:
        traces = self.town()
        people = self.people.value
        coarse = coarsen(traces, self.cell_size.value, self.hours.value)
        share = unique_share(coarse, self.points.value, seed=self.seed.value)
        table = pd.DataFrame(
            {
                "simulated people": [people],
                "resolution": [resolution_label(self.cell_size.value, self.hours.value)],
                "known points": [self.points.value],
                "uniquely identified": [f"{share:.1%}"],
            }
        )
        text = (
            f"<b>{share:.1%}</b> of {people:,} simulated people are singled out by "
            f"{self.points.value} known point(s) at {resolution_label(self.cell_size.value, self.hours.value)}. "
            "Synthetic data: no real person is described."
        )
        return table, text
