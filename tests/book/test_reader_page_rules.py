"""Tables made for readers at build time (aigov.book.reader_pages) and citations in chart data."""

from __future__ import annotations

import pandas as pd

from aigov.bibliography import bibliography_anchor, citation_keys, cited_in_words, short_citation
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


def test_a_table_of_ticks_is_marked_to_fit_the_column_and_a_table_of_text_is_not() -> None:
    ticks = pd.DataFrame({"fairness": ["✓", ""], "privacy": ["✓", "✓"]}, index=pd.Index(["A", "B"])).to_html()
    words = pd.DataFrame({"summary": ["A sentence a reader needs whole.", "✓"]}).to_html()
    assert 'class="aigov-table-frame aigov-table-of-marks"' in reader_pages.readable_table(ticks, "../bib.html")
    assert 'class="aigov-table-frame"' in reader_pages.readable_table(words, "../bib.html")


def test_a_named_index_gets_one_header_row_with_its_name_in_the_corner() -> None:
    named = pd.DataFrame({"year": [2019, 2020]}, index=pd.Index(["a-law", "a-plan"], name="id")).to_html()
    assert named.count("<tr") == 4, "pandas writes the index name in a second header row"
    table = reader_pages.readable_table(named, "../bib.html")
    head = table.split("<thead>", 1)[1].split("</thead>", 1)[0]
    assert head.count("<tr") == 1
    assert "<th>id</th>" in head and "<th>year</th>" in head
    assert table.count("<th>a-law</th>") == 1, "the index itself is kept"
    pivot = pd.DataFrame({2019: [1], 2020: [0]}, index=pd.Index(["ethics"], name="category"))
    pivot.columns.name = "year"
    head = reader_pages.readable_table(pivot.to_html(), "../bib.html").split("</thead>", 1)[0]
    assert head.count("<tr") == 1 and "<th>category</th>" in head and "<th>2019</th>" in head


def test_code_values_in_cells_read_as_words_but_citation_keys_stay_links() -> None:
    table = pd.DataFrame({"duty": ["assist_and_cooperate", "Keep_this as written"], "source": [KEY, KEY]}).to_html()
    shown = reader_pages.readable_table(table, "../bib.html")
    assert "<td>assist and cooperate</td>" in shown and "assist_and_cooperate" not in shown
    assert "Keep_this as written" in shown
    assert f'href="../bib.html#cite-{KEY}"' in shown
    underscored = next(key for key in sorted(citation_keys()) if "_" in key)
    cited = reader_pages.readable_table(pd.DataFrame({"source": [underscored]}).to_html(), "../bib.html")
    assert f'href="../bib.html#{bibliography_anchor(underscored)}"' in cited
