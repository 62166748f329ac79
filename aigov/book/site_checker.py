"""Sphinx extension: the compliance checker's form on the static site, computed in the reader's browser.

A page asks for the form with ``<div class="aigov-checker" data-rulebook="fr">`` (or
``"genai"``, any id in :data:`aigov.rules.RULEBOOKS`) in a Markdown cell. On such a page the
extension embeds, at build time, the data the form needs for that rulebook (scenario
schema, provisions, worked scenarios, citation labels: see
:func:`aigov.labs.compliance_checker.page_data`, all read from ``data/``), and adds the
book's JavaScript rules engine (``assets/rules.js``), the form (``assets/checker.js``) and
its stylesheet. Other pages load none of them. Like the chart assets
(:mod:`aigov.book.site_charts`), each file is named by a hash of its content, under
``_static/aigov/``.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from aigov import __version__, rules
from aigov.labs import compliance_checker

ASSETS = Path(__file__).parent / "assets"
ASSET_FILES = {"engine": ASSETS / "rules.js", "form": ASSETS / "checker.js", "style": ASSETS / "checker.css"}
ASSET_DIR = "aigov"
BIBLIOGRAPHY_PAGE = "appendix/bibliography"
# The rulebooks a page can ask for, by the name in data-rulebook.
RULEBOOKS = {
    name: functools.partial(compliance_checker.page_data, rulebook=rulebook)
    for name, rulebook in rules.RULEBOOKS.items()
}
_MARKER = re.compile(r'<div class="aigov-checker" data-rulebook="(?P<rulebook>[a-z0-9_-]+)">')


def _short_hash(content: str) -> str:
    return hashlib.sha256(content.encode("utf-8")).hexdigest()[:10]


def assets() -> dict[str, tuple[str, str]]:
    """Each asset's role -> (name under ``_static/``, content)."""
    named = {}
    for role, path in ASSET_FILES.items():
        content = path.read_text(encoding="utf-8")
        named[role] = (f"{ASSET_DIR}/{path.stem}-{_short_hash(content)}{path.suffix}", content)
    return named


def data_script(rulebook: str, bibliography_href: str) -> str:
    """The page's embedded data: JSON in a script element the browser does not run."""
    data = RULEBOOKS[rulebook](bibliography_href)
    # "</" would end the script element early, whatever the JSON around it.
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return f'<script type="application/json" class="aigov-checker-data">{text}</script>'


def _page_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    body = context.get("body", "")
    if not _MARKER.search(body):
        return
    href = context["pathto"](BIBLIOGRAPHY_PAGE)
    context["body"] = _MARKER.sub(lambda m: m.group(0) + data_script(m["rulebook"], href), body)
    named = assets()
    app.add_js_file(named["engine"][0], loading_method="defer")
    app.add_js_file(named["form"][0], loading_method="defer")
    app.add_css_file(named["style"][0])


def _inputs_fingerprint() -> str:
    """What the embedded data and the assets are made from: when it changes, pages are written again."""
    inputs = [*ASSET_FILES.values()]
    for rulebook in rules.RULEBOOKS.values():
        inputs += [rulebook.provisions, rulebook.scenario_schema, *sorted(rulebook.examples.glob("*.json"))]
    parts = [path.read_text(encoding="utf-8") for path in inputs]
    return _short_hash("\0".join(parts))


def _outdated(app: Sphinx, env: Any, added: set, changed: set, removed: set) -> list[str]:
    fingerprint = _inputs_fingerprint()
    if getattr(env, "aigov_checker_inputs", None) == fingerprint:
        return []
    env.aigov_checker_inputs = fingerprint
    return sorted(env.found_docs)


def _write_assets(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    for name, content in assets().values():
        path = Path(app.outdir) / "_static" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            path.write_text(content, encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", _page_assets)
    app.connect("env-get-outdated", _outdated)
    app.connect("build-finished", _write_assets)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
