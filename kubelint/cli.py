"""The command line: parse options, call one function, report, exit. Nothing else lives here."""

from __future__ import annotations

import dataclasses
import functools
import json
import os
import sys
import traceback
from collections.abc import Callable
from typing import Annotated, Any, Literal, TypeVar

import typer

from kubelint import __version__, lintrun
from kubelint.baseline import Gate
from kubelint.changes import Scope, nothing_to_check, select
from kubelint.chart.options import ChartOptions, ValueOptions
from kubelint.clihelp import HelpGroup
from kubelint.config import load_config
from kubelint.console import console as make_console
from kubelint.errors import (
    EXIT_FINDINGS,
    EXIT_INTERNAL,
    EXIT_OK,
    EXIT_USAGE,
    KubelintError,
    UsageError,
)
from kubelint.findings import Severity
from kubelint.k8s.versions import resolve_version, supported_versions
from kubelint.lintrun import LintRequest
from kubelint.parallel import worker_count
from kubelint.printable import escape, line
from kubelint.progress import progress
from kubelint.report import FORMATS, Reporter, printed, text
from kubelint.report.outputs import plan
from kubelint.report.outputs import write as write_reports
from kubelint.report.summary import ci_line, plural
from kubelint.rules import REGISTRY, suggest
from kubelint.rules.base import Settings
from kubelint.schedule.cluster import lint_cluster
from kubelint.schema.crd import read_crds
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


def _error(message: str) -> None:
    """One line on stderr: capped, and nothing in it from an input that forges another."""
    sys.stderr.write(line(message.rstrip()) + "\n")


def _say(message: str) -> None:
    """One line on stdout, with what came from an input (a path) escaped."""
    sys.stdout.write(escape(message) + "\n")


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
        except MemoryError:  # an input too large for this machine (a render says where)
            _error(
                f"kubelint: error: out of memory running `kubelint {func.__name__}` on"
                f" {_inputs_named(kwargs)}: an input is too large for this machine"
            )
            raise typer.Exit(EXIT_USAGE) from None
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


def _inputs_named(arguments: dict[str, Any]) -> str:
    """The inputs of a command's arguments, for a message: its paths (or chart)."""
    paths = arguments.get("paths") or [arguments.get("chart") or "its inputs"]
    shown = " ".join(str(p) for p in paths[:3])
    return shown + (f" (and {len(paths) - 3} more)" if len(paths) > 3 else "")


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


def _chart_options(
    values: list[str] | None,
    set_: list[str] | None,
    set_string: list[str] | None,
    set_file: list[str] | None,
    set_json: list[str] | None,
    set_literal: list[str] | None,
    **given: Any,
) -> ChartOptions:
    return ChartOptions(
        values=ValueOptions(
            files=tuple(values or ()),
            set_json=tuple(set_json or ()),
            set=tuple(set_ or ()),
            set_string=tuple(set_string or ()),
            set_file=tuple(set_file or ()),
            set_literal=tuple(set_literal or ()),
        ),
        **given,
    )


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
    on_github = ci and os.environ.get("GITHUB_ACTIONS") == "true"
    planned = plan(formats or [], outputs or [], "github" if on_github else "text", FORMATS)
    if write_baseline and (changed_since or changed_files):  # it would forget the rest
        raise UsageError(
            "--write-baseline records the findings of the whole input: it cannot be combined "
            "with --changed-since or --changed-files"
        )
    config = load_config(config_file)
    gate = Gate.open(baseline or config.baseline, write_baseline)
    workers = worker_count(jobs, config.jobs, config.limits)
    if strict_kinds:
        config = config.with_severity("unknown-kind", Severity.ERROR)
    if non_objects is not None:
        config = dataclasses.replace(config, non_objects=non_objects)
    settings = Settings(
        resolve_version(kubernetes_version or config.kubernetes_version),
        namespace,
        strict=config.strict if strict is None else strict,
        crds=read_crds(crd or []),
        cluster=lint_cluster(
            config.rules["unschedulable"].options,
            schedule,
            cluster_file,
            node_specs or [],
            namespace,
            config.base,
            config.limits,
        ),
        limits=config.limits,
    )
    charts = _chart_options(
        values,
        set_,
        set_string,
        set_file,
        set_json,
        set_literal,
        release=release,
        namespace=namespace,
        kube_version=settings.kubernetes_version,
        strict=strict_undefined,
        limits=config.limits,
    )
    request = LintRequest(
        paths,
        config,
        settings,
        charts,
        workers,
        changed_since,
        changed_files,
        values_matrix,
        gate,
    )
    with progress(not (no_progress or ci), sys.stderr) as shown:
        outcome = lintrun.run(request, shown)
    for note in outcome.notes:
        _error(note)
    result = outcome.result
    reporters: dict[str, Reporter] = dict(FORMATS)
    if ci:
        reporters["text"] = printed(functools.partial(text.report, plain=True))
    write_reports(planned, lambda name, out: reporters[name](result, out), sys.stdout)
    if explain_storage:
        options = config.rules["pvc-bindable"].options
        for text_line in lintrun.explain_storage(
            outcome, options["cluster-storage-classes"], options["cluster-default-storage-class"]
        ):
            _error(text_line)
    preset = Severity.WARNING if ci else Severity.ERROR
    threshold = Severity.parse(fail_on) if fail_on else (config.fail_on or preset)
    failed = result.fails(threshold)
    if (fail_if_no_objects or ci) and not result.objects and not outcome.nothing_changed:
        _error(
            f"kubelint: no Kubernetes object found in {plural(result.files, 'input')}: "
            "nothing was checked (--fail-if-no-objects)"
        )
        failed = True
    if ci:
        _error(ci_line(result, threshold, failed))
    return EXIT_FINDINGS if failed else EXIT_OK


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

    options = _chart_options(
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
    """Write a Go-template chart in kubelint's Jinja2 dialect, then prove it renders the same
    (default values, each ci/*.yaml, each -f); exit 1 when anything differs."""
    from kubelint.chart.convert.command import run

    options = _chart_options(
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
    from kubelint.schedule import report, run  # numpy loads only for this command
    from kubelint.schedule.cluster import load_cluster_choice

    planned = plan(formats or [], outputs or [], "text", FORMATS)
    config = load_config(config_file)
    cluster = load_cluster_choice(cluster_file, node_specs or [], namespace, config.limits)
    charts = _chart_options(
        values,
        set_,
        set_string,
        set_file,
        set_json,
        set_literal,
        release=release,
        namespace=namespace,
        kube_version=resolve_version(kubernetes_version or config.kubernetes_version),
        limits=config.limits,
    )
    inputs = select(paths, config.excludes, changed_since, changed_files)
    if not inputs and (changed_since or changed_files):
        _error(f"kubelint: {nothing_to_check(changed_since, changed_files)}")
    resources, skipped = run.read_resources(inputs, namespace, charts)
    for reason in skipped:  # reported, and the rest placed, as `lint` goes on
        _error(f"kubelint: error: {reason} (skipped)")
    result = run.simulate(
        resources, cluster, namespace, at_max, strategy, explain_pod, config.limits
    )
    run.what_if(result, resources, namespace, drain_nodes or [], force, capacity_of)
    render = report.renderer(result, resources, len(inputs), config)
    write_reports(planned, render, sys.stdout)
    return EXIT_FINDINGS if result.failed or skipped else EXIT_OK


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
