"""NodeVolumeLimits: the volumes a pod attaches to its node, per CSI driver.

As kube-scheduler's CSILimits counts them: a claim bound to a PersistentVolume counts that
volume (its CSI driver and handle, or, for an in-tree volume migrated to CSI, the driver it
migrated to); a claim not bound yet, or a generic ephemeral volume, counts one new volume of
its StorageClass's provisioner; an inline in-tree volume counts as its CSI driver's. An in-tree
volume counts only on a node whose CSINode says its plugin is migrated. Other volumes (inline
CSI, configMap, secret, …) and claims the input does not show count nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from kubelint.k8s.binding import Binding
from kubelint.k8s.data import dig, entries, mapping, text
from kubelint.schedule.cluster import Node
from kubelint.schedule.pods import Pod

MAX_VOLUME_COUNT = "node(s) exceed max volume count"
# In-tree volume plugins migrated to CSI: the volume source field, the plugin (also the
# provisioner of its StorageClasses), its CSI driver, the field naming the volume.
IN_TREE = (
    ("awsElasticBlockStore", "kubernetes.io/aws-ebs", "ebs.csi.aws.com", "volumeID"),
    ("gcePersistentDisk", "kubernetes.io/gce-pd", "pd.csi.storage.gke.io", "pdName"),
    ("azureDisk", "kubernetes.io/azure-disk", "disk.csi.azure.com", "diskURI"),
    ("cinder", "kubernetes.io/cinder", "cinder.csi.openstack.org", "volumeID"),
    ("vsphereVolume", "kubernetes.io/vsphere-volume", "csi.vsphere.vmware.com", "volumePath"),
    ("portworxVolume", "kubernetes.io/portworx-volume", "pxd.portworx.com", "volumeID"),
)
DRIVERS = {plugin: driver for _, plugin, driver, _ in IN_TREE}


@dataclass(frozen=True, slots=True)
class Attach:
    """One volume: `driver/handle`, its driver, and the in-tree plugin it comes from."""

    unique: str
    driver: str
    plugin: str | None = None

    def counts_on(self, node: Node) -> bool:
        return self.plugin is None or self.plugin in node.migrated


def _in_tree(source: Mapping[str, Any]) -> Attach | None:
    for field_name, plugin, driver, key in IN_TREE:
        found = source.get(field_name)
        if isinstance(found, Mapping):
            return Attach(f"{driver}/{found.get(key)}", driver, plugin)
    return None


def _provisioned(provisioner: str | None, handle: str) -> Attach | None:
    """A volume a StorageClass will provision (kube counts it under a handle of its own)."""
    if not provisioner:
        return None
    driver = DRIVERS.get(provisioner, provisioner)
    plugin = provisioner if provisioner in DRIVERS else None
    return Attach(f"{driver}/{handle}", driver, plugin)


@dataclass(frozen=True, slots=True)
class Volumes:
    """What the input says of claims, volumes and classes."""

    bindings: Mapping[tuple[str | None, str], Binding]  # per (namespace, claim)
    pv_data: Mapping[str, Mapping[str, Any]]  # per PersistentVolume name
    provisioners: Mapping[str, str | None]  # per StorageClass name
    default: str | None  # the default StorageClass

    def _class(self, name: str | None) -> str | None:
        """The provisioner of a claim's class (None: no class, or one the input lacks)."""
        key = self.default if name is None else name
        return self.provisioners.get(key) if key is not None else None

    def _claimed(self, binding: Binding, namespace: str) -> Attach | None:
        claim, volume = binding.claim, binding.volume
        if volume is not None:
            spec = mapping(self.pv_data.get(volume.name, {}).get("spec"))
            csi = mapping(spec.get("csi"))
            if text(csi.get("driver")):
                return Attach(f"{csi['driver']}/{csi.get('volumeHandle')}", str(csi["driver"]))
            return _in_tree(spec)
        if claim.storage_class == "":
            return None
        return _provisioned(self._class(claim.storage_class), f"{namespace}/{claim.name}")

    def of(self, pod: Pod) -> tuple[Attach, ...]:
        """The volumes of the pod's claims (a StatefulSet's included), its generic ephemeral
        volumes and its inline in-tree ones."""
        out: list[Attach] = []
        for claim in pod.claims:
            binding = self.bindings.get((pod.namespace, claim))
            found = self._claimed(binding, pod.namespace) if binding is not None else None
            if found is not None:
                out.append(found)
        for _, volume in entries(pod.spec.get("volumes")):
            template = dig(volume, "ephemeral", "volumeClaimTemplate", "spec")
            if "persistentVolumeClaim" in volume:
                continue
            if isinstance(template, Mapping):
                name = f"{pod.namespace}/{pod.name}-{volume.get('name')}"
                class_name = template.get("storageClassName")
                found = _provisioned(self._class(class_name), name) if class_name != "" else None
            else:
                found = _in_tree(volume)
            if found is not None:
                out.append(found)
        return tuple(out)


def exceeds(node: Node, new: Sequence[Attach], attached: Sequence[Attach]) -> bool:
    """Whether the pod's new volumes take one of the node's drivers past its limit (a volume
    already attached for another pod counts once)."""
    wanted = {a.unique: a.driver for a in new if a.counts_on(node)}
    held = {a.unique: a.driver for a in attached if a.counts_on(node)}
    for unique in held:
        wanted.pop(unique, None)
    for driver in set(wanted.values()):
        limit = node.volume_limits.get(driver)
        if limit is None:
            continue
        adding = sum(1 for d in wanted.values() if d == driver)
        if sum(1 for d in held.values() if d == driver) + adding > limit:
            return True
    return False
