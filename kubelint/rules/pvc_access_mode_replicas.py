"""## What it does
Reports a workload that can run more than one pod (more than one replica, an autoscaler whose
`maxReplicas` is above one, or a DaemonSet) mounting a PersistentVolumeClaim of the input whose
access modes are only `ReadWriteOnce` or `ReadWriteOncePod`.

## Why is this bad?
A ReadWriteOnce volume attaches to one node: pods placed on other nodes hang in
ContainerCreating ("Multi-Attach error"). A ReadWriteOncePod volume serves a single pod: every
other replica stays Pending. Use a StatefulSet with `volumeClaimTemplates` (a claim per pod), or
a ReadWriteMany volume.

## Example
```yaml
kind: Deployment
spec:
  replicas: 3
  template:
    spec:
      volumes: [{name: data, persistentVolumeClaim: {claimName: data}}]  # ReadWriteOnce
```

## Use instead
```yaml
kind: StatefulSet
spec:
  replicas: 3
  volumeClaimTemplates:
    - metadata: {name: data}
      spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from kubelint.findings import Severity
from kubelint.k8s.data import dig, integer
from kubelint.k8s.workloads import WORKLOAD_KINDS, claim_volumes, declared_replicas
from kubelint.objects import Resource
from kubelint.rules.base import Context, Problem, Rule

SHARED_MODES = frozenset({"ReadWriteMany", "ReadOnlyMany"})


def _most_pods(obj: Resource, ctx: Context) -> str | None:
    """How the workload comes to run more than one pod, or None when it cannot."""
    if obj.kind == "DaemonSet":
        return "a DaemonSet runs a pod on every node"
    hpa = ctx.index.autoscaler(obj)
    high = integer(dig(hpa.data, "spec", "maxReplicas")) if hpa else None
    if high is not None and high > 1:
        return f"its autoscaler scales it to {high} pods"
    count = declared_replicas(obj.data)
    return f"it runs {count} replicas" if count is not None and count > 1 else None


def check(obj: Resource, ctx: Context) -> Iterator[Problem]:
    if obj.kind == "Pod":
        return
    why: str | None = None
    for name, path in obj.derived(claim_volumes):
        claim = ctx.index.get("PersistentVolumeClaim", obj.ref.namespace, name)
        modes = dig(claim.data, "spec", "accessModes") if claim else None
        if not isinstance(modes, list) or not modes or SHARED_MODES.intersection(modes):
            continue
        why = why or _most_pods(obj, ctx)
        if why is None:
            return
        yield Problem(
            f'claim "{name}" is {", ".join(map(str, modes))}, but {why}: pods on other nodes '
            "cannot mount it",
            path,
        )


RULE = Rule(
    id="pvc-access-mode-replicas",
    severity=Severity.WARNING,
    summary="A ReadWriteOnce claim is not mounted by a workload of several pods",
    doc=__doc__ or "",
    kinds=WORKLOAD_KINDS,
    check=check,
)
