"""## What it does
Reports a Job that does not set `ttlSecondsAfterFinished`, and a CronJob whose job template
sets it.

## Why is this bad?
A finished Job and its pods stay in the cluster until someone deletes them: they pile up,
count against quotas and slow down controllers. `ttlSecondsAfterFinished` lets the TTL
controller delete them. A CronJob's Jobs are already pruned by its
`successfulJobsHistoryLimit` and `failedJobsHistoryLimit`; a TTL there deletes the history
those limits keep. Jobs that Helm deletes itself (a hook with `helm.sh/hook-delete-policy`)
are not reported.

## Example
```yaml
kind: Job
spec:
  template: …
```

## Use instead
```yaml
kind: Job
spec:
  ttlSecondsAfterFinished: 86400
  template: …
```
"""

from __future__ import annotations

from collections.abc import Iterator

from kubelint.findings import Severity
from kubelint.k8s.data import dig, mapping
from kubelint.objects import Resource
from kubelint.rules.base import Context, Problem, Rule


def check(obj: Resource, ctx: Context) -> Iterator[Problem]:
    if obj.kind == "CronJob":
        path = ("spec", "jobTemplate", "spec", "ttlSecondsAfterFinished")
        if dig(obj.data, *path[:-1], "ttlSecondsAfterFinished") is not None:
            yield Problem(
                "a CronJob's Jobs are pruned by its history limits; ttlSecondsAfterFinished "
                "deletes the history they keep",
                path,
                key=True,
            )
    elif mapping(obj.data.get("spec")).get(
        "ttlSecondsAfterFinished"
    ) is None and "helm.sh/hook-delete-policy" not in mapping(obj.metadata.get("annotations")):
        yield Problem(
            "the Job sets no ttlSecondsAfterFinished: it and its pods stay after it finishes",
            ("spec",),
            key=True,
        )


RULE = Rule(
    id="job-ttl",
    severity=Severity.INFO,
    summary="A Job sets ttlSecondsAfterFinished (a CronJob's job template does not)",
    doc=__doc__ or "",
    peers=("kube-linter:job-ttl-seconds-after-finished",),
    kinds=frozenset({"Job", "CronJob"}),
    check=check,
    local=True,
)
