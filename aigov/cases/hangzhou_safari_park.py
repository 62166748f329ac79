"""The Hangzhou safari park case (``casestudies/hangzhou-safari-park.ipynb``).

The worked scenario ``data/scenarios/hangzhou-safari-park.json`` run through the rules
engine (:mod:`aigov.rules`) with every combination of four changes to the park's system:
:func:`park_grid`, :func:`park_chart` and the live form :class:`ParkVariants`.
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Iterable
from typing import Any

import altair as alt
import ipywidgets as w
import pandas as pd

import aigov.charts  # also registers the book's theme and renderer
from aigov import checks, rules
from aigov.forms import LabWidget

PARK_SCENARIO = "hangzhou-safari-park"

# The four changes a reader can make to the park's system: key -> (letter, label, fields).
# The retention change goes the other way from the rest: the base scenario assumes face
# data are kept for the one-year pass, and the change keeps them five years.
PARK_CHANGES: dict[str, tuple[str, str, dict[str, Any]]] = {
    "alternative": ("A", "Offer a card or ticket as an alternative to the face scan", {"alternative_offered": True}),
    "consent": ("C", "Ask for separate consent to the face scan", {"consent": "separate"}),
    "retention": ("R", "Keep face data for five years, beyond the one-year pass", {"retention_days": 5 * 365}),
    "storage": ("S", "Keep face data only in the gate device", {"storage": "on_device"}),
}

# Verdict colours: light tints (dark text stays readable on them), in order of gravity.
VERDICT_COLOURS = {
    "prohibited": "#f2b398",
    "requires action": "#f8d68f",
    "permitted": "#9dd9c3",
    "exemption applies": "#b9dcf2",
    "out of scope": "#d9d9d9",
    "no provision applies": "#f2f2f2",
}
# Short words for the cells of the overview, so the verdict is not told by colour alone.
VERDICT_ABBREVIATIONS = {
    "prohibited": "ban",
    "requires action": "fix",
    "permitted": "ok",
    "exemption applies": "exm",
    "out of scope": "out",
    "no provision applies": "–",
}
# What a reader sees on pointing at a cell of the overview of variants.
VARIANT_TOOLTIP = {
    "variant:N": "Changes",
    "regime:N": "Regime",
    "verdict:N": "Verdict",
    "open:N": "Still open",
}


def park_scenario() -> dict[str, Any]:
    """The worked scenario of the Hangzhou safari park (``data/scenarios``), validated."""
    return rules.load_scenario(rules.SCENARIO_DIR / f"{PARK_SCENARIO}.json")


def _chosen_changes(changes: Iterable[str]) -> list[str]:
    if isinstance(changes, str):
        changes = [changes]
    chosen = list(changes)
    unknown = [c for c in chosen if c not in PARK_CHANGES]
    if unknown:
        raise ValueError(f"unknown change(s) {', '.join(map(repr, unknown))}; choose from: {', '.join(PARK_CHANGES)}")
    return [c for c in PARK_CHANGES if c in chosen]


def variant_code(changes: Iterable[str]) -> str:
    """A short name for a set of changes: their letters (e.g. 'AC'), or 'none'."""
    letters = "".join(PARK_CHANGES[c][0] for c in _chosen_changes(changes))
    return letters or "none"


def apply_changes(scenario: dict[str, Any], changes: Iterable[str]) -> dict[str, Any]:
    """The scenario with the chosen changes (keys of :data:`PARK_CHANGES`) made."""
    chosen = _chosen_changes(changes)
    changed = dict(scenario)
    for change in chosen:
        changed.update(PARK_CHANGES[change][2])
    if chosen:
        changed["name"] = f"{scenario['name']} ({variant_code(chosen)})"
    return rules.validate_scenario(changed)


def _short_id(provision_id: str) -> str:
    """A provision id without its regime prefix: 'cac2025-consent' -> 'consent'."""
    return provision_id.split("-", 1)[1] if "-" in provision_id else provision_id


def open_findings(findings: list[rules.Finding], regime_id: str) -> list[str]:
    """Ids of a regime's findings that still need action: prohibitions and unmet requirements."""
    return [f.provision for f in findings if f.regime == regime_id and f.outcome in ("prohibited", "requires")]


def park_grid(scenario: dict[str, Any] | None = None, engine: rules.Rules | None = None) -> pd.DataFrame:
    """Every combination of the four changes × every regime: the verdict and what is still open.

    One row per (variant, regime), with a boolean column per change, the variant's code,
    the number of changes, the regime's short name and order, the verdict, and the
    provisions that still prohibit or require something (``open``, their count ``n_open``).
    """
    scenario = park_scenario() if scenario is None else rules.validate_scenario(scenario)
    engine = engine or rules.load_rules()
    rows = []
    keys = list(PARK_CHANGES)
    for flags in itertools.product([False, True], repeat=len(keys)):
        chosen = [k for k, on in zip(keys, flags) if on]
        findings = rules.assess(apply_changes(scenario, chosen), rules=engine)
        for order, regime in enumerate(engine.regimes):
            still_open = open_findings(findings, regime["id"])
            rows.append(
                {
                    **dict(zip(keys, flags)),
                    "variant": variant_code(chosen),
                    "changes": len(chosen),
                    "regime_id": regime["id"],
                    "regime": regime["short_name"],
                    "regime_order": order,
                    "verdict": rules.verdict(findings, regime["id"], engine),
                    "open": ", ".join(_short_id(p) for p in still_open),
                    "n_open": len(still_open),
                }
            )
    grid = pd.DataFrame(rows)
    return grid.sort_values(["changes", "variant", "regime_order"], kind="stable", ignore_index=True)


def park_verdicts(grid: pd.DataFrame) -> pd.DataFrame:
    """The grid as a table: variants (rows, fewest changes first) × regimes (columns)."""
    table = grid.pivot(index="variant", columns="regime", values="verdict")
    order = grid.drop_duplicates("variant")["variant"]
    regimes = grid.drop_duplicates("regime").sort_values("regime_order")["regime"]
    return table.loc[list(order), list(regimes)].rename_axis(index="changes made", columns=None)


def park_verdict_counts(grid: pd.DataFrame) -> pd.DataFrame:
    """How many of the variants get each verdict, regime by regime (verdicts in order of gravity)."""
    counts = pd.crosstab(grid["regime"], grid["verdict"])
    regimes = grid.drop_duplicates("regime").sort_values("regime_order")["regime"]
    verdicts = [v for v in VERDICT_COLOURS if v in counts.columns]
    return counts.loc[list(regimes), verdicts].rename_axis(index="regime", columns="verdict")


def _wrap(items: str, per_line: int = 2) -> str:
    parts = [p for p in items.split(", ") if p]
    if not parts:
        return "nothing"
    return "\n".join(", ".join(parts[i : i + per_line]) for i in range(0, len(parts), per_line))


def park_chart(grid: pd.DataFrame) -> alt.VConcatChart:
    """Four checkboxes choose a variant of the park's system; each regime's verdict follows.

    The top panel lists, for the chosen variant, each regime's verdict and the provisions
    still open; the bottom panel shows all 16 variants at once with the chosen one framed.
    The grid is precomputed by the rules engine; the browser only filters it.
    """
    keys = list(PARK_CHANGES)
    checks.columns(
        grid, [*keys, "variant", "regime", "regime_order", "verdict", "open"], "The grid", "; make it with park_grid()"
    )
    data = grid.assign(open_lines=grid["open"].map(_wrap), short=grid["verdict"].map(VERDICT_ABBREVIATIONS))
    params = [
        alt.param(name=f"with_{key}", value=False, bind=alt.binding_checkbox(name=f"{letter}: {label}"))
        for key, (letter, label, _) in PARK_CHANGES.items()
    ]
    chosen = " && ".join(f"datum.{key} === with_{key}" for key in keys)
    regimes = data.drop_duplicates("regime").sort_values("regime_order")["regime"].tolist()
    verdicts = [v for v in VERDICT_COLOURS if v in set(data["verdict"])]
    colour = alt.Color(
        "verdict:N",
        title="Verdict",
        scale=alt.Scale(domain=verdicts, range=[VERDICT_COLOURS[v] for v in verdicts]),
        legend=alt.Legend(orient="bottom", columns=3, symbolStrokeColor="#666666", symbolStrokeWidth=0.5),
    )
    y = alt.Y(
        "regime:N",
        sort=regimes,
        title=None,
        axis=alt.Axis(labelFontSize=12, labelFontWeight="bold", ticks=False, domain=False),
    )

    selected = alt.Chart(data).transform_filter(chosen)
    columns = ["verdict", "open"]
    header = "datum.value == 'verdict' ? 'Verdict' : 'Still open (provision ids)'"
    column_x = alt.X(
        "column:N",
        title=None,
        sort=columns,
        scale=alt.Scale(domain=columns),
        axis=alt.Axis(
            orient="top",
            labelAngle=0,
            labelExpr=header,
            ticks=False,
            domain=False,
            labelFontWeight="bold",
            labelFontSize=12,
        ),
    )
    tooltip = aigov.charts.tooltips(
        {
            "regime:N": "Regime",
            "verdict:N": "Verdict",
            "open:N": "Still open",
        }
    )
    in_verdict = selected.transform_calculate(column="'verdict'")
    in_open = selected.transform_calculate(column="'open'")
    verdict_cells = in_verdict.mark_rect(stroke="#ffffff", strokeWidth=2).encode(
        y=y, x=column_x, color=colour, tooltip=tooltip
    )
    open_cells = in_open.mark_rect(stroke="#ffffff", strokeWidth=2, color="#f5f5f5").encode(
        y=y, x=column_x, tooltip=tooltip
    )
    verdict_text = in_verdict.mark_text(fontSize=13, fontWeight="bold", color="#1a1a1a").encode(
        y=y, x=column_x, text="verdict:N"
    )
    open_text = in_open.mark_text(fontSize=12, color="#1a1a1a", lineBreak="\n").encode(
        y=y, x=column_x, text="open_lines:N"
    )
    detail = alt.layer(verdict_cells, open_cells, verdict_text, open_text).properties(width=500, height=300)

    variants = data.drop_duplicates("variant")["variant"].tolist()
    x = alt.X(
        "variant:N",
        sort=variants,
        title="Changes made (A, C, R, S as in the checkboxes)",
        axis=alt.Axis(labelAngle=0, orient="bottom"),
    )
    overview_base = alt.Chart(data).encode(x=x, y=y)
    heat = overview_base.mark_rect(stroke="#ffffff", strokeWidth=1).encode(
        color=colour,
        tooltip=aigov.charts.tooltips(VARIANT_TOOLTIP),
    )
    words = overview_base.mark_text(fontSize=10, color="#1a1a1a").encode(text="short:N")
    frame = (
        alt.Chart(data)
        .transform_filter(chosen)
        .transform_aggregate(groupby=["variant"], count="count()")
        .mark_rect(fill=None, stroke="#1a1a1a", strokeWidth=3)
        .encode(x=x)
    )
    overview = alt.layer(heat, words, frame).properties(
        width=500,
        height=180,
        title=alt.Title(
            "All 16 combinations (framed: your choice)",
            subtitle=", ".join(f"{VERDICT_ABBREVIATIONS[v]} = {v}" for v in verdicts),
            fontSize=13,
        ),
    )
    base = data[data["changes"] == 0].sort_values("regime_order")
    return (
        alt.vconcat(detail, overview, spacing=24)
        .add_params(*params)
        .properties(
            title=alt.Title(
                "The Hangzhou safari park under six regimes: change the park's system",
                subtitle=[
                    "Tick the boxes below the chart. A teaching simplification of the rules, not legal advice;",
                    "assumed facts as in the scenario file (e.g. 10,000 pass holders, networked storage).",
                ],
            ),
            description=(
                "Interactive table chart. Four checkboxes change the Hangzhou safari park scenario: offer an "
                "alternative to the face scan (A), ask for separate consent (C), keep face data five years "
                "instead of one (R), keep face data only in the gate device (S). The top panel gives, for the "
                "chosen combination, each regime's verdict from the book's rules engine and the provisions "
                "still open; the bottom panel shows the verdicts of all 16 combinations, the chosen one "
                "framed. With no box ticked: " + "; ".join(f"{r.regime}: {r.verdict}" for r in base.itertuples()) + "."
            ),
        )
        .configure_view(stroke=None)
    )


class ParkVariants(LabWidget):
    """Four checkboxes change the safari park's system; see each regime's verdict and the findings."""

    def __init__(self, scenario: dict[str, Any] | None = None):
        self.scenario = park_scenario() if scenario is None else rules.validate_scenario(scenario)
        self.engine = rules.load_rules()
        layout = w.Layout(width="95%")
        self.boxes = {
            key: w.Checkbox(value=False, description=f"{letter}: {label}", indent=False, layout=layout)
            for key, (letter, label, _) in PARK_CHANGES.items()
        }
        super().__init__(list(self.boxes.values()))

    def chosen(self) -> list[str]:
        """The changes ticked, in the order of :data:`PARK_CHANGES`."""
        return [key for key, box in self.boxes.items() if box.value]

    def compute(self) -> tuple[pd.DataFrame, str]:
        chosen = self.chosen()
        scenario = apply_changes(self.scenario, chosen)
        findings = rules.assess(scenario, rules=self.engine)
        items = []
        for regime in self.engine.regimes:
            still_open = open_findings(findings, regime["id"])
            extra = f" (still open: {html.escape(', '.join(still_open))})" if still_open else ""
            verdict = html.escape(rules.verdict(findings, regime["id"], self.engine))
            items.append(f"<li><b>{html.escape(regime['name'])}</b>: {verdict}{extra}</li>")
        label = "the park as in the scenario file" if not chosen else "changes " + variant_code(chosen)
        text = (
            f"Verdicts for {html.escape(label)} (a teaching simplification, not legal advice):<ul>{''.join(items)}</ul>"
        )
        return rules.findings_table(findings, self.engine), text
