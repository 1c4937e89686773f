"""## What it does
Checks every pod template against the Pod Security Standards exactly as Kubernetes' own
PodSecurity admission controller does (the `k8s.io/pod-security-admission` library: the same
checks, the same policy versions, the same words), at the level of the pod's namespace:

- when the namespace is in the input with `pod-security.kubernetes.io/enforce` (and
  `enforce-version`), a violation is an **error**: the API server rejects the pod. Its
  `warn` label gives warnings, its `audit` label infos, each at its own level and version;
- otherwise at the level of the `level` option (default `baseline`), as a **warning**: the
  level the cluster's admission configuration is expected to apply.

The policy version is the label's (`v1.X`; `latest`, or none, is the target
`--kubernetes-version`), or the `version` option, or the target version. Each violation is
reported once, at its first offending field, worded as the admission controller words it:

    violates PodSecurity "restricted:v1.33": allowPrivilegeEscalation != false (container
    "app" must set securityContext.allowPrivilegeEscalation=false)

Baseline forbids host namespaces, privileged containers, capabilities beyond the default
set, hostPath volumes, host ports, AppArmor, SELinux and seccomp overrides, `procMount`,
unsafe sysctls, Windows `hostProcess` and (from v1.34) probe or lifecycle hosts. Restricted
adds: volume types other than configMap, csi, downwardAPI, emptyDir, ephemeral, image,
persistentVolumeClaim, projected and secret; `allowPrivilegeEscalation: false`;
`runAsNonRoot: true`; no `runAsUser: 0`; a `RuntimeDefault` or `Localhost` seccomp profile;
`capabilities.drop: [ALL]` with at most `NET_BIND_SERVICE` added.

## Why is this bad?
A namespace that enforces a level rejects every pod that fails it: a Deployment applies
cleanly, and its ReplicaSet never creates a single pod.

## Example
```yaml
kind: Namespace
metadata:
  name: shop
  labels: {pod-security.kubernetes.io/enforce: restricted}
---
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    spec:
      containers:
        - name: app
          image: web:1.4.2
```

## Use instead
```yaml
    spec:
      securityContext:
        runAsNonRoot: true
        seccompProfile: {type: RuntimeDefault}
      containers:
        - name: app
          image: web:1.4.2
          securityContext:
            allowPrivilegeEscalation: false
            capabilities: {drop: [ALL]}
```

## Options
- `level`: `privileged` (nothing), `baseline` or `restricted`: the level of a namespace that
  is not in the input or has no level label.
- `version`: the policy version for those namespaces (`v1.X` or `latest`); default: the
  target Kubernetes version.

## References
- https://kubernetes.io/docs/concepts/security/pod-security-standards/
- https://kubernetes.io/docs/concepts/security/pod-security-admission/
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from typing import Any

from kubelint.findings import Severity
from kubelint.k8s.data import mapping
from kubelint.k8s.podsecurity import LEVELS, evaluate, parse_version, pod_of
from kubelint.k8s.workloads import WORKLOAD_KINDS
from kubelint.objects import Resource
from kubelint.rules.base import Context, Option, Problem, Rule

LABEL = "pod-security.kubernetes.io/"
# Admission modes, the most severe first: what a violation means in each.
MODES = (("enforce", Severity.ERROR), ("warn", Severity.WARNING), ("audit", Severity.INFO))


def _policies(labels: Mapping[str, Any], target: int) -> list[tuple[str, str, int, Severity]]:
    """`(level, version as printed, minor, severity)` of each mode a namespace labels, as the
    admission controller reads the labels (an invalid enforce level is restricted, an invalid
    warn or audit level privileged, an invalid version latest)."""
    out = []
    for mode, severity in MODES:
        level = labels.get(LABEL + mode)
        if level is None:
            continue
        if level not in LEVELS:
            level = "restricted" if mode == "enforce" else "privileged"
        version = labels.get(f"{LABEL}{mode}-version", "latest")
        minor = parse_version(version) if isinstance(version, str) else None
        if minor is None:
            version, minor = "latest", target
        out.append((level, version, min(minor, target), severity))
    return out


@functools.cache  # (the same for every pod of a namespace that is not in the input)
def _configured(level: str, option: str | None, target: int) -> tuple[str, str, int, Severity]:
    version = option or f"v1.{target}"
    minor = parse_version(version)
    return (
        level,
        version,
        min(target if minor is None else minor, target),
        (Severity.WARNING),
    )


def check(obj: Resource, ctx: Context) -> Iterator[Problem]:
    pod = obj.derived(pod_of)
    if pod is None:
        return
    target = int(ctx.settings.kubernetes_version.split(".")[1])
    namespace = ctx.index.get("Namespace", None, obj.ref.namespace or "")
    labels = mapping(namespace.metadata.get("labels")) if namespace else {}
    policies = _policies(labels, target) or [
        _configured(ctx.options["level"], ctx.options["version"], target)
    ]
    reported: set[str] = set()
    for level, version, minor, severity in policies:
        for check_id, violation in evaluate(pod, level, minor):
            if check_id not in reported:
                reported.add(check_id)
                yield Problem(
                    f'violates PodSecurity "{level}:{version}": {violation.text()}',
                    violation.paths[0],
                    severity=severity,
                )


RULE = Rule(
    id="pod-security",
    severity=Severity.ERROR,
    summary="Pods meet the Pod Security Standard of their namespace (PodSecurity admission)",
    doc=__doc__ or "",
    peers=(
        "kube-linter:unsafe-sysctls",
        "kube-linter:unsafe-proc-mount",
        "polaris:hostPathSet",
        "polaris:hostPortSet",
        "polaris:hostProcess",
        "polaris:procMount",
    ),
    options={
        "level": Option(
            {"enum": list(LEVELS)},
            "baseline",
            "the level of a namespace that is not in the input or has no level label",
        ),
        "version": Option(
            {"type": ["string", "null"], "pattern": r"^(latest|v1\.(0|[1-9][0-9]*))$"},
            None,
            "the policy version for those namespaces (default: the target Kubernetes version)",
        ),
    },
    kinds=WORKLOAD_KINDS,
    check=check,
)
