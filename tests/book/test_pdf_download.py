"""The parts of the PDF's making that need no browser: the download menu's entry
(aigov/book/pdf_download.py), the reading order, the contents' page numbers and the outline
(aigov/book/pdf.py)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NullObject

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


def test_contents_numbers_come_from_the_destinations_and_a_missing_one_is_an_error():
    pages = [pdf.Page("a", None, 0), pdf.Page("b/c", "Part", 1)]
    assert pdf.contents_numbers(pages, {"page-a": 3, "page-b-c": 12, "other": 1}) == {"page-a": 3, "page-b-c": 12}
    with pytest.raises(ValueError, match="no destination for: page-b-c"):
        pdf.contents_numbers(pages, {"page-a": 3})


def test_the_outline_nests_pages_under_their_parts():
    pages = [pdf.Page("intro", None, 0), pdf.Page("ch", "Chapters", 0), pdf.Page("ch/lab", None, 1)]
    titles = {"intro": "Intro", "ch": "A chapter", "ch/lab": "Its lab"}
    assert pdf.outline_entries(pages, titles) == [
        (0, "Intro", "page-intro"),
        (0, "Chapters", "part-chapters"),
        (1, "A chapter", "page-ch"),
        (2, "Its lab", "page-ch-lab"),
    ]


def _printed(path: Path, destinations: list[str]) -> Path:
    """A PDF of one blank page per destination, named as Chromium names them: in the
    catalog's /Dests dictionary (pypdf's own named destinations go in a name tree)."""
    writer = PdfWriter()
    named = DictionaryObject()
    for name in destinations:
        page = writer.add_blank_page(width=200, height=200)
        named[NameObject(f"/{name}")] = ArrayObject([page.indirect_reference, NameObject("/XYZ"), *[NullObject()] * 3])
    writer.root_object[NameObject("/Dests")] = writer._add_object(named)
    writer.write(path)
    return path


def _outline(reader: PdfReader, items: list) -> list:
    """The outline as nested [title, page, [children]] (pypdf lists children after their parent)."""
    tree = []
    for item in items:
        if isinstance(item, list):
            tree[-1][2] = _outline(reader, item)
        else:
            tree.append([item.title, reader.get_destination_page_number(item) + 1, []])
    return tree


def test_the_outline_is_appended_and_leads_to_the_named_pages(tmp_path):
    printed = _printed(tmp_path / "book.pdf", ["page-intro", "part-chapters", "page-ch", "page-ch-lab"])
    before = printed.read_bytes()
    entries = [(0, "Intro", "page-intro"), (0, "Chapters", "part-chapters"), (1, "A chapter 章", "page-ch")]
    entries.append((2, "Its lab", "page-ch-lab"))
    pdf.add_outline(printed, entries)
    assert printed.read_bytes().startswith(before)  # an update appended: the print is untouched
    reader = PdfReader(printed, strict=True)
    assert reader.page_mode == "/UseOutlines"
    assert _outline(reader, reader.outline) == [
        ["Intro", 1, []],
        ["Chapters", 2, [["A chapter 章", 3, [["Its lab", 4, []]]]]],
    ]
    outlines = reader.root_object["/Outlines"]
    assert outlines["/Count"] == 4  # all open: every entry counts, at any depth
    assert outlines["/Last"]["/Count"] == 2  # "Chapters": the chapter and its lab
    assert len(reader.pages) == 4


def test_an_outline_entry_two_levels_below_the_one_before_is_an_error(tmp_path):
    printed = _printed(tmp_path / "book.pdf", ["page-a", "page-b"])
    with pytest.raises(ValueError, match="'B' is more than one level below"):
        pdf.add_outline(printed, [(0, "A", "page-a"), (2, "B", "page-b")])


def test_an_outline_entry_to_no_destination_is_an_error(tmp_path):
    printed = _printed(tmp_path / "book.pdf", ["page-a"])
    with pytest.raises(ValueError, match="no destination named: page-b"):
        pdf.add_outline(printed, [(0, "A", "page-a"), (0, "B", "page-b")])
