"""## What it does
Reports a pod template whose `serviceAccountName` names a ServiceAccount that is not in the
input, in the workload's namespace. The `default` ServiceAccount, which every namespace has, is
not checked.

## Why is this bad?
The API server refuses to create pods for a ServiceAccount that does not exist: the Deployment
is accepted, but its ReplicaSet never gets a pod. If the account is created outside these
manifests, keep the warning quiet by turning the rule off, or lower its severity.

## Example
```yaml
spec:
  template:
    spec:
      serviceAccountName: web   # no ServiceAccount "web" anywhere
```

## Use instead
```yaml
apiVersion: v1
kind: ServiceAccount
metadata: {name: web}
```

## Options
- `assume-exist` (list of shell patterns, default none): names of objects that exist in the
  cluster though not in the input; they are not reported.
"""

from __future__ import annotations

from collections.abc import Iterator

from kubelint.findings import Severity
from kubelint.k8s.data import text
from kubelint.k8s.workloads import WORKLOAD_KINDS, pod_spec
from kubelint.objects import Resource
from kubelint.rules.assumed import ASSUME_EXIST, assumed
from kubelint.rules.base import Context, Problem, Rule


def check(obj: Resource, ctx: Context) -> Iterator[Problem]:
    found = obj.derived(pod_spec)
    if found is None:
        return
    path, spec = found
    for field in ("serviceAccountName", "serviceAccount"):
        name = text(spec.get(field))
        if name and name != "default":
            if ctx.index.get("ServiceAccount", obj.ref.namespace, name) is None and not assumed(
                ctx, name
            ):
                yield Problem(
                    f'ServiceAccount "{name}" is not in namespace "{obj.ref.namespace}" of the '
                    "input; pods cannot be created without it",
                    (*path, field),
                )
            return


RULE = Rule(
    id="service-account-exists",
    severity=Severity.WARNING,
    summary="A pod's serviceAccountName names a ServiceAccount of the input",
    doc=__doc__ or "",
    peers=("kube-linter:non-existent-service-account",),
    options={"assume-exist": ASSUME_EXIST},
    kinds=WORKLOAD_KINDS,
    check=check,
)
