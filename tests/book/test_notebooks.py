"""The book's notebooks (aigov.book.notebooks): stored clean of run-specific metadata, and cleaning."""

from __future__ import annotations

from pathlib import Path

import nbformat
from support import ROOT, write_notebook

from aigov.book import notebooks


def test_lab_notebooks_are_stored_clean() -> None:
    dirty = [str(p.relative_to(ROOT)) for p in notebooks.lab_notebooks() if not notebooks.is_clean(p)]
    assert dirty == [], "run: python -m aigov clean-notebooks"


def test_clean_strips_timestamps_and_widget_state(tmp_path: Path) -> None:
    cell = nbformat.v4.new_code_cell("1 + 1")
    cell.metadata["execution"] = {"iopub.status.busy": "2026-11-23T13:21:07Z"}
    path = write_notebook(tmp_path, [cell])
    nb = nbformat.read(path, as_version=4)
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    nbformat.write(nb, path)
    assert not notebooks.is_clean(path)
    assert notebooks.clean(path) is True
    assert notebooks.is_clean(path) and notebooks.clean(path) is False
    assert nbformat.read(path, as_version=4).cells[0].source == "1 + 1"
