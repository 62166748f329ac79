"""Sphinx extension: patches to the stock Jupyter Book theme, for an offline and accessible site.

- Drops sphinx-thebe's scripts, which point at a CDN and raise a page error (the book runs
  no code in the browser).
- Names the sidebar's expand controls (axe: ``summary-name``).
- Gives every page a ``<meta name="description">`` from its first paragraph.
- Gives bibliography entries a list role that axe-core accepts inside a list.
- Loads the theme's optional scripts and styles (copy buttons, toggles, notebook cells,
  sphinx-design) only on pages that have what they act on, and defers those scripts.
- Cuts the icon font and the icon rules of the theme's stylesheet down to the icons the
  site shows (:func:`trim_icons`).

The search scripts leave pages other than the search page in ``_templates/layout.html``.
Nothing here touches the charts (:mod:`aigov.book.site_charts`).
"""

from __future__ import annotations

import hashlib
import html
import io
import re
from pathlib import Path
from typing import Any

from docutils import nodes
from markupsafe import Markup
from sphinx.application import Sphinx

from aigov import __version__

DESCRIPTION_LENGTH = 155
SITE_DESCRIPTION = (
    "An open, executable textbook on AI governance in China: strategy, ethics, surveillance, "
    "data protection and the facial-recognition rules."
)


def _is_thebe(asset: Any) -> bool:
    filename = getattr(asset, "filename", asset) or ""
    body = getattr(asset, "attributes", {}).get("body", "")
    return "thebe" in str(filename) or "THEBE" in body


def _drop_thebe(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    # Jupyter Book always loads sphinx-thebe, whose inline script points at a CDN and is
    # added twice (a page error); the book runs no code in the browser, so drop it.
    for key in ("script_files", "css_files"):
        if key in context:
            context[key][:] = [asset for asset in context[key] if not _is_thebe(asset)]


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


def page_description(doctree: Any) -> str:
    """The first paragraph of a page's own text (not a note or admonition), shortened to a sentence-sized summary."""
    if doctree is None:
        return SITE_DESCRIPTION
    for paragraph in doctree.findall(nodes.paragraph):
        if any(
            isinstance(parent, (nodes.Admonition, nodes.table, nodes.footnote, nodes.citation, nodes.field_list))
            for parent in _ancestors(paragraph)
        ):
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


# Assets of the theme's extensions that do something only where a page's own HTML has what
# they act on: (asset file names, pattern of that markup in the page body). Without the
# markup, the asset is dropped from the page (with the inline settings of the same script).
_OPTIONAL_ASSETS = (
    # sphinx-copybutton: a copy button on every code block.
    (("copybutton.js", "copybutton.css", "clipboard.min.js"), re.compile(r'<div class="highlight')),
    # sphinx-togglebutton: hides '.toggle' elements and dropdown admonitions behind a button.
    (
        ("togglebutton.js", "togglebutton.css", "toggleHint", "toggleOpenOnPrint", "togglebuttonSelector"),
        re.compile(r'class="(?:[^"]*\s)?(?:toggle|dropdown)(?:\s[^"]*)?"'),
    ),
    # myst-nb: styles for notebook cells and their outputs.
    (("mystnb.",), re.compile(r'class="(?:[^"]*\s)?(?:cell|cell_output|cell_input|pasted-inline|pasted-text)[\s"]')),
    # sphinx-design: cards, grids, tabs, badges (classes sd-...).
    (("sphinx-design.", "design-tabs.js"), re.compile(r'class="(?:[^"]*\s)?sd-')),
)


def _asset_text(asset: Any) -> str:
    filename = getattr(asset, "filename", asset) or ""
    return f"{filename} {getattr(asset, 'attributes', {}).get('body', '')}"


def unused_assets(body: str) -> tuple[str, ...]:
    """The name fragments of optional theme assets a page with this body does not use."""
    return tuple(name for names, used in _OPTIONAL_ASSETS if not used.search(body) for name in names)


def _drop_unused_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    # Every one of these is added to every page; on pages without their markup they only
    # cost a first-time reader bytes and render-blocking requests.
    unused = unused_assets(context.get("body", ""))
    for key in ("script_files", "css_files"):
        if key in context:
            context[key][:] = [
                asset for asset in context[key] if not any(name in _asset_text(asset) for name in unused)
            ]


# Scripts the theme's extensions put in the head, where they block the first paint, though
# they only act once the page has loaded (each waits for DOMContentLoaded). Deferred, they
# still run in order before that event. documentation_options.js stays: inline scripts use it.
DEFERRED_SCRIPTS = (
    "doctools.js",
    "sphinx_highlight.js",
    "clipboard.min.js",
    "copybutton.js",
    "togglebutton.js",
    "design-tabs.js",
    "scripts/sphinx-book-theme.js",
)


def _defer_theme_scripts(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    # The search page runs searchtools.js in its head, which calls doctools.js at once.
    if "script_files" not in context or pagename == "search":
        return
    deferred = []
    for script in context["script_files"]:
        filename = str(getattr(script, "filename", "") or "").split("?")[0]
        attributes = getattr(script, "attributes", {})
        if filename.endswith(DEFERRED_SCRIPTS) and not {"defer", "async", "body"} & set(attributes):
            script = type(script)(script.filename, priority=script.priority, **{**attributes, "defer": "defer"})
        deferred.append(script)
    context["script_files"][:] = deferred


ICON_STYLESHEET = Path("_static/styles/pydata-sphinx-theme.css")
ICON_FONTS = Path("_static/vendor/fontawesome/webfonts")
ICON_FONT_CACHE = "aigov-icon-fonts"
# One icon's rule in the Font Awesome part of the theme's stylesheet, e.g.
# .fa-magnifying-glass:before,.fa-search:before{content:"\f002"}
_ICON_RULE = re.compile(
    r'(?<=[{}])(?P<selectors>(?:\.fa-[a-z0-9-]+:(?:before|after),?)+)\{content:"(?P<glyph>[^"]*)"\}'
)
_ICON_NAME = re.compile(r"\bfa-[a-z0-9-]+")
# Glyphs in CSS: escapes (\f002, \e521) and the raw private-use characters the theme's
# --pst-icon-* variables hold.
_CSS_GLYPH = re.compile(r"\\([0-9a-fA-F]{4,6})|([\ue000-\uf8ff])")


def _glyphs(css: str) -> set[int]:
    return {int(escape, 16) if escape else ord(char) for escape, char in _CSS_GLYPH.findall(css)}


def trim_icon_rules(css: str, used_names: set[str]) -> str:
    """The stylesheet without the rules of Font Awesome icons whose class no page uses."""

    def keep(rule: re.Match) -> str:
        names = {selector.split(":")[0][1:] for selector in rule["selectors"].rstrip(",").split(",")}
        return rule[0] if names & used_names else ""

    return re.sub(r"/\*# sourceMappingURL=[^*]*\*/", "", _ICON_RULE.sub(keep, css))


def trim_icons(site: Path, cache_dir: Path) -> None:
    """Cut the theme's icon stylesheet rules and icon fonts down to the icons the built site uses.

    The theme ships all of Font Awesome: about 1,400 icon rules in its stylesheet and a
    156 kB solid-icon font, which a page downloads whole as soon as it shows one icon. The
    site shows about twenty. Icons are used by class (fa-NAME) in the pages and the theme's
    scripts, and by character in the theme's own rules (admonition icons and the like).
    """
    stylesheet = site / ICON_STYLESHEET
    if not stylesheet.is_file():
        return
    markup = [page.read_text(encoding="utf-8") for page in site.rglob("*.html")]
    markup += [
        script.read_text(encoding="utf-8")
        for script in (site / "_static" / "scripts").glob("*.js")
        if script.name != "fontawesome.js"
    ]
    used_names = {name for text in markup for name in _ICON_NAME.findall(text)}
    css = trim_icon_rules(stylesheet.read_text(encoding="utf-8"), used_names)
    stylesheet.write_text(css, encoding="utf-8")
    # The trimmed stylesheet's glyphs, and any that other stylesheets draw with the icon font.
    glyphs = _glyphs(css).union(
        *(
            _glyphs(other.read_text(encoding="utf-8"))
            for other in (site / "_static").rglob("*.css")
            if other != stylesheet
        )
    )
    for font_path in sorted((site / ICON_FONTS).glob("*.woff2")):
        font_path.write_bytes(_subset_font(font_path.read_bytes(), glyphs, cache_dir))


def _subset_font(font: bytes, glyphs: set[int], cache_dir: Path) -> bytes:
    """The woff2 font cut down to these characters, kept in ``cache_dir`` (subsetting takes seconds)."""
    key = hashlib.sha256(font + ",".join(map(str, sorted(glyphs))).encode()).hexdigest()[:16]
    cached = cache_dir / ICON_FONT_CACHE / f"{key}.woff2"
    if cached.is_file():
        return cached.read_bytes()
    from fontTools import subset

    options = subset.Options()
    options.flavor = "woff2"
    loaded = subset.load_font(io.BytesIO(font), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=glyphs & set(loaded.getBestCmap()))
    subsetter.subset(loaded)
    out = io.BytesIO()
    subset.save_font(loaded, out, options)
    cached.parent.mkdir(parents=True, exist_ok=True)
    cached.write_bytes(out.getvalue())
    return out.getvalue()


def _trim_icons(app: Sphinx, exception: Exception | None) -> None:
    # Sphinx copies the theme's full files into the output on every build, so trim every time.
    if exception is None and app.builder.format == "html":
        trim_icons(Path(app.outdir), Path(app.doctreedir))


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", _drop_thebe)
    app.connect("html-page-context", _meta_description)
    app.connect("html-page-context", _citation_list_roles)
    app.connect("html-page-context", _drop_unused_assets)
    app.connect("html-page-context", _defer_theme_scripts)
    app.connect("build-finished", _trim_icons)
    # After the theme has put its toctree function into the context.
    app.connect("html-page-context", _label_sidebar_toggles, priority=900)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
