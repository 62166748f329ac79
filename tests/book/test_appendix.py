"""Appendix pages generated from the book's data, and the bibliography look-ups behind them."""

from __future__ import annotations

import html

import pandas as pd
import pytest

from aigov import bibliography, data
from aigov.book import appendix


@pytest.mark.parametrize("path", list(appendix.pages()), ids=lambda p: p.name)
def test_generated_pages_are_up_to_date(path) -> None:
    assert path.read_text(encoding="utf-8") == appendix.pages()[path], (
        f"{path.name} is stale: run 'python -m aigov appendix'"
    )


def test_data_guide_covers_every_table_with_download_links() -> None:
    guide = appendix.data_guide()
    for name in data.table_names():
        resource = data.describe(name)
        assert f"(table-{name.replace('_', '-')})=" in guide
        assert f"<../data/{resource['path']}>" in guide
        for field in resource["schema"]["fields"]:
            assert f"| `{field['name']}` |" in guide


def test_glossary_has_an_anchor_and_chapter_link_for_every_term() -> None:
    table = data.load("glossary")
    page = appendix.glossary()
    for _, row in table.iterrows():
        assert f"({appendix.term_anchor(row['term'])})=" in page
    # Each term links to the page that introduces it: a chapter, or the primer.
    assert page.count("; see {doc}`/chapters/") + page.count("; see {doc}`/primer`") == len(table)
    assert appendix.term_anchor("Separate consent (PIPL)") == "glossary-separate-consent-pipl"


def test_source_links_use_the_bibliography_addresses() -> None:
    assert bibliography.source_url("caidp2020china").startswith("https://")
    links = appendix.source_links("caidp2020china; news2023cacdraft")
    assert links.startswith('<a href="https://')
    # Readers see author–year citations, never the keys; an entry with no address is plain text.
    assert html.escape(bibliography.short_citation("caidp2020china")) + "</a>" in links
    assert links.endswith(html.escape(bibliography.short_citation("news2023cacdraft")))
    assert "caidp2020china<" not in links and not links.endswith("news2023cacdraft")
    with pytest.raises(KeyError, match="'nosuchkey' is not a key"):
        bibliography.source_url("nosuchkey")
    assert bibliography.first_url("news2023cacdraft;caidp2020china") == bibliography.source_url("caidp2020china")


def test_events_table_lists_every_document_in_date_order() -> None:
    documents = pd.DataFrame(
        {
            "year": [2021, 2017],
            "date": [pd.Timestamp("2021-08-20"), pd.NaT],
            "title": ["Law B", "Plan A"],
            "title_zh": ["", "规划"],
            "category": ["law", "strategy"],
            "issuer": ["NPC", None],
            "source": ["iapp2021pipl", "caidp2020china"],
        }
    )
    table = appendix.events_html(documents)
    assert table.index("Plan A (规划)") < table.index("Law B")
    assert "<td>2017</td>" in table and "<td>2021-08-20</td>" in table
