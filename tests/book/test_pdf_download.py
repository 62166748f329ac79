"""The parts of the PDF's making that need no browser: the download menu's entry
(aigov/book/pdf_download.py), the reading order and the contents' page numbers (aigov/book/pdf.py)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from aigov.book import pdf
from aigov.book.pdf_download import add_pdf_button, book_pdf, outdated_by_pdf


def test_the_pdf_is_looked_for_beside_the_html_build():
    site = Path("/somewhere/_build/html")
    assert book_pdf(site) == Path("/somewhere/_build/pdf/ai-governance-in-china.pdf")
    assert pdf.default_output(site, pdf.Edition(instructor=False)) == book_pdf(site)


def test_the_download_menu_gets_the_book():
    buttons = [{"label": "fullscreen-button"}, {"label": "download-buttons", "buttons": [{"label": "source"}]}]
    assert add_pdf_button(buttons, "../ai-governance-in-china.pdf")
    added = buttons[1]["buttons"][-1]
    assert added["url"] == "../ai-governance-in-china.pdf"
    assert added["type"] == "link"
    assert len(buttons[1]["buttons"]) == 2


def test_a_page_without_a_download_menu_is_left_alone():
    buttons = [{"label": "fullscreen-button"}]
    assert not add_pdf_button(buttons, "x.pdf")
    assert buttons == [{"label": "fullscreen-button"}]


def test_every_page_is_rewritten_only_when_the_pdf_appears_or_goes():
    env = SimpleNamespace(found_docs={"b", "a"})
    assert outdated_by_pdf(env, False) == ["a", "b"]  # first build: nothing recorded yet
    assert outdated_by_pdf(env, False) == []
    assert outdated_by_pdf(env, True) == ["a", "b"]
    assert outdated_by_pdf(env, True) == []


def test_pages_come_in_the_order_of_the_table_of_contents_with_their_parts():
    pages = pdf.book_pages()
    assert pages[0] == pdf.Page("intro", None, 0)
    assert pages[1] == pdf.Page("primer", "Start here", 0)
    strategy = [page.name for page in pages].index("chapters/strategy/index")
    assert pages[strategy].part == "Chapters"
    assert pages[strategy + 1] == pdf.Page("chapters/strategy/lab-policy-timeline", None, 1)
    assert [page.part for page in pages if page.part] == ["Start here", "Chapters", "Case studies", "Appendix"]


def test_the_student_edition_leaves_out_the_instructor_guide():
    student, instructor = pdf.Edition(instructor=False), pdf.Edition(instructor=True)
    assert not student.includes("appendix/instructor/answer-key")
    assert student.includes("appendix/bibliography")
    assert instructor.includes("appendix/instructor/answer-key")


def test_contents_numbers_are_filled_in_and_a_missing_one_is_an_error():
    document = '<li><span class="pdf-toc-page" data-target="page-a"></span></li>'
    assert '">12</span>' in pdf.with_page_numbers(document, {"page-a": 12})
    with pytest.raises(ValueError, match="no destination for: page-a"):
        pdf.with_page_numbers(document, {"page-b": 3})
