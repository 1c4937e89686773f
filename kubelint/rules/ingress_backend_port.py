"""## What it does
Reports an Ingress backend whose port (a `number`, or a `name`) is not a port of the Service it
names. Backends naming a Service that is not in the input are left to `ingress-backend-exists`.

## Why is this bad?
The ingress controller finds no such port on the Service and answers 503 for every request to
that path.

## Example
```yaml
# Service web
ports: [{name: http, port: 80, targetPort: 8080}]
# Ingress
backend:
  service: {name: web, port: {number: 8080}}   # the targetPort, not the Service port
```

## Use instead
```yaml
backend:
  service: {name: web, port: {name: http}}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from kubelint.findings import Severity
from kubelint.k8s.data import dig, entries
from kubelint.k8s.references import ingress_backends
from kubelint.objects import Resource
from kubelint.rules.base import Context, Problem, Rule


def check(obj: Resource, ctx: Context) -> Iterator[Problem]:
    for backend in ingress_backends(obj.data):
        service = ctx.index.get("Service", obj.ref.namespace, backend.name)
        if service is None or backend.port is None:
            continue
        if dig(service.data, "spec", "type") == "ExternalName":
            continue
        ports = [port for _, port in entries(dig(service.data, "spec", "ports"))]
        field = "port" if isinstance(backend.port, int) else "name"
        if any(port.get(field) == backend.port for port in ports):
            continue
        offered = ", ".join(
            f"{port.get('port')}" + (f" ({port['name']})" if port.get("name") else "")
            for port in ports
        )
        what = f"port {backend.port}" if field == "port" else f'port name "{backend.port}"'
        yield Problem(
            f'Service "{backend.name}" has no {what} (its ports: {offered or "none"})',
            backend.port_path,
        )


RULE = Rule(
    id="ingress-backend-port",
    severity=Severity.ERROR,
    summary="An Ingress backend's port is a port of its Service",
    doc=__doc__ or "",
    kinds=frozenset({"Ingress"}),
    check=check,
)
