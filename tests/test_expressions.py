"""Formulas written once: numbers in Python, Vega expressions for the browser."""

from __future__ import annotations

import math

import pytest

from aigov.expressions import Vega, chance_of_any, minimum, ratio, text


def test_arithmetic_builds_vega_text_with_explicit_brackets() -> None:
    crowd, listed = Vega("datum.crowd"), Vega("datum.listed")
    assert text((crowd - listed) * 0.5) == "((datum.crowd - datum.listed) * 0.5)"
    assert text(1 - crowd / 2) == "(1 - (datum.crowd / 2))"
    assert text(2 * crowd + 1) == "((2 * datum.crowd) + 1)"


def test_functions_give_numbers_for_numbers_and_vega_for_vega() -> None:
    assert minimum(3, 7) == 3
    assert text(minimum(Vega("wanted"), 7)) == "min(wanted, 7)"
    assert ratio(1, 4, None) == 0.25 and ratio(1, 0, None) is None
    assert text(ratio(Vega("t"), Vega("a"), None)) == "(a > 0 ? t / a : null)"
    assert text(chance_of_any(Vega("datum.fmr"), 10_000)) == "(1 - pow(1 - datum.fmr, 10000))"


def test_chance_of_any_keeps_tiny_rates_and_handles_certainty() -> None:
    assert chance_of_any(0.5, 2) == pytest.approx(0.75)
    assert chance_of_any(1e-17, 10) == pytest.approx(1e-16, rel=1e-9), "1 - (1 - 1e-17)**10 would round to 0"
    assert chance_of_any(1, 3) == 1.0 and chance_of_any(0, 3) == 0.0
    assert math.isclose(chance_of_any(0.1, 0.5), 1 - 0.9**0.5)


def test_only_numbers_and_expressions_are_formula_values() -> None:
    with pytest.raises(TypeError, match="numbers or Vega expressions"):
        text("datum.crowd")
    with pytest.raises(TypeError):
        text(True)
