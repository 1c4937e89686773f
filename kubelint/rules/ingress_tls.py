"""## What it does
Reports an Ingress without `spec.tls`.

## Why is this bad?
Without TLS the Ingress serves its hosts over plain HTTP: credentials, cookies and data
cross the network readable and alterable by anyone on the path. (If TLS ends before the
Ingress controller, on a cloud load balancer, turn this rule off for those Ingresses.)

## Example
```yaml
spec:
  rules:
    - host: shop.example.com
```

## Use instead
```yaml
spec:
  tls:
    - hosts: [shop.example.com]
      secretName: shop-tls
  rules:
    - host: shop.example.com
```
"""

from __future__ import annotations

from collections.abc import Iterator

from kubelint.findings import Severity
from kubelint.k8s.data import mapping
from kubelint.objects import Resource
from kubelint.rules.base import Context, Problem, Rule


def check(obj: Resource, ctx: Context) -> Iterator[Problem]:
    spec = mapping(obj.data.get("spec"))
    if not spec.get("tls"):
        yield Problem(
            "the Ingress has no tls section: its hosts are served over plain HTTP",
            ("spec", "tls") if "tls" in spec else ("spec",),
            key=True,
        )


RULE = Rule(
    id="ingress-tls",
    severity=Severity.WARNING,
    summary="An Ingress serves its hosts over TLS",
    doc=__doc__ or "",
    peers=("polaris:tlsSettingsMissing",),
    kinds=frozenset({"Ingress"}),
    check=check,
    local=True,
)
