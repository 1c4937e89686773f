"""## What it does
Reports a ConfigMap that a pod reads (from `env[].valueFrom.configMapKeyRef`, `envFrom[]
.configMapRef`, a `configMap` volume or a projected volume's `configMap` source) and that is not
in the input, in the workload's namespace. References marked `optional: true` are not checked.

## Why is this bad?
The container cannot start (`CreateContainerConfigError`, or a volume that never mounts) until
the ConfigMap exists. If it is created outside these manifests, lower the rule's severity or
turn it off.

## Example
```yaml
envFrom:
  - configMapRef: {name: web-config}   # no such ConfigMap
```

## Use instead
```yaml
apiVersion: v1
kind: ConfigMap
metadata: {name: web-config}
data: {LOG_LEVEL: info}
```

## Options
- `assume-exist` (list of shell patterns, default none): names of objects that exist in the
  cluster though not in the input; they are not reported.
"""

from __future__ import annotations

from collections.abc import Iterator

from kubelint.findings import Severity
from kubelint.k8s.references import config_references
from kubelint.k8s.workloads import WORKLOAD_KINDS
from kubelint.objects import Resource
from kubelint.rules.assumed import ASSUME_EXIST, assumed
from kubelint.rules.base import CheckObject, Context, Problem, Rule


def missing(kind: str) -> CheckObject:
    """The check that every non-optional reference to an object of `kind` resolves."""

    def check(obj: Resource, ctx: Context) -> Iterator[Problem]:
        for ref in obj.derived(config_references):
            if (
                ref.kind == kind
                and ref.name
                and not ref.optional
                and ctx.index.get(kind, obj.ref.namespace, ref.name) is None
                and ctx.index.maker(kind, obj.ref.namespace, ref.name) is None
                and not assumed(ctx, ref.name)
            ):
                yield Problem(
                    f'{kind} "{ref.name}" is not in namespace "{obj.ref.namespace}" of the '
                    "input (mark the reference optional: true if it may be absent)",
                    ref.path,
                )

    return check


RULE = Rule(
    id="configmap-ref-exists",
    severity=Severity.WARNING,
    summary="A ConfigMap a pod reads is in the input (unless optional)",
    doc=__doc__ or "",
    options={"assume-exist": ASSUME_EXIST},
    kinds=WORKLOAD_KINDS,
    check=missing("ConfigMap"),
)
