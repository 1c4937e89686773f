"""## What it does
Reports a HorizontalPodAutoscaler that cannot scale: its `minReplicas` (default 1) equals its
`maxReplicas`. With the `min-replicas` option, also one whose `minReplicas` is below it.

## Why is this bad?
An autoscaler whose bounds are equal never changes the replica count; it only hides a fixed
`replicas` behind an object that looks like it scales. A minimum of one replica leaves the
workload down while that one pod is rescheduled.

## Example
```yaml
spec:
  minReplicas: 3
  maxReplicas: 3
```

## Use instead
```yaml
spec:
  minReplicas: 3
  maxReplicas: 10
```

## Options
- `min-replicas` (integer, default 1: off): the least `minReplicas` an autoscaler may have
  (kube-score and Polaris use 2).
"""

from __future__ import annotations

from collections.abc import Iterator

from kubelint.findings import Severity
from kubelint.k8s.data import integer, mapping
from kubelint.objects import Resource
from kubelint.rules.base import Context, Option, Problem, Rule


def check(obj: Resource, ctx: Context) -> Iterator[Problem]:
    spec = mapping(obj.data.get("spec"))
    low, high = integer(spec.get("minReplicas", 1)), integer(spec.get("maxReplicas"))
    at = ("spec", "minReplicas") if "minReplicas" in spec else ("spec", "maxReplicas")
    if low is not None and low == high:
        yield Problem(f"minReplicas and maxReplicas are both {low}: it never scales", at)
    elif low is not None and low < ctx.options["min-replicas"]:
        yield Problem(
            f"minReplicas {low} is below {ctx.options['min-replicas']}: a single pod's "
            "disruption takes the workload down",
            at,
        )


RULE = Rule(
    id="hpa-scaling",
    severity=Severity.WARNING,
    summary="A HorizontalPodAutoscaler can scale: minReplicas below maxReplicas",
    doc=__doc__ or "",
    options={
        "min-replicas": Option(
            {"type": "integer", "minimum": 1}, 1, "the least minReplicas an autoscaler may have"
        )
    },
    peers=("polaris:hpaMaxAvailability",),
    kinds=frozenset({"HorizontalPodAutoscaler"}),
    check=check,
    local=True,
)
