"""`--format` and `--output` pairing: planned before the run, written after it."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TextIO

import pytest

from kubelint.errors import UsageError
from kubelint.report import FORMATS
from kubelint.report.outputs import Output, plan, write
from tests.conftest import kubelint


def _plan(formats: list[str], outputs: list[str]) -> list[Output]:
    return plan(formats, outputs, "text", FORMATS)


def test_formats_and_outputs_pair_in_order_and_the_rest_prints() -> None:
    assert _plan(["sarif", "junit", "text"], ["a.sarif", "b.xml"]) == [
        Output("sarif", "a.sarif"),
        Output("junit", "b.xml"),
        Output("text"),
    ]


def test_without_format_the_default_prints() -> None:
    assert _plan([], []) == [Output("text")]
    assert plan([], [], "github", FORMATS) == [Output("github")]
    assert _plan([], ["r.sarif.json", "r.XML"]) == [
        Output("sarif", "r.sarif.json"),
        Output("junit", "r.XML"),
        Output("text"),
    ]


def test_every_format_paired_prints_nothing() -> None:
    assert _plan(["json"], ["out/report"]) == [Output("json", "out/report")]


@pytest.mark.parametrize(
    ("formats", "outputs", "message"),
    [
        (["json", "sarif"], [], "--format json and --format sarif would all print"),
        (
            ["yaml"],
            [],
            'unknown --format "yaml" (expected one of: text, json, sarif, junit, github)',
        ),
        (
            [],
            ["report.html"],
            "--output report.html has no --format, and its name does not say one",
        ),
        (
            ["junit"],
            ["a.sarif"],
            "--output a.sarif is paired with --format junit, but its name says sarif",
        ),
        (["json", "json"], ["a.json", "a.json"], "--output a.json is given twice"),
    ],
)
def test_usage_errors(formats: list[str], outputs: list[str], message: str) -> None:
    with pytest.raises(UsageError, match=message.replace("(", r"\(").replace(")", r"\)")):
        _plan(formats, outputs)


def test_write_renders_files_then_stdout(tmp_path: Path) -> None:
    calls: list[str] = []

    def render(name: str, out: TextIO) -> None:
        calls.append(name)
        out.write(f"{name} report\n")

    stdout = io.StringIO()
    planned = [Output("text"), Output("json", str(tmp_path / "deep" / "r.json"))]
    write(planned, render, stdout)
    assert calls == ["json", "text"]
    assert (tmp_path / "deep" / "r.json").read_text() == "json report\n"
    assert stdout.getvalue() == "text report\n"


@pytest.mark.usefixtures("copied")
def test_several_reports_in_one_run(tmp_path: Path) -> None:
    run = kubelint(
        "lint", "deploy.yaml",
        "--format", "sarif", "--output", "a.sarif",
        "--format", "junit", "--output", "b.xml",
        "--format", "text",
    )  # fmt: skip
    assert run.exit_code == 1
    assert run.stdout.startswith("deploy.yaml:9:3 error duplicate-key")
    assert '"version": "2.1.0"' in (tmp_path / "a.sarif").read_text()
    assert (tmp_path / "b.xml").read_text().startswith('<?xml version="1.0" encoding="UTF-8"?>')


@pytest.mark.usefixtures("copied")
def test_a_usage_error_stops_before_the_run(tmp_path: Path) -> None:
    run = kubelint("lint", "deploy.yaml", "--format", "json", "--format", "junit")
    assert run.exit_code == 2
    assert run.stdout == ""
    assert run.stderr.startswith("kubelint: error: --format json and --format junit would all")


def test_an_unwritable_output_is_a_one_line_error(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("")
    run = kubelint("lint", "-", "--output", "taken/r.sarif", stdin="a: 1\n")
    assert run.exit_code == 2
    assert run.stderr.startswith("kubelint: error: taken/r.sarif: cannot write:")
