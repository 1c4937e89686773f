"""## What it does
Validates every object against the JSON schema of its apiVersion and kind in the target
Kubernetes version (`--kubernetes-version`, default the newest bundled), offline: the schemas
ship with kubelint. Custom resources are validated against the `openAPIV3Schema` of their
CustomResourceDefinition, found in the input or given with `--crd PATH`, as the server decodes
them (a field left null where the schema admits no null, as when all its children are commented
out, is dropped or given its default, as by the API server), and against its
validation rules (`x-kubernetes-validations`, in CEL, with Kubernetes' CEL libraries:
quantities, URLs, IPs and CIDRs, lists, regular expressions, strings, sets, formats) as the API
server evaluates them on create, `messageExpression`, `reason` and `fieldPath` included:
`spec: Invalid value: "object": replicas must not exceed maxReplicas`. The string formats the
server checks in a CRD's schema (`date-time`, `date`, `duration`, `ipv4`, `ipv6`, `cidr`, `mac`,
`uuid`, `hostname`, `email`, `uri`, `byte`, `k8s-short-name`, …) are checked in its words:
`spec.ip: Invalid value: "300.1.1.1": spec.ip in body must be of type ipv4: "300.1.1.1"`.
Transition rules (which read `oldSelf`) are skipped as on a create, unless `optionalOldSelf` is
set; as on the server, a wrong type or an unsupported enum value stops the rules ("some
validation rules were not checked").

Strict by default, like `kubectl apply --validate=strict`: a field the API does not know is an
error. `--no-strict` (or `strict: false` in the configuration) accepts unknown fields.
Quantities (`500m`, `1Gi`) are parsed as the API server parses them: `10GB` is invalid.

Each error is reported at the offending field: an unknown field at its key (with the closest
known name), a wrong type or value at the value, a missing required field at the mapping that
lacks it. A kind without any schema is not validated; `unknown-kind` says so. The top-level
`apiVersion`, `kind`, `metadata` and `spec` being present is `required-fields`' concern.

## Why is this bad?
The API server rejects the whole object (`kubectl apply` fails mid-rollout), or, without strict
validation, silently drops the misspelt field: an `imagePullPolcy` or a `resources` at the
wrong level is simply not applied.

## Example
```yaml
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: three
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          image: nginx:1.27
          imagePullPolcy: Always
          resources: {limits: {memory: 10GB}}
```

## Use instead
```yaml
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          image: nginx:1.27
          imagePullPolicy: Always
          resources: {limits: {memory: 10Gi}}
```
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from kubelint.findings import Severity
from kubelint.objects import ObjectIndex, Resource
from kubelint.rules.base import Context, Problem, Rule, Settings
from kubelint.schema.crd import CRD_KIND, custom_kinds, to_json_schema
from kubelint.schema.messages import problems
from kubelint.schema.store import InvalidSchema, Schema
from kubelint.validation.field import invalid


def run_crds(index: ObjectIndex, settings: Settings) -> list[Mapping[str, Any]]:
    """The CRDs of the run: those in the input, then those given with `--crd`."""
    return [r.data for r in index.of_kind(CRD_KIND)] + list(settings.crds)


def schema_for(
    api_version: str,
    kind: str,
    settings: Settings,
    custom: Mapping[tuple[str, str], Mapping[str, Any] | None],
) -> Schema | None:
    """The schema of a built-in kind or of a custom resource, or None when there is none."""
    version, strict, store = settings.kubernetes_version, settings.strict, settings.schemas
    found = store.builtin(version, strict, api_version, kind)
    openapi = custom.get((api_version, kind))
    if found is None and openapi is not None:
        found = store.custom(
            version, strict, api_version, kind, lambda: to_json_schema(openapi, strict)
        )
    return found


def check_all(index: ObjectIndex, ctx: Context) -> Iterator[tuple[Resource, Problem]]:
    custom = custom_kinds(run_crds(index, ctx.settings))
    minor = int(ctx.settings.kubernetes_version.split(".")[1])
    # whether a kind's schema has rules, asked of the kinds met only: a Kustomize root
    # holds the CRDs of a whole tree but few of their objects
    with_rules: dict[tuple[str, str], bool] = {}
    if custom:  # CEL (cel-python, 50 ms to import) only for a run with custom kinds
        from kubelint.schema.formats import format_errors  # (and 2 ms of patterns)
        from kubelint.validation import cel
    for obj in index.resources:
        api_version, kind = obj.data.get("apiVersion"), obj.kind
        if not isinstance(api_version, str) or not isinstance(kind, str):
            continue
        try:
            schema = schema_for(api_version, kind, ctx.settings, custom)
        except InvalidSchema as exc:
            message = (
                f"{api_version} {kind} is not validated: the openAPIV3Schema of its "
                f"CustomResourceDefinition is invalid: {exc}"
            )
            yield obj, Problem(message, ("kind",))
            continue
        if schema is None:
            continue
        openapi = custom.get((api_version, kind))  # (a CRD cannot define a built-in kind)
        # A custom resource is validated as the server validates it: after its defaults.
        data = obj.data if openapi is None else cel.defaulted(openapi, obj.data)
        found = list(problems(schema, data))
        for problem in found:
            if problem.path or not problem.key:  # top-level required fields: required-fields
                yield obj, problem
        if openapi is None:
            continue
        for message, path in format_errors(openapi, data, minor):
            yield obj, Problem(message, path)
        if (api_version, kind) not in with_rules:
            with_rules[api_version, kind] = cel.has_rules(openapi)
        if not with_rules[api_version, kind]:
            continue
        if found and blocks_rules(schema, data):
            yield obj, Problem(RULES_NOT_CHECKED.message(minor))
            continue
        for error in cel.rules(openapi, data):
            yield obj, Problem(error.message(minor), error.where, error.key)


# The server's answer when a wrong type or an unsupported value keeps it from evaluating rules.
RULES_NOT_CHECKED = invalid(
    (),
    None,
    "some validation rules were not checked because the object was invalid; correct the "
    "existing errors to complete validation",
)


def blocks_rules(schema: Schema, data: Any) -> bool:
    """Whether the schema errors include one that stops the server from evaluating the CEL
    rules (`hasBlockingErr`: a wrong type or an unsupported enum value)."""
    try:
        return any(e.kind.name in ("type", "enum") for e in schema.validator.iter_errors(data))
    except ValueError:  # data JSON cannot hold: the schema errors say so
        return True


RULE = Rule(
    id="schema",
    severity=Severity.ERROR,
    summary="Every object matches the API schema of its kind (strict: no unknown fields)",
    doc=__doc__ or "",
    check_all=check_all,
    whole_run=True,
)
