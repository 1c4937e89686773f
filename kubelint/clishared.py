"""What the command modules (`clichecks`, `clicharts`, `cliinfo`) share: the arguments and
options more than one command declares, declared once so that the same option reads the same in
every command's `--help`; `guarded`, which makes a command's returned code its exit code; and
`say`, the one line a command prints about what it wrote."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Annotated, Any, Literal, TypeVar

import typer

from kubelint.changes import Scope
from kubelint.clihelp import CHARTS
from kubelint.lintcommand import exit_code
from kubelint.printable import escape
from kubelint.report import FORMATS

F = TypeVar("F", bound=Callable[..., Any])


def say(message: str) -> None:
    """One line on stdout, with what came from an input (a path) escaped."""
    sys.stdout.write(escape(message) + "\n")


def guarded(func: F) -> F:
    """A command whose outcome is its exit code (`lintcommand.exit_code`)."""

    @functools.wraps(func)
    def wrapper(**kwargs: Any) -> None:  # Typer gives every parameter by name
        passing = (typer.Exit, typer.Abort, typer.TyperException)
        raise typer.Exit(exit_code(func, kwargs, passing))

    return wrapper  # type: ignore[return-value]


# the keys of report.FORMATS (a test keeps them equal)
FormatName = Literal["text", "json", "sarif", "junit", "github"]
SeverityName = Literal["error", "warning", "info"]
Paths = Annotated[
    list[str],
    typer.Argument(help="Files, folders (recursive *.yaml *.yml *.json), '-' for stdin, charts."),
]
FormatsOpt = Annotated[  # a list of FormatName: Typer takes no list of Literal
    list[str] | None,
    typer.Option(
        "--format",
        metavar="FORMAT",
        help=f"Report format: {', '.join(FORMATS)} (default text; repeatable: the n-th "
        "--output gets the n-th --format, one without --output prints).",
        show_default=False,
    ),
]
OutputsOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--output",
        metavar="FILE",
        help="Write a report to FILE (repeatable; alone, .sarif .xml .json .txt name the format).",
    ),
]
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
StrictOpt = Annotated[
    bool | None,
    typer.Option(
        "--strict/--no-strict",
        help="Unknown fields are schema errors, like kubectl apply --validate=strict "
        "[default: strict, or `strict:` in the configuration].",
        show_default=False,
    ),
]
StrictKindsOpt = Annotated[
    bool, typer.Option("--strict-kinds", help="A kind with no schema is an error, not a warning.")
]
ChangedSinceOpt = Annotated[
    str | None,
    typer.Option(
        "--changed-since",
        metavar="REF",
        help="Only the files under PATH changed since git REF (its merge base with HEAD, plus "
        "uncommitted and untracked files), and the charts they belong to.",
    ),
]
ChangedFilesOpt = Annotated[
    Scope | None,
    typer.Option(
        "--changed-files",
        help="The PATHs are changed files (as pre-commit passes them): check the manifests "
        "among them outside charts, the charts they belong to (rendered whole), or all.",
    ),
]
CrdOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--crd", metavar="PATH", help="CustomResourceDefinition files or folders (repeatable)."
    ),
]
ClusterOpt = Annotated[
    str | None,
    typer.Option(
        "--cluster",
        metavar="FILE",
        help="Nodes (and running pods) as `kubectl get nodes -o yaml`.",
    ),
]
NodesOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--nodes",
        metavar="SPEC",
        help="Quick cluster instead of a file: COUNTxCPU,MEMORY[,PODS] (repeatable).",
    ),
]
ValuesOpt = Annotated[
    list[str] | None,
    typer.Option(
        "-f",
        "--values",
        metavar="FILE",
        help="Chart values file (repeatable; later files win).",
        rich_help_panel=CHARTS,
    ),
]
SetOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--set", metavar="K=V", help="Set chart values: a.b=1,c={x,y}.", rich_help_panel=CHARTS
    ),
]
SetStringOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--set-string", metavar="K=V", help="Set chart values as strings.", rich_help_panel=CHARTS
    ),
]
SetFileOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--set-file",
        metavar="K=PATH",
        help="Set a chart value to a file's content.",
        rich_help_panel=CHARTS,
    ),
]
SetJsonOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--set-json", metavar="K=JSON", help="Set chart values as JSON.", rich_help_panel=CHARTS
    ),
]
SetLiteralOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--set-literal",
        metavar="K=V",
        help="Set a chart value to V, literally.",
        rich_help_panel=CHARTS,
    ),
]
ReleaseOpt = Annotated[
    str, typer.Option("--name", help="Release name (Release.Name).", rich_help_panel=CHARTS)
]
StrictUndefinedOpt = Annotated[
    bool,
    typer.Option(
        "--strict-undefined",
        help="A missing chart value used in a template is an error.",
        rich_help_panel=CHARTS,
    ),
]
