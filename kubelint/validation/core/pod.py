"""Pods and pod templates: `ValidatePodSpec`, `validatePodSpecSecurityContext`,
`validatePodDNSConfig`, `ValidateHostAliases`, `ValidatePodTemplateSpec`.

Each workload kind reaches its pod spec through `pod_template`; the checks here are the same for
all of them except where the server only checks Pods (`is_pod`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from kubelint.k8s import names
from kubelint.k8s.data import entries, integer, is_mapping
from kubelint.validation.common import (
    INT32_MAX,
    Options,
    annotation_map,
    hashable,
    inclusive_range,
    ip,
    label_name,
    labels,
    listed,
    name,
    one_of,
    repeated,
)
from kubelint.validation.core.container import (
    PodContext,
    apparmor_profile,
    containers,
    ids,
    init_containers,
    seccomp_profile,
)
from kubelint.validation.core.podlevel import pod_level
from kubelint.validation.core.podos import operating_system, pod_annotations
from kubelint.validation.core.resources import requirements
from kubelint.validation.core.scheduling import affinity, tolerations, topology_spread
from kubelint.validation.core.volumes import volumes
from kubelint.validation.field import (
    Errors,
    duplicate,
    forbidden,
    invalid,
    invalid_all,
    required,
)
from kubelint.yamlload import JsonPath

RESTART_POLICIES = ("Always", "OnFailure", "Never")
DNS_POLICIES = ("ClusterFirstWithHostNet", "ClusterFirst", "Default", "None")
DEFAULT_GRACE = 30
_SYSCTL = re.compile(r"([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?")
SYSCTL_FORMAT = (
    "must have at most 253 characters and match regex "
    r"^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$"
)


def pod_spec(
    spec: Mapping[str, Any],
    path: JsonPath,
    options: Options,
    is_pod: bool,
    pod_name: str | None,
    claims: Mapping[str, Mapping[str, Any]] | None = None,
) -> Errors:
    """`ValidatePodSpec` (and the Pod-only checks of `validatePodMetadataAndSpec`). `claims`:
    the volumes a StatefulSet adds to its pods, one per claim template."""
    grace = integer(spec.get("terminationGracePeriodSeconds"))
    grace = DEFAULT_GRACE if spec.get("terminationGracePeriodSeconds") is None else grace
    context = spec.get("securityContext")
    host_users = not (is_mapping(context) and context.get("hostUsers") is False)
    valid, errors = volumes(spec.get("volumes"), (*path, "volumes"), options, pod_name)
    valid = {**(claims or {}), **valid}
    pod = PodContext(valid, grace, options, is_pod, host_users)
    errors += containers(spec.get("containers"), (*path, "containers"), pod)
    if "initContainers" in spec:
        errors += init_containers(
            spec["initContainers"], spec.get("containers"), (*path, "initContainers"), pod
        )
    if spec.get("ephemeralContainers"):
        detail = (
            "cannot be set on create"
            if is_pod
            else "ephemeral containers not allowed in pod template"
        )
        errors.append(forbidden((*path, "ephemeralContainers"), detail))
    errors += _host_network(spec, path)
    # (a pod sets few of the fields below: no path is made, no check called, for the others)
    if "restartPolicy" in spec:
        errors += one_of(spec["restartPolicy"], (*path, "restartPolicy"), RESTART_POLICIES)
    if "dnsPolicy" in spec:
        errors += one_of(spec["dnsPolicy"], (*path, "dnsPolicy"), DNS_POLICIES)
    if "nodeSelector" in spec:
        errors += labels(spec["nodeSelector"], (*path, "nodeSelector"))
    errors += security_context(spec, path)
    if "affinity" in spec:
        errors += affinity(spec["affinity"], (*path, "affinity"))
    errors += dns_config(spec, path)
    for i, gate in entries(spec.get("readinessGates")):
        errors += label_name(
            gate.get("conditionType"), (*path, "readinessGates", i, "conditionType")
        )
    if "schedulingGates" in spec:
        errors += _scheduling_gates(spec["schedulingGates"], (*path, "schedulingGates"))
    if "topologySpreadConstraints" in spec:
        errors += topology_spread(
            spec["topologySpreadConstraints"], (*path, "topologySpreadConstraints")
        )
    for field in ("serviceAccountName", "nodeName", "priorityClassName", "runtimeClassName"):
        if field in spec:
            errors += name(spec[field], (*path, field))
    deadline = integer(spec.get("activeDeadlineSeconds"))
    if deadline is not None and not 1 <= deadline <= INT32_MAX:
        where = (*path, "activeDeadlineSeconds")
        errors.append(invalid(where, deadline, inclusive_range(1, INT32_MAX)))
    for field in ("hostname", "subdomain"):
        if field in spec:
            errors += name(spec[field], (*path, field), names.dns1123_label)
    if "tolerations" in spec:
        errors += tolerations(spec["tolerations"], (*path, "tolerations"))
    if "hostAliases" in spec:
        errors += host_aliases(spec["hostAliases"], (*path, "hostAliases"))
    if "preemptionPolicy" in spec:
        errors += one_of(
            spec["preemptionPolicy"], (*path, "preemptionPolicy"), ("PreemptLowerPriority", "Never")
        )
    if is_mapping(spec.get("overhead")):
        errors += requirements({"limits": spec["overhead"]}, (*path, "overhead"))
    errors += _os(spec, path)
    errors += pod_level(spec, path, options)
    errors += operating_system(spec, path, options)
    return errors


def _host_network(spec: Mapping[str, Any], path: JsonPath) -> Errors:
    """`validatePodHostNetworkDeps`: with the host's network a port is the host's port."""
    if spec.get("hostNetwork") is not True:
        return []
    errors: Errors = []
    for i, container in entries(spec.get("containers")):
        for j, port in entries(container.get("ports")):
            host, own = port.get("hostPort"), port.get("containerPort")
            if host not in (None, 0) and host != own:
                where = (*path, "containers", i, "ports", j, "hostPort")
                detail = "must match `containerPort` when `hostNetwork` is true"
                errors.append(invalid(where, host, detail))
    return errors


def security_context(spec: Mapping[str, Any], path: JsonPath) -> Errors:
    """`validatePodSpecSecurityContext` (the v1 pod keeps its host namespaces in the spec)."""
    context = spec.get("securityContext")
    where = (*path, "securityContext")
    if not is_mapping(context) or not context:  # (most pods set none: only the spec's check)
        return _share_process(spec, path, where)
    errors = ids(context, where, "fsGroup", "runAsUser", "runAsGroup")
    groups = context.get("supplementalGroups")
    for i, group in enumerate(groups if isinstance(groups, list) else []):
        if (number := integer(group)) is not None and not 0 <= number <= INT32_MAX:
            errors.append(
                invalid((*where, "supplementalGroups", i), number, inclusive_range(0, INT32_MAX))
            )
    errors += _share_process(spec, path, where)
    errors += _sysctls(context.get("sysctls"), spec, (*where, "sysctls"))
    errors += one_of(
        context.get("fsGroupChangePolicy"),
        (*where, "fsGroupChangePolicy"),
        ("Always", "OnRootMismatch"),
    )
    errors += seccomp_profile(context.get("seccompProfile"), (*where, "seccompProfile"))
    errors += apparmor_profile(context.get("appArmorProfile"), (*where, "appArmorProfile"))
    errors += one_of(
        context.get("supplementalGroupsPolicy"),
        (*where, "supplementalGroupsPolicy"),
        ("Merge", "Strict"),
    )
    errors += one_of(
        context.get("seLinuxChangePolicy"),
        (*where, "seLinuxChangePolicy"),
        ("MountOption", "Recursive"),
    )
    return errors


def _share_process(spec: Mapping[str, Any], path: JsonPath, where: JsonPath) -> Errors:
    if spec.get("shareProcessNamespace") is True and spec.get("hostPID") is True:
        detail = "ShareProcessNamespace and HostPID cannot both be enabled"
        named = (*where, "shareProcessNamespace")
        return [invalid(named, True, detail, at=(*path, "shareProcessNamespace"))]
    return []


def _sysctls(items: Any, spec: Mapping[str, Any], path: JsonPath) -> Errors:
    errors: Errors = []
    seen: set[str] = set()
    for i, sysctl in entries(items):
        where = (*path, i, "name")
        sysctl_name = hashable(sysctl.get("name"))
        if not sysctl_name or not isinstance(sysctl_name, str):
            errors.append(required(where))
            continue
        if len(sysctl_name) > 253 or not _SYSCTL.fullmatch(sysctl_name):
            errors.append(invalid(where, sysctl_name, SYSCTL_FORMAT))
        elif sysctl_name in seen:
            errors.append(duplicate(where, sysctl_name))
        seen.add(sysctl_name)
        dotted = sysctl_name.replace("/", ".")
        if spec.get("hostNetwork") is True and dotted.startswith("net."):
            errors.append(
                invalid(where, sysctl_name, "may not be specified when 'hostNetwork' is true")
            )
        if spec.get("hostIPC") is True and (
            dotted.startswith(("kernel.shm", "kernel.msg", "fs.mqueue.")) or dotted == "kernel.sem"
        ):
            errors.append(
                invalid(where, sysctl_name, "may not be specified when 'hostIPC' is true")
            )
    return errors


def dns_config(spec: Mapping[str, Any], path: JsonPath) -> Errors:
    """`validatePodDNSConfig`."""
    where = (*path, "dnsConfig")
    config = spec.get("dnsConfig")
    if spec.get("dnsPolicy") == "None":
        if not is_mapping(config):
            return [required(where, "must provide `dnsConfig` when `dnsPolicy` is None")]
        if not config.get("nameservers"):
            detail = "must provide at least one DNS nameserver when `dnsPolicy` is None"
            return [required((*where, "nameservers"), detail)]
    if not is_mapping(config):
        return []
    errors: Errors = []
    servers = listed(config.get("nameservers"))
    if len(servers) > 3:
        errors.append(
            invalid((*where, "nameservers"), servers, "must not have more than 3 nameservers")
        )
    for i, server in enumerate(servers):
        errors += ip(server, (*where, "nameservers", i))
    searches = listed(config.get("searches"))
    if len(searches) > 32:
        errors.append(
            invalid((*where, "searches"), searches, "must not have more than 32 search paths")
        )
    if len(" ".join(str(s) for s in searches)) > 2048:
        detail = "must not have more than 2048 characters (including spaces) in the search list"
        errors.append(invalid((*where, "searches"), searches, detail))
    for i, search in enumerate(searches):
        if isinstance(search, str) and search != ".":
            trimmed = search.removesuffix(".")
            errors += invalid_all((*where, "searches", i), trimmed, _dns_search(trimmed))
    for i, option in entries(config.get("options")):
        if not option.get("name"):
            errors.append(required((*where, "options", i), "must not be empty"))
    return errors


def _dns_search(value: str) -> names.Reasons:
    """`IsDNS1123SubdomainWithUnderscore` (RelaxedDNSSearchValidation)."""
    if names.dns1123_subdomain(value.replace("_", "a")) == ():
        return ()
    return names.dns1123_subdomain(value)


def host_aliases(items: Any, path: JsonPath) -> Errors:
    errors: Errors = []
    for i, alias in entries(items):
        errors += ip(alias.get("ip"), (*path, i, "ip"))
        hostnames = alias.get("hostnames")
        for j, hostname in enumerate(hostnames if isinstance(hostnames, list) else []):
            if isinstance(hostname, str):
                errors += invalid_all(
                    (*path, i, "hostnames", j), hostname, names.dns1123_subdomain(hostname)
                )
    return errors


def _scheduling_gates(items: Any, path: JsonPath) -> Errors:
    errors: Errors = []
    seen: set[Any] = set()
    for i, gate in entries(items):
        gate_name = hashable(gate.get("name"))
        errors += label_name(gate_name, (*path, i))
        errors += repeated(gate_name, seen, (*path, i))
    return errors


def _os(spec: Mapping[str, Any], path: JsonPath) -> Errors:
    system = spec.get("os")
    if not is_mapping(system):
        return []
    os_name = system.get("name")
    if not os_name:
        return [required((*path, "os", "name"), "cannot be empty")]
    errors = one_of(os_name, (*path, "os"), ("linux", "windows"))
    if errors or os_name != "linux":
        return errors
    context = spec.get("securityContext")
    if is_mapping(context) and context.get("windowsOptions") is not None:
        detail = "windows options cannot be set for a linux pod"
        errors.append(forbidden((*path, "securityContext", "windowsOptions"), detail))
    return errors


def pod_template(
    template: Any,
    path: JsonPath,
    options: Options,
    claims: Mapping[str, Mapping[str, Any]] | None = None,
) -> Errors:
    """`ValidatePodTemplateSpec`: a workload's pod template (labels, annotations, spec)."""
    if not is_mapping(template):
        return []
    meta = template.get("metadata")
    meta = meta if is_mapping(meta) else {}
    errors = labels(meta.get("labels"), (*path, "labels"), (*path, "metadata", "labels"))
    spec = template.get("spec")
    if "annotations" in meta:
        named, at = (*path, "annotations"), (*path, "metadata", "annotations")
        errors += annotation_map(meta["annotations"], named, at)
        errors += pod_annotations(meta["annotations"], spec, named, at)
    if is_mapping(spec):
        errors += pod_spec(spec, (*path, "spec"), options, False, None, claims)
    return errors
