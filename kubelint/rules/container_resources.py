"""## What it does
Reports a container (app, init or sidecar) without the resource requests and limits the options
name: by default cpu and memory, both requested and limited.

## Why is this bad?
Without requests the scheduler places pods blind and the pod is first to be evicted under
pressure; without a memory limit one leak takes the node's memory from every other pod. Teams
that prefer no CPU limit (to avoid throttling) set `limits: [memory]`.

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
    resources:
      requests: {cpu: 100m, memory: 128Mi}
      limits: {cpu: "1", memory: 256Mi}
```

## Options
- `requests` (list of resource names, default `[cpu, memory]`): the requests each container sets.
- `limits` (list of resource names, default `[cpu, memory]`): the limits each container sets.
"""

from __future__ import annotations

from collections.abc import Iterator

from kubelint.findings import Severity
from kubelint.k8s.data import dig, mapping
from kubelint.k8s.workloads import WORKLOAD_KINDS, containers
from kubelint.objects import Resource
from kubelint.rules.base import Context, Option, Problem, Rule


def check(obj: Resource, ctx: Context) -> Iterator[Problem]:
    for container in obj.derived(containers):
        if container.field == "ephemeralContainers":
            continue  # they cannot have resources
        missing = [
            f"{name} {kind[:-1]}"
            for kind in ("requests", "limits")
            for name in ctx.options[kind]
            if name not in mapping(dig(container.data, "resources", kind))
        ]
        if missing:
            yield Problem(
                f'container "{container.name}" sets no {", ".join(missing)}',
                (*container.path, "resources"),
                key=True,
            )


_NAMES = {"type": "array", "items": {"type": "string"}, "uniqueItems": True}
RULE = Rule(
    id="container-resources",
    severity=Severity.WARNING,
    summary="Containers set resource requests and limits",
    doc=__doc__ or "",
    peers=(
        "kube-linter:unset-cpu-requirements",
        "kube-linter:unset-memory-requirements",
        "kube-score:container-resources",
        "polaris:cpuRequestsMissing",
        "polaris:cpuLimitsMissing",
        "polaris:memoryRequestsMissing",
        "polaris:memoryLimitsMissing",
    ),
    options={
        "requests": Option(_NAMES, ["cpu", "memory"], "the requests each container sets"),
        "limits": Option(_NAMES, ["cpu", "memory"], "the limits each container sets"),
    },
    kinds=WORKLOAD_KINDS,
    check=check,
    local=True,
)
