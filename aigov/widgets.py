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

from aigov import ethics, reidentification

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


class UniquenessExplorer(LabWidget):
    """Simulate a town, coarsen its location records, and see how many people k points single out."""

    def __init__(self, people: int = 500, seed: int = 2013):
        style = {"description_width": "initial"}
        self.people = w.IntText(value=people, description="Simulated people (10–5,000):", style=style)
        self.seed = w.IntText(value=seed, description="Random seed (0 or more):", style=style)
        self.cell_size = w.Dropdown(
            options=list(reidentification.SPACE_FACTORS), value=1, description="Cell size (cells per side):", style=style
        )
        self.hours = w.Dropdown(
            options=list(reidentification.TIME_FACTORS), value=1, description="Hours per time slot:", style=style
        )
        self.points = w.IntSlider(value=4, min=1, max=10, description="Known points:", style=style)
        super().__init__([self.people, self.seed, self.cell_size, self.hours, self.points])

    def compute(self) -> tuple[pd.DataFrame, str]:
        people = self.people.value
        if not 10 <= people <= 5000:
            raise ValueError(f"Simulated people must be between 10 and 5,000; you entered {people}.")
        if self.seed.value < 0:
            raise ValueError(f"The random seed must be 0 or more; you entered {self.seed.value}.")
        traces = reidentification.synthetic_traces(people=people, seed=self.seed.value)
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
