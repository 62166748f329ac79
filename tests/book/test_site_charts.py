"""The Sphinx extension that puts charts on the site (aigov.book.site_charts)."""

from __future__ import annotations

from types import SimpleNamespace

from aigov.book import site_charts


def test_changed_chart_assets_mark_every_page_for_rewriting() -> None:
    names = {"script": "aigov/charts-new.js", "loader": "aigov/chart-loader-new.js", "style": "aigov/charts-new.css"}
    env = SimpleNamespace(found_docs={"intro", "chapters/strategy/lab"})
    assert site_charts.outdated_by_new_assets(env, names) == ["chapters/strategy/lab", "intro"]
    assert site_charts.outdated_by_new_assets(env, names) == []
    env.aigov_asset_names = {"script": "aigov/charts-old.js", "style": "aigov/charts-old.css"}
    assert len(site_charts.outdated_by_new_assets(env, names)) == 2
