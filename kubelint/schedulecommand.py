"""`kubelint schedule` without Typer: `kubelint.clichecks` declares its options, `kubelint.entry`
parses the common ones itself (Typer, and building every command's options, cost a fifth of a
CPU second of each run); both come here."""

from __future__ import annotations

import gc
import sys
from typing import Literal

from kubelint.changes import Scope, nothing_to_check, select
from kubelint.config import load_config
from kubelint.errors import EXIT_FINDINGS, EXIT_OK
from kubelint.k8s.versions import resolve_version
from kubelint.lintcommand import chart_options, error, last_run
from kubelint.report import FORMATS
from kubelint.report.outputs import plan
from kubelint.report.outputs import write as write_reports
from kubelint.schedule.cluster import begin_cluster


def schedule(
    paths: list[str],
    cluster_file: str | None = None,
    node_specs: list[str] | None = None,
    formats: list[str] | None = None,
    outputs: list[str] | None = None,
    config_file: str | None = None,
    kubernetes_version: str | None = None,
    namespace: str = "default",
    at_max: bool = False,
    strategy: Literal["least-allocated", "most-allocated"] = "least-allocated",
    explain_pod: str | None = None,
    drain_nodes: list[str] | None = None,
    force: bool = False,
    capacity_of: str | None = None,
    values: list[str] | None = None,
    set_: list[str] | None = None,
    set_string: list[str] | None = None,
    set_file: list[str] | None = None,
    set_json: list[str] | None = None,
    set_literal: list[str] | None = None,
    release: str = "release-name",
    changed_since: str | None = None,
    changed_files: Scope | None = None,
) -> int:
    """`kubelint schedule`, its options as `kubelint.clichecks` declares them."""
    planned = plan(formats or [], outputs or [], "text", FORMATS)
    config = load_config(config_file)
    # A large YAML cluster file is parsed by forked workers while this process loads the
    # placement's modules and reads the workloads.
    cluster_of = begin_cluster(cluster_file, node_specs or [], namespace, config.limits)
    try:
        from kubelint.schedule import report, run  # numpy loads meanwhile

        charts = chart_options(
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
        resources, skipped = run.read_resources(inputs, namespace, charts)
    except Exception:
        cluster_of()  # a mistake in the cluster file is the one reported, as it is read first
        raise
    cluster = cluster_of()
    if not inputs and (changed_since or changed_files):
        error(f"kubelint: {nothing_to_check(changed_since, changed_files)}")
    for reason in skipped:  # reported, and the rest placed, as `lint` goes on
        error(f"kubelint: error: {reason} (skipped)")
    # What was read lives until the end: frozen, it is spared the full collections that the
    # placement's many small objects set off (a tenth of placing 10,000 pods on 5,000 nodes).
    gc.freeze()
    try:
        result = run.simulate(
            resources,
            cluster,
            namespace,
            at_max,
            strategy,
            explain_pod,
            config.limits,
            charts.kube_version,
        )
        run.what_if(result, resources, namespace, drain_nodes or [], force, capacity_of)
        render = report.renderer(result, resources, len(inputs), config)
        write_reports(planned, render, sys.stdout)
    finally:
        gc.unfreeze()
    last_run[:] = [result, resources, cluster]  # freed with the process (kubelint.entry)
    return EXIT_FINDINGS if result.failed or skipped else EXIT_OK
