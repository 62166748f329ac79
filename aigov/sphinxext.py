"""Sphinx side of the book's charts: offline, and only where a page has a chart.

- :class:`VegaLiteRenderer` is a myst-nb mime renderer (registered in ``pyproject.toml``)
  that turns a notebook's Vega-Lite output into :func:`aigov.charts.figure_html`.
- On pages that contain a chart, the extension adds one script (vega, vega-lite,
  vega-embed and the book's drawing code, bundled by vl-convert from the installed
  package, so nothing is downloaded) and one stylesheet. Other pages load neither.

The assets go to ``_static/aigov/`` in the output, not to the book's ``_static/`` folder:
Jupyter Book adds every script in that folder to every page.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from pathlib import Path
from typing import Any

from docutils import nodes
from markupsafe import Markup
from sphinx.application import Sphinx

from aigov import __version__
from aigov.charts import VEGALITE_MIME_TYPES, figure_html

_HERE = Path(__file__).parent
_LOADER = _HERE / "charts.js"
_STYLES = _HERE / "charts.css"
_LAZY_LOADER = _HERE / "charts-loader.js"
ASSET_DIR = "aigov"
CHART_MARKER = 'class="aigov-chart"'


def _vegalite_version() -> str:
    """The Vega-Lite release Altair writes specifications for, as vl-convert names it."""
    import altair as alt

    major, minor = alt.SCHEMA_VERSION.lstrip("v").split(".")[:2]
    return f"{major}.{minor}"


def asset_names() -> dict[str, str]:
    """File names (under ``_static/``) of the chart script and stylesheet.

    The names carry a hash of what goes into them, so a browser never keeps a stale copy
    and a rebuild with nothing changed reuses the files already written.
    """
    import vl_convert

    recipe = json.dumps(
        [
            _LOADER.read_text(encoding="utf-8"),
            Path(__file__).read_text(encoding="utf-8"),
            _vegalite_version(),
            vl_convert.get_vega_embed_version(),
            vl_convert.get_vega_version(),
        ]
    )
    script_hash = hashlib.sha256(recipe.encode("utf-8")).hexdigest()[:10]
    style_hash = hashlib.sha256(_STYLES.read_bytes()).hexdigest()[:10]
    script = f"{ASSET_DIR}/charts-{script_hash}.js"
    loader_hash = hashlib.sha256((_LAZY_LOADER.read_text(encoding="utf-8") + script).encode("utf-8")).hexdigest()[:10]
    return {
        "script": script,
        "loader": f"{ASSET_DIR}/chart-loader-{loader_hash}.js",
        "style": f"{ASSET_DIR}/charts-{style_hash}.css",
    }


def write_assets(static_dir: Path) -> list[Path]:
    """Write the chart bundle, its loader and the stylesheet into ``static_dir`` unless already there."""
    import vl_convert

    names = asset_names()
    script = static_dir / names["script"]
    style = static_dir / names["style"]
    script.parent.mkdir(parents=True, exist_ok=True)
    if not script.exists():
        bundle = vl_convert.javascript_bundle(snippet=_LOADER.read_text(encoding="utf-8"), vl_version=_vegalite_version())
        # The bundle declares its helpers at the top level; in a classic script they would
        # clash with the theme's globals (such as `_`), so give them a scope of their own.
        script.write_text(f"(function () {{\n{bundle}\n}})();\n", encoding="utf-8")
    if not style.exists():
        style.write_bytes(_STYLES.read_bytes())
    loader = static_dir / names["loader"]
    if not loader.exists():
        bundle_name = Path(names["script"]).name
        loader.write_text(_LAZY_LOADER.read_text(encoding="utf-8").replace("__BUNDLE__", bundle_name), encoding="utf-8")
    return [script, loader, style]


class VegaLiteRenderer:
    """myst-nb plugin: render Vega-Lite outputs as the book's offline chart figures."""

    mime_priority_overrides = [("html", mime, 1) for mime in VEGALITE_MIME_TYPES]

    @staticmethod
    def handle_mime(renderer: Any, data: Any, inline: bool) -> list[nodes.Element] | None:
        if inline or data.mime_type not in VEGALITE_MIME_TYPES:
            return None
        return [nodes.raw("", figure_html(data.content), format="html")]


def _is_thebe(asset: Any) -> bool:
    filename = getattr(asset, "filename", asset) or ""
    body = getattr(asset, "attributes", {}).get("body", "")
    return "thebe" in str(filename) or "THEBE" in body


def _page_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    # Jupyter Book always loads sphinx-thebe, whose inline script points at a CDN and is
    # added twice (a page error); the book runs no code in the browser, so drop it.
    for key in ("script_files", "css_files"):
        if key in context:
            context[key][:] = [asset for asset in context[key] if not _is_thebe(asset)]
    if CHART_MARKER in context.get("body", ""):
        names = asset_names()
        # The small loader fetches the bundle when a chart nears the screen (charts-loader.js).
        app.add_js_file(names["loader"], loading_method="defer")
        app.add_css_file(names["style"])


# The theme's sidebar opens and closes a section with a <summary> that holds only a chevron
# icon, so screen readers announce an unnamed control (axe: summary-name). Name each one
# after the page whose sub-pages it shows.
_UNNAMED_SUMMARY = re.compile(
    r'(<a class="(?:current )?reference internal" href="[^"]*">)(?P<title>[^<]+)(</a>\s*<details(?: open="open")?>\s*)<summary>'
)


def _name_summary(match: re.Match) -> str:
    label = f"Show or hide the pages under {html.unescape(match['title']).strip()}"
    return f'{match[1]}{match["title"]}{match[3]}<summary aria-label="{html.escape(label)}">'


def _label_sidebar_toggles(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    generate = context.get("generate_toctree_html")
    if generate is None:
        return

    def labelled(*args: Any, **kwargs: Any) -> Any:
        # Markup: the template inserts the sidebar's HTML as it is, unescaped.
        return Markup(_UNNAMED_SUMMARY.sub(_name_summary, str(generate(*args, **kwargs))))

    context["generate_toctree_html"] = labelled


DESCRIPTION_LENGTH = 155
SITE_DESCRIPTION = (
    "An open, executable textbook on AI governance in China: strategy, ethics, surveillance, "
    "data protection and the facial-recognition rules."
)


def page_description(doctree: Any) -> str:
    """The first paragraph of a page's own text (not a note or admonition), shortened to a sentence-sized summary."""
    if doctree is None:
        return SITE_DESCRIPTION
    for paragraph in doctree.findall(nodes.paragraph):
        if any(isinstance(parent, (nodes.Admonition, nodes.table, nodes.footnote, nodes.citation, nodes.field_list))
               for parent in _ancestors(paragraph)):
            continue
        text = " ".join(paragraph.astext().split())
        if len(text) < 40 or text.endswith(":"):  # too short, or a lead-in to a list
            continue
        if len(text) > DESCRIPTION_LENGTH:
            text = text[: DESCRIPTION_LENGTH - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
        return text
    return SITE_DESCRIPTION


def _ancestors(node: Any):
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def _meta_description(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    # Search engines and link previews show this; Lighthouse's SEO audit asks for one per page.
    description = html.escape(page_description(doctree), quote=True)
    context["metatags"] = context.get("metatags", "") + f'\n<meta name="description" content="{description}" />'


def _citation_list_roles(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    # The bibliography's entries carry the DPUB role doc-biblioentry, which axe-core does not
    # accept inside role="list" (aria-required-children, critical). listitem is valid there
    # and screen readers still announce a list of entries.
    body = context.get("body")
    if body and 'role="doc-biblioentry"' in body:
        context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')


def _outdated_by_new_assets(app: Sphinx, env: Any, added: set, changed: set, removed: set) -> list[str]:
    # Pages name the chart assets by their hash; when the assets change, every page must
    # be written again or it would point to files that no longer match.
    names = asset_names()
    if getattr(env, "aigov_asset_names", None) == names:
        return []
    env.aigov_asset_names = names
    return sorted(env.found_docs)


def _write_chart_assets(app: Sphinx, exception: Exception | None) -> None:
    if exception is None and app.builder.format == "html":
        write_assets(Path(app.outdir) / "_static")


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", _page_assets)
    app.connect("html-page-context", _meta_description)
    app.connect("html-page-context", _citation_list_roles)
    # After the theme has put its toctree function into the context.
    app.connect("html-page-context", _label_sidebar_toggles, priority=900)
    app.connect("env-get-outdated", _outdated_by_new_assets)
    app.connect("build-finished", _write_chart_assets)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
