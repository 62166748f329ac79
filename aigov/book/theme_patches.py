"""Sphinx extension: patches to the stock Jupyter Book theme, for an offline and accessible site.

- Drops sphinx-thebe's scripts, which point at a CDN and raise a page error (the book runs
  no code in the browser).
- Names the sidebar's expand controls (axe: ``summary-name``).
- Gives every page a ``<meta name="description">`` from its first paragraph.
- Gives bibliography entries a list role that axe-core accepts inside a list.

Nothing here touches the charts (:mod:`aigov.book.site_charts`).
"""

from __future__ import annotations

import html
import re
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


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", _drop_thebe)
    app.connect("html-page-context", _meta_description)
    app.connect("html-page-context", _citation_list_roles)
    # After the theme has put its toctree function into the context.
    app.connect("html-page-context", _label_sidebar_toggles, priority=900)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
