"""## What it does
Reports a pod spec that sets `serviceAccount`, the deprecated alias of `serviceAccountName`.

## Why is this bad?
`serviceAccount` has been deprecated since Kubernetes 1.8. The API server copies it to
`serviceAccountName` only when that is empty; when both are set and differ, the pod runs
with `serviceAccountName` and the other value misleads readers (and tools that read it).

## Example
```yaml
spec:
  serviceAccount: builder
```

## Use instead
```yaml
spec:
  serviceAccountName: builder
```
"""

from __future__ import annotations

from collections.abc import Iterator

from kubelint.findings import Severity
from kubelint.k8s.workloads import WORKLOAD_KINDS, pod_spec
from kubelint.objects import Resource
from kubelint.rules.base import Context, Problem, Rule


def check(obj: Resource, ctx: Context) -> Iterator[Problem]:
    found = obj.derived(pod_spec)
    if found is None or found[1].get("serviceAccount") in (None, ""):
        return
    path, spec = found
    name = spec.get("serviceAccountName")
    if name not in (None, "", spec["serviceAccount"]):
        detail = f'; the pod runs as serviceAccountName "{name}"'
    else:
        detail = ": use serviceAccountName"
    yield Problem(f"serviceAccount is deprecated{detail}", (*path, "serviceAccount"), key=True)


RULE = Rule(
    id="deprecated-service-account",
    severity=Severity.WARNING,
    summary="Pods name their service account with serviceAccountName, not serviceAccount",
    doc=__doc__ or "",
    peers=("kube-linter:deprecated-service-account-field",),
    kinds=WORKLOAD_KINDS,
    check=check,
    local=True,
)
