"""## What it does
Reports a Deployment or StatefulSet of at least two pods whose rolling update may take every pod
down at once: a `maxUnavailable` of `100%`, or at least its number of replicas (or its
autoscaler's `minReplicas`).

## Why is this bad?
Such a rolling update is a Recreate in disguise: every rollout is an outage, though the
workload runs several replicas precisely to avoid one.

## Example
```yaml
replicas: 3
strategy:
  type: RollingUpdate
  rollingUpdate: {maxUnavailable: 3}
```

## Use instead
```yaml
replicas: 3
strategy:
  type: RollingUpdate
  rollingUpdate: {maxUnavailable: 1, maxSurge: 1}
```
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from kubelint.findings import Severity
from kubelint.k8s.data import dig, integer, percent
from kubelint.objects import Resource
from kubelint.rules.base import Context, Problem, Rule

STRATEGY_FIELDS = {"Deployment": "strategy", "StatefulSet": "updateStrategy"}


def check(obj: Resource, ctx: Context) -> Iterator[Problem]:
    field = STRATEGY_FIELDS[str(obj.kind)]
    value = dig(obj.data, "spec", field, "rollingUpdate", "maxUnavailable")
    replicas = ctx.index.least_replicas(obj)
    if value is None or replicas is None or replicas < 2:
        return
    if (share := percent(value)) is not None:
        down = math.floor(share * replicas / 100)  # the API server rounds down
    else:
        down = integer(value) or 0
    if down >= replicas:
        yield Problem(
            f"maxUnavailable {value} lets a rollout take all {replicas} pods down at once",
            ("spec", field, "rollingUpdate", "maxUnavailable"),
        )


RULE = Rule(
    id="rolling-update",
    severity=Severity.WARNING,
    summary="A rolling update keeps at least one pod of a replicated workload up",
    doc=__doc__ or "",
    kinds=frozenset(STRATEGY_FIELDS),
    check=check,
)
