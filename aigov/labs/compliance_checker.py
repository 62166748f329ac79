"""The compliance checkers built on the rules engine: the facial-recognition chapter's lab and,
with the same code given the ``genai`` rulebook, the service checker of the chapter on
algorithms and generative AI.

Every function and the live form take the rulebook as a keyword argument
(:data:`aigov.rules.FR` unless given); links go to that rulebook's reference page.

- :func:`regimes_table_html`: the regimes with their full status text, wrapped, never cut.
- :func:`verdict_table_html` and :func:`findings_html`: the worked scenarios' verdicts and
  findings as HTML tables for the static site, each provision linked to its entry on the
  rules reference page (``scenario-schema.md``).
- :func:`page_data`: what the static site's form needs (schema, provisions, worked
  scenarios, citation labels); the form itself is JavaScript (``aigov/book/assets/checker.js``,
  with the rules engine mirrored in ``rules.js``), embedded by :mod:`aigov.book.site_checker`.
- :class:`ComplianceChecker`: the live form (ipywidgets); a reader describes a deployment
  and sees each regime's verdict and the findings behind it.

The engine itself (:mod:`aigov.rules`) is shared with the Hangzhou case study and the
command line.
"""

from __future__ import annotations

import html
import json
from typing import Any

import ipywidgets as w
import pandas as pd

from aigov import rules
from aigov.bibliography import citation_link
from aigov.forms import LabWidget

# The facial-recognition rules reference page, in the same folder as its lab.
REFERENCE_HTML = rules.FR.reference_html


def provision_link(provision_id: str, page: str = REFERENCE_HTML, title: str | None = None) -> str:
    """An HTML link from a page in the same folder to a provision on the reference page, named
    by the provision's title in words where given (its id otherwise)."""
    return f'<a href="{page}#{rules.provision_anchor(provision_id)}">{html.escape(title or provision_id)}</a>'


def regimes_table_html(data: rules.Rules | None = None) -> str:
    """The regimes a rulebook models (facial recognition unless ``data`` says otherwise): id, name, full status text.

    A plain DataFrame display cuts long cells at 50 characters ("…"), which hid most of each
    regime's status; this table shows all of it and lets the browser wrap it.
    """
    data = data or rules.load_rules()
    body = "".join(
        f'<tr><th scope="row">{html.escape(r["id"])}</th><td>{html.escape(r["name"])}</td>'
        f'<td style="white-space: normal">{html.escape(r["status"])}</td></tr>'
        for r in data.regimes
    )
    return (
        '<table class="aigov-regimes dataframe">'
        '<thead><tr><th scope="col">id</th><th scope="col">name</th><th scope="col">status</th></tr></thead>'
        f"<tbody>{body}</tbody></table>"
    )


def verdict_table_html(
    scenarios: dict[str, dict[str, Any]], page: str | None = None, rulebook: rules.Rulebook = rules.FR
) -> str:
    """Scenarios × regimes: each cell the regime's verdict, with links to the provisions that decide it.

    Links are given where they explain the verdict: the prohibiting or requiring provisions,
    or the provision that takes the scenario out of scope. A "permitted" cell has none: every
    provision that applies is met (the findings list says which). ``page`` is the reference
    page's address from the page showing the table (default: the rulebook's, in the same folder).
    """
    page = page or rulebook.reference_html
    data = rules.load_rules(rulebook=rulebook)
    deciding = {"prohibited": "prohibited", "requires action": "requires", "out of scope": "exemption applies"}
    head = "".join(f'<th scope="col">{html.escape(r["short_name"])}</th>' for r in data.regimes)
    body = []
    for scenario in scenarios.values():
        findings = rules.assess(scenario, rules=data)
        cells = []
        for regime in data.regimes:
            verdict = rules.verdict(findings, regime["id"], data)
            links = "<br>".join(
                provision_link(f.provision, page, data.provision(f.provision)["title"])
                for f in findings
                if f.regime == regime["id"] and f.outcome == deciding.get(verdict)
            )
            cells.append(f"<td><strong>{html.escape(verdict)}</strong>{'<br>' + links if links else ''}</td>")
        body.append(f'<tr><th scope="row">{html.escape(scenario["name"])}</th>{"".join(cells)}</tr>')
    return (
        '<table class="aigov-verdicts dataframe">'
        f'<thead><tr><th scope="col">Scenario</th>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def findings_html(scenario: dict[str, Any], page: str | None = None, rulebook: rules.Rulebook = rules.FR) -> str:
    """One scenario's findings as a collapsible block (an HTML <details>, no script needed)."""
    page = page or rulebook.reference_html
    data = rules.load_rules(rulebook=rulebook)
    findings = rules.assess(scenario, rules=data)
    names = {r["id"]: r["name"] for r in data.regimes}
    rows = "".join(
        "<tr>"
        f"<td>{html.escape(names[f.regime])}</td>"
        f"<td>{provision_link(f.provision, page, data.provision(f.provision)['title'])} ({html.escape(f.article)})</td>"
        f"<td>{html.escape('requires ' + f.requirement if f.outcome == 'requires' else f.outcome)}</td>"
        f"<td>{html.escape(f.explanation)}</td>"
        "</tr>"
        for f in findings
    )
    assumptions = "".join(f"<li>{html.escape(a)}</li>" for a in scenario.get("assumptions", []))
    return (
        f'<details class="aigov-findings"><summary>{html.escape(scenario["name"])}: {len(findings)} findings</summary>'
        f"<p>{html.escape(scenario.get('description', ''))}</p>"
        + (f"<p>Assumptions:</p><ul>{assumptions}</ul>" if assumptions else "")
        + '<table class="dataframe"><thead><tr><th scope="col">Regime</th><th scope="col">Provision</th><th scope="col">Outcome</th>'
        f'<th scope="col">Why</th></tr></thead><tbody>{rows}</tbody></table></details>'
    )


def _value_in_words(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, list):
        return ", ".join(_value_in_words(item) for item in value) or "none"
    return str(value).replace("_", " ")


def scenario_html(scenario: dict[str, Any], fields: list[str], rulebook: rules.Rulebook = rules.FR) -> str:
    """Some of a scenario's facts as a two-column table, each field by its title in words,
    followed by the scenario's assumptions as a list."""
    titles = {field: spec["title"] for field, spec in rules.scenario_schema(rulebook)["properties"].items()}
    rows = "".join(
        f'<tr><th scope="row">{html.escape(titles[field])}</th><td>{html.escape(_value_in_words(scenario[field]))}</td></tr>'
        for field in fields
    )
    assumptions = "".join(f"<li>{html.escape(a)}</li>" for a in scenario.get("assumptions", []))
    return (
        f'<table class="dataframe"><thead><tr><th scope="col">Fact</th><th scope="col">Value</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>" + (f"<p>Assumptions:</p><ul>{assumptions}</ul>" if assumptions else "")
    )


def scenario_labels(rulebook: rules.Rulebook = rules.FR) -> dict[str, str]:
    """Labels for the live form, from the schema's titles, in its order (the order a reader thinks
    about a case); a checkbox's label reads as a statement, others end in a colon."""
    schema = rules.scenario_schema(rulebook)
    return {
        field: spec["title"] + ("" if spec.get("type") == "boolean" else ":")
        for field, spec in schema["properties"].items()
        if field in schema["required"] and field != "name"
    }


def page_data(bibliography_href: str, start: str | None = None, rulebook: rules.Rulebook = rules.FR) -> dict[str, Any]:
    """What the static site's form needs, embedded in the page at build time (:mod:`aigov.book.site_checker`).

    The rulebook's scenario schema and provisions file as they are, its worked scenarios,
    and for each source a provision cites a short author–year label linked to its entry on
    the bibliography page (``bibliography_href``, relative to the page).
    """
    provisions = json.loads(rulebook.provisions.read_text(encoding="utf-8"))
    keys = sorted({key for p in provisions["provisions"] for key in p["citation"]})
    return {
        "schema": rules.scenario_schema(rulebook),
        "rules": provisions,
        "examples": rules.example_scenarios(rulebook),
        "start": start or rulebook.start,
        "reference": rulebook.reference_html,
        "citations": {key: citation_link(key, bibliography_href) for key in keys},
    }


class ComplianceChecker(LabWidget):
    """Describe a deployment or service; see each regime's verdict and the findings behind it.

    ``rulebook`` chooses what is described (facial recognition unless given); ``start`` is the
    worked scenario the form starts from (the rulebook's own unless given).
    """

    def __init__(self, start: str | None = None, rulebook: rules.Rulebook = rules.FR):
        self.rulebook = rulebook
        self.labels = scenario_labels(rulebook)
        start = start or rulebook.start
        self.examples = rules.example_scenarios(rulebook)
        if start not in self.examples:
            raise ValueError(f"unknown example '{start}'; choose one of: {', '.join(self.examples)}")
        style = {"description_width": "initial"}
        layout = w.Layout(width="95%")
        self.example = w.Dropdown(
            options=[(scenario["name"], key) for key, scenario in self.examples.items()],
            value=start,
            description="Start from a worked scenario:",
            style=style,
            layout=layout,
        )
        self.fields: dict[str, w.ValueWidget] = {}
        for field, label in self.labels.items():
            spec = rules.scenario_schema(rulebook)["properties"][field]
            if spec.get("type") == "boolean":
                control = w.Checkbox(description=label, indent=False, layout=layout)
            elif spec.get("type") == "integer":
                control = w.IntText(description=label, style=style)
            elif spec.get("type") == "array":
                options = rules.allowed_values(field, rulebook)
                control = w.SelectMultiple(options=options, rows=len(options), description=label, style=style)
            else:
                options = rules.allowed_values(field, rulebook)
                control = w.Dropdown(options=options, description=label, style=style, layout=layout)
            self.fields[field] = control
        self._loading = False
        self._fill(start)
        super().__init__([self.example, *self.fields.values()])
        self.example.observe(self._load_example, names="value")

    def _fill(self, key: str) -> None:
        self._loading = True
        try:
            for field, control in self.fields.items():
                value = self.examples[key][field]
                control.value = tuple(value) if isinstance(control, w.SelectMultiple) else value
        finally:
            self._loading = False

    def _load_example(self, change: dict) -> None:
        self._fill(change["new"])
        self.update()

    def update(self, *args: object) -> None:
        # Filling the form from an example changes every control; recompute once, at the end.
        if not self._loading:
            super().update(*args)

    def scenario(self) -> dict:
        """The scenario the form describes."""
        values = {
            field: list(control.value) if isinstance(control, w.SelectMultiple) else control.value
            for field, control in self.fields.items()
        }
        return {"name": "Your scenario", **values}

    def compute(self) -> tuple[pd.DataFrame, str]:
        data = rules.load_rules(rulebook=self.rulebook)
        try:
            findings = rules.assess(self.scenario(), rules=data)
        except rules.ScenarioError as err:
            # Name the form's controls, not the JSON fields behind them.
            message = str(err)
            for field, label in self.labels.items():
                message = message.replace(f"field '{field}'", f"“{label.rstrip(':')}”")
            raise ValueError(message) from None
        verdicts = "".join(
            f"<li><b>{html.escape(regime['name'])}</b>: {html.escape(rules.verdict(findings, regime['id'], data))}</li>"
            for regime in data.regimes
        )
        text = (
            f"Verdict per regime (the gravest finding; a teaching simplification, not legal advice):<ul>{verdicts}</ul>"
        )
        return rules.findings_table(findings, data), text
