"""The Hangzhou safari park case (aigov.cases.hangzhou_safari_park): the variants, the verdict grid, the chart, the live form."""

from __future__ import annotations

import pandas as pd
import pytest
from support import vega_svg_text

from aigov import rules
from aigov.cases import hangzhou_safari_park as safari


@pytest.fixture(scope="module")
def park_grid() -> pd.DataFrame:
    return safari.park_grid()


def test_each_change_sets_its_field_and_names_the_variant() -> None:
    park = safari.park_scenario()
    assert park["alternative_offered"] is False and park["consent"] == "notice_only" and park["storage"] == "networked"
    changed = safari.apply_changes(park, ["storage", "alternative", "consent", "retention"])
    assert changed["alternative_offered"] is True
    assert changed["consent"] == "separate"
    assert changed["retention_days"] == 1825
    assert changed["storage"] == "on_device"
    assert changed["name"].endswith("(ACRS)")
    assert safari.apply_changes(park, [])["name"] == park["name"]
    assert safari.variant_code(["consent", "alternative"]) == "AC"
    assert safari.variant_code([]) == "none"
    assert park["retention_days"] == 365, "the worked scenario itself is not changed"


def test_unknown_change_is_refused_with_the_choices() -> None:
    with pytest.raises(
        ValueError, match="unknown change\\(s\\) 'delete'; choose from: alternative, consent, retention, storage"
    ):
        safari.apply_changes(safari.park_scenario(), ["delete"])


def test_park_grid_covers_every_combination_and_regime(park_grid: pd.DataFrame) -> None:
    engine = rules.load_rules()
    assert len(park_grid) == 16 * len(engine.regimes)
    assert park_grid["variant"].nunique() == 16
    assert park_grid.groupby("variant").size().eq(len(engine.regimes)).all()
    assert park_grid["variant"].iloc[0] == "none" and park_grid["variant"].iloc[-1] == "ACRS"
    # The grid agrees with the engine run directly.
    findings = rules.assess(safari.park_scenario(), rules=engine)
    base = park_grid[park_grid["variant"] == "none"].set_index("regime_id")
    for regime in engine.regime_ids:
        assert base.loc[regime, "verdict"] == rules.verdict(findings, regime, engine)


def test_changes_move_the_findings_they_should(park_grid: pd.DataFrame) -> None:
    cell = park_grid.set_index(["variant", "regime_id"])
    # Art. 10 of the 2025 Measures: face-only entry is banned until an alternative is offered.
    assert cell.loc[("none", "cac2025"), "verdict"] == "prohibited"
    assert "no-mandatory-scan" in cell.loc[("none", "cac2025"), "open"]
    assert "no-mandatory-scan" not in cell.loc[("A", "cac2025"), "open"]
    # Storage in the device, or separate consent, meets the storage rule.
    assert "storage" in cell.loc[("none", "cac2025"), "open"]
    assert "storage" not in cell.loc[("S", "cac2025"), "open"]
    assert "storage" not in cell.loc[("C", "cac2025"), "open"]
    # Separate consent lifts the GDPR's Art. 9 ban in the engine's simplified model.
    assert "9-biometric" in cell.loc[("none", "gdpr"), "open"]
    assert "9-biometric" not in cell.loc[("C", "gdpr"), "open"]
    # Keeping face data five years trips BIPA's three-year destruction rule, and only that.
    assert "15a-retention" not in cell.loc[("none", "bipa"), "open"]
    assert "15a-retention" in cell.loc[("R", "bipa"), "open"]
    assert cell.loc[("R", "bipa"), "n_open"] == cell.loc[("none", "bipa"), "n_open"] + 1
    # PIPL: the text message is notice, not consent (Art. 14), and face-only entry refuses service (Art. 16).
    assert cell.loc[("none", "pipl"), "verdict"] == "prohibited"
    assert "14-valid-consent" in cell.loc[("none", "pipl"), "open"]
    assert "16-no-refusal" in cell.loc[("none", "pipl"), "open"]
    # Separate consent alone does not make the park lawful under the PIPL (Arts. 16, 17/30, 55).
    assert cell.loc[("C", "pipl"), "verdict"] == "prohibited"
    # Even with every change the notice and the prior impact assessment are still missing.
    assert cell.loc[("ACRS", "pipl"), "verdict"] == "requires action"
    assert "55-impact-assessment" in cell.loc[("ACRS", "pipl"), "open"]
    # The AI Act's encoded bans never reach the park.
    assert set(park_grid.loc[park_grid["regime_id"] == "euaiact", "verdict"]) == {"no provision applies"}


def test_verdict_table_has_variants_as_rows(park_grid: pd.DataFrame) -> None:
    table = safari.park_verdicts(park_grid)
    assert table.shape == (16, len(rules.load_rules().regimes))
    assert list(table.index[:5]) == ["none", "A", "C", "R", "S"]
    assert table.loc["none", "CAC 2025"] == "prohibited"


def test_park_chart_has_four_checkboxes_and_draws_the_verdicts(park_grid: pd.DataFrame) -> None:
    chart = safari.park_chart(park_grid)
    spec = chart.to_dict()
    params = {p["name"]: p for p in spec["params"]}
    assert set(params) == {"with_alternative", "with_consent", "with_retention", "with_storage"}
    assert all(p["bind"]["input"] == "checkbox" and p["value"] is False for p in params.values())
    assert "CAC 2025: prohibited" in spec["description"]
    words = vega_svg_text(chart)
    assert "notice, no-mandatory-scan" in words, "the top panel lists what is still open for the park as reported"
    assert "ACRS" in words and "ban" in words


def test_park_chart_refuses_a_table_that_is_not_the_grid() -> None:
    with pytest.raises(ValueError, match="The grid lacks the column\\(s\\): alternative, consent"):
        safari.park_chart(pd.DataFrame({"verdict": ["permitted"]}))


def test_park_widget_recomputes_when_a_box_is_ticked() -> None:
    form = safari.ParkVariants()
    assert "the park as in the scenario file" in form.message.value
    assert "cac2025-no-mandatory-scan" in form.message.value
    assert set(form.result["regime"]) >= {"CAC/MPS Measures (2025)", "GDPR (EU, 2016)"}
    form.boxes["alternative"].value = True
    form.boxes["storage"].value = True
    assert form.chosen() == ["alternative", "storage"]
    assert "changes AS" in form.message.value
    assert "cac2025-no-mandatory-scan" not in form.message.value
    assert "cac2025-storage" not in form.message.value
    assert "<table" in form.view.value


def test_park_widget_refuses_a_malformed_scenario() -> None:
    bad = {**safari.park_scenario(), "consent": "maybe"}
    with pytest.raises(ValueError, match="field 'consent': \"maybe\" is not allowed"):
        safari.ParkVariants(scenario=bad)


def test_verdict_counts_add_up_to_sixteen_per_regime(park_grid: pd.DataFrame) -> None:
    counts = safari.park_verdict_counts(park_grid)
    assert (counts.sum(axis=1) == 16).all()
    assert list(counts.index) == [r["short_name"] for r in rules.load_rules().regimes]
    assert counts.loc["EU AI Act", "no provision applies"] == 16
    assert list(counts.columns) == [v for v in safari.VERDICT_COLOURS if v in counts.columns]
