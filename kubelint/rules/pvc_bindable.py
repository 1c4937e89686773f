"""## What it does
Matches every PersistentVolumeClaim of the input to a PersistentVolume the way the control plane
binds them (same storage class, all access modes offered, enough capacity with the smallest
volume that fits winning, equal `volumeMode`, the claim's `selector`, `volumeName` and `claimRef`
pre-binding, each volume bound once), and reports a claim that can be neither bound nor
provisioned dynamically, with the reason of the closest volume: `PV "pv-1" offers
ReadWriteOnce, claim asks ReadWriteMany`.

The claims a StatefulSet creates are planned too: each `volumeClaimTemplates` entry once per
replica, named `<template>-<statefulset>-<ordinal>` as the StatefulSet controller names them,
after the PersistentVolumeClaims of the input (a claim of the input with a replica claim's name
stands for it, as the controller adopts it). A template is reported once, at its own line,
naming the first replica's claim that stays Pending (three replicas and two matching volumes:
`data-web-2`).

A claim that binds no volume is provisioned when its StorageClass (or the default class, for a
claim that names none) is in the input with a provisioner, or is named by the options
`cluster-storage-classes` and `cluster-default-storage-class`.

Unless those options name them, the cluster's own classes are unknown: clusters come with
classes (a cloud's default class) that manifests do not ship. Then a claim of a class the input
does not define, and a claim of no class when the input defines no default class, are reported
as warnings only (the cluster may provide the class); when the input holds no StorageClass at
all, a claim of a class no PersistentVolume of the input uses is left to the cluster without a
word. Once the options name the cluster's classes, what neither the input nor they provide is
an error. Without any PersistentVolume or StorageClass in the input (and no option set) nothing
is checked. A claim left Pending because its volume went to a claim of another file is a
warning too: a folder of samples often holds alternatives (a static and a dynamic claim), and
the claim is Pending only if both files are applied. `kubelint lint --explain-storage` prints
the whole plan.

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
- `cluster-default-storage-class` (string): the cluster's default StorageClass, which
  provisions a claim of no class (unless the input defines a default class).

```yaml
rules:
  pvc-bindable:
    options:
      cluster-storage-classes: [standard, premium-rwo]
      cluster-default-storage-class: standard
```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from kubelint.findings import Severity
from kubelint.objects import ObjectIndex, Resource
from kubelint.rules.base import Context, Option, Problem, Rule

if TYPE_CHECKING:
    from kubelint.k8s.binding import Binding, JsonPath


def check_all(index: ObjectIndex, ctx: Context) -> Iterator[tuple[Resource, Problem]]:
    volumes = index.of_kind("PersistentVolume")
    classes = index.of_kind("StorageClass")
    cluster = ctx.options["cluster-storage-classes"]
    default = ctx.options["cluster-default-storage-class"]
    if not (volumes or classes or cluster or default):
        return
    from kubelint.k8s.binding import plan_for, run_claims  # 3 ms of a start-up, seldom needed

    claims = run_claims(index.of_kind("PersistentVolumeClaim"), index.of_kind("StatefulSet"))
    pending: dict[tuple[int, JsonPath], list[Binding]] = {}  # per claim object or template
    plans = plan_for(claims, volumes, classes, cluster, default)
    for source, binding in zip(claims, plans, strict=True):
        if binding.problems:
            pending.setdefault((id(source.resource), source.path), []).append(binding)
    for source in claims:
        bindings = pending.pop((id(source.resource), source.path), None)
        if bindings is None:
            continue
        first = bindings[0]
        reason = "; ".join(p.message for p in first.problems)
        if source.ordinal is None:
            what = "claim"
        elif len(bindings) == 1:
            what = f'claim "{first.claim.name}" of this volumeClaimTemplate'
        else:
            name = first.claim.name
            what = f'{len(bindings)} claims of this volumeClaimTemplate (first "{name}")'
        if any(p.elsewhere for p in first.problems):  # alternative files, perhaps
            message = f"{what} can be neither bound nor provisioned if both files are applied: "
            message += reason
        elif first.doubtful:
            message = f"{what} can be neither bound nor provisioned by the input: {reason}"
            message += (
                " (the cluster may have it: name the cluster's classes in this rule's options)"
            )
        else:
            message = f"{what} can be neither bound nor provisioned: {reason}"
        field = source.path + first.problems[0].field
        severity = Severity.WARNING if first.doubtful else None
        yield source.resource, Problem(message, field, key=True, severity=severity)


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
        ),
        "cluster-default-storage-class": Option(
            schema={"type": "string"},
            default="",
            help="The target cluster's default StorageClass",
        ),
    },
    check_all=check_all,
)
