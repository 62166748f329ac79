"""Teaching material derived from the lab notebooks: student copies and the answer key.

Exercises in the notebooks are MyST directives from sphinx-exercise:

- ```` ```{exercise} ```` with a ``:label:``, inside one markdown cell;
- a solution either as one ```` ```{solution} LABEL ```` block inside a markdown cell, or
  "gated" between ```` ```{solution-start} LABEL ```` and ```` ```{solution-end} ````,
  which may span several cells (so that a solution can contain code and its output).

:func:`student_copy` removes every solution and keeps everything else; :func:`answer_key`
collects every exercise with its solution into one Markdown page for instructors.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from aigov.book.notebooks import NOTEBOOK_FOLDERS, lab_notebooks
from aigov.paths import ROOT

_EXERCISE = re.compile(r"```\{exercise\}[^\n]*\n(?P<body>.*?)\n```", re.S)
_LABEL = re.compile(r"^:label:\s*(\S+)\s*$", re.M)
_OPTION = re.compile(r"^:[a-z-]+:.*$\n?", re.M)
_SOLUTION_BLOCK = re.compile(r"```\{solution\}\s*(?P<label>\S+)[^\n]*\n(?P<body>.*?)\n```\n?", re.S)
_GATE_START = re.compile(r"```\{solution-start\}\s*(?P<label>\S+)[^\n]*\n(?::[a-z-]+:.*\n)*```\n?", re.S)
_GATE_END = re.compile(r"```\{solution-end\}\s*\n```\n?")


@dataclass
class Exercise:
    """One exercise: where it is, what it asks, and its solution as Markdown."""

    label: str
    notebook: Path
    prompt: str
    solution: list[str] = field(default_factory=list)


def _text(cell: nbformat.NotebookNode) -> str:
    return cell.source if isinstance(cell.source, str) else "".join(cell.source)


def _outputs_as_markdown(cell: nbformat.NotebookNode) -> list[str]:
    shown = []
    for output in cell.get("outputs", []):
        text = output.get("text") or output.get("data", {}).get("text/plain")
        if text:
            shown.append("```text\n" + ("".join(text) if isinstance(text, list) else text).rstrip() + "\n```")
    return shown


def exercises(notebook: Path) -> list[Exercise]:
    """The exercises of one notebook with their solutions, in order."""
    nb = nbformat.read(notebook, as_version=4)
    found: dict[str, Exercise] = {}
    gated: Exercise | None = None
    for cell in nb.cells:
        text = _text(cell)
        if gated is not None:
            if cell.cell_type == "code":
                gated.solution.append("```python\n" + text.rstrip() + "\n```")
                gated.solution.extend(_outputs_as_markdown(cell))
                continue
            end = _GATE_END.search(text)
            gated.solution.append((text[: end.start()] if end else text).strip())
            if not end:
                continue
            text = text[end.end() :]
            gated = None
        for match in _EXERCISE.finditer(text):
            label = _LABEL.search(match["body"])
            if label is None:
                raise ValueError(f"{notebook}: an exercise has no :label:")
            found[label[1]] = Exercise(label[1], notebook, _OPTION.sub("", match["body"]).strip())
        for match in _SOLUTION_BLOCK.finditer(text):
            if match["label"] not in found:
                raise ValueError(f"{notebook}: solution for unknown exercise '{match['label']}'")
            found[match["label"]].solution.append(_OPTION.sub("", match["body"]).strip())
        start = _GATE_START.search(text)
        if start:
            if start["label"] not in found:
                raise ValueError(f"{notebook}: solution for unknown exercise '{start['label']}'")
            gated = found[start["label"]]
            rest = text[start.end() :]
            end = _GATE_END.search(rest)
            gated.solution.append((rest[: end.start()] if end else rest).strip())
            if end:
                gated = None
    if gated is not None:
        raise ValueError(f"{notebook}: solution of '{gated.label}' has no solution-end")
    missing = [label for label, exercise in found.items() if not any(s.strip() for s in exercise.solution)]
    if missing:
        raise ValueError(f"{notebook}: exercise(s) without a solution: {', '.join(missing)}")
    return list(found.values())


def _strip_solutions(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    kept = []
    inside = False
    for cell in nb.cells:
        text = _text(cell)
        if inside:
            end = _GATE_END.search(text) if cell.cell_type == "markdown" else None
            if not end:
                continue
            text = text[end.end() :]
            inside = False
            if not text.strip():
                continue
        if cell.cell_type == "markdown":
            text = _SOLUTION_BLOCK.sub("", text)
            start = _GATE_START.search(text)
            if start:
                rest = text[start.end() :]
                end = _GATE_END.search(rest)
                if end:
                    text = text[: start.start()] + rest[end.end() :]
                else:
                    text = text[: start.start()]
                    inside = True
            if not text.strip():
                continue
            cell.source = text.rstrip() + "\n"
        kept.append(cell)
    nb.cells = kept
    return nb


def student_copy(out_dir: Path | str, root: Path = ROOT) -> list[Path]:
    """Write every lab notebook to ``out_dir`` (same relative paths) without its solutions."""
    out_dir = Path(out_dir)
    if (
        out_dir.resolve() == root.resolve()
        or root.resolve() in out_dir.resolve().parents
        and (out_dir.resolve().relative_to(root.resolve()).parts[0] in NOTEBOOK_FOLDERS)
    ):
        raise ValueError(f"refusing to write student copies over the book's own notebooks: {out_dir}")
    written = []
    for notebook in lab_notebooks(root):
        nb = _strip_solutions(nbformat.read(notebook, as_version=4))
        target = out_dir / notebook.relative_to(root)
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, target)
        written.append(target)
    return written


def _title(notebook: Path) -> str:
    for cell in nbformat.read(notebook, as_version=4).cells:
        heading = re.search(r"^# (.+)$", _text(cell), re.M) if cell.cell_type == "markdown" else None
        if heading:
            return heading[1].strip()
    return notebook.stem


# {doc}`target` or {doc}`text <target>`, {download}`text <path>`: paths relative to the notebook.
_RELATIVE_LINK = re.compile(r"\{(doc|download)\}`([^`<]*<)?([^`<>]+)(>)?`")


def _absolute_links(text: str, notebook: Path, root: Path) -> str:
    """Rewrite a notebook's relative {doc} and {download} links so they work on another page."""
    folder = notebook.parent.relative_to(root).as_posix()

    def rewrite(match: re.Match) -> str:
        role, label, target, close = match[1], match[2] or "", match[3], match[4] or ""
        if not target.startswith("/"):
            target = "/" + posixpath.normpath(posixpath.join(folder, target))
        return f"{{{role}}}`{label}{target}{close}`"

    return _RELATIVE_LINK.sub(rewrite, text)


def answer_key(root: Path = ROOT) -> str:
    """The instructor answer key: every exercise of the book with its solution, as MyST Markdown."""
    lines = [
        "# Instructor answer key",
        "",
        "Every exercise of the book's labs with its solution, collected from the notebooks. "
        "This page is generated by `python -m aigov answer-key appendix/instructor/answer-key.md`; "
        "edit the notebooks, not this page. The exercise numbers and links lead back to each "
        "exercise in its lab.",
        "",
    ]
    for notebook in lab_notebooks(root):
        found = exercises(notebook)
        if not found:
            continue
        doc = "/" + notebook.relative_to(root).with_suffix("").as_posix()
        lines += [f"## {_title(notebook)}", "", f"From the lab {{doc}}`{doc}`.", ""]
        # Numbered per page from 1, as on the site (aigov.book.reader_pages).
        for number, exercise in enumerate(found, start=1):
            lines += [f"### Exercise {number}", "", f"In the lab: {{ref}}`{exercise.label}`.", "", "**Exercise.**", ""]
            solution = "\n\n".join(part for part in exercise.solution if part.strip())
            lines += [_absolute_links(exercise.prompt, notebook, root), "", "**Solution.**", ""]
            lines += [_absolute_links(solution, notebook, root), ""]
    lines += ["## References", "", "```{footbibliography}", "```", ""]
    return "\n".join(lines)
