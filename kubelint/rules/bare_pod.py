"""## What it does
Advises against a Pod that no controller owns (no `metadata.ownerReferences`). A Helm hook or
test (annotation `helm.sh/hook`, as `helm create` scaffolds `tests/test-connection.yaml`) runs
once, around an install or a `helm test`: it is no such Pod.

## Why is this bad?
Nobody recreates a bare Pod: when its node fails, is drained or upgraded, the Pod is gone. Run
it from a Deployment (or a Job, for a task that finishes).

## Example
```yaml
kind: Pod
metadata: {name: web}
```

## Use instead
```yaml
kind: Deployment
metadata: {name: web}
spec:
  template: {}   # the Pod's metadata and spec
```
"""

from __future__ import annotations

from collections.abc import Iterator

from kubelint.findings import Severity
from kubelint.objects import Resource
from kubelint.rules.base import Context, Problem, Rule
from kubelint.rules.targets import is_helm_hook


def check(obj: Resource, ctx: Context) -> Iterator[Problem]:
    if not obj.metadata.get("ownerReferences") and not is_helm_hook(obj):
        yield Problem(
            "a bare Pod is not recreated when its node fails or is drained; run it from a "
            "Deployment, StatefulSet or Job",
            ("kind",),
        )


RULE = Rule(
    id="bare-pod",
    severity=Severity.INFO,
    summary="Pods are owned by a controller",
    doc=__doc__ or "",
    kinds=frozenset({"Pod"}),
    check=check,
    local=True,
)
