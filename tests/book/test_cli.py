"""The command line ``python -m aigov`` (aigov.book.cli): the assess command on every example
scenario, on malformed input and with an unknown regime; student copies; usage."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from aigov import rules
from support import ROOT

SCENARIOS = ROOT / "data" / "scenarios"


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "aigov", "assess", *args], capture_output=True, text=True, cwd=ROOT, timeout=60)


@pytest.mark.parametrize("path", sorted(SCENARIOS.glob("*.json")), ids=lambda p: p.stem)
def test_cli_assesses_every_example(path: Path) -> None:
    result = _cli(str(path))
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["scenario"] == json.loads(path.read_text(encoding="utf-8"))["name"]
    assert set(report["verdicts"]) == set(rules.load_rules().regime_ids)
    assert set(report["verdicts"].values()) <= set(rules.VERDICTS)
    assert all({"provision", "regime", "article", "outcome", "explanation", "citation"} <= set(f) for f in report["findings"])


def test_cli_regime_and_table_format() -> None:
    result = _cli("data/scenarios/hotel-room-camera.json", "--regime", "cac2025", "--format", "table")
    assert result.returncode == 0, result.stderr
    assert "CAC/MPS Measures (2025): prohibited" in result.stdout
    assert "[cac2025-private-spaces]" in result.stdout
    assert "GDPR" not in result.stdout


def test_cli_refuses_malformed_scenario(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    scenario = json.loads((SCENARIOS / "hotel-room-camera.json").read_text(encoding="utf-8"))
    bad.write_text(json.dumps({**scenario, "operator": "shop"}), encoding="utf-8")
    result = _cli(str(bad))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "field 'operator': \"shop\" is not allowed; allowed values: private_company, property_manager" in result.stderr


def test_cli_refuses_unknown_regime() -> None:
    result = _cli("data/scenarios/hotel-room-camera.json", "--regime", "ccpa")
    assert result.returncode == 2
    assert "invalid choice: 'ccpa'" in result.stderr


def test_student_copy_command_and_usage(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "aigov", "student-copy", str(tmp_path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "without solutions" in done.stdout
    assert list(tmp_path.rglob("*.ipynb"))
    bad = subprocess.run([sys.executable, "-m", "aigov", "student-copy", str(ROOT / "chapters")], capture_output=True, text=True)
    assert bad.returncode == 1 and "refusing to write" in bad.stderr
    usage = subprocess.run([sys.executable, "-m", "aigov"], capture_output=True, text=True)
    assert usage.returncode == 2 and "usage" in usage.stderr
