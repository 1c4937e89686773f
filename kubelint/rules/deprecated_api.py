"""## What it does
Finds objects written against an API version that the target Kubernetes version
(`--kubernetes-version`) no longer serves (an error) or serves but has deprecated (a warning),
and names the apiVersion to move to. The table follows the Kubernetes Deprecated API Migration
Guide: `extensions/v1beta1` and `apps/v1beta1`/`v1beta2` workloads, `networking.k8s.io/v1beta1`
Ingress, `policy/v1beta1` PodDisruptionBudget and PodSecurityPolicy, `autoscaling/v2beta1` and
`v2beta2`, `batch/v1beta1` CronJob, the flowcontrol betas, and more.

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
from kubelint.k8s.deprecations import Deprecation, table
from kubelint.objects import Resource
from kubelint.rules.base import Context, Problem, Rule, Settings


def deprecation(obj: Resource) -> Deprecation | None:
    api_version = obj.data.get("apiVersion")
    if not isinstance(api_version, str) or obj.kind is None:
        return None
    return table().get((api_version, obj.kind))


def _instead(entry: Deprecation, settings: Settings) -> str:
    version = settings.kubernetes_version
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
    if entry.removed_in(version):
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
