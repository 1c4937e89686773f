"""## What it does
Reports an object defined twice in the input: the same API group, kind, namespace and name.
Versions of one group are the same object (`autoscaling/v1` and `autoscaling/v2` are one HPA).

Objects are compared within their unit (see README, Units): a chart, a Kustomize root, a
configured unit, or one folder's own files. Two files of a plain folder that define the same
object may be alternatives (`vllm-2b.yaml`, `vllm-7b.yaml`: apply one), so there the finding is
a warning, and none when both define it alike (applied together, nothing is lost: generated
bundles such as Argo CD's `install.yaml` and `namespace-install.yaml` share most objects); within
one file, a chart, a Kustomize root or a configured unit it is an error.

## Why is this bad?
Applied together, the later definition silently replaces the earlier one; which one wins depends
on file order. It is nearly always a copy-paste that kept the name.

## Example
```yaml
apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
```

## Use instead
```yaml
apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings-extra}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from kubelint.findings import Severity
from kubelint.k8s.kinds import api_group
from kubelint.objects import ObjectIndex, Resource
from kubelint.rules.base import Context, Problem, Rule


def check_all(index: ObjectIndex, ctx: Context) -> Iterator[tuple[Resource, Problem]]:
    first: dict[tuple[str, str, str | None, str], Resource] = {}
    for obj in index.resources:
        ref = obj.ref
        name = obj.metadata.get("name")
        if ref.api_version is None or ref.kind is None or not isinstance(name, str):
            continue  # generateName objects are distinct by design; broken ones: required-fields
        key = (api_group(ref.api_version), ref.kind, ref.namespace, name)
        seen = first.setdefault(key, obj)
        if seen is not obj:
            where = seen.where(("metadata", "name"))
            if index.together or seen.file == obj.file:
                yield obj, Problem(f"{ref} is already defined at {where}", ("metadata", "name"))
            elif seen.data != obj.data:  # the same object twice changes nothing either way
                message = (
                    f"{ref} is already defined at {where} (alternatives? applied together, "
                    "the later one wins)"
                )
                yield obj, Problem(message, ("metadata", "name"), severity=Severity.WARNING)


RULE = Rule(
    id="duplicate-object",
    severity=Severity.ERROR,
    summary="The same object (group, kind, namespace, name) is defined twice",
    doc=__doc__ or "",
    check_all=check_all,
)
