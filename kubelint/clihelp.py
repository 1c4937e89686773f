"""How `--help` lays out the options: grouped in panels, each value named by what it is
(and, as every parameter passes here, their values coerced cheaply: kubelint.clicoerce).

Typer names an option's value by its Python type (`<str>`, `<list[str]>`, `<bool>`); here a
value gets a word (`FILE`, `X.Y`), a flag none, and the options of each command are grouped in
panels. The table is by option name, for every command that has the option; an option it does
not list keeps Typer's layout and the panel "Options".
"""

from __future__ import annotations

import sys
from typing import Any

from rich.markup import escape
from typer import _click
from typer.core import TyperArgument, TyperGroup, TyperOption

from kubelint.clicoerce import deferred
from kubelint.console import no_color

REPORTS = "Reports and exit code"
CHECKS = "What is checked"
CHARTS = "Chart options"
CHANGES = "Changed files and baseline"
CLUSTER = "Cluster"
WHAT_IF = "What if"
OUTPUT = "Output"
RUN = "Run"

# option → (panel, the word for its value: None keeps the metavar the option declares)
OPTIONS: dict[str, tuple[str | None, str | None]] = {
    "--format": (REPORTS, "FORMAT"),
    "--output": (REPORTS, None),
    "--ci": (REPORTS, None),
    "--fail-on": (REPORTS, "error|warning|info"),
    "--fail-if-no-objects": (REPORTS, None),
    "--explain-storage": (REPORTS, None),
    "--config": (CHECKS, "FILE"),
    "--kubernetes-version": (CHECKS, "X.Y"),
    "--namespace": (CHECKS, "NS"),
    "--strict": (CHECKS, None),
    "--strict-kinds": (CHECKS, None),
    "--non-objects": (CHECKS, "MODE"),
    "--crd": (CHECKS, None),
    "--name": (CHARTS, "NAME"),
    "--baseline": (CHANGES, None),
    "--write-baseline": (CHANGES, None),
    "--changed-since": (CHANGES, None),
    "--changed-files": (CHANGES, "manifests|charts|all"),
    "--schedule": (CLUSTER, None),
    "--cluster": (CLUSTER, None),
    "--nodes": (CLUSTER, None),
    "--at-max": (CLUSTER, None),
    "--strategy": (CLUSTER, "STRATEGY"),
    "--explain": (WHAT_IF, None),
    "--drain": (WHAT_IF, None),
    "--force": (WHAT_IF, None),
    "--capacity": (WHAT_IF, None),
    "--jobs": (RUN, None),
    "--no-progress": (RUN, None),
    "--output-dir": (OUTPUT, "DIR"),
    "--show-only": (OUTPUT, "TEMPLATE"),
    "--include-crds": (OUTPUT, None),
    "--notes": (OUTPUT, None),
    "--no-hooks": (OUTPUT, None),
    "--skip-tests": (OUTPUT, None),
    "--kube-version": (CHARTS, "X.Y"),
    "--api-versions": (CHARTS, "GROUP/VERSION"),
    "--strict-undefined": (CHARTS, None),
    "--destination": (None, "DIR"),
    "--url": (None, "URL"),
    "--api-version": (None, "GROUP/VERSION"),
    "--dialect": (None, "jinja2|go"),
    "--reorder": (OUTPUT, "legacy|none"),
    "--load-restrictor": (OUTPUT, "RESTRICTOR"),
}
# arguments: the word for their values (repeatable ones get "...")
ARGUMENTS = {
    "paths": "PATH",
    "chart": "CHART",
    "charts": "CHART",
    "name": "NAME",
    "directory": "DIR",
    "out": "OUT",
}


class _Argument(TyperArgument):
    """An argument whose help shows no Python type (its word says what it is)."""

    def display_type_rich(self, ctx: _click.Context) -> str | None:
        return None


def tidy(command: _click.Command) -> None:
    """Give every parameter of a command (and of its subcommands) its panel and value word."""
    for param in command.params:
        if isinstance(param, TyperArgument | TyperOption):
            deferred(param)
        if isinstance(param, TyperArgument | TyperOption) and param.help:
            param.help = escape(param.help)  # "[default: x]" is help text, not Rich markup
        if isinstance(param, TyperArgument):
            param.__class__ = _Argument
            if param.metavar is None:
                param.metavar = ARGUMENTS.get(param.name or "", (param.name or "").upper())
        elif isinstance(param, TyperOption):
            long = next((o for o in param.opts if o.startswith("--")), "")
            panel, word = OPTIONS.get(long, (None, None))
            if param.is_flag:
                param.metavar = ""  # a flag takes no value
            elif word is not None:
                param.metavar = word
            if panel is not None and param.rich_help_panel is None:
                param.rich_help_panel = panel
    if isinstance(command, TyperGroup):
        for sub in command.commands.values():
            tidy(sub)


def _quiet_help(command: _click.Command, ctx: _click.Context) -> None:
    """`--help` is a flag: no `<bool>` (the option is made per command, on first use)."""
    option = command.get_help_option(ctx)
    if option is not None:
        option.metavar = ""
        if isinstance(option, TyperOption):
            deferred(option)


class HelpGroup(TyperGroup):
    """The command group whose commands show their options as `tidy` lays them out."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        tidy(self)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        # Typer's help and usage errors: no styles either under NO_COLOR (its Rich layer, 40 ms,
        # is imported only then, or when an earlier call in this process set it already)
        if no_color() or "typer.rich_utils" in sys.modules:
            from typer import rich_utils

            rich_utils.COLOR_SYSTEM = None if no_color() else "auto"
        return super().main(*args, **kwargs)

    def get_help_option(self, ctx: _click.Context) -> Any:
        option = super().get_help_option(ctx)
        if option is not None:
            option.metavar = ""
            if isinstance(option, TyperOption):
                deferred(option)
        return option

    def get_command(self, ctx: _click.Context, cmd_name: str) -> _click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            _quiet_help(command, ctx)
        return command
