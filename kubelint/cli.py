"""The command line: parse options, call one function, report, exit. Nothing else lives here."""

from __future__ import annotations

import functools
import json
import os
import sys
import traceback
from collections.abc import Callable
from typing import Annotated, Any, Literal, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from kubelint import __version__
from kubelint.config import load_config
from kubelint.engine import lint as run_lint
from kubelint.errors import EXIT_FINDINGS, EXIT_INTERNAL, EXIT_OK, KubelintError, UsageError
from kubelint.findings import Severity
from kubelint.inputs import discover
from kubelint.k8s.versions import resolve_version, supported_versions
from kubelint.report import FORMATS
from kubelint.rules import REGISTRY, suggest
from kubelint.rules.base import Settings

app = typer.Typer(
    name="kubelint",
    help="Catch what would break a Kubernetes deployment before it reaches a cluster.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

F = TypeVar("F", bound=Callable[..., Any])


def _error(message: str) -> None:
    sys.stderr.write(message.replace("\n", " ").rstrip() + "\n")


def guarded(func: F) -> F:
    """Map a command's outcome to an exit code: its return value, 2 for the user's mistakes,
    3 (one line; the traceback with KUBELINT_DEBUG=1) for kubelint's own bugs."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        try:
            code = func(*args, **kwargs)
        except KubelintError as exc:
            _error(f"kubelint: error: {exc}")
            raise typer.Exit(exc.exit_code) from None
        except (typer.Exit, typer.Abort, typer.TyperException, KeyboardInterrupt):
            raise
        except BrokenPipeError:  # the reader went away (`| head`): stop quietly
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(EXIT_FINDINGS) from None
        except Exception as exc:
            if os.environ.get("KUBELINT_DEBUG"):
                traceback.print_exc()
            _error(
                f"kubelint: internal error: {type(exc).__name__}: {exc} "
                "(this is a bug in kubelint; KUBELINT_DEBUG=1 shows the traceback)"
            )
            raise typer.Exit(EXIT_INTERNAL) from None
        raise typer.Exit(code or EXIT_OK)

    return wrapper  # type: ignore[return-value]


FormatName = Literal["text", "json"]  # the keys of report.FORMATS (a test keeps them equal)
SeverityName = Literal["error", "warning", "info"]
Paths = Annotated[
    list[str],
    typer.Argument(help="Files, folders (recursive *.yaml *.yml *.json), '-' for stdin, charts."),
]
FormatOpt = Annotated[FormatName, typer.Option("--format", help="Report format.")]
ConfigOpt = Annotated[
    str | None,
    typer.Option(
        "--config", help="Configuration file (default: .kubelint.yaml or pyproject.toml)."
    ),
]
VersionOpt = Annotated[
    str | None,
    typer.Option(
        "--kubernetes-version", help="Target Kubernetes version X.Y (default: newest bundled)."
    ),
]
FailOnOpt = Annotated[
    SeverityName | None,
    typer.Option("--fail-on", help="Lowest severity that fails the run [default: error]."),
]
NamespaceOpt = Annotated[
    str, typer.Option("-n", "--namespace", help="Namespace of objects that name none.")
]


@app.command()
@guarded
def lint(
    paths: Paths,
    output_format: FormatOpt = "text",
    config_file: ConfigOpt = None,
    kubernetes_version: VersionOpt = None,
    fail_on: FailOnOpt = None,
    namespace: NamespaceOpt = "default",
) -> int:
    """Check manifests and charts; exit 1 when a finding reaches --fail-on."""
    config = load_config(config_file)
    settings = Settings(resolve_version(kubernetes_version or config.kubernetes_version), namespace)
    inputs = discover(paths, config.excludes)
    result = run_lint(inputs, config, settings)
    FORMATS[output_format](result, sys.stdout)
    threshold = Severity.parse(fail_on) if fail_on else (config.fail_on or Severity.ERROR)
    return EXIT_FINDINGS if result.fails(threshold) else EXIT_OK


def _not_yet(command: str) -> int:
    raise UsageError(f"'kubelint {command}' is not available yet in this version")


_PASS_THROUGH = {"allow_extra_args": True, "ignore_unknown_options": True}


@app.command(context_settings=_PASS_THROUGH)
@guarded
def template() -> int:
    """Render a chart to stdout (not available yet)."""
    return _not_yet("template")


@app.command(context_settings=_PASS_THROUGH)
@guarded
def schedule() -> int:
    """Dry-run placement of the workloads onto a cluster (not available yet)."""
    return _not_yet("schedule")


@app.command()
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
    table = Table("rule", "severity", "summary", box=None, header_style="bold")
    for r in REGISTRY.values():
        table.add_row(r.id, r.severity.label, r.summary)
    Console(soft_wrap=True).print(table)
    return EXIT_OK


@app.command()
@guarded
def explain(rule_id: Annotated[str, typer.Argument(metavar="RULE", help="A rule id.")]) -> int:
    """Print a rule's documentation."""
    rule = REGISTRY.get(rule_id)
    if rule is None:
        raise UsageError(f'unknown rule "{rule_id}"{suggest(rule_id)}; "kubelint rules" lists them')
    header = f"# {rule.id}\n\n{rule.summary}. Default severity: {rule.severity.label}."
    text = f"{header}\n\n{rule.doc.strip()}\n"
    console = Console()
    if console.is_terminal:
        from rich.markdown import Markdown  # costs 30 ms to import: only here

        console.print(Markdown(text))
    else:
        sys.stdout.write(text)
    return EXIT_OK


@app.command()
@guarded
def version() -> int:
    """Print kubelint's version and the Kubernetes versions it knows."""
    versions = supported_versions()
    sys.stdout.write(f"kubelint {__version__} (Kubernetes API {versions[0]} to {versions[-1]})\n")
    return EXIT_OK


def main() -> None:
    app()
