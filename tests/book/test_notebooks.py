"""The book's notebooks (aigov.book.notebooks): stored clean of run-specific metadata, and cleaning."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import yaml
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


def test_clean_folds_code_cells_and_keeps_their_other_tags(tmp_path: Path) -> None:
    tagged = nbformat.v4.new_code_cell("2 + 2")
    tagged.metadata["tags"] = ["raises-exception"]
    path = write_notebook(tmp_path, [nbformat.v4.new_code_cell("1 + 1"), tagged, nbformat.v4.new_markdown_cell("Text")])
    assert not notebooks.is_clean(path)
    assert notebooks.clean(path) is True
    cells = nbformat.read(path, as_version=4).cells
    assert [cell.metadata.get("tags") for cell in cells] == [["hide-input"], ["raises-exception", "hide-input"], None]
    assert notebooks.is_clean(path)


# The book loads no maths renderer (no MathJax: nothing may come from another host), so TeX
# between dollar signs would reach the reader as raw code; formulas are written in words and
# HTML (<sub>, <sup>) instead.
TEX_MATH = re.compile(r"\$\$|\$[^$\s][^$\n]*\\[a-z]+|\$[A-Za-z0-9_^{}()+\-]+\$")


def test_no_page_writes_tex_maths() -> None:
    pages = [ROOT / f"{name}.md" for name in notebooks.toc_files(yaml.safe_load((ROOT / "_toc.yml").read_text()))]
    found = []
    for page in [p for p in pages if p.is_file()] + notebooks.lab_notebooks():
        if page.suffix == ".ipynb":
            text = "\n".join(c.source for c in nbformat.read(page, as_version=4).cells if c.cell_type == "markdown")
        else:
            text = page.read_text(encoding="utf-8")
        found += [f"{page.relative_to(ROOT)}: {m.group(0)}" for m in TEX_MATH.finditer(text)]
    assert found == []


def test_tex_maths_pattern_finds_inline_and_display_formulas() -> None:
    assert TEX_MATH.search("grows by $g$ a year") and TEX_MATH.search("$$g = 1$$")
    assert TEX_MATH.search(r"so $g = \left(V\right)$")
    assert not TEX_MATH.search("costs $5 and then $10 more") and not TEX_MATH.search("US$ 51.75 million")
