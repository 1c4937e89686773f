"""## What it does
Reports a StatefulSet whose `serviceName` names a Service that is not in the input, or one that
is not headless (`clusterIP: None`).

## Why is this bad?
The governing Service gives each pod its stable DNS name (`web-0.web.ns.svc`). Without it, or
with a Service that has a cluster IP, those names do not resolve, and peers that find each other
by them (databases, brokers) never form a cluster.

## Example
```yaml
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db        # a ClusterIP Service, or none at all
```

## Use instead
```yaml
kind: Service
metadata: {name: db}
spec:
  clusterIP: None
  selector: {app: db}
  ports: [{port: 5432}]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from kubelint.findings import Severity
from kubelint.k8s.data import dig, text
from kubelint.objects import Resource
from kubelint.rules.base import Context, Problem, Rule


def check(obj: Resource, ctx: Context) -> Iterator[Problem]:
    name = text(dig(obj.data, "spec", "serviceName"))
    if name is None:
        return
    service = ctx.index.get("Service", obj.ref.namespace, name)
    path = ("spec", "serviceName")
    if service is None:
        yield Problem(
            f'serviceName "{name}" names no Service in namespace "{obj.ref.namespace}" of the '
            "input; create a headless Service (clusterIP: None)",
            path,
        )
    elif dig(service.data, "spec", "clusterIP") != "None":
        where = service.where(("metadata", "name"))
        yield Problem(
            f'Service "{name}" ({where}) is not headless; set its clusterIP to None', path
        )


RULE = Rule(
    id="statefulset-service-name",
    severity=Severity.WARNING,
    summary="A StatefulSet's serviceName names a headless Service of the input",
    doc=__doc__ or "",
    peers=("kube-score:statefulset-has-servicename",),
    kinds=frozenset({"StatefulSet"}),
    check=check,
)
