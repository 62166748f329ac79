"""The filing-registry lab (aigov.labs.filing_registry): running totals, charts, the live form, and the data behind them."""

from __future__ import annotations

import pandas as pd
import pytest
from support import vega_svg_text

from aigov import checks, data
from aigov.labs import filing_registry as registry


@pytest.fixture(scope="module")
def filings() -> pd.DataFrame:
    return data.load("genai_filings")


@pytest.fixture(scope="module")
def provinces() -> pd.DataFrame:
    return data.load("deep_synthesis_by_province")


def _lists(rows: list[tuple[str, str, str, int | None, int | None]]) -> pd.DataFrame:
    """A small filings table: (id, kind, as_of, new_in_list, cumulative) per row."""
    table = pd.DataFrame(rows, columns=["id", "kind", "as_of", "new_in_list", "cumulative"])
    table["as_of"] = pd.to_datetime(table["as_of"])
    table["as_of_precision"] = "day"
    table["count_qualifier"] = "exact"
    table["source"] = "key"
    for column in ("new_in_list", "cumulative"):
        table[column] = table[column].astype("Int64")
    return table


def test_running_totals_add_list_sizes_and_prefer_stated_totals() -> None:
    kind = "deep-synthesis algorithms"
    table = _lists(
        [
            ("b", kind, "2024-03-01", 20, None),
            ("a", kind, "2024-01-01", 10, None),
            ("c", kind, "2024-05-01", 5, 40),
        ]
    )
    totals = registry.running_totals(table).set_index("id")
    assert list(totals.index) == ["a", "b", "c"], "in date order"
    assert totals.loc["a", "total"] == 10 and totals.loc["b", "total"] == 30
    assert totals.loc["b", "basis"] == registry.COMPUTED
    # A stated total wins, and the sum is kept beside it for comparison.
    assert totals.loc["c", "total"] == 40 and totals.loc["c", "computed_total"] == 35
    assert totals.loc["c", "basis"] == registry.STATED


def test_running_totals_stop_summing_after_a_list_without_a_size() -> None:
    kind = "generative AI services filed"
    table = _lists(
        [
            ("a", kind, "2025-01-01", 10, None),
            ("b", kind, "2025-02-01", None, None),
            ("c", kind, "2025-03-01", 7, None),
            ("d", kind, "2025-04-01", None, 99),
        ]
    )
    totals = registry.running_totals(table).set_index("id")
    assert totals.loc["a", "total"] == 10
    assert pd.isna(totals.loc["b", "total"]) and pd.isna(totals.loc["c", "total"])
    assert totals.loc["d", "total"] == 99 and totals.loc["d", "basis"] == registry.STATED


def test_running_totals_need_the_columns() -> None:
    with pytest.raises(ValueError, match="The filings table lacks the column\\(s\\): cumulative"):
        registry.running_totals(
            _lists([("a", "deep-synthesis algorithms", "2024-01-01", 1, None)]).drop(columns="cumulative")
        )


def test_deep_synthesis_list_sizes_add_up_to_the_stated_total(filings: pd.DataFrame) -> None:
    deep = filings[filings["kind"] == "deep-synthesis algorithms"]
    assert deep["new_in_list"].notna().all(), "every deep-synthesis list has a stated size"
    stated = registry.latest_stated_total(filings, "deep-synthesis algorithms")
    assert int(deep["new_in_list"].sum()) == stated


def test_province_shares_are_the_counts_over_the_stated_total(filings: pd.DataFrame, provinces: pd.DataFrame) -> None:
    total = registry.latest_stated_total(filings, "deep-synthesis algorithms")
    shares = provinces["algorithms"].astype(int) / total * 100
    assert (shares - provinces["share_percent"]).abs().max() < 0.006
    assert provinces["algorithms"].sum() < total, "the source breaks down most, not all, filings"


def test_growth_chart_plots_the_tables_numbers(filings: pd.DataFrame) -> None:
    spec = registry.growth_chart(filings).to_dict()
    (values,) = spec["datasets"].values()
    plotted = {row["id"]: row["total"] for row in values}
    # Expected from the CSV directly: the stated total, else the sum of the sizes so far.
    expected = {}
    for _, group in filings.sort_values("as_of").groupby("kind"):
        sizes = group["new_in_list"].cumsum()
        for (row_id, cumulative), running in zip(group[["id", "cumulative"]].itertuples(index=False), sizes):
            if pd.notna(cumulative):
                expected[row_id] = int(cumulative)
            elif pd.notna(running):
                expected[row_id] = int(running)
    assert plotted == expected
    words = vega_svg_text(registry.growth_chart(filings))
    for total in filings["cumulative"].dropna():
        assert f"{int(total):,}" in words


def test_growth_chart_menu_offers_every_kind(filings: pd.DataFrame) -> None:
    (param,) = registry.growth_chart(filings).to_dict()["params"]
    assert param["bind"]["options"][1:] == [k for k in registry.KINDS if k in set(filings["kind"])]


def test_province_chart_states_the_share_of_the_top_provinces(filings: pd.DataFrame, provinces: pd.DataFrame) -> None:
    total = registry.latest_stated_total(filings, "deep-synthesis algorithms")
    held = int(provinces["algorithms"].astype(int).nlargest(3).sum())
    words = vega_svg_text(registry.province_chart(provinces, total, start=3))
    assert f"The top 3 provinces hold {held:,} of {total:,} filed algorithms ({held / total:.1%})." in words
    assert registry.top_share(provinces, 3, total) == (held, held / total)


@pytest.mark.parametrize(("top", "message"), [(0, "between 1 and 21; you entered 0"), (2.5, "must be a whole number")])
def test_top_share_rejects_bad_counts(provinces: pd.DataFrame, top: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        registry.top_share(provinces, top, 4000)


def test_lists_between_filters_by_kind_and_day(filings: pd.DataFrame) -> None:
    chosen = registry.lists_between(filings, "deep-synthesis algorithms", "2024-01-01", "2024-12-31")
    assert len(chosen) == int(
        ((filings["kind"] == "deep-synthesis algorithms") & (filings["as_of"].dt.year == 2024)).sum()
    )
    assert set(chosen["kind"]) == {"deep-synthesis algorithms"}
    everything = registry.lists_between(filings, "all kinds", "2022-01-01", "2026-12-31")
    assert len(everything) == len(filings)


@pytest.mark.parametrize(
    ("kind", "first", "last", "message"),
    [
        ("all kinds", "2024-02-30", "2024-12-31", "The first day must be a real calendar day written as YYYY-MM-DD"),
        (
            "all kinds",
            "31/12/2024",
            "2024-12-31",
            "The first day must be a day written as YYYY-MM-DD, e.g. 2024-06-30; you entered '31/12/2024'",
        ),
        ("all kinds", "2024-01-01", 2024, "The last day must be a day written as YYYY-MM-DD"),
        ("all kinds", "2025-01-01", "2024-01-01", "on or before the last day; you entered 2025-01-01 and 2024-01-01"),
        (
            "chatbots",
            "2024-01-01",
            "2024-12-31",
            "The kind of list must be one of: all kinds, recommendation algorithms",
        ),
    ],
)
def test_lists_between_rejects_bad_input(
    filings: pd.DataFrame, kind: str, first: object, last: object, message: str
) -> None:
    with pytest.raises(ValueError, match=message.replace("(", "\\(").replace(")", "\\)")):
        registry.lists_between(filings, kind, first, last)


def test_day_check_accepts_dates_and_trims_spaces() -> None:
    assert checks.day(" 2024-06-30 ", "The day") == pd.Timestamp("2024-06-30")
    assert checks.day(pd.Timestamp("2024-06-30"), "The day") == pd.Timestamp("2024-06-30")


def test_form_filters_and_reports_bad_input(filings: pd.DataFrame) -> None:
    form = registry.RegistryExplorer(filings)
    assert len(form.result) == len(filings)
    form.kind.value = "generative AI services filed"
    expected = filings[filings["kind"] == "generative AI services filed"]
    assert len(form.result) == len(expected)
    last = expected.sort_values("as_of").iloc[-1]
    assert f"the last total is {int(last['cumulative']):,}" in form.message.value
    form.first_day.value = "2025-13-01"
    assert form.result is None
    assert "color:#b00020" in form.message.value and "The first day must be a real calendar day" in form.message.value
    form.first_day.value = "2026-01-01"
    assert form.result is not None and form.result.empty
    assert "No list in the data falls in that range." in form.message.value
