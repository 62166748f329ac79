"""The command line ``python -m aigov`` (aigov.book.cli): the assess command on every example
scenario, on malformed input and with an unknown regime; student copies; usage.

Most calls run the command line's ``main`` in the test's own process: a new Python spends
about two seconds importing the rules engine before it does anything. Two calls (malformed
input, no command) start ``python -m aigov`` for real, to check the exit status it gives the
shell.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from support import ROOT

from aigov import rules
from aigov.book import cli

SCENARIOS = ROOT / "data" / "scenarios"


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> subprocess.CompletedProcess:
    """The command line's exit status and output, run in this process."""
    try:
        status = cli.main(list(args))
    except SystemExit as refusal:  # argparse refuses bad arguments by exiting
        status = refusal.code
    out, err = capsys.readouterr()
    return subprocess.CompletedProcess(args, status, out, err)


def _run_python(*args: str) -> subprocess.CompletedProcess:
    """``python -m aigov ARGS`` in a new process."""
    return subprocess.run([sys.executable, "-m", "aigov", *args], capture_output=True, text=True, cwd=ROOT, timeout=60)


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
