"""The GitHub workflows (.github/workflows), which cannot run here: each is valid against the
workflow schema that check-jsonschema ships (read from the installed package, with every
network connection refused), and does what the book needs of it."""

from __future__ import annotations

import re
import socket
from pathlib import Path

import pytest
import yaml
from check_jsonschema.cli import main as check_jsonschema
from click.testing import CliRunner
from support import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
NAMES = ["ci.yml", "deploy.yml", "release.yml"]
# An action pinned to a release tag (v4, v4.2.1) or to a full commit hash, never to a branch.
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@(v\d+(\.\d+){0,2}|[0-9a-f]{40})$")


def _workflow(name: str) -> dict:
    # PyYAML reads the key `on` as the boolean True (YAML 1.1); the schema check reads it right.
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def _steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("this test may not use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def _lint(*paths: Path) -> tuple[int, str]:
    done = CliRunner().invoke(
        check_jsonschema, ["--builtin-schema", "vendor.github-workflows", "--no-cache", *map(str, paths)]
    )
    return done.exit_code, done.output


def test_the_three_workflows_exist() -> None:
    assert sorted(p.name for p in WORKFLOWS.glob("*.yml")) == NAMES


def test_workflows_are_valid_offline(no_network: None) -> None:
    status, output = _lint(*(WORKFLOWS / name for name in NAMES))
    assert status == 0, output


def test_the_linter_refuses_a_broken_workflow(no_network: None, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text("name: broken\non: push\njobs:\n  test:\n    steps:\n      - run: true\n", encoding="utf-8")
    status, output = _lint(broken)
    assert status == 1 and "runs-on" in output


def test_ci_runs_the_one_ci_script_on_every_push_and_pull_request() -> None:
    ci = _workflow("ci.yml")
    assert set(ci[True]) == {"push", "pull_request"}
    runs = [step["run"] for step in _steps(ci) if "run" in step]
    assert [run for run in runs if ".ci/run" in run] == ["bash .ci/run"]


@pytest.mark.parametrize("name", NAMES)
def test_actions_are_pinned_and_history_is_whole(name: str) -> None:
    steps = _steps(_workflow(name))
    uses = [step["uses"] for step in steps if "uses" in step]
    assert uses and [u for u in uses if not PINNED.match(u)] == []
    # Pages show their last-changed date from git history, which a shallow clone lacks.
    checkouts = [step for step in steps if step.get("uses", "").startswith("actions/checkout@")]
    assert checkouts and all(step.get("with", {}).get("fetch-depth") == 0 for step in checkouts)


def test_permissions_are_minimal() -> None:
    assert _workflow("ci.yml")["permissions"] == {"contents": "read"}
    deploy = _workflow("deploy.yml")
    assert deploy["permissions"] == {"contents": "read"}
    assert deploy["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert "permissions" not in deploy["jobs"]["build"]
    assert _workflow("release.yml")["permissions"] == {"contents": "write"}


def test_deploy_builds_main_with_the_site_and_repository_addresses() -> None:
    deploy = _workflow("deploy.yml")
    assert deploy[True]["push"] == {"branches": ["main"]}
    build = next(step for step in _steps(deploy) if "jupyter-book build" in step.get("run", ""))
    assert "-W" in build["run"].split()
    assert build["env"]["BOOK_BASE_URL"] == "${{ steps.pages.outputs.base_url }}"
    assert build["env"]["BOOK_REPOSITORY_URL"] == "${{ github.server_url }}/${{ github.repository }}"
    uses = [step.get("uses", "") for step in _steps(deploy)]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    steps = [step.get("run", "") for step in _steps(deploy)]
    pdf_step = next(i for i, run in enumerate(steps) if "python -m aigov pdf" in run)
    assert pdf_step < steps.index(build["run"]), "the PDF must exist when the site is built, for its download menu"


def test_release_attaches_the_pdf_the_archive_and_the_student_notebooks() -> None:
    release = _workflow("release.yml")
    assert release[True] == {"push": {"tags": ["v*"]}}
    runs = "\n".join(step.get("run", "") for step in _steps(release))
    assert "python -m aigov archive --out dist/" in runs.replace('"', "")
    assert "python -m aigov student-copy" in runs
    # The PDF is printed before the archive is built, so that the archived site offers it.
    assert runs.index("python -m aigov pdf") < runs.index("python -m aigov archive")
    assert "fonts-wqy-zenhei" in runs
    publish = next(step for step in _steps(release) if step.get("uses", "").startswith("softprops/action-gh-release@"))
    assert publish["with"]["files"] == "dist/*"
