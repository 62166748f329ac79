"""The command line ``python -m aigov`` (aigov.book.cli): the assess command on every example
scenario, on standard input, on malformed input and with an unknown regime; student copies; usage.

Most calls run the command line's ``main`` in the test's own process: a new Python spends
about two seconds importing the rules engine before it does anything. Three calls (malformed
input from a file and from standard input, no command) start ``python -m aigov`` for real, to
check the exit status it gives the shell.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from support import ROOT

from aigov import rules
from aigov.book import cli

SCENARIOS = ROOT / "data" / "scenarios"
SERVICES = SCENARIOS / "genai"


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> subprocess.CompletedProcess:
    """The command line's exit status and output, run in this process."""
    try:
        status = cli.main(list(args))
    except SystemExit as refusal:  # argparse refuses bad arguments by exiting
        status = refusal.code
    out, err = capsys.readouterr()
    return subprocess.CompletedProcess(args, status, out, err)


def _run_python(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess:
    """``python -m aigov ARGS`` in a new process, ``stdin`` on its standard input."""
    done = subprocess.run(
        [sys.executable, "-m", "aigov", *args], capture_output=True, input=stdin, cwd=ROOT, timeout=60
    )
    return subprocess.CompletedProcess(done.args, done.returncode, done.stdout.decode(), done.stderr.decode())


def _hotel(**changes: object) -> dict:
    return {**json.loads((SCENARIOS / "hotel-room-camera.json").read_text(encoding="utf-8")), **changes}


@pytest.mark.parametrize("path", sorted(SCENARIOS.glob("*.json")), ids=lambda p: p.stem)
def test_cli_assesses_every_example(capsys: pytest.CaptureFixture[str], path: Path) -> None:
    result = _run(capsys, "assess", str(path))
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["scenario"] == json.loads(path.read_text(encoding="utf-8"))["name"]
    assert set(report["verdicts"]) == set(rules.load_rules().regime_ids)
    assert set(report["verdicts"].values()) <= set(rules.VERDICTS)
    assert all(
        {"provision", "regime", "article", "outcome", "explanation", "citation"} <= set(f) for f in report["findings"]
    )


@pytest.mark.parametrize("path", sorted(SERVICES.glob("*.json")), ids=lambda p: p.stem)
def test_cli_assesses_every_service_under_the_rulebook_it_names(capsys: pytest.CaptureFixture[str], path: Path) -> None:
    result = _run(capsys, "assess", str(path))
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert list(report["verdicts"]) == rules.load_rules(rulebook=rules.GENAI).regime_ids
    assert all(f["regime"] in report["verdicts"] for f in report["findings"])


def test_cli_rulebook_flag_for_a_scenario_that_names_none(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    service = json.loads((SERVICES / "internal-company-tool.json").read_text(encoding="utf-8"))
    del service["rulebook"]
    path = tmp_path / "tool.json"
    path.write_text(json.dumps(service), encoding="utf-8")
    # Read as a facial-recognition scenario, it lacks that rulebook's fields; the message says so.
    refused = _run(capsys, "assess", str(path))
    assert refused.returncode == 1
    assert "missing field 'operator'" in refused.stderr
    result = _run(capsys, "assess", str(path), "--rulebook", "genai", "--regime", "genai", "--format", "table")
    assert result.returncode == 0, result.stderr
    assert "Generative AI Interim Measures (2023): out of scope" in result.stdout
    assert "[genai-2-scope] Art. 2: exemption applies" in result.stdout


def test_cli_refuses_a_rulebook_mismatch_and_a_regime_of_the_other_rulebook(capsys: pytest.CaptureFixture[str]) -> None:
    chatbot = str(SERVICES / "public-chatbot.json")
    mismatch = _run(capsys, "assess", chatbot, "--rulebook", "fr")
    assert mismatch.returncode == 1
    assert "field 'rulebook': \"genai\" is not allowed; allowed values: fr" in mismatch.stderr
    other = _run(capsys, "assess", chatbot, "--regime", "gdpr")
    assert other.returncode == 1
    assert other.stderr.startswith("error: unknown regime 'gdpr'; choose one of: algorec, deepsynth, genai")
    unknown = _run(capsys, "assess", chatbot, "--rulebook", "ai")
    assert unknown.returncode == 2 and "invalid choice: 'ai'" in unknown.stderr


def test_cli_writes_each_rulebooks_reference_page(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "service-schema.md"
    result = _run(capsys, "rules-reference", str(out), "--rulebook", "genai")
    assert result.returncode == 0, result.stderr
    assert out.read_text(encoding="utf-8") == (ROOT / rules.GENAI.reference_page).read_text(encoding="utf-8")


def test_cli_regime_and_table_format(capsys: pytest.CaptureFixture[str]) -> None:
    result = _run(
        capsys, "assess", str(SCENARIOS / "hotel-room-camera.json"), "--regime", "cac2025", "--format", "table"
    )
    assert result.returncode == 0, result.stderr
    assert "CAC/MPS Measures (2025): prohibited" in result.stdout
    assert "[cac2025-private-spaces]" in result.stdout
    assert "GDPR" not in result.stdout


def test_cli_refuses_malformed_scenario(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    scenario = json.loads((SCENARIOS / "hotel-room-camera.json").read_text(encoding="utf-8"))
    bad.write_text(json.dumps({**scenario, "operator": "shop"}), encoding="utf-8")
    result = _run_python("assess", str(bad))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert (
        "field 'operator': \"shop\" is not allowed; allowed values: private_company, property_manager" in result.stderr
    )


# File name -> (its bytes, or None for a folder; the field the message must name, if any).
MALFORMED_FILES = {
    "folder.json": (None, None),
    "latin1.json": (json.dumps(_hotel(name="Café"), ensure_ascii=False).encode("latin-1"), None),
    "deep.json": (
        json.dumps(_hotel(based_on=None))
        .replace('"based_on": null', '"based_on": ' + "[" * 5_000 + "]" * 5_000)
        .encode(),
        "based_on",
    ),
    "long-number.json": (
        json.dumps(_hotel(retention_days=None))
        .replace('"retention_days": null', '"retention_days": ' + "9" * 5_000)
        .encode(),
        "retention_days",
    ),
    "array.json": (b"[]", None),
    "null.json": (b"null", None),
    "empty-name.json": (json.dumps(_hotel(name="")).encode(), "name"),
    "escape-codes.json": (json.dumps(_hotel(name="\x1b[31mred\x1b[0m")).encode(), "name"),
    "carriage-return.json": (json.dumps(_hotel(description="forged\rline")).encode(), "description"),
    "everyone-twice.json": (json.dumps(_hotel(people_stored=16_600_000_000)).encode(), "people_stored"),
}


@pytest.mark.parametrize("name", MALFORMED_FILES)
def test_cli_refuses_malformed_input_in_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str) -> None:
    content, field = MALFORMED_FILES[name]
    path = tmp_path / name
    if content is None:
        path.mkdir()
    else:
        path.write_bytes(content)
    result = _run(capsys, "assess", str(path), "--format", "table")
    assert result.returncode == 1
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.rstrip("\n").isprintable()
    assert result.stderr.startswith(f"error: {path}: ")
    assert "Traceback" not in result.stderr
    if field:
        assert f"field '{field}'" in result.stderr


def test_cli_reads_standard_input(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    with_byte_order_mark = "\ufeff".encode() + (SCENARIOS / "hotel-room-camera.json").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(with_byte_order_mark)))
    result = _run(capsys, "assess", "-", "--regime", "cac2025")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["verdicts"] == {"cac2025": "prohibited"}


def test_cli_refuses_malformed_standard_input() -> None:
    result = _run_python("assess", "-", stdin=json.dumps(_hotel(youngest_age=200)).encode())
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr == (
        "error: standard input: field 'youngest_age': 200 is not allowed; a whole number from 0 to 120\n"
    )


def test_cli_table_escapes_what_a_terminal_would_obey(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # Right-to-left override and line separator: not control characters, so accepted, but invisible.
    path = tmp_path / "bidi.json"
    path.write_text(json.dumps(_hotel(name="Hotel\u202e moor\u2028room")), encoding="utf-8")
    result = _run(capsys, "assess", str(path), "--format", "table")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Hotel\\u202e moor\\u2028room\n")
    assert all(line.isprintable() for line in result.stdout.splitlines())


def test_cli_refuses_unknown_regime(capsys: pytest.CaptureFixture[str]) -> None:
    result = _run(capsys, "assess", str(SCENARIOS / "hotel-room-camera.json"), "--regime", "ccpa")
    assert result.returncode == 2
    assert "invalid choice: 'ccpa'" in result.stderr


def test_student_copy_command_and_usage(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    done = _run(capsys, "student-copy", str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert "without solutions" in done.stdout
    assert list(tmp_path.rglob("*.ipynb"))
    bad = _run(capsys, "student-copy", str(ROOT / "chapters"))
    assert bad.returncode == 1 and "refusing to write" in bad.stderr
    usage = _run_python()
    assert usage.returncode == 2 and "usage" in usage.stderr


def test_archive_zips_a_built_site(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    site = tmp_path / "html"
    (site / "chapters").mkdir(parents=True)
    for name in ("index.html", "searchindex.js", "chapters/a.html", ".buildinfo"):
        (site / name).write_text(name, encoding="utf-8")
    out = tmp_path / "dist" / "book-site.zip"
    result = _run(capsys, "archive", "--html", str(site), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert str(out) in result.stdout
    with zipfile.ZipFile(out) as archive:
        # Under one folder named after the archive; the build's own record is left out.
        assert sorted(archive.namelist()) == [
            "book-site/chapters/a.html",
            "book-site/index.html",
            "book-site/searchindex.js",
        ]
        assert archive.read("book-site/chapters/a.html") == b"chapters/a.html"


def test_archive_refuses_a_folder_that_is_not_a_built_site(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("", encoding="utf-8")
    result = _run(capsys, "archive", "--html", str(tmp_path), "--out", str(tmp_path / "x.zip"))
    assert result.returncode == 1
    assert (
        result.stderr
        == f"error: {tmp_path} is not a built site (no index.html and searchindex.js): build the book first\n"
    )
    assert not (tmp_path / "x.zip").exists()
