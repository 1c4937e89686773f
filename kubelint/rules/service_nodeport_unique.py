"""## What it does
Reports a `nodePort` used twice: by two Services of the input (node ports are cluster-wide,
whatever the namespace), or twice with the same protocol in one Service. Services are compared
within their unit (see README, Units); two files of a plain folder may be alternatives, so
there it is a warning.

## Why is this bad?
The API server allocates each node port once: the second Service is rejected with "provided port
is already allocated".

## Example
```yaml
# web.yaml
ports: [{port: 80, nodePort: 30080}]
# api.yaml
ports: [{port: 80, nodePort: 30080}]
```

## Use instead
```yaml
# api.yaml
ports: [{port: 80, nodePort: 30081}]   # or leave nodePort out: one is allocated
```
"""

from __future__ import annotations

from collections.abc import Iterator

from kubelint.findings import Severity
from kubelint.k8s.data import entries, integer, mapping
from kubelint.objects import ObjectIndex, Resource
from kubelint.rules.base import Context, Problem, Rule


def check_all(index: ObjectIndex, ctx: Context) -> Iterator[tuple[Resource, Problem]]:
    first: dict[int, tuple[Resource, int, object]] = {}
    for service in index.of_kind("Service"):
        for i, port in entries(mapping(service.data.get("spec")).get("ports")):
            number = integer(port.get("nodePort"))
            if not number:
                continue
            protocol = port.get("protocol", "TCP")
            seen = first.setdefault(number, (service, i, protocol))
            if seen[0] is service and (seen[1] == i or seen[2] != protocol):
                continue  # the same port, or one number for TCP and UDP of one Service
            other, j, _ = seen
            where = other.where(("spec", "ports", j, "nodePort"))
            message = f"nodePort {number} is already used by {other.ref} ({where})"
            # two files of a plain folder may be alternatives (kubelint.units): a warning there
            alternatives = not index.together and other.file != service.file
            yield (
                service,
                Problem(
                    f"{message} (alternatives?)" if alternatives else message,
                    ("spec", "ports", i, "nodePort"),
                    severity=Severity.WARNING if alternatives else None,
                ),
            )


RULE = Rule(
    id="service-nodeport-unique",
    severity=Severity.ERROR,
    summary="Each nodePort is used by one Service only",
    doc=__doc__ or "",
    check_all=check_all,
)
