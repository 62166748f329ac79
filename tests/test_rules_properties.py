"""Property-based tests of the rules engine: random valid scenarios and random malformed ones,
among them integers too long to convert and arrays nested thousands deep."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import scenario_field_strategy

from aigov import rules
from aigov.bibliography import citation_keys

SCHEMA = rules.scenario_schema()
FIELDS = SCHEMA["properties"]
REQUIRED = SCHEMA["required"]
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _nested_list(depth: int) -> list:
    nested: list = []
    for _ in range(depth - 1):
        nested = [nested]
    return nested


valid_scenarios = st.fixed_dictionaries({name: scenario_field_strategy(FIELDS[name]) for name in REQUIRED})
long_integers = st.integers(min_value=rules.MAX_INTEGER_DIGITS, max_value=6_000).map(lambda digits: -(10**digits))
deep_lists = st.integers(min_value=rules.MAX_NESTING, max_value=2_000).map(_nested_list)
json_values = (
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
        lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
        max_leaves=8,
    )
    | long_integers
    | deep_lists
)
# JSON text that Python's parser cannot turn into a value, or only slowly: a long integer, deep arrays.
unparsable_json = st.integers(min_value=rules.MAX_INTEGER_DIGITS + 1, max_value=10_000).map(lambda n: "9" * n) | (
    st.integers(min_value=rules.MAX_NESTING + 1, max_value=20_000).map(lambda n: "[" * n + "]" * n)
)


@SETTINGS
@given(valid_scenarios)
def test_any_valid_scenario_gets_well_formed_findings(scenario: dict) -> None:
    data = rules.load_rules()
    keys = citation_keys()
    findings = rules.assess(scenario)
    ids = {p["id"] for p in data.provisions}
    for finding in findings:
        assert finding.provision in ids
        assert finding.outcome in rules.OUTCOMES
        assert finding.explanation
        assert all(key in keys for key in finding.citation.split(";"))
    for regime in data.regime_ids:
        assert rules.verdict(findings, regime) in rules.VERDICTS
    # Same scenario, same answer.
    assert rules.assess(json.loads(json.dumps(scenario))) == findings


@SETTINGS
@given(valid_scenarios)
def test_stronger_consent_never_adds_a_prohibition(scenario: dict) -> None:
    order = ["none", "notice_only", "general", "separate", "written"]
    start = order.index(scenario["consent"])
    prohibited = [
        {f.provision for f in rules.assess({**scenario, "consent": level}) if f.outcome == "prohibited"}
        for level in order[start:]
    ]
    for weaker, stronger in zip(prohibited, prohibited[1:]):
        assert stronger <= weaker


@SETTINGS
@given(valid_scenarios)
def test_offering_an_alternative_never_adds_a_prohibition(scenario: dict) -> None:
    without = {
        f.provision for f in rules.assess({**scenario, "alternative_offered": False}) if f.outcome == "prohibited"
    }
    with_alternative = {
        f.provision for f in rules.assess({**scenario, "alternative_offered": True}) if f.outcome == "prohibited"
    }
    assert with_alternative <= without


@SETTINGS
@given(valid_scenarios, st.sampled_from(REQUIRED), json_values)
def test_a_corrupted_field_is_named(scenario: dict, field: str, value: object) -> None:
    bad = {**scenario, field: value}
    try:
        rules.validate_scenario(bad)
    except rules.ScenarioError as err:
        assert f"'{field}'" in str(err)
    else:
        # The random value happened to be valid for the field.
        assert rules.validate_scenario(bad) == bad


@SETTINGS
@given(valid_scenarios, st.sampled_from(REQUIRED))
def test_a_missing_field_is_named_with_its_allowed_values(scenario: dict, field: str) -> None:
    bad = {k: v for k, v in scenario.items() if k != field}
    try:
        rules.assess(bad)
    except rules.ScenarioError as err:
        assert f"missing field '{field}'" in str(err)
    else:
        raise AssertionError(f"a scenario without '{field}' was accepted")


@SETTINGS
@given(json_values)
def test_arbitrary_json_is_refused_cleanly(value: object) -> None:
    try:
        rules.validate_scenario(value)
    except rules.ScenarioError as err:
        assert str(err)
    else:
        raise AssertionError(f"accepted {value!r} as a scenario")


@SETTINGS
@given(valid_scenarios, st.sampled_from(REQUIRED), unparsable_json, st.booleans())
def test_unparsable_json_in_a_field_is_named_in_one_line(
    scenario: dict, field: str, unparsable: str, byte_order_mark: bool
) -> None:
    text = json.dumps({**scenario, field: None}).replace(f'"{field}": null', f'"{field}": {unparsable}')
    content = ("\ufeff" if byte_order_mark else "").encode() + text.encode()
    with pytest.raises(rules.ScenarioError) as caught:
        rules.read_scenario(content, "odd.json")
    message = str(caught.value)
    assert message.startswith(f"odd.json: field '{field}': ")
    assert "\n" not in message
