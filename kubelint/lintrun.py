"""One `kubelint lint` run behind one call: which inputs (the paths, or what changed), the
context the changed ones are checked in, the values matrix, and the baseline's screen.

The CLI maps its flags onto a `LintRequest` and reports the `LintOutcome`; units (which objects
see each other) are the engine's business (kubelint.units).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from kubelint.baseline import Gate
from kubelint.changes import Scope, nothing_to_check, select
from kubelint.chart.options import ChartOptions
from kubelint.config import Config
from kubelint.engine import Prepare, Result, lint, within
from kubelint.objects import Resource
from kubelint.progress import Progress
from kubelint.rules.base import Settings


class LintRequest(NamedTuple):
    """A lint as the command line asks for it."""

    paths: Sequence[str]
    config: Config
    settings: Settings
    charts: ChartOptions
    jobs: int
    changed_since: str | None = None
    changed_files: Scope | None = None
    values_matrix: str | None = None  # a folder of values files: lint charts once per file
    gate: Gate | None = None  # the baseline whose findings are not reported
    prepare: Prepare | None = None  # what the report makes of each finding (engine.lint)


class LintOutcome(NamedTuple):
    """What a lint gives its command: the result, each unit's objects, and notes for stderr."""

    result: Result  # what is reported: about the inputs that changed, when only some did
    units: list[list[Resource]]  # the objects of each unit (kubelint.units), context included
    notes: list[str]  # lines for stderr
    nothing_changed: bool = False  # --changed-since/--changed-files found nothing to check


def run(request: LintRequest, progress: Progress) -> LintOutcome:
    config, changed_since, changed_files = (
        request.config,
        request.changed_since,
        request.changed_files,
    )
    inputs = select(request.paths, config.excludes, changed_since, changed_files)
    notes = []
    nothing_changed = not inputs and bool(changed_since or changed_files)
    if nothing_changed:
        notes.append(f"kubelint: {nothing_to_check(changed_since, changed_files)}")
    # With --changed-since, the rules across objects see every input under the PATHs (a changed
    # Service is checked against the Deployment that did not change); what changed is reported.
    # What changed comes last, as it is applied onto what is there: of two objects of one name,
    # or two claims of one volume, the changed one is the one in the way.
    checked = inputs
    if changed_since and inputs:
        changed = set(inputs)
        context = select(request.paths, config.excludes, None, changed_files)
        checked = [item for item in context if item not in changed] + inputs
    if request.values_matrix is None:
        result = lint(
            checked,
            config,
            request.settings,
            request.charts,
            request.jobs,
            progress,
            request.prepare,
        )
    else:
        from kubelint.chart.matrix import lint_matrix, values_sets

        sets = values_sets(request.values_matrix)
        result = lint_matrix(
            lambda o: lint(checked, config, request.settings, o, request.jobs, progress),
            request.charts,
            sets,
        )
    units = result.units
    if checked is not inputs:
        result = within(result, inputs)
    if request.gate is not None:
        result.findings, note = request.gate.screen(result.findings)
        notes.append(note)
    return LintOutcome(result, units, notes, nothing_changed)


def explain_storage(
    outcome: LintOutcome, cluster_classes: Sequence[str], cluster_default: str
) -> list[str]:
    """Which volume or class each claim gets, unit by unit (as `pvc-bindable` plans it), as
    lines of text."""
    from kubelint.k8s.binding import NO_CLAIM, storage_report  # (what `lint` seldom needs)

    claiming = [
        unit
        for unit in outcome.units
        if any(o.kind in ("PersistentVolumeClaim", "StatefulSet") for o in unit)
    ]
    reports = [storage_report(unit, cluster_classes, cluster_default) for unit in claiming]
    lines = [line for report in reports if report != [NO_CLAIM] for line in report]
    return lines or [NO_CLAIM]
