"""## What it does
Reports an Ingress backend (a rule path's, or the default backend) naming a Service that is not
in the input, in the Ingress's namespace.

## Why is this bad?
The ingress controller answers 503 for every request routed to a missing Service. If the
Service is created outside these manifests, lower the rule's severity or turn it off.

## Example
```yaml
backend:
  service: {name: wbe, port: {name: http}}
```

## Use instead
```yaml
backend:
  service: {name: web, port: {name: http}}
```

## Options
- `assume-exist` (list of shell patterns, default none): names of objects that exist in the
  cluster though not in the input; they are not reported.
"""

from __future__ import annotations

from collections.abc import Iterator

from kubelint.findings import Severity
from kubelint.k8s.references import ingress_backends
from kubelint.objects import Resource
from kubelint.rules.assumed import ASSUME_EXIST, assumed
from kubelint.rules.base import Context, Problem, Rule


def check(obj: Resource, ctx: Context) -> Iterator[Problem]:
    for backend in ingress_backends(obj.data):
        if ctx.index.get("Service", obj.ref.namespace, backend.name) is None and not assumed(
            ctx, backend.name
        ):
            yield Problem(
                f'backend Service "{backend.name}" is not in namespace "{obj.ref.namespace}" '
                "of the input",
                backend.path,
            )


RULE = Rule(
    id="ingress-backend-exists",
    severity=Severity.WARNING,
    summary="An Ingress backend names a Service of the input",
    doc=__doc__ or "",
    peers=("kube-linter:dangling-ingress", "kube-score:ingress-targets-service"),
    options={"assume-exist": ASSUME_EXIST},
    kinds=frozenset({"Ingress"}),
    check=check,
)
