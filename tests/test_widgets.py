"""Widget callbacks, without a browser: set a control, update, read message and result."""

from __future__ import annotations

import pandas as pd
import pytest

from aigov.widgets import PrinciplesComparer, UniquenessExplorer

COVERAGE = pd.DataFrame(
    [
        ("a", "Doc A", "x", "government", "China", 2019, "privacy", True, "e", "k"),
        ("a", "Doc A", "x", "government", "China", 2019, "fairness", True, "e", "k"),
        ("a", "Doc A", "x", "government", "China", 2019, "safety", False, "e", "k"),
        ("b", "Doc B", "y", "industry", "China", 2018, "privacy", True, "e", "k"),
        ("b", "Doc B", "y", "industry", "China", 2018, "fairness", False, "e", "k"),
        ("b", "Doc B", "y", "industry", "China", 2018, "safety", False, "e", "k"),
    ],
    columns=["document_id", "document", "issuer", "issuer_type", "region", "year", "theme", "covered", "evidence", "source"],
)


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
    [("people", 3, "between 10 and 5,000; you entered 3"), ("people", 99999, "you entered 99999"), ("seed", -4, "seed must be 0 or more")],
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


def test_comparer_updates_when_documents_change() -> None:
    comparer = PrinciplesComparer(COVERAGE)
    assert set(comparer.documents.value) == {"a", "b"}
    assert "in <b>all</b> 2 chosen document(s): privacy." in comparer.message.value
    assert "in <b>none</b> of them: safety." in comparer.message.value
    comparer.documents.value = ("a",)
    assert "fairness, privacy" in comparer.message.value
    status = comparer.result.set_index("theme")["status"].to_dict()
    assert status == {"fairness": "all", "privacy": "all", "safety": "none"}


def test_comparer_asks_for_a_document_when_none_is_picked() -> None:
    comparer = PrinciplesComparer(COVERAGE)
    comparer.documents.value = ()
    assert comparer.result is None
    assert "Pick at least one document" in comparer.message.value
