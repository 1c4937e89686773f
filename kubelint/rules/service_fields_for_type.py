"""## What it does
Checks the fields that depend on a Service's `type`:
- an `ExternalName` Service needs `externalName`;
- `nodePort` may only be set on `NodePort` and `LoadBalancer` Services (`nodePort: 0`, which
  exported objects carry, means unset and is accepted);
- a headless Service (`clusterIP: None`) must be of type `ClusterIP`;
- every other Service that is neither headless nor `ExternalName` needs at least one port.

## Why is this bad?
The API server rejects each of these: the apply fails.

## Example
```yaml
spec:
  type: ClusterIP
  ports: [{port: 80, nodePort: 30080}]
```

## Use instead
```yaml
spec:
  type: NodePort
  ports: [{port: 80, nodePort: 30080}]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from kubelint.findings import Severity
from kubelint.k8s.data import entries, integer, mapping, text
from kubelint.objects import Resource
from kubelint.rules.base import Context, Problem, Rule

NODE_PORT_TYPES = ("NodePort", "LoadBalancer")


def check(obj: Resource, ctx: Context) -> Iterator[Problem]:
    if "spec" not in obj.data:
        return  # required-fields reports it
    spec = mapping(obj.data.get("spec"))
    kind = spec.get("type", "ClusterIP")
    headless = spec.get("clusterIP") == "None"
    if kind == "ExternalName" and not text(spec.get("externalName")):
        yield Problem('type ExternalName needs "externalName" (a DNS name)', ("spec", "type"))
    if headless and kind in NODE_PORT_TYPES:
        yield Problem(
            f"clusterIP None (headless) is not allowed with type {kind}", ("spec", "clusterIP")
        )
    if kind in ("ClusterIP", "ExternalName"):
        for i, port in entries(spec.get("ports")):
            if port.get("nodePort") is not None and integer(port.get("nodePort")) != 0:
                yield Problem(
                    f"nodePort may only be set when type is NodePort or LoadBalancer, not {kind}",
                    ("spec", "ports", i, "nodePort"),
                )
    if kind in ("ClusterIP", *NODE_PORT_TYPES) and not headless and not spec.get("ports"):
        yield Problem(
            f"a {kind} Service needs at least one port (only headless and ExternalName "
            "Services may have none)",
            ("spec", "ports") if "ports" in spec else ("spec",),
            key="ports" in spec,
        )


RULE = Rule(
    id="service-fields-for-type",
    severity=Severity.ERROR,
    summary="A Service's externalName, nodePort, clusterIP None and ports fit its type",
    doc=__doc__ or "",
    kinds=frozenset({"Service"}),
    check=check,
    local=True,
)
