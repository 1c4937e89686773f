"""## What it does
Reports a rule of a Role or ClusterRole that lets its subjects run commands in, or attach to,
running containers: `create` or `get` on `pods/exec` or `pods/attach` (a `*` counts).

## Why is this bad?
Whoever can exec into a pod has its service account token, its Secrets and its network
identity; for a privileged pod, the node. Debugging access belongs to people, briefly, not
to workloads' roles.

## Example
```yaml
rules:
  - apiGroups: [""]
    resources: [pods/exec]
    verbs: [create]
```

## Use instead
Leave exec out of the role; grant it to an on-call group through a separate, audited binding.
"""

from __future__ import annotations

from kubelint.findings import Severity
from kubelint.k8s.rbac import PolicyRule
from kubelint.rules.base import Rule
from kubelint.rules.rbac import grants_check, listed

RESOURCES = {"pods/exec", "pods/attach"}


def describe(rule: PolicyRule) -> str | None:
    verbs = rule.grants({"create", "get"}, RESOURCES, {""})
    if not verbs:
        return None
    named = " and ".join(sorted(RESOURCES & rule.resources)) or '"*" (pods/exec, pods/attach)'
    return f"grants {listed(verbs)} on {named}"


RULE = Rule(
    id="rbac-pod-exec",
    severity=Severity.WARNING,
    summary="Roles do not let their subjects exec into or attach to pods",
    doc=__doc__ or "",
    peers=(
        "polaris:clusterrolePodExecAttach",
        "polaris:rolePodExecAttach",
        "polaris:clusterrolebindingPodExecAttach",
        "polaris:rolebindingClusterRolePodExecAttach",
        "polaris:rolebindingRolePodExecAttach",
    ),
    check_all=grants_check(describe),
)
