"""The commands that print what kubelint knows, reading no input: its rules (`rules`), a
rule's documentation (`explain`), a Kubernetes field's (`explain-field`) and its own version
(`version`; `version_line` is also what the app's `--version` prints)."""

from __future__ import annotations

import json
import sys
from typing import Annotated, Literal

import typer

from kubelint import __version__
from kubelint.clishared import VersionOpt, guarded
from kubelint.config import load_config
from kubelint.console import console as make_console
from kubelint.errors import EXIT_OK, UsageError
from kubelint.k8s.versions import resolve_version, supported_versions
from kubelint.rules import REGISTRY, suggest
from kubelint.schema.explain import explain as explain_text
from kubelint.schema.store import SchemaStore


@guarded
def rules(
    output_format: Annotated[
        Literal["text", "json"], typer.Option("--format", help="Output format.")
    ] = "text",
) -> int:
    """List every rule: id, default severity, summary."""
    if output_format == "json":
        rows = [
            {
                "id": r.id,
                "severity": r.severity.label,
                "summary": r.summary,
                "options": sorted(r.options),
            }
            for r in REGISTRY.values()
        ]
        sys.stdout.write(json.dumps(rows, indent=2) + "\n")
        return EXIT_OK
    from rich.table import Table  # only here: 30 ms of every start-up otherwise

    table = Table("rule", "severity", "summary", box=None, header_style="bold")
    for r in REGISTRY.values():
        table.add_row(r.id, r.severity.label, r.summary)
    make_console(soft_wrap=True).print(table)
    return EXIT_OK


@guarded
def explain(rule_id: Annotated[str, typer.Argument(metavar="RULE", help="A rule id.")]) -> int:
    """Print a rule's documentation."""
    rule = REGISTRY.get(rule_id)
    if rule is None:
        raise UsageError(f'unknown rule "{rule_id}"{suggest(rule_id)}; "kubelint rules" lists them')
    header = f"# {rule.id}\n\n{rule.summary}. Default severity: {rule.severity.label}."
    text = f"{header}\n\n{rule.doc.strip()}\n"
    console = make_console()
    if console.is_terminal:
        from rich.markdown import Markdown  # costs 30 ms to import: only here

        console.print(Markdown(text))
    else:
        sys.stdout.write(text)
    return EXIT_OK


@guarded
def explain_field(
    target: Annotated[
        str,
        typer.Argument(
            metavar="KIND[.FIELD.PATH]",
            help="A kind and a field path, e.g. deployment.spec.strategy (any case).",
        ),
    ],
    kubernetes_version: VersionOpt = None,
    api_version: Annotated[
        str | None,
        typer.Option("--api-version", help="The kind's apiVersion, when it has several."),
    ] = None,
    recursive: Annotated[
        bool, typer.Option("--recursive", help="Print every field below, as a tree.")
    ] = False,
) -> int:
    """Describe a field of a Kubernetes kind, offline, like kubectl explain."""
    version = resolve_version(kubernetes_version or load_config(None).kubernetes_version)
    text = explain_text(SchemaStore(), version, target, api_version, recursive)
    sys.stdout.write(text)
    return EXIT_OK


def version_line() -> str:
    """`kubelint version`'s line: kubelint's version and the Kubernetes versions it knows."""
    versions = supported_versions()
    return f"kubelint {__version__} (Kubernetes API {versions[0]} to {versions[-1]})\n"


@guarded
def version() -> int:
    """Print kubelint's version and the Kubernetes versions it knows."""
    sys.stdout.write(version_line())
    return EXIT_OK
