"""`--version`, `--help` readable at 80 columns, and NO_COLOR honoured completely."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kubelint import __version__
from kubelint.cli import app
from tests.conftest import ROOT, kubelint, write

COMMANDS = [
    ["lint"],
    ["schedule"],
    ["template"],
    ["create"],
    ["convert"],
    ["package"],
    ["rules"],
    ["explain"],
    ["explain-field"],
    ["version"],
    ["repo", "index"],
    [],
]
PYTHON_TYPE = re.compile(r"<(?:str|int|bool|list\[[^\]]*\]|[a-z-]+(?:\|[a-z-]+)+)>")


def _help(*command: str) -> str:
    result = CliRunner().invoke(app, [*command, "--help"], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    return result.output


def test_version_option_prints_what_the_command_prints() -> None:
    option, command = kubelint("--version"), kubelint("version")
    assert option.exit_code == command.exit_code == 0
    assert option.stdout == command.stdout
    assert option.stdout.startswith(f"kubelint {__version__} (Kubernetes API ")


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "kubelint")
def test_help_fits_80_columns_without_python_types(command: list[str]) -> None:
    text = _help(*command)
    assert all(len(line) <= 80 for line in text.splitlines())
    assert not PYTHON_TYPE.search(text), PYTHON_TYPE.search(text)
    assert "…" not in text  # no cell cut off


def test_lint_help_groups_its_options_in_panels() -> None:
    text = _help("lint")
    panels = re.findall(r"╭─ (.+?) ─", text)
    assert panels == [
        "Arguments",
        "Options",
        "Reports and exit code",
        "What is checked",
        "Chart options",
        "Changed files and baseline",
        "Run",
        "Cluster",
    ]
    assert "[default: error]" in text  # help text, not Rich markup
    assert re.search(r"--kubernetes-version +X\.Y ", text)


def test_no_color_means_no_escape_codes_in_reports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = str(write(tmp_path, "cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n"))
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\x1b[" in kubelint("lint", path).stdout
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in kubelint("lint", path).stdout
    assert "\x1b[" not in kubelint("rules").stdout


def test_no_color_means_no_escape_codes_in_help() -> None:
    env = {**os.environ, "FORCE_COLOR": "1", "NO_COLOR": "1", "COLUMNS": "80"}
    run = subprocess.run(
        [sys.executable, "-m", "kubelint", "lint", "--help"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=True,
    )
    assert "Reports and exit code" in run.stdout
    assert "\x1b[" not in run.stdout
