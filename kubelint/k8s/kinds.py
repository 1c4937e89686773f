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


# The API groups Kubernetes serves itself (`tests/k8s/test_kinds.py` holds this to the groups of
# the bundled schemas of every version). An object of any other group is a custom resource: a
# CustomResourceDefinition serves it and an operator acts on it.
BUILT_IN_GROUPS = frozenset(
    {
        "",
        "admission.k8s.io",
        "admissionregistration.k8s.io",
        "apiextensions.k8s.io",
        "apiregistration.k8s.io",
        "apps",
        "authentication.k8s.io",
        "authorization.k8s.io",
        "autoscaling",
        "batch",
        "certificates.k8s.io",
        "coordination.k8s.io",
        "discovery.k8s.io",
        "events.k8s.io",
        "extensions",
        "flowcontrol.apiserver.k8s.io",
        "imagepolicy.k8s.io",
        "internal.apiserver.k8s.io",
        "lifecycle.k8s.io",
        "networking.k8s.io",
        "node.k8s.io",
        "policy",
        "rbac.authorization.k8s.io",
        "resource.k8s.io",
        "scheduling.k8s.io",
        "storage.k8s.io",
        "storagemigration.k8s.io",
    }
)


def is_custom_resource(api_version: object) -> bool:
    """Whether an apiVersion is of a group a CustomResourceDefinition serves (not Kubernetes'
    own, not a tool's configuration file)."""
    if not isinstance(api_version, str):
        return False
    group = api_group(api_version)
    return group not in BUILT_IN_GROUPS and group not in CONFIG_FILE_GROUPS


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
    if api_version == "builtin":  # a Kustomize plugin's (PatchTransformer, LabelTransformer…)
        return True
    return api_group(api_version) in CONFIG_FILE_GROUPS or (api_version, kind) in CONFIG_FILE_KINDS
