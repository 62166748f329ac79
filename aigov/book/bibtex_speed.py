"""A Sphinx extension that makes the book's citations cheap to format.

sphinxcontrib-bibtex formats every ``{footcite}`` with a fresh pybtex style, and pybtex finds
the style's parts (name, label and sorting plugins) by asking ``importlib.metadata`` for entry
points, which reads the metadata of every installed package each time. With some 2,000
citations that lookup took about 70 of a clean build's 110 profiled seconds. The installed
packages do not change during a build, so each (group, name) lookup is made once and kept.
Plugins that pybtex registers at run time are still found first, as pybtex does.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import pybtex.plugin


@cache
def _installed_entry_points(group: str, name: str | None) -> tuple:
    found = _ENTRY_POINTS(group=group) if name is None else _ENTRY_POINTS(group=group, name=name)
    return tuple(found)


def _cached_entry_points(*, group: str, name: str | None = None) -> tuple:
    """pybtex's ``entry_points(group=..., name=...)``, answered once per group and name."""
    return _installed_entry_points(group, name)


_ENTRY_POINTS = pybtex.plugin.entry_points


def setup(app: Any) -> dict[str, Any]:
    pybtex.plugin.entry_points = _cached_entry_points
    return {"parallel_read_safe": True, "parallel_write_safe": True}
