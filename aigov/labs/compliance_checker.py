"""The facial-recognition chapter's lab: a compliance checker built on the rules engine.

- :func:`regimes_table_html`: the six regimes with their full status text, wrapped, never cut.
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

# The rules reference page, in the same folder as the lab and the case study's links.
REFERENCE_HTML = "scenario-schema.html"


def provision_link(provision_id: str, page: str = REFERENCE_HTML) -> str:
    """An HTML link from a page in the same folder to a provision on the reference page."""
    return f'<a href="{page}#{rules.provision_anchor(provision_id)}">{html.escape(provision_id)}</a>'


def regimes_table_html(data: rules.Rules | None = None) -> str:
    """The regimes the engine models: id, name and the full status text.

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


def verdict_table_html(scenarios: dict[str, dict[str, Any]], page: str = REFERENCE_HTML) -> str:
    """Scenarios × regimes: each cell the regime's verdict, with links to the provisions that decide it.

    Links are given where they explain the verdict: the prohibiting or requiring provisions,
    or the provision that takes the scenario out of scope. A "permitted" cell has none: every
    provision that applies is met (the findings list says which).
    """
    data = rules.load_rules()
    deciding = {"prohibited": "prohibited", "requires action": "requires", "out of scope": "exemption applies"}
    head = "".join(f'<th scope="col">{html.escape(r["short_name"])}</th>' for r in data.regimes)
    body = []
    for scenario in scenarios.values():
        findings = rules.assess(scenario, rules=data)
        cells = []
        for regime in data.regimes:
            verdict = rules.verdict(findings, regime["id"], data)
            links = "<br>".join(
                provision_link(f.provision, page)
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


def findings_html(scenario: dict[str, Any], page: str = REFERENCE_HTML) -> str:
    """One scenario's findings as a collapsible block (an HTML <details>, no script needed)."""
    data = rules.load_rules()
    findings = rules.assess(scenario, rules=data)
    names = {r["id"]: r["name"] for r in data.regimes}
    rows = "".join(
        "<tr>"
        f"<td>{html.escape(names[f.regime])}</td>"
        f"<td>{provision_link(f.provision, page)} ({html.escape(f.article)})</td>"
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


# Labels for the live form, from the schema's titles, in its order (the order a reader
# thinks about a deployment); a checkbox's label reads as a statement, others end in a colon.
SCENARIO_LABELS = {
    field: spec["title"] + ("" if spec.get("type") == "boolean" else ":")
    for field, spec in rules.scenario_schema()["properties"].items()
    if field in rules.scenario_schema()["required"] and field != "name"
}
# The worked scenario the forms start from.
START = "hangzhou-safari-park"


def page_data(bibliography_href: str, start: str = START) -> dict[str, Any]:
    """What the static site's form needs, embedded in the page at build time (:mod:`aigov.book.site_checker`).

    The scenario schema and the provisions file as they are, the worked scenarios, and for
    each source a provision cites a short author–year label linked to its entry on the
    bibliography page (``bibliography_href``, relative to the page).
    """
    provisions = json.loads(rules.PROVISIONS.read_text(encoding="utf-8"))
    keys = sorted({key for p in provisions["provisions"] for key in p["citation"]})
    return {
        "schema": rules.scenario_schema(),
        "rules": provisions,
        "examples": rules.example_scenarios(),
        "start": start,
        "reference": REFERENCE_HTML,
        "citations": {key: citation_link(key, bibliography_href) for key in keys},
    }


class ComplianceChecker(LabWidget):
    """Describe a facial-recognition deployment; see each regime's verdict and the findings behind it."""

    def __init__(self, start: str = START):
        self.examples = rules.example_scenarios()
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
        for field, label in SCENARIO_LABELS.items():
            spec = rules.scenario_schema()["properties"][field]
            if spec.get("type") == "boolean":
                control = w.Checkbox(description=label, indent=False, layout=layout)
            elif spec.get("type") == "integer":
                control = w.IntText(description=label, style=style)
            elif spec.get("type") == "array":
                options = rules.allowed_values(field)
                control = w.SelectMultiple(options=options, rows=len(options), description=label, style=style)
            else:
                control = w.Dropdown(options=rules.allowed_values(field), description=label, style=style, layout=layout)
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
        data = rules.load_rules()
        try:
            findings = rules.assess(self.scenario(), rules=data)
        except rules.ScenarioError as err:
            # Name the form's controls, not the JSON fields behind them.
            message = str(err)
            for field, label in SCENARIO_LABELS.items():
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
