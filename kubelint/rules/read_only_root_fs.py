"""## What it does
Reports a container whose `securityContext` does not set `readOnlyRootFilesystem: true`.

## Why is this bad?
A writable root filesystem lets an attacker drop tools and change binaries, and lets the app
write state that vanishes on restart. Mount an `emptyDir` where the app must write (`/tmp`).

## Example
```yaml
securityContext: {runAsNonRoot: true}
```

## Use instead
```yaml
securityContext: {runAsNonRoot: true, readOnlyRootFilesystem: true}
volumeMounts: [{name: tmp, mountPath: /tmp}]
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
        if (path := unless_set(container, "readOnlyRootFilesystem", True)) is not None:
            yield Problem(
                f'container "{container.name}" has a writable root filesystem: set '
                "securityContext.readOnlyRootFilesystem: true",
                path,
            )


RULE = Rule(
    id="read-only-root-fs",
    severity=Severity.WARNING,
    summary="Containers have a read-only root filesystem",
    doc=__doc__ or "",
    peers=(
        "kube-linter:no-read-only-root-fs",
        "kube-score:container-security-context-readonlyrootfilesystem",
        "polaris:notReadOnlyRootFilesystem",
    ),
    kinds=WORKLOAD_KINDS,
    check=check,
    local=True,
)
