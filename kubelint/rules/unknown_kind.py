"""## What it does
Reports an object whose apiVersion and kind have no schema: not a built-in kind of the target
Kubernetes version, and no CustomResourceDefinition in the input (or given with `--crd PATH`)
serves it. Such an object cannot be validated, and this rule says so instead of passing it
silently. A warning by default; `kubelint lint --strict-kinds` makes it an error. APIs that the
target version removed are left to `deprecated-api`, which names their replacement.

## Why is this bad?
A misspelt kind (`Deploymnet`), a wrong apiVersion (`apps/v1` for a Service) or a custom
resource whose CRD is not installed is refused by the API server (`no matches for kind`). When
the CRD lives elsewhere, pass it with `--crd` so its resources are validated too.

## Example
```yaml
apiVersion: apps/v1
kind: Service
metadata: {name: web}
spec:
  ports: [{port: 80}]
```

## Use instead
```yaml
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  ports: [{port: 80}]
```
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from kubelint.findings import Severity
from kubelint.objects import ObjectIndex, Resource
from kubelint.rules.base import Context, Problem, Rule
from kubelint.rules.deprecated_api import deprecation
from kubelint.rules.schema import run_crds
from kubelint.schema.crd import custom_kinds
from kubelint.schema.store import SchemaStore


def _served_versions(custom: Mapping[tuple[str, str], Any], group: str, kind: str) -> list[str]:
    return sorted(v for v, k in custom if k == kind and v.rpartition("/")[0] == group)


def _hint(similar: list[tuple[str, str]], api_version: str, kind: str) -> str:
    same_kind = [v for v, k in similar if k == kind]
    if same_kind:
        return f' (did you mean apiVersion "{same_kind[0]}"?)'
    if similar:
        other_version, other_kind = similar[0]
        version_hint = "" if other_version == api_version else f' with apiVersion "{other_version}"'
        return f' (did you mean kind "{other_kind}"{version_hint}?)'
    return ""


def check_all(index: ObjectIndex, ctx: Context) -> Iterator[tuple[Resource, Problem]]:
    version = ctx.settings.kubernetes_version
    store: SchemaStore = ctx.settings.schemas
    custom = custom_kinds(run_crds(index, ctx.settings))
    for obj in index.resources:
        api_version, kind = obj.data.get("apiVersion"), obj.kind
        if not isinstance(api_version, str) or not isinstance(kind, str):
            continue  # required-fields reports it
        if (api_version, kind) in custom or store.document(version, api_version, kind):
            continue
        entry = deprecation(obj)
        if entry is not None and entry.removed_in(version):
            continue  # deprecated-api reports it, with the replacement
        served = _served_versions(custom, api_version.rpartition("/")[0], kind)
        hint = _hint(store.similar(version, kind), api_version, kind)
        if served:
            reason = f"its CustomResourceDefinition serves only {', '.join(served)}"
        elif hint:
            reason = f"not in Kubernetes {version}{hint}"
        else:
            reason = (
                f"not a built-in kind of Kubernetes {version}, and no CustomResourceDefinition "
                "(in the input or given with --crd) defines it"
            )
        message = f"no schema for {api_version} {kind}: {reason}; it is not validated"
        yield obj, Problem(message, ("kind",))


RULE = Rule(
    id="unknown-kind",
    severity=Severity.WARNING,
    summary="The apiVersion and kind have a schema (built-in, or from a CRD) to validate against",
    doc=__doc__ or "",
    check_all=check_all,
    whole_run=True,
)
