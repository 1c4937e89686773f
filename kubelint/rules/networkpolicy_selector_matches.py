"""## What it does
Reports a NetworkPolicy whose `spec.podSelector` selects no pods in its namespace, and a peer of
an ingress or egress rule whose `podSelector` (with no `namespaceSelector`, so in the policy's
own namespace) selects none. An empty selector (`{}`, every pod) is not checked, nor one that
selects a custom resource's labels (its own, or a `labels` map in its spec): an operator may make
the pods from it, as prometheus-operator makes a Prometheus's pods with the Prometheus's labels.

## Why is this bad?
A policy that selects no pod isolates nothing; a peer that selects no pod allows traffic from
(or to) nobody, so the traffic it was written to allow is dropped.

## Example
```yaml
kind: NetworkPolicy
metadata: {name: db}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress:
    - from: [{podSelector: {matchLabels: {app: wbe}}}]
```

## Use instead
```yaml
kind: NetworkPolicy
metadata: {name: db}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress:
    - from: [{podSelector: {matchLabels: {app: web}}}]
```
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from kubelint.findings import Severity
from kubelint.k8s.data import entries, mapping
from kubelint.objects import Resource
from kubelint.rules.base import Context, Problem, Rule
from kubelint.rules.targets import selects_nothing
from kubelint.yamlload import JsonPath


def _selectors(spec: Mapping[str, Any]) -> Iterator[tuple[Any, JsonPath, str]]:
    yield spec.get("podSelector"), ("spec", "podSelector"), "podSelector"
    for direction, peers in (("ingress", "from"), ("egress", "to")):
        for i, rule in entries(spec.get(direction)):
            for j, peer in entries(rule.get(peers)):
                if "namespaceSelector" not in peer:
                    path = ("spec", direction, i, peers, j, "podSelector")
                    yield peer.get("podSelector"), path, f"{direction} peer podSelector"


def check(obj: Resource, ctx: Context) -> Iterator[Problem]:
    for selector, path, what in _selectors(mapping(obj.data.get("spec"))):
        if (
            isinstance(selector, Mapping)
            and selector
            and (problem := selects_nothing(obj, ctx, selector, path, what))
        ):
            yield problem


RULE = Rule(
    id="networkpolicy-selector-matches",
    severity=Severity.WARNING,
    summary="A NetworkPolicy's pod selectors, and its peers', select existing pods",
    doc=__doc__ or "",
    peers=(
        "kube-linter:dangling-networkpolicy",
        "kube-linter:dangling-networkpolicypeer-podselector",
        "kube-score:networkpolicy-targets-pod",
    ),
    kinds=frozenset({"NetworkPolicy"}),
    check=check,
)
