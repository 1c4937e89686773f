"""## What it does
Reports a RoleBinding or ClusterRoleBinding to the `cluster-admin` role, naming its subjects.

## Why is this bad?
`cluster-admin` can do anything to any object in the cluster (in the namespace, through a
RoleBinding): a compromised subject is a compromised cluster. Workloads and CI accounts
almost never need it.

## Example
```yaml
kind: ClusterRoleBinding
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects:
  - {kind: ServiceAccount, name: deployer, namespace: ci}
```

## Use instead
A role with the verbs and resources the subject uses, bound to it alone.
"""

from __future__ import annotations

from collections.abc import Iterator

from kubelint.findings import Severity
from kubelint.k8s.rbac import BINDING_KINDS, role_ref_name, subjects
from kubelint.objects import Resource
from kubelint.rules.base import Context, Problem, Rule


def check(obj: Resource, ctx: Context) -> Iterator[Problem]:
    if role_ref_name(obj.data) != "cluster-admin":
        return
    granted = ", ".join(subjects(obj)) or "no subject"
    yield Problem(
        f'{obj.kind} "{obj.ref.name}" grants cluster-admin to {granted}', ("roleRef", "name")
    )


RULE = Rule(
    id="rbac-cluster-admin",
    severity=Severity.WARNING,
    summary="No binding grants the cluster-admin role",
    doc=__doc__ or "",
    peers=(
        "kube-linter:cluster-admin-role-binding",
        "polaris:clusterrolebindingClusterAdmin",
        "polaris:rolebindingClusterAdminClusterRole",
        "polaris:rolebindingClusterAdminRole",
    ),
    kinds=frozenset(BINDING_KINDS),
    check=check,
    local=True,
)
