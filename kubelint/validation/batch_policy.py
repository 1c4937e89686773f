"""A Job's pod failure policy (`validatePodFailurePolicy` of `pkg/apis/batch/validation`): its
rules' actions, exit-code requirements and pod-condition patterns."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import Any

from kubelint.k8s import names
from kubelint.k8s.data import dig, entries, integer, is_mapping
from kubelint.validation.common import hashable, listed, repeated
from kubelint.validation.field import (
    OMIT,
    Errors,
    Typed,
    invalid,
    invalid_all,
    not_supported,
    required,
    too_many,
)
from kubelint.yamlload import JsonPath

ACTIONS = ("Count", "FailIndex", "FailJob", "Ignore")
OPERATORS = ("In", "NotIn")
STATUSES = ("False", "True", "Unknown")
RULES_MAX = 20
PATTERNS_MAX = 20
EXIT_CODES_MAX = 255


def _valid_values(values: tuple[str, ...]) -> str:
    """The detail of a missing value: Go's `%q` of the list, `["In" "NotIn"]`."""
    return "valid values: [" + " ".join(f'"{v}"' for v in values) + "]"


def _exit_codes(requirement: Mapping[str, Any], path: JsonPath, containers: set[Any]) -> Errors:
    operator = requirement.get("operator")
    errors: Errors = []
    if not operator:
        errors.append(required((*path, "operator"), _valid_values(OPERATORS)))
    elif operator not in OPERATORS:
        errors.append(not_supported((*path, "operator"), operator, OPERATORS))
    container = requirement.get("containerName")
    if container is not None and hashable(container) not in containers:
        detail = "must be one of the container or initContainer names in the pod template"
        errors.append(invalid((*path, "containerName"), container, detail))
    values = [integer(v) for v in listed(requirement.get("values"))]
    where = (*path, "values")
    if not values:
        raw = requirement.get("values")
        shown = Typed("[]int32(nil)", None) if raw is None else Typed("[]int32{}", [])
        return [*errors, invalid(where, shown, "at least one value is required")]
    if len(values) > EXIT_CODES_MAX:
        return [*errors, too_many(where, len(values), EXIT_CODES_MAX)]
    seen: set[int | None] = set()
    for j, value in enumerate(values):
        if operator == "In" and value == 0:
            errors.append(invalid((*where, j), value, "must not be 0 for the In operator"))
        errors += repeated(value, seen, (*where, j))
    known = [v for v in values if v is not None]
    if any(a > b for a, b in itertools.pairwise(known)):
        shown = Typed("[]int32{" + ", ".join(str(v) for v in known) + "}", known)
        errors.append(invalid(where, shown, "must be ordered"))
    return errors


def _pod_conditions(patterns: list[Any], path: JsonPath) -> Errors:
    errors: Errors = []
    if len(patterns) > PATTERNS_MAX:
        errors.append(too_many(path, len(patterns), PATTERNS_MAX))
    for j, pattern in entries(patterns):
        where = (*path, j)
        kind = pattern.get("type")
        if isinstance(kind, str):
            errors += invalid_all((*where, "type"), kind, names.qualified_name(kind))
        status = pattern.get("status")
        if status == "":  # left out, it is True
            errors.append(required((*where, "status"), _valid_values(STATUSES)))
        elif status is not None and status not in STATUSES:
            errors.append(not_supported((*where, "status"), status, STATUSES))
    return errors


def _rule(
    rule: Mapping[str, Any], spec: Mapping[str, Any], path: JsonPath, containers: set[Any]
) -> Errors:
    errors: Errors = []
    action = rule.get("action")
    if action == "FailIndex" and spec.get("backoffLimitPerIndex") is None:
        detail = "requires the backoffLimitPerIndex to be set"
        errors.append(invalid((*path, "action"), action, detail))
    if not action:
        errors.append(required((*path, "action"), _valid_values(ACTIONS)))
    elif action not in ACTIONS:
        errors.append(not_supported((*path, "action"), action, ACTIONS))
    exit_codes = rule.get("onExitCodes")
    conditions = listed(rule.get("onPodConditions"))
    if is_mapping(exit_codes):
        errors += _exit_codes(exit_codes, (*path, "onExitCodes"), containers)
    if conditions:
        errors += _pod_conditions(conditions, (*path, "onPodConditions"))
    if exit_codes is not None and conditions:
        detail = "specifying both OnExitCodes and OnPodConditions is not supported"
        errors.append(invalid(path, OMIT, detail))
    if exit_codes is None and not conditions:
        detail = "specifying one of OnExitCodes and OnPodConditions is required"
        errors.append(invalid(path, OMIT, detail))
    return errors


def pod_failure_policy(spec: Mapping[str, Any], path: JsonPath) -> Errors:
    """`validatePodFailurePolicy` (the `Never` restart policy it needs is the Job's check)."""
    policy = spec.get("podFailurePolicy")
    if not is_mapping(policy):
        return []
    errors: Errors = []
    rules = listed(policy.get("rules"))
    where = (*path, "podFailurePolicy", "rules")
    if len(rules) > RULES_MAX:
        errors.append(too_many(where, len(rules), RULES_MAX))
    pod = dig(spec, "template", "spec")
    containers = {
        hashable(c.get("name"))
        for field in ("containers", "initContainers")
        for _, c in entries(pod.get(field) if is_mapping(pod) else None)
    }
    for i, rule in entries(rules):
        errors += _rule(rule, spec, (*where, i), containers)
    return errors
