"""The data package: every table valid, every source cited, bad data rejected clearly."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from pybtex.database import parse_file

from aigov import data
from aigov.bibliography import citation_keys, duplicate_keys
from aigov.paths import BIBLIOGRAPHY, DATA_DIR, DATAPACKAGE, ROOT

TABLES = data.table_names()


@pytest.mark.parametrize("name", TABLES)
def test_every_table_is_valid(name: str) -> None:
    problems = data.validate(name)
    assert problems == [], "\n".join(map(str, problems))


@pytest.mark.parametrize("name", TABLES)
def test_every_table_loads_with_its_schema_types(name: str) -> None:
    frame = data.load(name)
    fields = data.describe(name)["schema"]["fields"]
    assert list(frame.columns) == [f["name"] for f in fields]
    assert len(frame) > 0
    for field in fields:
        column = frame[field["name"]]
        if field["type"] == "date":
            assert pd.api.types.is_datetime64_any_dtype(column), field["name"]
        elif field["type"] in ("integer", "year", "number"):
            assert pd.api.types.is_numeric_dtype(column), field["name"]


def test_every_csv_in_data_is_described() -> None:
    described = {r["path"] for r in data.read_package()["resources"]}
    on_disk = {p.name for p in DATA_DIR.glob("*.csv")}
    assert on_disk == described


def test_every_source_key_is_in_the_bibliography() -> None:
    keys = citation_keys()
    for name in TABLES:
        for cell in data.load(name)["source"]:
            for key in cell.split(";"):
                assert key in keys, f"{name}: {key}"


def test_bibliography_has_no_duplicate_keys() -> None:
    assert duplicate_keys() == []


# Fields that name where a work appeared: its journal, book, publisher, institution or site.
OUTLET_FIELDS = {"journal", "booktitle", "publisher", "institution", "organization", "howpublished", "school"}
# Entries that genuinely have no outlet, each with its reason. None today.
NO_OUTLET: dict[str, str] = {}


def test_every_bibliography_entry_names_its_outlet_or_publisher() -> None:
    entries = parse_file(str(BIBLIOGRAPHY)).entries
    missing = sorted(k for k, e in entries.items() if not {f.lower() for f in e.fields} & OUTLET_FIELDS)
    assert [k for k in missing if k not in NO_OUTLET] == [], "entries without journal, publisher or howpublished"
    assert set(NO_OUTLET) <= set(entries), "an exception names an entry that is gone"


# The authors' filing words for their five core sources; readers meet the publications instead.
FILING_WORDS = re.compile(
    r"seed (document|doc\b|0\d\d)|seeds \d|book seed|seed-cited|source document \d|machine[- ]reworded|\b00[0-4]_[0-9a-f]{16}\b",
    re.IGNORECASE,
)


def test_bibliography_and_data_cite_the_core_sources_by_publication() -> None:
    files = [BIBLIOGRAPHY, DATAPACKAGE, *sorted(DATA_DIR.glob("*.csv"))]
    found = [
        f"{path.name}:{number}: {match.group(0)}"
        for path in files
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        for match in FILING_WORDS.finditer(line)
    ]
    assert found == []


# --- sourced facts live in data/, not in the package's code ------------------------------


def keys_written_in(path: Path) -> list[tuple[int, str]]:
    """(line, key) for every references.bib key written in a file, quoted or not."""
    keys = sorted(citation_keys(), key=len, reverse=True)
    pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, keys)) + r")(?![\w-])")
    lines = path.read_text(encoding="utf-8").splitlines()
    return [(number, key) for number, line in enumerate(lines, start=1) for key in pattern.findall(line)]


def test_no_citation_key_in_code() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{line}: {key}"
        for path in sorted((ROOT / "aigov").rglob("*.py"))
        for line, key in keys_written_in(path)
    ]
    assert found == [], "move these sourced facts into a table of data/ (its 'source' column):\n" + "\n".join(found)


def test_the_scan_finds_a_key_written_in_code(tmp_path: Path) -> None:
    key = sorted(citation_keys())[0]
    module = tmp_path / "module.py"
    module.write_text(f'FACT = ("text", "{key};other2020")\n# not {key}x\n', encoding="utf-8")
    assert keys_written_in(module) == [(1, key)]


# --- bad data: a copy of the package with one thing broken ---------------------------


@pytest.fixture
def package_copy(tmp_path: Path) -> Path:
    for path in DATA_DIR.glob("*.*"):
        shutil.copy(path, tmp_path / path.name)
    shutil.copy(BIBLIOGRAPHY, tmp_path / "references.bib")
    return tmp_path


def _break_cell(folder: Path, file: str, row: int, field: str, value: str) -> None:
    frame = pd.read_csv(folder / file, dtype=str, keep_default_na=False)
    frame.loc[row - 1, field] = value
    frame.to_csv(folder / file, index=False)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("year", "20x7", "is not a four-digit year"),
        ("year", "2031", "above the maximum"),
        ("date", "2017-02-30", "not a real calendar date"),
        ("date", "20 July 2017", "YYYY-MM-DD"),
        ("category", "poetry", "is not one of the allowed values"),
        ("title", "", "is required but empty"),
        ("source", "nosuchkey2099", "citation key 'nosuchkey2099' is not in references.bib"),
        ("id", "made-in-china-2025", "repeats row 1"),
        ("id", "Not An Id", "does not match the pattern"),
    ],
)
def test_bad_cell_is_reported_with_file_row_and_field(package_copy: Path, field: str, value: str, message: str) -> None:
    _break_cell(package_copy, "policy_documents.csv", 3, field, value)
    with pytest.raises(data.DataValidationError) as caught:
        data.load("policy_documents", package_copy / "datapackage.json", package_copy / "references.bib")
    text = str(caught.value)
    assert f"policy_documents.csv, row 3 (line 4), field '{field}'" in text
    assert message in text


@pytest.mark.parametrize(
    ("table", "field", "value", "message"),
    [
        ("eu_comparison", "duty_category", "spying", "is not one of the allowed values"),
        ("nist_demographic_findings", "key", "men-women", "is not one of the allowed values"),
        ("nist_demographic_findings", "low", "x", "is not a number"),
        ("source_kinds", "source", "nosuchkey2099", "citation key 'nosuchkey2099' is not in references.bib"),
        ("source_kinds", "kind", "blog", "is not one of the allowed values"),
        ("surveillance_exports", "study", "Carnegie", "is not one of the allowed values"),
    ],
)
def test_bad_cell_in_a_case_table_is_reported(
    package_copy: Path, table: str, field: str, value: str, message: str
) -> None:
    # The case modules rely on these constraints rather than checking the tables themselves.
    _break_cell(package_copy, f"{table}.csv", 1, field, value)
    with pytest.raises(data.DataValidationError) as caught:
        data.load(table, package_copy / "datapackage.json", package_copy / "references.bib")
    assert f"{table}.csv, row 1 (line 2), field '{field}': " in str(caught.value)
    assert message in str(caught.value)


def test_composite_key_must_be_unique(package_copy: Path) -> None:
    _break_cell(package_copy, "aidp_targets.csv", 2, "year", "2020")
    with pytest.raises(data.DataValidationError, match=r"row 2 \(line 3\), field 'year\+measure'.*repeats row 1"):
        data.load("aidp_targets", package_copy / "datapackage.json", package_copy / "references.bib")


def test_wrong_header_is_reported(package_copy: Path) -> None:
    path = package_copy / "aidp_targets.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[0] = lines[0].replace("target_rmb_bn", "target")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(data.DataValidationError, match="aidp_targets.csv: header is"):
        data.load("aidp_targets", package_copy / "datapackage.json", package_copy / "references.bib")


def test_ragged_row_is_reported(package_copy: Path) -> None:
    path = package_copy / "aidp_targets.csv"
    new_row = len(path.read_text(encoding="utf-8").splitlines())  # header + existing rows
    with path.open("a", encoding="utf-8") as handle:
        handle.write("2035,3,core AI industry\n")
    expected = rf"row {new_row} \(line {new_row + 1}\): has 3 cells; the header has 6"
    with pytest.raises(data.DataValidationError, match=expected):
        data.load("aidp_targets", package_copy / "datapackage.json", package_copy / "references.bib")


def test_unknown_table_lists_the_available_ones() -> None:
    with pytest.raises(KeyError, match="no table named 'nonexistent'.*policy_documents"):
        data.load("nonexistent")


def test_missing_file_is_reported(package_copy: Path) -> None:
    (package_copy / "aidp_targets.csv").unlink()
    with pytest.raises(data.DataValidationError, match="aidp_targets.csv: file not found"):
        data.load("aidp_targets", package_copy / "datapackage.json", package_copy / "references.bib")


def test_package_without_source_field_or_licence_is_rejected(package_copy: Path) -> None:
    descriptor = json.loads(DATAPACKAGE.read_text(encoding="utf-8"))
    del descriptor["licenses"]
    fields = descriptor["resources"][1]["schema"]["fields"]
    descriptor["resources"][1]["schema"]["fields"] = [f for f in fields if f["name"] != "source"]
    (package_copy / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    with pytest.raises(data.DataValidationError) as caught:
        data.read_package(package_copy / "datapackage.json")
    assert "licenses" in str(caught.value)
    assert "every table needs a 'source' field" in str(caught.value)


def test_invalid_json_is_reported(package_copy: Path) -> None:
    (package_copy / "datapackage.json").write_text('{"resources": [', encoding="utf-8")
    with pytest.raises(data.DataValidationError, match="datapackage.json: not valid JSON"):
        data.read_package(package_copy / "datapackage.json")


def test_readable_blanks_missing_values_and_formats_dates() -> None:
    frame = pd.DataFrame(
        {"id": ["a", "b"], "when": pd.to_datetime(["2017-07-20", None]), "n": pd.array([1, None], dtype="Int64")}
    )
    table = data.readable(frame, index="id")
    assert table.loc["a"].tolist() == ["2017-07-20", 1]
    assert table.loc["b"].tolist() == ["", ""]
