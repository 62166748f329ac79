"""The chart theme, the renderer's description rule and the offline figure HTML."""

from __future__ import annotations

import json
import re

import altair as alt
import pandas as pd
import pytest

from aigov import charts

FRAME = pd.DataFrame({"x": [1, 2, 3], "y": [3, 1, 2]})


def test_book_theme_and_renderer_are_enabled() -> None:
    assert alt.theme.active == "aigov"
    assert alt.renderers.active == "aigov"
    spec = alt.Chart(FRAME, description="d").mark_point().encode(x="x").to_dict()
    assert spec["config"]["range"]["category"] == charts.PALETTE


def test_renderer_gives_spec_and_description_as_text() -> None:
    chart = alt.Chart(FRAME, description="Three points in a row").mark_point().encode(x="x", y="y")
    bundle = chart._repr_mimebundle_()
    bundle = bundle[0] if isinstance(bundle, tuple) else bundle
    assert bundle["text/plain"] == "Chart: Three points in a row"
    assert bundle[charts.VEGALITE_MIME_TYPES[0]]["mark"]["type"] == "point"


@pytest.mark.parametrize("description", [None, "", "   "])
def test_chart_without_description_is_refused(description: str | None) -> None:
    chart = alt.Chart(FRAME).mark_point().encode(x="x")
    if description is not None:
        chart = chart.properties(description=description)
    with pytest.raises(charts.ChartDescriptionError, match="needs a text description"):
        charts.renderer(chart.to_dict())


def test_figure_html_is_self_contained_and_stable() -> None:
    spec = alt.Chart(FRAME, description="Points & <lines>").mark_line().encode(x="x", y="y").to_dict()
    html = charts.figure_html(spec)
    assert html == charts.figure_html(json.dumps(spec))
    assert re.search(r'<figure class="aigov-chart" id="chart-[0-9a-f]{12}">', html)
    assert '<figcaption class="aigov-chart-caption">Points &amp; &lt;lines&gt;</figcaption>' in html
    payload = re.search(r'<script type="application/json" class="aigov-chart-spec">(.*)</script>', html).group(1)
    assert json.loads(payload.replace("<\\/", "</"))["mark"]["type"] == "line"
    assert "http" not in payload, "the figure must not name another host"


def test_figure_html_cannot_be_closed_early_by_data() -> None:
    frame = pd.DataFrame({"x": [1], "label": ["</script><script>alert(1)</script>"]})
    spec = alt.Chart(frame, description="d").mark_text().encode(x="x", text="label").to_dict()
    html = charts.figure_html(spec)
    assert html.count("</script>") == 1


def test_different_charts_get_different_ids() -> None:
    one = alt.Chart(FRAME, description="a").mark_point().encode(x="x").to_dict()
    two = alt.Chart(FRAME, description="b").mark_point().encode(x="x").to_dict()
    assert charts.chart_id(one) != charts.chart_id(two)


def test_tooltips_keep_their_order_titles_and_formats() -> None:
    entries = charts.tooltips({"year:Q": "Year", "title:N": "Document"}, {"year:Q": "d"})
    assert [entry.to_dict() for entry in entries] == [
        {"field": "year", "type": "quantitative", "title": "Year", "format": "d"},
        {"field": "title", "type": "nominal", "title": "Document"},
    ]


def test_lists_read_as_in_a_sentence() -> None:
    assert charts.in_words([]) == ""
    assert charts.in_words(["Huawei"]) == "Huawei"
    assert charts.in_words(["Huawei", "ZTE"]) == "Huawei and ZTE"
    assert charts.in_words(["Huawei", "ZTE", "Hikvision"]) == "Huawei, ZTE and Hikvision"
