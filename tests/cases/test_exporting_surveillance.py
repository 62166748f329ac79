"""Exporting surveillance: the table, its filters, the Carnegie bars and the live form."""

from __future__ import annotations

import pandas as pd
import pytest

from aigov import data
from aigov.cases import exporting_surveillance as ex
from aigov.forms import ERROR_STYLE

TABLE = ex.load()


# --- the table: figures checked by hand against the factbase and the core sources -----------


def figure(supplier: str, recipient: str) -> int:
    row = TABLE[(TABLE["supplier"] == supplier) & (TABLE["recipient"] == recipient)]
    assert len(row) == 1, (supplier, recipient)
    return int(row["count"].iloc[0])


def test_carnegie_figures_are_as_reported() -> None:
    assert figure("Chinese companies", "63 countries") == 63
    assert figure("Chinese companies", "36 Belt and Road countries (of the 63)") == 36
    assert figure("Huawei", "50 countries") == 50
    assert figure("NEC", "14 countries") == 14
    assert figure("US companies", "32 countries") == 32
    assert [figure(c, f"{n} countries") for c, n in (("IBM", 11), ("Palantir", 9), ("Cisco", 6))] == [11, 9, 6]
    assert figure("All suppliers", "75 of 176 countries") == 75
    assert figure("All suppliers", "64 countries (facial recognition)") == 64


def test_lower_bounds_are_marked() -> None:
    huawei = TABLE[TABLE["supplier"] == "Huawei"].iloc[0]
    assert huawei["count_qualifier"] == "at least"
    dahua = TABLE[TABLE["supplier"] == "Dahua"].iloc[0]
    assert (dahua["count"], dahua["count_qualifier"]) == (180, "more than")


def test_counts_and_qualifiers_go_together() -> None:
    has_count = TABLE["count"].notna()
    has_qualifier = TABLE["count_qualifier"].notna() & (TABLE["count_qualifier"] != "")
    assert (has_count == has_qualifier).all()


def test_the_table_names_no_specific_contract() -> None:
    assert "country_deal" in data.describe("surveillance_exports")["schema"]["fields"][3]["constraints"]["enum"]
    assert not (TABLE["kind"] == "country_deal").any()


def test_the_chart_study_marks_the_rows_that_report_the_carnegie_index() -> None:
    carnegie = TABLE["study"] == ex.CHART_STUDY
    assert (carnegie == TABLE["reported"].str.startswith("The Carnegie ")).all()
    assert TABLE.loc[carnegie, "source"].str.contains("feldstein2019aigs").all()


def test_every_kind_has_a_label() -> None:
    field = next(f for f in data.describe("surveillance_exports")["schema"]["fields"] if f["name"] == "kind")
    assert set(field["constraints"]["enum"]) == set(ex.KIND_LABELS)


# --- filters ----------------------------------------------------------------------------------


def test_filter_by_country_and_kind() -> None:
    japan = ex.filter_facts(TABLE, supplier_country="Japan")
    assert japan["supplier"].tolist() == ["NEC"]
    loans = ex.filter_facts(TABLE, kind="financing")
    assert loans["recipient"].tolist() == ["Kenya", "Laos", "Mongolia", "Uganda", "Uzbekistan"]


def test_filter_by_words_and_years() -> None:
    assert ex.filter_facts(TABLE, text="great firewall")["recipient"].tolist() == ["Russia", "Iran"]
    assert set(ex.filter_facts(TABLE, year_from=2020, year_to=2020)["year"]) == {2020}
    assert len(ex.filter_facts(TABLE, supplier_country="China", kind="aggregate_count")) == 4


def test_country_cases_list_the_named_countries() -> None:
    cases = ex.country_cases(TABLE)
    assert cases["recipient"].tolist() == ["Iran", "Kenya", "Laos", "Mongolia", "Russia", "Uganda", "Uzbekistan"]
    assert set(cases["kind"]) == {"sales with soft loans", "a country's reported interest"}


def test_readable_shows_qualified_counts() -> None:
    shown = ex.readable(ex.filter_facts(TABLE, text="Huawei alone"))
    assert shown["countries"].tolist() == ["at least 50"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"supplier_country": "France"},
            "The supplier country must be one of: all, China, Japan, United States; you entered 'France'",
        ),
        ({"kind": "contract"}, "The kind of fact must be one of: all, aggregate_count, adoption_count"),
        ({"year_from": 2021, "year_to": 2019}, "The first year \\(2021\\) is after the last year \\(2019\\)"),
        ({"year_from": 1999}, "The first year must be a year between 2015 and 2026; you entered 1999"),
    ],
)
def test_bad_filters_are_refused_with_the_allowed_values(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        ex.filter_facts(TABLE, **kwargs)


def test_table_without_needed_columns_is_refused() -> None:
    with pytest.raises(ValueError, match="lacks the column\\(s\\): count"):
        ex.filter_facts(TABLE.drop(columns="count"))


# --- the chart's data and spec ---------------------------------------------------------------


def test_bars_per_view() -> None:
    bars = ex.supplier_bars(TABLE)
    chinese = bars[bars["view"] == "chinese"]
    assert chinese["supplier"].tolist() == ["All Chinese companies", "Huawei (China)"]
    everyone = bars[bars["view"] == "all"]
    assert everyone["supplier"].tolist() == [
        "All Chinese companies",
        "Huawei (China)",
        "All US companies",
        "NEC (Japan)",
        "IBM (US)",
        "Palantir (US)",
        "Cisco (US)",
    ]
    assert everyone["countries"].tolist() == [63, 50, 32, 14, 11, 9, 6]


def test_belt_and_road_view_splits_only_the_chinese_total() -> None:
    bri = ex.supplier_bars(TABLE).query("view == 'bri'")
    split = bri[bri["supplier"] == "All Chinese companies"]
    assert split[["segment", "start", "end"]].values.tolist() == [
        ["Belt and Road signatories", 0, 36],
        ["other countries", 36, 63],
    ]
    assert set(bri[bri["supplier"] != "All Chinese companies"]["segment"]) == {"share not reported"}


def test_chart_has_a_menu_tooltips_with_sources_and_a_description() -> None:
    spec = ex.supplier_chart(TABLE, "bri").to_dict()
    param = spec["params"][0]
    assert param["name"] == "supplier_view" and param["value"] == "bri"
    assert param["bind"]["options"] == ["chinese", "all", "bri"]
    assert "Huawei at least 50" in spec["description"]
    assert "at least 75 of 176" in spec["description"]
    text = str(spec)
    assert "'Sources'" in text and "feldstein2019aigs;wral2019aigs" in text


def test_chart_text_and_axis_follow_the_table() -> None:
    changed = TABLE.copy()
    changed.loc[changed["recipient"] == "75 of 176 countries", ["count", "recipient"]] = [85, "85 of 180 countries"]
    changed.loc[changed["supplier"] == "NEC", "count"] = 15
    spec = ex.supplier_chart(changed).to_dict()
    assert "Japan's NEC 15, IBM 11" in spec["description"]
    assert "the at least 85 of 180 countries found using AI surveillance" in spec["description"]
    assert spec["vconcat"][0]["layer"][0]["encoding"]["x"]["scale"]["domain"] == [0, 90]
    assert "at least 85 of 180 countries use AI surveillance" in str(spec)
    assert "(Huawei's are among the 63; IBM's, Palantir's and Cisco's among the 32)" in str(spec)


def test_chart_refuses_an_unknown_view() -> None:
    with pytest.raises(ValueError, match="The view must be one of: chinese, all, bri; you entered 'europe'"):
        ex.supplier_chart(TABLE, "europe")


# --- the live form ------------------------------------------------------------------------------


def test_widget_filters_as_controls_change() -> None:
    widget = ex.ExportsExplorer(TABLE)
    assert len(widget.result) == len(TABLE)
    widget.supplier_country.value = "United States"
    assert set(widget.result["supplier"]) == {"US companies", "IBM", "Palantir", "Cisco"}
    widget.kind.value = "aggregate_count"
    assert len(widget.result) == 4
    assert "<b>4</b> of" in widget.message.value
    widget.text.value = "palantir"
    assert widget.result["countries"].tolist() == ["9"]


def test_widget_reports_bad_years_without_a_traceback() -> None:
    widget = ex.ExportsExplorer(TABLE)
    widget.year_from.value = 2022
    widget.year_to.value = 2019
    assert widget.result is None
    assert ERROR_STYLE in widget.message.value
    assert "is after the last year" in widget.message.value
    widget.year_to.value = 2026
    assert isinstance(widget.result, pd.DataFrame) and widget.result.empty
    assert "Nothing matches" in widget.message.value


# --- the kinds of source ------------------------------------------------------------------------


def test_every_cited_key_is_classified() -> None:
    keys = {key for cell in TABLE["source"] for key in cell.split(";")}
    assert {ex.source_type(key) for key in keys} <= set(ex.source_kinds().values())
    assert ex.source_type("nosuchkey2099") == ex.UNCLASSIFIED


def test_source_profile_counts_rows_once_per_kind() -> None:
    small = pd.DataFrame(
        {
            "supplier": ["A", "B", "C"],
            "supplier_country": ["China", "China", "Japan"],
            "recipient": ["3 countries", "Kenya", "2 countries"],
            "kind": ["aggregate_count", "financing", "aggregate_count"],
            "count": pd.array([3, None, 2], dtype="Int64"),
            "count_qualifier": ["as reported", None, "at least"],
            "year": pd.array([2019, 2019, 2019], dtype="Int64"),
            "reported": ["x", "y", "z"],
            "study": [None, None, None],
            "source": ["feldstein2019aigs;arcesati2021lofty", "wral2019aigs", "feldstein2019aigs;wral2019aigs"],
        }
    )
    profile = ex.source_profile(small).set_index("source type")
    assert profile.loc["think tank (research)"].tolist() == [2, 2]
    assert profile.loc["news media"].tolist() == [2, 1]


def test_in_the_real_table_every_carnegie_count_comes_through_a_news_reproduction() -> None:
    carnegie = TABLE[TABLE["source"].str.contains("feldstein2019aigs")]
    counts = carnegie[carnegie["count"].notna()]
    assert len(counts) == 12
    assert counts["source"].str.contains("wral2019aigs").all()
