"""Headless Chromium for the tests: the browser fixture's settings and one page visit at a time."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import urlparse

import pytest

from conftest import site_pages

playwright_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
LOCAL_HOSTS = {"127.0.0.1", "localhost", ""}
# Without these, Chromium itself phones home on start-up (updates, sync, safe browsing).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
BROWSER_MARKS = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="no Chromium found: apt-get install chromium"),
]


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class PageVisit:
    """Open one page, refusing and recording every request to another host."""

    def __init__(self, browser, url: str, settle: bool = True):
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.foreign: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("requestfailed", lambda r: self._failed(r))
        self.context.route("**/*", self._route)
        self.page.goto(url, wait_until="load")
        if settle:
            # Wait until nothing more loads (and any redirect has happened).
            self.page.wait_for_load_state("networkidle")

    def _route(self, route) -> None:
        if urlparse(route.request.url).hostname in LOCAL_HOSTS or route.request.url.startswith("data:"):
            route.continue_()
        else:
            self.foreign.append(route.request.url)
            route.abort()

    def _failed(self, request) -> None:
        if urlparse(request.url).hostname in LOCAL_HOSTS:
            self.errors.append(f"failed to load {request.url}")

    def close(self) -> None:
        self.context.close()

    def __enter__(self) -> "PageVisit":
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def all_pages(site: Path) -> list[str]:
    """The built site's reader-facing pages, as paths relative to the site."""
    return [str(p.relative_to(site)) for p in site_pages(site)]
