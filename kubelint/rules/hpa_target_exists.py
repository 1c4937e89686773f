"""## What it does
Reports a HorizontalPodAutoscaler whose `scaleTargetRef` names a Deployment, StatefulSet,
ReplicaSet or ReplicationController that is not in the input (in the autoscaler's namespace).
Targets of other kinds (custom resources) are not checked.

## Why is this bad?
The autoscaler scales nothing; the workload it was meant for runs at its fixed replica count
under load.

## Example
```yaml
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: wbe}
  maxReplicas: 5
```

## Use instead
```yaml
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 5
```
"""

from __future__ import annotations

from collections.abc import Iterator

from kubelint.findings import Severity
from kubelint.k8s.data import dig, text
from kubelint.objects import Resource
from kubelint.rules.base import Context, Problem, Rule

SCALABLE_KINDS = frozenset({"Deployment", "StatefulSet", "ReplicaSet", "ReplicationController"})


def check(obj: Resource, ctx: Context) -> Iterator[Problem]:
    kind = text(dig(obj.data, "spec", "scaleTargetRef", "kind"))
    name = text(dig(obj.data, "spec", "scaleTargetRef", "name"))
    if kind in SCALABLE_KINDS and name and ctx.index.get(kind, obj.ref.namespace, name) is None:
        yield Problem(
            f'scaleTargetRef names {kind} "{name}", which is not in namespace '
            f'"{obj.ref.namespace}" of the input',
            ("spec", "scaleTargetRef", "name"),
        )


RULE = Rule(
    id="hpa-target-exists",
    severity=Severity.WARNING,
    summary="A HorizontalPodAutoscaler's scaleTargetRef names a workload of the input",
    doc=__doc__ or "",
    peers=(
        "kube-linter:dangling-horizontalpodautoscaler",
        "kube-score:horizontalpodautoscaler-has-target",
    ),
    kinds=frozenset({"HorizontalPodAutoscaler"}),
    check=check,
)
