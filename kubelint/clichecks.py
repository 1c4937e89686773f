"""The checking commands, `lint` and `schedule`, as Typer declares them: their arguments,
options and help. Each hands its parameters, as given, to the function that runs it
(`lintcommand.lint`, `schedulecommand.schedule`), which `kubelint.entry` also calls directly
for the everyday command lines: the two declarations here and its tables must agree
(tests/cli/test_entry.py)."""

from __future__ import annotations

from typing import Annotated, Literal

import typer

from kubelint import lintcommand
from kubelint.clihelp import CHARTS
from kubelint.clishared import (
    ChangedFilesOpt,
    ChangedSinceOpt,
    ClusterOpt,
    ConfigOpt,
    CrdOpt,
    FailOnOpt,
    FormatsOpt,
    NamespaceOpt,
    NodesOpt,
    OutputsOpt,
    Paths,
    ReleaseOpt,
    SetFileOpt,
    SetJsonOpt,
    SetLiteralOpt,
    SetOpt,
    SetStringOpt,
    StrictKindsOpt,
    StrictOpt,
    StrictUndefinedOpt,
    ValuesOpt,
    VersionOpt,
    guarded,
)


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
            rich_help_panel=CHARTS,
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
