"""## What it does
Reports a PodDisruptionBudget whose `spec.selector` selects the pods of no workload in its
namespace.

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
from kubelint.k8s.selectors import SelectorError, format_selector
from kubelint.objects import Resource
from kubelint.rules.base import Context, Problem, Rule


def check(obj: Resource, ctx: Context) -> Iterator[Problem]:
    selector = mapping(obj.data.get("spec")).get("selector")
    if not isinstance(selector, Mapping):
        return
    try:
        selected = ctx.index.selected(obj.ref.namespace, selector)
    except SelectorError:
        return  # the API server rejects it: reported by the API validation
    if not selected:
        yield Problem(
            f'selector "{format_selector(selector)}" selects no pods in namespace '
            f'"{obj.ref.namespace}"',
            ("spec", "selector"),
            key=True,
        )


RULE = Rule(
    id="pdb-selector-matches",
    severity=Severity.WARNING,
    summary="A PodDisruptionBudget selects the pods of at least one workload",
    doc=__doc__ or "",
    kinds=frozenset({"PodDisruptionBudget"}),
    check=check,
)
