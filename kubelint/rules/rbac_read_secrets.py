"""## What it does
Reports a rule of a Role or ClusterRole that reads Secrets: `get`, `list` or `watch` on
`secrets` in the core API group (a `*` counts), unless limited to some `resourceNames`.

## Why is this bad?
`list` and `watch` return every Secret's data in the namespace (for a ClusterRole, in the
cluster): database passwords, TLS keys, other service accounts' tokens. A workload that
needs one Secret should mount it, or be granted `get` on that name alone.

## Example
```yaml
rules:
  - apiGroups: [""]
    resources: [secrets]
    verbs: [get, list, watch]
```

## Use instead
```yaml
rules:
  - apiGroups: [""]
    resources: [secrets]
    resourceNames: [app-tls]
    verbs: [get]
```
"""

from __future__ import annotations

from kubelint.findings import Severity
from kubelint.k8s.rbac import PolicyRule
from kubelint.rules.base import Rule
from kubelint.rules.rbac import grants_check, listed


def describe(rule: PolicyRule) -> str | None:
    verbs = rule.grants({"get", "list", "watch"}, {"secrets"}, {""})
    if not verbs or rule.names:
        return None
    return f"grants {listed(verbs)} on Secrets"


RULE = Rule(
    id="rbac-read-secrets",
    severity=Severity.WARNING,
    summary="Roles do not read every Secret (get, list, watch)",
    doc=__doc__ or "",
    peers=("kube-linter:access-to-secrets",),
    check_all=grants_check(describe),
)
