"""## What it does
Reports a Service `nodePort` outside the cluster's node-port range (the API server's
`--service-node-port-range`, 30000-32767 unless the cluster changed it).

## Why is this bad?
The API server rejects the Service: the apply fails.

## Example
```yaml
spec:
  type: NodePort
  ports: [{port: 80, nodePort: 80}]
```

## Use instead
```yaml
spec:
  type: NodePort
  ports: [{port: 80, nodePort: 30080}]
```

## Options
- `range` (string, `"30000-32767"`): the node-port range of the target cluster, `LOW-HIGH`.
"""

from __future__ import annotations

from collections.abc import Iterator

from kubelint.findings import Severity
from kubelint.k8s.data import entries, integer, mapping
from kubelint.objects import Resource
from kubelint.rules.base import Context, Option, Problem, Rule


def check(obj: Resource, ctx: Context) -> Iterator[Problem]:
    text = ctx.options["range"]
    low, high = (int(part) for part in text.split("-"))
    for i, port in entries(mapping(obj.data.get("spec")).get("ports")):
        number = integer(port.get("nodePort"))
        if number is not None and number != 0 and not low <= number <= high:
            yield Problem(
                f"nodePort {number} is outside the range {text}", ("spec", "ports", i, "nodePort")
            )


RULE = Rule(
    id="service-nodeport-range",
    severity=Severity.ERROR,
    summary="A Service's nodePort is within the cluster's node-port range",
    doc=__doc__ or "",
    options={
        "range": Option(
            schema={"type": "string", "pattern": r"^[0-9]{1,5}-[0-9]{1,5}$"},
            default="30000-32767",
            help="the node-port range of the target cluster, LOW-HIGH",
        )
    },
    kinds=frozenset({"Service"}),
    check=check,
    local=True,
)
