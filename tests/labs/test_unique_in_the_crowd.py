"""The 'unique in the crowd' calculation: hand-checked cases, coarsening, bad input, the live form."""

from __future__ import annotations

import pandas as pd
import pytest
from support import traces_from_rows

from aigov.labs import unique_in_the_crowd as reid
from aigov.labs.unique_in_the_crowd import UniquenessExplorer


def test_hand_checked_shared_and_private_points() -> None:
    # Persons 0 and 1 were only ever seen at the same place and time; person 2 alone.
    traces = traces_from_rows([(0, 5, 1, 1), (1, 5, 1, 1), (2, 9, 0, 3), (2, 10, 0, 3)])
    assert reid.unique_share(traces, 1) == pytest.approx(1 / 3)
    assert reid.unique_share(traces, 2) == pytest.approx(1 / 3)


def test_two_points_separate_people_who_share_one() -> None:
    # 0 and 1 share point A but each has a private point; two points single both out.
    traces = traces_from_rows([(0, 1, 0, 0), (0, 2, 1, 1), (1, 1, 0, 0), (1, 3, 2, 2), (2, 4, 3, 3)])
    assert reid.unique_share(traces, 2) == 1.0


def test_coarsening_merges_neighbouring_cells_and_hours() -> None:
    traces = traces_from_rows([(0, 0, 0, 0), (1, 1, 1, 0)])
    assert reid.unique_share(traces, 1) == 1.0
    assert reid.unique_share(reid.coarsen(traces, space_factor=2), 1) == 1.0  # hours still differ
    merged = reid.coarsen(traces, space_factor=2, time_factor=2)
    assert reid.unique_share(merged, 1) == 0.0
    assert (merged.space_factor, merged.time_factor) == (2, 2)


def test_synthetic_town_is_reproducible_and_shaped_like_call_records() -> None:
    one = reid.synthetic_traces(people=200, seed=5)
    two = reid.synthetic_traces(people=200, seed=5)
    pd.testing.assert_frame_equal(one.records, two.records)
    assert one.people == 200
    per_person = one.records.groupby("person").size()
    assert 20 < per_person.mean() < 70  # about a quarter of the week's 168 hours
    assert one.records["x"].between(0, 31).all() and one.records["hour"].between(0, 167).all()
    assert not reid.synthetic_traces(people=200, seed=6).records.equals(one.records)


def test_more_points_identify_more_and_coarsening_identifies_fewer() -> None:
    grid = reid.uniqueness_grid(
        reid.synthetic_traces(people=300, seed=1), points=(1, 4), space_factors=(1, 8), time_factors=(1, 24)
    )
    share = grid.set_index(["cell_size", "hours_per_slot", "points"])["unique_share"]
    assert share[(1, 1, 4)] > share[(1, 1, 1)]
    assert share[(8, 24, 4)] < share[(1, 1, 4)]
    assert grid["unique_share"].between(0, 1).all()


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: reid.synthetic_traces(people=1), "people must be between 2 and 20,000; you entered 1"),
        (lambda: reid.synthetic_traces(people=2.5), "people must be a whole number"),
        (
            lambda: reid.synthetic_traces(recorded_share=0),
            "recorded_share must be more than 0 and at most 1; you entered 0",
        ),
        (
            lambda: reid.synthetic_traces(recorded_share=1.5),
            "recorded_share must be more than 0 and at most 1; you entered 1.5",
        ),
        (lambda: reid.synthetic_traces(seed=-1), "seed must be at least 0"),
        (
            lambda: reid.coarsen(reid.synthetic_traces(people=5), space_factor=0),
            "space_factor must be between 1 and 32; you entered 0",
        ),
        (
            lambda: reid.unique_share(reid.synthetic_traces(people=5), 0),
            "points must be between 1 and 168; you entered 0",
        ),
        (lambda: reid.unique_share(traces_from_rows([]), 1), "the traces hold no records"),
    ],
)
def test_bad_input_is_refused_with_a_message(call, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()


def test_resolution_labels() -> None:
    assert reid.resolution_label(1, 1) == "1 cell, 1 hour"
    assert reid.resolution_label(4, 6) == "4 × 4 cells, 6-hour slots"
    assert reid.resolution_label(2, 24) == "2 × 2 cells, 1 day"


def test_chart_is_labelled_synthetic_and_has_controls() -> None:
    grid = reid.uniqueness_grid(
        reid.synthetic_traces(people=50, seed=1), points=(1, 2), space_factors=(1, 2), time_factors=(1, 3)
    )
    spec = reid.uniqueness_chart(grid, people=50).to_dict()
    assert spec["title"]["text"].startswith("SYNTHETIC DATA")
    assert "simulated" in spec["description"]
    assert {p["name"] for p in spec["params"]} >= {"cell_size", "hours_per_slot"}


def test_explorer_computes_share_for_a_small_town() -> None:
    explorer = UniquenessExplorer(people=60, seed=3)
    explorer.points.value = 3
    assert isinstance(explorer.result, pd.DataFrame)
    share = explorer.result["uniquely identified"].iloc[0]
    assert share.endswith("%") and 0 <= float(share[:-1]) <= 100
    assert "of 60 simulated people" in explorer.message.value
    assert "Synthetic data" in explorer.message.value
    assert "<table" in explorer.view.value and share in explorer.view.value


def test_explorer_coarser_resolution_changes_the_answer() -> None:
    explorer = UniquenessExplorer(people=300, seed=1)
    explorer.points.value = 2
    fine = explorer.result["uniquely identified"].iloc[0]
    explorer.cell_size.value = 8
    explorer.hours.value = 24
    assert explorer.result["uniquely identified"].iloc[0] != fine
    assert "8 × 8 cells, 1 day" in explorer.message.value


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("people", 3, "between 10 and 5,000; you entered 3"),
        ("people", 99999, "you entered 99,999"),
        ("seed", -4, "The random seed must be at least 0; you entered -4"),
    ],
)
def test_explorer_refuses_bad_input_with_a_message(field: str, value: int, message: str) -> None:
    explorer = UniquenessExplorer(people=50)
    getattr(explorer, field).value = value
    assert explorer.result is None
    assert explorer.view.value == ""
    assert message in explorer.message.value
    assert "color:#b00020" in explorer.message.value


def test_explorer_recomputes_when_a_control_changes() -> None:
    explorer = UniquenessExplorer(people=200, seed=2)
    assert explorer.result is not None, "the form shows a result as soon as it appears"
    first = explorer.message.value
    explorer.points.value = 1
    assert explorer.message.value != first
    assert "by 1 known point(s)" in explorer.message.value
