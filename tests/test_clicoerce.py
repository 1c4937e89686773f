"""Option values coerced without Typer's Pydantic adapters come out as Typer's own would."""

from __future__ import annotations

from typing import Annotated, Literal

import typer
from typer.testing import CliRunner

from kubelint.clihelp import HelpGroup

app = typer.Typer(cls=HelpGroup, add_completion=False)
seen: list[object] = []


@app.command()
def run(
    paths: Annotated[list[str], typer.Argument()],
    name: Annotated[str | None, typer.Option("--name")] = None,
    many: Annotated[list[str] | None, typer.Option("--many")] = None,
    count: Annotated[int, typer.Option("--count")] = 1,
    mode: Annotated[Literal["a", "b"], typer.Option("--mode")] = "a",
    flag: Annotated[bool, typer.Option("--flag")] = False,
) -> None:
    seen[:] = [paths, name, many, count, mode, flag]


@app.command()
def other() -> None:
    """A second command, so that `run` is a subcommand as kubelint's are."""


def test_values_as_typer_gives_them() -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["run", "x", "y"]).exit_code == 0
    assert seen == [["x", "y"], None, None, 1, "a", False]
    args = ["run", "x", "--name", "n", "--many", "1", "--many", "2", "--count", "3", "--mode", "b"]
    assert runner.invoke(app, [*args, "--flag"]).exit_code == 0
    assert seen == [["x"], "n", ["1", "2"], 3, "b", True]


def test_bad_values_are_typer_usage_errors() -> None:
    runner = CliRunner()
    for args in (["--count", "many"], ["--mode", "c"]):
        result = runner.invoke(app, ["run", "x", *args])
        assert result.exit_code == 2
        assert "Invalid value" in result.output
