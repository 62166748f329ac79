"""Form base classes for the live ipywidgets forms of labs and case studies (JupyterLab or a hub).

Each form validates what the reader enters and answers bad input with a readable message
in the form, never a traceback. The work is done by plain functions in the lab and case
modules; the forms only collect input and show results, so their callbacks can be tested
without a browser: set a control's value, call :meth:`~LabWidget.update` (or let the
observer call it), read ``message`` and ``result``.
"""

from __future__ import annotations

import html

import ipywidgets as w
import pandas as pd

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
