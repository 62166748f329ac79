"""Argument checks shared by the labs and case studies, with one message style.

Each check returns the value it accepts (as ``int``, ``float`` or the value itself) or
raises :class:`ValueError` with a message a reader can act on. The message names the
argument, says what is allowed and shows what was given::

    Known places must be between 1 and 20; you entered 0.
    The random seed must be a whole number; you entered 'abc'.
    The tension must be one of: conflicts, disputed, mixed; you entered 'bad'.

Forms show the message as it is, so ``name`` is written for readers ("The first year"),
not as a parameter name.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from numbers import Integral, Real
from typing import Any

import pandas as pd


def _shown(value: object) -> str:
    """What the reader gave, as they would recognise it: 5,000 or 0.25 or 'text'."""
    if isinstance(value, bool) or not isinstance(value, Real):
        return repr(value)
    if isinstance(value, Integral):
        return f"{value:,}"
    return f"{value:g}"


def _bound(value: float) -> str:
    return f"{int(value):,}" if float(value).is_integer() else f"{value:g}"


def _range_text(minimum: float | None, maximum: float | None, above: float | None, below: float | None) -> str:
    low = f"more than {_bound(above)}" if above is not None else None
    high = f"less than {_bound(below)}" if below is not None else None
    if minimum is not None and maximum is not None:
        return f"between {_bound(minimum)} and {_bound(maximum)}"
    if low and high:
        return f"{low} and {high}"
    if minimum is not None:
        low = f"at least {_bound(minimum)}"
    if maximum is not None:
        high = f"at most {_bound(maximum)}"
    return " and ".join(part for part in (low, high) if part)


def _kind(kind: str, minimum: float | None, maximum: float | None, above: float | None, below: float | None) -> str:
    """'a whole number' or 'a whole number between 1 and 20'."""
    bounds = _range_text(minimum, maximum, above, below)
    return f"{kind} {bounds}" if bounds else kind


def _fail(name: str, requirement: str, value: object) -> ValueError:
    return ValueError(f"{name} must be {requirement}; you entered {_shown(value)}.")


def _in_range(
    value: float,
    name: str,
    minimum: float | None,
    maximum: float | None,
    above: float | None,
    below: float | None,
    hint: str,
) -> None:
    too_low = (minimum is not None and value < minimum) or (above is not None and value <= above)
    too_high = (maximum is not None and value > maximum) or (below is not None and value >= below)
    if too_low or too_high:
        raise _fail(name, _range_text(minimum, maximum, above, below) + hint, value)


def whole_number(
    value: object,
    name: str,
    minimum: int | None = None,
    maximum: int | None = None,
    hint: str = "",
) -> int:
    """A whole number (not a bool), within ``minimum`` and ``maximum`` if given."""
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise _fail(name, _kind("a whole number", minimum, maximum, None, None) + hint, value)
    _in_range(value, name, minimum, maximum, None, None, hint)
    return int(value)


def year(value: object, name: str, first: int, last: int) -> int:
    """A year from ``first`` to ``last``, written without a thousands separator."""
    if isinstance(value, bool) or not isinstance(value, Integral) or not first <= value <= last:
        raise ValueError(f"{name} must be a year between {first} and {last}; you entered {value!r}.")
    return int(value)


def number(
    value: object,
    name: str,
    minimum: float | None = None,
    maximum: float | None = None,
    *,
    above: float | None = None,
    below: float | None = None,
    hint: str = "",
) -> float:
    """A finite number: at least ``minimum``, at most ``maximum``, more than ``above``, less than ``below``."""
    if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(float(value)):
        raise _fail(name, _kind("a number", minimum, maximum, above, below) + hint, value)
    _in_range(float(value), name, minimum, maximum, above, below, hint)
    return float(value)


def share(value: object, name: str, *, zero: bool = True, one: bool = True, hint: str = "") -> float:
    """A share from 0 to 1 (``zero``/``one``: whether 0 and 1 themselves are allowed)."""
    return number(
        value,
        name,
        minimum=0 if zero else None,
        maximum=1 if one else None,
        above=None if zero else 0,
        below=None if one else 1,
        hint=hint,
    )


def choice(value: Any, name: str, allowed: Iterable[Any]) -> Any:
    """One of ``allowed``."""
    options = list(allowed)
    if value not in options:
        raise _fail(name, "one of: " + ", ".join(str(option) for option in options), value)
    return value


def columns(table: pd.DataFrame, needed: Iterable[str], name: str, hint: str = "") -> None:
    """A table with every column in ``needed``; ``hint`` says how to make one, e.g. "; make it with park_grid()"."""
    missing = [column for column in needed if column not in table.columns]
    if missing:
        raise ValueError(f"{name} lacks the column(s): {', '.join(sorted(missing))}{hint}")


def day(value: object, name: str) -> pd.Timestamp:
    """A calendar day written as YYYY-MM-DD (a date or timestamp is accepted as it is)."""
    if isinstance(value, pd.Timestamp) or (hasattr(value, "year") and hasattr(value, "day")):
        return pd.Timestamp(value)
    text = value.strip() if isinstance(value, str) else value
    if not isinstance(text, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise _fail(name, "a day written as YYYY-MM-DD, e.g. 2024-06-30", value)
    try:
        return pd.Timestamp(dt.date.fromisoformat(text))
    except ValueError:
        raise _fail(name, "a real calendar day written as YYYY-MM-DD, e.g. 2024-06-30", value) from None
