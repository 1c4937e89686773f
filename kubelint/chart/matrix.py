"""`kubelint lint --values-matrix DIR`: lint once per values file of DIR, and say which values
sets produce each finding (kube-linter users have asked for this since 2020)."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path

from kubelint import fingerprint
from kubelint.chart.options import ChartOptions
from kubelint.engine import Result
from kubelint.errors import InputError
from kubelint.findings import Finding
from kubelint.inputs import refuse_link_out
from kubelint.objects import Resource

Lint = Callable[[ChartOptions], Result]


def values_sets(directory: str) -> list[Path]:
    folder = Path(directory)
    if not folder.is_dir():
        raise InputError(f"{directory}: not a folder of values files")
    found = sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))
    for path in found:
        refuse_link_out(path.as_posix(), os.path.realpath(folder))
    found = [p for p in found if p.is_file()]
    if not found:
        raise InputError(f"{directory}: holds no *.yaml or *.yml values file")
    return found


def lint_matrix(lint: Lint, options: ChartOptions, sets: Sequence[Path]) -> Result:
    """Every finding of any values set; one found with only some sets names them."""
    seen: dict[Finding, list[str]] = {}
    files = documents = skipped = 0
    objects: list[Resource] = []  # the largest set any values set produced
    units: list[list[Resource]] = []  # the units of that set
    for path in sets:
        values = options.values._replace(files=(*options.values.files, str(path)))
        result = lint(options._replace(values=values))
        files, documents = max(files, result.files), max(documents, result.documents)
        skipped = max(skipped, result.skipped)
        if len(result.objects) > len(objects) or not objects:
            objects, units = result.objects, result.units
        for finding in result.findings:
            seen.setdefault(finding, []).append(path.name)
    findings = [
        finding
        if len(names) == len(sets)
        else finding._replace(
            message=f"{finding.message} [values: {', '.join(names)}]",
            fingerprint=fingerprint.of(finding),  # the identity of the finding as found
        )
        for finding, names in seen.items()
    ]
    return Result(
        sorted(findings, key=Finding.sort_key),
        files=files,
        documents=documents,
        objects=objects,
        skipped=skipped,
        units=units,
    )
