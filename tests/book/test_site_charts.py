"""The Sphinx extension that puts charts on the site (aigov.book.site_charts)."""

from __future__ import annotations

import hashlib
from types import SimpleNamespace

from aigov.book import site_charts


def test_changed_chart_assets_mark_every_page_for_rewriting() -> None:
    names = {"script": "aigov/charts-new.js", "loader": "aigov/chart-loader-new.js", "style": "aigov/charts-new.css"}
    env = SimpleNamespace(found_docs={"intro", "chapters/strategy/lab"})
    assert site_charts.outdated_by_new_assets(env, names) == ["chapters/strategy/lab", "intro"]
    assert site_charts.outdated_by_new_assets(env, names) == []
    env.aigov_asset_names = {"script": "aigov/charts-old.js", "style": "aigov/charts-old.css"}
    assert len(site_charts.outdated_by_new_assets(env, names)) == 2


def test_chart_bundle_is_named_by_its_own_content(tmp_path) -> None:
    assets = site_charts.chart_assets(tmp_path)
    bundle = assets.contents[assets.script]
    assert assets.script == f"aigov/charts-{hashlib.sha256(bundle.encode()).hexdigest()[:10]}.js"
    assert "aigov-chart-view" in bundle, "the book's drawing code is in the bundle"
    assert assets.script.rsplit("/", 1)[1] in assets.contents[assets.loader], "the loader fetches this bundle"
    assert site_charts.chart_bundle(tmp_path) == bundle, "a second build reads the cached bundle"
