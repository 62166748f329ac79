"""The face-matching score model: error rates at a threshold, hand-checked, for Python and the browser."""

from __future__ import annotations

import pytest

from aigov import face_matching as fm
from aigov.expressions import Vega, text

# Impostor scores N(40, 4²), genuine scores N(70, 10²).
GROUP = fm.Group("g", "G", "A", "men", impostor_mean=40.0, impostor_sd=4.0, genuine_mean=70.0, genuine_sd=10.0)


def test_error_rates_hand_checked() -> None:
    # 50 is 2.5 impostor sd above the impostor mean (tail 0.00621) and 2 genuine sd below the genuine mean (0.02275).
    assert fm.false_match_rate(GROUP, 50) == pytest.approx(0.0062097, rel=1e-4)
    assert fm.false_non_match_rate(GROUP, 50) == pytest.approx(0.0227501, rel=1e-4)
    assert fm.threshold_for_fmr(GROUP, 0.0062097) == pytest.approx(50, abs=1e-3)


def test_a_far_tail_keeps_its_precision() -> None:
    # 1 - cdf(t) would round to 0 this far out; cdf(2μ - t) does not (about 7.6e-24 at 10 sd).
    assert fm.false_match_rate(GROUP, 80) == pytest.approx(7.62e-24, rel=1e-2)


def test_the_browser_gets_the_same_formula() -> None:
    t, mean, sd = Vega("datum.t"), Vega("datum.mean"), Vega("datum.sd")
    assert text(fm.share_above(t, mean, sd)) == "cumulativeNormal(((2 * datum.mean) - datum.t), datum.mean, datum.sd)"


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: fm.false_match_rate(GROUP, 101), "The threshold must be between 0 and 100; you entered 101."),
        (
            lambda: fm.threshold_for_fmr(GROUP, 1),
            "The false-match rate must be more than 0 and less than 1; you entered 1.",
        ),
    ],
)
def test_bad_input_is_refused(call, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        call()
    assert str(caught.value) == message
