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
   the document is printed twice: the first print says on which page each entry's target
   lands (its named destination), the second prints the numbers. The numbers take a box of
   fixed width, so filling them in moves nothing.
"""

from __future__ import annotations

import copy
import html
import re
import shutil
import tempfile
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


def book_html(site: Path, edition: Edition) -> str:
    """The whole book as one HTML document, for printing, with the contents' page numbers empty."""
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
                f'<section class="pdf-part" id="part-{_slug(page.part)}"><h1>{html.escape(page.part)}</h1></section>'
            )
        article = articles[page.name]
        _prepare(article, page, _Links(site, page, included, ids), edition)
        body.append(str(article))
    head = "\n".join(f'<link rel="stylesheet" href="{url}">' for url in styles)
    title = html.escape(config["title"])
    return (
        f'<!DOCTYPE html>\n<html lang="en" data-theme="light"><head><meta charset="utf-8">'
        f"<title>{title}</title>\n{head}\n"
        f'<script defer src="{chart_bundle(site).as_uri()}"></script>\n</head>\n'
        f'<body class="pdf-book">\n{"".join(body)}\n</body></html>\n'
    )


_PAGE_NUMBER = re.compile(r'<span class="pdf-toc-page" data-target="(?P<anchor>[^"]+)"></span>')


def with_page_numbers(document: str, numbers: dict[str, int]) -> str:
    """The document with each contents entry's page number filled in (``numbers`` by anchor)."""
    missing = [match["anchor"] for match in _PAGE_NUMBER.finditer(document) if match["anchor"] not in numbers]
    if missing:
        raise ValueError(f"the printed book has no destination for: {', '.join(missing)}")
    return _PAGE_NUMBER.sub(
        lambda match: f'<span class="pdf-toc-page" data-target="{match["anchor"]}">{numbers[match["anchor"]]}</span>',
        document,
    )


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


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
            rows.append(f'<li class="pdf-toc-part">{html.escape(page.part)}</li>')
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


def render(site: Path, out: Path, edition: Edition) -> Path:
    """Print the book to ``out`` (see the module's docstring); returns ``out``."""
    site = Path(site).resolve()
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="aigov-pdf-") as work:
        document = Path(work) / "book.html"
        first = Path(work) / "first.pdf"
        html_text = book_html(site, edition)
        document.write_text(html_text, encoding="utf-8")
        _print(document, first)
        document.write_text(with_page_numbers(html_text, destination_pages(first)), encoding="utf-8")
        _print(document, out)
    return out


def _print(document: Path, out: Path) -> None:
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
            page.pdf(path=str(out), prefer_css_page_size=True, print_background=True, outline=True, tagged=True)
        finally:
            browser.close()
