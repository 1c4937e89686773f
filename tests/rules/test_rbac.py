"""The rbac-* rules name the role's rule and whom the input's bindings grant it to."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import kubelint, write

ROLES = """\
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: reader}
rules:
  - {apiGroups: [""], resources: [configmaps], verbs: [get]}
  - {apiGroups: [""], resources: [secrets], verbs: [get, list]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: reader}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: reader}
subjects:
  - {kind: ServiceAccount, name: app, namespace: shop}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: reader, namespace: ops}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: reader}
subjects:
  - {kind: User, name: alice}
  - {kind: ServiceAccount, name: backup}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: reader, namespace: shop}
rules:
  - {apiGroups: [""], resources: [secrets], verbs: [watch]}
"""


def test_messages_name_the_rule_and_the_subjects(tmp_path: Path) -> None:
    write(tmp_path, "rbac.yaml", ROLES)
    run = kubelint("lint", str(tmp_path / "rbac.yaml"), "--format", "json")
    found = [
        (f["message"], f["line"], f["severity"])
        for f in run.json()["findings"]
        if f["rule"] == "rbac-read-secrets"
    ]
    assert found == [
        (
            'ClusterRole "reader" rules[1] grants get, list on Secrets; bound to '
            "ServiceAccount ops/backup, ServiceAccount shop/app, User alice",
            6,
            "warning",
        ),
        # A ClusterRoleBinding or a RoleBinding in another namespace binds no Role of "shop".
        (
            'Role "reader" rules[0] grants watch on Secrets; bound to no subject in the input',
            27,
            "warning",
        ),
    ]
