"""The console script parses the everyday `kubelint lint PATH...` (and `kubelint schedule
PATH...`) itself, without Typer: for every command line it takes, `lintcommand.lint` (or
`schedulecommand.schedule`) gets what Typer would give it, and the whole process prints and
exits as the Typer app does; every other command line goes to Typer."""

from __future__ import annotations

import inspect
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer.main

from kubelint import clichecks, entry, lintcommand, schedulecommand
from kubelint.cli import app
from tests.conftest import ROOT, kubelint, write

TAKEN = [
    ["lint", "a.yaml"],
    ["lint", "a.yaml", "b/", "-"],
    ["lint", "--format", "json", "a.yaml", "--format=sarif", "--output", "x.sarif"],
    ["lint", "a.yaml", "--ci", "--fail-if-no-objects", "--no-progress", "--explain-storage"],
    ["lint", "a.yaml", "--strict"],
    ["lint", "a.yaml", "--no-strict", "--strict-kinds"],
    ["lint", "a.yaml", "--config", "c.yaml", "--kubernetes-version=1.30", "--fail-on", "info"],
    ["lint", "a.yaml", "-n", "ns", "-j", "3", "--fail-on=warning"],
    ["lint", "a.yaml", "--namespace=", "--jobs", "12", "--config="],
    ["lint", "a.yaml", "--baseline", "b.json", "--write-baseline", "w.json"],
    ["lint", "a.yaml", "--changed-since", "main", "--output=r.json"],
    ["lint", "a=b.yaml", "--format", ""],
]
LEFT_TO_TYPER = [
    [],
    ["--version"],
    ["--help"],
    ["rules"],
    ["schedule", "a.yaml"],
    ["lint"],
    ["lint", "--ci"],
    ["lint", "a.yaml", "--help"],
    ["lint", "a.yaml", "-h"],
    ["lint", "--", "a.yaml"],
    ["lint", "-x.yaml"],
    ["lint", "a.yaml", "--format"],
    ["lint", "a.yaml", "--format", "--ci"],
    ["lint", "a.yaml", "--ci=1"],
    ["lint", "a.yaml", "--fail-on", "fatal"],
    ["lint", "a.yaml", "--fail-on", "ERROR"],
    ["lint", "a.yaml", "--jobs", "0"],
    ["lint", "a.yaml", "--jobs", "07"],
    ["lint", "a.yaml", "-j2"],
    ["lint", "a.yaml", "-n=ns"],
    ["lint", "a.yaml", "--config", "a", "--config", "b"],
    ["lint", "a.yaml", "--strict", "--no-strict"],
    ["lint", "a.yaml", "-j", "2", "--jobs", "2"],
    ["lint", "a.yaml", "--set", "a=1"],
    ["lint", "a.yaml", "--schedule"],
    ["lint", "a.yaml", "--form", "json"],
]


SCHEDULE_TAKEN = [
    ["schedule", "a.yaml"],
    ["schedule", "a.yaml", "b/", "--cluster", "nodes.yaml", "--format=json", "--output", "o"],
    ["schedule", "a.yaml", "--nodes", "3x4cpu,16Gi", "--nodes=1x8,32Gi,20", "--at-max"],
    ["schedule", "a.yaml", "--strategy", "most-allocated", "--explain", "default/web-0"],
    ["schedule", "a.yaml", "--drain", "n1", "--drain=n2", "--force", "--capacity", "web"],
    ["schedule", "c/", "-f", "v.yaml", "--values=w.yaml", "--set", "a=1", "--set-string", "b=2"],
    ["schedule", "c/", "--set-file", "k=f", "--set-json", "j={}", "--set-literal", "l=,"],
    ["schedule", "c/", "--name", "r", "-n", "ns", "--kubernetes-version=1.29"],
    ["schedule", "a.yaml", "--config", "c.yaml", "--changed-since", "main"],
]
SCHEDULE_LEFT_TO_TYPER = [
    ["schedule"],
    ["lint", "a.yaml"],
    ["schedule", "a.yaml", "--help"],
    ["schedule", "a.yaml", "--strategy", "fast"],
    ["schedule", "a.yaml", "--changed-files", "all"],
    ["schedule", "a.yaml", "--at-max=1"],
    ["schedule", "a.yaml", "--cluster", "a", "--cluster", "b"],
    ["schedule", "a.yaml", "--jobs", "2"],
]
COMMANDS = {"lint": (lintcommand, "lint"), "schedule": (schedulecommand, "schedule")}


def _typer_arguments(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """What the Typer command passes to `lintcommand.lint` (or `schedulecommand.schedule`) for
    `kubelint ARGV`."""
    given: dict[str, Any] = {}

    def record(**arguments: Any) -> int:
        given.update(arguments)
        return 0

    monkeypatch.setattr(*COMMANDS[argv[0]], record)
    run = kubelint(*argv)
    assert run.exit_code == 0, run.stderr
    return given


def _defaults(command: Any) -> dict[str, Any]:
    return {
        name: parameter.default
        for name, parameter in inspect.signature(command).parameters.items()
        if parameter.default is not parameter.empty
    }


@pytest.mark.parametrize("argv", TAKEN, ids=" ".join)
def test_lint_gets_what_typer_gives_it(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    taken = entry.lint_arguments(argv, {})
    assert taken is not None
    assert {**_defaults(lintcommand.lint), **taken} == _typer_arguments(argv, monkeypatch)


@pytest.mark.parametrize("argv", SCHEDULE_TAKEN, ids=" ".join)
def test_schedule_gets_what_typer_gives_it(
    argv: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    taken = entry.schedule_arguments(argv, {})
    assert taken is not None
    defaults = _defaults(schedulecommand.schedule)
    assert {**defaults, **taken} == _typer_arguments(argv, monkeypatch)


@pytest.mark.parametrize("argv", SCHEDULE_LEFT_TO_TYPER, ids=" ".join)
def test_any_other_schedule_is_left_to_typer(argv: list[str]) -> None:
    assert entry.schedule_arguments(argv, {}) is None


def test_schedule_has_the_parameters_the_typer_command_declares() -> None:
    declared = inspect.signature(inspect.unwrap(clichecks.schedule)).parameters
    assert {name: p.default for name, p in declared.items()} == {
        name: p.default
        for name, p in inspect.signature(schedulecommand.schedule).parameters.items()
    }


@pytest.mark.parametrize("argv", LEFT_TO_TYPER, ids=" ".join)
def test_anything_else_is_left_to_typer(argv: list[str]) -> None:
    assert entry.lint_arguments(argv, {}) is None


def test_shell_completion_is_left_to_typer() -> None:
    assert entry.lint_arguments(["lint", "a.yaml"], {"_KUBELINT_COMPLETE": "bash_complete"}) is None


def test_the_options_taken_are_the_lint_command_s() -> None:
    command = typer.main.get_command(app).commands["lint"]  # type: ignore[attr-defined]
    declared = {
        option: param.name
        for param in command.params
        for option in (*param.opts, *param.secondary_opts)
    }
    taken = {option: parameter for option, (parameter, _) in entry.FLAGS.items()}
    assert {**taken, **entry.VALUES, **entry.LISTS}.items() <= declared.items()


def test_the_options_taken_are_the_schedule_command_s() -> None:
    command = typer.main.get_command(app).commands["schedule"]  # type: ignore[attr-defined]
    declared = {
        option: param.name
        for param in command.params
        for option in (*param.opts, *param.secondary_opts)
    }
    flags = {option: parameter for option, (parameter, _) in entry.SCHEDULE_FLAGS.items()}
    assert {**flags, **entry.SCHEDULE_VALUES, **entry.SCHEDULE_LISTS}.items() <= declared.items()


def _run(program: str, argv: list[str], cwd: Path) -> tuple[int, str, str]:
    code = f"import sys; sys.argv[0] = 'kubelint'; from {program} import main; main()"
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    done = subprocess.run(
        [sys.executable, "-c", code, *argv],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**env, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    return done.returncode, done.stdout, done.stderr


@pytest.mark.parametrize(
    "argv",
    [
        ["lint", "ok.yaml"],
        ["lint", "bad.yaml", "ok.yaml", "--format", "json"],
        ["lint", "bad.yaml", "--fail-on", "info", "--format=github", "--ci", "-j", "1"],
        ["lint", "bad.yaml", "--output", "out.sarif", "--no-progress"],
        ["lint", "missing.yaml"],
        ["lint", "ok.yaml", "--config", "missing.yaml"],
        ["lint", "ok.yaml", "--format", "xml"],
        ["lint", "bad.yaml", "--kubernetes-version", "0.1"],
        ["lint", "ok.yaml", "--bogus"],
        ["schedule", "pod.yaml"],
        ["schedule", "pod.yaml", "--nodes", "2x1cpu,1Gi", "--format", "json", "--at-max"],
        ["schedule", "pod.yaml", "ok.yaml", "--output", "out.sarif", "--strategy=most-allocated"],
        ["schedule", "missing.yaml"],
        ["schedule", "pod.yaml", "--cluster", "missing.yaml"],
        ["schedule", "pod.yaml", "--nodes", "lots"],
    ],
    ids=" ".join,
)
def test_the_console_script_answers_as_typer_does(tmp_path: Path, argv: list[str]) -> None:
    write(
        tmp_path,
        "pod.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n"
        "  containers: [{name: c, image: x, resources: {requests: {cpu: '2'}}}]\n",
    )
    write(tmp_path, "ok.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n")
    write(tmp_path, "bad.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: 1\n")
    fast = _run("kubelint.entry", argv, tmp_path)
    written = (tmp_path / "out.sarif").read_text() if (tmp_path / "out.sarif").exists() else ""
    assert fast == _run("kubelint.cli", argv, tmp_path)
    assert written == ((tmp_path / "out.sarif").read_text() if written else "")
    assert fast[0] in (0, 1, 2)


@pytest.mark.parametrize("closed", [1, 2], ids=["stdout closed", "stderr closed"])
def test_the_console_script_ends_cleanly_with_a_stream_closed(tmp_path: Path, closed: int) -> None:
    """It ends the process at once once its output is flushed: with no stream to flush, too."""
    write(tmp_path, "bad.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: 1\n")
    code = "import sys; sys.argv[0] = 'kubelint'; from kubelint.entry import main; main()"
    other = subprocess.PIPE  # what is said on the stream left open
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            code,
            "lint",
            "bad.yaml",
            "--output",
            "out.json",
            "--format",
            "json",
        ],
        stdout=other if closed == 2 else None,
        stderr=other if closed == 1 else None,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        preexec_fn=lambda: os.close(closed),
        check=False,
    )
    assert done.returncode == 1  # the Service's spec is wrong
    assert b"Traceback" not in (done.stderr or done.stdout or b"")
    assert json.loads((tmp_path / "out.json").read_text())["summary"]["errors"] > 0
