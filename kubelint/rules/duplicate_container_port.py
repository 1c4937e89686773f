"""## What it does
Reports a `containerPort` (with its protocol) declared twice in one pod: twice in one container,
or by two of its containers (app containers and sidecars share the pod's network).

## Why is this bad?
Two containers of a pod cannot listen on one port: the second fails to bind and crash-loops. A
port declared twice in one container is a copy-paste that makes Service and probe targets
ambiguous.

## Example
```yaml
containers:
  - {name: web, ports: [{containerPort: 8080}]}
  - {name: metrics, ports: [{containerPort: 8080}]}
```

## Use instead
```yaml
containers:
  - {name: web, ports: [{containerPort: 8080}]}
  - {name: metrics, ports: [{containerPort: 9090}]}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from kubelint.findings import Severity
from kubelint.k8s.workloads import WORKLOAD_KINDS, ContainerPort, container_ports
from kubelint.objects import Resource
from kubelint.rules.base import Context, Problem, Rule


def check(obj: Resource, ctx: Context) -> Iterator[Problem]:
    first: dict[tuple[int, str], ContainerPort] = {}
    for port in obj.derived(container_ports):
        if port.number is None:
            continue
        seen = first.setdefault((port.number, port.protocol), port)
        if seen is not port:
            where = (
                "this container"
                if seen.container is port.container
                else f'container "{seen.container.name}"'
            )
            yield Problem(
                f"containerPort {port.number}/{port.protocol} is already declared by {where}",
                (*port.path, "containerPort"),
            )


RULE = Rule(
    id="duplicate-container-port",
    severity=Severity.WARNING,
    summary="A pod declares each containerPort/protocol once",
    doc=__doc__ or "",
    kinds=WORKLOAD_KINDS,
    check=check,
    local=True,
)
