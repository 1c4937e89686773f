"""The `kubelint` console script: the everyday `kubelint lint PATH...` (and `kubelint schedule
PATH...`) without Typer.

Importing Typer, building every command's options from its signature and laying out their
help cost about a quarter of a small lint's start-up, which a pre-commit hook pays on every
commit. So a `lint` whose arguments are paths and the options below, in their plain forms
(`--opt VALUE`, `--opt=VALUE`, `-j N`, `-n NS`, each option once), with values that need no
checking, is parsed here and run as the Typer command runs it: `lintcommand.lint` with the same
values, through the same `exit_code`; a `schedule` likewise (`schedulecommand.schedule`).
Anything else (help, another command, any other option or form, a value Typer would reject,
`--`) goes to the Typer app, `kubelint.cli`, which answers as it always did.
tests/cli/test_entry.py holds both to the same arguments and outcomes.
"""

from __future__ import annotations

import gc
import os
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import Any

# flag → (parameter, value)
FLAGS = {
    "--ci": ("ci", True),
    "--fail-if-no-objects": ("fail_if_no_objects", True),
    "--strict": ("strict", True),
    "--no-strict": ("strict", False),
    "--strict-kinds": ("strict_kinds", True),
    "--no-progress": ("no_progress", True),
    "--explain-storage": ("explain_storage", True),
}
# option with one value → parameter
VALUES = {
    "--config": "config_file",
    "--kubernetes-version": "kubernetes_version",
    "--fail-on": "fail_on",
    "--namespace": "namespace",
    "-n": "namespace",
    "--baseline": "baseline",
    "--write-baseline": "write_baseline",
    "--changed-since": "changed_since",
    "--jobs": "jobs",
    "-j": "jobs",
}
# repeatable option → parameter (a list)
LISTS = {"--format": "formats", "--output": "outputs"}
# what Typer would check of a value, here accepted only when it certainly passes
_CHECKED = {
    "fail_on": re.compile("error|warning|info"),
    "jobs": re.compile("[1-9][0-9]{0,5}"),
    "strategy": re.compile("least-allocated|most-allocated"),
}
# the same three tables for `schedule`
SCHEDULE_FLAGS = {"--at-max": ("at_max", True), "--force": ("force", True)}
SCHEDULE_VALUES = {
    "--cluster": "cluster_file",
    "--config": "config_file",
    "--kubernetes-version": "kubernetes_version",
    "--namespace": "namespace",
    "-n": "namespace",
    "--strategy": "strategy",
    "--explain": "explain_pod",
    "--capacity": "capacity_of",
    "--name": "release",
    "--changed-since": "changed_since",
}
SCHEDULE_LISTS = {
    "--nodes": "node_specs",
    "--format": "formats",
    "--output": "outputs",
    "--drain": "drain_nodes",
    "-f": "values",
    "--values": "values",
    "--set": "set_",
    "--set-string": "set_string",
    "--set-file": "set_file",
    "--set-json": "set_json",
    "--set-literal": "set_literal",
}


def lint_arguments(argv: Sequence[str], environ: Mapping[str, str]) -> dict[str, Any] | None:
    """The arguments `lintcommand.lint` gets from `kubelint ARGV`, or None: Typer's to parse."""
    return arguments("lint", (FLAGS, VALUES, LISTS), argv, environ)


def schedule_arguments(argv: Sequence[str], environ: Mapping[str, str]) -> dict[str, Any] | None:
    """The arguments `schedulecommand.schedule` gets from `kubelint ARGV`, or None."""
    return arguments("schedule", (SCHEDULE_FLAGS, SCHEDULE_VALUES, SCHEDULE_LISTS), argv, environ)


def arguments(
    command: str,
    tables: tuple[Mapping[str, tuple[str, bool]], Mapping[str, str], Mapping[str, str]],
    argv: Sequence[str],
    environ: Mapping[str, str],
) -> dict[str, Any] | None:
    """The arguments of `kubelint COMMAND ...` given its options' tables (flags, options with
    one value, repeatable options), or None: Typer's to parse."""
    if os.name == "nt" or any(k[:1] == "_" and k.endswith("_COMPLETE") for k in environ):
        return None  # Windows' wildcard expansion; shell completion's requests
    if not argv or argv[0] != command:
        return None
    flags, values, lists = tables
    paths: list[str] = []
    given: dict[str, Any] = {}
    rest = list(argv[1:])
    while rest:
        token = rest.pop(0)
        if token == "-" or not token.startswith("-"):
            paths.append(token)
            continue
        name, equals, value = token.partition("=") if token.startswith("--") else (token, "", "")
        if name in flags and not equals:
            parameter, flag = flags[name]
            if parameter in given:
                return None
            given[parameter] = flag
            continue
        if name not in values and name not in lists:
            return None
        if not equals:
            if not rest:
                return None
            value = rest.pop(0)
        if value.startswith("-"):
            return None
        if name in lists:
            given.setdefault(lists[name], []).append(value)
            continue
        parameter = values[name]
        check = _CHECKED.get(parameter)
        if parameter in given or (check is not None and not check.fullmatch(value)):
            return None
        given[parameter] = int(value) if parameter == "jobs" else value
    return {"paths": paths, **given} if paths else None


def main() -> None:
    # A collection of the young objects every 200,000 allocations, not 700: a run makes millions
    # of objects that live until it ends, and each collection scanned them again for nothing
    # (4-7% of a lint's CPU). mypy does the same.
    gc.set_threshold(200_000, 30, 30)
    command: Callable[..., int]
    if (given := lint_arguments(sys.argv[1:], os.environ)) is not None:
        from kubelint.lintcommand import lint as command
    elif (given := schedule_arguments(sys.argv[1:], os.environ)) is not None:
        from kubelint.schedulecommand import schedule as command
    else:
        from kubelint.cli import main as typer_main

        typer_main()
        return
    from kubelint.lintcommand import exit_code

    try:
        code = exit_code(command, given)
    except KeyboardInterrupt:  # as Typer ends a command interrupted
        code = 130
    end(code)


def end(code: int) -> None:
    """End the process: once what it wrote is flushed, at once. Python's own exit would free
    every object of the run one by one, and collect them, for nothing (reports are written,
    files closed, workers gone). A flush that fails is left to Python's exit to report, and so
    is the end under a profiler, a tracer or coverage: they write what they gathered then."""
    gc.freeze()
    if sys.getprofile() is None and sys.gettrace() is None:
        try:
            for stream in (sys.stdout, sys.stderr):
                if stream is not None:  # (None: started with that descriptor closed)
                    stream.flush()
        except OSError:
            sys.exit(code)
        os._exit(code)
    sys.exit(code)
