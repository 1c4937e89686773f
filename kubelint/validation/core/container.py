"""Containers: `validateContainers`, `validateInitContainers`, `validateContainerCommon` and
the checks of ports, mounts, devices and security contexts they call."""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from typing import Any, NamedTuple

from kubelint.k8s import names
from kubelint.k8s.data import entries, integer, is_mapping
from kubelint.validation.common import (
    PROTOCOLS,
    Options,
    hashable,
    inclusive_range,
    name,
    one_of,
    port_number,
    repeated,
)
from kubelint.validation.core.env import env, env_from
from kubelint.validation.core.probes import PROBES, lifecycle, probe
from kubelint.validation.core.resources import requirements
from kubelint.validation.field import (
    Errors,
    duplicate,
    forbidden,
    invalid,
    not_found,
    not_supported,
    required,
    too_long,
)
from kubelint.yamlload import JsonPath

PULL_POLICIES = ("Always", "IfNotPresent", "Never")
TERMINATION_MESSAGE_POLICIES = ("File", "FallbackToLogsOnError")
PROPAGATIONS = ("Bidirectional", "HostToContainer", "None")
ID_RANGE = inclusive_range(0, 2**31 - 1)
NOT_FOR_INIT = "may not be set for init containers without restartPolicy=Always"


class PodContext(NamedTuple):
    """What container checks need from their pod."""

    volumes: Mapping[str, Mapping[str, Any]]  # valid volumes by name
    grace: int | None  # terminationGracePeriodSeconds
    options: Options
    is_pod: bool  # a Pod, not a template
    host_users: bool = True


def common(container: Mapping[str, Any], path: JsonPath, pod: PodContext) -> Errors:
    """`validateContainerCommon`: what every kind of container must satisfy."""
    errors: Errors = []
    container_name = container.get("name")
    if not container_name:
        errors.append(required((*path, "name")))
    else:
        errors += name(container_name, (*path, "name"), names.dns1123_label)
    image = container.get("image")
    if not image:
        errors.append(required((*path, "image")))
    elif pod.is_pod and isinstance(image, str) and image != image.strip():
        detail = "must not have leading or trailing whitespace"
        errors.append(invalid((*path, "image"), image, detail))
    # (a container sets few of these fields: no path is made, no check called, for the others)
    if "terminationMessagePolicy" in container:
        errors += one_of(
            container["terminationMessagePolicy"],
            (*path, "terminationMessagePolicy"),
            TERMINATION_MESSAGE_POLICIES,
        )
    if "ports" in container:
        errors += ports(container["ports"], (*path, "ports"))
    if "env" in container:
        errors += env(container["env"], (*path, "env"), pod.options)
    if "envFrom" in container:
        errors += env_from(container["envFrom"], (*path, "envFrom"), pod.options)
    if "volumeMounts" in container:
        errors += volume_mounts(container, (*path, "volumeMounts"), pod)
    if "volumeDevices" in container:
        errors += volume_devices(container, (*path, "volumeDevices"), pod)
    if "imagePullPolicy" in container:
        errors += one_of(container["imagePullPolicy"], (*path, "imagePullPolicy"), PULL_POLICIES)
    if "resources" in container:
        errors += requirements(container["resources"], (*path, "resources"))
    if "securityContext" in container:
        errors += security_context(container["securityContext"], (*path, "securityContext"), pod)
    return errors


def ports(items: Any, path: JsonPath) -> Errors:
    """`validateContainerPorts`."""
    errors: Errors = []
    seen: set[str] = set()
    for i, port in entries(items):
        where = (*path, i)
        port_name = port.get("name")
        if isinstance(port_name, str) and port_name:
            if reasons := names.port_name(port_name):
                errors += [invalid((*where, "name"), port_name, r) for r in reasons]
            elif port_name in seen:
                errors.append(duplicate((*where, "name"), port_name))
            seen.add(port_name)
        container_port = port.get("containerPort")
        if container_port == 0:
            errors.append(required((*where, "containerPort")))
        else:
            errors += port_number(container_port, (*where, "containerPort"))
        if port.get("hostPort") not in (None, 0):
            errors += port_number(port.get("hostPort"), (*where, "hostPort"))
        errors += one_of(port.get("protocol"), (*where, "protocol"), PROTOCOLS)
    return errors


def host_port_conflicts(containers: list[tuple[JsonPath, Mapping[str, Any]]]) -> Errors:
    """`AccumulateUniqueHostPorts`: one host port per protocol and host IP."""
    errors: Errors = []
    seen: set[str] = set()
    for path, container in containers:
        for i, port in entries(container.get("ports")):
            host_port = integer(port.get("hostPort"))
            if not host_port:
                continue
            key = f"{port.get('protocol') or 'TCP'}/{port.get('hostIP') or ''}/{host_port}"
            if key in seen:
                errors.append(duplicate((*path, "ports", i, "hostPort"), key))
            seen.add(key)
    return errors


def _backsteps(value: str, path: JsonPath, at: JsonPath | None = None) -> Errors:
    if ".." in value.replace("\\", "/").split("/"):
        return [invalid(path, value, "must not contain '..'", at=at)]
    return []


def local_descending(value: str, path: JsonPath, at: JsonPath | None = None) -> Errors:
    """`validateLocalDescendingPath`: relative, without `..`."""
    errors: Errors = []
    if posixpath.isabs(value):
        errors.append(invalid(path, value, "must be a relative path", at=at))
    return errors + _backsteps(value, path, at)


def volume_mounts(container: Mapping[str, Any], path: JsonPath, pod: PodContext) -> Errors:
    """`ValidateVolumeMounts`."""
    errors: Errors = []
    devices = {
        hashable(d.get("name")): hashable(d.get("devicePath"))
        for _, d in entries(container.get("volumeDevices"))
    }
    privileged = is_mapping(sc := container.get("securityContext")) and sc.get("privileged")
    seen: set[Any] = set()
    for i, mount in entries(container.get("volumeMounts")):
        where = (*path, i)
        volume, mount_path = hashable(mount.get("name")), hashable(mount.get("mountPath"))
        if not volume:
            errors.append(required((*where, "name")))
        if volume not in pod.volumes:
            errors.append(not_found((*where, "name"), volume or ""))
        if not mount_path:
            errors.append(required((*where, "mountPath")))
        if hashable(mount_path) in seen:
            errors.append(invalid((*where, "mountPath"), mount_path, "must be unique"))
        seen.add(hashable(mount_path))
        if volume in devices:
            detail = "must not already exist in volumeDevices"
            errors.append(invalid((*where, "name"), volume, detail))
        if mount_path and mount_path in devices.values():
            detail = "must not already exist as a path in volumeDevices"
            errors.append(invalid((*where, "mountPath"), mount_path, detail))
        sub_path, expression = mount.get("subPath"), mount.get("subPathExpr")
        if isinstance(sub_path, str) and sub_path:
            errors += local_descending(sub_path, (*path, "subPath"), (*where, "subPath"))
        if isinstance(expression, str) and expression:
            if sub_path:
                detail = "subPathExpr and subPath are mutually exclusive"
                errors.append(invalid((*where, "subPathExpr"), expression, detail))
            errors += local_descending(expression, (*path, "subPathExpr"), (*where, "subPathExpr"))
        propagation = mount.get("mountPropagation")
        if propagation is not None:
            at = (*where, "mountPropagation")
            if propagation not in PROPAGATIONS:
                errors.append(
                    not_supported((*path, "mountPropagation"), propagation, PROPAGATIONS, at)
                )
            if propagation == "Bidirectional" and not privileged:
                detail = (
                    "Bidirectional mount propagation is available only to privileged containers"
                )
                errors.append(forbidden((*path, "mountPropagation"), detail, key=False))
    return errors


def volume_devices(container: Mapping[str, Any], path: JsonPath, pod: PodContext) -> Errors:
    """`ValidateVolumeDevices`: block devices come from claims."""
    if not container.get("volumeDevices"):  # the usual case: none, nothing to compare
        return []
    errors: Errors = []
    mounts = {
        hashable(m.get("name")): hashable(m.get("mountPath"))
        for _, m in entries(container.get("volumeMounts"))
    }
    names_seen: set[Any] = set()
    paths_seen: set[Any] = set()
    for i, device in entries(container.get("volumeDevices")):
        where = (*path, i)
        volume, device_path = hashable(device.get("name")), hashable(device.get("devicePath"))
        source = pod.volumes.get(volume) if isinstance(volume, str) else None
        if not volume:
            errors.append(required((*where, "name")))
        if volume in names_seen:
            errors.append(invalid((*where, "name"), volume, "must be unique"))
        if source is not None and not ("persistentVolumeClaim" in source or "ephemeral" in source):
            detail = "can only use volume source type of PersistentVolumeClaim or Ephemeral for "
            errors.append(invalid((*where, "name"), volume, detail + "block mode"))
        if source is None:
            errors.append(not_found((*where, "name"), volume or ""))
        if not device_path:
            errors.append(required((*where, "devicePath")))
        if device_path in paths_seen:
            errors.append(invalid((*where, "devicePath"), device_path, "must be unique"))
        if isinstance(device_path, str) and _backsteps(device_path, ()):
            detail = "can not contain backsteps ('..')"
            errors.append(invalid((*where, "devicePath"), device_path, detail))
        else:
            paths_seen.add(device_path)
        if volume in mounts:
            errors.append(
                invalid((*where, "name"), volume, "must not already exist in volumeMounts")
            )
        if device_path and device_path in mounts.values():
            detail = "must not already exist as a path in volumeMounts"
            errors.append(invalid((*where, "devicePath"), device_path, detail))
        if volume:
            names_seen.add(volume)
    return errors


def ids(data: Mapping[str, Any], path: JsonPath, *fields: str) -> Errors:
    """`IsValidUserID` / `IsValidGroupID` on each of `fields`."""
    errors: Errors = []
    for field in fields:
        value = integer(data.get(field))
        if value is not None and not 0 <= value <= 2**31 - 1:
            errors.append(invalid((*path, field), value, ID_RANGE))
    return errors


def seccomp_profile(profile: Any, path: JsonPath) -> Errors:
    if not is_mapping(profile):
        return []
    kind = profile.get("type")
    errors = one_of(kind, (*path, "type"), ("Localhost", "RuntimeDefault", "Unconfined"))
    if not kind:
        errors.append(required((*path, "type"), "type is required when seccompProfile is set"))
    local = profile.get("localhostProfile")
    if kind == "Localhost":
        if local is None:
            detail = "must be set when seccomp type is Localhost"
            errors.append(required((*path, "localhostProfile"), detail))
        elif isinstance(local, str):
            errors += local_descending(local, (*path, "localhostProfile"))
    elif local is not None:
        detail = "can only be set when seccomp type is Localhost"
        errors.append(invalid((*path, "localhostProfile"), local, detail))
    return errors


APPARMOR_TYPES = ("Localhost", "RuntimeDefault", "Unconfined")
APPARMOR_PROFILE_MAX = 4095  # PATH_MAX - 1


def apparmor_profile(profile: Any, path: JsonPath) -> Errors:
    """`validateAppArmorProfileField`."""
    if not is_mapping(profile):
        return []
    kind, local = profile.get("type"), profile.get("localhostProfile")
    where = (*path, "localhostProfile")
    if kind == "Localhost":
        if local is None or (isinstance(local, str) and not local.strip()):
            return [required(where, "must be set when AppArmor type is Localhost")]
        errors: Errors = []
        if isinstance(local, str) and local.strip() != local:
            errors.append(invalid(where, local, "must not be padded with whitespace"))
        if isinstance(local, str) and len(local) > APPARMOR_PROFILE_MAX:
            errors.append(too_long(where, APPARMOR_PROFILE_MAX))
        return errors
    if kind in APPARMOR_TYPES:
        if local is not None:
            return [invalid(where, local, "can only be set when AppArmor type is Localhost")]
        return []
    if not kind:
        return [required((*path, "type"), "type is required when appArmorProfile is set")]
    return [not_supported((*path, "type"), kind, APPARMOR_TYPES)]


def security_context(context: Any, path: JsonPath, pod: PodContext) -> Errors:
    """`ValidateSecurityContext` (a container's)."""
    if not is_mapping(context):
        return []
    errors = ids(context, path, "runAsUser", "runAsGroup")
    proc_mount = context.get("procMount")
    errors += one_of(proc_mount, (*path, "procMount"), ("Default", "Unmasked"))
    if proc_mount == "Unmasked" and pod.host_users:
        errors.append(
            forbidden((*path, "procMount"), "`hostUsers` must be false to use `Unmasked`")
        )
    errors += seccomp_profile(context.get("seccompProfile"), (*path, "seccompProfile"))
    errors += apparmor_profile(context.get("appArmorProfile"), (*path, "appArmorProfile"))
    if context.get("allowPrivilegeEscalation") is False:
        if context.get("privileged") is True:
            detail = "cannot set `allowPrivilegeEscalation` to false and `privileged` to true"
            errors.append(invalid(path, context, detail))
        added = context.get("capabilities")
        if is_mapping(added) and "CAP_SYS_ADMIN" in (added.get("add") or []):
            detail = "cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` "
            errors.append(invalid(path, context, detail + "CAP_SYS_ADMIN"))
    return errors


def containers(items: Any, path: JsonPath, pod: PodContext) -> Errors:
    """`validateContainers`: the app containers."""
    listed = list(entries(items))
    if not listed:
        return [required(path)]
    errors: Errors = []
    seen: set[Any] = set()
    for i, container in listed:
        where = (*path, i)
        errors += common(container, where, pod)
        errors += repeated(container.get("name"), seen, (*where, "name"))
        if "lifecycle" in container:
            errors += lifecycle(container["lifecycle"], pod.grace, (*where, "lifecycle"))
        for kind in PROBES:
            if kind in container:
                errors += probe(kind, container[kind], pod.grace, (*where, kind))
        if container.get("restartPolicy") is not None:
            detail = "may not be set for non-init containers"
            errors.append(forbidden((*where, "restartPolicy"), detail))
    errors += host_port_conflicts([((*path, i), c) for i, c in listed])
    return errors


def init_containers(items: Any, app: Any, path: JsonPath, pod: PodContext) -> Errors:
    """`validateInitContainers`: init and sidecar (`restartPolicy: Always`) containers."""
    errors: Errors = []
    seen = {hashable(c.get("name")) for _, c in entries(app)}
    for i, container in entries(items):
        where = (*path, i)
        errors += common(container, where, pod)
        policy = container.get("restartPolicy")
        errors += one_of(policy, (*where, "restartPolicy"), ("Always",))
        container_name = hashable(container.get("name"))
        if container_name in seen:
            errors.append(duplicate((*where, "name"), container_name))
        elif container_name:
            seen.add(container_name)
        errors += host_port_conflicts([(where, container)])
        if policy == "Always":
            errors += lifecycle(container.get("lifecycle"), pod.grace, (*where, "lifecycle"))
            for kind in PROBES:
                errors += probe(kind, container.get(kind), pod.grace, (*where, kind))
        else:
            for field in ("lifecycle", *PROBES):
                if container.get(field) is not None:
                    errors.append(forbidden((*where, field), NOT_FOR_INIT))
    return errors
