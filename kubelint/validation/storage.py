"""The storage group: `pkg/apis/storage/validation` (StorageClass, CSIDriver, CSINode,
VolumeAttachment)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kubelint.k8s import names
from kubelint.k8s.data import dig, entries, integer, is_mapping, mapping
from kubelint.validation.common import (
    Options,
    hashable,
    label_name,
    listed,
    nonnegative,
    one_of,
    repeated,
)
from kubelint.validation.core.storage import volume_spec
from kubelint.validation.core.volumes import csi_driver as csi_driver_name
from kubelint.validation.field import (
    Errors,
    duplicate,
    forbidden,
    invalid,
    invalid_all,
    not_supported,
    placed,
    required,
    too_long,
)
from kubelint.yamlload import JsonPath

PARAMETERS_MAX = 512  # entries of a StorageClass's parameters
PARAMETERS_SIZE_MAX = 256 * 1024  # bytes of its keys and values
FS_GROUP_POLICIES = ("ReadWriteOnceWithFSType", "File", "None")
LIFECYCLE_MODES = ("Ephemeral", "Persistent")
NODE_ID_MAX = 192
TOKEN_SECONDS_MIN = 600
TOKEN_SECONDS_MAX = 2**32


def parameters(params: Any, allow_empty: bool = True) -> Errors:
    """`validateParameters`: a StorageClass's or a VolumeAttributesClass's `parameters`."""
    path: JsonPath = ("parameters",)
    values = mapping(params)
    if len(values) > PARAMETERS_MAX:
        return [too_long(path, PARAMETERS_MAX)]
    errors = [invalid(path, k, "field can not be empty.") for k in values if not k]
    if sum(len(str(k)) + len(str(v)) for k, v in values.items()) > PARAMETERS_SIZE_MAX:
        errors.append(too_long(path, PARAMETERS_SIZE_MAX))
    if not allow_empty and not values:
        errors.append(required(path, "must contain at least one key/value pair"))
    return errors


def provisioner(value: Any, path: JsonPath) -> Errors:
    """`validateProvisioner`: a StorageClass's provisioner, a VolumeAttributesClass's driver."""
    if not value:
        return [required(path)]
    if not isinstance(value, str):
        return []
    return invalid_all(path, value.lower(), names.qualified_name(value.lower()))


def _topology_requirement(requirement: Mapping[str, Any], path: JsonPath) -> Errors:
    """`validateTopologySelectorLabelRequirement`."""
    values = listed(requirement.get("values"))
    errors: Errors = [] if values else [required((*path, "values"))]
    seen: set[Any] = set()
    for i, value in enumerate(values):
        errors += repeated(value, seen, (*path, "values", i))
    return errors + label_name(requirement.get("key"), (*path, "key"))


def allowed_topologies(terms: Any) -> Errors:
    """`validateAllowedTopologies` (`ValidateTopologySelectorTerm` on each term)."""
    errors: Errors = []
    for i, term in entries(terms):
        keys: set[Any] = set()
        for j, requirement in entries(term.get("matchLabelExpressions")):
            where: JsonPath = ("allowedTopologies", i, "matchLabelExpressions", j)
            errors += _topology_requirement(requirement, where)
            errors += repeated(hashable(requirement.get("key")), keys, (*where, "key"))
    return errors


def storage_class(data: Mapping[str, Any], options: Options) -> Errors:
    errors = provisioner(data.get("provisioner"), ("provisioner",))
    errors += parameters(data.get("parameters"))
    errors += one_of(data.get("reclaimPolicy"), ("reclaimPolicy",), ("Delete", "Retain"))
    errors += one_of(
        data.get("volumeBindingMode"), ("volumeBindingMode",), ("Immediate", "WaitForFirstConsumer")
    )
    return errors + allowed_topologies(data.get("allowedTopologies"))


def _token_requests(requests: Any, path: JsonPath) -> Errors:
    errors: Errors = []
    audiences: set[Any] = set()
    for i, request in entries(requests):
        where = (*path, i)
        audience = hashable(request.get("audience") or "")
        if audience in audiences:
            errors.append(duplicate((*where, "audience"), audience))
            continue
        audiences.add(audience)
        seconds = integer(request.get("expirationSeconds"))
        if seconds is not None and seconds < TOKEN_SECONDS_MIN:
            detail = "may not specify a duration less than 10 minutes"
            errors.append(invalid((*where, "expirationSeconds"), seconds, detail))
        if seconds is not None and seconds > TOKEN_SECONDS_MAX:
            detail = "may not specify a duration larger than 2^32 seconds"
            errors.append(invalid((*where, "expirationSeconds"), seconds, detail))
    return errors


def csi_driver(data: Mapping[str, Any], options: Options) -> Errors:
    """`ValidateCSIDriver`: its name is checked as a driver name (reported as `name`)."""
    errors = placed(csi_driver_name(dig(data, "metadata", "name"), ("name",)), ("metadata", "name"))
    spec = mapping(data.get("spec"))
    path: JsonPath = ("spec",)
    errors += one_of(spec.get("fsGroupPolicy"), (*path, "fsGroupPolicy"), FS_GROUP_POLICIES)
    errors += _token_requests(spec.get("tokenRequests"), (*path, "tokenRequests"))
    for mode in listed(spec.get("volumeLifecycleModes")):
        if mode not in LIFECYCLE_MODES:
            where = (*path, "volumeLifecycleModes")
            errors.append(not_supported(where, mode, LIFECYCLE_MODES))
    return errors


def _node_driver(driver: Mapping[str, Any], path: JsonPath, seen: set[Any]) -> Errors:
    errors = csi_driver_name(driver.get("name"), (*path, "name"))
    node_id = driver.get("nodeID")
    if not node_id:
        errors.append(required((*path, "nodeID")))
    elif isinstance(node_id, str) and len(node_id) > NODE_ID_MAX:
        detail = f"must be {NODE_ID_MAX} characters or less"
        errors.append(invalid((*path, "nodeID"), node_id, detail))
    allocatable = driver.get("allocatable")
    if is_mapping(allocatable):
        errors += nonnegative(allocatable, (*path, "allocatable"), "count")
    errors += repeated(hashable(driver.get("name")), seen, (*path, "name"))
    keys: set[Any] = set()
    for key in listed(driver.get("topologyKeys")):
        if not key:
            errors.append(required(path))
        errors += repeated(key, keys, path)
        if isinstance(key, str):
            errors += invalid_all(path, key, names.qualified_name(key))
    return errors


def csi_node(data: Mapping[str, Any], options: Options) -> Errors:
    errors: Errors = []
    seen: set[Any] = set()
    for i, driver in entries(dig(data, "spec", "drivers")):
        errors += _node_driver(driver, ("spec", "drivers", i), seen)
    return errors


SOURCE_DETAIL = "must specify exactly one of inlineVolumeSpec and persistentVolumeName"


def volume_attachment(data: Mapping[str, Any], options: Options) -> Errors:
    spec = mapping(data.get("spec"))
    path: JsonPath = ("spec",)
    attacher = spec.get("attacher")
    errors = csi_driver_name(attacher, (*path, "attacher"))
    source = mapping(spec.get("source"))
    inline, volume_name = source.get("inlineVolumeSpec"), source.get("persistentVolumeName")
    where = (*path, "source")
    if inline is None and volume_name is None:
        errors.append(required(where, SOURCE_DETAIL))
    elif inline is not None and volume_name is not None:
        errors.append(forbidden(where, SOURCE_DETAIL))
    elif volume_name is not None:
        if not volume_name:
            detail = "must specify non empty persistentVolumeName"
            errors.append(required((*where, "persistentVolumeName"), detail))
        elif isinstance(volume_name, str):
            reasons = names.dns1123_subdomain(volume_name)
            errors += invalid_all((*where, "persistentVolumeName"), volume_name, reasons)
    elif is_mapping(inline):
        errors += volume_spec(inline, (*where, "inlineVolumeSpec"), inline=True)
    node_name = spec.get("nodeName")
    if isinstance(node_name, str):
        errors += invalid_all((*path, "nodeName"), node_name, names.dns1123_subdomain(node_name))
    return errors
