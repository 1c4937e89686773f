"""The command line: parse options, call one function, report, exit. Nothing else lives here."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from typing import Annotated, Any, Literal, TypeVar

import typer

from kubelint import __version__, lintcommand
from kubelint.changes import Scope
from kubelint.clihelp import HelpGroup
from kubelint.config import load_config
from kubelint.console import console as make_console
from kubelint.errors import (
    EXIT_OK,
    UsageError,
)
from kubelint.k8s.versions import resolve_version, supported_versions
from kubelint.lintcommand import chart_options, exit_code
from kubelint.printable import escape
from kubelint.report import FORMATS
from kubelint.rules import REGISTRY, suggest
from kubelint.schema.explain import explain as explain_text
from kubelint.schema.store import SchemaStore

app = typer.Typer(
    name="kubelint",
    help="Catch what would break a Kubernetes deployment before it reaches a cluster.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    cls=HelpGroup,
)

F = TypeVar("F", bound=Callable[..., Any])


def _say(message: str) -> None:
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
_CHARTS = "Chart options"
ValuesOpt = Annotated[
    list[str] | None,
    typer.Option(
        "-f",
        "--values",
        metavar="FILE",
        help="Chart values file (repeatable; later files win).",
        rich_help_panel=_CHARTS,
    ),
]
SetOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--set", metavar="K=V", help="Set chart values: a.b=1,c={x,y}.", rich_help_panel=_CHARTS
    ),
]
SetStringOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--set-string", metavar="K=V", help="Set chart values as strings.", rich_help_panel=_CHARTS
    ),
]
SetFileOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--set-file",
        metavar="K=PATH",
        help="Set a chart value to a file's content.",
        rich_help_panel=_CHARTS,
    ),
]
SetJsonOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--set-json", metavar="K=JSON", help="Set chart values as JSON.", rich_help_panel=_CHARTS
    ),
]
SetLiteralOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--set-literal",
        metavar="K=V",
        help="Set a chart value to V, literally.",
        rich_help_panel=_CHARTS,
    ),
]
ReleaseOpt = Annotated[
    str, typer.Option("--name", help="Release name (Release.Name).", rich_help_panel=_CHARTS)
]
StrictUndefinedOpt = Annotated[
    bool,
    typer.Option(
        "--strict-undefined",
        help="A missing chart value used in a template is an error.",
        rich_help_panel=_CHARTS,
    ),
]


@app.command()
@guarded
def lint(
    paths: Paths,
    formats: FormatsOpt = None,
    outputs: OutputsOpt = None,
    ci: Annotated[
        bool,
        typer.Option(
            "--ci",
            help="Pull-request preset: --fail-on warning (unless set), no colours, "
            "--fail-if-no-objects, github format on GitHub Actions, a summary on stderr.",
        ),
    ] = False,
    fail_if_no_objects: Annotated[
        bool,
        typer.Option(
            "--fail-if-no-objects", help="Exit 1 when the inputs hold no Kubernetes object."
        ),
    ] = False,
    config_file: ConfigOpt = None,
    kubernetes_version: VersionOpt = None,
    fail_on: FailOnOpt = None,
    namespace: NamespaceOpt = "default",
    strict: StrictOpt = None,
    strict_kinds: StrictKindsOpt = False,
    crd: CrdOpt = None,
    values: ValuesOpt = None,
    set_: SetOpt = None,
    set_string: SetStringOpt = None,
    set_file: SetFileOpt = None,
    set_json: SetJsonOpt = None,
    set_literal: SetLiteralOpt = None,
    release: ReleaseOpt = "release-name",
    strict_undefined: StrictUndefinedOpt = False,
    values_matrix: Annotated[
        str | None,
        typer.Option(
            "--values-matrix",
            metavar="DIR",
            help="Lint charts once per values file in DIR; name the sets behind each finding.",
            rich_help_panel=_CHARTS,
        ),
    ] = None,
    explain_storage: Annotated[
        bool,
        typer.Option(
            "--explain-storage",
            help="Print on stderr which PersistentVolume or StorageClass each claim gets.",
        ),
    ] = False,
    baseline: Annotated[
        str | None,
        typer.Option(
            "--baseline",
            metavar="FILE",
            help="Report only findings this baseline does not record (or `baseline:` in config).",
        ),
    ] = None,
    write_baseline: Annotated[
        str | None,
        typer.Option(
            "--write-baseline", metavar="FILE", help="Record this run's findings in a baseline."
        ),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            metavar="N",
            help="Worker processes that parse and check files (default: one per core, or `jobs:`).",
            show_default=False,
        ),
    ] = None,
    no_progress: Annotated[
        bool, typer.Option("--no-progress", help="No progress bar on stderr (a terminal).")
    ] = False,
    schedule: Annotated[
        bool,
        typer.Option(
            "--schedule",
            help="Place the pods on a cluster (rule unschedulable): the built-in default "
            "unless --cluster or --nodes names one.",
        ),
    ] = False,
    cluster_file: ClusterOpt = None,
    node_specs: NodesOpt = None,
    changed_since: ChangedSinceOpt = None,
    changed_files: ChangedFilesOpt = None,
    non_objects: Annotated[
        Literal["skip", "error"] | None,
        typer.Option(
            "--non-objects",
            help="YAML documents with neither apiVersion nor kind (config files, package.json): "
            "skip them, counted in the summary, or check them as objects "
            "[default: skip, or `non-objects:` in the configuration].",
            show_default=False,
        ),
    ] = None,
) -> int:
    """Check manifests and charts; exit 1 when a finding reaches --fail-on."""
    return lintcommand.lint(**locals())  # every parameter, as given


@app.command()
@guarded
def template(
    chart: Annotated[str, typer.Argument(help="A chart folder (with Chart.yaml) or .tgz.")],
    values: ValuesOpt = None,
    set_: SetOpt = None,
    set_string: SetStringOpt = None,
    set_file: SetFileOpt = None,
    set_json: SetJsonOpt = None,
    set_literal: SetLiteralOpt = None,
    release: ReleaseOpt = "release-name",
    namespace: Annotated[
        str, typer.Option("-n", "--namespace", help="Release.Namespace.")
    ] = "default",
    output_dir: Annotated[
        str | None, typer.Option("--output-dir", help="Write one file per template there.")
    ] = None,
    show_only: Annotated[
        list[str] | None,
        typer.Option(
            "--show-only", "-s", help="Only this template (templates/x.yaml; repeatable)."
        ),
    ] = None,
    kube_version: Annotated[
        str | None,
        typer.Option("--kube-version", help="Capabilities.KubeVersion (default: newest bundled)."),
    ] = None,
    api_versions: Annotated[
        list[str] | None,
        typer.Option("--api-versions", "-a", help="Add to Capabilities.APIVersions (repeatable)."),
    ] = None,
    include_crds: Annotated[
        bool, typer.Option("--include-crds", help="Print the crds/ folder's files first.")
    ] = False,
    notes: Annotated[bool, typer.Option("--notes", help="Print the rendered NOTES.txt.")] = False,
    strict: Annotated[
        bool,
        typer.Option("--strict", "--strict-undefined", help="A missing value used is an error."),
    ] = False,
    no_hooks: Annotated[
        bool, typer.Option("--no-hooks", help="Leave out hooks (helm.sh/hook documents).")
    ] = False,
    skip_tests: Annotated[
        bool, typer.Option("--skip-tests", help="Leave out test hooks (helm.sh/hook: test).")
    ] = False,
    config_file: ConfigOpt = None,
) -> int:
    """Render a chart like `helm template`; exit 1 when it does not render."""
    from kubelint.chart.command import TemplateRequest, write_output_dir
    from kubelint.chart.command import template as render_template

    options = chart_options(
        values,
        set_,
        set_string,
        set_file,
        set_json,
        set_literal,
        release=release,
        namespace=namespace,
        kube_version=kube_version,
        api_versions=tuple(api_versions or ()),
        strict=strict,
        limits=load_config(config_file).limits,
    )
    request = TemplateRequest(
        chart, options, tuple(show_only or ()), include_crds, notes, no_hooks, skip_tests
    )
    text, by_file = render_template(request)
    if output_dir is None:
        sys.stdout.write(text)
    else:
        for path in write_output_dir(output_dir, by_file):
            _say(f"wrote {path}")
    return EXIT_OK


@app.command()
@guarded
def build(
    directory: Annotated[str, typer.Argument(help="A folder with a kustomization.yaml.")],
    reorder: Annotated[
        str,
        typer.Option(
            "--reorder",
            help="Output order: legacy (kustomize build's default) or none (as read).",
        ),
    ] = "legacy",
    load_restrictor: Annotated[
        str,
        typer.Option(
            "--load-restrictor",
            help="LoadRestrictionsRootOnly (default): files in or below their Kustomization's"
            " folder; LoadRestrictionsNone: anywhere below the working folder.",
        ),
    ] = "LoadRestrictionsRootOnly",
    config_file: ConfigOpt = None,
) -> int:
    """Build a Kustomization like `kustomize build`; exit 1 when it does not build."""
    from kubelint.kustomize.command import build_text

    if reorder not in ("legacy", "none"):
        raise UsageError(f"--reorder: {reorder!r} is not one of legacy, none")
    restrictors = ("LoadRestrictionsRootOnly", "LoadRestrictionsNone")
    if load_restrictor not in restrictors:
        raise UsageError(
            f"--load-restrictor: {load_restrictor!r} is not one of {', '.join(restrictors)}"
        )
    root_only = load_restrictor == restrictors[0]
    sys.stdout.write(build_text(directory, reorder, root_only, load_config(config_file).limits))
    return EXIT_OK


@app.command()
@guarded
def convert(
    chart: Annotated[str, typer.Argument(help="A Go-template chart folder (with Chart.yaml).")],
    out: Annotated[str, typer.Argument(help="The new chart's folder (new, or empty).")],
    values: ValuesOpt = None,
    release: ReleaseOpt = "release-name",
    namespace: Annotated[
        str, typer.Option("-n", "--namespace", help="Release.Namespace.")
    ] = "default",
    config_file: ConfigOpt = None,
) -> int:
    """Convert a Go-template chart to the Jinja2 dialect; exit 1 when it renders differently."""
    from kubelint.chart.convert.command import run

    options = chart_options(
        values, None, None, None, None, None,
        release=release, namespace=namespace, limits=load_config(config_file).limits,
    )  # fmt: skip
    lines, code = run(chart, out, options)
    for message in lines:
        _say(message)
    return code


@app.command()
@guarded
def create(
    name: Annotated[str, typer.Argument(help="The new chart's folder; its name is the chart's.")],
    dialect: Annotated[
        str,
        typer.Option(
            "--dialect", help="The templates' language: jinja2 (kubelint's) or go (Helm's)."
        ),
    ] = "jinja2",
) -> int:
    """Create a chart like `helm create`, whose output passes `kubelint lint`."""
    from kubelint.chart.scaffold import create as create_chart

    for path in create_chart(name, dialect):
        _say(f"wrote {path}")
    return EXIT_OK


@app.command()
@guarded
def package(
    charts: Annotated[list[str], typer.Argument(help="Chart folders.")],
    destination: Annotated[
        str, typer.Option("-d", "--destination", help="Where to write the archives.")
    ] = ".",
) -> int:
    """Write each chart as `<name>-<version>.tgz`, like `helm package`."""
    from kubelint.chart.package import package as package_chart

    for chart in charts:
        path = package_chart(chart, destination)
        _say(f"Successfully packaged chart and saved it to: {path}")
    return EXIT_OK


repo_app = typer.Typer(help="Chart repositories.", no_args_is_help=True, cls=HelpGroup)
app.add_typer(repo_app, name="repo")


@repo_app.command("index")
@guarded
def repo_index(
    directory: Annotated[str, typer.Argument(help="A folder of chart archives.")],
    url: Annotated[
        str | None, typer.Option("--url", help="The repository's URL, prefixed to each archive.")
    ] = None,
) -> int:
    """Write DIR/index.yaml for the chart archives in DIR, like `helm repo index`."""
    from kubelint.chart.package import index

    _say(f"wrote {index(directory, url)}")
    return EXIT_OK


@app.command()
@guarded
def schedule(
    paths: Paths,
    cluster_file: ClusterOpt = None,
    node_specs: NodesOpt = None,
    formats: FormatsOpt = None,
    outputs: OutputsOpt = None,
    config_file: ConfigOpt = None,
    kubernetes_version: VersionOpt = None,
    namespace: NamespaceOpt = "default",
    at_max: Annotated[
        bool, typer.Option("--at-max", help="Scale HPA targets to maxReplicas, not minReplicas.")
    ] = False,
    strategy: Annotated[
        Literal["least-allocated", "most-allocated"],
        typer.Option("--strategy", help="NodeResourcesFit scoring (most-allocated bin-packs)."),
    ] = "least-allocated",
    explain_pod: Annotated[
        str | None,
        typer.Option("--explain", metavar="POD", help="Every node's filters and scores for a pod."),
    ] = None,
    drain_nodes: Annotated[
        list[str] | None,
        typer.Option("--drain", metavar="NODE", help="Drain a node (repeatable)."),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="With --drain: delete pods no controller manages.")
    ] = False,
    capacity_of: Annotated[
        str | None,
        typer.Option("--capacity", metavar="WORKLOAD", help="How many more replicas fit."),
    ] = None,
    values: ValuesOpt = None,
    set_: SetOpt = None,
    set_string: SetStringOpt = None,
    set_file: SetFileOpt = None,
    set_json: SetJsonOpt = None,
    set_literal: SetLiteralOpt = None,
    release: ReleaseOpt = "release-name",
    changed_since: ChangedSinceOpt = None,
    changed_files: ChangedFilesOpt = None,
) -> int:
    """Dry-run placement of the workloads onto a cluster; exit 1 when a pod stays Pending."""
    given = dict(locals())  # every parameter, as given
    from kubelint import schedulecommand  # numpy loads only for this command

    return schedulecommand.schedule(**given)


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
    from rich.table import Table  # only here: 30 ms of every start-up otherwise

    table = Table("rule", "severity", "summary", box=None, header_style="bold")
    for r in REGISTRY.values():
        table.add_row(r.id, r.severity.label, r.summary)
    make_console(soft_wrap=True).print(table)
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
    console = make_console()
    if console.is_terminal:
        from rich.markdown import Markdown  # costs 30 ms to import: only here

        console.print(Markdown(text))
    else:
        sys.stdout.write(text)
    return EXIT_OK


@app.command("explain-field")
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


def _version_line() -> str:
    versions = supported_versions()
    return f"kubelint {__version__} (Kubernetes API {versions[0]} to {versions[-1]})\n"


@app.command()
@guarded
def version() -> int:
    """Print kubelint's version and the Kubernetes versions it knows."""
    sys.stdout.write(_version_line())
    return EXIT_OK


def _eager_version(value: bool) -> None:
    if value:
        sys.stdout.write(_version_line())
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
