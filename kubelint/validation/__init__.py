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
from typing import Any, NamedTuple

from kubelint.k8s import names
from kubelint.validation import (
    admission,
    admission_policy,
    apps,
    autoscaling,
    batch,
    cluster,
    discovery,
    ipam,
    mutating_policy,
    networking,
    policy,
    rbac,
    resource,
    resource_slice,
    storage,
    storage_capacity,
)
from kubelint.validation.common import Options, Validator, metadata, path_segment
from kubelint.validation.core import node, objects, quota, service
from kubelint.validation.core import storage as volumes
from kubelint.validation.field import Errors, FieldError

__all__ = ["FieldError", "Options", "validate"]


Served = Mapping[str, tuple[int, int | None]]


class Kind(NamedTuple):
    """How the API server validates one kind: its checks, how it names objects, and the versions
    served."""

    check: Validator | None  # the kind's own checks (None: metadata only)
    name: names.Check | None = names.dns1123_subdomain  # how `metadata.name` is checked
    namespaced: bool = True
    # The versions checked, each with the first minor release serving it and the first that no
    # longer does (None: every version, the kind's checks fit all of them). A version not
    # served at the target release, or of another shape, gets the metadata checks only.
    served: Served | None = None

    def checks(self, api_version: str, options: Options) -> bool:
        if self.served is None:
            return True
        since, until = self.served.get(api_version.rpartition("/")[2], (0, 0))
        return since <= options.minor and (until is None or options.minor < until)


# resource.k8s.io: v1 and v1beta2 share a shape (v1beta1's requests have no `exactly`).
DRA: Served = {"v1": (34, None), "v1beta2": (33, None)}
# Beta versions of the same shape as v1, until their removal.
NETWORKING: Served = {"v1": (33, None), "v1beta1": (31, 37)}
ATTRIBUTES_CLASS: Served = {"v1": (34, None), "v1beta1": (31, 37)}
MUTATING_POLICY: Served = {"v1": (36, None), "v1beta1": (34, None), "v1alpha1": (32, None)}
VALIDATING_POLICY: Served = {"v1": (30, None), "v1beta1": (28, 34), "v1alpha1": (26, 32)}


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
    ("storage.k8s.io", "VolumeAttributesClass"): Kind(
        storage_capacity.volume_attributes_class, namespaced=False, served=ATTRIBUTES_CLASS
    ),
    ("storage.k8s.io", "CSIStorageCapacity"): Kind(
        storage_capacity.csi_storage_capacity, served={"v1": (24, None)}
    ),
    ("node.k8s.io", "RuntimeClass"): Kind(cluster.runtime_class, namespaced=False),
    ("admissionregistration.k8s.io", "ValidatingWebhookConfiguration"): Kind(
        admission.validating_webhooks, namespaced=False
    ),
    ("admissionregistration.k8s.io", "MutatingWebhookConfiguration"): Kind(
        admission.mutating_webhooks, namespaced=False
    ),
    ("admissionregistration.k8s.io", "ValidatingAdmissionPolicy"): Kind(
        admission_policy.validating_admission_policy, namespaced=False, served=VALIDATING_POLICY
    ),
    ("admissionregistration.k8s.io", "ValidatingAdmissionPolicyBinding"): Kind(
        admission_policy.validating_admission_policy_binding,
        namespaced=False,
        served=VALIDATING_POLICY,
    ),
    ("networking.k8s.io", "IPAddress"): Kind(
        ipam.ip_address, ipam.address_name, namespaced=False, served=NETWORKING
    ),
    ("networking.k8s.io", "ServiceCIDR"): Kind(
        ipam.service_cidr, namespaced=False, served=NETWORKING
    ),
    ("admissionregistration.k8s.io", "MutatingAdmissionPolicy"): Kind(
        mutating_policy.mutating_admission_policy, namespaced=False, served=MUTATING_POLICY
    ),
    ("admissionregistration.k8s.io", "MutatingAdmissionPolicyBinding"): Kind(
        mutating_policy.mutating_admission_policy_binding,
        namespaced=False,
        served=MUTATING_POLICY,
    ),
    ("resource.k8s.io", "ResourceClaim"): Kind(resource.resource_claim, served=DRA),
    ("resource.k8s.io", "ResourceClaimTemplate"): Kind(
        resource.resource_claim_template, served=DRA
    ),
    ("resource.k8s.io", "DeviceClass"): Kind(resource.device_class, namespaced=False, served=DRA),
    ("resource.k8s.io", "ResourceSlice"): Kind(
        resource_slice.resource_slice, namespaced=False, served=DRA
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
    if not found.checks(str(obj.get("apiVersion")), options):
        return metadata(obj.get("metadata"), None)
    errors = metadata(obj.get("metadata"), found.name, found.namespaced)
    if found.check is not None:
        errors += found.check(obj, options)
    return errors
