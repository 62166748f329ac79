"""Property-based tests of the rulebook for generative-AI and algorithmic services: random valid
services assess; random malformed ones are refused with a message naming the field."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import scenario_field_strategy

from aigov import rules
from aigov.bibliography import citation_keys

GENAI = rules.GENAI
SCHEMA = rules.scenario_schema(GENAI)
FIELDS = SCHEMA["properties"]
REQUIRED = SCHEMA["required"]
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Safeguards a service can add: each is a duty some provision asks for, never a trigger of one.
SAFEGUARDS = {
    "training_data_lawful_source": True,
    "training_data_respects_ip": True,
    "training_personal_info_consent": True,
    "explicit_label": True,
    "implicit_label": True,
    "ai_disclosed": True,
    "real_identity_verification": True,
    "filing_status": "filed",
    "security_assessment": "done",
    "biometric_editing_consent": True,
    "anti_addiction_measures": True,
    "complaint_channel": True,
    "recommendation_explained": True,
    "recommendation_switch_off": True,
    "user_tags_deletable": True,
    "worker_safeguards": True,
    "gpai_documentation": True,
    "systemic_risk_measures": True,
}


valid_services = st.fixed_dictionaries({name: scenario_field_strategy(FIELDS[name]) for name in REQUIRED})
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=8,
)


def _engine() -> rules.Rules:
    return rules.load_rules(rulebook=GENAI)


@SETTINGS
@given(valid_services)
def test_any_valid_service_gets_well_formed_findings(service: dict) -> None:
    engine = _engine()
    keys = citation_keys()
    findings = rules.assess(service, rules=engine)
    ids = {p["id"] for p in engine.provisions}
    for finding in findings:
        assert finding.provision in ids
        assert finding.outcome in rules.OUTCOMES
        assert finding.explanation and finding.article
        assert all(key in keys for key in finding.citation.split(";"))
    verdicts = {regime: rules.verdict(findings, regime, engine) for regime in engine.regime_ids}
    assert set(verdicts.values()) <= set(rules.VERDICTS)
    # A regime out of scope has that one finding and nothing else.
    for regime, verdict in verdicts.items():
        if verdict == "out of scope":
            assert len([f for f in findings if f.regime == regime]) == 1
    assert rules.assess(json.loads(json.dumps(service)), rules=engine) == findings


@SETTINGS
@given(valid_services, st.sampled_from(sorted(SAFEGUARDS)))
def test_adding_a_safeguard_never_adds_a_duty_or_a_ban(service: dict, safeguard: str) -> None:
    engine = _engine()

    def open_findings(scenario: dict) -> set[str]:
        return {f.provision for f in rules.assess(scenario, rules=engine) if f.outcome in ("requires", "prohibited")}

    assert open_findings({**service, safeguard: SAFEGUARDS[safeguard]}) <= open_findings(service)


@SETTINGS
@given(valid_services)
def test_chinese_regimes_reach_only_services_for_the_public_in_china(service: dict) -> None:
    engine = _engine()
    elsewhere = {**service, "audience": "overseas_only"}
    verdicts = rules.report(elsewhere, rules=engine)["verdicts"]
    assert {verdicts[regime] for regime in ("algorec", "deepsynth", "genai", "labels")} == {"out of scope"}


@SETTINGS
@given(valid_services, st.sampled_from(REQUIRED), json_values)
def test_a_corrupted_field_is_named(service: dict, field: str, value: object) -> None:
    bad = {**service, field: value}
    try:
        rules.validate_scenario(bad, rulebook=GENAI)
    except rules.ScenarioError as err:
        assert f"'{field}'" in str(err)
    else:
        # The random value happened to be valid for the field.
        assert rules.validate_scenario(bad, rulebook=GENAI) == bad


@SETTINGS
@given(valid_services, st.sampled_from(REQUIRED))
def test_a_missing_field_is_named_with_its_allowed_values(service: dict, field: str) -> None:
    bad = {k: v for k, v in service.items() if k != field}
    with pytest.raises(rules.ScenarioError) as caught:
        rules.assess(bad, rules=_engine())
    assert f"missing field '{field}' (" in str(caught.value)


@SETTINGS
@given(valid_services, st.text(min_size=1, max_size=12).filter(lambda name: name not in FIELDS))
def test_an_unknown_field_is_named(service: dict, name: str) -> None:
    with pytest.raises(rules.ScenarioError) as caught:
        rules.validate_scenario({**service, name: True}, rulebook=GENAI)
    assert f"unknown field '{rules.printable(name)}'" in str(caught.value)


@SETTINGS
@given(json_values)
def test_arbitrary_json_is_refused_cleanly(value: object) -> None:
    with pytest.raises(rules.ScenarioError) as caught:
        rules.validate_scenario(value, rulebook=GENAI)
    assert str(caught.value)


@SETTINGS
@given(valid_services, json_values.filter(lambda value: value not in list(rules.RULEBOOKS)))
def test_a_bad_rulebook_name_is_refused_in_one_line(service: dict, name: object) -> None:
    content = json.dumps({**service, "rulebook": name}).encode()
    with pytest.raises(rules.ScenarioError) as caught:
        rules.read_scenario(content, "service.json")
    message = str(caught.value)
    assert message.startswith("service.json: field 'rulebook': ")
    assert message.endswith("is not allowed; allowed values: fr, genai")
    assert "\n" not in message
