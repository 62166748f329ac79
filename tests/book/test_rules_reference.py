"""The generated page on the scenario format and provisions (aigov.book.rules_reference)."""

from __future__ import annotations

from support import ROOT

from aigov import rules
from aigov.book import rules_reference

REFERENCE_PAGE = ROOT / "chapters" / "facial-recognition" / "scenario-schema.md"


def test_reference_page_is_up_to_date() -> None:
    assert REFERENCE_PAGE.read_text(encoding="utf-8") == rules_reference.page(), (
        "the rules reference page is stale: run "
        "'python -m aigov rules-reference chapters/facial-recognition/scenario-schema.md'"
    )


def test_reference_page_anchors_every_provision() -> None:
    text = rules_reference.page()
    for provision in rules.load_rules().provisions:
        assert f"({rules.provision_anchor(provision['id'])})=" in text
