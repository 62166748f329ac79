"""The chatbot case (aigov.cases.launching_a_chatbot): the first list after a review, the grid, the chart, the live form."""

from __future__ import annotations

import pandas as pd
import pytest
from support import vega_svg_text

from aigov import data
from aigov.cases import launching_a_chatbot as chatbot


@pytest.fixture(scope="module")
def filings() -> pd.DataFrame:
    return data.load("genai_filings")


def _lists(months_and_sizes: list[tuple[str, int]]) -> pd.DataFrame:
    table = pd.DataFrame(
        {
            "id": [f"list-{month}" for month, _ in months_and_sizes],
            "kind": chatbot.KIND,
            "as_of": pd.to_datetime([f"{month}-01" for month, _ in months_and_sizes]),
            "new_in_list": pd.array([size for _, size in months_and_sizes], dtype="Int64"),
        }
    )
    return table


SMALL = _lists([("2024-01", 10), ("2024-05", 20), ("2024-06", 5)])


@pytest.mark.parametrize(
    ("submitted", "review", "list_id", "wait"),
    [
        ("2024-01-10", 2, "list-2024-05", 4),  # ready in March: the next list is May
        ("2024-02-28", 3, "list-2024-05", 3),  # ready in May: that month's list counts
        ("2024-04-01", 2, "list-2024-06", 2),
        ("2023-10-31", 1, "list-2024-01", 3),
    ],
)
def test_first_list_after_the_review(submitted: str, review: int, list_id: str, wait: int) -> None:
    result = chatbot.first_list_after(SMALL, submitted, review)
    assert result["list_id"] == list_id and result["wait_months"] == wait
    assert f"{wait} months after handing in" in result["text"]


def test_ready_after_the_last_list_is_said_so() -> None:
    result = chatbot.first_list_after(SMALL, "2024-06-01", 1)
    assert result["list_id"] == "" and result["wait_months"] is None
    assert "after the last list in the data (June 2024)" in result["text"]


@pytest.mark.parametrize(
    ("submitted", "review", "message"),
    [
        ("2024-01-10", 0, "The review time in months must be between 1 and 12; you entered 0"),
        ("2024-01-10", 13, "between 1 and 12; you entered 13"),
        ("2024-01-10", "two", "The review time in months must be a whole number"),
        ("2024-02-31", 2, "The day you hand in the filing must be a real calendar day"),
    ],
)
def test_bad_input_is_refused_with_a_message(submitted: str, review: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        chatbot.first_list_after(SMALL, submitted, review)


def test_a_table_without_deep_synthesis_lists_is_refused() -> None:
    with pytest.raises(ValueError, match="no rows of kind 'deep-synthesis algorithms'"):
        chatbot.lists(SMALL.assign(kind="generative AI services filed"))


def test_list_gaps_count_months_between_lists() -> None:
    assert chatbot.list_gaps(SMALL)["months"].tolist() == [4, 1]


def test_the_grid_agrees_with_the_function(filings: pd.DataFrame) -> None:
    grid = chatbot.wait_grid(filings)
    months = chatbot.submission_months(filings)
    assert len(grid) == len(months) * len(chatbot.REVIEW_MONTHS)
    assert grid["key"].is_unique
    for row in grid.iloc[::17].itertuples(index=False):
        direct = chatbot.first_list_after(filings, f"{row.month}-01", row.review_months)
        assert direct["text"] == row.text and direct["list_id"] == row.list_id


def test_the_chart_states_the_wait_the_function_computes(filings: pd.DataFrame) -> None:
    chart = chatbot.wait_chart(filings)
    params = {p["name"]: p["value"] for p in chart.to_dict()["params"]}
    expected = chatbot.first_list_after(filings, f"{params['submit_month']}-01", params["review_months"])
    assert expected["list_id"], "the chart opens on a month that reaches a list"
    words = vega_svg_text(chart)
    assert expected["when"] in words and expected["listed"] in words
    (menu,) = [p for p in chart.to_dict()["params"] if p["name"] == "submit_month"]
    assert menu["bind"]["options"] == [str(m) for m in chatbot.submission_months(filings)]


def test_form_answers_and_reports_bad_input(filings: pd.DataFrame) -> None:
    form = chatbot.WaitCalculator(filings)
    expected = chatbot.first_list_after(filings, form.submitted.value, form.review.value)
    assert form.result.iloc[0]["First list after"] == expected["list_label"]
    form.review.value = 0
    assert form.result is None and "color:#b00020" in form.message.value
    form.review.value = 2
    form.submitted.value = "2030-01-01"
    assert form.result.iloc[0]["First list after"] == "after the last list in the data"
