"""## What it does
Reports a Deployment, StatefulSet or ReplicaSet that sets `spec.replicas` while a
HorizontalPodAutoscaler of the input scales it.

## Why is this bad?
Every `kubectl apply` resets the replica count to the manifest's value, undoing the autoscaler:
under load, an apply scales the workload down, and the autoscaler scales it back up minutes
later. Leave `replicas` out and let the autoscaler's `minReplicas` set the floor.

## Example
```yaml
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3          # and an HPA targets Deployment "web"
```

## Use instead
```yaml
kind: Deployment
metadata: {name: web}
spec:                  # no replicas: the HPA owns the count
  selector: {matchLabels: {app: web}}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from kubelint.findings import Severity
from kubelint.k8s.data import mapping
from kubelint.objects import Resource
from kubelint.rules.base import Context, Problem, Rule

KINDS = frozenset({"Deployment", "StatefulSet", "ReplicaSet", "ReplicationController"})


def check(obj: Resource, ctx: Context) -> Iterator[Problem]:
    if "replicas" not in mapping(obj.data.get("spec")):
        return
    hpa = ctx.index.autoscaler(obj)
    if hpa is not None:
        where = hpa.where(("metadata", "name"))
        yield Problem(
            f'replicas is set, but HorizontalPodAutoscaler "{hpa.ref.name}" ({where}) scales '
            f"this {obj.kind}; every apply resets the count. Remove replicas",
            ("spec", "replicas"),
            key=True,
        )


RULE = Rule(
    id="hpa-replicas-conflict",
    severity=Severity.WARNING,
    summary="A workload scaled by a HorizontalPodAutoscaler does not also set replicas",
    doc=__doc__ or "",
    peers=("kube-score:deployment-targeted-by-hpa-does-not-have-replicas-configured",),
    kinds=KINDS,
    check=check,
)
