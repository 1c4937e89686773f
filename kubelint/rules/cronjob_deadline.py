"""## What it does
Reports a CronJob without `startingDeadlineSeconds`.

## Why is this bad?
Without a deadline, the CronJob controller counts every run missed since the last one (the
controller was down, the CronJob suspended): past 100 it stops scheduling the CronJob
altogether ("too many missed start times"). With a deadline it counts only within it, and a
run too late to be useful is skipped instead of started hours later.

## Example
```yaml
kind: CronJob
spec:
  schedule: "*/5 * * * *"
```

## Use instead
```yaml
kind: CronJob
spec:
  schedule: "*/5 * * * *"
  startingDeadlineSeconds: 200
```
"""

from __future__ import annotations

from collections.abc import Iterator

from kubelint.findings import Severity
from kubelint.k8s.data import mapping
from kubelint.objects import Resource
from kubelint.rules.base import Context, Problem, Rule


def check(obj: Resource, ctx: Context) -> Iterator[Problem]:
    spec = mapping(obj.data.get("spec"))
    if spec.get("startingDeadlineSeconds") is None:
        yield Problem(
            "the CronJob sets no startingDeadlineSeconds: after 100 missed runs it is no "
            "longer scheduled",
            ("spec", "schedule") if "schedule" in spec else ("spec",),
            key=True,
        )


RULE = Rule(
    id="cronjob-deadline",
    severity=Severity.WARNING,
    summary="A CronJob sets startingDeadlineSeconds",
    doc=__doc__ or "",
    peers=("kube-score:cronjob-has-deadline",),
    kinds=frozenset({"CronJob"}),
    check=check,
    local=True,
)
