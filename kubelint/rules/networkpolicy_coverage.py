"""## What it does
When the input holds NetworkPolicies, reports a workload whose pods none of them selects, for
ingress or for egress, in their namespace. It is a warning when the namespace has policies
but none selects these pods (one was likely forgotten), an info when only one direction is
missing or the namespace has none. An input without any NetworkPolicy is not checked: its
network may be governed from elsewhere (a platform team's policies, a CNI's cluster-wide
ones), where kube-score and Polaris would report every workload.

## Why is this bad?
A pod no NetworkPolicy selects accepts connections from, and opens them to, every pod of the
cluster: one compromised pod anywhere reaches it, and it reaches everything.

## Example
```yaml
kind: Deployment
metadata: {name: web, namespace: shop}
# … and no NetworkPolicy in namespace shop selects app: web
```

## Use instead
```yaml
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress, Egress]
  ingress: [{from: [{podSelector: {matchLabels: {app: gateway}}}]}]
  egress: [{to: [{podSelector: {matchLabels: {app: db}}}]}]
```
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
from typing import Any

from kubelint.findings import Severity
from kubelint.k8s.data import mapping
from kubelint.k8s.selectors import SelectorError, matches
from kubelint.k8s.workloads import WORKLOAD_KINDS, pod_labels
from kubelint.objects import ObjectIndex, Resource
from kubelint.rules.base import Context, Problem, Rule


def directions(policy: Mapping[str, Any]) -> set[str]:
    """The directions a NetworkPolicy isolates its pods for (its `policyTypes`, defaulted as
    the API server defaults them)."""
    spec = mapping(policy.get("spec"))
    types = spec.get("policyTypes")
    if isinstance(types, list):
        return {t for t in types if t in ("Ingress", "Egress")}
    return {"Ingress", "Egress"} if spec.get("egress") else {"Ingress"}


def _selects(policy: Resource, labels: Mapping[str, Any]) -> bool:
    selector = mapping(policy.data.get("spec")).get("podSelector")
    try:
        return isinstance(selector, Mapping) and matches(selector, labels)
    except SelectorError:
        return False


def check_all(index: ObjectIndex, ctx: Context) -> Iterator[tuple[Resource, Problem]]:
    policies: dict[str | None, list[Resource]] = defaultdict(list)
    for policy in index.of_kind("NetworkPolicy"):
        policies[policy.ref.namespace].append(policy)
    if not policies:
        return
    for obj in index.of_kind(*sorted(WORKLOAD_KINDS)):
        if obj.kind == "Pod" and obj.metadata.get("ownerReferences"):
            continue
        if problem := _uncovered(obj, policies[obj.ref.namespace]):
            yield obj, problem


def _uncovered(obj: Resource, policies: list[Resource]) -> Problem | None:
    labels = obj.derived(pod_labels)
    covered = set().union(*(directions(p.data) for p in policies if _selects(p, labels)))
    missing = [d for d in ("Ingress", "Egress") if d not in covered]
    if not missing:
        return None
    what = " or ".join(d.lower() for d in missing)
    return Problem(
        f'no NetworkPolicy of namespace "{obj.ref.namespace}" in the input selects its pods '
        f"for {what}",
        ("metadata", "name"),
        severity=Severity.WARNING if policies and not covered else Severity.INFO,
    )


RULE = Rule(
    id="networkpolicy-coverage",
    severity=Severity.WARNING,
    summary="A NetworkPolicy selects every workload's pods, for ingress and egress",
    doc=__doc__ or "",
    peers=("kube-score:pod-networkpolicy", "polaris:missingNetworkPolicy"),
    check_all=check_all,
)
