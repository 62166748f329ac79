"""Sphinx extension: the book as published. Its edition, each page's last-changed date, and
the parts of a site that need its address.

- **Edition.** The book's version is :data:`aigov.__version__` (one place). The footer of
  every page names it and links the "What changed" page.
- **Last changed.** Each page says when its content last changed, from the git history of
  its source file (sphinx-last-updated-by-git). The line goes right after the page's
  "Status as of" note, or under its title when it has none. In a shallow clone the oldest
  commit stands for every file's earlier history, so a page last changed there would get a
  wrong date: it gets none (and the build says so once). Outside a git checkout, such as an
  unpacked source archive, pages show no date.
- **Addresses** come from the environment at build time, since the book can be hosted
  anywhere and the repository has no fixed home. Both are optional:

  - ``BOOK_BASE_URL``: the address of the site's root, such as a GitHub Pages address.
    With it the build writes ``sitemap.xml`` (sphinx-sitemap), a canonical link and social
    preview tags with each page's description (sphinxext-opengraph). Without it there is no
    absolute address to give, so none of these is made.
  - ``BOOK_REPOSITORY_URL``: the address of the book's source repository. With it every page
    links the repository from its footer, and has a repository button when the address is a
    GitHub, GitLab or Bitbucket one. :func:`repository_url` gives the address to other code.
"""

from __future__ import annotations

import os
import subprocess
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError
from sphinx.util import logging
from sphinx_last_updated_by_git import update_file_dates

from aigov import __version__
from aigov.book.theme_patches import page_description

BASE_URL_VARIABLE = "BOOK_BASE_URL"
REPOSITORY_URL_VARIABLE = "BOOK_REPOSITORY_URL"
WHAT_CHANGED_PAGE = "appendix/what-changed"
TEMPLATES = Path(__file__).parent / "templates"
STATUS_WORDS = "Status as of"
# The hosts whose repositories sphinx-book-theme draws a button for; any other address is
# linked from the footer only.
REPOSITORY_HOSTS = ("github", "gitlab", "bitbucket")
# The sitemap lists the pages a reader arrives at, not the search page or the empty index.
NOT_IN_SITEMAP = ["search.html", "genindex.html"]

logger = logging.getLogger(__name__)


def _address(variable: str) -> str | None:
    value = os.environ.get(variable, "").strip()
    if not value:
        return None
    parts = urlparse(value)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise ConfigError(
            f"{variable} must be an http:// or https:// address, such as https://example.org/book/; got {value!r}"
        )
    return value


def base_url() -> str | None:
    """The site's root address from ``BOOK_BASE_URL``, ending in ``/``; None when it is not set."""
    value = _address(BASE_URL_VARIABLE)
    return value if value is None else value.rstrip("/") + "/"


def repository_url() -> str | None:
    """The source repository's address from ``BOOK_REPOSITORY_URL``, without a final ``/``; None when it is not set."""
    value = _address(REPOSITORY_URL_VARIABLE)
    return value if value is None else value.rstrip("/")


def _theme_knows(repository: str) -> bool:
    """Whether the theme can draw a repository button for this address: a known host and an owner/name path."""
    parts = urlparse(repository)
    host_known = any(name in parts.netloc.lower() for name in REPOSITORY_HOSTS)
    return host_known and len([p for p in parts.path.split("/") if p]) >= 2


def git_state(folder: str | Path) -> str | None:
    """``"full"`` or ``"shallow"`` for a folder inside a git work tree with at least one commit, else None."""
    try:
        done = subprocess.run(
            ["git", "rev-parse", "--is-shallow-repository", "HEAD"],
            cwd=folder,
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:  # no git program
        return None
    lines = done.stdout.split()
    if done.returncode != 0 or len(lines) != 2:
        return None
    return "shallow" if lines[0] == "true" else "full"


def last_changed(app: Sphinx, docname: str) -> datetime | None:
    """When a page's source (or a file it includes) last changed in git, or None if git cannot tell."""
    record = getattr(app.env, "git_last_updated", {}).get(docname)
    if not record or record[0] is None:
        return None
    return datetime.fromtimestamp(int(record[0]), timezone.utc)


def format_date(moment: datetime) -> str:
    return f"{moment.day} {moment:%B %Y}"


def _configure(app: Sphinx, config: Config) -> None:
    config.version = config.release = __version__
    config.templates_path = [*config.templates_path, str(TEMPLATES)]
    theme = dict(config.html_theme_options or {})
    # The footer names the edition; each page's date is in its text, not repeated in the footer.
    theme["footer_content_items"] = ["author.html", "copyright.html", "edition.html"]
    repository = repository_url()
    if repository and _theme_knows(repository):
        theme.update(repository_url=repository, use_repository_button=True, repository_branch="main")
    config.html_theme_options = theme

    state = app.aigov_git_state
    if state is None:
        logger.info("publishing: the book is not in a git checkout, so pages show no last-changed date")
    else:
        # A page's date comes from its own source and the data files it shows. Every page depends
        # on the bibliography (as an absolute path), whose changes are not changes of the page.
        config.git_exclude_patterns = [*config.git_exclude_patterns, "*.bib", "**/*.bib"]
    if state == "shallow":
        # Left to itself the extension warns once per page whose history the clone cuts off.
        config.suppress_warnings = [*config.suppress_warnings, "git.too_shallow"]
        logger.info(
            "publishing: shallow git clone; pages last changed before its oldest commit show no date "
            "(git fetch --unshallow gives them one)"
        )

    site = base_url()
    if site:
        config.html_baseurl = site
        config.sitemap_url_scheme = "{link}"
        config.sitemap_excludes = NOT_IN_SITEMAP
        config.sitemap_show_lastmod = state is not None
        config.ogp_site_url = site
        config.ogp_site_name = config.project
        # No generated preview images (they would need matplotlib and take time); the
        # theme patches already give each page its meta description.
        config.ogp_social_cards = {"enable": False}
        config.ogp_enable_meta_description = False


def _status_note(doctree: nodes.document) -> tuple[nodes.Element, bool] | None:
    """The page's first "Status as of" note and whether it is a box (admonition) or a paragraph."""
    for node in doctree.findall(lambda n: isinstance(n, (nodes.paragraph, nodes.Admonition))):
        if isinstance(node, nodes.Admonition):
            title = next(iter(node.findall(nodes.title)), None)
            if title is not None and title.astext().startswith(STATUS_WORDS):
                return node, True
        else:
            # MyST may put an empty text node before the bold lead-in.
            first = next((child for child in node.children if child.astext().strip()), None)
            if isinstance(first, nodes.strong) and first.astext().startswith(STATUS_WORDS):
                return node, False
    return None


def _date_line(moment: datetime) -> nodes.paragraph:
    line = nodes.paragraph(classes=["aigov-last-changed"])
    line += nodes.Text("Last changed: ")
    line += nodes.inline(text=format_date(moment), classes=["aigov-last-changed-date"])
    line += nodes.Text(".")
    return line


def _add_date(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    moment = last_changed(app, docname)
    if moment is None:
        return
    line = _date_line(moment)
    found = _status_note(doctree)
    if found is not None:
        note, is_box = found
        box = note if is_box else note.parent
        if isinstance(box, nodes.Admonition):  # the status box ends with the date
            box += line
            return
        # After the status paragraph, or after the list it leads into.
        after = note.parent.index(note) + 1
        if (
            note.astext().rstrip().endswith(":")
            and after < len(note.parent)
            and isinstance(note.parent[after], (nodes.bullet_list, nodes.enumerated_list))
        ):
            after += 1
        note.parent.insert(after, line)
        return
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is not None and section.children and isinstance(section[0], nodes.title):
        section.insert(1, line)


def _date_bibliography_pages(app: Sphinx, env: Any) -> None:
    # A page that lists the bibliography (the {bibliography} directive) changes whenever
    # references.bib does, which the other pages' dates leave out.
    dates = getattr(env, "git_last_updated", None)
    if not dates or "sphinxcontrib.bibtex" not in app.extensions:
        return
    listing = {key.docname for key in env.get_domain("cite").bibliographies}
    for bibfile in app.config.bibtex_bibfiles if listing else []:
        path = Path(app.srcdir, bibfile)
        found: dict[str, Any] = {path.name: None}
        try:
            update_file_dates(str(path.parent), set(), found)
        except subprocess.CalledProcessError:
            continue
        if found[path.name] is None or found[path.name][1]:  # untracked, or cut off by a shallow clone
            continue
        for docname in listing & set(dates):
            own = dates[docname]
            if own is not None and (own[0] is None or int(own[0]) < int(found[path.name][0])):
                dates[docname] = (found[path.name][0], own[1])


# Chromium refuses fetch() on pages opened from disk, and the search page fetches every result
# page for its summary: from the offline archive it would log an error per result. There it
# lists the results without summaries.
NO_SUMMARIES_FROM_DISK = 'if (location.protocol === "file:") { DOCUMENTATION_OPTIONS.SHOW_SEARCH_SUMMARY = false; }'


def _page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    if pagename == "search":
        app.add_js_file(None, body=NO_SUMMARIES_FROM_DISK, priority=210)  # after documentation_options.js
    context["aigov_edition"] = __version__
    context["aigov_what_changed"] = WHAT_CHANGED_PAGE
    context["aigov_repository"] = repository_url()
    if doctree is not None and base_url():
        # sphinxext-opengraph reads og: fields from the page's metadata before its own guess:
        # the preview shows the page's meta description (aigov.book.theme_patches).
        context["meta"] = {**(context.get("meta") or {}), "og:description": page_description(doctree)}


def setup(app: Sphinx) -> dict[str, Any]:
    app.aigov_git_state = git_state(app.srcdir)
    if app.aigov_git_state is not None:
        app.setup_extension("sphinx_last_updated_by_git")
    if base_url():
        app.setup_extension("sphinx_sitemap")
        app.setup_extension("sphinxext.opengraph")
    repository_url()  # a malformed address stops the build here, with its message
    app.connect("config-inited", _configure)
    app.connect("doctree-resolved", _add_date)
    app.connect("env-updated", _date_bibliography_pages, priority=900)  # after sphinx-last-updated-by-git
    app.connect("html-page-context", _page_context, priority=400)  # before sphinxext-opengraph
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
