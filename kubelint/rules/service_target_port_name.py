"""## What it does
Reports a Service port whose `targetPort` is a name that no container of the selected pods
declares (with the same protocol). Containers of every workload the selector matches are
searched: app containers and sidecars. As Kubernetes leaves out of the endpoints a selected pod
that lacks the port, a name that some selected workload declares is enough. Helm hooks and
tests (annotation `helm.sh/hook`) the selector happens to match are not counted: they serve
nothing.

## Why is this bad?
Endpoints are built from the pods' named ports: a name that does not exist gives the Service no
endpoint for that port, and every connection to it is refused.

## Example
```yaml
# Service
ports: [{port: 80, targetPort: htp}]
# Deployment's container
ports: [{name: http, containerPort: 8080}]
```

## Use instead
```yaml
ports: [{port: 80, targetPort: http}]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from kubelint.findings import Severity
from kubelint.k8s.workloads import container_ports
from kubelint.objects import Resource
from kubelint.rules.base import Context, Problem, Rule
from kubelint.rules.targets import service_ports


def check(obj: Resource, ctx: Context) -> Iterator[Problem]:
    for i, port, workloads in service_ports(obj, ctx):
        target, protocol = port.get("targetPort"), port.get("protocol", "TCP")
        if not isinstance(target, str) or target.isdigit():
            continue
        if not workloads or any(
            p.name == target and p.protocol == protocol
            for workload in workloads
            for p in workload.derived(container_ports)
        ):
            continue
        pods = "; ".join(f"{w.ref} ({_known(w, protocol)})" for w in workloads)
        yield Problem(
            f'targetPort "{target}" is not a named port of the pods of {pods}',
            ("spec", "ports", i, "targetPort"),
        )


def _known(workload: Resource, protocol: str) -> str:
    ports = workload.derived(container_ports)
    names = sorted({p.name for p in ports if p.name and p.protocol == protocol})
    return (
        f"its {protocol} ports are named {', '.join(names)}"
        if names
        else (f"it names no {protocol} port")
    )


RULE = Rule(
    id="service-target-port-name",
    severity=Severity.ERROR,
    summary="A Service's named targetPort is a named container port of the pods it selects",
    doc=__doc__ or "",
    kinds=frozenset({"Service"}),
    check=check,
)
