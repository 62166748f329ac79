"""Load the book's tables by name, validated against ``data/datapackage.json``.

The data package follows the Frictionless Table Schema: each resource names a CSV file
and describes its fields (type, constraints). On top of the schema, every table must
have a ``source`` field whose value is one or more ``references.bib`` keys separated by
``;``, so that every row of data is traceable to a citation.

Bad data never loads silently: :func:`load` raises :class:`DataValidationError`, whose
message names the file, the row (and its line in the CSV file) and the field at fault.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from aigov.bibliography import citation_keys
from aigov.paths import BIBLIOGRAPHY, DATAPACKAGE

# Tables in the book show every cell in full (the page wraps long text): pandas would cut
# cells at 50 characters with "...", and readers and exercises need the whole text.
pd.set_option("display.max_colwidth", None)

SOURCE_FIELD = "source"
SOURCE_SEPARATOR = ";"
SUPPORTED_TYPES = ("string", "integer", "number", "boolean", "date", "year")
_INTEGER = re.compile(r"[+-]?\d+")
_YEAR = re.compile(r"\d{4}")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_BOOLEAN = {"true": True, "false": False}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a table: where it is and what it is."""

    file: str
    row: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            # Row 1 is the first data row; the header is line 1 of the file.
            where.append(f"row {self.row} (line {self.row + 1})")
        if self.field is not None:
            where.append(f"field '{self.field}'")
        return f"{', '.join(where)}: {self.message}"


class DataValidationError(ValueError):
    """A table or the data package does not match its description."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        shown = "\n".join(f"  - {p}" for p in problems[:20])
        more = f"\n  ... and {len(problems) - 20} more" if len(problems) > 20 else ""
        super().__init__(f"{len(problems)} problem(s) in the book's data:\n{shown}{more}")


def read_package(package: Path | str = DATAPACKAGE) -> dict[str, Any]:
    """Read and check the structure of a ``datapackage.json`` descriptor."""
    package = Path(package)
    name = package.name
    try:
        descriptor = json.loads(package.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataValidationError([Problem(str(package), None, None, "file not found")]) from None
    except json.JSONDecodeError as err:
        raise DataValidationError(
            [Problem(name, None, None, f"not valid JSON (line {err.lineno}, column {err.colno}): {err.msg}")]
        ) from None
    problems: list[Problem] = []
    resources = descriptor.get("resources")
    if not isinstance(resources, list) or not resources:
        problems.append(Problem(name, None, "resources", "must be a non-empty list"))
        raise DataValidationError(problems)
    if not descriptor.get("licenses"):
        problems.append(Problem(name, None, "licenses", "the package must state a licence"))
    seen: set[str] = set()
    for index, resource in enumerate(resources):
        label = f"{name} resource {index + 1}"
        for key in ("name", "path", "title", "description", "schema"):
            if not resource.get(key):
                problems.append(Problem(label, None, key, "missing"))
        if resource.get("name") in seen:
            problems.append(Problem(label, None, "name", f"duplicate resource name '{resource['name']}'"))
        seen.add(resource.get("name"))
        fields = (resource.get("schema") or {}).get("fields") or []
        if not fields:
            problems.append(Problem(label, None, "schema.fields", "must list the table's fields"))
        for field in fields:
            if field.get("type", "string") not in SUPPORTED_TYPES:
                problems.append(
                    Problem(
                        label,
                        None,
                        field.get("name"),
                        f"type '{field.get('type')}' is not one of {', '.join(SUPPORTED_TYPES)}",
                    )
                )
            if not field.get("description"):
                problems.append(Problem(label, None, field.get("name"), "every field needs a description"))
        if fields and SOURCE_FIELD not in {f.get("name") for f in fields}:
            problems.append(Problem(label, None, SOURCE_FIELD, "every table needs a 'source' field"))
    if problems:
        raise DataValidationError(problems)
    return descriptor


def table_names(package: Path | str = DATAPACKAGE) -> list[str]:
    """Names of the tables the data package describes."""
    return [r["name"] for r in read_package(package)["resources"]]


def describe(name: str, package: Path | str = DATAPACKAGE) -> dict[str, Any]:
    """The data package's description of one table."""
    for resource in read_package(package)["resources"]:
        if resource["name"] == name:
            return resource
    available = ", ".join(table_names(package))
    raise KeyError(f"no table named '{name}' in {Path(package).name}; available: {available}")


def _parse(value: str, kind: str) -> Any:
    """Convert one CSV cell to a Python value, or raise ValueError with the reason."""
    if kind == "string":
        return value
    if kind == "integer":
        if not _INTEGER.fullmatch(value):
            raise ValueError(f"'{value}' is not an integer")
        return int(value)
    if kind == "number":
        try:
            number = float(value)
        except ValueError:
            raise ValueError(f"'{value}' is not a number") from None
        if not math.isfinite(number):
            raise ValueError(f"'{value}' is not a finite number")
        return number
    if kind == "boolean":
        if value not in _BOOLEAN:
            raise ValueError(f"'{value}' is not a boolean (write true or false)")
        return _BOOLEAN[value]
    if kind == "date":
        if not _DATE.fullmatch(value):
            raise ValueError(f"'{value}' is not a date in the form YYYY-MM-DD")
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"'{value}' is not a real calendar date") from None
    if kind == "year":
        if not _YEAR.fullmatch(value):
            raise ValueError(f"'{value}' is not a four-digit year")
        return int(value)
    raise ValueError(f"unsupported type '{kind}'")


def _check_constraints(value: Any, raw: str, constraints: dict[str, Any]) -> list[str]:
    errors = []
    if "enum" in constraints and raw not in [str(v) for v in constraints["enum"]]:
        allowed = ", ".join(str(v) for v in constraints["enum"])
        errors.append(f"'{raw}' is not one of the allowed values: {allowed}")
    if "pattern" in constraints and not re.fullmatch(constraints["pattern"], raw):
        errors.append(f"'{raw}' does not match the pattern {constraints['pattern']}")
    if "minLength" in constraints and len(raw) < constraints["minLength"]:
        errors.append(f"is shorter than {constraints['minLength']} characters")
    if "maxLength" in constraints and len(raw) > constraints["maxLength"]:
        errors.append(f"is longer than {constraints['maxLength']} characters")
    for bound, ok in (("minimum", lambda v, b: v >= b), ("maximum", lambda v, b: v <= b)):
        if bound in constraints:
            limit = constraints[bound]
            if isinstance(value, dt.date):
                limit = dt.date.fromisoformat(str(limit))
            if not ok(value, limit):
                errors.append(f"{raw} is {'below the minimum' if bound == 'minimum' else 'above the maximum'} {limit}")
    return errors


def _read_rows(path: Path, label: str) -> tuple[list[str], list[list[str]], list[Problem]]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
    except FileNotFoundError:
        return [], [], [Problem(label, None, None, "file not found")]
    except UnicodeDecodeError as err:
        return [], [], [Problem(label, None, None, f"not UTF-8 text ({err.reason} at byte {err.start})")]
    if not rows:
        return [], [], [Problem(label, None, None, "the file is empty")]
    return rows[0], rows[1:], []


def validate(name: str, package: Path | str = DATAPACKAGE, bibliography: Path | str = BIBLIOGRAPHY) -> list[Problem]:
    """Check one table against its schema and the bibliography; return what is wrong."""
    package = Path(package)
    resource = describe(name, package)
    path = package.parent / resource["path"]
    label = resource["path"]
    header, rows, problems = _read_rows(path, label)
    if problems:
        return problems
    fields = resource["schema"]["fields"]
    expected = [f["name"] for f in fields]
    if header != expected:
        return [Problem(label, None, None, f"header is {header}; the schema expects {expected}")]
    keys = citation_keys(bibliography)
    primary = resource["schema"].get("primaryKey") or []
    primary = [primary] if isinstance(primary, str) else list(primary)
    unique_fields = {f["name"] for f in fields if f.get("constraints", {}).get("unique")}
    if len(primary) == 1:
        unique_fields.add(primary[0])
    key_rows: dict[tuple[str, ...], int] = {}
    seen: dict[str, dict[str, int]] = {field: {} for field in unique_fields}
    for number, row in enumerate(rows, start=1):
        if len(row) != len(fields):
            problems.append(Problem(label, number, None, f"has {len(row)} cells; the header has {len(fields)}"))
            continue
        for field, raw in zip(fields, row):
            fname = field["name"]
            constraints = field.get("constraints", {})
            if raw != raw.strip():
                problems.append(Problem(label, number, fname, "has spaces at its start or end"))
                continue
            if raw == "":
                if constraints.get("required") or fname in primary or fname == SOURCE_FIELD:
                    problems.append(Problem(label, number, fname, "is required but empty"))
                continue
            try:
                value = _parse(raw, field.get("type", "string"))
            except ValueError as err:
                problems.append(Problem(label, number, fname, str(err)))
                continue
            problems.extend(Problem(label, number, fname, msg) for msg in _check_constraints(value, raw, constraints))
            if fname in seen:
                if raw in seen[fname]:
                    problems.append(
                        Problem(label, number, fname, f"'{raw}' repeats row {seen[fname][raw]}; values must be unique")
                    )
                else:
                    seen[fname][raw] = number
            if fname == SOURCE_FIELD:
                for key in (k.strip() for k in raw.split(SOURCE_SEPARATOR)):
                    if key not in keys:
                        problems.append(
                            Problem(label, number, fname, f"citation key '{key}' is not in {Path(bibliography).name}")
                        )
        if len(primary) > 1:
            key = tuple(row[expected.index(f)] for f in primary)
            if key in key_rows:
                problems.append(
                    Problem(
                        label, number, "+".join(primary), f"{key} repeats row {key_rows[key]}; the key must be unique"
                    )
                )
            key_rows.setdefault(key, number)
    return problems


def readable(frame: pd.DataFrame, columns: list[str] | None = None, index: str | None = None) -> pd.DataFrame:
    """A copy of a table for reading on the page: dates as YYYY-MM-DD, missing values blank."""
    table = frame[columns] if columns else frame.copy()
    table = table.copy()
    for column in table.columns:
        if pd.api.types.is_datetime64_any_dtype(table[column]):
            table[column] = table[column].dt.strftime("%Y-%m-%d")
        table[column] = table[column].astype(object).where(table[column].notna(), "")
    return table.set_index(index) if index else table


def load(name: str, package: Path | str = DATAPACKAGE, bibliography: Path | str = BIBLIOGRAPHY) -> pd.DataFrame:
    """Load a table by name as a typed DataFrame, after validating every row.

    Raises :class:`DataValidationError` naming file, row and field if anything is wrong,
    and :class:`KeyError` listing the available tables if ``name`` is unknown.
    """
    problems = validate(name, package, bibliography)
    if problems:
        raise DataValidationError(problems)
    resource = describe(name, package)
    path = Path(package).parent / resource["path"]
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    for field in resource["schema"]["fields"]:
        column = frame[field["name"]].replace("", None)
        kind = field.get("type", "string")
        if kind in ("integer", "year"):
            frame[field["name"]] = pd.array([None if pd.isna(v) else int(v) for v in column], dtype="Int64")
        elif kind == "number":
            frame[field["name"]] = pd.to_numeric(column).astype(float)
        elif kind == "boolean":
            frame[field["name"]] = pd.array([None if pd.isna(v) else _BOOLEAN[v] for v in column], dtype="boolean")
        elif kind == "date":
            frame[field["name"]] = pd.to_datetime(column, format="%Y-%m-%d")
        else:
            frame[field["name"]] = column
    frame.attrs["title"] = resource["title"]
    frame.attrs["description"] = resource["description"]
    return frame
