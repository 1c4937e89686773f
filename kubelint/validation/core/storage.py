"""PersistentVolumes and PersistentVolumeClaims: `ValidatePersistentVolumeSpec`,
`ValidatePersistentVolumeClaimSpec`."""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from typing import Any

from kubelint.k8s import names
from kubelint.k8s.data import is_mapping
from kubelint.validation.common import NOT_POSITIVE, key_path, label_selector, name, one_of
from kubelint.validation.core.resources import quantity, quantity_value
from kubelint.validation.core.scheduling import node_selector
from kubelint.validation.core.volumes import csi_driver, host_path
from kubelint.validation.field import (
    Errors,
    forbidden,
    invalid,
    not_supported,
    required,
)
from kubelint.yamlload import JsonPath

ACCESS_MODES = ("ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod")
VOLUME_MODES = ("Block", "Filesystem")
RECLAIM_POLICIES = ("Delete", "Recycle", "Retain")
PV_SOURCES = (
    "hostPath", "gcePersistentDisk", "awsElasticBlockStore", "glusterfs", "flocker", "nfs", "rbd",
    "quobyte", "cephfs", "iscsi", "cinder", "fc", "flexVolume", "azureFile", "vsphereVolume",
    "photonPersistentDisk", "portworxVolume", "azureDisk", "scaleIO", "local", "storageos", "csi",
)  # fmt: skip


def access_modes(spec: Mapping[str, Any], path: JsonPath, detail: str) -> Errors:
    modes = spec.get("accessModes")
    where = (*path, "accessModes")
    if not modes:
        return [required(where, detail)]
    errors: Errors = []
    for mode in modes if isinstance(modes, list) else []:
        if mode not in ACCESS_MODES:
            errors.append(not_supported(where, mode, ACCESS_MODES))
    known = [m for m in modes if m in ACCESS_MODES] if isinstance(modes, list) else []
    if "ReadWriteOncePod" in known and len(set(known)) > 1:
        errors.append(forbidden(where, "may not use ReadWriteOncePod with other access modes"))
    return errors


def claim_spec(spec: Any, path: JsonPath) -> Errors:
    """`ValidatePersistentVolumeClaimSpec`."""
    if not is_mapping(spec):
        return []
    errors = access_modes(spec, path, "at least 1 access mode is required")
    errors += label_selector(spec.get("selector"), (*path, "selector"))
    resources = spec.get("resources")
    requests = resources.get("requests") if is_mapping(resources) else None
    storage = requests.get("storage") if is_mapping(requests) else None
    named = key_path((*path, "resources"), "storage")
    at = (*path, "resources", "requests", "storage")
    if storage is None:
        errors.append(required(named, at=at))
    else:
        amount = quantity(storage)
        if amount is not None and amount <= 0:
            errors.append(invalid(named, str(storage), NOT_POSITIVE, at=at))
    if spec.get("storageClassName"):
        errors += name(spec.get("storageClassName"), (*path, "storageClassName"))
    errors += one_of(spec.get("volumeMode"), (*path, "volumeMode"), VOLUME_MODES)
    for field in ("dataSource", "dataSourceRef"):
        errors += _data_source(spec.get(field), (*path, field))
    source, ref = spec.get("dataSource"), spec.get("dataSourceRef")
    ref_namespace = ref.get("namespace") if is_mapping(ref) else None
    if ref_namespace:
        errors += name(ref_namespace, (*path, "dataSourceRef", "namespace"), names.dns1123_label)
        if source is not None:
            detail = "may not be specified when dataSourceRef.namespace is specified"
            errors.append(invalid(path, "spec.dataSource", detail))
    elif (
        is_mapping(source)
        and is_mapping(ref)
        and any(source.get(k) != ref.get(k) for k in ("apiGroup", "kind", "name"))
    ):
        errors.append(invalid(path, "spec.dataSource", "must match dataSourceRef"))
    if spec.get("volumeAttributesClassName"):
        errors += name(spec.get("volumeAttributesClassName"), (*path, "volumeAttributesClassName"))
    return errors


def _data_source(source: Any, path: JsonPath) -> Errors:
    if not is_mapping(source):
        return []
    errors: Errors = [required((*path, f)) for f in ("name", "kind") if not source.get(f)]
    group, kind = source.get("apiGroup") or "", source.get("kind")
    if not group and kind != "PersistentVolumeClaim":
        detail = "must be 'PersistentVolumeClaim' when referencing the default apiGroup"
        errors.append(invalid(path, kind or "", detail))
    if group:
        errors += name(group, (*path, "apiGroup"))
    return errors


def claim(data: Mapping[str, Any]) -> Errors:
    return claim_spec(data.get("spec"), ("spec",))


def volume(data: Mapping[str, Any]) -> Errors:
    spec = data.get("spec")
    return volume_spec(spec, ("spec",)) if is_mapping(spec) else []


def volume_spec(spec: Mapping[str, Any], path: JsonPath, inline: bool = False) -> Errors:
    """`ValidatePersistentVolumeSpec` (`inline`: a VolumeAttachment's, which has no capacity,
    access modes, class, affinity or reclaim policy, and only a csi source)."""
    if inline:
        return _inline(spec, path)
    errors = access_modes(spec, path, "")
    capacity = spec.get("capacity")
    if not capacity:
        errors.append(required((*path, "capacity")))
    if not is_mapping(capacity) or "storage" not in capacity or len(capacity) > 1:
        errors.append(not_supported((*path, "capacity"), capacity or {}, ("storage",)))
    for resource, value in capacity.items() if is_mapping(capacity) else ():
        where = key_path((*path, "capacity"), str(resource))
        amount = quantity(value)
        if amount is not None and amount <= 0:
            errors.append(invalid(where, str(value), NOT_POSITIVE))
        errors += quantity_value(str(resource), value, where)
    errors += one_of(
        spec.get("persistentVolumeReclaimPolicy"), (*path, "persistentVolumeReclaimPolicy"),
        RECLAIM_POLICIES,
    )  # fmt: skip
    affinity = spec.get("nodeAffinity")
    if is_mapping(affinity):
        if affinity.get("required") is None:
            detail = "must specify required node constraints"
            errors.append(required((*path, "nodeAffinity", "required"), detail))
        else:
            errors += node_selector(affinity["required"], (*path, "nodeAffinity", "required"))
    errors += _sources(spec, path, affinity is not None)
    host = spec.get("hostPath")
    host_root = is_mapping(host) and posixpath.normpath(str(host.get("path"))) == "/"
    if host_root and spec.get("persistentVolumeReclaimPolicy") == "Recycle":
        detail = "may not be 'recycle' for a hostPath mount of '/'"
        errors.append(forbidden((*path, "persistentVolumeReclaimPolicy"), detail))
    if spec.get("storageClassName"):
        errors += name(spec.get("storageClassName"), (*path, "storageClassName"))
    errors += one_of(spec.get("volumeMode"), (*path, "volumeMode"), VOLUME_MODES)
    return errors


def _inline(spec: Mapping[str, Any], path: JsonPath) -> Errors:
    errors: Errors = []
    for field in ("claimRef", "capacity"):
        if spec.get(field):
            detail = "may not be specified in the context of inline volumes"
            errors.append(forbidden((*path, field), detail))
    if spec.get("csi") is None:
        detail = "has to be specified in the context of inline volumes"
        errors.append(required((*path, "csi"), detail))
    return errors + access_modes(spec, path, "") + _sources(spec, path, True)


def _sources(spec: Mapping[str, Any], path: JsonPath, has_affinity: bool) -> Errors:
    errors: Errors = []
    count = 0
    for kind in PV_SOURCES:
        data = spec.get(kind)
        if data is None:
            continue
        if count and kind != "flexVolume":
            errors.append(forbidden((*path, kind), "may not specify more than 1 volume type"))
            continue
        count += 1
        data = data if is_mapping(data) else {}
        where = (*path, kind)
        if kind in ("hostPath", "local"):
            errors += host_path({"path": data.get("path"), "type": data.get("type")}, where)
            if kind == "local" and not has_affinity:
                errors.append(
                    required((*path, "nodeAffinity"), "Local volume requires node affinity")
                )
        elif kind == "csi":
            errors += csi_driver(data.get("driver"), (*where, "driver"))
            if not data.get("volumeHandle"):
                errors.append(required((*where, "volumeHandle")))
        elif kind == "nfs":
            for field in ("server", "path"):
                if not data.get(field):
                    errors.append(required((*where, field)))
    if not count:
        errors.append(required(path, "must specify a volume type"))
    return errors


MOUNT_OPTIONS_ANNOTATION = "volume.beta.kubernetes.io/mount-options"
# The volume types whose plugins take mount options (`pkg/volume/validation`).
MOUNTABLE = frozenset(
    {
        "gcePersistentDisk", "awsElasticBlockStore", "glusterfs", "nfs", "rbd", "quobyte",
        "iscsi", "cinder", "cephfs", "azureFile", "vsphereVolume", "azureDisk",
        "photonPersistentDisk",
    }
)  # fmt: skip
VOLUME_ATTRIBUTES_SINCE = 34  # VolumeAttributesClass GA


def volume_plugin(data: Mapping[str, Any], minor: int) -> Errors:
    """What the PersistentVolume registry adds to `ValidatePersistentVolume`: the mount-options
    annotation only for the types that take it (`checkMountOption`); and, from 1.34, a
    volume attributes class, a class name on a csi volume."""
    errors: Errors = []
    meta, spec = data.get("metadata"), data.get("spec")
    spec = spec if is_mapping(spec) else {}
    annotations = meta.get("annotations") if is_mapping(meta) else None
    mount_options = is_mapping(annotations) and MOUNT_OPTIONS_ANNOTATION in annotations
    if mount_options and not any(kind in spec for kind in MOUNTABLE):
        detail = "may not specify mount options for this volume type"
        errors.append(forbidden(("metadata", "annotations", MOUNT_OPTIONS_ANNOTATION), detail))
    class_name = spec.get("volumeAttributesClassName")
    if class_name is not None and minor >= VOLUME_ATTRIBUTES_SINCE:
        where: JsonPath = ("spec", "volumeAttributesClassName")
        if class_name == "":
            errors.append(required(where, "an empty string is disallowed"))
        else:
            errors += name(class_name, where)
        if spec.get("csi") is None:
            detail = "has to be specified when using volumeAttributesClassName"
            errors.append(required(("spec", "csi"), detail))
    return errors
