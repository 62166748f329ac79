"""ipywidgets front ends for the labs, for use in a live notebook (JupyterLab or a hub).

Each widget validates what the reader enters and answers bad input with a readable
message in the widget, never a traceback. The work is done by plain functions in the
other ``aigov`` modules; the widgets only collect input and show results, so their
callbacks can be tested without a browser: set a control's value, call
:meth:`~LabWidget.update` (or let the observer call it), read ``message`` and ``result``.
"""

from __future__ import annotations

import html

import ipywidgets as w
import pandas as pd

from aigov import baserates, ethics, reidentification, rules

ERROR_STYLE = "color:#b00020;font-weight:600"


class LabWidget(w.VBox):
    """A form, a message line and a result table; subclasses implement :meth:`compute`.

    Every change of a control recomputes, so the result always matches the form.
    """

    def __init__(self, controls: list[w.Widget]):
        self.message = w.HTML()
        # Results are shown as HTML in a widget rather than printed into an Output area, so
        # the form works (and can be tested) the same with or without a front end.
        self.view = w.HTML()
        self.result: pd.DataFrame | None = None
        super().__init__(children=[*controls, self.message, self.view])
        for control in controls:
            if isinstance(control, w.ValueWidget):
                control.observe(self.update, names="value")
        self.update()

    def compute(self) -> tuple[pd.DataFrame, str]:
        """Return (result, message). Raise ValueError with a reader-facing message on bad input."""
        raise NotImplementedError

    def update(self, *_: object) -> None:
        try:
            self.result, text = self.compute()
        except ValueError as err:
            self.result = None
            self.message.value = f'<span style="{ERROR_STYLE}">{html.escape(str(err))}</span>'
            self.view.value = ""
            return
        self.message.value = text
        self.view.value = self.result.to_html(index=False, border=0, classes="aigov-widget-table")


class TownLab(LabWidget):
    """A form that simulates a town first: its size and random seed, checked before use."""

    STYLE = {"description_width": "initial"}

    def __init__(self, people: int, seed: int, controls: list[w.Widget]):
        self.people = w.IntText(value=people, description="Simulated people (10–5,000):", style=self.STYLE)
        self.seed = w.IntText(value=seed, description="Random seed (0 or more):", style=self.STYLE)
        super().__init__([self.people, self.seed, *controls])

    def town(self) -> reidentification.Traces:
        """The simulated town the form describes; ValueError with a reader-facing message if it cannot be."""
        people = self.people.value
        if not 10 <= people <= 5000:
            raise ValueError(f"Simulated people must be between 10 and 5,000; you entered {people}.")
        if self.seed.value < 0:
            raise ValueError(f"The random seed must be 0 or more; you entered {self.seed.value}.")
        return reidentification.synthetic_traces(people=people, seed=self.seed.value)


class UniquenessExplorer(TownLab):
    """Simulate a town, coarsen its location records, and see how many people k points single out."""

    def __init__(self, people: int = 500, seed: int = 2013):
        style = self.STYLE
        self.cell_size = w.Dropdown(
            options=list(reidentification.SPACE_FACTORS), value=1, description="Cell size (cells per side):", style=style
        )
        self.hours = w.Dropdown(
            options=list(reidentification.TIME_FACTORS), value=1, description="Hours per time slot:", style=style
        )
        self.points = w.IntSlider(value=4, min=1, max=10, description="Known points:", style=style)
        super().__init__(people, seed, [self.cell_size, self.hours, self.points])

    def compute(self) -> tuple[pd.DataFrame, str]:
        traces = self.town()
        people = self.people.value
        coarse = reidentification.coarsen(traces, self.cell_size.value, self.hours.value)
        share = reidentification.unique_share(coarse, self.points.value, seed=self.seed.value)
        table = pd.DataFrame(
            {
                "simulated people": [people],
                "resolution": [reidentification.resolution_label(self.cell_size.value, self.hours.value)],
                "known points": [self.points.value],
                "uniquely identified": [f"{share:.1%}"],
            }
        )
        text = (
            f"<b>{share:.1%}</b> of {people:,} simulated people are singled out by "
            f"{self.points.value} known point(s) at {reidentification.resolution_label(self.cell_size.value, self.hours.value)}. "
            "Synthetic data: no real person is described."
        )
        return table, text


class PrinciplesComparer(LabWidget):
    """Pick AI-principle documents; see the themes all of them share and those none covers."""

    def __init__(self, coverage: pd.DataFrame):
        self.coverage = coverage
        labels = ethics.document_labels(coverage)
        self.documents = w.SelectMultiple(
            options=[(label, doc_id) for doc_id, label in labels.items()],
            value=tuple(list(labels)[:2]),
            rows=min(len(labels), 9),
            description="Documents:",
            layout=w.Layout(width="95%"),
        )
        super().__init__([w.HTML("Hold Ctrl (or ⌘) to pick several documents."), self.documents])

    def compute(self) -> tuple[pd.DataFrame, str]:
        comparison = ethics.compare(self.coverage, list(self.documents.value))
        shared = ", ".join(comparison.loc[comparison["status"] == "all", "theme"]) or "none"
        missing = ", ".join(comparison.loc[comparison["status"] == "none", "theme"]) or "none"
        text = (
            f"Themes in <b>all</b> {len(self.documents.value)} chosen document(s): {html.escape(shared)}.<br>"
            f"Themes in <b>none</b> of them: {html.escape(missing)}."
        )
        return comparison, text


class BaseRateCalculator(LabWidget):
    """Type the five inputs of a watch-list camera system; see its expected alerts per day.

    Subclasses that need more inputs (the station case study's minutes per alert) pass
    their own controls as ``extra_controls`` and read the five with :meth:`inputs`.
    """

    def __init__(
        self,
        crowd: int = 100_000,
        watchlist: int = 10_000,
        wanted_in_crowd: int = 10,
        true_match_rate: float = 0.9,
        false_match_rate: float = 1e-5,
        extra_controls: list[w.Widget] | None = None,
    ):
        style = {"description_width": "initial"}
        self.crowd = w.IntText(value=crowd, description="Faces scanned per day:", style=style)
        self.watchlist = w.IntText(value=watchlist, description="Entries on the watch list:", style=style)
        self.wanted = w.IntText(value=wanted_in_crowd, description="Listed people who pass per day:", style=style)
        self.true_match_rate = w.FloatText(value=true_match_rate, description="True-match rate (0–1):", style=style)
        self.false_match_rate = w.FloatText(
            value=false_match_rate, description="False-match rate per comparison (0–1, e.g. 1e-5):", style=style
        )
        controls = [self.crowd, self.watchlist, self.wanted, self.true_match_rate, self.false_match_rate]
        super().__init__(controls + (extra_controls or []))

    def inputs(self) -> tuple:
        """The five inputs, in the order of :func:`aigov.baserates.expected_alerts`."""
        return (
            self.crowd.value,
            self.watchlist.value,
            self.wanted.value,
            self.true_match_rate.value,
            self.false_match_rate.value,
        )

    def compute(self) -> tuple[pd.DataFrame, str]:
        alerts = baserates.expected_alerts(*self.inputs())
        return baserates.table(alerts), html.escape(baserates.summary(alerts))


# Labels for the compliance form, in the order a reader thinks about a deployment.
SCENARIO_LABELS = {
    "operator": "Who runs it:",
    "purpose": "Purpose:",
    "place": "Place:",
    "consent": "Consent obtained:",
    "alternative_offered": "A non-facial alternative is offered",
    "youngest_age": "Youngest person scanned (years):",
    "guardian_consent": "A guardian consented for children under 14",
    "inferred_attributes": "Traits inferred from faces:",
    "people_stored": "People whose face data are stored:",
    "retention_days": "Kept for (days):",
    "storage": "Where face data are kept:",
    "signage": "Prominent signs",
    "real_time_remote_identification": "Real-time remote identification",
    "untargeted_scraping": "Database built by untargeted scraping",
    "law_enforcement_ground": "Police objective claimed:",
    "impact_assessment": "Impact assessment done",
    "sells_data": "Face data are sold",
}


class ComplianceChecker(LabWidget):
    """Describe a facial-recognition deployment; see each regime's verdict and the findings behind it."""

    def __init__(self, start: str = "hangzhou-safari-park"):
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
        text = f"Verdict per regime (the gravest finding; a teaching simplification, not legal advice):<ul>{verdicts}</ul>"
        return rules.findings_table(findings, data), text
