"""The compliance-checker lab's live form, without a browser: set a control, read message and result."""

from __future__ import annotations

import pytest

from aigov.labs.compliance_checker import ComplianceChecker


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
