"""## What it does
Reports a container whose liveness probe is the same as its readiness probe: the same check
with the same timing (`successThreshold` aside, which a liveness probe cannot change).

## Why is this bad?
The moment such a pod stops being ready, it is also restarted: a pod that is briefly
overloaded, or waiting for a dependency, is killed instead of being taken out of the Service
until it recovers, and restarts spread the overload to its peers. A liveness probe should
fail only when the process is stuck: a cheaper check, or the same one with a longer
`failureThreshold`.

## Example
```yaml
readinessProbe: {httpGet: {path: /healthz, port: http}}
livenessProbe: {httpGet: {path: /healthz, port: http}}
```

## Use instead
```yaml
readinessProbe: {httpGet: {path: /ready, port: http}}
livenessProbe: {httpGet: {path: /healthz, port: http}, failureThreshold: 6}
```
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from kubelint.findings import Severity
from kubelint.k8s.workloads import WORKLOAD_KINDS, containers
from kubelint.objects import Resource
from kubelint.rules.base import Context, Problem, Rule


def _effective(probe: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in probe.items() if k != "successThreshold"}


def check(obj: Resource, ctx: Context) -> Iterator[Problem]:
    for container in obj.derived(containers):
        liveness = container.data.get("livenessProbe")
        readiness = container.data.get("readinessProbe")
        if (
            isinstance(liveness, Mapping)
            and isinstance(readiness, Mapping)
            and liveness
            and _effective(liveness) == _effective(readiness)
        ):
            yield Problem(
                f'container "{container.name}" has the same liveness and readiness probe: it '
                "is restarted whenever it is not ready",
                (*container.path, "livenessProbe"),
                key=True,
            )


RULE = Rule(
    id="probes-identical",
    severity=Severity.WARNING,
    summary="A container's liveness probe is not the same as its readiness probe",
    doc=__doc__ or "",
    peers=("kube-score:pod-probes-identical",),
    kinds=WORKLOAD_KINDS,
    check=check,
    local=True,
)
