"""## What it does
Reports a HorizontalPodAutoscaler whose `minReplicas` (default 1) is greater than its
`maxReplicas`.

## Why is this bad?
The API server rejects it (`maxReplicas` must be greater than or equal to `minReplicas`); the
whole apply fails.

## Example
```yaml
spec:
  minReplicas: 5
  maxReplicas: 3
```

## Use instead
```yaml
spec:
  minReplicas: 3
  maxReplicas: 5
```
"""

from __future__ import annotations

from collections.abc import Iterator

from kubelint.findings import Severity
from kubelint.k8s.data import integer, mapping
from kubelint.objects import Resource
from kubelint.rules.base import Context, Problem, Rule


def check(obj: Resource, ctx: Context) -> Iterator[Problem]:
    spec = mapping(obj.data.get("spec"))
    low, high = integer(spec.get("minReplicas", 1)), integer(spec.get("maxReplicas"))
    if low is not None and high is not None and low > high:
        yield Problem(
            f"minReplicas {low} is greater than maxReplicas {high}",
            ("spec", "minReplicas") if "minReplicas" in spec else ("spec", "maxReplicas"),
        )


RULE = Rule(
    id="hpa-replica-range",
    severity=Severity.ERROR,
    summary="A HorizontalPodAutoscaler's minReplicas is at most its maxReplicas",
    doc=__doc__ or "",
    kinds=frozenset({"HorizontalPodAutoscaler"}),
    check=check,
    local=True,
)
