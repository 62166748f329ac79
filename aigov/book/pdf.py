"""The whole book as one PDF, from the built site: ``python -m aigov pdf [--instructor]``.

1. :func:`book_html` joins the article of every page of ``_toc.yml``, in reading order, into one
   HTML document: a title page, a table of contents, and each page under its part. Ids get
   the page's name as a prefix (two pages may use the same id), links between pages become
   links within the document, links to pages left out become plain text. The student edition
   leaves out the exercises' solutions and the instructor guide; ``--instructor`` keeps both.
2. :func:`render` opens that document in headless Chromium (Debian's, through Playwright)
   from disk, refusing every request that is not for a local file, lets the book's own chart
   code draw every chart as SVG, and prints it with the print stylesheet ``assets/pdf.css``:
   charts stay vector graphics, Chinese characters come from WenQuanYi Zen Hei (Debian's
   ``fonts-wqy-zenhei``; the stylesheet says why not Noto CJK) and Chromium embeds the
   glyphs used.
3. Chromium cannot number the table of contents itself (no CSS ``target-counter()``), so
   the open document is printed twice: the first print says on which page each entry's
   target lands (its named destination), the numbers are then written into the contents,
   and the second print is the book. The numbers take a box of fixed width, so filling
   them in moves nothing.
4. :func:`add_outline` appends the bookmarks a PDF viewer shows beside the pages (parts,
   pages, labs and cases), pointing to the same named destinations.
"""

from __future__ import annotations

import copy
import html
import io
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import urldefrag, urljoin, urlsplit

import yaml
from bs4 import BeautifulSoup, Tag

from aigov.book.notebooks import toc_files
from aigov.paths import ROOT

PDF_NAME = "ai-governance-in-china.pdf"
INSTRUCTOR_PDF_NAME = "ai-governance-in-china-instructor.pdf"
STYLESHEET = Path(__file__).parent / "assets" / "pdf.css"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Without these, Chromium itself phones home on start-up (updates, sync, safe browsing).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Pages for instructors only: the student edition leaves them out (the answer key is every
# solution, the lesson plans discuss the answers).
INSTRUCTOR_PAGES = "appendix/instructor/"
CHART_TIMEOUT_MS = 120_000
# Untagged: Chromium's tagged PDF (the structure tree a screen reader follows) is 2.5 times
# the size (17 MB, not 7) and takes longer to print; the site is the accessible edition.
# Untagged, Chromium writes no outline, so add_outline writes it.
PRINT_OPTIONS = {"prefer_css_page_size": True, "print_background": True, "tagged": False, "outline": False}
LICENCE = "Text and data: CC BY 4.0. Code: MIT."


@dataclass(frozen=True)
class Page:
    """A page of the book: its name in ``_toc.yml``, the part it opens (if it does), its depth."""

    name: str
    part: str | None
    depth: int

    @property
    def anchor(self) -> str:
        return "page-" + self.name.replace("/", "-")


@dataclass(frozen=True)
class Edition:
    instructor: bool

    @property
    def label(self) -> str:
        return "Instructor edition, with the solutions" if self.instructor else "Student edition"

    def includes(self, page: str) -> bool:
        return self.instructor or not page.startswith(INSTRUCTOR_PAGES)


def book_pages(toc_file: Path = ROOT / "_toc.yml") -> list[Page]:
    """Every page of ``_toc.yml`` in reading order, each with the part caption it opens."""
    toc = yaml.safe_load(toc_file.read_text(encoding="utf-8"))
    pages = [Page(toc["root"], None, 0)]
    for part in toc.get("parts", []):
        caption = part.get("caption")
        for chapter in part.get("chapters", []):
            for depth, name in enumerate(toc_files(chapter)):
                pages.append(Page(name, caption, min(depth, 1)))
                caption = None
    return pages


def _article(site: Path, page: Page) -> Tag:
    path = site / f"{page.name}.html"
    if not path.is_file():
        raise ValueError(f"{path}: page missing from the built site (build the book first: jupyter-book build .)")
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article.bd-article")
    if article is None:
        raise ValueError(f"{path}: no <article class='bd-article'>; was it built with Jupyter Book's theme?")
    heading = article.find("h1")
    if heading is None:
        raise ValueError(f"{path}: the page has no <h1> title")
    return article


def _title(article: Tag) -> str:
    heading = copy.copy(article.find("h1"))
    for link in heading.select("a.headerlink"):
        link.decompose()
    return " ".join(heading.get_text().split())


def _stylesheets(site: Path, articles: dict[str, Tag]) -> list[str]:
    """The site's stylesheets, as file URLs, in the order the pages link them (union over pages)."""
    seen: list[str] = []
    for name, article in articles.items():
        page_url = (site / f"{name}.html").as_uri()
        for link in article.find_parent("html").select('link[rel~="stylesheet"]'):
            url = urljoin(page_url, link["href"]).split("?")[0]
            if url not in seen:
                seen.append(url)
    return seen


def chart_bundle(site: Path) -> Path:
    """The chart bundle the built pages load (the loader names it), as a file of the site."""
    for loader in sorted((site / "_static" / "aigov").glob("chart-loader-*.js")):
        match = re.search(r'var bundle = "([^"]+)"', loader.read_text(encoding="utf-8"))
        if match and (site / "_static" / "aigov" / match[1]).is_file():
            return site / "_static" / "aigov" / match[1]
    raise ValueError(f"{site / '_static' / 'aigov'}: no chart loader naming an existing chart bundle")


class _Links:
    """Rewrites one page's ids and links for the joined document."""

    def __init__(self, site: Path, page: Page, included: dict[str, Page], ids: dict[str, set[str]]):
        self.site = site.resolve()
        self.page = page
        self.included = included
        self.ids = ids

    def target(self, href: str) -> str | None:
        """The link's target in the joined document, the URL itself if external, None if left out."""
        scheme = urlsplit(href).scheme
        if scheme in {"http", "https", "mailto"}:
            return href
        url, fragment = urldefrag(urljoin((self.site / f"{self.page.name}.html").as_uri(), href))
        path = Path(urlsplit(url).path)
        try:
            relative = PurePosixPath(path.relative_to(self.site).as_posix())
        except ValueError:
            return None
        if relative.suffix != ".html" or str(relative.with_suffix("")) not in self.included:
            return None
        target = self.included[str(relative.with_suffix(""))]
        if fragment and fragment in self.ids[target.name]:
            return f"#{prefixed(target, fragment)}"
        return f"#{target.anchor}"


def prefixed(page: Page, element_id: str) -> str:
    return f"{page.anchor}--{element_id}"


def _prepare(article: Tag, page: Page, links: _Links, edition: Edition) -> None:
    for element in article.select("a.headerlink, script:not(.aigov-chart-spec), noscript, button"):
        element.decompose()
    if not edition.instructor:
        for solution in article.select("div.solution"):
            solution.decompose()
    for tag in article.find_all(id=True):
        tag["id"] = prefixed(page, tag["id"])
    for link in article.find_all("a", href=True):
        target = links.target(link["href"])
        if target is None:
            link.unwrap()
        else:
            link["href"] = target
    for image in article.find_all("img", src=True):
        image["src"] = urljoin((links.site / f"{page.name}.html").as_uri(), image["src"])
    article.name = "section"
    article["class"] = ["pdf-page", f"pdf-depth-{page.depth}"]
    article["id"] = page.anchor


def book_html(site: Path, edition: Edition) -> tuple[str, dict[str, str]]:
    """The whole book as one HTML document, for printing, with the contents' page numbers
    empty; and the title of each page (by name)."""
    site = Path(site).resolve()
    pages = [page for page in book_pages() if edition.includes(page.name)]
    included = {page.name: page for page in pages}
    articles = {page.name: _article(site, page) for page in pages}
    ids = {name: {tag["id"] for tag in article.find_all(id=True)} for name, article in articles.items()}
    titles = {name: _title(article) for name, article in articles.items()}
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    styles = [*_stylesheets(site, articles), STYLESHEET.resolve().as_uri()]

    body: list[str] = [_title_page(config, edition), _contents(pages, titles)]
    for page in pages:
        if page.part:
            body.append(
                f'<section class="pdf-part" id="{part_anchor(page.part)}"><h1>{html.escape(page.part)}</h1></section>'
            )
        article = articles[page.name]
        _prepare(article, page, _Links(site, page, included, ids), edition)
        body.append(str(article))
    head = "\n".join(f'<link rel="stylesheet" href="{url}">' for url in styles)
    title = html.escape(config["title"])
    document = (
        f'<!DOCTYPE html>\n<html lang="en" data-theme="light"><head><meta charset="utf-8">'
        f"<title>{title}</title>\n{head}\n"
        f'<script defer src="{chart_bundle(site).as_uri()}"></script>\n</head>\n'
        f'<body class="pdf-book">\n{"".join(body)}\n</body></html>\n'
    )
    return document, titles


def contents_numbers(pages: list[Page], destinations: dict[str, int]) -> dict[str, int]:
    """The page number of each contents entry (by anchor), from the printed book's destinations."""
    missing = [page.anchor for page in pages if page.anchor not in destinations]
    if missing:
        raise ValueError(f"the printed book has no destination for: {', '.join(missing)}")
    return {page.anchor: destinations[page.anchor] for page in pages}


def part_anchor(caption: str) -> str:
    return "part-" + re.sub(r"[^a-z0-9]+", "-", caption.lower()).strip("-")


def _title_page(config: dict, edition: Edition) -> str:
    return (
        '<section class="pdf-title-page">'
        f'<h1 class="pdf-title">{html.escape(config["title"])}</h1>'
        f'<p class="pdf-subtitle">An open, executable textbook</p>'
        f'<p class="pdf-edition">{html.escape(edition.label)}</p>'
        f'<p class="pdf-author">{html.escape(config["author"])}</p>'
        f'<p class="pdf-licence">© {html.escape(str(config["copyright"]))}. {LICENCE}</p>'
        "</section>"
    )


def _contents(pages: list[Page], titles: dict[str, str]) -> str:
    rows = []
    for page in pages:
        if page.part:
            # The link also makes Chromium name the part's sheet, for the outline.
            rows.append(
                f'<li class="pdf-toc-part"><a href="#{part_anchor(page.part)}">{html.escape(page.part)}</a></li>'
            )
        rows.append(
            f'<li class="pdf-toc-depth-{page.depth}"><a href="#{page.anchor}">'
            f'<span class="pdf-toc-title">{html.escape(titles[page.name])}</span>'
            f'<span class="pdf-toc-page" data-target="{page.anchor}"></span></a></li>'
        )
    return f'<nav class="pdf-contents" id="contents"><h1>Contents</h1><ol>{"".join(rows)}</ol></nav>'


def default_output(site: Path, edition: Edition) -> Path:
    """``_build/pdf/NAME`` beside the site's ``_build/html``, where the site build looks for it."""
    return Path(site).resolve().parent / "pdf" / (INSTRUCTOR_PDF_NAME if edition.instructor else PDF_NAME)


def destination_pages(pdf: Path) -> dict[str, int]:
    """Each named destination of a PDF and the page (counted from 1) it points to."""
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    pages = {}
    for name, destination in reader.named_destinations.items():
        number = reader.get_destination_page_number(destination)
        if number is not None and number >= 0:
            pages[str(name).lstrip("/")] = number + 1
    return pages


def outline_entries(pages: list[Page], titles: dict[str, str]) -> list[tuple[int, str, str]]:
    """The book's outline (a PDF viewer's bookmarks) as (level, title, anchor), in reading order:
    parts, their pages, and the labs and cases under a chapter."""
    entries = []
    in_part = False
    for page in pages:
        if page.part:
            entries.append((0, page.part, part_anchor(page.part)))
            in_part = True
        entries.append((int(in_part) + page.depth, titles[page.name], page.anchor))
    return entries


def render(site: Path, out: Path, edition: Edition) -> Path:
    """Print the book to ``out`` (see the module's docstring); returns ``out``."""
    site = Path(site).resolve()
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    pages = [page for page in book_pages() if edition.includes(page.name)]
    with tempfile.TemporaryDirectory(prefix="aigov-pdf-") as work:
        document = Path(work) / "book.html"
        draft = Path(work) / "draft.pdf"
        html_text, titles = book_html(site, edition)
        document.write_text(html_text, encoding="utf-8")
        with _opened(document) as page:
            page.pdf(path=str(draft), **PRINT_OPTIONS)
            numbers = contents_numbers(pages, destination_pages(draft))
            page.eval_on_selector_all(
                ".pdf-toc-page",
                "(spans, numbers) => spans.forEach(span => { span.textContent = numbers[span.dataset.target]; })",
                numbers,
            )
            page.pdf(path=str(out), **PRINT_OPTIONS)
    add_outline(out, outline_entries(pages, titles))
    return out


@contextmanager
def _opened(document: Path) -> Iterator:
    """The document open in headless Chromium, print media, every chart drawn as SVG."""
    if not Path(CHROMIUM).exists():
        raise ValueError(f"no Chromium at {CHROMIUM}: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    refused: list[str] = []

    def local_only(route) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.route("**/*", local_only)
            page.emulate_media(media="print")
            page.goto(document.as_uri(), wait_until="load")
            page.wait_for_function(
                "() => !document.querySelector('figure.aigov-chart:not(.aigov-chart-ready):not(.aigov-chart-failed)')",
                timeout=CHART_TIMEOUT_MS,
                polling=250,
            )
            failed = page.eval_on_selector_all(
                "figure.aigov-chart", "figures => figures.filter(f => !f.querySelector('svg')).map(f => f.id)"
            )
            if failed:
                raise ValueError(f"chart(s) not drawn as SVG: {', '.join(failed)}")
            if refused:
                raise ValueError(f"the book asked for files that are not local: {', '.join(refused)}")
            yield page
        finally:
            browser.close()


def add_outline(pdf: Path, entries: list[tuple[int, str, str]]) -> None:
    """Append an outline to a PDF Chromium printed: ``entries`` are (level, title, named
    destination) in reading order, a level at most one deeper than the entry before.

    An incremental update (PDF 1.7, 7.5.6): the outline's objects and a new catalog pointing to
    it are added after the printed file, which is not rewritten (pypdf takes half a minute
    to copy a book of 15,000 links).
    """
    from pypdf import PdfReader
    from pypdf.generic import (
        DictionaryObject,
        IndirectObject,
        NameObject,
        NumberObject,
        TextStringObject,
    )

    data = pdf.read_bytes()
    reader = PdfReader(pdf)
    if "/Prev" in reader.trailer or not data.rstrip().endswith(b"%%EOF"):
        raise ValueError(f"{pdf}: not a PDF as Chromium prints it (one classic cross-reference table)")
    previous_xref = int(data[data.rindex(b"startxref") :].split()[1])
    named = reader.trailer["/Root"].get("/Dests", {})
    missing = [anchor for _, _, anchor in entries if f"/{anchor}" not in named]
    if missing:
        raise ValueError(f"{pdf}: no destination named: {', '.join(missing)}")
    size = int(reader.trailer["/Size"])
    root_ref = reader.trailer.raw_get("/Root")

    def ref(index: int) -> IndirectObject:
        return IndirectObject(size + index, 0, reader)

    outline = DictionaryObject({NameObject("/Type"): NameObject("/Outlines")})
    items = [
        DictionaryObject({NameObject("/Title"): TextStringObject(title), NameObject("/Dest"): NameObject("/" + anchor)})
        for _, title, anchor in entries
    ]
    parents: list[tuple[int, DictionaryObject, IndirectObject]] = [(-1, outline, ref(0))]
    last_child: dict[int, int] = {}
    for index, (level, _, _) in enumerate(entries):
        while parents[-1][0] >= level:
            parents.pop()
        if level > parents[-1][0] + 1:
            raise ValueError(f"outline entry {entries[index][1]!r} is more than one level below the one before")
        _, parent, parent_ref = parents[-1]
        item, item_ref = items[index], ref(index + 1)
        item[NameObject("/Parent")] = parent_ref
        if id(parent) in last_child:
            sibling = last_child[id(parent)]
            items[sibling][NameObject("/Next")] = item_ref
            item[NameObject("/Prev")] = ref(sibling + 1)
        else:
            parent[NameObject("/First")] = item_ref
        parent[NameObject("/Last")] = item_ref
        last_child[id(parent)] = index
        # Every entry is open: /Count is the number of entries under each ancestor, at any depth.
        for _, ancestor, _ in parents:
            ancestor[NameObject("/Count")] = NumberObject(int(ancestor.get("/Count", 0)) + 1)
        parents.append((level, item, item_ref))
    catalog = DictionaryObject(reader.trailer["/Root"])
    catalog[NameObject("/Outlines")] = ref(0)
    catalog[NameObject("/PageMode")] = NameObject("/UseOutlines")

    # Offsets count from the file's start; the update begins on a line of its own.
    update = io.BytesIO(b"" if data.endswith(b"\n") else b"\n")
    update.seek(0, io.SEEK_END)
    offsets: dict[int, int] = {}
    objects = [(size, outline), *((size + 1 + i, item) for i, item in enumerate(items)), (root_ref.idnum, catalog)]
    for number, obj in objects:
        offsets[number] = len(data) + update.tell()
        update.write(f"{number} 0 obj\n".encode())
        obj.write_to_stream(update)
        update.write(b"\nendobj\n")
    xref = len(data) + update.tell()
    # Object 0, the head of the free list, as in every cross-reference section readers expect.
    update.write(b"xref\n0 1\n0000000000 65535 f \n")
    for number in sorted(offsets):
        update.write(f"{number} 1\n{offsets[number]:010d} 00000 n \n".encode())
    trailer = DictionaryObject(
        {
            NameObject("/Size"): NumberObject(size + 1 + len(items)),
            NameObject("/Root"): root_ref,
            NameObject("/Prev"): NumberObject(previous_xref),
        }
    )
    if "/Info" in reader.trailer:
        trailer[NameObject("/Info")] = reader.trailer.raw_get("/Info")
    update.write(b"trailer\n")
    trailer.write_to_stream(update)
    update.write(f"\nstartxref\n{xref}\n%%EOF\n".encode())
    with open(pdf, "ab") as file:
        file.write(update.getvalue())
