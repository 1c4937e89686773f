"""The order `kustomize build` outputs objects in by default (its "legacy" order): kinds
that others depend on first (Namespaces, then quotas, storage classes, CRDs, accounts, roles…),
webhook configurations last, every other kind between, by group, version and kind; objects of
one kind by namespace and name."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from kubelint.kustomize.model import Gvk, Res

ORDER_FIRST = (
    "Namespace",
    "ResourceQuota",
    "StorageClass",
    "CustomResourceDefinition",
    "ServiceAccount",
    "PodSecurityPolicy",
    "Role",
    "ClusterRole",
    "RoleBinding",
    "ClusterRoleBinding",
    "ConfigMap",
    "Secret",
    "Endpoints",
    "Service",
    "LimitRange",
    "PriorityClass",
    "PersistentVolume",
    "PersistentVolumeClaim",
    "Deployment",
    "StatefulSet",
    "CronJob",
    "PodDisruptionBudget",
)
ORDER_LAST = ("MutatingWebhookConfiguration", "ValidatingWebhookConfiguration")


def legacy_order(objects: list[Res], first: Any = None, last: Any = None) -> list[Res]:
    first = (
        list(first)
        if isinstance(first, Sequence) and not isinstance(first, str)
        else list(ORDER_FIRST)
    )
    last = (
        list(last) if isinstance(last, Sequence) and not isinstance(last, str) else list(ORDER_LAST)
    )
    ranks = {kind: i - len(first) for i, kind in enumerate(first)}
    ranks.update({kind: i + 1 for i, kind in enumerate(last)})

    def compare(one: Res, other: Res) -> int:
        a, b = one.gvk, other.gvk
        if a != b:
            ra, rb = ranks.get(a.kind, 0), ranks.get(b.kind, 0)
            if ra != rb:
                return -1 if ra < rb else 1
            sa, sb = _gvk_key(a), _gvk_key(b)
            if a.kind == b.kind == "Namespace" and (not a.group or not b.group):
                sa, sb = sb, sa
            return (sa > sb) - (sa < sb)
        ka, kb = _id_key(one), _id_key(other)
        return (ka > kb) - (ka < kb)

    return sorted(objects, key=functools.cmp_to_key(compare))


def _gvk_key(gvk: Gvk) -> str:
    return "_".join((gvk.group or "~G", gvk.version or "~V", gvk.kind or "~K"))


def _id_key(obj: Res) -> str:
    return f"{obj.gvk}|{obj.namespace or '~X'}|{obj.name or '~N'}"
