"""The checks of the Pod Security Standards' baseline level, as the pod-security-admission
library (k8s.io/pod-security-admission/policy) defines them, version by version."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from kubelint.k8s.data import dig, entries, mapping
from kubelint.k8s.podsecurity.common import (
    Pod,
    Violation,
    containers_named,
    plural,
    quoted,
    text,
)
from kubelint.yamlload import JsonPath

CheckFn = Callable[[Pod], "Violation | None"]

APPARMOR_ANNOTATION = "container.apparmor.security.beta.kubernetes.io/"
SECCOMP_POD_ANNOTATION = "seccomp.security.alpha.kubernetes.io/pod"
SECCOMP_CONTAINER_ANNOTATION = "container.seccomp.security.alpha.kubernetes.io/"


def app_armor_profile(pod: Pod) -> Violation | None:
    setters: list[str] = []
    values: set[str] = set()
    paths: list[JsonPath] = []
    profile = pod.security.get("appArmorProfile")
    if profile is not None and (kind := dig(profile, "type")) not in (
        "RuntimeDefault",
        "Localhost",
    ):
        setters.append("pod")
        values.add(text(kind))
        paths.append(pod.at("securityContext", "appArmorProfile"))
    bad: list[str] = []
    for container, context in pod.secured:
        profile = context.get("appArmorProfile")
        if profile is not None and dig(profile, "type") not in ("RuntimeDefault", "Localhost"):
            bad.append(container.name)
            values.add(text(dig(profile, "type")))
            paths.append((*container.path, "securityContext", "appArmorProfile"))
    if bad:
        setters.append(containers_named(bad))
    listed = sorted(values)
    annotations = mapping(pod.meta.get("annotations"))
    forbidden: list[str] = []
    for key, value in annotations.items():
        if str(key).startswith(APPARMOR_ANNOTATION) and not _apparmor_value_allowed(text(value)):
            forbidden.append(f'{key}="{text(value)}"')
            paths.append((*pod.meta_path, "annotations", key))
    if forbidden:
        listed += sorted(forbidden)
        setters.append(plural("annotation", "annotations", len(forbidden)))
    if not setters:
        return None
    return Violation(
        plural("forbidden AppArmor profile", "forbidden AppArmor profiles", len(listed)),
        f"{' and '.join(setters)} must not set AppArmor profile type to {quoted(listed)}",
        tuple(paths),
    )


def _apparmor_value_allowed(value: str) -> bool:
    return value in ("", "runtime/default") or value.startswith("localhost/")


DEFAULT_CAPABILITIES = frozenset(
    {
        "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD",
        "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
    }
)  # fmt: skip


def capabilities(pod: Pod) -> Violation | None:
    bad: list[str] = []
    added: set[str] = set()
    paths: list[JsonPath] = []
    for container, context in pod.secured:
        add = dig(context, "capabilities", "add")
        wrong = [
            (i, text(cap))
            for i, cap in enumerate(add if isinstance(add, list) else [])
            if text(cap) not in DEFAULT_CAPABILITIES
        ]
        if wrong:
            bad.append(container.name)
            added.update(cap for _, cap in wrong)
            base = (*container.path, "securityContext", "capabilities", "add")
            paths += [(*base, i) for i, _ in wrong]
    if not bad:
        return None
    return Violation(
        "non-default capabilities",
        f"{containers_named(bad)} must not include {quoted(sorted(added))} in "
        "securityContext.capabilities.add",
        tuple(paths),
    )


def host_namespaces(pod: Pod) -> Violation | None:
    shared = [name for name in ("hostNetwork", "hostPID", "hostIPC") if pod.spec.get(name) is True]
    if not shared:
        return None
    return Violation(
        "host namespaces",
        ", ".join(f"{name}=true" for name in shared),
        tuple(pod.at(name) for name in shared),
    )


def host_path_volumes(pod: Pod) -> Violation | None:
    found = [
        (i, text(volume.get("name")))
        for i, volume in entries(pod.spec.get("volumes"))
        if volume.get("hostPath") is not None
    ]
    if not found:
        return None
    names = [name for _, name in found]
    return Violation(
        "hostPath volumes",
        f"{plural('volume', 'volumes', len(names))} {quoted(names)}",
        tuple(pod.at("volumes", i, "hostPath") for i, _ in found),
    )


def host_ports(pod: Pod) -> Violation | None:
    bad: list[str] = []
    ports: set[str] = set()
    paths: list[JsonPath] = []
    for container in pod.containers:
        used = [
            (i, port["hostPort"])
            for i, port in entries(container.data.get("ports"))
            if port.get("hostPort") not in (None, 0)
        ]
        if used:
            bad.append(container.name)
            ports.update(text(number) for _, number in used)
            paths += [(*container.path, "ports", i, "hostPort") for i, _ in used]
    if not bad:
        return None
    return Violation(
        "hostPort",
        f"{containers_named(bad)} {plural('uses', 'use', len(bad))} "
        f"{plural('hostPort', 'hostPorts', len(ports))} {', '.join(sorted(ports))}",
        tuple(paths),
    )


PROBES = ("livenessProbe", "readinessProbe", "startupProbe")
LIFECYCLE = ("postStart", "preStop")


def host_probes_and_lifecycle(pod: Pod) -> Violation | None:
    bad: set[str] = set()
    hosts: set[str] = set()
    paths: list[JsonPath] = []
    for container in pod.containers:
        handlers: list[tuple[tuple[str, ...], Any]] = [
            ((probe,), container.data.get(probe)) for probe in PROBES
        ]
        lifecycle = mapping(container.data.get("lifecycle"))
        handlers += [(("lifecycle", hook), lifecycle.get(hook)) for hook in LIFECYCLE]
        for where, handler in handlers:
            if handler is None:  # (most are unset)
                continue
            for action in ("httpGet", "tcpSocket"):
                host = dig(handler, action, "host")
                if host not in (None, ""):
                    bad.add(container.name)
                    hosts.add(text(host))
                    paths.append((*container.path, *where, action, "host"))
    if not bad:
        return None
    return Violation(
        "probe or lifecycle host",
        f"{containers_named(sorted(bad))} {plural('uses', 'use', len(bad))} "
        f"{plural('probe or lifecycle host', 'probe or lifecycle hosts', len(hosts))} "
        f"{quoted(sorted(hosts))}",
        tuple(paths),
    )


def privileged(pod: Pod) -> Violation | None:
    bad = [c for c, context in pod.secured if context.get("privileged") is True]
    if not bad:
        return None
    return Violation(
        "privileged",
        f"{containers_named([c.name for c in bad])} must not set securityContext.privileged=true",
        tuple((*c.path, "securityContext", "privileged") for c in bad),
    )


def proc_mount(pod: Pod) -> Violation | None:
    bad = [
        (c, context)
        for c, context in pod.secured
        if context.get("procMount") not in (None, "Default")
    ]
    if not bad:
        return None
    kinds = sorted({text(context["procMount"]) for _, context in bad})
    return Violation(
        "procMount",
        f"{containers_named([c.name for c, _ in bad])} must not set securityContext.procMount "
        f"to {quoted(kinds)}",
        tuple((*c.path, "securityContext", "procMount") for c, _ in bad),
    )


def proc_mount_v1_35(pod: Pod) -> Violation | None:
    return None if pod.user_namespace else proc_mount(pod)


SELINUX_TYPES_1_0 = frozenset({"", "container_t", "container_init_t", "container_kvm_t"})
SELINUX_TYPES_1_31 = SELINUX_TYPES_1_0 | {"container_engine_t"}


def se_linux_options(allowed: frozenset[str]) -> CheckFn:
    def check(pod: Pod) -> Violation | None:
        types: set[str] = set()
        flags = {"user": False, "role": False}
        paths: list[JsonPath] = []

        def valid(options: Mapping[str, Any]) -> bool:
            kind = text(options.get("type"))
            ok = kind in allowed
            if not ok:
                types.add(kind)
            for name in flags:
                if text(options.get(name)):
                    ok = False
                    flags[name] = True
            return ok

        setters: list[str] = []
        pod_options = pod.security.get("seLinuxOptions")
        if pod_options is not None and not valid(mapping(pod_options)):
            setters.append("pod")
            paths.append(pod.at("securityContext", "seLinuxOptions"))
        bad: list[str] = []
        for container, context in pod.secured:
            options = context.get("seLinuxOptions")
            if options is not None and not valid(mapping(options)):
                bad.append(container.name)
                paths.append((*container.path, "securityContext", "seLinuxOptions"))
        if bad:
            setters.append(containers_named(bad))
        if not setters:
            return None
        data = [f"{plural('type', 'types', len(types))} {quoted(sorted(types))}"] if types else []
        data += [f"{name} may not be set" for name, was in flags.items() if was]
        return Violation(
            "seLinuxOptions",
            f"{' and '.join(setters)} set forbidden securityContext.seLinuxOptions: "
            f"{'; '.join(data)}",
            tuple(paths),
        )

    return check


def _seccomp_annotation_allowed(value: str) -> bool:
    return value in ("runtime/default", "docker/default") or value.startswith("localhost/")


def seccomp_profile_v1_0(pod: Pod) -> Violation | None:
    """Before v1.19 the profile was named in (alpha) annotations."""
    annotations = mapping(pod.meta.get("annotations"))
    keys = [SECCOMP_POD_ANNOTATION]
    keys += [SECCOMP_CONTAINER_ANNOTATION + c.name for c in pod.containers]
    bad = {
        key: text(annotations[key])
        for key in keys
        if key in annotations and not _seccomp_annotation_allowed(text(annotations[key]))
    }
    if not bad:
        return None
    listed = sorted(f'{key}="{value}"' for key, value in bad.items())
    return Violation(
        "seccompProfile",
        f"forbidden {plural('annotation', 'annotations', len(listed))} {', '.join(listed)}",
        tuple((*pod.meta_path, "annotations", key) for key in bad),
    )


def seccomp_setters(pod: Pod) -> tuple[list[str], set[str], list[JsonPath], bool]:
    """Who sets a seccomp profile type other than RuntimeDefault or Localhost: `(setters, bad
    types, their paths, whether the pod sets a valid one)`."""
    setters: list[str] = []
    values: set[str] = set()
    paths: list[JsonPath] = []
    pod_valid = False
    if pod.security.get("seccompProfile") is not None:
        kind = dig(pod.security, "seccompProfile", "type")
        if kind in ("RuntimeDefault", "Localhost"):
            pod_valid = True
        else:
            setters.append("pod")
            values.add(text(kind))
            paths.append(pod.at("securityContext", "seccompProfile", "type"))
    bad: list[str] = []
    for container, context in pod.secured:
        profile = context.get("seccompProfile")
        if profile is not None and dig(profile, "type") not in ("RuntimeDefault", "Localhost"):
            bad.append(container.name)
            values.add(text(dig(profile, "type")))
            paths.append((*container.path, "securityContext", "seccompProfile", "type"))
    if bad:
        setters.append(containers_named(bad))
    return setters, values, paths, pod_valid


def seccomp_violation(setters: list[str], values: set[str], paths: list[JsonPath]) -> Violation:
    return Violation(
        "seccompProfile",
        f"{' and '.join(setters)} must not set securityContext.seccompProfile.type to "
        f"{quoted(sorted(values))}",
        tuple(paths),
    )


def seccomp_profile_v1_19(pod: Pod) -> Violation | None:
    setters, values, paths, _ = seccomp_setters(pod)
    return seccomp_violation(setters, values, paths) if setters else None


SYSCTLS_1_0 = frozenset(
    {
        "kernel.shm_rmid_forced",
        "net.ipv4.ip_local_port_range",
        "net.ipv4.tcp_syncookies",
        "net.ipv4.ping_group_range",
        "net.ipv4.ip_unprivileged_port_start",
    }
)
SYSCTLS_1_27 = SYSCTLS_1_0 | {"net.ipv4.ip_local_reserved_ports"}
SYSCTLS_1_29 = SYSCTLS_1_27 | {
    "net.ipv4.tcp_keepalive_time",
    "net.ipv4.tcp_fin_timeout",
    "net.ipv4.tcp_keepalive_intvl",
    "net.ipv4.tcp_keepalive_probes",
}
SYSCTLS_1_32 = SYSCTLS_1_29 | {"net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem"}
SYSCTLS_1_37 = SYSCTLS_1_32 | {"net.ipv4.tcp_slow_start_after_idle", "net.ipv4.tcp_notsent_lowat"}


def sysctls(allowed: frozenset[str]) -> CheckFn:
    def check(pod: Pod) -> Violation | None:
        bad = [
            (i, text(item.get("name")))
            for i, item in entries(pod.security.get("sysctls"))
            if text(item.get("name")) not in allowed
        ]
        if not bad:
            return None
        return Violation(
            "forbidden sysctls",
            ", ".join(name for _, name in bad),
            tuple(pod.at("securityContext", "sysctls", i, "name") for i, _ in bad),
        )

    return check


def windows_host_process(pod: Pod) -> Violation | None:
    setters: list[str] = []
    paths: list[JsonPath] = []
    if dig(pod.security, "windowsOptions", "hostProcess") is True:
        setters.append("pod")
        paths.append(pod.at("securityContext", "windowsOptions", "hostProcess"))
    bad = [c for c, context in pod.secured if dig(context, "windowsOptions", "hostProcess") is True]
    if bad:
        setters.append(containers_named([c.name for c in bad]))
        paths += [(*c.path, "securityContext", "windowsOptions", "hostProcess") for c in bad]
    if not setters:
        return None
    return Violation(
        "hostProcess",
        f"{' and '.join(setters)} must not set securityContext.windowsOptions.hostProcess=true",
        tuple(paths),
    )
