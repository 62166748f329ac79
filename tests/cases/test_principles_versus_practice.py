"""Principles versus practice: the sourced table, filtering, the chart and the form."""

from __future__ import annotations

import re

import pandas as pd
import pytest
import vl_convert

from aigov import data
from aigov.cases import principles_versus_practice as pp

SMALL = pd.DataFrame(
    [
        (
            "PP01",
            "MOST Governance Principles",
            "respect for privacy",
            "s",
            "p1",
            "A",
            "company",
            2018,
            "conflicts",
            "r",
            "",
            "k1",
            "k2",
            "k1;k2",
        ),
        (
            "PP02",
            "MOST Governance Principles",
            "respect for privacy",
            "s",
            "p2",
            "B",
            "court",
            2021,
            "mixed",
            "r",
            "said x",
            "k1",
            "k3",
            "k1;k3",
        ),
        (
            "PP03",
            "Beijing AI Principles",
            "For Humanity",
            "s",
            "p3",
            "C",
            "company",
            2019,
            "consistent",
            "r",
            "",
            "k4",
            "k2",
            "k4;k2",
        ),
    ],
    # The table's own columns, in the data package's order.
    columns=[field["name"] for field in data.describe(pp.TABLE)["schema"]["fields"]],
)


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return pp.load()


def test_book_table_is_valid_and_the_right_size(table: pd.DataFrame) -> None:
    assert data.validate(pp.TABLE) == []
    assert 15 <= len(table) <= 30
    assert table["id"].is_unique


def test_source_column_joins_principle_and_practice_sources(table: pd.DataFrame) -> None:
    for row in table.itertuples():
        keys = row.source.split(";")
        assert len(keys) == len(set(keys)), row.id
        assert set(keys) == set(row.principle_source.split(";")) | set(row.practice_source.split(";")), row.id


def test_each_principle_has_one_summary_and_both_documents_appear(table: pd.DataFrame) -> None:
    summaries = table.groupby(["principle_document", "principle"])["principle_summary"].nunique()
    assert (summaries == 1).all()
    assert set(table["principle_document"]) == set(pp.DOCUMENT_SHORT)


def test_module_lists_match_the_data_package() -> None:
    fields = {f["name"]: f for f in data.describe(pp.TABLE)["schema"]["fields"]}
    assert fields["actor_type"]["constraints"]["enum"] == pp.ACTOR_TYPES
    assert set(fields["tension"]["constraints"]["enum"]) == set(pp.TENSIONS)
    assert set(fields["principle"]["constraints"]["enum"]) == set(pp.PRINCIPLE_ORDER)


def test_hand_checked_filters_on_the_book_table(table: pd.DataFrame) -> None:
    assert len(pp.filter_pairings(table, principle="MOST: respect for privacy")) == 12
    assert list(pp.filter_pairings(table, actor_type="court")["id"]) == ["PP21"]
    assert list(pp.filter_pairings(table, tension="disputed")["id"]) == []
    assert list(pp.filter_pairings(table, since=2021)["id"]) == ["PP21", "PP22", "PP24"]
    assert len(pp.filter_pairings(table)) == len(table)
    assert pp.counts(table).to_numpy().sum() == len(table)


def test_filters_combine_and_accept_all() -> None:
    prepared = pp.prepare(SMALL)
    assert list(prepared["principle_label"]) == ["MOST: respect for privacy"] * 2 + ["Beijing: For Humanity"]
    assert list(pp.filter_pairings(prepared, principle="MOST: respect for privacy", actor_type="company")["id"]) == [
        "PP01"
    ]
    assert list(pp.filter_pairings(prepared, principle="all", actor_type="company")["id"]) == ["PP01", "PP03"]
    assert pp.filter_pairings(prepared, actor_type="academia").empty
    assert list(prepared["actor_response"]) == [pp.NO_RESPONSE, "said x", pp.NO_RESPONSE]
    assert pp.principle_labels(prepared) == ["MOST: respect for privacy", "Beijing: For Humanity"]


def test_timing_against_the_2019_principles() -> None:
    assert [pp.timing(y) for y in (2017, 2019, 2020)] == [
        "before the principles",
        "same year as the principles",
        "after the principles",
    ]


def test_description_counts_tensions() -> None:
    prepared = pp.prepare(SMALL)
    assert pp.describe(prepared, 3) == "3 of 3 pairings match: 1 conflicts, 1 mixed, 1 consistent."
    assert pp.describe(prepared.iloc[0:0], 3) == "No pairing of the 3 matches these choices."


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"principle": "privacy"}, "The principle must be one of: all, MOST: respect for privacy"),
        ({"actor_type": "police"}, "The actor type must be one of: all, company, public security"),
        ({"tension": "violates"}, "The tension must be one of: all, conflicts"),
        ({"since": 1990}, "The first year must be a year between 2015 and 2026; you entered 1990"),
    ],
)
def test_bad_choices_are_refused(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        pp.filter_pairings(SMALL, **kwargs)


def test_table_without_needed_columns_is_refused() -> None:
    with pytest.raises(ValueError, match="lacks the column"):
        pp.prepare(SMALL.drop(columns=["tension"]))


def test_chart_filters_in_the_browser(table: pd.DataFrame) -> None:
    spec = pp.pairings_chart(table).to_dict()
    params = {p["name"]: p for p in spec["params"]}
    assert {"principle_pick", "actor_pick"} <= set(params)
    assert all("bind" in params[name] for name in ("principle_pick", "actor_pick"))
    assert f"Dot matrix of {len(table)} pairings" in spec["description"]

    def status() -> list[str]:
        svg = vl_convert.vegalite_to_svg(spec)
        return [t for t in re.findall(r">([^<>]+)</text>", svg) if "match" in t and "hover" not in t]

    assert status() == [f"{len(table)} pairings match; the first {pp.LIST_LENGTH} are listed"]
    params["principle_pick"]["value"] = "MOST: respect for privacy"
    params["actor_pick"]["value"] = "central government"
    assert status() == ["4 pairings match"]
    params["actor_pick"]["value"] = "court"
    params["principle_pick"]["value"] = "Beijing: Be Ethical"
    assert status() == ["No pairing matches these choices"]


def test_form_filters_and_explains(table: pd.DataFrame) -> None:
    form = pp.PairingsFilter(table)
    assert form.message.value == "28 of 28 pairings match: 18 conflicts, 5 mixed, 4 consistent, 1 not judged."
    form.actor_type.value = "local government"
    assert list(form.result["id"]) == ["PP15", "PP16", "PP22"]
    assert form.message.value == "3 of 28 pairings match: 2 conflicts, 1 consistent."
    form.principle.value = "Beijing: Be Ethical"
    assert form.result.empty and "No pairing of the 28 matches" in form.message.value


@pytest.mark.parametrize("year", [1990, 2040])
def test_form_refuses_a_bad_year(table: pd.DataFrame, year: int) -> None:
    form = pp.PairingsFilter(table)
    form.since.value = year
    assert form.result is None
    assert f"you entered {year}" in form.message.value
    assert "color:#b00020" in form.message.value
