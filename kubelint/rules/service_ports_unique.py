"""## What it does
Checks a Service's `ports`: no two with the same `port` and `protocol`, no two with the same
`name`, and a `name` on every port when there is more than one.

## Why is this bad?
The API server rejects each of these: the apply fails.

## Example
```yaml
ports:
  - {port: 80, targetPort: http}
  - {port: 80, targetPort: metrics}
```

## Use instead
```yaml
ports:
  - {name: http, port: 80, targetPort: http}
  - {name: metrics, port: 9090, targetPort: metrics}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from kubelint.findings import Severity
from kubelint.k8s.data import entries, mapping
from kubelint.objects import Resource
from kubelint.rules.base import Context, Problem, Rule


def check(obj: Resource, ctx: Context) -> Iterator[Problem]:
    ports = list(entries(mapping(obj.data.get("spec")).get("ports")))
    numbers: dict[tuple[str, str], int] = {}
    names: dict[str, int] = {}
    for i, port in ports:
        if port.get("port") is not None:
            key = (str(port.get("port")), str(port.get("protocol", "TCP")))
            first = numbers.setdefault(key, i)
            if first != i:
                yield Problem(
                    f"port {key[0]}/{key[1]} is already defined by ports[{first}]",
                    ("spec", "ports", i, "port"),
                )
        name = port.get("name")
        if name is None or name == "":
            if len(ports) > 1:
                yield Problem(
                    "a name is required on every port when a Service has more than one",
                    ("spec", "ports", i),
                )
            continue
        first = names.setdefault(str(name), i)
        if first != i:
            yield Problem(
                f'port name "{name}" is already used by ports[{first}]',
                ("spec", "ports", i, "name"),
            )


RULE = Rule(
    id="service-ports-unique",
    severity=Severity.ERROR,
    summary="A Service's ports are unique by port/protocol and by name, and named when several",
    doc=__doc__ or "",
    kinds=frozenset({"Service"}),
    check=check,
    local=True,
)
