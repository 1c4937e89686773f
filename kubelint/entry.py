"""The `kubelint` console script: the everyday `kubelint lint PATH...` without Typer.

Importing Typer, building every command's options from its signature and laying out their
help cost about a quarter of a small lint's start-up, which a pre-commit hook pays on every
commit. So a `lint` whose arguments are paths and the options below, in their plain forms
(`--opt VALUE`, `--opt=VALUE`, `-j N`, `-n NS`, each option once), with values that need no
checking, is parsed here and run as the Typer command runs it: `lintcommand.lint` with the same
values, through the same `exit_code`. Anything else (help, another command, any other option
or form, a value Typer would reject, `--`) goes to the Typer app, `kubelint.cli`, which answers
as it always did. tests/cli/test_entry.py holds both to the same arguments and outcomes.
"""

from __future__ import annotations

import gc
import os
import re
import sys
from collections.abc import Mapping, Sequence
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
_CHECKED = {"fail_on": re.compile("error|warning|info"), "jobs": re.compile("[1-9][0-9]{0,5}")}


def lint_arguments(argv: Sequence[str], environ: Mapping[str, str]) -> dict[str, Any] | None:
    """The arguments `lintcommand.lint` gets from `kubelint ARGV`, or None: Typer's to parse."""
    if os.name == "nt" or any(k[:1] == "_" and k.endswith("_COMPLETE") for k in environ):
        return None  # Windows' wildcard expansion; shell completion's requests
    if not argv or argv[0] != "lint":
        return None
    paths: list[str] = []
    given: dict[str, Any] = {}
    rest = list(argv[1:])
    while rest:
        token = rest.pop(0)
        if token == "-" or not token.startswith("-"):
            paths.append(token)
            continue
        name, equals, value = token.partition("=") if token.startswith("--") else (token, "", "")
        if name in FLAGS and not equals:
            parameter, flag = FLAGS[name]
            if parameter in given:
                return None
            given[parameter] = flag
            continue
        if name not in VALUES and name not in LISTS:
            return None
        if not equals:
            if not rest:
                return None
            value = rest.pop(0)
        if value.startswith("-"):
            return None
        if name in LISTS:
            given.setdefault(LISTS[name], []).append(value)
            continue
        parameter = VALUES[name]
        check = _CHECKED.get(parameter)
        if parameter in given or (check is not None and not check.fullmatch(value)):
            return None
        given[parameter] = int(value) if parameter == "jobs" else value
    return {"paths": paths, **given} if paths else None


def main() -> None:
    arguments = lint_arguments(sys.argv[1:], os.environ)
    if arguments is None:
        from kubelint.cli import main as typer_main

        typer_main()
        return
    from kubelint.lintcommand import exit_code, lint

    try:
        code = exit_code(lint, arguments)
    except KeyboardInterrupt:  # as Typer ends a command interrupted
        code = 130
    # The process ends: the collection Python runs on its way out would scan every object of
    # the run for nothing (reports are written, files closed).
    gc.freeze()
    sys.exit(code)
