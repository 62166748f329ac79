"""A rules engine with the provisions kept as data, serving several rulebooks.

A *rulebook* (:class:`Rulebook`) is a provisions file, the JSON Schema its scenarios follow,
a folder of worked scenarios and a generated reference page. There are two (:data:`RULEBOOKS`):

- ``fr``, facial-recognition deployments: a scenario (``data/scenario.schema.json``) says who
  runs it, for what, where, with what consent, and so on; the provisions of six regimes (the
  CAC's 2023 draft, the CAC/MPS Measures of 2025, the PIPL, the GDPR, the EU AI Act and
  Illinois's BIPA) live in ``data/fr_provisions.json``;
- ``genai``, generative-AI and algorithmic services: a scenario
  (``data/genai_scenario.schema.json``) says who provides the service, to whom, what it
  generates or recommends, and how it labels, files and protects; the provisions of China's
  algorithmic-recommendation, deep-synthesis, generative-AI and labelling rules and of the
  EU AI Act's transparency and general-purpose-model duties live in
  ``data/genai_provisions.json``.

Both provisions files follow ``data/fr_provisions.schema.json``. The module-level functions
take the rulebook as a keyword argument and default to facial recognition, so callers that
know only that rulebook need not name it; :func:`load_rules` returns :class:`Rules` that
remember their rulebook, and :func:`assess` validates a scenario against it. A scenario file
may name its rulebook in an optional top-level field ``"rulebook"`` (``"fr"`` or
``"genai"``); one without it is a facial-recognition scenario unless the caller says
otherwise (``python -m aigov assess --rulebook genai``).

Each provision has

- ``applies_when``: a condition on the scenario under which the provision is relevant;
- ``exempt_when`` (optional): an exception; if it holds the outcome is "exemption applies";
- ``satisfied_when`` (optional): if it holds, the requirement is met and the outcome is
  "permitted";
- ``outcome``: otherwise "prohibited" or "requires" (the ``requirement`` text says what);
  "out of scope" provisions take the scenario out of the whole regime;
- ``explain``: one sentence per possible outcome, and ``citation`` keys in references.bib.

Conditions are nested ``{"all": [...]}``, ``{"any": [...]}``, ``{"not": ...}`` and leaves
``{"field": F, "op": OP, "value": V}`` with OP one of ``equals``, ``in``, ``lt``, ``gt``,
``gte`` and ``intersects`` (for list fields). Nothing about any law is written in this
module: change the data and the engine follows.

The engine is a teaching simplification, not legal advice: it applies every regime to
every scenario, as if the deployment or service fell under each.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pandas as pd

from aigov.bibliography import citation_keys
from aigov.paths import DATA_DIR

PROVISIONS = DATA_DIR / "fr_provisions.json"
PROVISIONS_SCHEMA = DATA_DIR / "fr_provisions.schema.json"
SCENARIO_SCHEMA = DATA_DIR / "scenario.schema.json"
SCENARIO_DIR = DATA_DIR / "scenarios"


@dataclass(frozen=True)
class Rulebook:
    """One rulebook: its provisions and their schema, its scenario schema, worked scenarios and reference page.

    ``subject`` completes "A scenario describes ..." on the reference page; ``lab`` is the
    lab page (a document name beside the reference page) that embeds its form; ``start``
    is the worked scenario that forms and the reference page show first.
    """

    id: str
    title: str
    subject: str
    provisions: Path
    scenario_schema: Path
    examples: Path
    reference_page: str
    lab: str
    start: str
    provisions_schema: Path = PROVISIONS_SCHEMA

    @property
    def reference_html(self) -> str:
        """The reference page's file name in the built site, for links from pages in its folder."""
        return Path(self.reference_page).with_suffix(".html").name


FR = Rulebook(
    id="fr",
    title="facial recognition",
    subject="one deployment of facial recognition",
    provisions=PROVISIONS,
    scenario_schema=SCENARIO_SCHEMA,
    examples=SCENARIO_DIR,
    reference_page="chapters/facial-recognition/scenario-schema.md",
    lab="lab-compliance-checker",
    start="hangzhou-safari-park",
)
GENAI = Rulebook(
    id="genai",
    title="generative AI and algorithms",
    subject="one generative-AI or algorithmic service",
    provisions=DATA_DIR / "genai_provisions.json",
    scenario_schema=DATA_DIR / "genai_scenario.schema.json",
    examples=SCENARIO_DIR / "genai",
    reference_page="chapters/algorithms-generative-ai/service-schema.md",
    lab="lab-service-checker",
    start="public-chatbot",
)
RULEBOOKS = {rulebook.id: rulebook for rulebook in (FR, GENAI)}

OUTCOMES = ("prohibited", "requires", "permitted", "exemption applies")
OUT_OF_SCOPE = "out of scope"
# A regime's overall verdict is the gravest outcome among its findings.
VERDICTS = ("prohibited", "requires action", "permitted", "exemption applies", "out of scope", "no provision applies")
_GRAVITY = {"prohibited": 0, "requires": 1, "permitted": 2, "exemption applies": 3}

# A scenario nests two levels (an object of lists). Deeper JSON text is refused before parsing,
# as Python's parser recurses once per level and fails after about a thousand; deeper values
# are refused before validation, for the same reason.
MAX_NESTING = 20
# No field needs a long number; converting one costs time quadratic in its digits, and
# Python refuses integers of more than 4,300 digits.
MAX_INTEGER_DIGITS = 30
# Strings and brackets in JSON text; a string without its closing quote runs to the end,
# so that the scan stays linear in the length of the text.
_JSON_STRING_OR_BRACKET = re.compile(r'"(?:[^"\\]|\\.|\\\Z)*(?:"|\Z)(\s*:)?|[\[\]{}]', re.DOTALL)


class ScenarioError(ValueError):
    """A scenario is not valid; the message names each field at fault and what it may be."""

    def __init__(self, problems: list[str], source: str | None = None):
        # Field names and file names come from the input: escape what a terminal would obey.
        self.problems = [printable(problem) for problem in problems]
        where = f"{printable(source)}: " if source else ""
        if len(self.problems) == 1:
            super().__init__(f"{where}{self.problems[0]}")
        else:
            super().__init__(f"{where}{len(self.problems)} problems:\n" + "\n".join(f"- {p}" for p in self.problems))


class RulesError(ValueError):
    """The provisions file is inconsistent (a maintainers' error, found by the tests)."""


@dataclass(frozen=True)
class Finding:
    """What one provision says about one scenario."""

    provision: str
    regime: str
    article: str
    title: str
    outcome: str
    requirement: str
    explanation: str
    citation: str

    def as_dict(self) -> dict[str, str]:
        # Not dataclasses.asdict, which deep-copies every value: this is called once per finding.
        return dict(vars(self))


@dataclass(frozen=True)
class Rules:
    regimes: list[dict[str, Any]]
    provisions: list[dict[str, Any]]
    status_date: str
    rulebook: Rulebook = FR

    @property
    def regime_ids(self) -> list[str]:
        return [regime["id"] for regime in self.regimes]

    def regime(self, regime_id: str) -> dict[str, Any]:
        for regime in self.regimes:
            if regime["id"] == regime_id:
                return regime
        raise ValueError(f"unknown regime '{regime_id}'; choose one of: {', '.join(self.regime_ids)}")

    def provision(self, provision_id: str) -> dict[str, Any]:
        for provision in self.provisions:
            if provision["id"] == provision_id:
                return provision
        raise KeyError(provision_id)


def printable(text: str) -> str:
    """``text`` with each character a terminal would not show as itself (control codes such as
    escape sequences and carriage returns, line breaks, invisible format marks) written as a
    Python escape, e.g. ``\\x1b``."""
    return "".join(char if char.isprintable() else char.encode("unicode_escape").decode("ascii") for char in text)


def provision_anchor(provision_id: str) -> str:
    """The anchor of a provision on the rules reference page (``scenario-schema.md``)."""
    return f"provision-{provision_id}"


def _read_json(path: Path) -> Any:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def rulebook_named(name: str) -> Rulebook:
    """The rulebook with this id; a ValueError names the ids there are."""
    if name not in RULEBOOKS:
        raise ValueError(f"unknown rulebook '{printable(str(name))}'; choose one of: {', '.join(RULEBOOKS)}")
    return RULEBOOKS[name]


def scenario_rulebook(data: Any, source: str | None = None, default: Rulebook = FR) -> Rulebook:
    """The rulebook a parsed scenario names in its field ``rulebook``, or ``default`` if it names none."""
    if not isinstance(data, dict) or "rulebook" not in data:
        return default
    name = data["rulebook"]
    if isinstance(name, str) and name in RULEBOOKS:
        return RULEBOOKS[name]
    # Not _shown for arrays and objects: they may nest too deep to write out.
    shown = {list: "an array", dict: "an object"}.get(type(name)) or _shown(name)
    raise ScenarioError([f"field 'rulebook': {shown} is not allowed; allowed values: {', '.join(RULEBOOKS)}"], source)


@cache
def scenario_schema(rulebook: Rulebook = FR) -> dict[str, Any]:
    return _read_json(rulebook.scenario_schema)


@cache
def _validator(rulebook: Rulebook = FR) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(scenario_schema(rulebook))


def _fields(rulebook: Rulebook = FR) -> dict[str, dict[str, Any]]:
    return scenario_schema(rulebook)["properties"]


def allowed_values(field: str, rulebook: Rulebook = FR) -> list[Any]:
    """The values a scenario field may take (for enums, booleans and lists of enums)."""
    spec = _fields(rulebook)[field]
    if "enum" in spec:
        return list(spec["enum"])
    if spec.get("type") == "boolean":
        return [True, False]
    if spec.get("type") == "array" and "enum" in spec.get("items", {}):
        return list(spec["items"]["enum"])
    raise ValueError(f"field '{field}' has no fixed list of values")


def _describe_allowed(field: str, rulebook: Rulebook = FR) -> str:
    spec = _fields(rulebook).get(field, {})
    if "enum" in spec or "enum" in spec.get("items", {}):
        return "allowed values: " + ", ".join(str(v) for v in allowed_values(field, rulebook))
    kind = spec.get("type")
    if kind == "boolean":
        return "allowed values: true, false"
    if kind == "integer":
        low, high = spec.get("minimum"), spec.get("maximum")
        if high is not None:
            return f"a whole number from {low:,} to {high:,}"
        return f"a whole number, {low:,} or more"
    if kind == "array":
        return "a list of text"
    if "pattern" in spec:
        return "text, not blank"
    return "text"


class _LongInteger:
    """Stands in, in a parsed scenario, for an integer written with too many digits to convert."""

    def __init__(self, digits: int):
        self.digits = digits


def _parse_int(text: str) -> int | _LongInteger:
    digits = len(text.lstrip("-"))
    return _LongInteger(digits) if digits > MAX_INTEGER_DIGITS else int(text)


def _is_long_integer(value: Any) -> bool:
    if isinstance(value, _LongInteger):
        return True
    return isinstance(value, int) and abs(value) >= 10**MAX_INTEGER_DIGITS


def _shown(value: Any) -> str:
    """A value as a message quotes it: as JSON, long numbers by their length, long text cut short."""
    if isinstance(value, _LongInteger):
        return f"a {value.digits:,}-digit number"
    if _is_long_integer(value):
        return f"a number of more than {MAX_INTEGER_DIGITS} digits"
    shown = json.dumps(value, ensure_ascii=False)
    return shown if len(shown) <= 60 else shown[:59] + "…"


def _json_kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return json.dumps(value)
    if isinstance(value, (int, float, _LongInteger)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return f"a Python {type(value).__name__}"


def _unusable(field: str, value: Any, rulebook: Rulebook) -> str | None:
    """Why a field's value cannot even be checked against the schema (too deep, a number too long), if so.

    The walk keeps its own stack: recursing would fail on the very values it looks for.
    """
    pending = [(value, 0)]
    while pending:
        item, depth = pending.pop()
        if _is_long_integer(item):
            return f"field '{field}': {_shown(item)} is not allowed; {_describe_allowed(field, rulebook)}"
        if isinstance(item, (list, dict)):
            if depth >= MAX_NESTING:
                return f"field '{field}': arrays or objects nested more than {MAX_NESTING} levels deep"
            children = item.values() if isinstance(item, dict) else item
            pending += [(child, depth + 1) for child in children]
    return None


def _problem(error: jsonschema.ValidationError, rulebook: Rulebook) -> str:
    path = [str(p) for p in error.absolute_path]
    field = path[0] if path else None
    if field is None:
        return error.message
    shown = _shown(error.instance)
    item = f"item {shown}" if len(path) > 1 else shown
    if error.validator == "not":
        return f"field '{field}': {item} contains a control character (an escape code, tab or line break)"
    if len(path) > 1:
        return f"field '{field}': {item} is not allowed; {_describe_allowed(field, rulebook)}"
    if error.validator == "uniqueItems":
        return f"field '{field}' lists the same value more than once: {shown}"
    return f"field '{field}': {shown} is not allowed; {_describe_allowed(field, rulebook)}"


def validate_scenario(data: Any, source: str | None = None, rulebook: Rulebook = FR) -> dict[str, Any]:
    """Return the scenario if it matches the rulebook's schema; raise :class:`ScenarioError` otherwise."""
    schema = scenario_schema(rulebook)
    if not isinstance(data, dict):
        raise ScenarioError([f"a scenario must be a JSON object (got {_json_kind(data)})"], source)
    problems = []
    known = set(schema["properties"])
    for field in sorted(set(data) - known, key=str):
        close = difflib.get_close_matches(str(field), known, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else f"; known fields: {', '.join(sorted(known))}"
        problems.append(f"unknown field '{field}'{hint}")
    for field in [f for f in schema["required"] if f not in data]:
        problems.append(f"missing field '{field}' ({_describe_allowed(field, rulebook)})")
    unusable = {field: _unusable(field, data[field], rulebook) for field in sorted(known & set(data))}
    problems += [problem for problem in unusable.values() if problem]
    checked = {k: v for k, v in data.items() if k in known and not unusable[k]}
    errors = sorted(_validator(rulebook).iter_errors(checked), key=lambda e: [str(p) for p in e.absolute_path])
    problems += [_problem(e, rulebook) for e in errors if e.validator not in ("required",)]
    if problems:
        raise ScenarioError(problems, source)
    return data


def _too_deep(text: str) -> str | None:
    """Where JSON text nests arrays and objects more than MAX_NESTING deep, if it does, with the field."""
    depth, field = 0, None
    for match in _JSON_STRING_OR_BRACKET.finditer(text):
        token = match.group()
        if token.startswith('"'):
            if depth == 1 and match.group(1):
                field = token[: -len(match.group(1))]
            continue
        depth += 1 if token in "[{" else -1
        if depth > MAX_NESTING:
            line = text.count("\n", 0, match.start()) + 1
            column = match.start() - text.rfind("\n", 0, match.start())
            where = f"field '{field[1:-1]}': " if field else ""
            return (
                f"{where}arrays or objects nested more than {MAX_NESTING} levels deep at line {line}, column {column}"
            )
    return None


def read_scenario(content: bytes, source: str, rulebook: Rulebook | None = None) -> dict[str, Any]:
    """Parse and validate a scenario's bytes (UTF-8, with or without a byte-order mark).

    ``source`` names where they came from (a file, standard input) in error messages. The
    scenario is checked against ``rulebook``, or if that is None against the rulebook its
    field ``rulebook`` names (facial recognition if it names none).
    """
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise ScenarioError(
            [f"not UTF-8 text (byte 0x{content[err.start]:02x} at offset {err.start})"], source
        ) from None
    too_deep = _too_deep(text)
    if too_deep:
        raise ScenarioError([too_deep], source)
    try:
        data = json.loads(text, parse_int=_parse_int)
    except json.JSONDecodeError as err:
        raise ScenarioError([f"not valid JSON at line {err.lineno}, column {err.colno}: {err.msg}"], source) from None
    return validate_scenario(data, source, rulebook or scenario_rulebook(data, source))


def load_scenario(path: Path | str, rulebook: Rulebook | None = None) -> dict[str, Any]:
    """Read and validate a scenario file; errors name the file and the field at fault (see :func:`read_scenario`)."""
    path = Path(path)
    try:
        content = path.read_bytes()
    except FileNotFoundError:
        raise ScenarioError(["file not found"], str(path)) from None
    except IsADirectoryError:
        raise ScenarioError(["a folder, not a scenario file"], str(path)) from None
    except OSError as err:
        raise ScenarioError([f"cannot be read: {err.strerror or err}"], str(path)) from None
    return read_scenario(content, str(path), rulebook)


def example_scenarios(rulebook: Rulebook = FR) -> dict[str, dict[str, Any]]:
    """The rulebook's worked scenarios (``data/scenarios``, ``data/scenarios/genai``), by file stem, in name order."""
    return {path.stem: load_scenario(path, rulebook) for path in sorted(rulebook.examples.glob("*.json"))}


# --- conditions -----------------------------------------------------------------------


def evaluate(condition: dict[str, Any], scenario: dict[str, Any]) -> bool:
    """Whether ``condition`` holds for ``scenario`` (see the module docstring for the language)."""
    if "all" in condition:
        return all(evaluate(c, scenario) for c in condition["all"])
    if "any" in condition:
        return any(evaluate(c, scenario) for c in condition["any"])
    if "not" in condition:
        return not evaluate(condition["not"], scenario)
    actual, op, value = scenario[condition["field"]], condition["op"], condition["value"]
    if op == "equals":
        return actual == value
    if op == "in":
        return actual in value
    if op == "lt":
        return actual < value
    if op == "gt":
        return actual > value
    if op == "gte":
        return actual >= value
    if op == "intersects":
        return bool(set(actual) & set(value))
    raise RulesError(f"unknown operator '{op}'")


def _leaves(condition: dict[str, Any]):
    if "all" in condition or "any" in condition:
        for child in condition.get("all", condition.get("any")):
            yield from _leaves(child)
    elif "not" in condition:
        yield from _leaves(condition["not"])
    else:
        yield condition


def _check_leaf(leaf: dict[str, Any], where: str, rulebook: Rulebook) -> list[str]:
    fields = _fields(rulebook)
    field, op, value = leaf["field"], leaf["op"], leaf["value"]
    if field not in fields:
        return [f"{where}: unknown scenario field '{field}'"]
    spec = fields[field]
    kind = spec.get("type")
    values = value if op in ("in", "intersects") else [value]
    if op in ("in", "intersects") and not isinstance(value, list):
        return [f"{where}: '{op}' needs a list of values"]
    if op == "intersects" and kind != "array":
        return [f"{where}: 'intersects' needs a list field, and '{field}' is not one"]
    if op in ("lt", "gt", "gte"):
        return (
            []
            if kind == "integer" and isinstance(value, int)
            else [f"{where}: '{op}' needs an integer field and value"]
        )
    try:
        allowed = allowed_values(field, rulebook)
    except ValueError:
        return []
    bad = [v for v in values if v not in allowed]
    return [f"{where}: value(s) {bad} not allowed for '{field}'"] if bad else []


@cache
def load_rules(path: Path | str | None = None, rulebook: Rulebook = FR) -> Rules:
    """Read a rulebook's provisions (from ``path`` if given), check them against their schema,
    the rulebook's scenario fields and the bibliography."""
    data = _read_json(Path(path) if path is not None else rulebook.provisions)
    schema = _read_json(rulebook.provisions_schema)
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(data))
    if errors:
        raise RulesError("; ".join(f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors[:5]))
    problems: list[str] = []
    keys = citation_keys()
    regime_ids = [r["id"] for r in data["regimes"]]
    seen: set[str] = set()
    for regime in data["regimes"]:
        problems += [f"regime {regime['id']}: unknown citation key '{k}'" for k in regime["citation"] if k not in keys]
    for provision in data["provisions"]:
        where = f"provision {provision['id']}"
        if provision["id"] in seen:
            problems.append(f"{where}: duplicate id")
        seen.add(provision["id"])
        if provision["regime"] not in regime_ids:
            problems.append(f"{where}: unknown regime '{provision['regime']}'")
        problems += [f"{where}: unknown citation key '{k}'" for k in provision["citation"] if k not in keys]
        for part in ("applies_when", "exempt_when", "satisfied_when"):
            for leaf in _leaves(provision.get(part, {"all": []})):
                problems += _check_leaf(leaf, f"{where}, {part}", rulebook)
        needed = set()
        if provision["outcome"] == OUT_OF_SCOPE:
            needed.add("exemption applies")
        else:
            needed.add(provision["outcome"])
        if "exempt_when" in provision:
            needed.add("exemption applies")
        if "satisfied_when" in provision:
            needed.add("permitted")
        missing = needed - set(provision["explain"])
        if missing:
            problems.append(f"{where}: no explanation for outcome(s) {sorted(missing)}")
        if provision["outcome"] == "requires" and "requirement" not in provision:
            problems.append(f"{where}: outcome 'requires' needs a 'requirement'")
    if problems:
        raise RulesError("; ".join(problems))
    return Rules(
        regimes=data["regimes"], provisions=data["provisions"], status_date=data["status_date"], rulebook=rulebook
    )


# --- assessment -----------------------------------------------------------------------


def _finding(provision: dict[str, Any], outcome: str) -> Finding:
    return Finding(
        provision=provision["id"],
        regime=provision["regime"],
        article=provision["article"],
        title=provision["title"],
        outcome=outcome,
        requirement=provision.get("requirement", "") if outcome == "requires" else "",
        explanation=provision["explain"][outcome],
        citation=";".join(provision["citation"]),
    )


def judge(provision: dict[str, Any], scenario: dict[str, Any]) -> str | None:
    """The outcome of one provision for one (valid) scenario, or None if it does not apply."""
    if not evaluate(provision["applies_when"], scenario):
        return None
    if provision["outcome"] == OUT_OF_SCOPE:
        return OUT_OF_SCOPE
    if "exempt_when" in provision and evaluate(provision["exempt_when"], scenario):
        return "exemption applies"
    if "satisfied_when" in provision and evaluate(provision["satisfied_when"], scenario):
        return "permitted"
    return provision["outcome"]


def assess(scenario: dict[str, Any], regimes: list[str] | None = None, rules: Rules | None = None) -> list[Finding]:
    """Findings of every applicable provision, regime by regime, in the order of the provisions file.

    A regime whose "out of scope" provision applies yields that one finding only.
    """
    rules = rules or load_rules()
    scenario = validate_scenario(scenario, rulebook=rules.rulebook)
    chosen = rules.regime_ids if regimes is None else regimes
    for regime_id in chosen:
        rules.regime(regime_id)
    findings: list[Finding] = []
    for regime_id in chosen:
        provisions = [p for p in rules.provisions if p["regime"] == regime_id]
        outcomes = [(p, judge(p, scenario)) for p in provisions]
        scope = [(p, o) for p, o in outcomes if o == OUT_OF_SCOPE]
        if scope:
            findings.append(_finding(scope[0][0], "exemption applies"))
            continue
        findings += [_finding(p, o) for p, o in outcomes if o is not None]
    return findings


def verdict(findings: list[Finding], regime_id: str, rules: Rules | None = None) -> str:
    """One word for a regime: the gravest of its findings."""
    rules = rules or load_rules()
    own = [f for f in findings if f.regime == regime_id]
    if not own:
        return "no provision applies"
    if len(own) == 1 and rules.provision(own[0].provision)["outcome"] == OUT_OF_SCOPE:
        return "out of scope"
    gravest = min(own, key=lambda f: _GRAVITY[f.outcome]).outcome
    return "requires action" if gravest == "requires" else gravest


def report(scenario: dict[str, Any], regimes: list[str] | None = None, rules: Rules | None = None) -> dict[str, Any]:
    """What ``python -m aigov assess`` prints as JSON: the scenario's name, each regime's verdict, the findings.

    The book's JavaScript engine (``aigov/book/assets/rules.js``) returns the same for the page's form.
    """
    rules = rules or load_rules()
    findings = assess(scenario, regimes, rules)
    return {
        "scenario": scenario["name"],
        "verdicts": {regime: verdict(findings, regime, rules) for regime in regimes or rules.regime_ids},
        "findings": [finding.as_dict() for finding in findings],
    }


def findings_table(findings: list[Finding], rules: Rules | None = None) -> pd.DataFrame:
    """Findings as a table, with the regime's short name."""
    rules = rules or load_rules()
    names = {r["id"]: r["name"] for r in rules.regimes}
    rows = [
        {
            "regime": names[f.regime],
            "article": f.article,
            "provision": f.provision,
            "outcome": f"requires: {f.requirement}" if f.outcome == "requires" else f.outcome,
            "explanation": f.explanation,
            "citation": f.citation,
        }
        for f in findings
    ]
    return pd.DataFrame(rows, columns=["regime", "article", "provision", "outcome", "explanation", "citation"])


def verdict_matrix(scenarios: dict[str, dict[str, Any]], rules: Rules | None = None) -> pd.DataFrame:
    """Scenarios (rows) × regimes (columns): the overall verdict of each regime."""
    rules = rules or load_rules()
    rows = {}
    for scenario in scenarios.values():
        findings = assess(scenario, rules=rules)
        rows[scenario["name"]] = {r["name"]: verdict(findings, r["id"], rules) for r in rules.regimes}
    return pd.DataFrame.from_dict(rows, orient="index")


def format_findings(findings: list[Finding], regimes: list[str] | None = None, rules: Rules | None = None) -> str:
    """Plain-text report for the command line: one block per regime, nothing a terminal would obey."""
    rules = rules or load_rules()
    lines = []
    for regime_id in regimes or rules.regime_ids:
        regime = rules.regime(regime_id)
        lines.append(f"{regime['name']}: {verdict(findings, regime_id, rules)}")
        for f in [f for f in findings if f.regime == regime_id]:
            outcome = f"requires {f.requirement}" if f.outcome == "requires" else f.outcome
            lines.append(f"  [{f.provision}] {f.article}: {outcome}")
            lines.append(f"      {f.explanation} ({f.citation})")
    return "\n".join(printable(line) for line in lines)
