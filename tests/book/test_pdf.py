"""The book as one PDF (aigov/book/pdf.py): printed from the built site in headless Chromium,
then read back as a reader's PDF viewer would: text, fonts and images with Poppler's tools
(Debian's poppler-utils; pypdf takes minutes to extract the text of a book), links and
destinations with pypdf."""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader
from support import CHROMIUM, ROOT

from aigov.book import pdf

CJK_FONT = "WenQuanYiZenHei"


def _flat(text: str) -> str:
    """Text without any whitespace: line breaks fall anywhere in a PDF, and between CJK characters."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def site_articles(site: Path) -> dict[str, BeautifulSoup]:
    """The article of each page of the student edition, as the site shows it (parsed once)."""
    student = pdf.Edition(instructor=False)
    return {
        page.name: BeautifulSoup((site / f"{page.name}.html").read_text(encoding="utf-8"), "html.parser").select_one(
            "article.bd-article"
        )
        for page in pdf.book_pages()
        if student.includes(page.name)
    }


@pytest.fixture(scope="module")
def titles(site_articles: dict[str, BeautifulSoup]) -> dict[str, str]:
    """Each page's title as the site shows it, without the heading's link sign."""
    return {
        name: " ".join(article.find("h1").get_text().replace("#", "").split())
        for name, article in site_articles.items()
    }


def _poppler(tool: str, *args: str) -> str:
    if shutil.which(tool) is None:
        pytest.fail(f"{tool} not found: apt-get install poppler-utils")
    return subprocess.run([tool, *args], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def printed_file(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not Path(CHROMIUM).exists():
        pytest.skip("no Chromium found: apt-get install chromium")
    return pdf.render(site, tmp_path_factory.mktemp("pdf") / pdf.PDF_NAME, pdf.Edition(instructor=False))


@pytest.fixture(scope="module")
def printed(printed_file: Path) -> PdfReader:
    return PdfReader(printed_file)


@pytest.fixture(scope="module")
def page_texts(printed_file: Path) -> list[str]:
    """Each page's text, without whitespace; pdftotext ends every page with a form feed."""
    return [_flat(text) for text in _poppler("pdftotext", str(printed_file), "-").split("\f")[:-1]]


pytestmark = pytest.mark.browser


def test_every_page_title_is_in_the_contents_at_the_page_it_starts_on(titles, printed_file, page_texts):
    student = pdf.Edition(instructor=False)
    destinations = pdf.destination_pages(printed_file)
    # -layout keeps each entry on one line with its number (else an indented entry's number moves).
    contents = _flat(_poppler("pdftotext", "-layout", "-f", "2", "-l", "4", str(printed_file), "-"))
    for page in pdf.book_pages():
        if not student.includes(page.name):
            continue
        title = titles[page.name]
        number = destinations[page.anchor]
        assert _flat(title) in page_texts[number - 1][: len(_flat(title)) + 20], (
            f"{title!r} does not open page {number}"
        )
        assert _flat(f"{title}{number}") in contents, f"contents lack {title!r} with page {number}"
    assert contents.startswith("Contents")


def test_the_outline_lists_every_part_and_page_at_the_page_it_starts_on(titles, printed, page_texts):
    student = pdf.Edition(instructor=False)
    pages = [page for page in pdf.book_pages() if student.includes(page.name)]
    flattened = []

    def walk(items: list, level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                flattened.append((level, item.title, printed.get_destination_page_number(item) + 1))

    walk(printed.outline, 0)
    parts = [page.part for page in pages if page.part]
    # The nesting itself is outline_entries's, tested in test_pdf_download.py.
    assert [(level, title) for level, title, _ in flattened] == [
        (level, title) for level, title, _ in pdf.outline_entries(pages, titles)
    ]
    assert [title for level, title, _ in flattened if level == 0] == [titles[pages[0].name], *parts]
    for _, title, number in flattened:
        assert _flat(title) in page_texts[number - 1][: len(_flat(title)) + 20], (
            f"{title!r} does not open page {number}"
        )


def test_page_count_is_sane(printed):
    pages = [page for page in pdf.book_pages() if pdf.Edition(False).includes(page.name)]
    # Each page of the site starts a sheet of its own; the whole site as A4 is a few hundred pages.
    assert len(pages) + 2 < len(printed.pages) < 600


def test_chinese_characters_are_in_an_embedded_truetype_cjk_font(printed_file):
    # pdffonts: name, type (one or more words), encoding, then emb, sub, uni (yes/no), object id.
    rows = _poppler("pdffonts", str(printed_file)).splitlines()[2:]
    fonts = [(row.split()[0], re.search(r"\s(yes|no)\s+(yes|no)\s+(yes|no)\s", row).group(1), row) for row in rows]
    assert not [row for _, _, row in fonts if "Type 3" in row], "Type 3 fonts (glyphs without a font) in the PDF"
    cjk = [(name, embedded) for name, embedded, _ in fonts if CJK_FONT in name]
    assert cjk, f"no {CJK_FONT} font among {[name for name, _, _ in fonts]}"
    assert all(embedded == "yes" for _, embedded in cjk), f"CJK font not embedded: {cjk}"


def test_every_chinese_term_of_the_glossary_reads_back_from_the_pdf(page_texts):
    with open(ROOT / "data" / "glossary.csv", encoding="utf-8") as table:
        terms = [row["chinese"] for row in csv.DictReader(table) if row["chinese"]]
    assert len(terms) > 20
    # A glyph missing from the font would print as a box that maps to no character.
    text = "".join(page_texts)
    missing = [term for term in terms if _flat(term) not in text]
    assert not missing, f"Chinese terms missing from the PDF's text: {missing}"


def test_every_chart_is_drawn_as_vector_graphics(site_articles, printed_file, page_texts):
    charts = []
    for article in site_articles.values():
        for figure in article.select("figure.aigov-chart"):
            spec = json.loads(figure.select_one("script.aigov-chart-spec").string)
            title = spec["title"]["text"] if isinstance(spec["title"], dict) else spec["title"]
            title = " ".join(title) if isinstance(title, list) else title
            charts.append((_flat(title), _flat(figure.figcaption.get_text())[:80]))
    assert len(charts) >= 10
    # Vega draws the title into the SVG, so it is on the page only if the chart was drawn.
    undrawn = [title for title, caption in charts if not any(title in text and caption in text for text in page_texts)]
    assert not undrawn, f"charts not drawn: {undrawn}"
    images = _poppler("pdfimages", "-list", str(printed_file)).splitlines()[2:]
    assert not images, f"raster images in the PDF (charts must be vector graphics): {images[:5]}"


def test_solutions_and_the_instructor_guide_are_left_out(page_texts):
    text = "".join(page_texts)
    assert "Exercise1" in text
    assert "Solutionto" not in text
    assert _flat("Instructor answer key") not in text


def test_internal_links_lead_to_destinations(printed):
    names = set(printed.named_destinations)
    links = 0
    for page in printed.pages:
        for annotation in page.get("/Annots", []):
            annotation = annotation.get_object()
            if annotation.get("/Subtype") == "/Link" and "/Dest" in annotation:
                links += 1
                assert annotation["/Dest"] in names, f"a link to {annotation['/Dest']}, which is not in the PDF"
    assert links > 100
