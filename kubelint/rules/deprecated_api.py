"""## What it does
Finds objects written against an API version that the target Kubernetes version
(`--kubernetes-version`) no longer serves (an error) or serves but has deprecated (a warning),
and names the apiVersion to move to. The table follows the Kubernetes Deprecated API Migration
Guide: `extensions/v1beta1` and `apps/v1beta1`/`v1beta2` workloads, `networking.k8s.io/v1beta1`
Ingress, `policy/v1beta1` PodDisruptionBudget and PodSecurityPolicy, `autoscaling/v2beta1` and
`v2beta2`, `batch/v1beta1` CronJob, the flowcontrol betas, and more: every Kubernetes entry of
pluto's list (the rbac and scheduling `v1alpha1` kinds too), whether or not kubelint bundles a
schema for it. The APIs of add-ons that their current releases no longer serve (cert-manager's
`certmanager.k8s.io/v1alpha1` and `cert-manager.io/v1alpha2`…`v1beta1`, Istio's
`rbac.istio.io` and `authentication.istio.io`) are errors too, unless a
CustomResourceDefinition given with `--crd` serves them (one in the input is of a release that
no longer has support).

## Why is this bad?
The API server of the target version refuses a removed API outright: `kubectl apply` fails with
`no matches for kind "Deployment" in version "extensions/v1beta1"`, typically during a cluster
upgrade. A deprecated one still works today and will fail after a future upgrade.

## Example
```yaml
apiVersion: policy/v1beta1
kind: PodDisruptionBudget
metadata: {name: web}
spec:
  minAvailable: 1
  selector: {matchLabels: {app: web}}
```

## Use instead
```yaml
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: web}
spec:
  minAvailable: 1
  selector: {matchLabels: {app: web}}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from kubelint.findings import Severity
from kubelint.k8s.deprecations import KUBERNETES, Deprecation, table
from kubelint.objects import Resource
from kubelint.rules.base import Context, Problem, Rule, Settings
from kubelint.schema.crd import custom_kinds


def deprecation(obj: Resource) -> Deprecation | None:
    api_version = obj.data.get("apiVersion")
    if not isinstance(api_version, str) or obj.kind is None:
        return None
    return table().get((api_version, obj.kind))


def _instead(entry: Deprecation, settings: Settings) -> str:
    version = settings.kubernetes_version
    if entry.component != KUBERNETES:
        return f"use {entry.replacements[0]}" if entry.replacements else entry.note or ""
    served = [
        api_version
        for api_version in entry.replacements
        if settings.schemas.document(version, api_version, entry.kind) is not None
    ]
    if served:
        return f"use {served[0]}"
    if entry.replacements:
        return f"move to {entry.replacements[0]} (not served by {version} either)"
    return entry.note or "it has no replacement"


def check(obj: Resource, ctx: Context) -> Iterator[Problem]:
    entry = deprecation(obj)
    if entry is None:
        return
    version = ctx.settings.kubernetes_version
    what = f"{entry.api_version} {entry.kind}"
    instead = _instead(entry, ctx.settings)
    if entry.component != KUBERNETES:
        if (entry.api_version, entry.kind) not in custom_kinds(ctx.settings.crds):
            message = f"{what} was removed in {entry.component} {entry.removed}: {instead}"
            yield Problem(message, ("apiVersion",))
    elif entry.removed_in(version):
        message = f"{what} was removed in Kubernetes {entry.removed} (target {version}): {instead}"
        yield Problem(message, ("apiVersion",))
    elif entry.deprecated_in(version):
        message = (
            f"{what} is deprecated since Kubernetes {entry.deprecated} and removed in "
            f"{entry.removed}: {instead}"
        )
        yield Problem(message, ("apiVersion",), severity=Severity.WARNING)


RULE = Rule(
    id="deprecated-api",
    severity=Severity.ERROR,
    summary="The apiVersion is removed (error) or deprecated (warning) in the target version",
    doc=__doc__ or "",
    peers=("kube-linter:no-extensions-v1beta", "kube-score:stable-version"),
    check=check,
    local=True,
)
