"""Shared fixtures: the book built once per test session, served on localhost."""

from __future__ import annotations

import functools
import http.server
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
JUPYTER_BOOK = Path(sys.executable).parent / "jupyter-book"


@pytest.fixture(scope="session")
def book_build(tmp_path_factory: pytest.TempPathFactory) -> subprocess.CompletedProcess:
    """Build the book as CI does (warnings are errors) into a temporary directory."""
    out = tmp_path_factory.mktemp("book")
    command = [str(JUPYTER_BOOK), "build", "-W", "-n", "--keep-going", "--path-output", str(out), str(ROOT)]
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=600)
    result.html_dir = out / "_build" / "html"  # type: ignore[attr-defined]
    return result


@pytest.fixture(scope="session")
def site(book_build: subprocess.CompletedProcess) -> Path:
    """The built HTML directory; fails the dependent tests if the build failed."""
    if book_build.returncode != 0:
        pytest.fail(f"the book did not build:\n{book_build.stdout[-3000:]}\n{book_build.stderr[-3000:]}")
    return book_build.html_dir


def site_pages(site: Path) -> list[Path]:
    """The reader-facing HTML pages of the built site (not the theme's template files)."""
    return sorted(p for p in site.rglob("*.html") if p.relative_to(site).parts[0] not in {"_static", "_sources"})


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
