"""## What it does
Reports a rule of a Role or ClusterRole that lets its subjects grant themselves more than
they have: `bind` or `escalate` on roles or clusterroles, or `impersonate` on users, groups,
service accounts, uids or userextras (a `*` counts).

## Why is this bad?
RBAC stops a subject from granting permissions it does not hold, except through these verbs:
`bind` and `escalate` let it bind or edit a role to anything (cluster-admin included), and
`impersonate` lets it act as any user or service account.

## Example
```yaml
rules:
  - apiGroups: [rbac.authorization.k8s.io]
    resources: [clusterroles]
    verbs: [bind, escalate]
```

## Use instead
Grant the roles the subject needs directly; let only cluster administrators bind roles.
"""

from __future__ import annotations

from kubelint.findings import Severity
from kubelint.k8s.rbac import PolicyRule
from kubelint.rules.base import Rule
from kubelint.rules.rbac import grants_check, listed

RBAC_GROUP = "rbac.authorization.k8s.io"
IDENTITIES = {"users", "groups", "serviceaccounts", "uids", "userextras"}


def describe(rule: PolicyRule) -> str | None:
    found = []
    if verbs := rule.grants({"bind", "escalate"}, {"roles", "clusterroles"}, {RBAC_GROUP}):
        found.append(f"{listed(verbs)} on roles")
    if rule.grants({"impersonate"}, IDENTITIES, {"", "authentication.k8s.io"}):
        found.append("impersonate")
    return f"grants {' and '.join(found)}" if found else None


RULE = Rule(
    id="rbac-escalation",
    severity=Severity.WARNING,
    summary="Roles do not grant bind, escalate or impersonate",
    doc=__doc__ or "",
    check_all=grants_check(describe),
)
