"""The offline archive (aigov.book.archive), as a reader uses it: unpacked into an empty
folder and opened from disk (file://) in Chromium, with every request that is not for a file
refused. Every page shows, every chart is drawn, and search finds pages."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from support import all_pages

from aigov.book import archive


@pytest.fixture(scope="module")
def unpacked(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = archive.write_archive(site, tmp_path_factory.mktemp("dist") / "book-site.zip")
    folder = tmp_path_factory.mktemp("unpacked")
    assert list(folder.iterdir()) == []
    with zipfile.ZipFile(out) as zipped:
        zipped.extractall(folder)
    return folder / "book-site"


@pytest.fixture(scope="module")
def offline(browser):
    """A browser context that may open files only: any other request is refused and recorded."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    refused: list[str] = []

    def refuse(route) -> None:
        refused.append(route.request.url)
        route.abort()

    context.route(lambda url: not url.startswith("file:"), refuse)
    yield context, refused
    assert refused == [], "the archive asked for something other than its own files"
    context.close()


def _open(context, url: str):
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url, wait_until="load")
    return page, errors


def test_every_page_shows_from_disk(unpacked: Path, offline) -> None:
    context, _ = offline
    pages = all_pages(unpacked)
    assert len(pages) >= 30
    for name in pages:
        page, errors = _open(context, (unpacked / name).as_uri())
        if name == "index.html":  # sends the reader on to the first page
            page.wait_for_url(re.compile(r".*/intro\.html$"))
        assert page.locator("main h1").count() >= 1, name
        assert errors == [], (name, errors)
        page.close()


def test_every_chart_is_drawn_from_disk(unpacked: Path, offline) -> None:
    context, _ = offline
    chart_pages = [name for name in all_pages(unpacked) if 'class="aigov-chart"' in (unpacked / name).read_text()]
    assert len(chart_pages) >= 8
    for name in chart_pages:
        page, errors = _open(context, (unpacked / name).as_uri())
        figures = page.locator("figure.aigov-chart")
        figures.first.scroll_into_view_if_needed()
        count = figures.count()
        page.wait_for_function(
            "n => document.querySelectorAll('figure.aigov-chart svg.marks').length >= n", arg=count, timeout=30000
        )
        assert errors == [], (name, errors)
        page.close()


def test_search_finds_pages_from_disk(unpacked: Path, offline) -> None:
    context, _ = offline
    page, errors = _open(context, (unpacked / "search.html").as_uri() + "?q=surveillance")
    results = page.locator("#search-results ul.search li a")
    results.first.wait_for(timeout=30000)
    page.wait_for_function("() => /found \\d+ page/.test(document.querySelector('#search-results').textContent)")
    titles = results.all_inner_texts()
    assert len(titles) >= 5
    # Chapter titles carry their number ("3. Surveillance ...").
    assert any(re.sub(r"^\d+\.\s*", "", title).startswith("Surveillance") for title in titles), titles
    assert errors == []
    page.close()
