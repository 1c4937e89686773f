"""## What it does
Matches every PersistentVolumeClaim of the input to a PersistentVolume the way the control plane
binds them (same storage class, all access modes offered, enough capacity with the smallest
volume that fits winning, equal `volumeMode`, the claim's `selector`, `volumeName` and `claimRef`
pre-binding, each volume bound once), and reports a claim that can be neither bound nor
provisioned dynamically, with the reason of the closest volume: `PV "pv-1" offers
ReadWriteOnce, claim asks ReadWriteMany`.

A claim that binds no volume is provisioned when its StorageClass (or the default class, for a
claim that names none) is in the input with a provisioner, or is named by the
`cluster-storage-classes` option. When the input holds no StorageClass and the option is empty,
the cluster's classes are unknown: a claim of a class no PersistentVolume of the input uses is
assumed to be provisioned by the cluster. Without any PersistentVolume or StorageClass in the
input nothing is checked. `kubelint lint --explain-storage` prints the whole plan.

## Why is this bad?
The claim stays Pending forever, and so does every pod that mounts it: the rollout never
finishes.

## Example
```yaml
kind: PersistentVolume
metadata: {name: pv-1}
spec:
  storageClassName: manual
  capacity: {storage: 10Gi}
  accessModes: [ReadWriteOnce]
  hostPath: {path: /data}
---
kind: PersistentVolumeClaim
metadata: {name: data}
spec:
  storageClassName: manual
  accessModes: [ReadWriteMany]
  resources: {requests: {storage: 5Gi}}
```

## Use instead
```yaml
kind: PersistentVolumeClaim
metadata: {name: data}
spec:
  storageClassName: manual
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 5Gi}}
```

## Options
- `cluster-storage-classes` (list of strings): StorageClasses the target cluster has besides
  those in the input; claims of these classes are provisioned dynamically.
"""

from __future__ import annotations

from collections.abc import Iterator

from kubelint.findings import Severity
from kubelint.k8s.binding import plan_for
from kubelint.objects import ObjectIndex, Resource
from kubelint.rules.base import Context, Option, Problem, Rule


def check_all(index: ObjectIndex, ctx: Context) -> Iterator[tuple[Resource, Problem]]:
    claims = index.of_kind("PersistentVolumeClaim")
    volumes = index.of_kind("PersistentVolume")
    classes = index.of_kind("StorageClass")
    cluster = ctx.options["cluster-storage-classes"]
    if not claims or not (volumes or classes or cluster):
        return
    for claim, binding in zip(claims, plan_for(claims, volumes, classes, cluster), strict=True):
        if binding.pending:
            message = "; ".join(p.message for p in binding.problems)
            yield (
                claim,
                Problem(
                    f"claim can be neither bound nor provisioned: {message}",
                    binding.problems[0].field,
                    key=True,
                ),
            )


RULE = Rule(
    id="pvc-bindable",
    severity=Severity.ERROR,
    summary="A PersistentVolumeClaim binds a PersistentVolume or is provisioned dynamically",
    doc=__doc__ or "",
    options={
        "cluster-storage-classes": Option(
            schema={"type": "array", "items": {"type": "string"}, "uniqueItems": True},
            default=[],
            help="StorageClasses the target cluster has besides those in the input",
        )
    },
    check_all=check_all,
)
