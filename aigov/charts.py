"""The book's Altair theme and its offline chart renderer.

Importing this module enables both:

- the ``aigov`` theme: system fonts (no web fonts to download), a colour-blind-safe
  palette and charts that fill the width of the page;
- the ``aigov`` renderer, which refuses a chart without a text description and emits the
  Vega-Lite specification with the description as its plain-text alternative.

JupyterLab draws that specification with the Vega it ships (no network needed). On the
static site, :mod:`aigov.book.site_charts` turns it into :func:`figure_html`, which the book's own
copy of vega-embed draws as SVG in the reader's browser.
"""

from __future__ import annotations

import hashlib
import html
import json
from typing import Any

import altair as alt

VEGALITE_MIME_TYPES = ("application/vnd.vegalite.v6+json", "application/vnd.vegalite.v5+json")
FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'
# Okabe & Ito's palette, distinguishable with the common forms of colour blindness.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]


class ChartDescriptionError(ValueError):
    """A chart was displayed without the text description every chart in the book needs."""


@alt.theme.register("aigov", enable=True)
def theme() -> alt.theme.ThemeConfig:
    """The book's chart style."""
    return {
        "config": {
            "background": "#ffffff",
            "padding": 8,
            "font": FONT,
            "view": {"continuousWidth": 640, "continuousHeight": 320, "stroke": None},
            "range": {"category": PALETTE},
            "title": {"fontSize": 15, "anchor": "start", "color": "#1a1a1a", "subtitleColor": "#404040"},
            "axis": {
                "labelFontSize": 12,
                "titleFontSize": 13,
                "labelColor": "#333333",
                "titleColor": "#1a1a1a",
                "gridColor": "#e5e5e5",
            },
            "legend": {"labelFontSize": 12, "titleFontSize": 13, "labelColor": "#333333", "titleColor": "#1a1a1a"},
        }
    }


def _description(spec: dict[str, Any]) -> str:
    description = spec.get("description")
    if not isinstance(description, str) or not description.strip():
        raise ChartDescriptionError(
            "every chart in the book needs a text description for readers who cannot see it: "
            "pass description='...' to alt.Chart(...) or to .properties(...) of the top-level chart"
        )
    return description.strip()


def renderer(spec: dict[str, Any], **metadata: Any) -> dict[str, Any]:
    """Altair renderer: the Vega-Lite specification plus its description as plain text."""
    return {VEGALITE_MIME_TYPES[0]: spec, "text/plain": f"Chart: {_description(spec)}"}


alt.renderers.register("aigov", renderer)
alt.renderers.enable("aigov")


def chart_id(spec: dict[str, Any]) -> str:
    """A stable element id for a chart, derived from its specification."""
    digest = hashlib.sha256(json.dumps(spec, sort_keys=True).encode("utf-8")).hexdigest()
    return f"chart-{digest[:12]}"


def figure_html(spec: dict[str, Any] | str) -> str:
    """HTML for one chart on the static site.

    The figure holds the specification as inert JSON and the description as a visible
    caption; the book's chart script (loaded only on pages with charts) draws the SVG.
    """
    if isinstance(spec, str):
        spec = json.loads(spec)
    description = _description(spec)
    # The schema URL only names the Vega-Lite version; the page's script knows its mode,
    # and the page then holds no address of another host at all.
    spec = {key: value for key, value in spec.items() if key != "$schema"}
    payload = json.dumps(spec, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    # Inside <script>, only "</" can end the element early; "<\/" means the same in JSON.
    payload = payload.replace("</", "<\\/")
    element_id = chart_id(spec)
    caption = html.escape(description)
    return (
        f'<figure class="aigov-chart" id="{element_id}">\n'
        f'<div class="aigov-chart-view"></div>\n'
        f'<noscript><p class="aigov-chart-noscript">This interactive chart needs JavaScript, '
        f"which is served by this site itself.</p></noscript>\n"
        f'<figcaption class="aigov-chart-caption">{caption}</figcaption>\n'
        f'<script type="application/json" class="aigov-chart-spec">{payload}</script>\n'
        f"</figure>\n"
    )


def in_words(items: list[str]) -> str:
    """A list for a sentence: 'a', 'a and b', 'a, b and c'."""
    return ", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1 else "".join(items)


def tooltips(titles: dict[str, str], formats: dict[str, str] | None = None) -> list[alt.Tooltip]:
    """Tooltip entries, in order, from ``{"field:type": "title"}``; ``formats`` by the same keys, e.g. ``{"share:Q": ".1%"}``."""
    formats = formats or {}
    return [
        alt.Tooltip(field, title=title, **({"format": formats[field]} if field in formats else {}))
        for field, title in titles.items()
    ]


def text_panel(source: alt.Chart, lines: list[tuple[str, int, int, str]], height: int) -> alt.LayerChart:
    """Lines of text computed in the browser, one under another, as a chart panel.

    ``source`` is a one-row chart whose transforms compute each line's text; ``lines`` are
    (field, y offset in pixels, font size, font weight), top to bottom.
    """
    return alt.layer(
        *[
            source.mark_text(align="left", baseline="top", fontSize=size, fontWeight=weight, color="#1a1a1a").encode(
                x=alt.value(0), y=alt.value(offset), text=f"{field}:N"
            )
            for field, offset, size, weight in lines
        ]
    ).properties(height=height)
