"""Re-identification after a leak (aigov.cases.reidentification_after_a_leak): the linkage attack, hand-checked, its chart and live form."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from support import traces_from_rows, vega_svg_text

from aigov.cases import reidentification_after_a_leak as leak
from aigov.labs import unique_in_the_crowd as reid

# Person 0: home (0, 0) three times, work (3, 3) twice. Person 1 shares the home cell,
# works at (3, 2). Person 2 lives at (0, 1) and once passed (3, 3).
TOWN = [
    (0, 0, 0, 0), (0, 1, 0, 0), (0, 2, 0, 0), (0, 10, 3, 3), (0, 11, 3, 3),
    (1, 0, 0, 0), (1, 1, 0, 0), (1, 2, 0, 0), (1, 10, 3, 2), (1, 11, 3, 2),
    (2, 0, 0, 1), (2, 1, 0, 1), (2, 2, 0, 1), (2, 12, 3, 3),
]  # fmt: skip


def test_known_places_are_the_most_visited_cells() -> None:
    known = leak.known_places(traces_from_rows(TOWN), 2)
    zero = known[known["person"] == 0]
    assert zero[["rank", "x", "y", "records"]].values.tolist() == [[1, 0, 0, 3], [2, 3, 3, 2]]
    assert len(leak.known_places(traces_from_rows(TOWN), 5)) == 6, "people with fewer places give all of theirs"
    tie = leak.known_places(traces_from_rows([(0, 0, 2, 2), (0, 1, 1, 3), (0, 2, 1, 0)]), 1)
    assert tie[["x", "y"]].values.tolist() == [[1, 0]], "ties go to the lower x, then the lower y"


def test_linkage_candidates_hand_checked() -> None:
    town = traces_from_rows(TOWN)
    home_only = leak.linkage_candidates(town, 1).set_index("person")["candidates"]
    assert home_only.to_dict() == {0: 2, 1: 2, 2: 1}
    home_and_work = leak.linkage_candidates(town, 2).set_index("person")["candidates"]
    assert home_and_work.to_dict() == {0: 1, 1: 1, 2: 1}
    # Leaked at 2 × 2 cells, (0, 0) and (0, 1) merge, as do (3, 2) and (3, 3): all look alike.
    coarse = leak.linkage_candidates(town, 2, cell_size=2).set_index("person")["candidates"]
    assert coarse.to_dict() == {0: 3, 1: 3, 2: 3}


def test_more_places_narrow_and_coarser_cells_widen_the_candidates() -> None:
    town = reid.synthetic_traces(people=300, seed=5)
    counts = {
        (size, k): leak.linkage_candidates(town, k, size)["candidates"].to_numpy()
        for size in (1, 2, 4, 8)
        for k in (1, 2, 3)
    }
    for size in (1, 2, 4, 8):
        assert (counts[(size, 1)] >= counts[(size, 2)]).all() and (counts[(size, 2)] >= counts[(size, 3)]).all()
    for k in (1, 2, 3):
        assert (counts[(1, k)] <= counts[(2, k)]).all() and (counts[(2, k)] <= counts[(4, k)]).all()
    assert min(c.min() for c in counts.values()) >= 1, "the target is always among the candidates"


@pytest.mark.parametrize(
    ("count", "band"),
    [
        (1, "1 (singled out)"),
        (2, "2–5"),
        (5, "2–5"),
        (6, "6–20"),
        (20, "6–20"),
        (21, "21–100"),
        (100, "21–100"),
        (101, "over 100"),
    ],
)
def test_candidate_bands(count: int, band: str) -> None:
    assert leak.candidate_band(count) == band


def test_linkage_refuses_bad_input() -> None:
    town = traces_from_rows(TOWN)
    with pytest.raises(ValueError, match="at least 1"):
        leak.candidate_band(0)
    with pytest.raises(ValueError, match="Known places must be between 1 and 20; you entered 0"):
        leak.linkage_candidates(town, 0)
    with pytest.raises(ValueError, match="Cell size must be between 1 and 4; you entered 8"):
        leak.linkage_candidates(town, 1, cell_size=8)
    with pytest.raises(ValueError, match="original resolution"):
        leak.linkage_candidates(reid.coarsen(town, 2), 1)
    with pytest.raises(ValueError, match="no records"):
        leak.known_places(traces_from_rows([]), 1)
    with pytest.raises(ValueError, match="Traces object"):
        leak.known_places(pd.DataFrame(TOWN), 1)


def test_linkage_grid_and_chart_agree() -> None:
    town = reid.synthetic_traces(people=200, seed=7)
    grid = leak.linkage_grid(town, places=(1, 2, 3), cell_sizes=(1, 4))
    assert len(grid) == 2 * 3 * len(leak.CANDIDATE_BANDS)
    assert grid.groupby(["cell_size", "places"])["share"].sum().round(9).eq(1).all()
    summary = leak.linkage_summary(leak.linkage_candidates(town, 2, 1))
    chart = leak.linkage_chart(grid, people=town.people)
    spec = chart.to_dict()
    assert {p["name"]: p["bind"]["input"] for p in spec["params"]} == {"known": "range", "leak_cell": "radio"}
    assert spec["title"]["text"].startswith("SYNTHETIC DATA")
    words = vega_svg_text(chart)
    shown = re.search(r"(\d+)% of targets singled out", words)
    assert shown and abs(int(shown[1]) - 100 * summary["singled_out"]) <= 0.5
    with pytest.raises(ValueError, match="The grid lacks the column\\(s\\): band; make it with linkage_grid"):
        leak.linkage_chart(grid.drop(columns="band"), people=200)


def test_linkage_widget_updates_and_refuses_bad_input() -> None:
    form = leak.LinkageExplorer(people=150, seed=3)
    assert "of 150 simulated people" in form.message.value and "Synthetic data" in form.message.value
    assert form.result["candidates left"].tolist() == list(leak.CANDIDATE_BANDS)
    expected = leak.linkage_summary(leak.linkage_candidates(reid.synthetic_traces(people=150, seed=3), 2, 1))
    assert f"{expected['singled_out']:.1%}" in form.message.value
    form.cell_size.value = 8
    form.places.value = 1
    assert "Knowing 1 place per target" in form.message.value and "8 × 8 cell(s)" in form.message.value
    form.people.value = 3
    assert form.result is None and "between 10 and 5,000; you entered 3" in form.message.value
    form.people.value = 150
    form.seed.value = -1
    assert form.result is None and "The random seed must be at least 0; you entered -1." in form.message.value


def test_fast_ranking_matches_known_places_and_counts_match_one_by_one() -> None:
    town = reid.synthetic_traces(people=120, seed=11)
    people, _, ranked = leak._ranked_places(town, 4)
    known = leak.known_places(town, 4)
    expected = {
        (p, r): x * town.grid_size + y for p, r, x, y in known[["person", "rank", "x", "y"]].itertuples(index=False)
    }
    got = {(int(p), r + 1): int(c) for p, row in zip(people, ranked) for r, c in enumerate(row) if c >= 0}
    assert got == expected
    counts = leak.linkage_counts(town, places=(1, 3), cell_sizes=(2,))
    one = leak.linkage_candidates(town, 3, cell_size=2)
    assert counts.query("places == 3")["candidates"].tolist() == one["candidates"].tolist()
    with pytest.raises(ValueError, match="at least one"):
        leak.linkage_counts(town, places=(), cell_sizes=(1,))
