"""## What it does
Reports a probe of a running container (app container or sidecar) whose port the container
does not declare as a TCP port: an `httpGet` or `tcpSocket` probe on a port number missing from
its `ports`, a `grpc` probe on an undeclared port, or a probe on a port the container declares
only for UDP or SCTP. (A probe on an unknown port *name* fails outright: `probe-port`.)

## Why is this bad?
The kubelet probes whatever port is given, so a typo in a number goes unseen until the pod is
killed or never becomes ready; a probe on a UDP port's number connects over TCP, to nothing.
Declared ports document what the container serves and let probes and Services use names.

## Example
```yaml
ports: [{name: http, containerPort: 8080}]
livenessProbe: {httpGet: {path: /healthz, port: 8008}}
```

## Use instead
```yaml
ports: [{name: http, containerPort: 8080}]
livenessProbe: {httpGet: {path: /healthz, port: http}}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from kubelint.findings import Severity
from kubelint.k8s.data import digits, entries, integer
from kubelint.k8s.workloads import WORKLOAD_KINDS, containers, probe_ports
from kubelint.objects import Resource
from kubelint.printable import cut
from kubelint.rules.base import Context, Problem, Rule


def check(obj: Resource, ctx: Context) -> Iterator[Problem]:
    for container in obj.derived(containers):
        if not container.runs:
            continue
        tcp: set[int | str] = set()
        other: set[int | str] = set()
        for _, declared in entries(container.data.get("ports")):
            into = tcp if declared.get("protocol", "TCP") == "TCP" else other
            into.update(
                v
                for v in (declared.get("containerPort"), declared.get("name"))
                if isinstance(v, int | str)
            )
        for probe, handler, port in probe_ports(container.data):
            number = integer(port)
            if number is None:
                number = digits(port)  # "8080": a number in a string (None past MAX_DIGITS)
            key = number if number is not None else port
            if not isinstance(key, int | str) or key in tcp:
                continue
            if number is None and key not in other:
                continue  # an unknown name is probe-port's
            why = "declares it only for UDP or SCTP" if key in other else "does not declare it"
            yield Problem(
                f'{probe} {handler} port {cut(str(key))} of container "{container.name}" is not'
                f" a TCP port the container declares (it {why})",
                (*container.path, probe, handler, "port"),
            )


RULE = Rule(
    id="probe-port-declared",
    severity=Severity.WARNING,
    summary="A probe's port number is a TCP port the container declares",
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
