"""The publishing extension (aigov.book.publishing): the site's addresses from the environment,
each page's last-changed date from git (in a full clone, a shallow one and no checkout at
all, on a small book of its own), and on the built book: dates, footer edition, sitemap and
social-preview tags."""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest
import yaml
from sphinx.errors import ConfigError
from support import ROOT, SITE_ADDRESSES

import aigov
from aigov.book import publishing
from aigov.book.notebooks import toc_files

LAST_CHANGED = re.compile(
    r'<p class="aigov-last-changed">Last changed: <span class="aigov-last-changed-date">([^<]+)</span>'
)
MINI_CONF = (
    'project = "Mini"\nextensions = ["aigov.book.publishing"]\nhtml_theme = "sphinx_book_theme"\nlanguage = "en"\n'
)
MINI_PAGES = {
    "index.rst": "Mini\n====\n\n.. toctree::\n\n   a\n   b\n",
    "a.rst": "Page A\n======\n\n**Status as of December 2026.** What this page covers.\n\nMore text.\n",
    "b.rst": "Page B\n======\n\nSome text.\n",
}


# --- the addresses ----------------------------------------------------------------------


def test_addresses_are_optional(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BOOK_BASE_URL", raising=False)
    monkeypatch.setenv("BOOK_REPOSITORY_URL", "  ")
    assert publishing.base_url() is None and publishing.repository_url() is None


def test_addresses_are_read_and_normalised(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOOK_BASE_URL", "https://someone.github.io/book")
    monkeypatch.setenv("BOOK_REPOSITORY_URL", "https://github.com/someone/book/")
    assert publishing.base_url() == "https://someone.github.io/book/"
    assert publishing.repository_url() == "https://github.com/someone/book"


@pytest.mark.parametrize("value", ["someone.github.io/book", "ftp://example.org/", "https://"])
def test_a_malformed_address_is_refused_by_name(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("BOOK_BASE_URL", value)
    with pytest.raises(
        ConfigError, match=rf"BOOK_BASE_URL must be an http:// or https:// address.*got '{re.escape(value)}'"
    ):
        publishing.base_url()


def test_only_known_hosts_get_a_repository_button() -> None:
    assert publishing._theme_knows("https://github.com/someone/book")
    assert publishing._theme_knows("https://gitlab.example.edu/group/book")
    assert not publishing._theme_knows("https://git.example.edu/someone/book")
    assert not publishing._theme_knows("https://github.com/someone")


# --- dates from git, on a small book ------------------------------------------------------


def _git(folder: Path, *args: str, date: str | None = None) -> str:
    environment = {**os.environ, "GIT_AUTHOR_NAME": "A", "GIT_AUTHOR_EMAIL": "a@example.org"}
    environment.update(GIT_COMMITTER_NAME="A", GIT_COMMITTER_EMAIL="a@example.org")
    if date:
        environment.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    done = subprocess.run(["git", *args], cwd=folder, env=environment, capture_output=True, text=True, check=True)
    return done.stdout


@pytest.fixture(scope="module")
def mini_repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A two-commit book: every page on 5 January 2026, page B changed again on 7 March 2026."""
    repo = tmp_path_factory.mktemp("mini") / "repo"
    repo.mkdir()
    _git(repo, "init", "-q", "-b", "main")
    (repo / "conf.py").write_text(MINI_CONF, encoding="utf-8")
    for name, text in MINI_PAGES.items():
        (repo / name).write_text(text, encoding="utf-8")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "first", date="2026-01-05T10:00:00+00:00")
    (repo / "b.rst").write_text(MINI_PAGES["b.rst"] + "\nMore.\n", encoding="utf-8")
    _git(repo, "commit", "-q", "-am", "second", date="2026-03-07T10:00:00+00:00")
    return repo


def _build(source: Path, out: Path) -> dict[str, str | None]:
    """Build with warnings as errors and no site addresses; each page's date, or None."""
    environment = {k: v for k, v in os.environ.items() if k not in SITE_ADDRESSES}
    environment["PYTHONPATH"] = os.pathsep.join([str(ROOT), environment.get("PYTHONPATH", "")])
    command = [sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html", str(source), str(out)]
    done = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    dates = {}
    for page in ("index", "a", "b"):
        found = LAST_CHANGED.search((out / f"{page}.html").read_text(encoding="utf-8"))
        dates[page] = found[1] if found else None
    return dates


def test_git_state(mini_repository: Path, tmp_path: Path) -> None:
    assert publishing.git_state(mini_repository) == "full"
    _git(tmp_path, "clone", "-q", "--depth", "1", mini_repository.as_uri(), "shallow")
    assert publishing.git_state(tmp_path / "shallow") == "shallow"
    (tmp_path / "plain").mkdir()
    assert publishing.git_state(tmp_path / "plain") is None


def test_pages_are_dated_from_their_last_commit(mini_repository: Path, tmp_path: Path) -> None:
    dates = _build(mini_repository, tmp_path / "html")
    assert dates == {"index": "5 January 2026", "a": "5 January 2026", "b": "7 March 2026"}
    page_a = (tmp_path / "html" / "a.html").read_text(encoding="utf-8")
    # Right after the status note; on a page without one, right under the title.
    assert re.search(
        r"<strong>Status as of December 2026\.</strong>[^<]*</p>\s*<p class=\"aigov-last-changed\">", page_a
    )
    assert re.search(r"</h1>\s*<p class=\"aigov-last-changed\">", (tmp_path / "html" / "b.html").read_text())
    footer = re.search(r'<p class="aigov-edition">Edition ([^.<]+\.[^.<]+)\.', page_a)
    assert footer and footer[1] == aigov.__version__


def test_a_shallow_clone_builds_and_dates_only_what_it_can_tell(mini_repository: Path, tmp_path: Path) -> None:
    # Its oldest commit stands for all earlier history: pages last changed there get no date.
    _git(tmp_path, "clone", "-q", "--depth", "2", mini_repository.as_uri(), "shallow")
    dates = _build(tmp_path / "shallow", tmp_path / "html")
    assert dates == {"index": None, "a": None, "b": "7 March 2026"}


def test_outside_a_git_checkout_pages_have_no_date(tmp_path: Path) -> None:
    source = tmp_path / "unpacked"
    source.mkdir()
    (source / "conf.py").write_text(MINI_CONF, encoding="utf-8")
    for name, text in MINI_PAGES.items():
        (source / name).write_text(text, encoding="utf-8")
    assert _build(source, tmp_path / "html") == {"index": None, "a": None, "b": None}


# --- the built book -----------------------------------------------------------------------


def _toc_sources() -> dict[str, Path]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    sources = {}
    for name in [toc["root"], *toc_files(toc)]:
        sources[name] = next(ROOT.glob(f"{name}.*[dbk]"))  # .md or .ipynb
    return sources


def _git_date(paths: list[Path]) -> datetime | None:
    stamps = [_git(ROOT, "log", "-1", "--format=%at", "--", str(p)).strip() for p in paths]
    stamps = [int(s) for s in stamps if s]
    return datetime.fromtimestamp(max(stamps), timezone.utc) if stamps else None


def _expected_date(name: str, source: Path) -> str | None:
    """The newest commit of the page's source and of the data files it offers for download
    (and of references.bib for the bibliography page), from git log."""
    text = source.read_text(encoding="utf-8")
    files = [source]
    for target in re.findall(r"\{download\}`(?:[^`<]*<)?([^`>]+)>?`", text):
        files.append((source.parent / target.replace("\\n", "")).resolve())
    if "```{bibliography}" in text:
        files.append(ROOT / "references.bib")
    moment = _git_date(files)
    return f"{moment.day} {moment:%B %Y}" if moment else None


def test_every_page_shows_when_it_last_changed(site: Path) -> None:
    shown, expected = {}, {}
    for name, source in _toc_sources().items():
        found = LAST_CHANGED.findall((site / f"{name}.html").read_text(encoding="utf-8"))
        shown[name] = found[0] if len(found) == 1 else found or None
        expected[name] = _expected_date(name, source)
    assert shown == expected
    assert sum(date is not None for date in shown.values()) >= 30, "pages committed to git have a date"


STATUS_NOTE = re.compile(r"\*\*Status as of|\{admonition\} Status as of")
# The date closes the status box, or follows the status paragraph (or the list it leads into),
# with no heading between the note and the date.
NEXT_TO_STATUS = re.compile(
    r"(?:<strong>|admonition-title\">)Status as of(?:(?!<h\d).)*?(?:</p>|</ul>)\s*<p class=\"aigov-last-changed\">[^\n]*</p>\s*(?:</div>)?",
    re.S,
)
UNDER_TITLE = re.compile(r"</h1>\s*<p class=\"aigov-last-changed\">")


def test_the_date_stands_next_to_the_status_note(site: Path) -> None:
    placed = {}
    for name, source in _toc_sources().items():
        page = (site / f"{name}.html").read_text(encoding="utf-8")
        if "aigov-last-changed" not in page:  # not yet committed: the test above expects no date
            continue
        if STATUS_NOTE.search(source.read_text(encoding="utf-8")):
            placed[name] = bool(NEXT_TO_STATUS.search(page))
        else:
            placed[name] = bool(UNDER_TITLE.search(page))
    assert [name for name, ok in placed.items() if not ok] == []
    with_status = [name for name, source in _toc_sources().items() if STATUS_NOTE.search(source.read_text())]
    assert len(with_status) >= 15, "the chapters, labs and case studies have status notes"


def test_footer_edition_what_changed_and_package_agree(site: Path) -> None:
    what_changed = (ROOT / "appendix" / "what-changed.md").read_text(encoding="utf-8")
    editions = re.findall(r"^## Edition (\S+)$", what_changed, re.M)
    assert editions and editions[0] == aigov.__version__, "the newest 'What changed' entry comes first"
    for name in _toc_sources():
        footer = re.findall(
            r'<p class="aigov-edition">Edition (\S+)\. <a href="([^"]+)">What changed</a>',
            (site / f"{name}.html").read_text(encoding="utf-8"),
        )
        assert len(footer) == 1 and footer[0][0] == aigov.__version__, name
        if name == "appendix/what-changed":  # a link to the page itself
            continue
        assert (site / f"{name}.html").parent.joinpath(footer[0][1]).resolve() == (
            site / "appendix" / "what-changed.html"
        ).resolve()


def test_sitemap_lists_every_page(site: Path) -> None:
    base = SITE_ADDRESSES["BOOK_BASE_URL"]
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    listed = dict(re.findall(r"<url><loc>([^<]+)</loc>(?:<lastmod>(\d{4}-\d\d-\d\d)T[^<]+</lastmod>)?</url>", sitemap))
    assert sorted(listed) == sorted(f"{base}{name}.html" for name in _toc_sources())
    # Each page's date in the sitemap is the one the page shows.
    for name, source in _toc_sources().items():
        date = listed[f"{base}{name}.html"]
        shown = datetime.strptime(date, "%Y-%m-%d") if date else None
        assert (f"{shown.day} {shown:%B %Y}" if shown else None) == _expected_date(name, source), name


def test_every_page_has_a_social_preview_with_its_description(site: Path) -> None:
    base = SITE_ADDRESSES["BOOK_BASE_URL"]
    for name in _toc_sources():
        page = (site / f"{name}.html").read_text(encoding="utf-8")
        description = re.search(r'<meta name="description" content="([^"]+)"', page)
        preview = dict(re.findall(r'<meta property="(og:[a-z:]+)" content="([^"]*)"', page))
        assert description and html.unescape(preview.get("og:description", "")) == html.unescape(description[1]), name
        assert preview["og:url"] == f"{base}{name}.html" and preview["og:title"], name


def test_the_repository_is_linked_from_every_page(site: Path) -> None:
    repository = SITE_ADDRESSES["BOOK_REPOSITORY_URL"]
    for name in _toc_sources():
        page = (site / f"{name}.html").read_text(encoding="utf-8")
        assert f'<a href="{repository}">Source</a>' in page, name
        assert (
            re.search(rf'href="{re.escape(repository)}"[^>]*>\s*<span class="btn__icon-container">', page)
            or "repository-button" in page
        ), name
