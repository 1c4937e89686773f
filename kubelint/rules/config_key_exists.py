"""## What it does
Reports a key that a pod reads from a ConfigMap or Secret of the input (`configMapKeyRef.key`,
`secretKeyRef.key`, a volume's `items[].key`) that the object does not have (in `data`,
`binaryData` or, for a Secret, `stringData`). References marked `optional: true`, and Secrets
of type `kubernetes.io/service-account-token` (whose keys the token controller writes), are not
checked.

## Why is this bad?
The container does not start (`CreateContainerConfigError: couldn't find key`), or the volume
never mounts.

## Example
```yaml
valueFrom:
  configMapKeyRef: {name: web-config, key: LOGLEVEL}   # the ConfigMap has LOG_LEVEL
```

## Use instead
```yaml
valueFrom:
  configMapKeyRef: {name: web-config, key: LOG_LEVEL}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from kubelint.findings import Severity
from kubelint.k8s.data import mapping
from kubelint.k8s.references import config_references
from kubelint.k8s.workloads import WORKLOAD_KINDS
from kubelint.objects import Resource
from kubelint.rules.base import Context, Problem, Rule

# Secrets whose keys a controller writes (the token controller: token, ca.crt, namespace).
FILLED_BY_CONTROLLERS = frozenset({"kubernetes.io/service-account-token"})
KEY_FIELDS = {"ConfigMap": ("data", "binaryData"), "Secret": ("data", "stringData")}


def check(obj: Resource, ctx: Context) -> Iterator[Problem]:
    for ref in obj.derived(config_references):
        if not ref.keys or ref.optional:
            continue
        target = ctx.index.get(ref.kind, obj.ref.namespace, ref.name)
        if target is None or target.data.get("type") in FILLED_BY_CONTROLLERS:
            continue
        keys = {str(k) for field in KEY_FIELDS[ref.kind] for k in mapping(target.data.get(field))}
        for key, path in ref.keys:
            if key not in keys:
                where = target.where(("metadata", "name"))
                yield Problem(f'{ref.kind} "{ref.name}" ({where}) has no key "{key}"', path)


RULE = Rule(
    id="config-key-exists",
    severity=Severity.ERROR,
    summary="A key a pod reads from a ConfigMap or Secret of the input exists in it",
    doc=__doc__ or "",
    kinds=WORKLOAD_KINDS,
    check=check,
)
