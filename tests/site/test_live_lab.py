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

LAB = ROOT / "chapters" / "data-protection" / "lab-unique-in-the-crowd.ipynb"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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
        sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1",
        f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={workdir}",
        # Nothing may reach the internet: no news feed, update check or extension catalogue.
        "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # CI runs as root
        command.append("--allow-root")
    log = (tmp_path / "jupyterlab.log").open("w")
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    log.flush()
                    raise RuntimeError(f"JupyterLab did not start: {(tmp_path / 'jupyterlab.log').read_text()[-2000:]}")
                time.sleep(0.5)
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
        page.goto(f"{base}/lab/tree/{name}?token={token}", wait_until="domcontentloaded")
        page.locator(".jp-Notebook").first.wait_for(timeout=60000)
        # JupyterLab may ask which kernel to start; the notebook names python3, so accept it.
        kernel_dialog = page.locator(".jp-Dialog", has_text="Select Kernel")
        idle = page.locator(".jp-StatusBar-TextItem", has_text="Idle")
        deadline = time.monotonic() + 60
        while not idle.count():
            if kernel_dialog.count():
                kernel_dialog.locator("button", has_text="Select").click()
            if time.monotonic() > deadline:
                raise AssertionError("the kernel did not become idle within 60 s")
            page.wait_for_timeout(250)
        page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()

        message = page.locator(".widget-html-content", has_text="simulated people are singled out").first
        deadline = time.monotonic() + 90
        while not message.count():
            if kernel_dialog.count():
                kernel_dialog.locator("button", has_text="Select").click()
            if time.monotonic() > deadline:
                page.screenshot(path=str(jupyter_lab_shot))
                raise AssertionError(f"the widget did not appear within 90 s; screenshot: {jupyter_lab_shot}")
            page.wait_for_timeout(250)
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
