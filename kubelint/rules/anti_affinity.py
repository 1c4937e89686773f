"""## What it does
Reports a workload that runs `min-replicas` pods or more (its HorizontalPodAutoscaler's
`minReplicas` when one scales it) without spreading them over nodes: no pod anti-affinity
term, required or preferred, and no topology spread constraint, that selects its own pods
with the `topology-key` (default `kubernetes.io/hostname`).

## Why is this bad?
Replicas are there to survive the loss of one: when the scheduler puts them on the same node,
one node failure or drain takes them all. The scheduler's default spreading is a soft
preference that gives way to resource fit.

## Example
```yaml
spec:
  replicas: 3
  template:
    metadata: {labels: {app: web}}
```

## Use instead
```yaml
spec:
  replicas: 3
  template:
    metadata: {labels: {app: web}}
    spec:
      affinity:
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
            - weight: 100
              podAffinityTerm:
                labelSelector: {matchLabels: {app: web}}
                topologyKey: kubernetes.io/hostname
```

## Options
- `min-replicas` (integer, default 2): the replica count from which spreading is expected.
- `topology-key` (string, default `kubernetes.io/hostname`): the node label to spread over.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from kubelint.findings import Severity
from kubelint.k8s.data import dig, entries, mapping
from kubelint.k8s.selectors import SelectorError, matches
from kubelint.k8s.workloads import pod_labels, pod_spec
from kubelint.objects import Resource
from kubelint.rules.base import Context, Option, Problem, Rule

REPLICATED = frozenset({"Deployment", "StatefulSet", "ReplicaSet", "ReplicationController"})


def _selects(
    term: Mapping[str, Any], labels: Mapping[str, Any], namespace: str | None, key: str
) -> bool:
    """Whether a term spreads these pods: on the key, selecting their labels, in their
    namespace (a term naming `namespaces` applies to those only)."""
    namespaces = term.get("namespaces")
    if isinstance(namespaces, list) and namespaces and namespace not in namespaces:
        return False
    if term.get("topologyKey") != key:
        return False
    try:
        return matches(mapping(term.get("labelSelector")), labels)
    except SelectorError:
        return False


def spreads(
    spec: Mapping[str, Any], labels: Mapping[str, Any], namespace: str | None, key: str
) -> bool:
    anti = dig(spec, "affinity", "podAntiAffinity")
    if anti is None and "topologySpreadConstraints" not in spec:
        return False  # (most pods set neither: no term to build)
    terms = [t for _, t in entries(dig(anti, "requiredDuringSchedulingIgnoredDuringExecution"))]
    terms += [
        mapping(t.get("podAffinityTerm"))
        for _, t in entries(dig(anti, "preferredDuringSchedulingIgnoredDuringExecution"))
    ]
    terms += [t for _, t in entries(spec.get("topologySpreadConstraints"))]
    return any(_selects(term, labels, namespace, key) for term in terms)


def check(obj: Resource, ctx: Context) -> Iterator[Problem]:
    found = obj.derived(pod_spec)
    replicas = ctx.index.least_replicas(obj)
    if found is None or replicas is None or replicas < ctx.options["min-replicas"]:
        return
    path, spec = found
    key = ctx.options["topology-key"]
    if not spreads(spec, obj.derived(pod_labels), obj.ref.namespace, key):
        at = ("spec", "replicas") if "replicas" in mapping(obj.data.get("spec")) else path
        yield Problem(
            f"{replicas} replicas, but no pod anti-affinity or topology spread constraint "
            f'on "{key}" selects its pods: they may all run on one node',
            at,
            key=at == path,
        )


RULE = Rule(
    id="anti-affinity",
    severity=Severity.INFO,
    summary="A replicated workload spreads its pods over nodes (anti-affinity or spread)",
    doc=__doc__ or "",
    options={
        "min-replicas": Option(
            {"type": "integer", "minimum": 1},
            2,
            "the replica count from which spreading is expected",
        ),
        "topology-key": Option(
            {"type": "string", "minLength": 1},
            "kubernetes.io/hostname",
            "the node label to spread over",
        ),
    },
    peers=(
        "kube-linter:no-anti-affinity",
        "kube-score:deployment-has-host-podantiaffinity",
        "kube-score:statefulset-has-host-podantiaffinity",
    ),
    kinds=REPLICATED,
    check=check,
)
