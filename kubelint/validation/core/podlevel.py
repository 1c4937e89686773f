"""Pod spec checks of the newer fields, each from the version whose default feature gates let
the field through (before that the server drops it): the containers' `resizePolicy`
(`validateResizePolicy`, InPlacePodVerticalScaling from 1.33), pod-level `resources`
(`validatePodResources`, `validatePodResourceConsistency`, PodLevelResources from 1.34), a
mount's `recursiveReadOnly` (from 1.31), resource claims (`claims.py`, from 1.34); and an
ephemeral volume's claim template."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from kubelint.k8s.data import dig, entries, is_mapping
from kubelint.k8s.quantity import format_quantity, is_binary
from kubelint.validation.common import Options, annotation_map, hashable, key_path, labels
from kubelint.validation.core.claims import resource_claims
from kubelint.validation.core.resources import is_hugepages, quantity, requirements, resource_name
from kubelint.validation.core.storage import claim_spec
from kubelint.validation.field import (
    Errors,
    Key,
    duplicate,
    forbidden,
    invalid,
    not_supported,
    required,
)
from kubelint.yamlload import JsonPath

RESIZE_SINCE = 33
POD_RESOURCES_SINCE = 34
RESIZE_RESOURCES = ("cpu", "memory")
RESIZE_RESTARTS = ("NotRequired", "RestartContainer")
RESOURCE_CLAIMS_SINCE = 34  # DynamicResourceAllocation GA
RECURSIVE_READ_ONLY_SINCE = 31  # RecursiveReadOnlyMounts on by default
RECURSIVE_READ_ONLY = ("Disabled", "Enabled", "IfPossible")
POD_LEVEL_RESOURCES = ("cpu", "hugepages-", "memory")  # as the server lists them


def pod_level(spec: Mapping[str, Any], path: JsonPath, options: Options) -> Errors:
    """The resize policies of the app containers and the pod's own resources."""
    errors: Errors = []
    if options.minor >= RESIZE_SINCE:
        restart = spec.get("restartPolicy") or "Always"
        for i, container in entries(spec.get("containers")):
            if container.get("resizePolicy") is not None:
                where = (*path, "containers", i, "resizePolicy")
                errors += resize_policy(container.get("resizePolicy"), where, restart)
    if options.minor >= POD_RESOURCES_SINCE and is_mapping(spec.get("resources")):
        errors += pod_resources(spec, (*path, "resources"))
    if options.minor >= RECURSIVE_READ_ONLY_SINCE:
        for field in ("containers", "initContainers"):
            for i, container in entries(spec.get(field)):
                if "volumeMounts" in container:
                    errors += recursive_read_only(container, (*path, field, i, "volumeMounts"))
    if options.minor >= RESOURCE_CLAIMS_SINCE:
        errors += resource_claims(spec, path)
    for i, volume in entries(spec.get("volumes")):
        template = dig(volume, "ephemeral", "volumeClaimTemplate")
        if is_mapping(template):
            where = (*path, "volumes", i, "ephemeral", "volumeClaimTemplate")
            errors += claim_template(template, where)
    return errors


def recursive_read_only(container: Mapping[str, Any], path: JsonPath) -> Errors:
    """`validateMountRecursiveReadOnly`: a recursive read-only mount is read-only and does not
    propagate mounts."""
    errors: Errors = []
    for i, mount in entries(container.get("volumeMounts")):
        value = mount.get("recursiveReadOnly")
        if value is None or value == "Disabled":
            continue
        where = (*path, i, "recursiveReadOnly")
        if value not in RECURSIVE_READ_ONLY:
            errors.append(not_supported(where, value, RECURSIVE_READ_ONLY))
            continue
        if mount.get("readOnly") is not True:
            errors.append(forbidden(where, "may only be specified when readOnly is true"))
        if mount.get("mountPropagation") not in (None, "None"):
            detail = "may only be specified when mountPropagation is None or not specified"
            errors.append(forbidden(where, detail))
    return errors


def claim_template(template: Mapping[str, Any], path: JsonPath) -> Errors:
    """`ValidatePersistentVolumeClaimTemplate` of an ephemeral volume: only labels and
    annotations in its metadata (`ValidateTemplateObjectMeta`), and a claim's spec."""
    errors: Errors = []
    meta = template.get("metadata")
    if is_mapping(meta):
        where = (*path, "metadata")
        errors += labels(meta.get("labels"), (*where, "labels"))
        errors += annotation_map(meta.get("annotations"), (*where, "annotations"))
        for field, value in meta.items():
            if field not in ("labels", "annotations") and value not in (None, "", [], {}, 0):
                detail = "cannot be set for an ephemeral volume"
                errors.append(forbidden((*where, str(field)), detail))
    return errors + claim_spec(template.get("spec"), (*path, "spec"))


def resize_policy(items: Any, path: JsonPath, pod_restart: str) -> Errors:
    """`validateResizePolicy`: cpu or memory, once each, restarting the container or not
    (not when the pod never restarts); the server names the list, the finding its entry."""
    errors: Errors = []
    seen: set[Any] = set()
    for i, policy in entries(items):
        at = (*path, i)
        resource, restart = hashable(policy.get("resourceName")), policy.get("restartPolicy")
        if resource in seen:
            errors.append(duplicate(at, resource))
        seen.add(resource)
        if not resource:
            errors.append(required(path, at=(*at, "resourceName")))
        elif resource not in RESIZE_RESOURCES:
            errors.append(not_supported(path, resource, RESIZE_RESOURCES, (*at, "resourceName")))
        if not restart:
            errors.append(required(path, at=(*at, "restartPolicy")))
        elif restart not in RESIZE_RESTARTS:
            errors.append(not_supported(path, restart, RESIZE_RESTARTS, (*at, "restartPolicy")))
        if pod_restart == "Never" and restart != "NotRequired":
            detail = "must be 'NotRequired' when `restartPolicy` is 'Never'"
            errors.append(invalid(path, restart or "", detail, at=(*at, "restartPolicy")))
    return errors


def _pod_resource_name(resource: str, path: JsonPath) -> Errors:
    """`validatePodResourceName`: cpu, memory and hugepages only."""
    errors = resource_name(resource, path)
    if errors or resource in ("cpu", "memory") or is_hugepages(resource):
        return errors
    return [not_supported(path, resource, POD_LEVEL_RESOURCES)]


def pod_resources(spec: Mapping[str, Any], path: JsonPath) -> Errors:
    """`validatePodResources`: names and amounts as a container's, no claims, and room for
    the containers: pod requests at least their aggregate, pod limits at least each one's."""
    resources = spec["resources"]
    errors: Errors = []
    if resources.get("claims") is not None:
        errors.append(
            forbidden((*path, "claims"), "claims cannot be set for Resources at pod-level")
        )
    errors += requirements(resources, path, _pod_resource_name)
    requests, limits = resources.get("requests"), resources.get("limits")
    if is_mapping(requests):
        errors += _aggregate_requests(spec, requests, (*path, "requests"))
    if is_mapping(limits):
        errors += _container_limits(spec, limits, path)
    return errors


def _requests(container: Mapping[str, Any]) -> dict[str, tuple[Decimal, Any]]:
    """A container's requests after defaulting (a limit without a request is both)."""
    resources = container.get("resources")
    if not is_mapping(resources):
        return {}
    found: dict[str, tuple[Decimal, Any]] = {}
    for field in ("limits", "requests"):
        listed = resources.get(field)
        for name, value in listed.items() if is_mapping(listed) else ():
            amount = quantity(value)
            if amount is not None:
                found[str(name)] = (amount, value)
    return found


def _add(total: dict[str, tuple[Decimal, Any]], more: dict[str, tuple[Decimal, Any]]) -> None:
    for name, (amount, value) in more.items():
        if name in total:
            total[name] = (total[name][0] + amount, total[name][1])
        else:
            total[name] = (amount, value)


def aggregate_requests(spec: Mapping[str, Any]) -> dict[str, tuple[Decimal, Any]]:
    """`AggregateContainerRequests`: the app containers and sidecars added up, or the largest
    init container's need (with the sidecars started before it) where that is more. Each
    amount keeps the first text it came from (whose suffix its total is written with)."""
    total: dict[str, tuple[Decimal, Any]] = {}
    for _, container in entries(spec.get("containers")):
        _add(total, _requests(container))
    sidecars: dict[str, tuple[Decimal, Any]] = {}
    peak: dict[str, tuple[Decimal, Any]] = {}
    for _, container in entries(spec.get("initContainers")):
        own = _requests(container)
        if container.get("restartPolicy") == "Always":
            _add(total, own)
            _add(sidecars, own)
            need = dict(sidecars)
        else:
            need = dict(own)
            _add(need, sidecars)
        for name, item in need.items():
            if name not in peak or item[0] > peak[name][0]:
                peak[name] = item
    for name, item in peak.items():
        if name not in total or item[0] > total[name][0]:
            total[name] = item
    return total


def _aggregate_requests(
    spec: Mapping[str, Any], requests: Mapping[str, Any], path: JsonPath
) -> Errors:
    """Pod-level requests of at least what the containers ask (a resource the pod leaves
    out takes the containers' total by default)."""
    errors: Errors = []
    for name, (amount, first) in aggregate_requests(spec).items():
        pod_value = requests.get(name)
        pod_amount = quantity(pod_value)
        if pod_amount is None or amount <= pod_amount:
            continue
        total = format_quantity(amount, is_binary(first))
        detail = f"must be greater than or equal to aggregate container requests of {total}"
        errors.append(invalid(key_path(path, name), str(pod_value), detail))
    return errors


def _container_limits(spec: Mapping[str, Any], limits: Mapping[str, Any], path: JsonPath) -> Errors:
    """No app container's limit above the pod's."""
    errors: Errors = []
    for i, container in entries(spec.get("containers")):
        resources = container.get("resources")
        own = resources.get("limits") if is_mapping(resources) else None
        for name, value in own.items() if is_mapping(own) else ():
            if name not in limits:
                continue
            amount, pod_amount = quantity(value), quantity(limits[name])
            if amount is None or pod_amount is None or amount <= pod_amount:
                continue
            named = (*path, "containers", i, Key(str(name)), "limits")
            at = (*path[:-1], "containers", i, "resources", "limits", name)
            detail = f"must be less than or equal to pod limits of {limits[name]}"
            errors.append(invalid(named, str(value), detail, at=at))
    return errors
