"""## What it does
Reports a container with `securityContext.privileged: true`.

## Why is this bad?
A privileged container has every capability and every device of the node: it is root on the
node in all but name. Grant the one capability it needs instead.

## Example
```yaml
securityContext: {privileged: true}
```

## Use instead
```yaml
securityContext:
  capabilities: {drop: [ALL], add: [NET_BIND_SERVICE]}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from kubelint.findings import Severity
from kubelint.k8s.workloads import WORKLOAD_KINDS, containers
from kubelint.objects import Resource
from kubelint.rules.base import Context, Problem, Rule


def check(obj: Resource, ctx: Context) -> Iterator[Problem]:
    for container in obj.derived(containers):
        context = container.data.get("securityContext")
        if isinstance(context, dict) and context.get("privileged") is True:
            yield Problem(
                f'container "{container.name}" is privileged',
                (*container.path, "securityContext", "privileged"),
            )


RULE = Rule(
    id="privileged-container",
    severity=Severity.WARNING,
    summary="Containers are not privileged",
    doc=__doc__ or "",
    peers=(
        "kube-linter:privileged-container",
        "kube-score:container-security-context-privileged",
        "polaris:runAsPrivileged",
    ),
    kinds=WORKLOAD_KINDS,
    check=check,
    local=True,
)
