"""Volumes of a pod: `ValidateVolumes` and `validateVolumeSource` with each source's checks."""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from typing import Any

from kubelint.k8s import names
from kubelint.k8s.data import entries, integer, is_mapping
from kubelint.validation.common import Options, hashable, one_of
from kubelint.validation.core.container import local_descending
from kubelint.validation.core.env import object_field, resource_field
from kubelint.validation.core.resources import quantity
from kubelint.validation.field import (
    Errors,
    duplicate,
    forbidden,
    invalid,
    invalid_all,
    required,
    too_long,
)
from kubelint.yamlload import JsonPath

# The sources in the order the server looks at them: of two, the later one is reported.
SOURCES = (
    "emptyDir", "hostPath", "gitRepo", "gcePersistentDisk", "awsElasticBlockStore", "secret",
    "nfs", "iscsi", "glusterfs", "flocker", "persistentVolumeClaim", "rbd", "cinder", "cephfs",
    "quobyte", "downwardAPI", "fc", "flexVolume", "configMap", "azureFile", "vsphereVolume",
    "photonPersistentDisk", "portworxVolume", "azureDisk", "storageos", "projected", "scaleIO",
    "csi", "ephemeral", "image",
)  # fmt: skip
_SOURCE_ORDER = {kind: i for i, kind in enumerate(SOURCES)}  # a volume's sources in this order
# The path the server names for a second source, where it differs from the field (sic).
_SECOND_SOURCE_NAME = {"cephfs": "cephFS", "downwardAPI": "downwarAPI"}
# Sources whose only checks are required fields.
_REQUIRED = {
    "gcePersistentDisk": ("pdName",),
    "awsElasticBlockStore": ("volumeID",),
    "glusterfs": ("endpoints", "path"),
    "rbd": ("monitors", "image"),
    "cinder": ("volumeID",),
    "cephfs": ("monitors",),
    "flexVolume": ("driver",),
    "azureFile": ("secretName", "shareName"),
    "vsphereVolume": ("volumePath",),
    "photonPersistentDisk": ("pdID",),
    "portworxVolume": ("volumeID",),
    "scaleIO": ("gateway", "system", "volumeName"),
    "iscsi": ("targetPortal", "iqn"),
    "azureDisk": ("diskName", "diskURI"),
}
HOST_PATH_TYPES = (
    "", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate",
    "Socket",
)  # fmt: skip
FILE_MODE = "must be a number between 0 and 0777 (octal), both inclusive"
VOLUME_FIELD_PATHS = (
    "metadata.annotations", "metadata.labels", "metadata.name", "metadata.namespace", "metadata.uid"
)  # fmt: skip


def volumes(
    items: Any, path: JsonPath, options: Options, pod_name: str | None = None
) -> tuple[dict[str, Mapping[str, Any]], Errors]:
    """The valid volumes by name, and the errors of all of them."""
    errors: Errors = []
    valid: dict[str, Mapping[str, Any]] = {}
    seen: set[str] = set()
    for i, volume in entries(items):
        where = (*path, i)
        found = source(volume, where, options)
        volume_name = volume.get("name")
        if not volume_name:
            found.append(required((*where, "name")))
        elif isinstance(volume_name, str):
            found += invalid_all((*where, "name"), volume_name, names.dns1123_label(volume_name))
            if volume_name in seen:
                found.append(duplicate((*where, "name"), volume_name))
        if not found and isinstance(volume_name, str):
            seen.add(volume_name)
            valid[volume_name] = volume
        errors += found
    return valid, errors


def source(volume: Mapping[str, Any], path: JsonPath, options: Options) -> Errors:
    """`validateVolumeSource`: at most one source, well formed. A volume that names none is
    an `emptyDir` after v1 defaulting (`SetDefaults_Volume`), so none is no error here."""
    errors: Errors = []
    count = 0
    for kind in sorted(_SOURCE_ORDER.keys() & volume.keys(), key=_SOURCE_ORDER.__getitem__):
        data = volume.get(kind)
        if data is None:
            continue
        if count:
            detail = "may not specify more than 1 volume type"
            named = (*path, _SECOND_SOURCE_NAME.get(kind, kind))
            errors.append(forbidden(named, detail, at=(*path, kind)))
            continue
        count += 1
        errors += _source(kind, data if is_mapping(data) else {}, (*path, kind))
    return errors


def _source(kind: str, data: Mapping[str, Any], path: JsonPath) -> Errors:
    errors: Errors = [
        required((*path, field)) for field in _REQUIRED.get(kind, ()) if not data.get(field)
    ]
    if kind == "emptyDir":
        size = quantity(data.get("sizeLimit")) if data.get("sizeLimit") is not None else None
        if size is not None and size < 0:
            detail = "SizeLimit field must be a valid resource quantity"
            errors.append(forbidden((*path, "sizeLimit"), detail, key=False))
    elif kind == "hostPath":
        errors += host_path(data, path)
    elif kind == "gitRepo":
        if not data.get("repository"):
            errors.append(required((*path, "repository")))
        directory = data.get("directory")
        if isinstance(directory, str):
            errors += local_descending(directory, (*path, "directory"))
    elif kind in ("secret", "configMap"):
        name_field = "secretName" if kind == "secret" else "name"
        if not data.get(name_field):
            errors.append(required((*path, name_field)))
        errors += _mode(data, path, "defaultMode")
        for i, item in entries(data.get("items")):
            errors += key_to_path(item, (*path, "items", i))
    elif kind == "persistentVolumeClaim":
        if not data.get("claimName"):
            errors.append(required((*path, "claimName")))
    elif kind == "nfs":
        errors += _nfs(data, path)
    elif kind == "downwardAPI":
        errors += _mode(data, path, "defaultMode")
        for _, item in entries(data.get("items")):
            errors += _downward_file(item, path)
    elif kind == "projected":
        errors += _mode(data, path, "defaultMode")
        errors += _projections(data, path)
    elif kind == "csi":
        errors += csi_driver(data.get("driver"), (*path, "driver"))
    elif kind == "ephemeral":
        if data.get("volumeClaimTemplate") is None:
            errors.append(required((*path, "volumeClaimTemplate")))
    elif kind == "image":
        errors += one_of(
            data.get("pullPolicy"), (*path, "pullPolicy"), ("Always", "IfNotPresent", "Never")
        )
    return errors


def host_path(data: Mapping[str, Any], path: JsonPath) -> Errors:
    value = data.get("path")
    if not value:
        return [required((*path, "path"))]
    errors: Errors = []
    if isinstance(value, str) and ".." in value.replace("\\", "/").split("/"):
        errors.append(invalid((*path, "path"), value, "must not contain '..'"))
    return errors + one_of(data.get("type"), (*path, "type"), HOST_PATH_TYPES)


def _nfs(data: Mapping[str, Any], path: JsonPath) -> Errors:
    errors = [required((*path, field)) for field in ("server", "path") if not data.get(field)]
    value = data.get("path")
    if not isinstance(value, str) or not posixpath.isabs(value):
        errors.append(invalid((*path, "path"), value or "", "must be an absolute path"))
    return errors


def _mode(data: Mapping[str, Any], path: JsonPath, field: str) -> Errors:
    mode = integer(data.get(field))
    if mode is not None and not 0 <= mode <= 0o777:
        return [invalid((*path, field), mode, FILE_MODE)]
    return []


def local_non_reserved(value: str, path: JsonPath) -> Errors:
    """`ValidateLocalNonReservedPath`."""
    errors = local_descending(value, path)
    if value.startswith("..") and not value.startswith("../"):
        errors.append(invalid(path, value, "must not start with '..'"))
    return errors


def key_to_path(item: Mapping[str, Any], path: JsonPath) -> Errors:
    errors: Errors = [required((*path, f)) for f in ("key", "path") if not item.get(f)]
    target = item.get("path")
    if isinstance(target, str):
        errors += local_non_reserved(target, (*path, "path"))
    return errors + _mode(item, path, "mode")


def _downward_file(item: Mapping[str, Any], path: JsonPath) -> Errors:
    errors: Errors = []
    target = item.get("path")
    if not target:
        errors.append(required((*path, "path")))
    elif isinstance(target, str):
        errors += local_non_reserved(target, (*path, "path"))
    field_ref, resource_ref = item.get("fieldRef"), item.get("resourceFieldRef")
    if is_mapping(field_ref):
        errors += object_field(field_ref, VOLUME_FIELD_PATHS, (*path, "fieldRef"))
        if resource_ref is not None:
            detail = "fieldRef and resourceFieldRef can not be specified simultaneously"
            errors.append(invalid(path, "resource", detail))
    elif is_mapping(resource_ref):
        errors += resource_field(resource_ref, (*path, "resourceFieldRef"), volume=True)
    else:
        errors.append(required(path, "one of fieldRef and resourceFieldRef is required"))
    return errors + _mode(item, path, "mode")


def _projections(data: Mapping[str, Any], path: JsonPath) -> Errors:
    errors: Errors = []
    paths: set[str] = set()
    for i, projection in entries(data.get("sources")):
        where = (*path, "sources", i)
        found = [k for k in ("secret", "configMap", "downwardAPI", "serviceAccountToken",
                             "clusterTrustBundle") if projection.get(k) is not None]  # fmt: skip
        for kind in found:
            errors += _projection(kind, projection[kind], (*where, kind), path, paths)
        if len(found) > 1:
            errors.append(forbidden(where, "may not specify more than 1 volume type per source"))
    return errors


def _projection(kind: str, data: Any, path: JsonPath, volume: JsonPath, paths: set[str]) -> Errors:
    data = data if is_mapping(data) else {}
    errors: Errors = []
    targets: list[str] = []
    if kind in ("secret", "configMap"):
        if not data.get("name"):
            errors.append(required((*path, "name")))
        for i, item in entries(data.get("items")):
            errors += key_to_path(item, (*path, "items", i))
            targets.append(item.get("path") or "")
    elif kind == "downwardAPI":
        for _, item in entries(data.get("items")):
            errors += _downward_file(item, path)
            targets.append(item.get("path") or "")
    elif kind == "serviceAccountToken":
        seconds = integer(data.get("expirationSeconds"))
        if seconds is not None and seconds < 600:
            detail = "may not specify a duration less than 10 minutes"
            errors.append(invalid((*path, "expirationSeconds"), seconds, detail))
        elif seconds is not None and seconds > 2**32:
            detail = "may not specify a duration larger than 2^32 seconds"
            errors.append(invalid((*path, "expirationSeconds"), seconds, detail))
        target = data.get("path")
        if not target:
            errors.append(required((*volume, "path"), at=(*path, "path")))
        elif isinstance(target, str):
            errors += local_non_reserved(target, (*volume, "path"))
    for target in map(hashable, targets):
        if target in paths:
            errors.append(invalid(volume, data.get("name", target), "conflicting duplicate paths"))
        elif target:
            paths.add(target)
    return errors


def csi_driver(driver: Any, path: JsonPath) -> Errors:
    """`ValidateCSIDriverName`."""
    if not driver or not isinstance(driver, str):
        return [required(path)]
    errors: Errors = []
    if len(driver) > 63:
        errors.append(too_long(path, 63))
    return errors + invalid_all(path, driver, names.dns1123_subdomain(driver.lower()))
