"""The apps group: `pkg/apis/apps/validation` (Deployment, ReplicaSet, StatefulSet,
DaemonSet), with the v1 defaults applied (strategies, progress deadline)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kubelint.k8s.data import dig, entries, integer, is_mapping
from kubelint.k8s.selectors import SelectorError, matches
from kubelint.validation.common import (
    NOT_POSITIVE,
    Options,
    int_or_percent,
    label_selector,
    nonnegative,
    one_of,
    selector_is_empty,
    selector_value,
)
from kubelint.validation.core.pod import pod_template
from kubelint.validation.field import (
    Errors,
    forbidden,
    int_or_string,
    invalid,
    not_supported,
    required,
)
from kubelint.yamlload import JsonPath

SPEC: JsonPath = ("spec",)
TEMPLATE: JsonPath = ("spec", "template")
DEFAULT_PROGRESS_DEADLINE = 600
MISMATCH = "`selector` does not match template `labels`"


def selector_and_template(
    spec: Mapping[str, Any],
    options: Options,
    empty_name: str,
    not_supported_in: str,
    claims: Mapping[str, Mapping[str, Any]] | None = None,
) -> Errors:
    """The selector, the pod template it must select, and what a long-running pod may not
    have (`ValidatePodTemplateSpecForReplicaSet` and its kin)."""
    errors: Errors = []
    selector = spec.get("selector")
    if selector is not None:  # (a missing one is the schema's: apps/v1 requires it)
        errors += label_selector(selector, (*SPEC, "selector"))
        if selector_is_empty(selector):
            detail = f"empty selector is invalid for {empty_name}"
            errors.append(invalid((*SPEC, "selector"), selector_value(selector), detail))
    template = spec.get("template")
    if not is_mapping(template):
        return errors
    template_labels = dig(template, "metadata", "labels")
    template_labels = template_labels if is_mapping(template_labels) else {}
    if is_mapping(selector) and not selector_is_empty(selector):
        try:
            selected = matches(selector, template_labels)
        except SelectorError:
            selected = True  # reported by the selector's own checks
        if not selected:
            where = (*TEMPLATE, "metadata", "labels")
            errors.append(invalid(where, template_labels, MISMATCH))
    errors += pod_template(template, TEMPLATE, options, claims)
    errors += long_running(template, not_supported_in)
    return errors


def long_running(template: Mapping[str, Any], kind: str) -> Errors:
    """A controller's pods restart always and have no deadline."""
    spec = template.get("spec")
    if not is_mapping(spec):
        return []
    errors: Errors = []
    policy = spec.get("restartPolicy") or "Always"
    if policy != "Always":
        errors.append(not_supported((*TEMPLATE, "spec", "restartPolicy"), policy, ("Always",)))
    deadline = spec.get("activeDeadlineSeconds")
    if deadline is not None:
        where = (*TEMPLATE, "spec", "activeDeadlineSeconds")
        detail = f"activeDeadlineSeconds in {kind} is not Supported"
        # (the DaemonSet's check says Invalid where the others say Forbidden)
        daemon = kind == "DaemonSet"
        errors.append(invalid(where, deadline, detail) if daemon else forbidden(where, detail))
    return errors


def deployment(data: Mapping[str, Any], options: Options) -> Errors:
    spec = data.get("spec")
    if not is_mapping(spec):
        return []
    errors = nonnegative(spec, SPEC, "replicas")
    errors += selector_and_template(spec, options, "deployment", "ReplicaSet")
    errors += _deployment_strategy(spec.get("strategy"), (*SPEC, "strategy"))
    errors += nonnegative(spec, SPEC, "minReadySeconds", "revisionHistoryLimit")
    deadline = spec.get("progressDeadlineSeconds")
    deadline = DEFAULT_PROGRESS_DEADLINE if deadline is None else integer(deadline)
    ready = integer(spec.get("minReadySeconds")) or 0
    if deadline is not None:
        errors += nonnegative(
            {"progressDeadlineSeconds": deadline}, SPEC, "progressDeadlineSeconds"
        )
        if deadline <= ready:
            where = (*SPEC, "progressDeadlineSeconds")
            at = where if "progressDeadlineSeconds" in spec else (*SPEC, "minReadySeconds")
            errors.append(invalid(where, deadline, "must be greater than minReadySeconds", at=at))
    return errors


def _deployment_strategy(strategy: Any, path: JsonPath) -> Errors:
    strategy = strategy if is_mapping(strategy) else {}
    kind = strategy.get("type") or "RollingUpdate"
    rolling = strategy.get("rollingUpdate")
    if kind == "Recreate":
        if rolling is not None:
            detail = "may not be specified when strategy `type` is 'Recreate'"
            return [forbidden((*path, "rollingUpdate"), detail)]
        return []
    if kind != "RollingUpdate":
        error = not_supported(path, kind, ("Recreate", "RollingUpdate"), at=(*path, "type"))
        return [error]
    if not is_mapping(rolling):
        return []
    where = (*path, "rollingUpdate")
    unavailable = rolling.get("maxUnavailable", "25%")
    surge = rolling.get("maxSurge", "25%")
    errors, unavailable_value = int_or_percent(unavailable, (*where, "maxUnavailable"))
    surge_errors, surge_value = int_or_percent(surge, (*where, "maxSurge"), at_most_100=False)
    errors += surge_errors
    if unavailable_value == 0 and surge_value == 0:
        detail = "may not be 0 when `maxSurge` is 0"
        errors.append(invalid((*where, "maxUnavailable"), int_or_string(unavailable), detail))
    return errors


def replica_set(data: Mapping[str, Any], options: Options) -> Errors:
    spec = data.get("spec")
    if not is_mapping(spec):
        return []
    errors = nonnegative(spec, SPEC, "replicas", "minReadySeconds")
    return errors + selector_and_template(spec, options, "deployment", "ReplicaSet")


def daemon_set(data: Mapping[str, Any], options: Options) -> Errors:
    spec = data.get("spec")
    if not is_mapping(spec):
        return []
    errors = selector_and_template(spec, options, "daemonset", "DaemonSet")
    errors += nonnegative(
        spec, SPEC, "minReadySeconds", "templateGeneration", "revisionHistoryLimit"
    )
    strategy = spec.get("updateStrategy")
    strategy = strategy if is_mapping(strategy) else {}
    path = (*SPEC, "updateStrategy")
    kind = strategy.get("type") or "RollingUpdate"
    if kind not in ("RollingUpdate", "OnDelete"):
        return [
            *errors,
            not_supported(path, kind, ("RollingUpdate", "OnDelete"), at=(*path, "type")),
        ]
    rolling = strategy.get("rollingUpdate")
    if kind == "RollingUpdate" and is_mapping(rolling):
        where = (*path, "rollingUpdate")
        unavailable, surge = rolling.get("maxUnavailable", 1), rolling.get("maxSurge", 0)
        found, unavailable_value = int_or_percent(unavailable, (*where, "maxUnavailable"))
        errors += found
        found, surge_value = int_or_percent(surge, (*where, "maxSurge"))
        errors += found
        if unavailable_value and surge_value:
            detail = "may not be set when maxUnavailable is non-zero"
            errors.append(invalid((*where, "maxSurge"), int_or_string(surge), detail))
        elif unavailable_value == 0 and surge_value == 0:
            errors.append(required((*where, "maxUnavailable"), "cannot be 0 when maxSurge is 0"))
    return errors


def stateful_set(data: Mapping[str, Any], options: Options) -> Errors:
    spec = data.get("spec")
    if not is_mapping(spec):
        return []
    errors: Errors = []
    policy = spec.get("podManagementPolicy")
    if policy is not None and policy not in ("OrderedReady", "Parallel"):
        detail = "must be 'OrderedReady' or 'Parallel'"
        errors.append(invalid((*SPEC, "podManagementPolicy"), policy, detail))
    errors += _stateful_strategy(spec.get("updateStrategy"), (*SPEC, "updateStrategy"))
    retention = spec.get("persistentVolumeClaimRetentionPolicy")
    if is_mapping(retention):
        for field in ("whenDeleted", "whenScaled"):
            where = (*SPEC, "persistentVolumeClaimRetentionPolicy", field)
            errors += one_of(retention.get(field), where, ("Retain", "Delete"))
    ordinals = spec.get("ordinals")
    if is_mapping(ordinals):
        start = integer(ordinals.get("start"))
        if start is not None and start < 0:
            named = (*SPEC, "ordinals.start")
            errors.append(
                invalid(
                    named,
                    start,
                    "must be greater than or equal to 0",
                    at=(*SPEC, "ordinals", "start"),
                )
            )
    errors += nonnegative(spec, SPEC, "replicas", "minReadySeconds")
    claims = {
        claim_name: {"persistentVolumeClaim": {"claimName": claim_name}}
        for _, claim in entries(spec.get("volumeClaimTemplates"))
        if isinstance(claim_name := dig(claim, "metadata", "name"), str)
    }
    errors += selector_and_template(spec, options, "statefulset", "StatefulSet", claims)
    return errors


def _stateful_strategy(strategy: Any, path: JsonPath) -> Errors:
    strategy = strategy if is_mapping(strategy) else {}
    kind = strategy.get("type") or "RollingUpdate"
    rolling = strategy.get("rollingUpdate")
    if kind == "OnDelete":
        if rolling is not None:
            detail = "only allowed for updateStrategy 'RollingUpdate'"
            return [invalid((*path, "rollingUpdate"), rolling, detail)]
        return []
    if kind != "RollingUpdate":
        detail = "must be 'RollingUpdate' or 'OnDelete'"
        return [invalid(path, kind, detail, at=(*path, "type"))]
    if not is_mapping(rolling):
        return []
    where = (*path, "rollingUpdate")
    errors = nonnegative(rolling, where, "partition")
    unavailable = rolling.get("maxUnavailable")
    if unavailable is not None:
        found, value = int_or_percent(unavailable, (*where, "maxUnavailable"))
        errors += found
        if value == 0:
            errors.append(invalid((*where, "maxUnavailable"), unavailable, NOT_POSITIVE))
    return errors


def controller_revision(data: Mapping[str, Any], options: Options) -> Errors:
    """`ValidateControllerRevision`: data is mandatory, the revision not negative."""
    errors: Errors = []
    if data.get("data") is None:
        errors.append(required(("data",), "data is mandatory"))
    return errors + nonnegative(data, (), "revision")
