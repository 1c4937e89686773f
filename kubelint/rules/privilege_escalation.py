"""## What it does
Reports a container whose `securityContext` does not set `allowPrivilegeEscalation: false`.

## Why is this bad?
Unless it is false, a process can gain more privileges than its parent (setuid binaries,
file capabilities): the first step of most container escapes.

## Example
```yaml
securityContext: {runAsNonRoot: true}
```

## Use instead
```yaml
securityContext: {runAsNonRoot: true, allowPrivilegeEscalation: false}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from kubelint.findings import Severity
from kubelint.k8s.workloads import WORKLOAD_KINDS, hardenable_containers, unless_set
from kubelint.objects import Resource
from kubelint.rules.base import Context, Problem, Rule


def check(obj: Resource, ctx: Context) -> Iterator[Problem]:
    for container, _ in obj.derived(hardenable_containers):
        if (path := unless_set(container, "allowPrivilegeEscalation", False)) is not None:
            yield Problem(
                f'container "{container.name}" allows privilege escalation: set '
                "securityContext.allowPrivilegeEscalation: false",
                path,
            )


RULE = Rule(
    id="privilege-escalation",
    severity=Severity.WARNING,
    summary="Containers set allowPrivilegeEscalation: false",
    doc=__doc__ or "",
    peers=("kube-linter:privilege-escalation-container", "polaris:privilegeEscalationAllowed"),
    kinds=WORKLOAD_KINDS,
    check=check,
    local=True,
)
