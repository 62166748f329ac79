"""The project's own tooling: lint, exact pins, declared dependencies, package.json."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parent.parent
RUFF = Path(sys.executable).parent / "ruff"
# Import names that differ from the name of the distribution that provides them.
DISTRIBUTION_OF = {
    "yaml": "pyyaml",
    "vl_convert": "vl-convert-python",
    "sphinx_last_updated_by_git": "sphinx-last-updated-by-git",
    "bs4": "beautifulsoup4",
}


def _ruff(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(RUFF), *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_ruff_finds_nothing_to_fix() -> None:
    lint = _ruff("check", "--output-format", "concise", ".")
    assert lint.returncode == 0, f"ruff check:\n{lint.stdout}{lint.stderr}"


def test_code_is_formatted_by_ruff() -> None:
    formatted = _ruff("format", "--check", ".")
    assert formatted.returncode == 0, f"run 'ruff format .':\n{formatted.stdout}{formatted.stderr}"


def test_every_requirement_is_pinned_exactly() -> None:
    lines = [
        line.split("#")[0].strip() for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
    ]
    requirements = [line for line in lines if line and not line.startswith("-e ")]
    assert len(requirements) > 50, "requirements.txt pins the whole environment, dependencies included"
    loose = [line for line in requirements if not re.fullmatch(r"[A-Za-z0-9._-]+==[A-Za-z0-9.+!-]+", line)]
    assert loose == [], f"not pinned to one version: {loose}"
    editable = [line for line in lines if line.startswith("-e ")]
    assert editable == ["-e file:."], "the book's own package, editable, by a path relative to the repository"


def _third_party_imports() -> set[str]:
    names: set[str] = set()
    for path in (ROOT / "aigov").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return {name for name in names if name not in sys.stdlib_module_names and name != "aigov"}


def test_pyproject_declares_every_package_aigov_imports() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {re.split(r"[<>=!~ ;\[]", requirement)[0].lower() for requirement in project["dependencies"]}
    needed = {DISTRIBUTION_OF.get(name, name).lower() for name in _third_party_imports()}
    assert needed - declared == set(), "add these to [project] dependencies in pyproject.toml"
    assert {"pandas", "altair", "sphinx", "docutils", "pybtex"} <= needed, "the scan of imports found what it should"


def test_package_json_names_only_files_that_exist() -> None:
    for manifest in (ROOT / "package.json", ROOT / "bench" / "package.json"):
        text = json.dumps(json.loads(manifest.read_text(encoding="utf-8")))
        for named in re.findall(r"[\w./-]+\.(?:py|js|json|html)\b", text):
            assert (manifest.parent / named).exists() or (ROOT / named).exists(), f"{manifest.name} names {named}"
