"""The ethics lab: coverage matrix, comparison, principle classifier, chart, live form."""

from __future__ import annotations

import pandas as pd
import pytest

from aigov import data
from aigov.labs import principles_matrix as ethics
from aigov.labs.principles_matrix import PrinciplesComparer

COVERAGE = pd.DataFrame(
    [
        ("a", "Doc A", "x", "government", "China", 2019, "privacy", True, "e", "k"),
        ("a", "Doc A", "x", "government", "China", 2019, "fairness", True, "e", "k"),
        ("a", "Doc A", "x", "government", "China", 2019, "safety", False, "e", "k"),
        ("b", "Doc B", "y", "industry", "China", 2018, "privacy", True, "e", "k"),
        ("b", "Doc B", "y", "industry", "China", 2018, "fairness", False, "e", "k"),
        ("b", "Doc B", "y", "industry", "China", 2018, "safety", False, "e", "k"),
    ],
    columns=[
        "document_id",
        "document",
        "issuer",
        "issuer_type",
        "region",
        "year",
        "theme",
        "covered",
        "evidence",
        "source",
    ],
)


def test_matrix_marks_covered_themes_in_theme_order() -> None:
    matrix = ethics.coverage_matrix(COVERAGE)
    assert list(matrix.index) == ["Doc A (2019)", "Doc B (2018)"]
    assert list(matrix.columns) == ["fairness", "privacy", "safety"]
    assert matrix.loc["Doc A (2019)"].tolist() == ["✓", "✓", ""]
    assert matrix.loc["Doc B (2018)"].tolist() == ["", "✓", ""]


def test_compare_reports_all_some_none() -> None:
    result = ethics.compare(COVERAGE, ["a", "b"]).set_index("theme")
    assert result.loc["privacy", "status"] == "all"
    assert result.loc["fairness", "status"] == "some"
    assert result.loc["fairness", "covered by"] == "1 of 2"
    assert result.loc["fairness", "documents"] == "Doc A (2019)"
    assert result.loc["safety", "status"] == "none"


@pytest.mark.parametrize(
    ("ids", "message"), [([], "Pick at least one document"), (["a", "zz"], "Unknown document id\\(s\\): zz")]
)
def test_compare_refuses_bad_choices(ids: list[str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        ethics.compare(COVERAGE, ids)


def test_table_without_needed_columns_is_refused() -> None:
    with pytest.raises(ValueError, match="lacks the column\\(s\\): covered"):
        ethics.coverage_matrix(COVERAGE.drop(columns="covered"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("AI should respect privacy and protect personal information.", {"privacy"}),
        (
            "Systems must be transparent and explainable, and developers accountable.",
            {"transparency", "accountability"},
        ),
        ("Promote harmony and friendliness for the welfare of humanity.", {"well-being"}),
    ],
)
def test_classifier_suggests_themes(text: str, expected: set[str]) -> None:
    assert expected <= set(ethics.classify_principle(text))


def test_classifier_returns_nothing_for_unrelated_text_and_refuses_empty() -> None:
    assert ethics.classify_principle("The weather was mild.") == []
    with pytest.raises(ValueError, match="Give the text of a principle"):
        ethics.classify_principle("   ")


def test_every_theme_has_signal_words() -> None:
    assert set(ethics.THEME_KEYWORDS) == set(ethics.THEMES)
    assert all(ethics.THEME_KEYWORDS[t] for t in ethics.THEMES)


def test_book_coverage_table_uses_only_known_themes_and_is_complete() -> None:
    table = data.load("ai_principles")
    assert set(table["theme"]) <= set(ethics.THEMES)
    per_document = table.groupby("document_id")["theme"].nunique()
    assert (per_document == len(ethics.THEMES)).all(), "every document needs a row for every theme"


def test_chart_has_picking_and_region_filter() -> None:
    spec = ethics.coverage_chart(COVERAGE).to_dict()
    names = {p["name"] for p in spec["params"]}
    assert {"picked_documents", "region_filter"} <= names
    assert "AI-principle documents" in spec["description"]


def test_comparer_updates_when_documents_change() -> None:
    comparer = PrinciplesComparer(COVERAGE)
    assert set(comparer.documents.value) == {"a", "b"}
    assert "in <b>all</b> 2 chosen document(s): privacy." in comparer.message.value
    assert "in <b>none</b> of them: safety." in comparer.message.value
    comparer.documents.value = ("a",)
    assert "fairness, privacy" in comparer.message.value
    status = comparer.result.set_index("theme")["status"].to_dict()
    assert status == {"fairness": "all", "privacy": "all", "safety": "none"}


def test_comparer_asks_for_a_document_when_none_is_picked() -> None:
    comparer = PrinciplesComparer(COVERAGE)
    comparer.documents.value = ()
    assert comparer.result is None
    assert "Pick at least one document" in comparer.message.value
