"""The book's lab notebooks: finding them, and keeping their stored form clean.

Notebooks are committed executed. :func:`clean` removes what changes on every run but is
no part of the result (execution timestamps in cell metadata, saved widget state), so that
re-running a notebook changes the file only where its outputs change.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import yaml

from aigov.paths import ROOT

NOTEBOOK_FOLDERS = ("chapters", "casestudies", "appendix")


def toc_files(entry: dict) -> list[str]:
    """The file entries of a parsed ``_toc.yml``, in reading order."""
    files = [entry["file"]] if "file" in entry else []
    for key in ("parts", "chapters", "sections"):
        for child in entry.get(key, []):
            files.extend(toc_files(child))
    return files


def lab_notebooks(root: Path = ROOT) -> list[Path]:
    """Every notebook of the book's chapters and case studies, and those at the top level that
    the table of contents names (the primer): in table-of-contents order, then any not (yet)
    in the table of contents."""
    found: list[Path] = []
    for folder in NOTEBOOK_FOLDERS:
        found.extend(p for p in sorted((root / folder).rglob("*.ipynb")) if ".ipynb_checkpoints" not in p.parts)
    toc_path = root / "_toc.yml"
    toc = toc_files(yaml.safe_load(toc_path.read_text(encoding="utf-8"))) if toc_path.is_file() else []
    found.extend(p for name in toc if "/" not in name and (p := root / f"{name}.ipynb").is_file())
    rank = {(root / f"{name}.ipynb"): i for i, name in enumerate(toc)}
    return sorted(found, key=lambda p: (rank.get(p, len(rank)), str(p)))


# Code cells are folded on the site behind "Show code": readers who do not program see the
# results and the prose that explains each step.
FOLDED = "hide-input"


def clean(notebook: Path) -> bool:
    """Strip run-specific metadata from a notebook file and fold its code cells on the site;
    return whether it changed."""
    nb = nbformat.read(notebook, as_version=4)
    changed = nb.metadata.pop("widgets", None) is not None
    for cell in nb.cells:
        changed |= cell.metadata.pop("execution", None) is not None
        if cell.cell_type == "code" and FOLDED not in cell.metadata.get("tags", []):
            cell.metadata["tags"] = [*cell.metadata.get("tags", []), FOLDED]
            changed = True
    if changed:
        nbformat.write(nb, notebook)
    return changed


def is_clean(notebook: Path) -> bool:
    """Whether the notebook carries no execution timestamps and no saved widget state, and
    every code cell is folded."""
    nb = nbformat.read(notebook, as_version=4)
    return (
        "widgets" not in nb.metadata
        and not any("execution" in cell.metadata for cell in nb.cells)
        and all(FOLDED in cell.metadata.get("tags", []) for cell in nb.cells if cell.cell_type == "code")
    )
