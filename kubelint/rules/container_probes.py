"""## What it does
Reports an app container of a long-running workload (Deployment, StatefulSet, DaemonSet,
ReplicaSet, ReplicationController) without a liveness or a readiness probe. Jobs, CronJobs and
bare Pods, init containers and sidecars are not checked.

## Why is this bad?
Without a readiness probe a pod receives traffic before it can serve it and while it is broken,
and a rolling update cannot tell a failing new version from a working one; without a liveness
probe a hung process is never restarted.

## Example
```yaml
containers:
  - name: web
    image: nginx:1.27
```

## Use instead
```yaml
containers:
  - name: web
    image: nginx:1.27
    ports: [{name: http, containerPort: 80}]
    readinessProbe: {httpGet: {path: /ready, port: http}}
    livenessProbe: {httpGet: {path: /healthz, port: http}}
```

## Options
- `probes` (list, default `[livenessProbe, readinessProbe]`): the probes each container has
  (`startupProbe` may be added).
"""

from __future__ import annotations

from collections.abc import Iterator

from kubelint.findings import Severity
from kubelint.k8s.workloads import LONG_RUNNING_KINDS, containers
from kubelint.objects import Resource
from kubelint.rules.base import Context, Option, Problem, Rule


def check(obj: Resource, ctx: Context) -> Iterator[Problem]:
    for container in obj.derived(containers):
        if container.field != "containers":
            continue
        missing = [p for p in ctx.options["probes"] if container.data.get(p) is None]
        if missing:
            yield Problem(
                f'container "{container.name}" has no {" and no ".join(missing)}',
                (*container.path, "name"),
            )


RULE = Rule(
    id="container-probes",
    severity=Severity.WARNING,
    summary="Containers of long-running workloads have liveness and readiness probes",
    doc=__doc__ or "",
    peers=(
        "kube-linter:no-liveness-probe",
        "kube-linter:no-readiness-probe",
        "kube-score:pod-probes",
        "polaris:livenessProbeMissing",
        "polaris:readinessProbeMissing",
    ),
    options={
        "probes": Option(
            {
                "type": "array",
                "items": {"enum": ["livenessProbe", "readinessProbe", "startupProbe"]},
                "uniqueItems": True,
            },
            ["livenessProbe", "readinessProbe"],
            "the probes each container has",
        )
    },
    kinds=LONG_RUNNING_KINDS,
    check=check,
    local=True,
)
