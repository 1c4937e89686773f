"""The checks the Pod Security Standards' restricted level adds to the baseline, as the
pod-security-admission library defines them, version by version."""

from __future__ import annotations

from kubelint.k8s.data import dig, entries, integer
from kubelint.k8s.podsecurity.baseline import seccomp_setters, seccomp_violation
from kubelint.k8s.podsecurity.common import (
    Pod,
    Violation,
    containers_named,
    field_or_name,
    plural,
    quoted,
    text,
)
from kubelint.yamlload import JsonPath


def allow_privilege_escalation(pod: Pod) -> Violation | None:
    bad = [c for c, context in pod.contexts if context.get("allowPrivilegeEscalation") is not False]
    if not bad:
        return None
    return Violation(
        "allowPrivilegeEscalation != false",
        f"{containers_named([c.name for c in bad])} must set "
        "securityContext.allowPrivilegeEscalation=false",
        tuple(field_or_name(c, "allowPrivilegeEscalation") for c in bad),
    )


def capabilities(pod: Pod) -> Violation | None:
    no_drop: list[str] = []
    adding: list[str] = []
    added: set[str] = set()
    paths: list[JsonPath] = []
    for container, context in pod.contexts:
        caps = context.get("capabilities")
        drop = dig(caps, "drop")
        if caps is None or "ALL" not in (drop if isinstance(drop, list) else []):
            no_drop.append(container.name)
            paths.append(field_or_name(container, "capabilities", "drop"))
        if caps is None:
            continue
        add = dig(caps, "add")
        wrong = [
            (i, text(cap))
            for i, cap in enumerate(add if isinstance(add, list) else [])
            if cap != "NET_BIND_SERVICE"
        ]
        if wrong:
            adding.append(container.name)
            added.update(cap for _, cap in wrong)
            base = (*container.path, "securityContext", "capabilities", "add")
            paths += [(*base, i) for i, _ in wrong]
    details = []
    if no_drop:
        details.append(
            f'{containers_named(no_drop)} must set securityContext.capabilities.drop=["ALL"]'
        )
    if adding:
        details.append(
            f"{containers_named(adding)} must not include {quoted(sorted(added))} in "
            "securityContext.capabilities.add"
        )
    if not details:
        return None
    return Violation("unrestricted capabilities", "; ".join(details), tuple(paths))


ALLOWED_VOLUMES = frozenset(
    {
        "configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "image",
        "persistentVolumeClaim", "projected", "secret",
    }
)  # fmt: skip
# The other volume sources, in the order the library names the first one a volume sets.
RESTRICTED_VOLUMES = (
    "hostPath", "gcePersistentDisk", "awsElasticBlockStore", "gitRepo", "nfs", "iscsi",
    "glusterfs", "rbd", "flexVolume", "cinder", "cephfs", "flocker", "fc", "azureFile",
    "vsphereVolume", "quobyte", "azureDisk", "photonPersistentDisk", "portworxVolume", "scaleIO",
    "storageos",
)  # fmt: skip


def restricted_volumes(pod: Pod) -> Violation | None:
    bad: list[str] = []
    kinds: set[str] = set()
    paths: list[JsonPath] = []
    for i, volume in entries(pod.spec.get("volumes")):
        sources = [key for key, value in volume.items() if key != "name" and value is not None]
        # A volume naming no source is defaulted to an emptyDir by the API server.
        if not sources or any(key in ALLOWED_VOLUMES for key in sources):
            continue
        bad.append(text(volume.get("name")))
        kind = next((key for key in RESTRICTED_VOLUMES if key in sources), None)
        kinds.add(kind or "unknown")
        paths.append(pod.at("volumes", i, kind or sources[0]))
    if not bad:
        return None
    return Violation(
        "restricted volume types",
        f"{plural('volume', 'volumes', len(bad))} {quoted(bad)} {plural('uses', 'use', len(bad))} "
        f"{plural('restricted volume type', 'restricted volume types', len(kinds))} "
        f"{quoted(sorted(kinds))}",
        tuple(paths),
    )


def run_as_non_root(pod: Pod) -> Violation | None:
    setters: list[str] = []
    paths: list[JsonPath] = []
    pod_value = pod.security.get("runAsNonRoot")
    if pod_value is not None and pod_value is not True:
        setters.append("pod")
        paths.append(pod.at("securityContext", "runAsNonRoot"))
    explicit: list[str] = []
    implicit: list[str] = []
    implicit_paths: list[JsonPath] = []
    for container, context in pod.contexts:
        value = context.get("runAsNonRoot")
        if value is not None:
            if value is not True:
                explicit.append(container.name)
                paths.append((*container.path, "securityContext", "runAsNonRoot"))
        elif pod_value is not True:
            implicit.append(container.name)
            implicit_paths.append(field_or_name(container, "runAsNonRoot"))
    if explicit:
        setters.append(containers_named(explicit))
    if setters:
        return Violation(
            "runAsNonRoot != true",
            f"{' and '.join(setters)} must not set securityContext.runAsNonRoot=false",
            tuple(paths),
        )
    if implicit:
        return Violation(
            "runAsNonRoot != true",
            f"pod or {containers_named(implicit)} must set securityContext.runAsNonRoot=true",
            tuple(implicit_paths),
        )
    return None


def run_as_user(pod: Pod) -> Violation | None:
    setters: list[str] = []
    paths: list[JsonPath] = []
    if integer(pod.security.get("runAsUser")) == 0:
        setters.append("pod")
        paths.append(pod.at("securityContext", "runAsUser"))
    bad = [c for c, context in pod.secured if integer(context.get("runAsUser")) == 0]
    if bad:
        setters.append(containers_named([c.name for c in bad]))
        paths += [(*c.path, "securityContext", "runAsUser") for c in bad]
    if not setters:
        return None
    return Violation(
        "runAsUser=0", f"{' and '.join(setters)} must not set runAsUser=0", tuple(paths)
    )


def seccomp_profile(pod: Pod) -> Violation | None:
    setters, values, paths, pod_valid = seccomp_setters(pod)
    if setters:
        return seccomp_violation(setters, values, paths)
    implicit = [
        c for c, context in pod.contexts if context.get("seccompProfile") is None and not pod_valid
    ]
    if not implicit:
        return None
    return Violation(
        "seccompProfile",
        f"pod or {containers_named([c.name for c in implicit])} must set "
        'securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"',
        tuple(field_or_name(c, "seccompProfile") for c in implicit),
    )
