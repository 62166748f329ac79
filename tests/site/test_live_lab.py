"""A real JupyterLab: start it, open a lab in Chromium, run all cells, move a slider.

The notebook is copied to a temporary folder first, because JupyterLab saves what it runs.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from support import ROOT

playwright_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")

LAB = ROOT / "chapters" / "data-protection" / "lab-unique-in-the-crowd.ipynb"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_serving(server: subprocess.Popen, status_url: str, log: Path, seconds: float = 60) -> None:
    """Poll JupyterLab's status address until it answers.

    Between two polls, wait for the server process to end, which it does only if it cannot
    start: a failed start is reported at once, not when the deadline has passed.
    """
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(status_url, timeout=2):
                return
        except OSError:
            pass
        try:
            server.wait(timeout=0.5)
        except subprocess.TimeoutExpired:
            continue
        break
    raise RuntimeError(f"JupyterLab did not start: {log.read_text()[-2000:]}")


@pytest.fixture
def jupyter_lab(tmp_path: Path):
    """JupyterLab on a free localhost port with a one-time token, serving a copy of the lab."""
    workdir = tmp_path / "work"
    workdir.mkdir()
    shutil.copy(LAB, workdir / LAB.name)
    port, token = _free_port(), secrets.token_hex(16)
    env = dict(
        os.environ,
        JUPYTER_CONFIG_DIR=str(tmp_path / "config"),
        JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
        JUPYTERLAB_WORKSPACES_DIR=str(tmp_path / "workspaces"),
    )
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        f"--port={port}",
        "--ServerApp.ip=127.0.0.1",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={workdir}",
        # Nothing may reach the internet: no news feed, update check or extension catalogue.
        "--LabApp.news_url=",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # CI runs as root
        command.append("--allow-root")
    log = (tmp_path / "jupyterlab.log").open("w")
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_serving(server, f"{base}/api/status?token={token}", tmp_path / "jupyterlab.log")
        yield base, token, LAB.name
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def test_lab_runs_live_and_its_slider_recomputes(browser, jupyter_lab, tmp_path: Path) -> None:
    base, token, name = jupyter_lab
    jupyter_lab_shot = tmp_path / "jupyterlab-failure.png"
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        # JupyterLab may ask which kernel to start, at any time; the notebook names python3, so
        # accept it. Playwright looks for the dialog before each action and each check below.
        kernel_dialog = page.locator(".jp-Dialog", has_text="Select Kernel")
        page.add_locator_handler(kernel_dialog, lambda dialog: dialog.locator("button", has_text="Select").click())
        page.goto(f"{base}/lab/tree/{name}?token={token}", wait_until="domcontentloaded")
        page.locator(".jp-Notebook").first.wait_for(timeout=60000)
        idle = page.locator(".jp-StatusBar-TextItem", has_text="Idle").first
        playwright_api.expect(idle, "the kernel did not become idle within 60 s").to_be_attached(timeout=60000)
        page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()

        message = page.locator(".widget-html-content", has_text="simulated people are singled out").first
        try:
            playwright_api.expect(message).to_be_attached(timeout=90000)
        except AssertionError as missing:
            page.screenshot(path=str(jupyter_lab_shot))
            raise AssertionError(f"the widget did not appear within 90 s; screenshot: {jupyter_lab_shot}") from missing
        assert "by 4 known point(s)" in message.inner_text()
        before = message.inner_text()

        handle = page.locator(".widget-slider .noUi-handle").first
        handle.focus()
        handle.press("ArrowRight")
        page.wait_for_function(
            "t => Array.from(document.querySelectorAll('.widget-html-content'))"
            ".some(e => e.textContent.includes('by 5 known point(s)') && e.textContent !== t)",
            arg=before,
            timeout=30000,
        )
    finally:
        context.close()
