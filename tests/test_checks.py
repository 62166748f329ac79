"""The shared argument checks: what they accept, and one message style for what they refuse."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from aigov import checks


@pytest.mark.parametrize(
    ("call", "accepted"),
    [
        (lambda: checks.whole_number(5, "Known places", 1, 20), 5),
        (lambda: checks.whole_number(0, "The random seed", minimum=0), 0),
        (lambda: checks.number(2, "Minutes per alert", above=0, maximum=600), 2.0),
        (lambda: checks.share(1, "The true-match rate"), 1.0),
        (lambda: checks.share(0.5, "The target share", zero=False, one=False), 0.5),
        (lambda: checks.choice("bri", "The view", ["chinese", "all", "bri"]), "bri"),
        (lambda: checks.year(2019, "The first year", 2015, 2026), 2019),
    ],
)
def test_accepted_values_come_back_converted(call, accepted) -> None:
    result = call()
    assert result == accepted and type(result) is type(accepted)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: checks.whole_number(0, "Known places", 1, 20),
            "Known places must be between 1 and 20; you entered 0.",
        ),
        (
            lambda: checks.whole_number(2.5, "Known places", 1, 20),
            "Known places must be a whole number between 1 and 20; you entered 2.5.",
        ),
        (
            lambda: checks.whole_number(True, "People", minimum=0),
            "People must be a whole number at least 0; you entered True.",
        ),
        (
            lambda: checks.whole_number(-1, "The random seed", minimum=0),
            "The random seed must be at least 0; you entered -1.",
        ),
        (
            lambda: checks.whole_number(99_999, "People", 10, 5000),
            "People must be between 10 and 5,000; you entered 99,999.",
        ),
        (
            lambda: checks.number(0, "Minutes", above=0, maximum=600),
            "Minutes must be more than 0 and at most 600; you entered 0.",
        ),
        (lambda: checks.number(math.inf, "Minutes", above=0), "Minutes must be a number more than 0; you entered inf."),
        (lambda: checks.number("2", "Minutes", above=0), "Minutes must be a number more than 0; you entered '2'."),
        (
            lambda: checks.number(11, "The shift", -10, 10, hint=" score points"),
            "The shift must be between -10 and 10 score points; you entered 11.",
        ),
        (lambda: checks.share(1.5, "The rate"), "The rate must be between 0 and 1; you entered 1.5."),
        (lambda: checks.share(0, "The rate", zero=False), "The rate must be more than 0 and at most 1; you entered 0."),
        (lambda: checks.share(1, "The rate", one=False), "The rate must be at least 0 and less than 1; you entered 1."),
        (lambda: checks.share(math.nan, "The rate"), "The rate must be a number between 0 and 1; you entered nan."),
        (lambda: checks.choice("x", "The view", ["a", "b"]), "The view must be one of: a, b; you entered 'x'."),
        (
            lambda: checks.year(1999, "The first year", 2015, 2026),
            "The first year must be a year between 2015 and 2026; you entered 1999.",
        ),
        (
            lambda: checks.year(2019.0, "The first year", 2015, 2026),
            "The first year must be a year between 2015 and 2026; you entered 2019.0.",
        ),
    ],
)
def test_refusals_name_the_argument_what_is_allowed_and_what_was_given(call, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        call()
    assert str(caught.value) == message


def test_a_table_must_have_every_needed_column() -> None:
    table = pd.DataFrame({"year": [2017], "source": ["key"]})
    checks.columns(table, ["year", "source"], "The targets table")
    with pytest.raises(ValueError) as caught:
        checks.columns(table, ["year", "measure", "target"], "The targets table", "; load it with data.load()")
    assert str(caught.value) == "The targets table lacks the column(s): measure, target; load it with data.load()"
