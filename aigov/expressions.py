"""Formulas written once, computed in Python and in the reader's browser.

A chart on the static site recomputes its numbers in Vega expressions when a reader moves
a slider, while the lab's Python computes the same numbers for tables, tests and forms. To
keep the two from drifting apart, a formula is an ordinary Python function of its inputs,
written with arithmetic operators and the few functions below:

- called with numbers, it returns a number;
- called with :class:`Vega` inputs (``Vega("datum.crowd")``), it returns the same formula as
  a Vega expression for ``transform_calculate``.

>>> def false_alerts(unlisted, chance):
...     return unlisted * chance
>>> false_alerts(100, 0.5)
50.0
>>> str(false_alerts(Vega("datum.unlisted"), Vega("datum.chance")))
'(datum.unlisted * datum.chance)'
"""

from __future__ import annotations

import math
from functools import partialmethod
from numbers import Real
from statistics import NormalDist


class Vega:
    """A Vega expression, combined with others by Python's arithmetic operators."""

    def __init__(self, text: str):
        self.text = text

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"Vega({self.text!r})"

    def _combine(self, operator: str, other: Value, reflected: bool = False) -> Vega:
        left, right = (other, self) if reflected else (self, other)
        return Vega(f"({text(left)} {operator} {text(right)})")

    __add__ = partialmethod(_combine, "+")
    __radd__ = partialmethod(_combine, "+", reflected=True)
    __sub__ = partialmethod(_combine, "-")
    __rsub__ = partialmethod(_combine, "-", reflected=True)
    __mul__ = partialmethod(_combine, "*")
    __rmul__ = partialmethod(_combine, "*", reflected=True)
    __truediv__ = partialmethod(_combine, "/")
    __rtruediv__ = partialmethod(_combine, "/", reflected=True)


Value = Vega | Real | float | int


def text(value: Value | None) -> str:
    """A value as Vega source: an expression, a number or null."""
    if value is None:
        return "null"
    if isinstance(value, Vega):
        return value.text
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"a formula takes numbers or Vega expressions, not {value!r}")
    return repr(int(value)) if float(value).is_integer() else repr(float(value))


def _symbolic(*values: object) -> bool:
    return any(isinstance(value, Vega) for value in values)


def minimum(a: Value, b: Value) -> Value:
    """The smaller of two values."""
    return Vega(f"min({text(a)}, {text(b)})") if _symbolic(a, b) else min(a, b)


def ratio(numerator: Value, denominator: Value, otherwise: Value | None) -> Value | None:
    """``numerator / denominator`` if the denominator is above zero, else ``otherwise``."""
    if _symbolic(numerator, denominator, otherwise):
        return Vega(f"({text(denominator)} > 0 ? {text(numerator)} / {text(denominator)} : {text(otherwise)})")
    return numerator / denominator if denominator > 0 else otherwise


def chance_of_any(chance: Value, trials: Value) -> Value:
    """The chance that at least one of ``trials`` independent tries succeeds: 1 − (1 − chance)^trials.

    Python computes it with ``expm1`` and ``log1p``, so that a false-match rate of 1e-9 over
    ten comparisons is not lost to rounding; the browser uses ``pow``, exact enough for
    the rates a chart's slider can set.
    """
    if _symbolic(chance, trials):
        return Vega(f"(1 - pow(1 - {text(chance)}, {text(trials)}))")
    if chance == 1:
        return 1.0
    return -math.expm1(trials * math.log1p(-chance))


def normal_cdf(x: Value, mean: Value, sd: Value) -> Value:
    """The share of a normal distribution with ``mean`` and ``sd`` that lies below ``x``."""
    if _symbolic(x, mean, sd):
        return Vega(f"cumulativeNormal({text(x)}, {text(mean)}, {text(sd)})")
    return NormalDist(mean, sd).cdf(x)
