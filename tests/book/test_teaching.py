"""Student copies without solutions, and the generated instructor answer key."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from support import ROOT, write_notebook

from aigov.book import teaching

ANSWER_KEY = ROOT / "appendix" / "instructor" / "answer-key.md"


def _demo(tmp_path: Path) -> Path:
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    return write_notebook(
        tmp_path,
        [
            md(
                "# Demo\n\n```{exercise}\n:label: demo-one\n\nWhat is 6 x 7?\n```\n\n"
                "```{solution-start} demo-one\n:class: dropdown\n```\nCompute it:"
            ),
            code("answer = 6 * 7\nanswer"),
            md("It is 42.\n```{solution-end}\n```\n\nMore text for everyone."),
            md(
                "```{exercise}\n:label: demo-two\n\nName a colour.\n```\n\n```{solution} demo-two\n:class: dropdown\n\nBlue.\n```\n"
            ),
        ],
    )


def test_exercises_are_read_with_gated_and_block_solutions(tmp_path: Path) -> None:
    found = teaching.exercises(_demo(tmp_path))
    assert [e.label for e in found] == ["demo-one", "demo-two"]
    assert found[0].prompt == "What is 6 x 7?"
    solution = "\n".join(found[0].solution)
    assert "Compute it:" in solution and "answer = 6 * 7" in solution and "It is 42." in solution
    assert "More text for everyone" not in solution
    assert found[1].solution == ["Blue."]


def test_student_copy_drops_solutions_and_keeps_the_rest(tmp_path: Path) -> None:
    _demo(tmp_path / "book")
    (tmp_path / "book" / "_toc.yml").write_text("format: jb-book\nroot: intro\n", encoding="utf-8")
    written = teaching.student_copy(tmp_path / "out", root=tmp_path / "book")
    nb = nbformat.read(written[0], as_version=4)
    nbformat.validate(nb)
    text = "\n".join(c.source for c in nb.cells)
    assert "{exercise}" in text and "What is 6 x 7?" in text and "More text for everyone." in text
    for gone in ("solution", "answer = 6 * 7", "It is 42.", "Blue."):
        assert gone not in text


def test_exercise_without_solution_is_reported(tmp_path: Path) -> None:
    path = write_notebook(tmp_path, [nbformat.v4.new_markdown_cell("```{exercise}\n:label: lonely\n\nWhy?\n```")])
    with pytest.raises(ValueError, match="without a solution: lonely"):
        teaching.exercises(path)


def test_every_lab_exercise_has_a_label_and_a_solution() -> None:
    # Labs and case studies teach through exercises; the primer (check-yourself questions) and
    # the appendix notebooks (the timeline) are reading and reference pages.
    notebooks = [n for n in teaching.lab_notebooks() if n.relative_to(ROOT).parts[0] in {"chapters", "casestudies"}]
    assert len(notebooks) >= 12
    for notebook in notebooks:
        assert len(teaching.exercises(notebook)) >= 2, notebook


def test_student_copies_of_the_book_have_no_solutions(tmp_path: Path) -> None:
    written = teaching.student_copy(tmp_path)
    assert len(written) == len(teaching.lab_notebooks())
    for original, copy in zip(teaching.lab_notebooks(), written):
        text = "\n".join(c.source for c in nbformat.read(copy, as_version=4).cells)
        assert "{solution" not in text
        for exercise in teaching.exercises(original):
            assert f":label: {exercise.label}" in text
            for part in exercise.solution:
                if part.startswith("```python"):
                    assert part.split("\n")[1] not in text, f"{copy}: solution code left in"


def test_student_copy_refuses_to_overwrite_the_book() -> None:
    with pytest.raises(ValueError, match="refusing to write"):
        teaching.student_copy(ROOT / "chapters")


def test_answer_key_page_is_up_to_date() -> None:
    assert ANSWER_KEY.read_text(encoding="utf-8") == teaching.answer_key(), (
        "regenerate it: python -m aigov answer-key appendix/instructor/answer-key.md"
    )


def test_answer_key_names_every_exercise() -> None:
    key = teaching.answer_key()
    for notebook in teaching.lab_notebooks():
        for exercise in teaching.exercises(notebook):
            assert f"{{ref}}`{exercise.label}`" in key


def test_answer_key_makes_relative_links_absolute(tmp_path: Path) -> None:
    notebook = tmp_path / "casestudies" / "case.ipynb"
    text = "See {doc}`../chapters/x/lab` and {doc}`the lab <lab-two>`, {download}`data <../data/t.csv>`, {doc}`/intro`."
    assert teaching._absolute_links(text, notebook, tmp_path) == (
        "See {doc}`/chapters/x/lab` and {doc}`the lab </casestudies/lab-two>`, "
        "{download}`data </data/t.csv>`, {doc}`/intro`."
    )
