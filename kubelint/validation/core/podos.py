"""What a pod's operating system and user namespace forbid (`validateWindows`,
`validateLinux`, `validateHostUsers`), and the annotations the server reads on pods and pod
templates (`ValidatePodSpecificAnnotations`: mirror pods, deletion cost, seccomp)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from kubelint.k8s.data import dig, entries, is_mapping
from kubelint.validation.common import Options
from kubelint.validation.field import Errors, Key, forbidden, invalid
from kubelint.yamlload import JsonPath

HOST_USERS_SINCE = 33  # UserNamespacesSupport on by default
WINDOWS = "cannot be set for a windows pod"
LINUX = "windows options cannot be set for a linux pod"
# Pod security context fields a Windows pod may not set, as the server checks them.
WINDOWS_POD_CONTEXT = (
    "appArmorProfile", "seLinuxOptions", "seccompProfile", "fsGroup", "fsGroupChangePolicy",
    "runAsUser", "runAsGroup", "supplementalGroups", "supplementalGroupsPolicy",
    "seLinuxChangePolicy",
)  # fmt: skip
WINDOWS_CONTAINER_CONTEXT = (
    "appArmorProfile", "seLinuxOptions", "seccompProfile", "capabilities",
    "readOnlyRootFilesystem", "privileged", "allowPrivilegeEscalation", "procMount", "runAsUser",
    "runAsGroup",
)  # fmt: skip
# A pod's host namespaces, and the names the server gives them beside `hostUsers: false`.
HOST_NAMESPACES = (("hostNetwork", "hostNetwork"), ("hostPID", "HostPID"), ("hostIPC", "HostIPC"))
CONTAINER_LISTS = ("containers", "initContainers", "ephemeralContainers")

MIRROR = "kubernetes.io/config.mirror"
DELETION_COST = "controller.kubernetes.io/pod-deletion-cost"
SECCOMP_POD = "seccomp.security.alpha.kubernetes.io/pod"
SECCOMP_CONTAINER = "container.seccomp.security.alpha.kubernetes.io/"
SECCOMP_PROFILES = ("runtime/default", "docker/default", "unconfined")
_INT32 = re.compile(r"[+-]?[0-9]+")


def _containers(spec: Mapping[str, Any], path: JsonPath) -> Iterator[tuple[JsonPath, Any]]:
    """`VisitContainersWithPath`: every container and its security context."""
    for field in CONTAINER_LISTS:
        for i, container in entries(spec.get(field)):
            yield (*path, field, i, "securityContext"), container.get("securityContext")


def operating_system(spec: Mapping[str, Any], path: JsonPath, options: Options) -> Errors:
    """The fields a pod's `os` rules out, and the host namespaces a user namespace rules out."""
    errors = _host_users(spec, path) if options.minor >= HOST_USERS_SINCE else []
    system = dig(spec, "os", "name")
    if system == "windows":
        errors += _windows(spec, path)
    elif system == "linux":
        for where, context in _containers(spec, path):
            if is_mapping(context) and context.get("windowsOptions") is not None:
                errors.append(forbidden((*where, "windowsOptions"), LINUX))
    return errors


def _host_users(spec: Mapping[str, Any], path: JsonPath) -> Errors:
    """`validateHostUsers`: no host namespace beside `hostUsers: false` (the server names two
    of them capitalised)."""
    if dig(spec, "securityContext", "hostUsers") is not False:
        return []
    errors: Errors = []
    for field, named in (
        ("hostNetwork", "hostNetwork"),
        ("hostPID", "HostPID"),
        ("hostIPC", "HostIPC"),
    ):
        if spec.get(field) is True:
            detail = "when `pod.Spec.HostUsers` is false"
            errors.append(forbidden((*path, named), detail, at=(*path, field)))
    return errors


def _windows(spec: Mapping[str, Any], path: JsonPath) -> Errors:
    """`validateWindows`: the Linux-only settings of the pod and of each container."""
    errors: Errors = []
    context = spec.get("securityContext")
    context = context if is_mapping(context) else {}
    where = (*path, "securityContext")
    for field in WINDOWS_POD_CONTEXT:
        if context.get(field) is not None:
            errors.append(forbidden((*where, field), WINDOWS))
    if context.get("hostUsers") is not None:
        errors.append(forbidden((*path, "hostUsers"), WINDOWS, at=(*where, "hostUsers")))
    for field in ("hostPID", "hostIPC"):
        if spec.get(field) is True:
            errors.append(forbidden((*path, field), WINDOWS))
    if context.get("sysctls"):
        errors.append(forbidden((*where, "sysctls"), WINDOWS))
    if spec.get("shareProcessNamespace") is not None:
        errors.append(forbidden((*path, "shareProcessNamespace"), WINDOWS))
    for container_where, container_context in _containers(spec, path):
        if not is_mapping(container_context):
            continue
        for field in WINDOWS_CONTAINER_CONTEXT:
            if container_context.get(field) is not None:
                errors.append(forbidden((*container_where, field), WINDOWS))
    return errors


def pod_annotations(
    annotations: Any, spec: Any, path: JsonPath, at: JsonPath | None = None
) -> Errors:
    """`ValidatePodSpecificAnnotations`: a mirror pod names its node, a deletion cost is a
    32-bit integer, seccomp annotations name a profile. `path` is what the server names (a
    template's `annotations`), `at` where they are written."""
    if not is_mapping(annotations):
        return []
    at = path if at is None else at
    errors: Errors = []
    if MIRROR in annotations and not (is_mapping(spec) and spec.get("nodeName")):
        detail = "must set spec.nodeName if mirror pod annotation is set"
        errors.append(invalid((*path, Key(MIRROR)), annotations[MIRROR], detail, (*at, MIRROR)))
    cost = annotations.get(DELETION_COST)
    if cost is not None and not _is_int32(cost):
        detail = "must be a 32bit integer"
        errors.append(invalid((*path, Key(DELETION_COST)), cost, detail, (*at, DELETION_COST)))
    for key, value in annotations.items():
        seccomp = key == SECCOMP_POD or str(key).startswith(SECCOMP_CONTAINER)
        if seccomp and not _is_seccomp_profile(value):
            detail = "must be a valid seccomp profile"
            errors.append(invalid((*path, Key(key)), value, detail, (*at, key)))
    return errors


def _is_int32(value: Any) -> bool:
    """`strconv.ParseInt(value, 10, 32)` succeeds."""
    text = str(value)
    return bool(_INT32.fullmatch(text)) and -(2**31) <= int(text) < 2**31


def _is_seccomp_profile(value: Any) -> bool:
    """`ValidateSeccompProfile`: a known profile or `localhost/<path>` (whose path is left
    to the field's own checks)."""
    text = str(value)
    return text in SECCOMP_PROFILES or text.startswith("localhost/")
