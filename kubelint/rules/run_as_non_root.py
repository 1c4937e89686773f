"""## What it does
Reports a container that may run as root: neither `runAsNonRoot: true` nor a non-zero
`runAsUser` in its `securityContext` or the pod's, or one that sets `runAsUser: 0` or
`runAsNonRoot: false` outright.

## Why is this bad?
A process that breaks out of a root container is root on the node. With `runAsNonRoot: true`
the kubelet refuses to start an image whose user is root.

## Example
```yaml
containers:
  - name: web
    image: web:1.4.2
```

## Use instead
```yaml
securityContext:
  runAsNonRoot: true
  runAsUser: 10001
containers:
  - name: web
    image: web:1.4.2
```
"""

from __future__ import annotations

from collections.abc import Iterator

from kubelint.findings import Severity
from kubelint.k8s.data import integer
from kubelint.k8s.workloads import WORKLOAD_KINDS, hardenable_containers, security_setting
from kubelint.objects import Resource
from kubelint.rules.base import Context, Problem, Rule


def check(obj: Resource, ctx: Context) -> Iterator[Problem]:
    for container, spec in obj.derived(hardenable_containers):
        non_root, non_root_at = security_setting(container, spec, "runAsNonRoot")
        user, user_at = security_setting(container, spec, "runAsUser")
        uid = integer(user)
        if user_at is not None and uid == 0:
            yield Problem(f'container "{container.name}" runs as root (runAsUser 0)', user_at)
        elif non_root is True or (uid is not None and uid > 0):
            continue
        elif non_root_at is not None:
            yield Problem(
                f'container "{container.name}" may run as root (runAsNonRoot false)', non_root_at
            )
        else:
            yield Problem(
                f'container "{container.name}" may run as root: set runAsNonRoot: true '
                "(or a non-zero runAsUser)",
                (*container.path, "name"),
            )


RULE = Rule(
    id="run-as-non-root",
    severity=Severity.WARNING,
    summary="Containers run as a non-root user",
    doc=__doc__ or "",
    peers=(
        "kube-linter:run-as-non-root",
        "kube-score:container-security-context-user-group-id",
        "polaris:runAsRootAllowed",
    ),
    kinds=WORKLOAD_KINDS,
    check=check,
    local=True,
)
