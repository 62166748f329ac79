"""Sphinx extension: the book's charts on the static site, offline, and only where a page has one.

- :class:`VegaLiteRenderer` is a myst-nb mime renderer (registered in ``pyproject.toml``)
  that turns a notebook's Vega-Lite output into :func:`aigov.charts.figure_html`.
- On pages that contain a chart, the extension adds a small loader script and a
  stylesheet. The loader fetches the chart bundle (vega, vega-lite, vega-embed and the
  book's drawing code, bundled by vl-convert from the installed package, so nothing is
  downloaded) when a chart nears the screen. Other pages load none of them.

The assets go to ``_static/aigov/`` in the output, not to the book's ``_static/`` folder:
Jupyter Book adds every script in that folder to every page. Each asset's file name carries
a hash of its own content, so a browser never keeps a stale copy and a change elsewhere
(such as a theme patch in :mod:`aigov.book.theme_patches`) renames nothing.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from aigov import __version__
from aigov.bibliography import cited_in_words
from aigov.charts import VEGALITE_MIME_TYPES, figure_html

ASSETS = Path(__file__).parent / "assets"
DRAWING_CODE = ASSETS / "charts.js"
STYLES = ASSETS / "charts.css"
LAZY_LOADER = ASSETS / "charts-loader.js"
ASSET_DIR = "aigov"
CHART_MARKER = 'class="aigov-chart"'
BUNDLE_CACHE = "aigov-chart-bundles"


def _short_hash(content: str | bytes) -> str:
    data = content.encode("utf-8") if isinstance(content, str) else content
    return hashlib.sha256(data).hexdigest()[:10]


def _vegalite_version() -> str:
    """The Vega-Lite release Altair writes specifications for, as vl-convert names it."""
    import altair as alt

    major, minor = alt.SCHEMA_VERSION.lstrip("v").split(".")[:2]
    return f"{major}.{minor}"


def chart_bundle(cache_dir: Path) -> str:
    """The chart bundle's JavaScript, built by vl-convert once per set of inputs and kept in ``cache_dir``.

    Building takes over a second; the cache keeps a rebuild with nothing changed fast.
    """
    import vl_convert

    drawing_code = DRAWING_CODE.read_text(encoding="utf-8")
    inputs = json.dumps(
        [drawing_code, _vegalite_version(), vl_convert.get_vega_embed_version(), vl_convert.get_vega_version()]
    )
    cached = Path(cache_dir) / BUNDLE_CACHE / f"{_short_hash(inputs)}.js"
    if cached.is_file():
        return cached.read_text(encoding="utf-8")
    bundle = vl_convert.javascript_bundle(snippet=drawing_code, vl_version=_vegalite_version())
    # The bundle declares its helpers at the top level; in a classic script they would
    # clash with the theme's globals (such as `_`), so give them a scope of their own.
    script = f"(function () {{\n{bundle}\n}})();\n"
    cached.parent.mkdir(parents=True, exist_ok=True)
    cached.write_text(script, encoding="utf-8")
    return script


@dataclass(frozen=True)
class ChartAssets:
    """The files a chart page needs: name (under ``_static/``) -> content."""

    script: str
    loader: str
    style: str
    contents: dict[str, str]

    def names(self) -> dict[str, str]:
        return {"script": self.script, "loader": self.loader, "style": self.style}


@lru_cache(maxsize=4)
def _assets(cache_dir: Path, loader_text: str, style_text: str, bundle: str) -> ChartAssets:
    script = f"{ASSET_DIR}/charts-{_short_hash(bundle)}.js"
    loader = loader_text.replace("__BUNDLE__", Path(script).name)
    loader_name = f"{ASSET_DIR}/chart-loader-{_short_hash(loader)}.js"
    style = f"{ASSET_DIR}/charts-{_short_hash(style_text)}.css"
    return ChartAssets(script, loader_name, style, {script: bundle, loader_name: loader, style: style_text})


def chart_assets(cache_dir: Path) -> ChartAssets:
    """The chart assets, each named by a hash of its own content."""
    return _assets(
        Path(cache_dir),
        LAZY_LOADER.read_text(encoding="utf-8"),
        STYLES.read_text(encoding="utf-8"),
        chart_bundle(cache_dir),
    )


def write_assets(static_dir: Path, assets: ChartAssets) -> list[Path]:
    """Write the chart bundle, its loader and the stylesheet into ``static_dir`` unless already there."""
    written = []
    for name, content in assets.contents.items():
        path = static_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            path.write_text(content, encoding="utf-8")
        written.append(path)
    return written


def readable_citations(spec: dict[str, Any] | str) -> dict[str, Any]:
    """A chart specification whose data show citation keys as short author–year citations.

    Tooltips show a chart's data as they are, and a reader cannot look up a citation key;
    the bibliography lists its entries by author and year.
    """
    spec = json.loads(spec) if isinstance(spec, str) else spec

    def readable(value: Any) -> Any:
        if isinstance(value, str):
            return cited_in_words(value)
        if isinstance(value, list):
            return [readable(item) for item in value]
        if isinstance(value, dict):
            return {key: readable(item) for key, item in value.items()}
        return value

    changed = dict(spec)
    if "datasets" in spec:
        changed["datasets"] = readable(spec["datasets"])
    if isinstance(spec.get("data"), dict) and "values" in spec["data"]:
        changed["data"] = {**spec["data"], "values": readable(spec["data"]["values"])}
    return changed


class VegaLiteRenderer:
    """myst-nb plugin: render Vega-Lite outputs as the book's offline chart figures."""

    mime_priority_overrides = [("html", mime, 1) for mime in VEGALITE_MIME_TYPES]

    @staticmethod
    def handle_mime(renderer: Any, data: Any, inline: bool) -> list[nodes.Element] | None:
        if inline or data.mime_type not in VEGALITE_MIME_TYPES:
            return None
        return [nodes.raw("", figure_html(readable_citations(data.content)), format="html")]


def _page_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    if CHART_MARKER in context.get("body", ""):
        assets = chart_assets(Path(app.doctreedir))
        # The small loader fetches the bundle when a chart nears the screen (charts-loader.js).
        app.add_js_file(assets.loader, loading_method="defer")
        app.add_css_file(assets.style)


def outdated_by_new_assets(env: Any, names: dict[str, str]) -> list[str]:
    """Every page, if the chart assets' names differ from those of the last build; else none.

    Pages name the chart assets by their hash; when the assets change, every page must be
    written again or it would point to files that no longer exist.
    """
    if getattr(env, "aigov_asset_names", None) == names:
        return []
    env.aigov_asset_names = names
    return sorted(env.found_docs)


def _outdated(app: Sphinx, env: Any, added: set, changed: set, removed: set) -> list[str]:
    return outdated_by_new_assets(env, chart_assets(Path(app.doctreedir)).names())


def _write_chart_assets(app: Sphinx, exception: Exception | None) -> None:
    if exception is None and app.builder.format == "html":
        write_assets(Path(app.outdir) / "_static", chart_assets(Path(app.doctreedir)))


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", _page_assets)
    app.connect("env-get-outdated", _outdated)
    app.connect("build-finished", _write_chart_assets)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
