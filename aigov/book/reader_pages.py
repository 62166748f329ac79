"""Sphinx extension: pages that teach without a running notebook.

- **Tables.** The tables that notebooks display (pandas ``dataframe`` tables) lose their
  row-number column (0, 1, 2 …), which means nothing to a reader; their headings are written
  in words (``duty_category`` → "duty category"); citation keys in their cells become short
  author–year citations linked to the bibliography entry (the same labels and links as the
  in-page compliance checker, from :func:`aigov.bibliography.citation_link`); and each table
  sits in a frame that scrolls sideways on a narrow screen instead of widening the page.
- **Exercises** are numbered per page, from 1: sphinx-exercise numbers them across the whole
  book, so the last case study started at "Exercise 38". The answer key follows
  (:func:`aigov.book.teaching.answer_key`).
- **Run it live.** A cell whose output the static site drops (a live form, tagged
  ``remove-output``) gets a note saying what running the notebook adds and how to do it,
  with the repository's address when the build has one (:func:`publishing.repository_url`).
- **Chapters** show their reading time under the title and end with an "Apply it" box that
  links their labs (the pages under them in the table of contents) and the case studies that
  the case-study index pairs with them.
- **Glossary.** The first use of a glossary term on a page links to its glossary entry.
"""

from __future__ import annotations

import html
import math
import posixpath
import re
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx

from aigov import __version__, data
from aigov.bibliography import citation_keys, citation_link, short_citation
from aigov.book.appendix import term_anchor
from aigov.book.publishing import repository_url

BIBLIOGRAPHY_PAGE = "appendix/bibliography"
GLOSSARY_PAGE = "appendix/glossary"
CASE_INDEX = "casestudies/index"
# Pages where a glossary link would point at itself or break a generated list.
NO_GLOSSARY_LINKS = {GLOSSARY_PAGE, BIBLIOGRAPHY_PAGE, "appendix/instructor/answer-key", "genindex", "search"}
WORDS_PER_MINUTE = 200
LIVE_FORM_TAG = "tag_remove-output"


# --- tables ----------------------------------------------------------------------------

_DATAFRAME = re.compile(r'<table[^>]*class="[^"]*\bdataframe\b[^"]*"[^>]*>.*?</table>', re.S)
_HEADER_ROWS = re.compile(r"<thead>(.*?)</thead>", re.S)
_BODY_ROWS = re.compile(r"<tbody>(.*?)</tbody>", re.S)
_ROW = re.compile(r"<tr[^>]*>.*?</tr>", re.S)
_FIRST_CELL = re.compile(r"(<tr[^>]*>\s*)<th[^>]*>(?P<text>[^<]*)</th>\s*", re.S)
_HEADING = re.compile(r"(<th[^>]*>)([a-z0-9]+(?:_[a-z0-9]+)+)(</th>)")
_CELL = re.compile(r"(<td[^>]*>)(.*?)(</td>)", re.S)
_KEY_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9_:-]*")


def has_row_numbers(table: str) -> bool:
    """Whether a pandas table starts each row with a bare row number under an empty corner cell."""
    head, body = _HEADER_ROWS.search(table), _BODY_ROWS.search(table)
    if head is None or body is None or len(_ROW.findall(head[1])) != 1:
        return False  # a named index adds a second header row: it is a column a reader needs
    corner = _FIRST_CELL.match(_ROW.findall(head[1])[0])
    rows = _ROW.findall(body[1])
    if corner is None or corner["text"].strip() or not rows:
        return False
    firsts = [_FIRST_CELL.match(row) for row in rows]
    return all(first is not None and first["text"].strip().isdigit() for first in firsts)


_HEADER_CELL = re.compile(r"<th[^>]*>(?P<text>[^<]*)</th>", re.S)


def one_header_row(table: str) -> str:
    """A named index's own header row (its name, then empty cells) folded into the row above,
    whose corner cell takes the name: one row of headings, as a reader expects."""
    head = _HEADER_ROWS.search(table)
    rows = _ROW.findall(head[1]) if head else []
    if len(rows) != 2:
        return table
    names = [cell["text"].strip() for cell in _HEADER_CELL.finditer(rows[1])]
    if len(names) < 2 or not names[0] or any(names[1:]):
        return table
    first = _FIRST_CELL.sub(lambda m: f"{m[1]}<th>{names[0]}</th>", rows[0], count=1)
    return table.replace(head[0], f"<thead>{first}</thead>", 1)


_CODE_VALUE = re.compile(r"\s*[a-z]+(?:_[a-z]+)+\s*")


def _in_words(cell: str) -> str:
    """A cell holding a code such as ``assist_and_cooperate`` in words ("assist and cooperate")."""
    return cell.replace("_", " ") if _CODE_VALUE.fullmatch(cell) else cell


def _drop_first_cell(rows_html: str) -> str:
    return _ROW.sub(lambda row: _FIRST_CELL.sub(r"\1", row[0], count=1), rows_html)


_TAG = re.compile(r"(<[^>]+>)")


def _linked_citations(cell: str, bibliography_href: str, keys: frozenset[str]) -> str:
    """A cell's citation keys as author–year citations: a key that is a link's text (to the
    source itself) keeps its address; a bare key becomes a link to its bibliography entry."""

    def bare(match: re.Match) -> str:
        if match[0] not in keys:
            return match[0]
        link = citation_link(match[0], bibliography_href)
        return f'<a href="{html.escape(link["href"])}">{html.escape(link["label"])}</a>'

    parts, in_link = [], False
    for part in _TAG.split(cell):
        if part.startswith("<"):
            in_link = part.startswith("<a ") or (in_link and part != "</a>")
            parts.append(part)
        elif in_link:
            parts.append(html.escape(short_citation(part)) if part in keys else part)
        else:
            if any(token in keys for token in _KEY_TOKEN.findall(part)):
                part = _KEY_TOKEN.sub(bare, re.sub(r";(?=\S)", "; ", part))
            parts.append(part)
    return "".join(parts)


def readable_table(table: str, bibliography_href: str, keys: frozenset[str] | None = None) -> str:
    """One pandas table made for readers: no row numbers, headings in words, citations linked."""
    keys = citation_keys() if keys is None else keys
    table = one_header_row(table)
    if has_row_numbers(table):
        table = _HEADER_ROWS.sub(lambda m: f"<thead>{_drop_first_cell(m[1])}</thead>", table, count=1)
        table = _BODY_ROWS.sub(lambda m: f"<tbody>{_drop_first_cell(m[1])}</tbody>", table, count=1)
    table = _HEADING.sub(lambda m: m[1] + m[2].replace("_", " ") + m[3], table)
    # Citation keys first (some hold underscores), then any code left becomes words.
    table = _CELL.sub(lambda m: m[1] + _in_words(_linked_citations(m[2], bibliography_href, keys)) + m[3], table)
    # A table of marks (✓, numbers of a few digits) needs no wide cells: it can fit the column.
    cells = [re.sub(r"<[^>]+>", "", m[2]).strip() for m in _CELL.finditer(table)]
    marks = " aigov-table-of-marks" if cells and all(len(cell) <= 3 for cell in cells) else ""
    # The frame scrolls a wide table inside itself; tabindex lets keyboard users scroll it.
    return f'<div class="aigov-table-frame{marks}" tabindex="0" role="region" aria-label="Table">{table}</div>'


# A table written in Markdown: the site's stylesheet lets it scroll sideways on a phone.
_MARKDOWN_TABLE = re.compile(r'<table class="(?![^"]*\bdataframe\b)[^"]*"(?![^>]*tabindex)')


def focusable_tables(body: str) -> str:
    """Markdown tables made reachable by keyboard, so a reader can scroll a wide one sideways."""
    return _MARKDOWN_TABLE.sub(lambda m: m[0] + ' tabindex="0"', body)


def _readable_tables(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    body = focusable_tables(context.get("body", ""))
    context["body"] = body
    if "dataframe" not in body:
        return
    href = context["pathto"](BIBLIOGRAPHY_PAGE)
    keys = citation_keys()
    context["body"] = _DATAFRAME.sub(lambda m: readable_table(m[0], href, keys), body)


# --- exercises -------------------------------------------------------------------------


def _number_exercises_per_page(app: Sphinx, env: Any) -> list[str]:
    # Runs after Sphinx has numbered every enumerable node across the book; keeps the order
    # of each page's exercises and restarts their numbers at 1.
    for numbers in env.toc_fignumbers.values():
        exercises = numbers.get("exercise")
        if exercises:
            ordered = sorted(exercises, key=lambda label: exercises[label])
            numbers["exercise"] = {label: (position,) for position, label in enumerate(ordered, start=1)}
    return []


# --- run it live -----------------------------------------------------------------------


def run_live_note(repository: str | None) -> nodes.admonition:
    """What running a notebook live adds and how to do it, for the cell of a live form."""
    note = nodes.admonition(classes=["aigov-run-live", "note"])
    note += nodes.title(text="To use this form, run the page as a notebook")
    note += nodes.paragraph(
        text="On this web page the form is not drawn: it needs Python running behind it. "
        "In a live notebook it appears here, and you can type your own values and see the "
        "results change at once."
    )
    get = nodes.paragraph()
    if repository:
        get += nodes.Text("Get the book's files from its repository, ")
        get += nodes.reference(repository, repository, refuri=repository)
        get += nodes.Text(", and install what its README lists. ")
    else:
        get += nodes.Text(
            "The download button at the top of this page gives this page as a notebook (.ipynb). "
            "It needs the book's other files too: get them where you got this book, and "
            "install what their README lists. "
        )
    get += nodes.Text("Then type the one command ")
    get += nodes.literal(text="jupyter lab")
    get += nodes.Text(" in the book's folder and open this page's notebook.")
    note += get
    return note


def _add_run_live_notes(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    repository = repository_url()
    for cell in list(doctree.findall(nodes.container)):
        if LIVE_FORM_TAG in cell.get("classes", []):
            cell.parent.insert(cell.parent.index(cell) + 1, run_live_note(repository))


# --- chapters: reading time and "Apply it" ---------------------------------------------


def is_chapter(docname: str) -> bool:
    return bool(re.fullmatch(r"chapters/[^/]+/index", docname))


def reading_minutes(doctree: nodes.document) -> int:
    """Minutes to read a page's prose at 200 words a minute (code and its output left out)."""
    skipped = (nodes.literal_block, nodes.raw, nodes.comment, nodes.citation, nodes.footnote)
    words = 0
    for text in doctree.findall(nodes.Text):
        if not any(isinstance(parent, skipped) for parent in _ancestors(text)):
            words += len(text.astext().split())
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


def _ancestors(node: nodes.Node):
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def _case_pairs(app: Sphinx, doctree: nodes.document) -> None:
    # The case-study index's table names, per case (first column), the chapters it pairs with.
    if app.env.docname != CASE_INDEX:
        return
    pairs: dict[str, list[str]] = {}
    for row in doctree.findall(nodes.row):
        entries = [entry for entry in row.children if isinstance(entry, nodes.entry)]
        if len(entries) < 3:
            continue
        cases = _doc_targets(entries[0], CASE_INDEX)
        for chapter in _doc_targets(entries[2], CASE_INDEX):
            for case in cases:
                pairs.setdefault(chapter, []).append(case)
    app.env.aigov_case_pairs = pairs


def _doc_targets(node: nodes.Element, refdoc: str) -> list[str]:
    found = []
    for ref in node.findall(addnodes.pending_xref):
        target = ref.get("reftarget", "") if ref.get("reftype") == "doc" else ""
        if target:
            found.append(posixpath.normpath(posixpath.join(posixpath.dirname(refdoc), target)).lstrip("/"))
    return found


def _merge_case_pairs(app: Sphinx, env: Any, docnames: set, other: Any) -> None:
    if hasattr(other, "aigov_case_pairs"):
        env.aigov_case_pairs = other.aigov_case_pairs


def _doc_link(app: Sphinx, fromdoc: str, target_doc: str, kind: str = "") -> nodes.reference:
    title = app.env.titles[target_doc].astext() if target_doc in app.env.titles else target_doc
    # A lab's title already begins "Lab: "; the box names the kind once.
    title = title.removeprefix(f"{kind}: ") if kind else title
    return nodes.reference(title, title, internal=True, refuri=app.builder.get_relative_uri(fromdoc, target_doc))


def apply_it_box(app: Sphinx, docname: str) -> nodes.admonition | None:
    labs = [doc for doc in app.env.toctree_includes.get(docname, []) if posixpath.basename(doc).startswith("lab-")]
    cases = getattr(app.env, "aigov_case_pairs", {}).get(docname, [])
    if not labs and not cases:
        return None
    box = nodes.admonition(classes=["aigov-apply-it", "tip"])
    box += nodes.title(text="Apply it")
    items = nodes.bullet_list()
    for kind, docs in (("Lab", labs), ("Case study", cases)):
        for doc in docs:
            line = nodes.paragraph()
            line += nodes.Text(f"{kind}: ")
            line += _doc_link(app, docname, doc, kind)
            items += nodes.list_item("", line)
    box += items
    return box


def _chapter_furniture(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if not is_chapter(docname) or app.builder.format != "html":
        return
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        return
    minutes = reading_minutes(doctree)
    time_line = nodes.paragraph(classes=["aigov-reading-time"], text=f"Reading time: about {minutes} minutes.")
    title = next(iter(section.findall(nodes.title)))
    section.insert(section.index(title) + 1, time_line)
    box = apply_it_box(app, docname)
    if box is not None:
        # At the end of the chapter's text, before its list of references.
        references = next(
            (
                child
                for child in section.children
                if isinstance(child, nodes.section) and child[0].astext().strip() == "References"
            ),
            None,
        )
        section.insert(section.index(references) if references else len(section.children), box)


# --- glossary links --------------------------------------------------------------------


# Terms that are also everyday words: "law" or "filing" in running text seldom means the
# glossary's narrow sense, so a link there would mislead more than it helps.
EVERYDAY_WORDS = frozenset({"law", "filing"})


def glossary_terms() -> dict[str, str]:
    """Each glossary term's words as they appear in text (the part before any bracket) -> its anchor."""
    terms = {}
    for term in data.load("glossary")["term"]:
        spoken = re.sub(r"\s*\(.*\)\s*$", "", term).strip()
        if spoken.lower() not in EVERYDAY_WORDS:
            terms[spoken] = term_anchor(term)
    return terms


_NO_LINK_INSIDE = (
    nodes.reference,
    nodes.title,
    nodes.literal,
    nodes.literal_block,
    nodes.raw,
    nodes.target,
    nodes.citation,
    nodes.footnote,
    nodes.caption,
    nodes.rubric,
    nodes.term,
    nodes.field_name,
)


def _add_glossary_links(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if docname in NO_GLOSSARY_LINKS or app.builder.format != "html":
        return
    terms = app.env.aigov_glossary_terms if hasattr(app.env, "aigov_glossary_terms") else None
    if terms is None:
        terms = app.env.aigov_glossary_terms = glossary_terms()
    pattern = re.compile(
        r"(?<![\w-])(" + "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)) + r")(?![\w-])",
        re.IGNORECASE,
    )
    by_lower = {term.lower(): term for term in terms}

    def term_used(words: str) -> str | None:
        # A term as written, or with a lower-case first letter in running text; "BRI" never matches "bri".
        term = by_lower.get(words.lower())
        if term is None or term in linked:
            return None
        return term if words == term or words[1:] == term[1:] else None

    glossary_uri = app.builder.get_relative_uri(docname, GLOSSARY_PAGE)
    linked: set[str] = set()
    for text in list(doctree.findall(nodes.Text)):
        parent = text.parent
        if parent is None or not isinstance(parent, (nodes.paragraph, nodes.emphasis, nodes.strong, nodes.inline)):
            continue
        if any(isinstance(node, _NO_LINK_INSIDE) for node in [parent, *_ancestors(parent)]):
            continue
        if any("exercise" in c or "solution" in c for node in _ancestors(text) for c in node.get("classes", [])):
            continue
        pieces: list[nodes.Node] = []
        rest = str(text)
        while True:
            match = next((m for m in pattern.finditer(rest) if term_used(m[1])), None)
            if match is None:
                break
            term = term_used(match[1])
            linked.add(term)
            pieces.append(nodes.Text(rest[: match.start()]))
            pieces.append(
                nodes.reference(
                    match[1],
                    match[1],
                    refuri=f"{glossary_uri}#{terms[term]}",
                    classes=["aigov-glossary-term"],
                    reftitle="In the glossary",
                )
            )
            rest = rest[match.end() :]
        if pieces:
            pieces.append(nodes.Text(rest))
            index = parent.index(text)
            parent.remove(text)
            for offset, piece in enumerate(pieces):
                parent.insert(index + offset, piece)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", _readable_tables)
    app.connect("env-get-updated", _number_exercises_per_page, priority=900)  # after Sphinx numbers them
    app.connect("doctree-read", _case_pairs)
    app.connect("env-merge-info", _merge_case_pairs)
    app.connect("doctree-resolved", _add_run_live_notes)
    app.connect("doctree-resolved", _chapter_furniture)
    app.connect("doctree-resolved", _add_glossary_links, priority=600)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
