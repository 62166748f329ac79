"""The compliance-checker lab's live form, without a browser: set a control, read message and result."""

from __future__ import annotations

import html

import pytest

from aigov import rules
from aigov.labs import compliance_checker
from aigov.labs.compliance_checker import ComplianceChecker


def test_compliance_checker_starts_from_a_worked_scenario() -> None:
    checker = ComplianceChecker(start="hotel-room-camera")
    assert checker.fields["place"].value == "private_space"
    assert "<b>CAC/MPS Measures (2025)</b>: prohibited" in checker.message.value
    assert "cac2025-private-spaces" in set(checker.result["provision"])


def test_compliance_checker_follows_the_form() -> None:
    checker = ComplianceChecker(start="hangzhou-safari-park")
    assert "<b>CAC/MPS Measures (2025)</b>: prohibited" in checker.message.value
    # Offer an alternative, ask separately, keep data in the device, assess first, tell people (Art. 5):
    checker.fields["full_notice"].value = True
    checker.fields["alternative_offered"].value = True
    checker.fields["consent"].value = "separate"
    checker.fields["storage"].value = "on_device"
    checker.fields["impact_assessment"].value = True
    assert "<b>CAC/MPS Measures (2025)</b>: permitted" in checker.message.value
    checker.fields["inferred_attributes"].value = ("race",)
    assert "<b>EU AI Act (2024, amended 2026)</b>: prohibited" in checker.message.value


def test_compliance_checker_switches_examples() -> None:
    checker = ComplianceChecker(start="hangzhou-safari-park")
    checker.example.value = "station-watchlist"
    assert checker.fields["operator"].value == "law_enforcement"
    assert "<b>GDPR (EU, 2016)</b>: out of scope" in checker.message.value
    assert "<b>EU AI Act (2024, amended 2026)</b>: prohibited" in checker.message.value


def test_compliance_checker_names_the_control_at_fault() -> None:
    checker = ComplianceChecker()
    checker.fields["people_stored"].value = -3
    assert checker.result is None
    assert (
        "“People whose face data are stored”: -3 is not allowed; a whole number from 0 to 8,300,000,000"
        in checker.message.value
    )
    with pytest.raises(ValueError, match="unknown example 'zoo'"):
        ComplianceChecker(start="zoo")


def test_verdict_table_links_the_provisions_that_decide_each_verdict() -> None:
    scenarios = rules.example_scenarios()
    table = compliance_checker.verdict_table_html(scenarios)
    regimes = rules.load_rules().regimes
    assert table.count('<th scope="row">') == len(scenarios)
    assert table.count('<th scope="col">') == len(regimes) + 1
    # A camera in a hotel room: both CAC texts ban facial recognition in private spaces.
    hotel_row = table.split(scenarios["hotel-room-camera"]["name"], 1)[1].split("</tr>", 1)[0]
    assert hotel_row.count("<strong>prohibited</strong>") >= 2
    # Each link is named by the provision's title in words, not its id.
    for provision in ("cac2023-private-spaces", "cac2025-private-spaces"):
        title = html.escape(rules.load_rules().provision(provision)["title"])
        assert f'href="scenario-schema.html#{rules.provision_anchor(provision)}">{title}</a>' in hotel_row
    assert ">cac2023-private-spaces<" not in hotel_row


def test_findings_block_lists_every_finding_and_the_assumptions() -> None:
    park = rules.example_scenarios()["hangzhou-safari-park"]
    block = compliance_checker.findings_html(park, page="../chapters/facial-recognition/scenario-schema.html")
    findings = rules.assess(park)
    assert block.startswith('<details class="aigov-findings">')
    assert f"{len(findings)} findings</summary>" in block
    assert block.count("<tr><td>") == len(findings)
    assert all(f'#{rules.provision_anchor(f.provision)}"' in block for f in findings)
    assert all(assumption.replace("'", "&#x27;") in block for assumption in park["assumptions"])


def test_regimes_table_shows_each_status_in_full() -> None:
    data = rules.load_rules()
    table = compliance_checker.regimes_table_html(data)
    assert "…" not in table
    for regime in data.regimes:
        assert html.escape(regime["status"]) in table


def test_service_checker_is_the_same_form_with_the_genai_rulebook() -> None:
    checker = ComplianceChecker(rulebook=rules.GENAI)
    assert checker.example.value == "public-chatbot"
    assert "rulebook" not in checker.fields and "name" not in checker.fields
    assert "<b>Generative AI Interim Measures (2023)</b>: permitted" in checker.message.value
    # Interim Measures Art. 15: without a complaint channel the service requires one.
    checker.fields["complaint_channel"].value = False
    assert "<b>Generative AI Interim Measures (2023)</b>: requires action" in checker.message.value
    assert "genai-15-complaints" in set(checker.result["provision"])
    # The face-swap app: deep synthesis Art. 14 asks for the consent of the people edited.
    checker.example.value = "face-swap-app"
    assert checker.fields["service_kinds"].value == ("image", "video", "face_voice_editing")
    assert "deepsynth-14-biometric-consent" in set(checker.result["provision"])


def test_service_tables_link_to_the_service_reference_page() -> None:
    services = rules.example_scenarios(rules.GENAI)
    table = compliance_checker.verdict_table_html(services, rulebook=rules.GENAI)
    scope_title = html.escape(rules.load_rules(rulebook=rules.GENAI).provision("genai-2-scope")["title"])
    assert f'href="service-schema.html#provision-genai-2-scope">{scope_title}</a>' in table
    assert "scenario-schema.html" not in table
    block = compliance_checker.findings_html(services["news-recommender"], rulebook=rules.GENAI)
    assert 'href="service-schema.html#provision-algorec-17-switch-off"' in block
    data = compliance_checker.page_data("../../appendix/bibliography.html", rulebook=rules.GENAI)
    assert data["reference"] == "service-schema.html" and data["start"] == "public-chatbot"
    assert set(data["examples"]) == set(services)


def test_scenario_table_names_facts_in_words_and_lists_the_assumptions() -> None:
    park = rules.example_scenarios()["hangzhou-safari-park"]
    table = compliance_checker.scenario_html(park, ["operator", "people_stored", "impact_assessment"])
    titles = rules.scenario_schema()["properties"]
    for field in ("operator", "people_stored", "impact_assessment"):
        assert f'<th scope="row">{html.escape(titles[field]["title"])}</th>' in table
    assert f"<td>{park['operator'].replace('_', ' ')}</td>" in table
    assert f"<td>{'yes' if park['impact_assessment'] else 'no'}</td>" in table
    assert f"<td>{park['people_stored']:,}</td>" in table
    assert table.count("<li>") == len(park["assumptions"]) > 0
    assert "{'" not in table and "_" not in table.split("<p>")[0].replace("scope=", "")
