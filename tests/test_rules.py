"""The facial-recognition rules engine: every provision triggered and not, bad scenarios, the provisions file.

The expected outcomes below are written from the provisions as the chapter describes them
(draft, Measures, PIPL, GDPR, AI Act, BIPA), not copied from the engine's output: each case
changes a neutral, compliant scenario in one or two ways and says what the law should say.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from support import provision_test_gaps

from aigov import rules
from aigov.bibliography import citation_keys

# An adult customer at a shop's door, with separate consent, a non-facial alternative,
# data kept in the device, signs and an impact assessment: as compliant as a scenario gets.
BASE = {
    "name": "test scenario",
    "operator": "private_company",
    "purpose": "access_control",
    "place": "business_premises",
    "consent": "separate",
    "alternative_offered": True,
    "youngest_age": 30,
    "guardian_consent": False,
    "inferred_attributes": [],
    "identifies_individuals": True,
    "people_stored": 100,
    "retention_days": 30,
    "storage": "on_device",
    "signage": True,
    "full_notice": True,
    "real_time_remote_identification": False,
    "untargeted_scraping": False,
    "law_enforcement_ground": "none",
    "prior_authorisation": False,
    "impact_assessment": True,
    "sells_data": False,
}
POLICE = {"operator": "law_enforcement", "purpose": "public_security", "place": "public_place"}

# provision id -> [(changes to BASE, expected outcome or None if the provision does not apply)]
CASES: dict[str, list[tuple[dict, str | None]]] = {
    "cac2023-necessity": [({}, "permitted"), ({"alternative_offered": False}, "requires")],
    "cac2023-consent": [
        ({}, "permitted"),
        ({"consent": "general"}, "requires"),
        ({"consent": "none", "purpose": "public_security"}, "exemption applies"),
    ],
    "cac2023-minors": [
        ({}, None),
        ({"youngest_age": 14}, None),
        ({"youngest_age": 13}, "requires"),
        ({"youngest_age": 13, "guardian_consent": True}, "permitted"),
        ({"youngest_age": 5, "purpose": "public_security"}, "exemption applies"),
    ],
    "cac2023-private-spaces": [
        ({}, None),
        ({"place": "private_space"}, "prohibited"),
        ({"place": "private_space", "consent": "written"}, "prohibited"),
    ],
    "cac2023-sensitive-analysis": [
        ({}, None),
        ({"inferred_attributes": ["age", "sex"]}, None),
        ({"inferred_attributes": ["ethnicity"], "consent": "general"}, "prohibited"),
        ({"inferred_attributes": ["religion"]}, "permitted"),
        ({"inferred_attributes": ["health"], "consent": "none", "purpose": "national_security"}, "exemption applies"),
    ],
    "cac2023-public-places": [
        ({}, None),
        ({"place": "public_place", "purpose": "public_security"}, "permitted"),
        ({"place": "public_place", "purpose": "public_security", "signage": False}, "requires"),
        ({"place": "public_place", "purpose": "marketing", "consent": "none"}, "requires"),
        ({"place": "public_place", "purpose": "marketing"}, "requires"),
    ],
    "cac2023-remote-identification": [
        ({}, None),
        ({"real_time_remote_identification": True}, "prohibited"),
        ({"real_time_remote_identification": True, "place": "school"}, None),
        ({"real_time_remote_identification": True, **POLICE}, "exemption applies"),
    ],
    "cac2023-major-interests": [
        ({}, None),
        ({"purpose": "major_personal_interest", "alternative_offered": False}, "requires"),
        ({"purpose": "major_personal_interest"}, "permitted"),
    ],
    "cac2023-property-management": [
        ({}, None),
        ({"operator": "property_manager", "alternative_offered": False}, "prohibited"),
        ({"place": "residential_compound"}, "permitted"),
        ({"operator": "property_manager", "purpose": "marketing", "alternative_offered": False}, None),
    ],
    "cac2023-no-pressure": [
        ({}, "permitted"),
        ({"alternative_offered": False}, "prohibited"),
        ({"alternative_offered": False, "purpose": "marketing"}, None),
    ],
    "cac2023-impact-assessment": [({}, "permitted"), ({"impact_assessment": False}, "requires")],
    "cac2023-filing": [
        ({}, None),
        ({"people_stored": 10_000}, None),
        ({"people_stored": 10_001}, "requires"),
        ({"place": "public_place", "purpose": "public_security"}, "requires"),
    ],
    "cac2025-scope": [({}, None), ({"purpose": "research_and_training"}, "exemption applies")],
    "cac2025-no-mandatory-scan": [
        ({}, "permitted"),
        ({"alternative_offered": False}, "prohibited"),
        ({"alternative_offered": False, "purpose": "payment"}, "prohibited"),
        ({"alternative_offered": False, "purpose": "marketing"}, None),
        ({"alternative_offered": False, **POLICE}, None),
    ],
    "cac2025-consent": [
        ({}, "permitted"),
        ({"consent": "none"}, "requires"),
        ({"consent": "none", "purpose": "emergency"}, "exemption applies"),
    ],
    "cac2025-minors": [
        ({}, None),
        ({"youngest_age": 13}, "requires"),
        ({"youngest_age": 13, "guardian_consent": True}, "permitted"),
        ({"youngest_age": 0, **POLICE}, "exemption applies"),
    ],
    "cac2025-storage": [
        ({}, None),
        ({"storage": "networked"}, "permitted"),
        ({"storage": "networked", "consent": "general"}, "requires"),
    ],
    # Art. 5: notice before processing (the engine leaves security purposes out).
    "cac2025-notice": [
        ({}, "permitted"),
        ({"full_notice": False}, "requires"),
        ({**POLICE, "full_notice": False}, None),
    ],
    "cac2025-private-spaces": [({}, None), ({"place": "private_space"}, "prohibited")],
    "cac2025-public-places": [
        ({}, None),
        ({"place": "public_place", "purpose": "public_security"}, "permitted"),
        ({"place": "public_place", "purpose": "marketing"}, "requires"),
    ],
    "cac2025-impact-assessment": [({}, "permitted"), ({"impact_assessment": False}, "requires")],
    "cac2025-filing": [({"people_stored": 99_999}, None), ({"people_stored": 100_000}, "requires")],
    "pipl-13-legal-basis": [
        ({}, "permitted"),
        ({"consent": "general"}, "permitted"),
        ({"consent": "none"}, "requires"),
        ({"consent": "notice_only"}, "requires"),
        ({"consent": "none", "purpose": "public_security"}, "exemption applies"),
    ],
    # Art. 14: consent is voluntary, explicit and fully informed; a sign or text message is notice, not consent.
    "pipl-14-valid-consent": [
        ({"consent": "none"}, None),
        ({"consent": "notice_only"}, "requires"),
        ({"consent": "general"}, "permitted"),
        ({"consent": "notice_only", "purpose": "public_security"}, "exemption applies"),
    ],
    # Art. 16: no refusing a service to those who withhold consent, unless the processing is necessary for it.
    "pipl-16-no-refusal": [
        ({"purpose": "marketing", "alternative_offered": False}, None),
        ({"alternative_offered": False}, "prohibited"),
        ({"alternative_offered": False, "consent": "written"}, "prohibited"),
        ({"purpose": "payment"}, "permitted"),
    ],
    # Arts. 17 and 30: prior notice, including the necessity and the effect on the person for sensitive data.
    "pipl-17-30-notice": [
        ({**POLICE, "full_notice": False}, None),
        ({"full_notice": False}, "requires"),
        ({"full_notice": False, "signage": True, "consent": "separate"}, "requires"),
        ({}, "permitted"),
    ],
    # Art. 26: public security only; other uses of the images need the individual's *separate* consent.
    "pipl-26-public-places": [
        ({}, None),
        ({"place": "public_place", "purpose": "public_security"}, "permitted"),
        ({"place": "public_place", "purpose": "public_security", "signage": False}, "requires"),
        ({"place": "public_place", "purpose": "marketing", "consent": "written"}, "requires"),
    ],
    # Arts. 28-29: biometrics are sensitive; consent-based processing needs separate consent.
    "pipl-29-sensitive-consent": [
        ({}, "permitted"),
        ({"consent": "general"}, "requires"),
        ({"consent": "notice_only"}, "requires"),
        ({"consent": "none", "purpose": "emergency"}, "exemption applies"),
    ],
    # Arts. 28 and 31: under-14s' information is sensitive and needs a parent's or guardian's consent.
    "pipl-31-minors": [
        ({"youngest_age": 14}, None),
        ({"youngest_age": 13}, "requires"),
        ({"youngest_age": 13, "consent": "written"}, "requires"),
        ({"youngest_age": 13, "guardian_consent": True}, "permitted"),
        ({"youngest_age": 13, "purpose": "public_security"}, "exemption applies"),
    ],
    # Arts. 55-56: an impact assessment before processing sensitive data, for any operator, police included.
    "pipl-55-impact-assessment": [
        ({}, "permitted"),
        ({"impact_assessment": False}, "requires"),
        ({**POLICE, "impact_assessment": False}, "requires"),
    ],
    "gdpr-2-law-enforcement": [
        ({}, None),
        ({"operator": "law_enforcement", "purpose": "access_control"}, None),
        (POLICE, "exemption applies"),
    ],
    # Art. 9(1): biometric data are special only when processed to identify a person uniquely.
    "gdpr-9-biometric": [
        ({}, "permitted"),
        ({"consent": "general"}, "prohibited"),
        ({"identifies_individuals": False, "consent": "none"}, None),
    ],
    "gdpr-9-inferred": [
        ({"inferred_attributes": ["emotion", "age"]}, None),
        ({"inferred_attributes": ["political_opinion"], "consent": "none"}, "prohibited"),
        ({"inferred_attributes": ["race"]}, "permitted"),
        # Racial or ethnic origin is its own limb: caught without identifying anyone.
        ({"inferred_attributes": ["ethnicity"], "identifies_individuals": False, "consent": "none"}, "prohibited"),
    ],
    "gdpr-35-dpia": [
        ({"people_stored": 9_999}, None),
        ({"people_stored": 10_000}, "permitted"),
        ({"people_stored": 10_000, "impact_assessment": False}, "requires"),
        ({"people_stored": 10_000, "identifies_individuals": False}, None),
        ({"people_stored": 10_000, "identifies_individuals": False, "inferred_attributes": ["health"]}, "permitted"),
    ],
    # Art. 35(3)(c): systematic monitoring of a publicly accessible area on a large scale.
    "gdpr-35-3-c-monitoring": [
        ({"people_stored": 10_000, "place": "workplace"}, None),
        ({"people_stored": 9_999}, None),
        ({"people_stored": 10_000}, "permitted"),
        ({"people_stored": 10_000, "place": "public_place", "impact_assessment": False}, "requires"),
    ],
    "aiact-5-1-e-scraping": [({}, None), ({"untargeted_scraping": True}, "prohibited")],
    "aiact-5-1-f-emotion": [
        ({"inferred_attributes": ["emotion"]}, None),
        ({"inferred_attributes": ["emotion"], "place": "workplace"}, "prohibited"),
        ({"inferred_attributes": ["emotion"], "place": "school", "purpose": "medical_or_safety"}, "exemption applies"),
    ],
    "aiact-5-1-g-categorisation": [
        ({"inferred_attributes": ["age", "sex", "emotion"]}, None),
        ({"inferred_attributes": ["race"]}, "prohibited"),
        # Art. 5(1)(g) names race, not ethnic origin.
        ({"inferred_attributes": ["ethnicity"]}, None),
        ({"inferred_attributes": ["sex_life_or_orientation"], "consent": "written"}, "prohibited"),
    ],
    "aiact-5-1-h-realtime-rbi": [
        ({"real_time_remote_identification": True}, None),
        ({**POLICE, "real_time_remote_identification": False}, None),
        ({**POLICE, "real_time_remote_identification": True}, "prohibited"),
        # Art. 5(2)-(7): claiming an objective is not enough without prior authorisation.
        ({**POLICE, "real_time_remote_identification": True, "law_enforcement_ground": "victim_search"}, "prohibited"),
        (
            {
                **POLICE,
                "real_time_remote_identification": True,
                "law_enforcement_ground": "victim_search",
                "prior_authorisation": True,
            },
            "exemption applies",
        ),
    ],
    # Art. 50(3): tell people exposed to emotion recognition or biometric categorisation.
    "aiact-50-3-transparency": [
        ({}, None),
        ({"inferred_attributes": ["age"], "full_notice": False}, "requires"),
        ({"inferred_attributes": ["emotion"]}, "permitted"),
        ({**POLICE, "inferred_attributes": ["sex"], "full_notice": False}, "exemption applies"),
    ],
    "bipa-scope": [
        ({}, None),
        ({"operator": "public_authority"}, "exemption applies"),
        (POLICE, "exemption applies"),
    ],
    "bipa-15b-written-release": [({}, "requires"), ({"consent": "written"}, "permitted")],
    "bipa-15a-retention": [({"retention_days": 1095}, None), ({"retention_days": 1096}, "requires")],
    "bipa-15c-no-sale": [({}, None), ({"sells_data": True}, "prohibited")],
}


def scenario(**changes: object) -> dict:
    result = copy.deepcopy(BASE)
    result.update(changes)
    return result


def _outcome(provision_id: str, changes: dict) -> str | None:
    matches = [f for f in rules.assess(scenario(**changes)) if f.provision == provision_id]
    assert len(matches) <= 1
    return matches[0].outcome if matches else None


@pytest.mark.parametrize(
    ("provision_id", "changes", "expected"),
    [(pid, changes, expected) for pid, cases in CASES.items() for changes, expected in cases],
    ids=[f"{pid}-{i}" for pid, cases in CASES.items() for i in range(len(cases))],
)
def test_provision_outcome(provision_id: str, changes: dict, expected: str | None) -> None:
    assert _outcome(provision_id, changes) == expected


def test_every_provision_is_tested_triggered_and_not() -> None:
    # Each is triggered and not (unless it always applies), and each outcome it can explain is reached.
    assert provision_test_gaps(rules.load_rules().provisions, CASES) == []


def test_out_of_scope_leaves_one_finding_for_the_regime() -> None:
    findings = rules.assess(scenario(purpose="research_and_training", place="private_space"))
    cac2025 = [f for f in findings if f.regime == "cac2025"]
    assert [f.provision for f in cac2025] == ["cac2025-scope"]
    assert rules.verdict(findings, "cac2025") == "out of scope"
    # The draft had no such carve-out: its private-space ban still bites.
    assert rules.verdict(findings, "cac2023") == "prohibited"


def test_verdict_is_the_gravest_finding() -> None:
    findings = rules.assess(scenario(alternative_offered=False, impact_assessment=False))
    assert rules.verdict(findings, "cac2025") == "prohibited"
    assert rules.verdict(rules.assess(scenario(impact_assessment=False)), "cac2023") == "requires action"
    assert rules.verdict(findings, "euaiact") == "no provision applies"
    assert rules.verdict(rules.assess(scenario()), "pipl") == "permitted"


def test_regime_filter() -> None:
    findings = rules.assess(scenario(), regimes=["gdpr"])
    assert findings and {f.regime for f in findings} == {"gdpr"}
    with pytest.raises(ValueError, match="unknown regime 'ccpa'; choose one of: cac2023"):
        rules.assess(scenario(), regimes=["ccpa"])


def test_findings_carry_article_explanation_and_resolvable_citations() -> None:
    keys = citation_keys()
    for example in rules.example_scenarios().values():
        for finding in rules.assess(example):
            assert finding.article and finding.explanation.endswith(".")
            assert all(key in keys for key in finding.citation.split(";"))
            if finding.outcome == "requires":
                assert finding.requirement


def test_example_scenarios_are_valid_and_cite_real_sources() -> None:
    examples = rules.example_scenarios()
    assert {
        "hangzhou-safari-park",
        "hotel-room-camera",
        "shop-infers-ethnicity",
        "school-attendance",
        "station-watchlist",
        "residential-gate",
    } <= set(examples)
    keys = citation_keys()
    for example in examples.values():
        assert all(key in keys for key in example.get("based_on", []))
        assert example.get("assumptions"), f"{example['name']} does not say which values are assumptions"


# --- bad scenarios --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "removed", "expected"),
    [
        (
            {"place": "hotel"},
            None,
            "field 'place': \"hotel\" is not allowed; allowed values: private_space, public_place",
        ),
        ({"signage": "yes"}, None, "field 'signage': \"yes\" is not allowed; allowed values: true, false"),
        ({"youngest_age": -1}, None, "field 'youngest_age': -1 is not allowed; a whole number from 0 to 120"),
        (
            {"people_stored": 2.5},
            None,
            "field 'people_stored': 2.5 is not allowed; a whole number from 0 to 8,300,000,000",
        ),
        (
            {"inferred_attributes": ["mood"]},
            None,
            "field 'inferred_attributes': item \"mood\" is not allowed; allowed values: race",
        ),
        (
            {"inferred_attributes": ["race", "race"]},
            None,
            "field 'inferred_attributes' lists the same value more than once",
        ),
        ({"plcae": "school"}, None, "unknown field 'plcae'; did you mean 'place'?"),
        ({}, "consent", "missing field 'consent' (allowed values: none, notice_only, general, separate, written)"),
    ],
)
def test_bad_scenario_names_field_and_allowed_values(changes: dict, removed: str | None, expected: str) -> None:
    bad = scenario(**changes)
    if removed:
        del bad[removed]
    with pytest.raises(rules.ScenarioError) as caught:
        rules.assess(bad)
    assert expected in str(caught.value)


def test_scenario_must_be_an_object() -> None:
    with pytest.raises(rules.ScenarioError, match="must be a JSON object"):
        rules.validate_scenario([1, 2])


def test_bad_scenario_files(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"name": "x",', encoding="utf-8")
    with pytest.raises(rules.ScenarioError, match=r"broken.json: not valid JSON at line 1"):
        rules.load_scenario(broken)
    with pytest.raises(rules.ScenarioError, match="file not found"):
        rules.load_scenario(tmp_path / "missing.json")
    with pytest.raises(rules.ScenarioError, match=r"^.*: a folder, not a scenario file$"):
        rules.load_scenario(tmp_path)


def _scenario_text(**changes: object) -> str:
    return json.dumps(scenario(**changes), ensure_ascii=False)


def _with_raw_value(field: str, raw: str) -> bytes:
    """BASE as JSON text with ``field``'s value replaced by ``raw`` text."""
    return _scenario_text(**{field: None}).replace(f'"{field}": null', f'"{field}": {raw}').encode()


# Malformed input read from bytes -> the one-line message after the source's name.
MALFORMED = [
    (b"\xff\xfe{}", "not UTF-8 text (byte 0xff at offset 0)"),
    (b"[" * 100_000 + b"]" * 100_000, "arrays or objects nested more than 20 levels deep at line 1, column 21"),
    (
        _with_raw_value("assumptions", "[" * 5_000 + "]" * 5_000),
        "field 'assumptions': arrays or objects nested more than 20 levels deep at line 1, column ",
    ),
    (
        _with_raw_value("people_stored", "1" * 5_000),
        "field 'people_stored': a 5,000-digit number is not allowed; a whole number from 0 to 8,300,000,000",
    ),
    (b"[]", "a scenario must be a JSON object (got an array)"),
    (b"null", "a scenario must be a JSON object (got null)"),
    (b'"a scenario"', "a scenario must be a JSON object (got a string)"),
    (b"12", "a scenario must be a JSON object (got a number)"),
    (b"false", "a scenario must be a JSON object (got false)"),
    (_scenario_text(name="").encode(), "field 'name': \"\" is not allowed; text, not blank"),
    (_scenario_text(name="\u3000 ").encode(), "field 'name': \"\\u3000 \" is not allowed; text, not blank"),
    (
        _scenario_text(name="\x1b[31mred").encode(),
        "field 'name': \"\\u001b[31mred\" contains a control character (an escape code, tab or line break)",
    ),
    (
        _scenario_text(description="line\rover").encode(),
        "field 'description': \"line\\rover\" contains a control character (an escape code, tab or line break)",
    ),
    (
        _scenario_text(assumptions=["bell\x07", "fine"]).encode(),
        "field 'assumptions': item \"bell\\u0007\" contains a control character (an escape code, tab or line break)",
    ),
    (
        _scenario_text(people_stored=8_300_000_001).encode(),
        "field 'people_stored': 8300000001 is not allowed; a whole number from 0 to 8,300,000,000",
    ),
    (
        _scenario_text(retention_days=36_526).encode(),
        "field 'retention_days': 36526 is not allowed; a whole number from 0 to 36,525",
    ),
    (
        _scenario_text(youngest_age=121).encode(),
        "field 'youngest_age': 121 is not allowed; a whole number from 0 to 120",
    ),
    (
        _scenario_text(**{"\x1b[2Jwiped": 1}).encode(),
        "unknown field '\\x1b[2Jwiped'; known fields: alternative_offered",
    ),
]


@pytest.mark.parametrize(("content", "expected"), MALFORMED, ids=[expected[:40] for _, expected in MALFORMED])
def test_malformed_input_gets_one_printable_line(content: bytes, expected: str) -> None:
    with pytest.raises(rules.ScenarioError) as caught:
        rules.read_scenario(content, "odd.json")
    message = str(caught.value)
    assert message.startswith(f"odd.json: {expected}")
    assert "\n" not in message and message.isprintable()


def test_plausible_extremes_and_a_byte_order_mark_are_accepted() -> None:
    extremes = _scenario_text(people_stored=8_300_000_000, retention_days=36_525, youngest_age=120, name="边 x")
    assert rules.read_scenario("\ufeff".encode() + extremes.encode(), "bom.json")["people_stored"] == 8_300_000_000


def test_validate_scenario_names_values_that_cannot_be_checked() -> None:
    with pytest.raises(rules.ScenarioError, match="field 'signage': a number of more than 30 digits is not allowed"):
        rules.validate_scenario(scenario(signage=10**5_000))
    deep: list = []
    for _ in range(3_000):
        deep = [deep]
    with pytest.raises(rules.ScenarioError, match="field 'description': arrays or objects nested more than 20"):
        rules.validate_scenario(scenario(description=deep))


def test_printable_escapes_what_a_terminal_would_obey() -> None:
    assert rules.printable("red\x1b[31m\r\u202eok 边") == "red\\x1b[31m\\r\\u202eok 边"


# --- the provisions file ---------------------------------------------------------------


def _broken_rules(tmp_path: Path, change) -> Path:
    data = json.loads(rules.PROVISIONS.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "provisions.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["provisions"][0]["citation"].append("nosuchkey2099"), "unknown citation key 'nosuchkey2099'"),
        (
            lambda d: d["provisions"][0]["applies_when"].update(
                {"all": [{"field": "colour", "op": "equals", "value": 1}]}
            ),
            "unknown scenario field 'colour'",
        ),
        (
            lambda d: d["provisions"][0]["applies_when"].update(
                {"all": [{"field": "place", "op": "equals", "value": "moon"}]}
            ),
            "not allowed for 'place'",
        ),
        (lambda d: d["provisions"][0]["explain"].pop("permitted"), "no explanation for outcome(s) ['permitted']"),
        (lambda d: d["provisions"].append(copy.deepcopy(d["provisions"][0])), "duplicate id"),
        (lambda d: d["provisions"][0].update({"regime": "mars"}), "unknown regime 'mars'"),
        (lambda d: d["provisions"][0].update({"outcome": "maybe"}), "'maybe' is not one of"),
    ],
)
def test_inconsistent_provisions_are_refused(tmp_path: Path, change, message: str) -> None:
    with pytest.raises(rules.RulesError) as caught:
        rules.load_rules(_broken_rules(tmp_path, change))
    assert message in str(caught.value)


# --- PIPL verdicts pinned (Arts. 14, 16, 17/30, 29, 31, 55-56) ------------------------------


@pytest.mark.parametrize(
    ("example", "expected"),
    [
        # A text message is notice, not consent (Art. 14); face-only entry refuses service (Art. 16).
        ("hangzhou-safari-park", "prohibited"),
        # Pupils under 14 with no other way to register (Art. 16); no impact assessment (Art. 55).
        ("school-attendance", "prohibited"),
        # No legal basis, notice or impact assessment, but no service refused.
        ("hotel-room-camera", "requires action"),
        ("shop-infers-ethnicity", "requires action"),
        # Public security needs no consent, but still an impact assessment (Art. 55).
        ("station-watchlist", "requires action"),
        ("residential-gate", "permitted"),
    ],
)
def test_pipl_verdicts_of_the_examples_arts_14_16_17_30_55(example: str, expected: str) -> None:
    findings = rules.assess(rules.example_scenarios()[example])
    assert rules.verdict(findings, "pipl") == expected


def test_pipl_arts_16_17_55_separate_consent_alone_does_not_make_the_park_lawful() -> None:
    park = rules.example_scenarios()["hangzhou-safari-park"]
    with_consent = {**park, "consent": "separate"}
    findings = rules.assess(with_consent, regimes=["pipl"])
    open_ = {f.provision for f in findings if f.outcome in ("prohibited", "requires")}
    assert open_ == {"pipl-16-no-refusal", "pipl-17-30-notice", "pipl-55-impact-assessment"}
    assert rules.verdict(findings, "pipl") == "prohibited"
    # Offering an alternative, a full notice and a prior assessment as well: then permitted.
    fixed = {**with_consent, "alternative_offered": True, "full_notice": True, "impact_assessment": True}
    assert rules.verdict(rules.assess(fixed, regimes=["pipl"]), "pipl") == "permitted"


def test_pipl_art_26_says_separate_consent() -> None:
    provision = rules.load_rules().provision("pipl-26-public-places")
    assert "separate consent" in provision["explain"]["permitted"]
    assert "separate consent" in provision["requirement"]


def test_article_numbers_confirmed_on_the_texts() -> None:
    engine = rules.load_rules()
    articles = {p["id"]: p["article"] for p in engine.provisions}
    # 2025 Measures: Art. 5 notice, Art. 7 under-14s, Art. 10 not the sole means, Art. 13 public and private places.
    assert articles["cac2025-notice"] == "Art. 5"
    assert articles["cac2025-minors"] == "Art. 7"
    assert articles["cac2025-no-mandatory-scan"] == "Art. 10"
    assert articles["cac2025-private-spaces"] == articles["cac2025-public-places"] == "Art. 13"
    assert "State provides otherwise" in engine.provision("cac2025-no-mandatory-scan")["explain"]["prohibited"]
    # Art. 6 consent, Art. 8 in-device storage, Art. 9 impact assessment (an article-by-article analysis; the CAC's
    # own summary lists the rules in the same order between the confirmed Arts. 5, 7 and 10).
    assert articles["cac2025-consent"] == "Art. 6"
    assert articles["cac2025-storage"] == "Art. 8"
    assert articles["cac2025-impact-assessment"] == "Art. 9"
    for pid in ("cac2025-consent", "cac2025-storage", "cac2025-impact-assessment"):
        assert "cnetsec2025pia" in engine.provision(pid)["citation"]
    # Art. 15 filing: the CAC's own filing announcement of May 2025 cites Art. 15.
    assert articles["cac2025-filing"] == "Art. 15"
    assert "cac2025filingnotice" in engine.provision("cac2025-filing")["citation"]
    # BIPA: government bodies fall outside the definition of "private entity" in Sec. 10.
    assert articles["bipa-scope"] == "Sec. 10"
    # BIPA: retention 15(a), notice and written release 15(b), no profiting 15(c).
    assert articles["bipa-15a-retention"] == "Sec. 15(a)"
    assert articles["bipa-15b-written-release"] == "Sec. 15(b)"
    assert articles["bipa-15c-no-sale"] == "Sec. 15(c)"


def test_gdpr_art_9_shop_caught_by_racial_or_ethnic_origin_not_biometric_limb() -> None:
    shop = rules.example_scenarios()["shop-infers-ethnicity"]
    findings = {f.provision: f.outcome for f in rules.assess(shop, regimes=["gdpr"])}
    assert "gdpr-9-biometric" not in findings
    assert findings["gdpr-9-inferred"] == "prohibited"
    assert findings["gdpr-35-3-c-monitoring"] == "requires"


def test_ai_act_art_5_2_7_an_objective_alone_does_not_lift_the_ban() -> None:
    station = rules.example_scenarios()["station-watchlist"]
    claimed = {**station, "law_enforcement_ground": "imminent_threat"}
    assert rules.verdict(rules.assess(claimed), "euaiact") == "prohibited"
    authorised = {**claimed, "prior_authorisation": True}
    assert rules.verdict(rules.assess(authorised), "euaiact") == "exemption applies"
