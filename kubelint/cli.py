"""The Typer app: which commands there are, under which names, in the order `--help` lists
them, and the options before the command. The commands live by kind in `clichecks` (lint,
schedule), `clicharts` (template, build, convert, create, package, repo index) and `cliinfo`
(rules, explain, explain-field, version); the options several share, in `clishared`.
Only `kubelint.entry` comes here, for the command lines it does not parse itself."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Annotated

import typer

from kubelint.clicharts import build, convert, create, package, repo_index, template
from kubelint.clichecks import lint, schedule
from kubelint.clihelp import HelpGroup
from kubelint.cliinfo import explain, explain_field, rules, version, version_line
from kubelint.errors import EXIT_OK

# command name → command, in the order `kubelint --help` lists them
COMMANDS: dict[str, Callable[..., int]] = {
    "lint": lint,
    "template": template,
    "build": build,
    "convert": convert,
    "create": create,
    "package": package,
    "schedule": schedule,
    "rules": rules,
    "explain": explain,
    "explain-field": explain_field,
    "version": version,
}

app = typer.Typer(
    name="kubelint",
    help="Catch what would break a Kubernetes deployment before it reaches a cluster.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    cls=HelpGroup,
)
for name, command in COMMANDS.items():
    app.command(name)(command)

repo_app = typer.Typer(help="Chart repositories.", no_args_is_help=True, cls=HelpGroup)
repo_app.command("index")(repo_index)
app.add_typer(repo_app, name="repo")


def _eager_version(value: bool) -> None:
    if value:
        sys.stdout.write(version_line())
        raise typer.Exit(EXIT_OK)


@app.callback()
def _options(
    show_version: Annotated[
        bool,
        typer.Option(
            "--version",
            is_eager=True,
            callback=_eager_version,
            help="Print kubelint's version and exit (as `kubelint version`).",
        ),
    ] = False,
) -> None:
    """Options before the command."""


def main() -> None:
    app()
