"""## What it does
When the input defines IngressClasses, reports an Ingress whose `ingressClassName` names none of
them. Without IngressClasses in the input, the cluster's are unknown and nothing is checked.

## Why is this bad?
No ingress controller claims an Ingress of an unknown class: its hosts are never served.

## Example
```yaml
spec:
  ingressClassName: ngnix
```

## Use instead
```yaml
spec:
  ingressClassName: nginx
```
"""

from __future__ import annotations

from collections.abc import Iterator

from kubelint.findings import Severity
from kubelint.k8s.data import dig, text
from kubelint.objects import Resource
from kubelint.rules.base import Context, Problem, Rule


def check(obj: Resource, ctx: Context) -> Iterator[Problem]:
    name = text(dig(obj.data, "spec", "ingressClassName"))
    classes = ctx.index.of_kind("IngressClass")
    if name and classes and ctx.index.get("IngressClass", None, name) is None:
        known = ", ".join(sorted(str(c.ref.name) for c in classes))
        yield Problem(
            f'ingressClassName "{name}" is not an IngressClass of the input ({known})',
            ("spec", "ingressClassName"),
        )


RULE = Rule(
    id="ingress-class-exists",
    severity=Severity.WARNING,
    summary="An Ingress's ingressClassName names an IngressClass, when the input defines them",
    doc=__doc__ or "",
    kinds=frozenset({"Ingress"}),
    check=check,
)
