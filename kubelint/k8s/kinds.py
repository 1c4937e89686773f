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


# Files that carry an apiVersion and a kind but are read by a program, never sent to the API
# server: configuration of Kubernetes' own binaries and tools.
CONFIG_FILE_GROUPS = frozenset(
    {
        "apiserver.config.k8s.io",  # kube-apiserver: admission, encryption, tracing
        "audit.k8s.io",  # kube-apiserver's audit Policy
        "client.authentication.k8s.io",  # kubeconfig exec credentials
        "kind.x-k8s.io",  # kind's Cluster
        "kubeadm.k8s.io",
        "kubelet.config.k8s.io",
        "kubeproxy.config.k8s.io",
        "kubescheduler.config.k8s.io",
        "kustomize.config.k8s.io",  # a Kustomization under another file name
        "skaffold",  # skaffold.yaml: skaffold/v2beta29 Config
    }
)
# (apiVersion, kind) of such files in the core group's clothes.
CONFIG_FILE_KINDS = frozenset(
    {
        ("v1", "Config"),  # a kubeconfig
        ("v1", "Policy"),  # kube-scheduler's legacy policy file
    }
)


def is_config_file(api_version: object, kind: object) -> bool:
    """Whether an apiVersion and kind name a tool's configuration file, not an API object."""
    if not isinstance(api_version, str):
        return False
    return api_group(api_version) in CONFIG_FILE_GROUPS or (api_version, kind) in CONFIG_FILE_KINDS
