"""The commands' common ending, and `lint` itself, without Typer: `kubelint.clichecks` declares the
options, `kubelint.entry` parses the common ones itself (Typer and its help cost a quarter of the
start-up of a small lint); both come here.

`exit_code` maps what a command does to its exit code in one place: its return value, 2 for the
user's mistakes, 3 (one line; the traceback with KUBELINT_DEBUG=1) for kubelint's own bugs.
"""

from __future__ import annotations

import functools
import gc
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from kubelint import lintrun
from kubelint.baseline import Gate
from kubelint.changes import Scope
from kubelint.chart.options import ChartOptions, ValueOptions
from kubelint.config import load_config
from kubelint.engine import Prepare
from kubelint.errors import (
    EXIT_FINDINGS,
    EXIT_INTERNAL,
    EXIT_OK,
    EXIT_USAGE,
    KubelintError,
    UsageError,
)
from kubelint.findings import Severity
from kubelint.k8s.versions import resolve_version
from kubelint.limits import Limits
from kubelint.lintrun import LintRequest
from kubelint.parallel import worker_count
from kubelint.printable import line
from kubelint.progress import progress
from kubelint.report import FORMATS, Reporter, printed, text
from kubelint.report.outputs import Output, plan
from kubelint.report.outputs import write as write_reports
from kubelint.report.summary import ci_line, plural
from kubelint.rules.base import Settings
from kubelint.schema.crd import read_crds

if TYPE_CHECKING:
    from kubelint.schedule.cluster import Cluster

# What the last run of lint or schedule made, held until the next: `kubelint.entry` ends the
# process without freeing it object by object (30-40 ms after a lint of 5,000 documents).
last_run: list[object] = []


def error(message: str) -> None:
    """One line on stderr: capped, and nothing in it from an input that forges another."""
    sys.stderr.write(line(message.rstrip()) + "\n")


def exit_code(
    command: Callable[..., int | None],
    arguments: dict[str, Any],
    passing: tuple[type[BaseException], ...] = (),
) -> int:
    """The exit code of `command(**arguments)`; what it raises of `passing` goes through."""
    try:
        code = command(**arguments)
    except passing:
        raise
    except KubelintError as exc:
        error(f"kubelint: error: {exc}")
        return exc.exit_code
    except MemoryError:  # an input too large for this machine (a render says where)
        error(
            f"kubelint: error: out of memory running `kubelint {command.__name__}` on"
            f" {_inputs_named(arguments)}: an input is too large for this machine"
        )
        return EXIT_USAGE
    except BrokenPipeError:  # the reader went away (`| head`): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_FINDINGS
    except Exception as exc:
        if os.environ.get("KUBELINT_DEBUG"):
            import traceback  # (with textwrap, 1 ms of every start-up)

            traceback.print_exc()
        error(
            f"kubelint: internal error: {type(exc).__name__}: {exc} "
            "(this is a bug in kubelint; KUBELINT_DEBUG=1 shows the traceback)"
        )
        return EXIT_INTERNAL
    return code or EXIT_OK


def _inputs_named(arguments: dict[str, Any]) -> str:
    """The inputs of a command's arguments, for a message: its paths (or chart)."""
    paths = arguments.get("paths") or [arguments.get("chart") or "its inputs"]
    shown = " ".join(str(p) for p in paths[:3])
    return shown + (f" (and {len(paths) - 3} more)" if len(paths) > 3 else "")


def chart_options(
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


def lint(
    paths: list[str],
    formats: list[str] | None = None,
    outputs: list[str] | None = None,
    ci: bool = False,
    fail_if_no_objects: bool = False,
    config_file: str | None = None,
    kubernetes_version: str | None = None,
    fail_on: str | None = None,
    namespace: str = "default",
    strict: bool | None = None,
    strict_kinds: bool = False,
    crd: list[str] | None = None,
    values: list[str] | None = None,
    set_: list[str] | None = None,
    set_string: list[str] | None = None,
    set_file: list[str] | None = None,
    set_json: list[str] | None = None,
    set_literal: list[str] | None = None,
    release: str = "release-name",
    strict_undefined: bool = False,
    values_matrix: str | None = None,
    explain_storage: bool = False,
    baseline: str | None = None,
    write_baseline: str | None = None,
    jobs: int | None = None,
    no_progress: bool = False,
    schedule: bool = False,
    cluster_file: str | None = None,
    node_specs: list[str] | None = None,
    changed_since: str | None = None,
    changed_files: Scope | None = None,
    non_objects: Literal["skip", "error"] | None = None,
) -> int:
    """`kubelint lint`, its options as `kubelint.clichecks` declares them."""
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
        config = config._replace(non_objects=non_objects)
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
    charts = chart_options(
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
        _prepare(planned),
    )
    with progress(not (no_progress or ci), sys.stderr) as shown:
        outcome = lintrun.run(request, shown)
    last_run[:] = [outcome, request]  # (the request holds the compiled schemas)
    for note in outcome.notes:
        error(note)
    result = outcome.result
    reporters: dict[str, Reporter] = dict(FORMATS)
    if ci:
        reporters["text"] = printed(functools.partial(text.report, plain=True))
    # What the run made lives until the reports are written: frozen, it is spared the full
    # collection the reports' many small objects would otherwise set off over all of it.
    gc.freeze()
    try:
        write_reports(planned, lambda name, out: reporters[name](result, out), sys.stdout)
    finally:
        gc.unfreeze()
    if explain_storage:
        options = config.rules["pvc-bindable"].options
        for text_line in lintrun.explain_storage(
            outcome, options["cluster-storage-classes"], options["cluster-default-storage-class"]
        ):
            error(text_line)
    preset = Severity.WARNING if ci else Severity.ERROR
    threshold = Severity.parse(fail_on) if fail_on else (config.fail_on or preset)
    failed = result.fails(threshold)
    if (fail_if_no_objects or ci) and not result.objects and not outcome.nothing_changed:
        error(
            f"kubelint: no Kubernetes object found in {plural(result.files, 'input')}: "
            "nothing was checked (--fail-if-no-objects)"
        )
        failed = True
    if ci:
        error(ci_line(result, threshold, failed))
    return EXIT_FINDINGS if failed else EXIT_OK


def _prepare(planned: Sequence[Output]) -> Prepare | None:
    """What the reports asked for make of a finding ahead of time: its text in the JSON report,
    most of the work left once the workers are done."""
    if not any(output.format == "json" for output in planned):
        return None
    from kubelint.report.jsonfmt import finding_text

    return finding_text


def lint_cluster(
    options: Mapping[str, Any],
    schedule: bool,
    cluster_file: str | None,
    node_specs: Sequence[str],
    namespace: str,
    base: Path,
    limits: Limits,
) -> Cluster | None:
    """The cluster `lint` places pods on (rule `unschedulable`), or None when nobody asked:
    `--cluster FILE` or `--nodes SPEC` (each implies `--schedule`), else the rule's option
    `cluster` (a file relative to the configuration's folder), else the built-in default when
    `--schedule` or the rule's option `schedule: true` asks for a simulation."""
    if cluster_file is None and not node_specs:
        configured = options.get("cluster")
        if configured is not None:
            cluster_file = os.path.relpath(base / configured)
        elif not (schedule or options.get("schedule")):
            return None
    from kubelint.schedule.cluster import load_cluster_choice  # what lint seldom needs

    return load_cluster_choice(cluster_file, node_specs, namespace, limits)
