"""## What it does
For a Deployment that a Service sends traffic to, advises running at least two replicas (or an
autoscaler with `minReplicas` of two or more) and having a PodDisruptionBudget that covers its
pods.

## Why is this bad?
With one replica, every node drain, eviction or crash is an outage of the Service; without a
budget, a drain can evict all replicas at once.

## Example
```yaml
kind: Deployment
spec:
  replicas: 1
```

## Use instead
```yaml
kind: Deployment
spec:
  replicas: 2
---
kind: PodDisruptionBudget
spec:
  maxUnavailable: 1
  selector: {matchLabels: {app: web}}
```
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from kubelint.findings import Severity
from kubelint.k8s.data import mapping
from kubelint.k8s.selectors import SelectorError
from kubelint.objects import ObjectIndex, Resource
from kubelint.rules.base import Context, Problem, Rule


def check_all(index: ObjectIndex, ctx: Context) -> Iterator[tuple[Resource, Problem]]:
    served: dict[int, tuple[Resource, Resource]] = {}
    for service in index.of_kind("Service"):
        selector = mapping(service.data.get("spec")).get("selector")
        if isinstance(selector, Mapping):
            for workload in index.selected_by_map(service.ref.namespace, selector):
                if workload.kind == "Deployment":
                    served.setdefault(id(workload), (workload, service))
    budgeted: set[int] = set()
    for budget in index.of_kind("PodDisruptionBudget"):
        selector = mapping(budget.data.get("spec")).get("selector")
        if isinstance(selector, Mapping):
            try:
                budgeted.update(id(w) for w in index.selected(budget.ref.namespace, selector))
            except SelectorError:
                continue
    for deployment, service in served.values():
        replicas = index.least_replicas(deployment)
        if replicas is not None and replicas < 2:
            yield (
                deployment,
                Problem(
                    f"{replicas} replica behind {service.ref}: every drain or crash is an outage; "
                    "run at least 2",
                    ("spec", "replicas")
                    if "replicas" in mapping(deployment.data.get("spec"))
                    else ("spec",),
                    key=True,
                ),
            )
        if id(deployment) not in budgeted:
            yield (
                deployment,
                Problem(
                    f"no PodDisruptionBudget covers the pods behind {service.ref}: a node drain "
                    "may evict them all at once",
                    ("metadata", "name"),
                ),
            )


RULE = Rule(
    id="deployment-availability",
    severity=Severity.INFO,
    summary="A Deployment behind a Service runs 2+ replicas and has a PodDisruptionBudget",
    doc=__doc__ or "",
    peers=(
        "kube-score:deployment-replicas",
        "kube-score:deployment-has-poddisruptionbudget",
        "kube-linter:minimum-three-replicas",
        "polaris:deploymentMissingReplicas",
        "polaris:missingPodDisruptionBudget",
    ),
    check_all=check_all,
)
