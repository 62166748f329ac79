"""The similarity scores of a face-matching algorithm, modelled as normal distributions.

A face-matching algorithm compares two photos and gives a similarity score from 0 to 100;
above a threshold it declares a match. For one group of people, :class:`Group` holds two
normal distributions: the scores of comparisons of two *different* people ("impostor"
pairs) and of two photos of the *same* person ("genuine" pairs). At a threshold, the
impostor scores above it are false matches and the genuine scores below it are false
non-matches. The formulas serve Python and the browser alike (:mod:`aigov.expressions`).
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import NormalDist

from aigov import checks
from aigov.expressions import Value, normal_cdf

SCORE_RANGE = (0.0, 100.0)


@dataclass(frozen=True)
class Group:
    """One group of people: normal distributions of its impostor and genuine scores."""

    key: str
    label: str
    population: str
    sex: str
    impostor_mean: float
    impostor_sd: float
    genuine_mean: float
    genuine_sd: float


def threshold_in_range(value: object) -> float:
    """A threshold on the score scale, checked."""
    return checks.number(value, "The threshold", *SCORE_RANGE)


def rate_in_range(value: object, name: str = "The false-match rate") -> float:
    """An error rate strictly between 0 and 1, checked."""
    return checks.share(value, name, zero=False, one=False)


def share_above(threshold: Value, mean: Value, sd: Value) -> Value:
    """The share of normally distributed scores at or above ``threshold`` (Python or Vega, see aigov.expressions)."""
    # 1 - cdf(t), written as cdf(2μ - t) so that tiny tails keep their precision.
    return normal_cdf(2 * mean - threshold, mean, sd)


def false_match_rate(group: Group, threshold: float) -> float:
    """Share of impostor comparisons scoring at or above ``threshold``."""
    return share_above(threshold_in_range(threshold), group.impostor_mean, group.impostor_sd)


def false_non_match_rate(group: Group, threshold: float) -> float:
    """Share of genuine comparisons scoring below ``threshold``."""
    return normal_cdf(threshold_in_range(threshold), group.genuine_mean, group.genuine_sd)


def threshold_for_fmr(group: Group, fmr: float) -> float:
    """The threshold at which ``group`` has the false-match rate ``fmr``."""
    fmr = rate_in_range(fmr)
    return NormalDist(group.impostor_mean, group.impostor_sd).inv_cdf(1 - fmr)
