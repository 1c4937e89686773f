"""## What it does
Checks that a Service's `type` is one of `ClusterIP`, `NodePort`, `LoadBalancer` and
`ExternalName`, spelled exactly so.

## Why is this bad?
The API server rejects any other value, `nodeport` and `Loadbalancer` included: the apply fails.

## Example
```yaml
spec:
  type: Nodeport
```

## Use instead
```yaml
spec:
  type: NodePort
```
"""

from __future__ import annotations

from collections.abc import Iterator

from kubelint.findings import Severity
from kubelint.k8s.data import mapping
from kubelint.objects import Resource, describe
from kubelint.rules.base import Context, Problem, Rule

TYPES = ("ClusterIP", "NodePort", "LoadBalancer", "ExternalName")


def check(obj: Resource, ctx: Context) -> Iterator[Problem]:
    spec = mapping(obj.data.get("spec"))
    if "type" not in spec or spec["type"] in TYPES:
        return
    value = spec["type"]
    same = [t for t in TYPES if isinstance(value, str) and t.lower() == value.lower()]
    hint = f' (did you mean "{same[0]}"? case matters)' if same else ""
    yield Problem(
        f"type is {describe(value)}, not one of {', '.join(TYPES)}{hint}", ("spec", "type")
    )


RULE = Rule(
    id="service-type",
    severity=Severity.ERROR,
    summary="A Service's type is ClusterIP, NodePort, LoadBalancer or ExternalName",
    doc=__doc__ or "",
    kinds=frozenset({"Service"}),
    check=check,
    local=True,
)
