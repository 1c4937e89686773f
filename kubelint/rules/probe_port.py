"""## What it does
Reports a probe (liveness, readiness, startup; `httpGet` or `tcpSocket`) whose `port` is a name
that the container does not declare in its `ports`.

## Why is this bad?
The kubelet resolves a named probe port among the container's own ports; an unknown name fails
every probe. A failing readiness probe keeps the pod out of its Service and stalls the rollout;
a failing liveness probe restarts the container forever.

## Example
```yaml
ports: [{name: http, containerPort: 8080}]
readinessProbe: {httpGet: {path: /ready, port: htpp}}
```

## Use instead
```yaml
ports: [{name: http, containerPort: 8080}]
readinessProbe: {httpGet: {path: /ready, port: http}}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from kubelint.findings import Severity
from kubelint.k8s.data import entries
from kubelint.k8s.workloads import WORKLOAD_KINDS, containers, probe_ports
from kubelint.objects import Resource
from kubelint.rules.base import Context, Problem, Rule


def check(obj: Resource, ctx: Context) -> Iterator[Problem]:
    for container in obj.derived(containers):
        names: set[str] | None = None  # the container's port names, once a probe names a port
        for probe, handler, port in probe_ports(container.data):
            if not isinstance(port, str) or port.isdigit():
                continue
            if names is None:
                names = {str(p.get("name")) for _, p in entries(container.data.get("ports"))}
            if port not in names:
                known = ", ".join(sorted(n for n in names if n != "None")) or "none"
                yield Problem(
                    f'{probe} port "{port}" is not a port name of container '
                    f'"{container.name}" (its named ports: {known})',
                    (*container.path, probe, handler, "port"),
                )


RULE = Rule(
    id="probe-port",
    severity=Severity.ERROR,
    summary="A probe's named port is a port the container declares",
    doc=__doc__ or "",
    peers=(
        "kube-linter:liveness-port",
        "kube-linter:readiness-port",
        "kube-linter:startup-port",
    ),
    kinds=WORKLOAD_KINDS,
    check=check,
    local=True,
)
