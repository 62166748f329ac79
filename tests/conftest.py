"""The fixtures: the book built once per test session, served on localhost, and headless
Chromium. And how the tests are run: the collection hook that marks and orders them, and
the scheduler that shares them out between the two workers.

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
from support import CHROMIUM, CHROMIUM_ARGS, ROOT, SITE_ADDRESSES
from xdist.scheduler import LoadFileScheduling

JUPYTER_BOOK = Path(sys.executable).parent / "jupyter-book"
BUILD_FIXTURES = {"book_build", "site"}
SITE_AUDIT = "tests/site/test_site_audit.py"


class FileAndAuditPageScheduling(LoadFileScheduling):
    """``--dist loadfile``, except that each page of the site audit is a unit of its own.

    A unit runs whole on one worker: a notebook's cells run in order in one kernel, and a
    file's module-scoped fixtures (a browser, a computed grid) are set up once. The audit's
    four tests of a page read one visit of it, so a page is enough of a unit, and the two
    workers share the pages between them instead of one worker auditing the whole site.
    """

    def _split_scope(self, nodeid: str) -> str:
        path, _, test = nodeid.partition("::")
        if path == SITE_AUDIT and "[" in test:
            return f"{path}[{test.split('[', 1)[1]}"
        return super()._split_scope(nodeid)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log) -> LoadFileScheduling | None:
    # pytest-xdist's own way to group tests, --dist loadgroup with xdist_group marks, renames
    # the tests it groups, and with pytest 9.2 the new names are ignored: it silently stops
    # grouping (pytest-dev/pytest-xdist#1386). A scheduler reads the test names as they are.
    if config.getvalue("dist") == "loadfile":
        return FileAndAuditPageScheduling(config, log)
    return None


def _turn(item: pytest.Item) -> int:
    """0: checks of the built book without a browser; 1: tests that need no build; 2: the rest."""
    if item.get_closest_marker("build") is None:
        return 1
    return 2 if item.get_closest_marker("browser") else 0


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark what each test needs, and order the tests so that no worker waits long.

    The marks (first of the hooks, so that ``-m`` sees them): ``notebooks`` for nbval's cells
    of the book's notebooks, ``build`` for tests that use the built book (directly or through
    the fixtures that serve it), ``browser`` for tests that drive Chromium.

    The order: first the checks of the built book (the first of them builds it, most of a
    minute of one worker's time); meanwhile the other worker runs what needs no build (unit
    tests, notebooks, the live lab); the browser tests of the built site come last, and
    their many short units (the audit's pages) let the two workers finish together. The
    sort is stable, and pytest.ini's ``--no-loadscope-reorder`` keeps pytest-xdist to it.
    """
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if item.path.suffix == ".ipynb":
            item.add_marker(pytest.mark.notebooks)
        if fixtures & BUILD_FIXTURES:
            item.add_marker(pytest.mark.build)
        if "browser" in fixtures:
            item.add_marker(pytest.mark.browser)
    items.sort(key=_turn)


@pytest.fixture(scope="session")
def book_build(tmp_path_factory: pytest.TempPathFactory) -> subprocess.CompletedProcess:
    """Build the book as CI and the deploy workflow do (warnings are errors, the site's
    addresses set), once per test run.

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
            environment = {**os.environ, **SITE_ADDRESSES}
            done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=600, env=environment)
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
