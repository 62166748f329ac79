"""The book's JavaScript rules engine (aigov/book/assets/rules.js, which the compliance
checker's form runs in the reader's browser) against the Python engine: generated scenarios,
valid and malformed, must get identical findings, verdicts and error messages.

One Node process per rulebook (tests/js/assess_lines.js) answers every scenario over a
pipe, ten at a time (hypothesis draws lists of ten), so that the thousand facial-recognition
scenarios and the 300 generative-AI services take seconds and hypothesis can still shrink a
difference to its simplest case.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from support import scenario_field_strategy

from aigov import rules

DRIVER = Path(__file__).parent / "js" / "assess_lines.js"
SCHEMA = rules.scenario_schema()
FIELDS = SCHEMA["properties"]
REGIMES = rules.load_rules().regime_ids

# Characters both engines class alike: the Unicode versions of Python and Node differ on
# which code points are unassigned (Cn), and a JSON text cannot carry lone surrogates (Cs).
TEXT = st.text(st.characters(exclude_categories=["Cn", "Cs"]), max_size=12)
PRINTABLE_TEXT = st.text(st.characters(exclude_categories=["Cn", "Cs", "Cc"]), max_size=20)


def _thresholds(field: str, rulebook: rules.Rulebook) -> list[int]:
    """The numbers a rulebook's provisions compare a field with, and their neighbours."""
    found = set()
    for provision in rules.load_rules(rulebook=rulebook).provisions:
        for part in ("applies_when", "exempt_when", "satisfied_when"):
            for leaf in rules._leaves(provision.get(part, {"all": []})):
                if leaf["field"] == field and leaf["op"] in ("lt", "gt", "gte"):
                    found |= {leaf["value"] - 1, leaf["value"], leaf["value"] + 1}
    spec = rules.scenario_schema(rulebook)["properties"][field]
    return sorted(v for v in found if spec["minimum"] <= v <= spec["maximum"])


def _field_strategy(field: str, rulebook: rules.Rulebook = rules.FR) -> st.SearchStrategy:
    spec = rules.scenario_schema(rulebook)["properties"][field]
    if spec.get("type") == "integer" and "enum" not in spec:
        # Numbers at the provisions' thresholds, where the two engines could most easily disagree.
        anywhere = st.integers(min_value=spec["minimum"], max_value=spec["maximum"])
        near = _thresholds(field, rulebook)
        return st.sampled_from(near) | anywhere if near else anywhere
    return scenario_field_strategy(spec, text=PRINTABLE_TEXT)


OPTIONAL = [field for field in FIELDS if field not in SCHEMA["required"]]
valid_scenarios = st.fixed_dictionaries(
    {field: _field_strategy(field) for field in SCHEMA["required"]},
    optional={field: _field_strategy(field) for field in OPTIONAL},
)
regime_choices = st.none() | st.lists(st.sampled_from(REGIMES), min_size=1, max_size=3, unique=True)

# Wrong values for a field. JavaScript has one kind of number, so values that Python tells
# apart and JavaScript cannot are left out: whole numbers written as floats (5.0), integers
# between 2**53 and 10**30 (JavaScript rounds them), and object keys that look like
# integers (JavaScript puts them first).
whole_numbers = st.integers(min_value=-(2**53), max_value=2**53)
long_integers = st.integers(min_value=rules.MAX_INTEGER_DIGITS, max_value=60).map(lambda digits: 10**digits)
fractions = st.floats(allow_nan=False, allow_infinity=False).filter(lambda x: not x.is_integer())
keys = st.text(st.characters(categories=["Ll", "Lu"]), max_size=6)
wrong_values = st.recursive(
    st.none() | st.booleans() | whole_numbers | long_integers | fractions | TEXT,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(keys, children, max_size=3),
    max_leaves=8,
) | st.integers(min_value=rules.MAX_NESTING - 1, max_value=60).map(lambda depth: json.loads("[" * depth + "]" * depth))


def _misspelt(field: str, draw) -> str:
    """A field's name with a letter dropped, swapped or added, or a made-up name."""
    i = draw(st.integers(min_value=0, max_value=len(field) - 1))
    return draw(st.sampled_from([field[:i] + field[i + 1 :], field[:i] + "x" + field[i:], field.upper()]) | TEXT)


@st.composite
def malformed(draw, valid: st.SearchStrategy, fields: dict) -> object:
    """A scenario of a rulebook (``valid`` draws its valid ones, ``fields`` is its schema's) gone wrong."""
    if draw(st.integers(min_value=0, max_value=9)) == 0:
        return draw(wrong_values)
    scenario = draw(valid)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        field = draw(st.sampled_from(sorted(fields)))
        change = draw(st.sampled_from(["wrong value", "missing", "unknown field", "bad list item", "repeated item"]))
        if change == "wrong value":
            scenario[field] = draw(wrong_values)
        elif change == "missing":
            scenario.pop(field, None)
        elif change == "unknown field":
            scenario[_misspelt(field, draw)] = draw(wrong_values)
        elif isinstance(scenario.get(field), list):
            item = draw(wrong_values if change == "bad list item" else st.sampled_from(scenario[field] or ["x"]))
            scenario[field] = [*scenario[field], item]
    return scenario


def _python(scenario: object, regimes: list[str] | None, rulebook: rules.Rulebook = rules.FR) -> dict:
    try:
        return {"report": rules.report(scenario, regimes, rules.load_rules(rulebook=rulebook))}  # type: ignore[arg-type]
    except ValueError as err:
        return {"error": str(err)}


def _node_engine(rulebook: rules.Rulebook):
    """A function that asks the JavaScript engine about a rulebook's scenarios, in one Node process;
    the generator stops that process."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is missing: install it (apt-get install nodejs), as the README says")
    data = {
        "rules": json.loads(rulebook.provisions.read_text(encoding="utf-8")),
        "schema": rules.scenario_schema(rulebook),
    }
    process = subprocess.Popen(
        [node, str(DRIVER)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, encoding="utf-8"
    )
    process.stdin.write(json.dumps(data) + "\n")

    def ask(cases: list[tuple[object, list[str] | None]]) -> list[dict]:
        line = json.dumps([{"scenario": scenario, "regimes": regimes} for scenario, regimes in cases])
        process.stdin.write(line + "\n")
        process.stdin.flush()
        return json.loads(process.stdout.readline())

    yield ask
    process.stdin.close()
    process.wait(timeout=10)


@pytest.fixture(scope="module")
def javascript():
    """The JavaScript engine with the facial-recognition rulebook, one Node process for the module."""
    yield from _node_engine(rules.FR)


@pytest.fixture(scope="module")
def javascript_genai():
    """The JavaScript engine with the rulebook for generative-AI and algorithmic services."""
    yield from _node_engine(rules.GENAI)


def _compare(javascript, cases: list[tuple[object, list[str] | None]], rulebook: rules.Rulebook = rules.FR) -> None:
    for (scenario, regimes), answer in zip(cases, javascript(cases), strict=True):
        assert answer == _python(scenario, regimes, rulebook), f"scenario {scenario!r}, regimes {regimes}"


def test_worked_scenarios_get_the_command_lines_report(javascript) -> None:
    examples = rules.example_scenarios()
    for name, answer in zip(examples, javascript([(s, None) for s in examples.values()]), strict=True):
        assert answer == {"report": rules.report(examples[name])}, name


def test_hotel_room_is_prohibited_under_both_cac_texts_in_javascript(javascript) -> None:
    # The draft banned facial recognition in hotel rooms, bathrooms and changing rooms, and
    # the 2025 Measures keep the ban (Art. 6) (chapter: facial-recognition/index.md).
    scenario = rules.example_scenarios()["hotel-room-camera"]
    verdicts = javascript([(scenario, None)])[0]["report"]["verdicts"]
    assert verdicts["cac2023"] == verdicts["cac2025"] == "prohibited"


def test_unknown_regime_is_refused_alike(javascript) -> None:
    scenario = rules.example_scenarios()["residential-gate"]
    [answer] = javascript([(scenario, ["cac2025", "eu"])])
    assert answer == _python(scenario, ["cac2025", "eu"])
    assert answer["error"].startswith("unknown regime 'eu'")


BATCH = 10
# Shrinking a batch of ten takes minutes; a failure names the scenario at fault instead.
PHASES = [Phase.explicit, Phase.reuse, Phase.generate]
SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large]


@settings(max_examples=100, deadline=None, phases=PHASES, suppress_health_check=SLOW)
@given(st.lists(st.tuples(valid_scenarios, regime_choices), min_size=BATCH, max_size=BATCH))
def test_generated_scenarios_get_identical_findings(javascript, cases: list) -> None:
    # 100 examples of ten scenarios: 1,000 scenarios.
    assert all("report" in _python(scenario, regimes) for scenario, regimes in cases)
    _compare(javascript, cases)


@settings(max_examples=30, deadline=None, phases=PHASES, suppress_health_check=SLOW)
@given(st.lists(st.tuples(malformed(valid_scenarios, FIELDS), st.none()), min_size=BATCH, max_size=BATCH))
def test_malformed_scenarios_get_identical_messages(javascript, cases: list) -> None:
    _compare(javascript, cases)


# --- the rulebook for generative-AI and algorithmic services ------------------------------

GENAI_SCHEMA = rules.scenario_schema(rules.GENAI)
GENAI_FIELDS = GENAI_SCHEMA["properties"]
GENAI_REGIMES = rules.load_rules(rulebook=rules.GENAI).regime_ids


valid_services = st.fixed_dictionaries(
    {field: _field_strategy(field, rules.GENAI) for field in GENAI_SCHEMA["required"]},
    optional={
        field: _field_strategy(field, rules.GENAI) for field in GENAI_FIELDS if field not in GENAI_SCHEMA["required"]
    },
)
genai_regime_choices = st.none() | st.lists(st.sampled_from(GENAI_REGIMES), min_size=1, max_size=3, unique=True)


def test_worked_services_get_the_command_lines_report(javascript_genai) -> None:
    examples = rules.example_scenarios(rules.GENAI)
    engine = rules.load_rules(rulebook=rules.GENAI)
    for name, answer in zip(examples, javascript_genai([(s, None) for s in examples.values()]), strict=True):
        assert answer == {"report": rules.report(examples[name], rules=engine)}, name


def test_internal_tool_is_outside_the_interim_measures_in_javascript(javascript_genai) -> None:
    # Interim Measures Art. 2: organisations that use generative AI without offering it to the
    # public in China fall outside them; the EU AI Act's Art. 50(2) still asks for marking.
    tool = rules.example_scenarios(rules.GENAI)["internal-company-tool"]
    verdicts = javascript_genai([(tool, None)])[0]["report"]["verdicts"]
    assert verdicts["genai"] == "out of scope"
    assert verdicts["euai50"] == "requires action"


@settings(max_examples=30, deadline=None, phases=PHASES, suppress_health_check=SLOW)
@given(st.lists(st.tuples(valid_services, genai_regime_choices), min_size=BATCH, max_size=BATCH))
def test_generated_services_get_identical_findings(javascript_genai, cases: list) -> None:
    # 30 examples of ten services: 300 services.
    assert all("report" in _python(service, regimes, rules.GENAI) for service, regimes in cases)
    _compare(javascript_genai, cases, rules.GENAI)


@settings(max_examples=15, deadline=None, phases=PHASES, suppress_health_check=SLOW)
@given(st.lists(st.tuples(malformed(valid_services, GENAI_FIELDS), st.none()), min_size=BATCH, max_size=BATCH))
def test_malformed_services_get_identical_messages(javascript_genai, cases: list) -> None:
    _compare(javascript_genai, cases, rules.GENAI)
