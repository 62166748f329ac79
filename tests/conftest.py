"""The fixtures: the book built once per test session, served on localhost, and headless
Chromium; and the collection hook that marks what each test needs.

Helpers that are not fixtures are in support.py.
"""

from __future__ import annotations

import fcntl
import functools
import http.server
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from support import CHROMIUM, CHROMIUM_ARGS, ROOT

JUPYTER_BOOK = Path(sys.executable).parent / "jupyter-book"
BUILD_FIXTURES = {"book_build", "site"}


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark what each test needs.

    ``notebooks``: nbval's cells of the book's notebooks; ``build``: tests that use the built
    book (directly or through the fixtures that serve it); ``browser``: tests that drive
    Chromium. First, so that ``-m`` sees the marks when it deselects.
    """
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if item.path.suffix == ".ipynb":
            item.add_marker(pytest.mark.notebooks)
        if fixtures & BUILD_FIXTURES:
            item.add_marker(pytest.mark.build)
        if "browser" in fixtures:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def book_build(tmp_path_factory: pytest.TempPathFactory) -> subprocess.CompletedProcess:
    """Build the book as CI does (warnings are errors), once per test run.

    With pytest-xdist each worker has its own session; the first to get here builds into
    a folder all workers share, under a lock, and the others reuse that build.
    """
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent
    out, record = shared / "book", shared / "book-build.json"
    with open(shared / "book-build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not record.exists():
            command = [str(JUPYTER_BOOK), "build", "-W", "-n", "--keep-going", "--path-output", str(out), str(ROOT)]
            done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=600)
            record.write_text(json.dumps({"returncode": done.returncode, "stdout": done.stdout, "stderr": done.stderr}))
        saved = json.loads(record.read_text())
    result = subprocess.CompletedProcess(args="jupyter-book build", **saved)
    result.html_dir = out / "_build" / "html"  # type: ignore[attr-defined]
    return result


@pytest.fixture(scope="session")
def site(book_build: subprocess.CompletedProcess) -> Path:
    """The built HTML directory; fails the dependent tests if the build failed."""
    if book_build.returncode != 0:
        pytest.fail(f"the book did not build:\n{book_build.stdout[-3000:]}\n{book_build.stderr[-3000:]}")
    return book_build.html_dir


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def site_url(site: Path):
    """The built site served over HTTP on a free localhost port."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()



@pytest.fixture(scope="module")
def browser():
    """Headless Chromium, started once per test file."""
    if not Path(CHROMIUM).exists():
        pytest.skip("no Chromium found: apt-get install chromium")
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
