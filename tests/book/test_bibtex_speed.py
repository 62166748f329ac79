"""The citation-speed extension (aigov.book.bibtex_speed): one metadata lookup per plugin."""

from __future__ import annotations

import importlib.metadata

import pybtex.plugin
import pytest

from aigov.book import bibtex_speed


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[dict]:
    calls: list[dict] = []
    real = bibtex_speed._ENTRY_POINTS

    def counting(**kwargs):
        calls.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(bibtex_speed, "_ENTRY_POINTS", counting)
    monkeypatch.setattr(pybtex.plugin, "entry_points", pybtex.plugin.entry_points)
    bibtex_speed._installed_entry_points.cache_clear()
    bibtex_speed.setup(app=None)
    yield calls
    bibtex_speed._installed_entry_points.cache_clear()


def test_each_plugin_is_looked_up_once(counted: list[dict]) -> None:
    first = [pybtex.plugin.find_plugin("pybtex.style.formatting", "plain") for _ in range(50)]
    assert len({id(style) for style in first}) == 1
    assert len(counted) == 1


def test_lookups_give_what_the_installed_metadata_gives(counted: list[dict]) -> None:
    for group, name in [
        ("pybtex.style.names", "plain"),
        ("pybtex.style.labels", "alpha"),
        ("pybtex.style.sorting", "none"),
    ]:
        direct = next(iter(importlib.metadata.entry_points(group=group, name=name))).load()
        assert pybtex.plugin.find_plugin(group, name) is direct
    # A group listing (no name) is answered as well, as pybtex's register_plugin asks.
    assert pybtex.plugin.entry_points(group="pybtex.style.formatting")


def test_an_unknown_plugin_is_still_reported(counted: list[dict]) -> None:
    with pytest.raises(pybtex.plugin.PluginNotFound):
        pybtex.plugin.find_plugin("pybtex.style.formatting", "no-such-style")
