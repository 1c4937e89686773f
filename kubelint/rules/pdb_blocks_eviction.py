"""## What it does
Reports a PodDisruptionBudget that allows no voluntary eviction at all: `maxUnavailable: 0` (or
`"0%"`), `minAvailable: "100%"`, or a `minAvailable` at least the number of pods of the
workloads it selects (their `replicas`, or their autoscaler's `minReplicas`).

## Why is this bad?
`kubectl drain`, node upgrades and the cluster autoscaler wait for an eviction that is never
allowed: node maintenance hangs until someone deletes the budget by hand.

## Example
```yaml
kind: PodDisruptionBudget
spec:
  minAvailable: 2          # the Deployment it selects has replicas: 2
  selector: {matchLabels: {app: web}}
```

## Use instead
```yaml
kind: PodDisruptionBudget
spec:
  maxUnavailable: 1
  selector: {matchLabels: {app: web}}
```
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping

from kubelint.findings import Severity
from kubelint.k8s.data import integer, mapping, percent
from kubelint.k8s.selectors import SelectorError
from kubelint.objects import Resource
from kubelint.rules.base import Context, Problem, Rule


def _pods(obj: Resource, ctx: Context) -> int | None:
    """How many pods the budget covers, or None when unknown."""
    selector = mapping(obj.data.get("spec")).get("selector")
    if not isinstance(selector, Mapping):
        return None
    try:
        workloads = ctx.index.selected(obj.ref.namespace, selector)
    except SelectorError:
        return None
    counts = [ctx.index.least_replicas(w) for w in workloads]
    if not counts or any(c is None for c in counts):
        return None
    return sum(c for c in counts if c is not None)


def check(obj: Resource, ctx: Context) -> Iterator[Problem]:
    spec = mapping(obj.data.get("spec"))
    if "maxUnavailable" in spec:
        value = spec["maxUnavailable"]
        if integer(value) == 0 or percent(value) == 0:
            yield Problem(
                f"maxUnavailable {value} allows no eviction: node drains never finish",
                ("spec", "maxUnavailable"),
            )
        return
    value = spec.get("minAvailable")
    share = percent(value)
    if share is not None and share >= 100:
        yield Problem(
            f"minAvailable {value} allows no eviction: node drains never finish",
            ("spec", "minAvailable"),
        )
        return
    pods = _pods(obj, ctx) if share is not None or integer(value) is not None else None
    if pods is None:
        return
    needed = math.ceil(share * pods / 100) if share is not None else integer(value)
    if needed is not None and needed >= pods:
        yield Problem(
            f"minAvailable {value} needs {needed} of the {pods} pod(s) it selects: no pod can "
            "ever be evicted and node drains never finish",
            ("spec", "minAvailable"),
        )


RULE = Rule(
    id="pdb-blocks-eviction",
    severity=Severity.WARNING,
    summary="A PodDisruptionBudget allows at least one voluntary eviction",
    doc=__doc__ or "",
    peers=(
        "kube-linter:pdb-min-available",
        "kube-linter:pdb-max-unavailable",
        "polaris:pdbDisruptionsIsZero",
        "polaris:pdbMinAvailableGreaterThanHPAMinReplicas",
    ),
    kinds=frozenset({"PodDisruptionBudget"}),
    check=check,
)
