"""## What it does
Checks the fields every Kubernetes object needs: `apiVersion` and `kind` (non-empty strings),
`metadata` (a mapping) with a `name` or a `generateName`, and a `spec` for the kinds that cannot
exist without one (workloads, Services, volumes and claims, …). A YAML document that is not a
mapping at all (a list, a bare string) is reported here too.

## Why is this bad?
The API server rejects such an object before any other check, and tools that look objects up by
kind and name cannot see it.

## Example
```yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  labels: {app: web}
```

## Use instead
```yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: nginx:1.27}]
```

## Options
- `spec-kinds` (list of kinds): the kinds that must have a `spec`.
"""

from __future__ import annotations

from collections.abc import Iterator

from kubelint.findings import Severity
from kubelint.k8s.data import is_mapping
from kubelint.objects import Resource, describe
from kubelint.rules.base import Context, Option, Problem, Rule

SPEC_KINDS = (
    "CronJob",
    "CustomResourceDefinition",
    "DaemonSet",
    "Deployment",
    "HorizontalPodAutoscaler",
    "Ingress",
    "Job",
    "NetworkPolicy",
    "PersistentVolume",
    "PersistentVolumeClaim",
    "Pod",
    "ReplicaSet",
    "ReplicationController",
    "Service",
    "StatefulSet",
)


def check(obj: Resource, ctx: Context) -> Iterator[Problem]:
    data = obj.data
    for name in ("apiVersion", "kind"):
        value = data.get(name)
        if name not in data:
            yield Problem(f'missing required field "{name}"')
        elif not isinstance(value, str) or not value:
            yield Problem(f"{name}: expected a non-empty string, got {describe(value)}", (name,))
    if "metadata" not in data:
        yield Problem('missing required field "metadata"')
    elif not is_mapping(data["metadata"]):
        yield Problem(
            f"metadata: expected a mapping, got {describe(data['metadata'])}", ("metadata",)
        )
    else:
        meta = data["metadata"]
        names = [key for key in ("name", "generateName") if key in meta]
        if not names:
            yield Problem(
                'metadata: missing required field "name" (or "generateName")', ("metadata", "name")
            )
        for key in names:
            if not isinstance(meta[key], str) or not meta[key]:
                yield Problem(
                    f"metadata.{key}: expected a non-empty string, got {describe(meta[key])}",
                    ("metadata", key),
                )
    kind = data.get("kind")
    if "spec" not in data and isinstance(kind, str) and kind in ctx.options["spec-kinds"]:
        yield Problem(f'missing required field "spec" (a {kind} has no meaning without one)')


RULE = Rule(
    id="required-fields",
    severity=Severity.ERROR,
    summary="apiVersion, kind, metadata.name and (for most kinds) spec are present",
    doc=__doc__ or "",
    options={
        "spec-kinds": Option(
            schema={"type": "array", "items": {"type": "string"}, "uniqueItems": True},
            default=list(SPEC_KINDS),
            help="kinds that must have a spec",
        )
    },
    check=check,
    local=True,
)
