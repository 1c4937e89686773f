"""The Pod Security Standards, evaluated as the pod-security-admission library evaluates them.

Each check has a level (baseline or restricted) and versions: the policy version `v1.X` runs,
of each check, the newest version of it not newer than `v1.X`. The restricted level runs its
own checks and the baseline ones it does not override. Results keep the library's order
(baseline checks by id, then restricted ones) and its wording.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any, NamedTuple

from kubelint.k8s.podsecurity import baseline, restricted
from kubelint.k8s.podsecurity.common import Pod, Violation
from kubelint.k8s.workloads import containers, pod_template

LEVELS = ("privileged", "baseline", "restricted")
CheckFn = Callable[[Pod], Violation | None]


def _unless_windows(check: CheckFn) -> CheckFn:
    """From v1.25, a check of Linux settings passes a pod whose `spec.os.name` is windows."""
    return lambda pod: None if pod.windows else check(pod)


def _unless_user_namespace(check: CheckFn) -> CheckFn:
    """From v1.35, a check of the user a pod runs as passes a pod with `hostUsers: false`."""
    return lambda pod: None if pod.user_namespace else check(pod)


class Check(NamedTuple):
    """One check of a Pod Security Standards level, as each version of the policy words it."""

    id: str
    level: str
    # (first minor version of policy v1, the check) — newest last
    versions: tuple[tuple[int, CheckFn], ...]
    overrides: tuple[str, ...] = ()  # baseline checks a restricted one replaces

    def at(self, minor: int) -> CheckFn | None:
        found = None
        for first, check in self.versions:
            if first <= minor:
                found = check
        return found


CHECKS = (
    Check("appArmorProfile", "baseline", ((0, baseline.app_armor_profile),)),
    Check("capabilities_baseline", "baseline", ((0, baseline.capabilities),)),
    Check("hostNamespaces", "baseline", ((0, baseline.host_namespaces),)),
    Check("hostPathVolumes", "baseline", ((0, baseline.host_path_volumes),)),
    Check("hostPorts", "baseline", ((0, baseline.host_ports),)),
    Check("hostProbesAndHostLifecycle", "baseline", ((34, baseline.host_probes_and_lifecycle),)),
    Check("privileged", "baseline", ((0, baseline.privileged),)),
    Check(
        "procMount",
        "baseline",
        ((0, baseline.proc_mount), (35, _unless_user_namespace(baseline.proc_mount))),
    ),
    Check(
        "seLinuxOptions",
        "baseline",
        (
            (0, baseline.se_linux_options(baseline.SELINUX_TYPES_1_0)),
            (31, baseline.se_linux_options(baseline.SELINUX_TYPES_1_31)),
        ),
    ),
    Check(
        "seccompProfile_baseline",
        "baseline",
        ((0, baseline.seccomp_profile_v1_0), (19, baseline.seccomp_profile_v1_19)),
    ),
    Check(
        "sysctls",
        "baseline",
        tuple(
            (minor, baseline.sysctls(allowed))
            for minor, allowed in (
                (0, baseline.SYSCTLS_1_0),
                (27, baseline.SYSCTLS_1_27),
                (29, baseline.SYSCTLS_1_29),
                (32, baseline.SYSCTLS_1_32),
                (37, baseline.SYSCTLS_1_37),
            )
        ),
    ),
    Check("windowsHostProcess", "baseline", ((0, baseline.windows_host_process),)),
    Check(
        "allowPrivilegeEscalation",
        "restricted",
        (
            (8, restricted.allow_privilege_escalation),
            (25, _unless_windows(restricted.allow_privilege_escalation)),
        ),
    ),
    Check(
        "capabilities_restricted",
        "restricted",
        ((22, restricted.capabilities), (25, _unless_windows(restricted.capabilities))),
        overrides=("capabilities_baseline",),
    ),
    Check(
        "procMount_restricted",
        "restricted",
        ((35, baseline.proc_mount),),
        overrides=("procMount",),
    ),
    Check(
        "restrictedVolumes",
        "restricted",
        ((0, restricted.restricted_volumes),),
        overrides=("hostPathVolumes",),
    ),
    Check(
        "runAsNonRoot",
        "restricted",
        ((0, restricted.run_as_non_root), (35, _unless_user_namespace(restricted.run_as_non_root))),
    ),
    Check(
        "runAsUser",
        "restricted",
        ((23, restricted.run_as_user), (35, _unless_user_namespace(restricted.run_as_user))),
    ),
    Check(
        "seccompProfile_restricted",
        "restricted",
        ((19, restricted.seccomp_profile), (25, _unless_windows(restricted.seccomp_profile))),
        overrides=("seccompProfile_baseline",),
    ),
)
# The newest policy version any check knows: `latest`, and what newer versions evaluate as.
LATEST_MINOR = max(first for check in CHECKS for first, _ in check.versions)


def checks_for(level: str, minor: int) -> tuple[tuple[str, CheckFn], ...]:
    """The checks a level runs at policy version v1.<minor>, in the library's order."""
    if level not in ("baseline", "restricted"):
        return ()
    return _checks(level, min(minor, LATEST_MINOR))


@functools.cache  # (asked for every pod: of two levels, at the versions of a run's namespaces)
def _checks(level: str, minor: int) -> tuple[tuple[str, CheckFn], ...]:
    levels = ("baseline",) if level == "baseline" else ("baseline", "restricted")
    active = {
        check.id: (check, fn)
        for check in CHECKS
        if check.level in levels and (fn := check.at(minor)) is not None
    }
    overridden = {name for check, _ in active.values() for name in check.overrides}
    ordered = sorted(
        (c for c, _ in active.values() if c.id not in overridden),
        key=lambda c: (c.level != "baseline", c.id),
    )
    return tuple((c.id, active[c.id][1]) for c in ordered)


# at most 9 digits: a longer minor is no int for Go's Atoi either (and none for Python)
_VERSION = re.compile(r"v1\.(0|[1-9][0-9]{0,8})")


def parse_version(value: str) -> int | None:
    """The minor of a policy version `v1.X` (`latest` is the newest), or None when invalid."""
    if value == "latest":
        return LATEST_MINOR
    match = _VERSION.fullmatch(value)
    return int(match.group(1)) if match else None


def pod_of(obj: Any) -> Pod | None:
    """The pod an object's template makes, as the checks see it; None when it has none."""
    found = pod_template(obj)
    if found is None:
        return None
    path, template = found
    meta, spec = template.get("metadata"), template.get("spec")
    if not isinstance(spec, dict):
        return None
    meta = meta if isinstance(meta, dict) else {}
    return Pod.of(meta, (*path, "metadata"), spec, (*path, "spec"), containers(obj))


def evaluate(pod: Pod, level: str, minor: int) -> list[tuple[str, Violation]]:
    """`(check id, violation)` of every check of `level` at v1.<minor> the pod fails."""
    return [
        (check_id, violation)
        for check_id, check in checks_for(level, minor)
        if (violation := check(pod)) is not None
    ]
