"""## What it does
Reports a rule of a Role or ClusterRole with a wildcard (`*`) in its `verbs`, `resources` or
`apiGroups`, naming whom the bindings of the input grant the role to.

## Why is this bad?
A wildcard grants whatever exists, including resources and verbs added later (CRDs, new
subresources): far more than the workload needs, and more each upgrade. Least privilege
lists what is needed.

## Example
```yaml
kind: ClusterRole
rules:
  - apiGroups: ["*"]
    resources: ["*"]
    verbs: ["*"]
```

## Use instead
```yaml
kind: ClusterRole
rules:
  - apiGroups: [apps]
    resources: [deployments]
    verbs: [get, list, watch]
```
"""

from __future__ import annotations

from kubelint.findings import Severity
from kubelint.k8s.rbac import PolicyRule
from kubelint.rules.base import Rule
from kubelint.rules.rbac import grants_check


def describe(rule: PolicyRule) -> str | None:
    fields = [
        name
        for name, values in (
            ("verbs", rule.verbs),
            ("resources", rule.resources),
            ("apiGroups", rule.groups),
        )
        if "*" in values
    ]
    return f'grants "*" in {" and ".join(fields)}' if fields else None


RULE = Rule(
    id="rbac-wildcard",
    severity=Severity.WARNING,
    summary="Roles grant no wildcard verbs, resources or API groups",
    doc=__doc__ or "",
    peers=("kube-linter:wildcard-in-rules",),
    check_all=grants_check(describe),
)
