"""Who must hand over data? Lookups, the EU comparison, the chart and the live form."""

from __future__ import annotations

import pandas as pd
import pytest

from aigov import data
from aigov.cases import who_must_hand_over_data as ld
from aigov.forms import ERROR_STYLE

DUTIES = data.load("legal_duties")


def cited(company: str, requests="any") -> list[str]:
    found = ld.lookup(DUTIES, company, requests)
    return [f"{law} {article}" for law, article in zip(found["law"], found["article"])]


# --- lookups checked by hand against data/legal_duties.csv and the 'bound' texts ---------


def test_individual_is_bound_by_the_intelligence_and_data_security_laws_only() -> None:
    # NSL Art. 79 binds "enterprises and public institutions", the CAC rule binds "units":
    # NIL Arts. 7 and 14 name citizens, DSL Art. 35 names individuals. NIL Art. 7 has two
    # rows (cooperation, secrecy).
    assert cited("individual") == [
        "National Intelligence Law Art. 7",
        "National Intelligence Law Art. 7",
        "National Intelligence Law Art. 14",
        "Data Security Law Art. 35",
    ]


def test_surveillance_maker_without_network_service_gets_the_general_duties_only() -> None:
    assert cited("surveillance_maker") == [
        "National Security Law Art. 79",
        "National Intelligence Law Art. 7",
        "National Intelligence Law Art. 7",
        "National Intelligence Law Art. 14",
        "Regulations for Internet Content Management Administration Law Enforcement Procedures Art. 18",
        "Data Security Law Art. 35",
    ]
    assert cited("surveillance_maker") == cited("any_organisation")


def test_running_a_cloud_service_adds_the_four_cybersecurity_law_duties() -> None:
    # Current numbers (in force since 1 January 2026), with the 2016 numbers HRIC cites.
    extra = set(cited("surveillance_maker_cloud")) - set(cited("surveillance_maker"))
    assert extra == {
        f"Cybersecurity Law Art. {new} (Art. {old} before 2026)"
        for new, old in ((23, 21), (26, 24), (30, 28), (49, 47))
    }


def test_telecom_operator_technical_support_is_ctl_18_and_csl_30() -> None:
    assert cited("telecom_operator", "technical_support") == [
        "Counterterrorism Law Art. 18",
        "Cybersecurity Law Art. 30 (Art. 28 before 2026)",
    ]


def test_telecom_operator_is_not_bound_by_the_news_or_domain_rules() -> None:
    found = cited("telecom_operator", "real_name_data")
    assert found == ["Cybersecurity Law Art. 26 (Art. 24 before 2026)"]


def test_internet_platform_real_name_rules() -> None:
    assert cited("internet_platform", "real_name_data") == [
        "Cybersecurity Law Art. 26 (Art. 24 before 2026)",
        "Internet News Information Service Management Regulations Art. 13",
        "Internet Post and Comments Service Management Regulations Art. 5",
        "Internet User Public Account Information Service Management Regulations Art. 6",
    ]


def test_domain_registrar_gets_the_domain_measures() -> None:
    assert "Internet Domain Name Management Measures Art. 30" in cited("domain_registrar", "real_name_data")
    assert "Internet Domain Name Management Measures Art. 30" not in cited("internet_platform")


def test_internet_platform_logs_and_data_on_request() -> None:
    assert cited("internet_platform", ["logs", "data_on_request"]) == [
        "Cybersecurity Law Art. 23 (Art. 21 before 2026)",
        "Regulations for Internet Content Management Administration Law Enforcement Procedures Art. 18",
        "Regulation on Security Assessment of Internet Information Services of Public Opinion Nature or with Social Mobilization Capacity Art. 5",
        "Data Security Law Art. 35",
    ]


def test_counts_per_company_type_for_any_request() -> None:
    counts = {key: len(cited(key)) for key in ld.COMPANY_TYPES}
    assert counts == {
        "telecom_operator": 11,
        "internet_platform": 15,
        "domain_registrar": 11,
        "surveillance_maker": 6,
        "surveillance_maker_cloud": 10,
        "any_organisation": 6,
        "individual": 4,
    }


def test_keep_secret_is_the_intelligence_law_art_7() -> None:
    assert cited("internet_platform", "keep_secret") == ["National Intelligence Law Art. 7"]
    assert cited("individual", "keep_secret") == ["National Intelligence Law Art. 7"]


def test_lookup_rows_carry_duty_text_and_sources() -> None:
    found = ld.lookup(DUTIES, "telecom_operator", "technical_support")
    assert list(found.columns) == [
        "law",
        "article",
        "adopted",
        "duty",
        "what it requires",
        "who is bound (source's words)",
        "sources",
    ]
    first = found.iloc[0]
    assert first["adopted"] == 2015
    assert "decryption" in first["what it requires"]
    assert first["sources"] == "hric2019surveillance;npcsc2015ctl"


def test_summary_counts_and_names_provisions() -> None:
    text = ld.summary(DUTIES, "telecom_operator", ["technical_support", "logs"])
    assert text.startswith("3 provisions bind the company type “Telecom operator”")
    assert (
        "Counterterrorism Law Art. 18; Cybersecurity Law Art. 23 (Art. 21 before 2026); "
        "Cybersecurity Law Art. 30 (Art. 28 before 2026)" in text
    )


def test_every_row_of_the_table_binds_some_company_type() -> None:
    for _, row in DUTIES.iterrows():
        assert any(ld.binds(row, key) for key in ld.COMPANY_TYPES), row["id"]


def test_every_request_type_maps_to_a_duty_category_of_the_schema() -> None:
    allowed = next(f for f in data.describe("legal_duties")["schema"]["fields"] if f["name"] == "duty_category")
    enum = set(allowed["constraints"]["enum"])
    assert {r.duty_category for r in ld.REQUEST_TYPES.values()} == enum == set(ld.DUTY_LABELS)
    bound = next(f for f in data.describe("legal_duties")["schema"]["fields"] if f["name"] == "bound_category")
    for company in ld.COMPANY_TYPES.values():
        assert set(company.bound) <= set(bound["constraints"]["enum"])


# --- bad input ---------------------------------------------------------------------------


def test_unknown_company_type_names_the_allowed_values() -> None:
    with pytest.raises(
        ValueError, match="The company type must be one of: telecom_operator, internet_platform, .*; you entered 'bank'"
    ):
        ld.lookup(DUTIES, "bank")


def test_unknown_request_type_names_the_allowed_values() -> None:
    with pytest.raises(
        ValueError, match="Unknown request type\\(s\\): 'wiretap'. Allowed values: any, assist_security_work"
    ):
        ld.lookup(DUTIES, "internet_platform", ["logs", "wiretap"])


def test_empty_request_list_is_refused() -> None:
    with pytest.raises(ValueError, match="Pick at least one request type"):
        ld.lookup(DUTIES, "internet_platform", [])


def test_table_without_needed_columns_is_refused() -> None:
    with pytest.raises(ValueError, match="lacks the column\\(s\\): bound_category"):
        ld.lookup(DUTIES.drop(columns="bound_category"), "individual")


# --- the EU comparison ---------------------------------------------------------------------


def test_eu_comparison_says_so_where_nothing_is_sourced() -> None:
    table = ld.eu_comparison(["technical_support", "real_name_data", "keep_secret"])
    assert table["EU instrument"].tolist() == [ld.NO_COMPARISON] * 3


def test_eu_comparison_for_data_requests_names_the_gdpr_carve_out() -> None:
    table = ld.eu_comparison("data_on_request")
    assert "GDPR Art. 2(2)(d)" in table["article"].tolist()
    assert table.loc[table["article"] == "GDPR Art. 2(2)(d)", "sources"].item() == "gdpr2016;led2016"
    assert all(table["sources"] != "")


def test_every_eu_point_has_sources_and_every_duty_an_entry() -> None:
    field = next(f for f in data.describe(ld.EU_TABLE)["schema"]["fields"] if f["name"] == "duty_category")
    assert set(field["constraints"]["enum"]) == set(ld.DUTY_LABELS) == set(ld.EU_SHORT)
    assert ld.eu_comparison()["duty"].drop_duplicates().tolist() == list(ld.DUTY_LABELS.values())
    for sources in data.load(ld.EU_TABLE)["source"]:
        assert sources and all(key.strip() for key in sources.split(";"))


# --- the chart -------------------------------------------------------------------------------


def test_chart_rows_list_the_company_types_each_provision_binds() -> None:
    table = ld.chart_table(DUTIES).set_index("id")
    assert table.loc["nil-14", "applies_to"].endswith("|individual|")
    assert "|individual|" not in table.loc["nsl-79", "applies_to"]
    assert table.loc["domain-names-30", "applies_to"] == "|domain_registrar|"


def test_chart_has_two_menus_a_description_and_one_cell_per_provision() -> None:
    spec = ld.duties_chart(DUTIES, "individual", "technical_support").to_dict()
    params = {p["name"]: p for p in spec["params"]}
    assert params["company_type"]["bind"]["input"] == "select"
    assert params["company_type"]["value"] == "individual"
    assert params["request_type"]["value"] == "technical_support_and_decryption"
    assert params["request_type"]["bind"]["options"][0] == "any"
    assert "No provision in the table binds" in spec["description"]
    datasets = spec["datasets"].values()
    assert any(len(rows) == len(DUTIES) and "applies_to" in rows[0] for rows in datasets)


def test_chart_refuses_unknown_choices() -> None:
    with pytest.raises(ValueError, match="The company type must be one of"):
        ld.duties_chart(DUTIES, "bank")


# --- the live form ------------------------------------------------------------------------------


def test_widget_shows_provisions_and_eu_counterparts() -> None:
    widget = ld.DutiesExplorer(DUTIES)
    assert widget.result is not None and len(widget.result) == 2  # CAC enforcement procedures Art. 18, DSL Art. 35
    assert "e-Evidence Regulation" in widget.message.value
    widget.company.value = "individual"
    assert widget.result["article"].tolist() == ["Art. 35"]
    widget.requests.value = ("technical_support",)
    assert widget.result is not None and widget.result.empty
    assert "No provision in the table binds" in widget.message.value
    widget.requests.value = ("assist_security_work",)
    assert widget.result["article"].tolist() == ["Art. 7", "Art. 14"]


def test_widget_reports_an_empty_choice_without_a_traceback() -> None:
    widget = ld.DutiesExplorer(DUTIES)
    widget.requests.value = ()
    assert widget.result is None
    assert ERROR_STYLE in widget.message.value
    assert "Pick at least one request type" in widget.message.value
    widget.requests.value = ("technical_support",)
    assert isinstance(widget.result, pd.DataFrame) and len(widget.result) == 2


def test_count_matrix_matches_the_lookups() -> None:
    matrix = ld.counts(DUTIES)
    assert matrix.loc["Telecom operator", "Technical support, decryption"] == 2
    # NIL Arts. 7 and 14 and DSL Art. 35: three provisions, although NIL Art. 7 has two rows.
    assert matrix.loc["Individual citizen", "any request"] == 3
    # NIL Art. 7's secrecy duty binds all organisations and citizens: every company type.
    assert (matrix["Keep the request secret"] == 1).all()
    # NIL Art. 7 is counted once in each of its two duty columns, but once only in "any request".
    assert (matrix.drop(columns="any request").sum(axis=1) == matrix["any request"] + 1).all()


def test_provisions_counts_an_article_with_two_duties_once() -> None:
    rows = ld.lookup(DUTIES, "individual")
    assert len(rows) == 4
    assert ld.provisions(rows) == [
        ("National Intelligence Law", "Art. 7"),
        ("National Intelligence Law", "Art. 14"),
        ("Data Security Law", "Art. 35"),
    ]
    assert ld.summary(DUTIES, "individual").startswith("3 provisions bind")
    # The chart's count may skip repeated rows only if they bind the same companies and
    # sit in different duty columns (so a single request never matches two of them).
    table = ld.chart_table(DUTIES)
    for _, group in table.groupby(["law", "article"]):
        assert group["applies_to"].nunique() == 1
        assert group["duty_category"].is_unique
    assert table["repeat"].sum() == len(table) - len(ld.provisions(table))


def test_chart_description_counts_cells_and_provisions() -> None:
    spec = ld.duties_chart(DUTIES, "internet_platform", "any").to_dict()
    table = ld.chart_table(DUTIES)
    cells, distinct = len(table), len(ld.provisions(table))
    assert cells == distinct + 1
    assert f"The {cells} filled cells hold {distinct} provisions" in spec["description"]


# --- article labels (the 2026 renumbering of the Cybersecurity Law) --------------------------------


def test_article_label_shows_the_old_number_only_where_it_changed() -> None:
    assert ld.article_label({"article": "Art. 26", "article_before_2026": "Art. 24"}) == "Art. 26 (Art. 24 before 2026)"
    assert ld.article_label({"article": "Art. 79", "article_before_2026": ""}) == "Art. 79"
    assert ld.article_label({"article": "Art. 79", "article_before_2026": None}) == "Art. 79"
    assert ld.article_label({"article": "Art. 79"}) == "Art. 79"


def test_chart_tooltip_carries_both_numbers() -> None:
    table = ld.chart_table(DUTIES).set_index("id")
    assert table.loc["csl-30", "article"] == "Art. 30"
    assert table.loc["csl-30", "article_label"] == "Art. 30 (Art. 28 before 2026)"
    assert table.loc["nsl-79", "article_label"] == "Art. 79"
