"""The API server's validation of built-in kinds, ported from kubernetes/kubernetes
(`pkg/apis/<group>/validation`), with its field paths and wording.

`validate(obj)` returns the `FieldError`s the server would answer a create of `obj` with,
reading the manifest as the server does after defaulting: a field left out takes its default, so
only what is written can be wrong. Each kind's checks live in its group's module
(`core/pod.py`, `core/service.py`, `apps.py`, `batch.py`, …); this module only knows which
function checks which kind and how its name is checked.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kubelint.k8s import names
from kubelint.validation import (
    admission,
    admission_policy,
    apps,
    autoscaling,
    batch,
    cluster,
    discovery,
    networking,
    policy,
    rbac,
    storage,
)
from kubelint.validation.common import Options, Validator, metadata, path_segment
from kubelint.validation.core import node, objects, quota, service
from kubelint.validation.core import storage as volumes
from kubelint.validation.field import Errors, FieldError

__all__ = ["FieldError", "Options", "validate"]


@dataclass(frozen=True, slots=True)
class Kind:
    check: Validator | None  # the kind's own checks (None: metadata only)
    name: names.Check | None = names.dns1123_subdomain  # how `metadata.name` is checked
    namespaced: bool = True


def _service(data: Mapping[str, Any], options: Options) -> Errors:
    return service.service(data) + service.traffic_distribution(data, options.minor)


def _claim(data: Mapping[str, Any], options: Options) -> Errors:
    return volumes.claim(data)


def _volume(data: Mapping[str, Any], options: Options) -> Errors:
    return volumes.volume(data) + volumes.volume_plugin(data, options.minor)


# (API group, kind) → its validation.
KINDS: dict[tuple[str, str], Kind] = {
    ("", "Pod"): Kind(objects.pod),
    ("", "PodTemplate"): Kind(objects.pod_template_object),
    ("", "ReplicationController"): Kind(objects.replication_controller),
    ("", "Service"): Kind(_service, names.dns1035_label),
    ("", "PersistentVolumeClaim"): Kind(_claim),
    ("", "PersistentVolume"): Kind(_volume, namespaced=False),
    ("", "ConfigMap"): Kind(objects.config_map),
    ("", "Secret"): Kind(objects.secret),
    ("", "Namespace"): Kind(objects.namespace, names.dns1123_label, namespaced=False),
    ("", "ServiceAccount"): Kind(None),
    ("", "Endpoints"): Kind(node.endpoints),
    ("", "ResourceQuota"): Kind(quota.resource_quota),
    ("", "LimitRange"): Kind(quota.limit_range),
    ("", "Node"): Kind(node.node, namespaced=False),
    ("discovery.k8s.io", "EndpointSlice"): Kind(discovery.endpoint_slice),
    ("apps", "Deployment"): Kind(apps.deployment),
    ("apps", "ReplicaSet"): Kind(apps.replica_set),
    ("apps", "StatefulSet"): Kind(apps.stateful_set),
    ("apps", "DaemonSet"): Kind(apps.daemon_set),
    ("apps", "ControllerRevision"): Kind(apps.controller_revision),
    ("batch", "Job"): Kind(batch.job),
    ("batch", "CronJob"): Kind(batch.cron_job),
    ("policy", "PodDisruptionBudget"): Kind(policy.pod_disruption_budget),
    ("autoscaling", "HorizontalPodAutoscaler"): Kind(
        autoscaling.horizontal_pod_autoscaler, path_segment
    ),
    ("networking.k8s.io", "NetworkPolicy"): Kind(networking.network_policy),
    ("networking.k8s.io", "Ingress"): Kind(networking.ingress),
    ("networking.k8s.io", "IngressClass"): Kind(networking.ingress_class, namespaced=False),
    ("rbac.authorization.k8s.io", "Role"): Kind(rbac.role, path_segment),
    ("rbac.authorization.k8s.io", "ClusterRole"): Kind(
        rbac.cluster_role, path_segment, namespaced=False
    ),
    ("rbac.authorization.k8s.io", "RoleBinding"): Kind(rbac.role_binding, path_segment),
    ("rbac.authorization.k8s.io", "ClusterRoleBinding"): Kind(
        rbac.cluster_role_binding, path_segment, namespaced=False
    ),
    ("scheduling.k8s.io", "PriorityClass"): Kind(cluster.priority_class, namespaced=False),
    ("storage.k8s.io", "StorageClass"): Kind(storage.storage_class, namespaced=False),
    # A CSIDriver's name is checked as a driver name, by its own validation.
    ("storage.k8s.io", "CSIDriver"): Kind(storage.csi_driver, None, namespaced=False),
    ("storage.k8s.io", "CSINode"): Kind(storage.csi_node, namespaced=False),
    ("storage.k8s.io", "VolumeAttachment"): Kind(storage.volume_attachment, namespaced=False),
    ("node.k8s.io", "RuntimeClass"): Kind(cluster.runtime_class, namespaced=False),
    ("admissionregistration.k8s.io", "ValidatingWebhookConfiguration"): Kind(
        admission.validating_webhooks, namespaced=False
    ),
    ("admissionregistration.k8s.io", "MutatingWebhookConfiguration"): Kind(
        admission.mutating_webhooks, namespaced=False
    ),
    ("admissionregistration.k8s.io", "ValidatingAdmissionPolicy"): Kind(
        admission_policy.validating_admission_policy, namespaced=False
    ),
    ("admissionregistration.k8s.io", "ValidatingAdmissionPolicyBinding"): Kind(
        admission_policy.validating_admission_policy_binding, namespaced=False
    ),
}


def kind_of(obj: Mapping[str, Any]) -> Kind | None:
    api_version, kind = obj.get("apiVersion"), obj.get("kind")
    if not isinstance(api_version, str) or not isinstance(kind, str):
        return None
    group = api_version.rpartition("/")[0]
    return KINDS.get((group, kind))


DEFAULT_OPTIONS = Options()


def validate(obj: Mapping[str, Any], options: Options = DEFAULT_OPTIONS) -> Errors:
    """What the API server rejects in `obj`: its metadata (labels, annotations, namespace) for
    any kind, its name and the rest for the built-in kinds it knows."""
    found = kind_of(obj)
    if found is None:
        return metadata(obj.get("metadata"), None)
    errors = metadata(obj.get("metadata"), found.name, found.namespaced)
    if found.check is not None:
        errors += found.check(obj, options)
    return errors
