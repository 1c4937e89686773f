"""## What it does
Reports a pod volume whose `persistentVolumeClaim.claimName` names a PersistentVolumeClaim that
is not in the input, in the workload's namespace.

## Why is this bad?
The pod stays Pending ("persistentvolumeclaim not found") until the claim exists. If the claim
is created outside these manifests, lower the rule's severity or turn it off.

## Example
```yaml
volumes:
  - name: data
    persistentVolumeClaim: {claimName: data}   # no such claim
```

## Use instead
```yaml
kind: PersistentVolumeClaim
metadata: {name: data}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 1Gi}}
```

## Options
- `assume-exist` (list of shell patterns, default none): names of objects that exist in the
  cluster though not in the input; they are not reported.
"""

from __future__ import annotations

from collections.abc import Iterator

from kubelint.findings import Severity
from kubelint.k8s.workloads import WORKLOAD_KINDS, claim_volumes
from kubelint.objects import Resource
from kubelint.rules.assumed import ASSUME_EXIST, assumed
from kubelint.rules.base import Context, Problem, Rule


def check(obj: Resource, ctx: Context) -> Iterator[Problem]:
    for name, path in obj.derived(claim_volumes):
        if ctx.index.get("PersistentVolumeClaim", obj.ref.namespace, name) is None and not (
            assumed(ctx, name)
        ):
            yield Problem(
                f'PersistentVolumeClaim "{name}" is not in namespace "{obj.ref.namespace}" of '
                "the input",
                path,
            )


RULE = Rule(
    id="pvc-exists",
    severity=Severity.WARNING,
    summary="A pod's persistentVolumeClaim names a claim of the input",
    doc=__doc__ or "",
    options={"assume-exist": ASSUME_EXIST},
    kinds=WORKLOAD_KINDS,
    check=check,
)
