"""The primer (primer.ipynb) and the rank of instrument in policy_documents.csv.

The data tests pin the rules the primer teaches: every row has a rank from the schema's
fixed list, laws come from the National People's Congress or its Standing Committee, drafts
are coded as drafts and say what became of them, and the one rule for dates holds.
"""

from __future__ import annotations

import json
import re

import nbformat
import pandas as pd
import pytest
import yaml
from support import ROOT

from aigov import data
from aigov.book import notebooks
from aigov.labs import policy_timeline

PRIMER = ROOT / "primer.ipynb"
# The labels the chapters link to, one before each section of the primer.
LABELS = [
    "primer-ranks",
    "primer-constitution-and-laws",
    "primer-administrative-regulations",
    "primer-departmental-rules",
    "primer-normative-documents",
    "primer-standards",
    "primer-judicial-interpretations",
    "primer-local-rules",
    "primer-drafts",
    "primer-party-documents",
    "primer-document-numbers",
]


@pytest.fixture(scope="module")
def documents() -> pd.DataFrame:
    return data.load("policy_documents")


def _rank_field() -> dict:
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    resource = next(r for r in package["resources"] if r["name"] == "policy_documents")
    return next(f for f in resource["schema"]["fields"] if f["name"] == "rank")


def test_rank_enum_is_the_chart_order() -> None:
    assert _rank_field()["constraints"]["enum"] == policy_timeline.RANK_ORDER


def test_every_row_has_a_rank_from_the_list(documents: pd.DataFrame) -> None:
    assert documents["rank"].notna().all()
    assert set(documents["rank"]) <= set(policy_timeline.RANK_ORDER)


def test_laws_come_from_the_npc_or_its_standing_committee(documents: pd.DataFrame) -> None:
    laws = documents[documents["rank"] == "law"]
    assert len(laws) >= 5
    for row in laws.itertuples():
        assert re.search(r"National People's Congress", row.issuer), row.id


def test_titles_that_say_draft_are_drafts_and_say_what_became_of_them(documents: pd.DataFrame) -> None:
    says_draft = documents["title"].str.contains(r"\bdraft\b", case=False)
    assert (documents.loc[says_draft, "rank"] == "draft for comment").all()
    drafts = documents[documents["rank"] == "draft for comment"]
    assert set(drafts["id"]) == set(documents.loc[says_draft, "id"])
    for row in drafts.itertuples():
        assert re.search(r"Adopted|Replaced|do not say", row.summary), row.id


def test_adopted_drafts_have_their_final_text_in_the_table(documents: pd.DataFrame) -> None:
    ids = set(documents["id"])
    for draft, final in [
        ("pipl-draft", "pipl"),
        ("facial-recognition-draft", "facial-recognition-measures"),
        ("anthropomorphic-ai-draft", "anthropomorphic-ai-measures"),
    ]:
        assert {draft, final} <= ids
        draft_row = documents.set_index("id").loc[draft]
        final_row = documents.set_index("id").loc[final]
        assert draft_row["date"] < final_row["date"]


def test_dates_follow_one_rule(documents: pd.DataFrame) -> None:
    # Made public no later than in force, and in the year the row gives.
    both = documents.dropna(subset=["date", "in_force"])
    assert (both["date"] <= both["in_force"]).all()
    dated = documents.dropna(subset=["date"])
    assert (dated["date"].dt.year == dated["year"].astype(int)).all()
    # The rows the audit named: made public, not signed.
    by_id = documents.set_index("id")
    assert by_id.loc["deep-synthesis", "date"] == pd.Timestamp("2022-12-11")
    assert by_id.loc["generative-ai-measures", "date"] == pd.Timestamp("2023-07-13")
    assert by_id.loc["facial-recognition-measures", "date"] == pd.Timestamp("2025-03-21")


# The primer's examples, and rows whose rank follows the instrument, not the title: Measures
# sent out with a notice number, not an Order, are normative documents; a five-year plan outline
# approved by the NPC is a plan, not a law; a pledge has no rank.
EXPECTED_RANKS = {
    "aidp": "normative document",
    "pipl": "law",
    "facial-recognition-measures": "departmental rule",
    "spc-facial-recognition": "judicial interpretation",
    "gb-45438-2025": "mandatory national standard",
    "network-data-security-regulations": "administrative regulation",
    "third-plenum-resolution": "Party document",
    "shenzhen-ai-regulations": "local regulation",
    "ai-content-labelling": "normative document",
    "st-ethics-review-measures": "normative document",
    "fifteenth-five-year-plan-outline": "normative document",
    "aiia-joint-pledge": "no formal rank",
    "deep-synthesis": "departmental rule",
}


@pytest.mark.parametrize(("document", "rank"), EXPECTED_RANKS.items())
def test_documents_have_the_rank_the_primer_gives(documents: pd.DataFrame, document: str, rank: str) -> None:
    assert documents.set_index("id").loc[document, "rank"] == rank


def test_timeline_reaches_2026(documents: pd.DataFrame) -> None:
    assert int(documents["year"].max()) == 2026
    assert {"cybersecurity-law-amendment", "fifteenth-five-year-plan-outline"} <= set(documents["id"])


def test_rank_counts_add_up_and_keep_the_order(documents: pd.DataFrame) -> None:
    counts = policy_timeline.rank_counts(documents)
    assert counts["rank"].tolist() == policy_timeline.RANK_ORDER
    assert counts["documents"].sum() == len(documents)


def test_rank_counts_rejects_an_unknown_rank(documents: pd.DataFrame) -> None:
    bad = documents.head(2).assign(rank=["law", "decree"])
    with pytest.raises(ValueError, match="unknown rank"):
        policy_timeline.rank_counts(bad)


def test_rank_chart_has_a_description_and_rows_in_order(documents: pd.DataFrame) -> None:
    spec = policy_timeline.rank_timeline_chart(documents).to_dict()
    assert f"Timeline of {len(documents)} Chinese AI policy documents" in spec["description"]
    assert "law: " in spec["description"] and "departmental rule: " in spec["description"]
    sorts = [layer["encoding"]["y"]["sort"] for layer in spec["layer"]]
    present = [r for r in policy_timeline.RANK_ORDER if r in set(documents["rank"])]
    assert all(sort == present for sort in sorts)


def test_primer_has_the_labels_the_chapters_link_to() -> None:
    text = "\n".join(cell.source for cell in nbformat.read(PRIMER, as_version=4).cells if cell.cell_type == "markdown")
    positions = [text.find(f"({label})=\n## ") for label in LABELS]
    assert all(p >= 0 for p in positions), dict(zip(LABELS, positions))
    assert positions == sorted(positions)


def test_primer_is_in_the_toc_before_the_chapters_and_stored_clean() -> None:
    toc = notebooks.toc_files(yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8")))
    assert toc.index("primer") < toc.index("chapters/strategy/index")
    assert notebooks.is_clean(PRIMER)
    assert "{doc}`primer`" in (ROOT / "intro.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("chapter", sorted(p.parent.name for p in (ROOT / "chapters").glob("*/index.md")))
def test_every_chapter_links_the_primer_with_its_labels(chapter: str) -> None:
    text = (ROOT / "chapters" / chapter / "index.md").read_text(encoding="utf-8")
    linked = re.findall(r"\{ref\}`[^`<]*<(primer-[a-z-]+)>`", text)
    assert linked, f"chapters/{chapter}/index.md never links the primer"
    assert set(linked) <= set(LABELS), set(linked) - set(LABELS)


def test_adoption_dates_are_flagged_in_the_summary(documents: pd.DataFrame) -> None:
    # Where a row carries the day of adoption or signing, its summary says so.
    by_id = documents.set_index("id")
    for row_id in ["network-identity-measures", "fifteenth-five-year-plan-outline", "third-plenum-resolution"]:
        assert "the row carries" in by_id.loc[row_id, "summary"], row_id
