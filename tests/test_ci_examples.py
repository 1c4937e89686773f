"""The CI examples as written: the composite action.yml, the GitHub workflow that uses it, and
the GitLab CI job. Their shell runs here with bash, as the CI would run it, with kubelint already
installed (the install step is skipped: it only pip installs this repository)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
import yaml

from tests.conftest import ROOT, write

ACTION = yaml.safe_load((ROOT / "action.yml").read_text())
WORKFLOW = yaml.safe_load((ROOT / ".github/workflows/kubelint.yml").read_text())
GITLAB = yaml.safe_load((ROOT / "examples/gitlab-ci.yml").read_text())
EXPRESSION = re.compile(r"\$\{\{\s*(.+?)\s*\}\}")
BROKEN = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata: {a: 1}\n"
KUBELINT = Path(sys.executable).parent / "kubelint"  # the console script pip installed


def _step(step_id: str) -> dict[str, Any]:
    steps: list[dict[str, Any]] = ACTION["runs"]["steps"]
    return next(step for step in steps if step.get("id") == step_id)


def run_action(folder: Path, **inputs: str) -> tuple[subprocess.CompletedProcess[str], str]:
    """The action's lint step, with its env expressions evaluated as GitHub would; the step's
    exit code and output, and what it wrote to $GITHUB_OUTPUT."""
    runner_temp = folder.parent / f"{folder.name}-runner"
    (runner_temp / "kubelint/bin").mkdir(parents=True)
    (runner_temp / "kubelint/bin/kubelint").symlink_to(KUBELINT)
    outputs = runner_temp / "github_output"
    outputs.touch()
    context = {"runner.temp": str(runner_temp)}
    for name, spec in ACTION["inputs"].items():
        context[f"inputs.{name}"] = inputs.get(name.replace("-", "_"), spec.get("default", ""))
    step = _step("lint")
    env = {
        key: EXPRESSION.sub(lambda match: context[match.group(1)], str(value))
        for key, value in step["env"].items()
    }
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
        cwd=folder,
        env={**os.environ, **env, "GITHUB_ACTIONS": "true", "GITHUB_OUTPUT": str(outputs)},
        capture_output=True,
        text=True,
        check=False,
    )
    return done, outputs.read_text()


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    write(tmp_path, "deploy/broken.yaml", BROKEN)
    return tmp_path


def test_the_action_is_composite_and_its_scripts_take_inputs_from_the_environment() -> None:
    assert ACTION["runs"]["using"] == "composite"
    assert {"paths", "format", "args", "version"} <= set(ACTION["inputs"])
    for step in ACTION["runs"]["steps"]:
        if "run" in step:
            assert step["shell"] == "bash"
            assert "${{" not in step["run"], f"step {step['name']}: an expression in the script"
    assert KUBELINT.is_file()


def test_action_writes_sarif_and_annotates_a_broken_file(broken: Path) -> None:
    done, outputs = run_action(broken, paths="deploy")
    assert done.returncode == 1, done.stderr
    assert done.stdout.startswith(
        "::error file=deploy/broken.yaml,line=5,col=11,title=schema::data.a: expected string"
    )
    assert outputs == "report=kubelint.sarif\n"
    sarif = json.loads((broken / "kubelint.sarif").read_text())
    assert sarif["version"] == "2.1.0"
    (result,) = sarif["runs"][0]["results"]
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "deploy/broken.yaml"
    assert location["region"]["startLine"] == 5


def test_action_passes_args_through_and_writes_junit(broken: Path) -> None:
    write(broken, "deploy/good.yaml", BROKEN.replace("{a: 1}", "{a: b}"))
    done, outputs = run_action(
        broken, paths="deploy/good.yaml", format="junit", args="--fail-on error --no-strict"
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert outputs == "report=kubelint.xml\n"
    suites = ElementTree.parse(broken / "kubelint.xml").getroot()
    assert suites.tag == "testsuites"
    assert "kubelint: passed: checked 1 file and 1 object" in done.stderr


def test_action_without_a_report(broken: Path) -> None:
    done, outputs = run_action(broken, paths="deploy", format="none")
    assert done.returncode == 1
    assert outputs == "report=\n"
    assert sorted(p.name for p in broken.iterdir()) == ["deploy"]


def test_action_rejects_an_unknown_format(broken: Path) -> None:
    done, _ = run_action(broken, format="html")
    assert done.returncode == 2
    assert done.stdout == (
        "::error title=kubelint::format must be sarif, junit, json or none, not 'html'\n"
    )


def test_workflow_runs_the_action_on_pull_requests_and_uploads_its_sarif(tmp_path: Path) -> None:
    triggers = WORKFLOW.get("on", WORKFLOW.get(True))  # YAML 1.1 reads a bare `on` as true
    assert "pull_request" in triggers
    assert WORKFLOW["permissions"]["security-events"] == "write"
    steps = WORKFLOW["jobs"]["kubelint"]["steps"]
    lint = next(step for step in steps if step.get("uses") == "./")
    upload = next(step for step in steps if "upload-sarif" in step.get("uses", ""))
    assert lint["with"]["format"] == "sarif"
    assert upload["with"]["sarif_file"] == "kubelint.sarif"
    assert upload["if"].startswith("always()")
    for path in lint["with"]["paths"].split():  # this repository's own paths pass the gate
        shutil.copytree(ROOT / path, tmp_path / path)
    done, _ = run_action(tmp_path, paths=lint["with"]["paths"], format="sarif")
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / upload["with"]["sarif_file"]).is_file()


def test_gitlab_job_writes_the_junit_report_it_declares(broken: Path) -> None:
    job = GITLAB["kubelint"]
    report = job["artifacts"]["reports"]["junit"]
    assert job["artifacts"]["when"] == "always"
    shutil.copytree(ROOT / "charts", broken / "charts")
    script = "\n".join(job["script"])
    done = subprocess.run(
        ["bash", "-eo", "pipefail", "-c", script],
        cwd=broken,
        env={**os.environ, "PATH": f"{KUBELINT.parent}{os.pathsep}{os.environ['PATH']}"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert "deploy/broken.yaml:5:11 error schema" in done.stdout
    failures = ElementTree.parse(broken / report).getroot().iter("failure")
    assert any("expected string, got integer 1" in (f.text or "") for f in failures)
