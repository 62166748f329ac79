"""Sphinx extension: the site's download menu offers the book as one PDF, if there is one.

``python -m aigov pdf`` writes the PDF to ``_build/pdf/`` beside the site's ``_build/html``
(:func:`aigov.book.pdf.default_output`). A site build that finds it there copies it into the
site and adds "Book (.pdf)" to every page's download menu; a build without it (such as the
tests' build, or a first build) changes nothing. So a deploy runs ``python -m aigov pdf``
and then ``jupyter-book build .`` once more, which rewrites the pages with the link.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from aigov import __version__
from aigov.book.pdf import PDF_NAME

BUTTON_GROUP = "download-buttons"


def book_pdf(outdir: str | Path) -> Path:
    """Where ``python -m aigov pdf`` puts the book's PDF for a site built into ``outdir``."""
    return Path(outdir).parent / "pdf" / PDF_NAME


def outdated_by_pdf(env: Any, available: bool) -> list[str]:
    """Every page if the PDF appeared or went since the last build (the menu changes), else none."""
    if getattr(env, "aigov_book_pdf", None) == available:
        return []
    env.aigov_book_pdf = available
    return sorted(env.found_docs)


def _outdated(app: Sphinx, env: Any, added: set, changed: set, removed: set) -> list[str]:
    return outdated_by_pdf(env, book_pdf(app.outdir).is_file())


def add_pdf_button(header_buttons: list[dict], url: str) -> bool:
    """Add the book's PDF to the theme's download menu; False if the page has no such menu."""
    for button in header_buttons:
        if button.get("label") == BUTTON_GROUP:
            button["buttons"].append(
                {
                    "type": "link",
                    "url": url,
                    "text": "Book (.pdf)",
                    "tooltip": "Download the whole book as one PDF",
                    "icon": "fas fa-book",
                    "label": "download-book-pdf-button",
                }
            )
            return True
    return False


def _page_button(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    if app.builder.format == "html" and book_pdf(app.outdir).is_file():
        add_pdf_button(context.get("header_buttons", []), context["pathto"](PDF_NAME, 1))


def _copy_pdf(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    source, copied = book_pdf(app.outdir), Path(app.outdir) / PDF_NAME
    if source.is_file():
        shutil.copyfile(source, copied)
    else:
        copied.unlink(missing_ok=True)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("env-get-outdated", _outdated)
    # After the theme has filled in its header buttons (priority 501).
    app.connect("html-page-context", _page_button, priority=502)
    app.connect("build-finished", _copy_pdf)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
