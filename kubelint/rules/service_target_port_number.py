"""## What it does
Reports a Service port whose `targetPort` is a number (or, when unset, its `port`) that no
container of the selected pods declares as a `containerPort` (with the same protocol). Pods
that declare no port at all are not reported (declaring ports is optional), nor Helm hooks and
tests (annotation `helm.sh/hook`) the selector happens to match.

## Why is this bad?
The Service sends traffic to that port whether or not it is declared, so this may work; but a
port nobody declared is most often a wrong number (the app listens on 8080, the Service sends
to 80), and declared ports are what readers and tools (probes, network policies) go by. Declare
the port, or target it by name.

## Example
```yaml
# Service
ports: [{port: 80}]          # targetPort defaults to 80
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
from kubelint.k8s.data import digits, integer
from kubelint.k8s.workloads import container_ports
from kubelint.objects import Resource
from kubelint.rules.base import Context, Problem, Rule
from kubelint.rules.targets import service_ports


def check(obj: Resource, ctx: Context) -> Iterator[Problem]:
    for i, port, workloads in service_ports(obj, ctx):
        target = port.get("targetPort", port.get("port"))
        if (spelled := digits(target)) is not None:
            target = spelled
        number, protocol = integer(target), port.get("protocol", "TCP")
        if number is None:
            continue
        field = "targetPort" if "targetPort" in port else "port"
        for workload in workloads:
            ports = workload.derived(container_ports)
            if not ports or any(p.number == number and p.protocol == protocol for p in ports):
                continue
            declared = sorted({f"{p.number}/{p.protocol}" for p in ports if p.number})
            known = f"it declares {', '.join(declared)}" if declared else "it declares none"
            yield Problem(
                f"{'targetPort' if field == 'targetPort' else 'port (the targetPort)'} {number}"
                f"/{protocol} is not a declared containerPort of the pods of {workload.ref} "
                f"({known})",
                ("spec", "ports", i, field),
            )


RULE = Rule(
    id="service-target-port-number",
    severity=Severity.WARNING,
    summary="A Service's numeric targetPort is a declared containerPort of the pods it selects",
    doc=__doc__ or "",
    kinds=frozenset({"Service"}),
    check=check,
)
