"""Facts about built-in kinds that no object carries itself."""

from __future__ import annotations

# Kinds that live outside any namespace (`kubectl api-resources --namespaced=false`).
CLUSTER_SCOPED_KINDS = frozenset(
    {
        "APIService",
        "CertificateSigningRequest",
        "ClusterRole",
        "ClusterRoleBinding",
        "ComponentStatus",
        "CSIDriver",
        "CSINode",
        "CustomResourceDefinition",
        "FlowSchema",
        "IngressClass",
        "MutatingWebhookConfiguration",
        "Namespace",
        "Node",
        "PersistentVolume",
        "PodSecurityPolicy",
        "PriorityClass",
        "PriorityLevelConfiguration",
        "RuntimeClass",
        "StorageClass",
        "ValidatingAdmissionPolicy",
        "ValidatingAdmissionPolicyBinding",
        "ValidatingWebhookConfiguration",
        "VolumeAttachment",
    }
)


def api_group(api_version: str) -> str:
    """`apps/v1` → `apps`; `v1` → `` (the core group)."""
    group, _, version = api_version.rpartition("/")
    return group if version else api_version


def is_list_kind(kind: object) -> bool:
    return isinstance(kind, str) and kind.endswith("List")
