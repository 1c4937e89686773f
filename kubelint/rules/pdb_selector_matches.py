"""## What it does
Reports a PodDisruptionBudget whose `spec.selector` selects the pods of no workload in its
namespace. A selector that selects a custom resource's labels (its own, or a `labels` map in its
spec) is not reported: an operator may make the pods from it, as prometheus-operator makes an
Alertmanager's pods with the Alertmanager's labels.

## Why is this bad?
A budget that selects nothing protects nothing: a node drain evicts the pods it was written for
all at once. It is usually a label typo or a label renamed on the workload only.

## Example
```yaml
kind: PodDisruptionBudget
metadata: {name: web}
spec:
  minAvailable: 1
  selector: {matchLabels: {app: wbe}}
```

## Use instead
```yaml
kind: PodDisruptionBudget
metadata: {name: web}
spec:
  minAvailable: 1
  selector: {matchLabels: {app: web}}
```
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from kubelint.findings import Severity
from kubelint.k8s.data import mapping
from kubelint.objects import Resource
from kubelint.rules.base import Context, Problem, Rule
from kubelint.rules.targets import selects_nothing


def check(obj: Resource, ctx: Context) -> Iterator[Problem]:
    selector = mapping(obj.data.get("spec")).get("selector")
    if isinstance(selector, Mapping) and (
        problem := selects_nothing(obj, ctx, selector, ("spec", "selector"), "selector")
    ):
        yield problem


RULE = Rule(
    id="pdb-selector-matches",
    severity=Severity.WARNING,
    summary="A PodDisruptionBudget selects the pods of at least one workload",
    doc=__doc__ or "",
    kinds=frozenset({"PodDisruptionBudget"}),
    check=check,
)
