"""Widget callbacks, without a browser: set a control, update, read message and result."""

from __future__ import annotations

import pandas as pd
import pytest

from aigov.labs.base_rates import BaseRateCalculator
from aigov.labs.compliance_checker import ComplianceChecker
from aigov.labs.principles_matrix import PrinciplesComparer
from aigov.labs.unique_in_the_crowd import UniquenessExplorer

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


def test_base_rate_calculator_recomputes_on_change() -> None:
    calculator = BaseRateCalculator(crowd=10_000, watchlist=1, wanted_in_crowd=1, true_match_rate=1.0, false_match_rate=0.001)
    # Hand-checked: 1 true alert; 9,999 unlisted people each flagged with chance 0.001.
    assert "1.0 true and 10.0 false alerts" in calculator.message.value
    values = calculator.result.set_index("quantity")["value"]
    assert values["Share of alerts that are correct"] == "9.09%"
    calculator.false_match_rate.value = 0.0
    assert "100.00% of alerts are correct" in calculator.message.value


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("crowd", -5, "Faces scanned per day must be at least 0; you entered -5"),
        ("true_match_rate", 1.5, "The true-match rate must be between 0 and 1"),
        ("false_match_rate", -0.1, "The false-match rate must be between 0 and 1"),
        ("wanted", 20_000, "cannot exceed the entries on the watch list (10,000)"),
    ],
)
def test_base_rate_calculator_refuses_bad_input(field: str, value: float, message: str) -> None:
    calculator = BaseRateCalculator()
    getattr(calculator, field).value = value
    assert calculator.result is None
    assert message in calculator.message.value
    assert "color:#b00020" in calculator.message.value


def test_compliance_checker_starts_from_a_worked_scenario() -> None:
    checker = ComplianceChecker(start="hotel-room-camera")
    assert checker.fields["place"].value == "private_space"
    assert "<b>CAC/MPS Measures (2025)</b>: prohibited" in checker.message.value
    assert "cac2025-private-spaces" in set(checker.result["provision"])


def test_compliance_checker_follows_the_form() -> None:
    checker = ComplianceChecker(start="hangzhou-safari-park")
    assert "<b>CAC/MPS Measures (2025)</b>: prohibited" in checker.message.value
    # Offer an alternative, ask separately, keep data in the device, assess first:
    checker.fields["alternative_offered"].value = True
    checker.fields["consent"].value = "separate"
    checker.fields["storage"].value = "on_device"
    checker.fields["impact_assessment"].value = True
    assert "<b>CAC/MPS Measures (2025)</b>: permitted" in checker.message.value
    checker.fields["inferred_attributes"].value = ("race",)
    assert "<b>EU AI Act (2024)</b>: prohibited" in checker.message.value


def test_compliance_checker_switches_examples() -> None:
    checker = ComplianceChecker(start="hangzhou-safari-park")
    checker.example.value = "station-watchlist"
    assert checker.fields["operator"].value == "law_enforcement"
    assert "<b>GDPR (EU, 2016)</b>: out of scope" in checker.message.value
    assert "<b>EU AI Act (2024)</b>: prohibited" in checker.message.value


def test_compliance_checker_names_the_control_at_fault() -> None:
    checker = ComplianceChecker()
    checker.fields["people_stored"].value = -3
    assert checker.result is None
    assert "“People whose face data are stored”: -3 is not allowed; a whole number, 0 or more" in checker.message.value
    with pytest.raises(ValueError, match="unknown example 'zoo'"):
        ComplianceChecker(start="zoo")
