"""Tables made for readers at build time (aigov.book.reader_pages) and citations in chart data."""

from __future__ import annotations

import pandas as pd

from aigov.bibliography import citation_keys, cited_in_words, short_citation
from aigov.book import reader_pages

KEY = sorted(citation_keys())[0]


def test_row_numbers_are_dropped_but_a_named_index_is_kept() -> None:
    numbered = pd.DataFrame({"duty_category": ["a", "b"], "source": [KEY, "no key here"]}).to_html()
    named = pd.DataFrame({"n": [1, 2]}, index=pd.Index(["x", "y"], name="law")).to_html()
    assert reader_pages.has_row_numbers(numbered) and not reader_pages.has_row_numbers(named)
    table = reader_pages.readable_table(numbered, "../bib.html")
    assert "<th>0</th>" not in table and "<th>1</th>" not in table
    assert "duty category" in table and "duty_category" not in table
    assert f'<a href="../bib.html#cite-{KEY}">{short_citation(KEY)}</a>' in table
    assert "no key here" in table
    assert reader_pages.readable_table(named, "../bib.html").count("<th>x</th>") == 1


def test_chart_text_shows_citations_in_words() -> None:
    assert cited_in_words(f"Reported in: {KEY}; {KEY}") == f"Reported in: {short_citation(KEY)}; {short_citation(KEY)}"
    assert cited_in_words("no keys here") == "no keys here"


def test_markdown_tables_take_keyboard_focus_and_pandas_tables_keep_their_frame() -> None:
    body = '<table class="table"><tr><td>a</td></tr></table><table border="1" class="dataframe"></table>'
    focused = reader_pages.focusable_tables(body)
    assert '<table class="table" tabindex="0">' in focused
    assert '<table border="1" class="dataframe">' in focused
    assert reader_pages.focusable_tables(focused) == focused


def test_everyday_words_are_not_linked_to_the_glossary() -> None:
    terms = reader_pages.glossary_terms()
    assert not {spoken.lower() for spoken in terms} & reader_pages.EVERYDAY_WORDS
    assert "Cybersecurity Law" in terms and "AIDP" in terms
