"""The autoscaling group: `pkg/apis/autoscaling/validation` (HorizontalPodAutoscaler: replicas,
scale target, metrics and their targets, scaling behavior)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kubelint.k8s import names
from kubelint.k8s.data import entries, integer, is_mapping, mapping
from kubelint.validation.common import Options, label_selector, name, path_segment
from kubelint.validation.core.resources import container_resource_name, quantity
from kubelint.validation.field import (
    Errors,
    forbidden,
    invalid,
    invalid_all,
    not_supported,
    required,
)
from kubelint.yamlload import JsonPath

# Metric source type → its field, in the server's order.
SOURCES = {
    "Object": "object",
    "Pods": "pods",
    "Resource": "resource",
    "External": "external",
    "ContainerResource": "containerResource",
}
# The versions whose metrics carry a `target` (the internal version's layout).
METRIC_TARGET_VERSIONS = ("autoscaling/v2", "autoscaling/v2beta2")
_CHECK_ORDER = ("object", "external", "pods", "resource", "containerResource")
TARGET_TYPES = ("Utilization", "Value", "AverageValue")
SELECT_POLICIES = ("Max", "Min", "Disabled")
POLICY_TYPES = ("Pods", "Percent")
STABILIZATION_MAX = 3600
PERIOD_MAX = 1800


def object_reference(ref: Any, path: JsonPath) -> Errors:
    """`ValidateCrossVersionObjectReference`."""
    ref = mapping(ref)
    errors: Errors = []
    for field in ("kind", "name"):
        if not ref.get(field):
            errors.append(required((*path, field)))
        else:
            errors += name(ref.get(field), (*path, field), path_segment)
    return errors


def _target(target: Mapping[str, Any], path: JsonPath) -> Errors:
    """`validateMetricTarget`."""
    kind = target.get("type")
    errors: Errors = []
    if not kind:
        errors.append(required((*path, "type"), "must specify a metric target type"))
    if kind not in TARGET_TYPES:
        detail = "must be either Utilization, Value, or AverageValue"
        errors.append(invalid((*path, "type"), kind or "", detail))
    for field in ("value", "averageValue"):
        amount = quantity(target[field]) if field in target else None
        if amount is not None and amount <= 0:
            errors.append(invalid((*path, field), str(target[field]), "must be positive"))
    utilization = integer(target.get("averageUtilization"))
    if utilization is not None and utilization < 1:
        detail = "must be greater than 0"
        errors.append(invalid((*path, "averageUtilization"), utilization, detail))
    return errors


def _metric(metric: Any, path: JsonPath) -> Errors:
    """`validateMetricIdentifier`."""
    metric = mapping(metric)
    metric_name = metric.get("name")
    errors: Errors = []
    if not metric_name:
        errors.append(required((*path, "name"), "must specify a metric name"))
    elif isinstance(metric_name, str):
        errors += invalid_all((*path, "name"), metric_name, path_segment(metric_name))
    return errors + label_selector(metric.get("selector"), (*path, "selector"))


def _resource(source: Mapping[str, Any], path: JsonPath, container: bool) -> Errors:
    errors: Errors = []
    resource = source.get("name")
    if not resource:
        errors.append(required((*path, "name"), "must specify a resource name"))
    elif isinstance(resource, str):
        errors += container_resource_name(resource, (*path, "name"))
    if container:
        container_name = source.get("container")
        if not container_name:
            errors.append(required((*path, "container"), "must specify a container"))
        else:
            errors += name(container_name, (*path, "container"), names.dns1123_label)
    target = mapping(source.get("target"))
    errors += _target(target, (*path, "target"))
    utilization, average = target.get("averageUtilization"), target.get("averageValue")
    if utilization is None and average is None:
        detail = "must set either a target raw value or a target utilization"
        errors.append(required((*path, "target", "averageUtilization"), detail))
    if utilization is not None and average is not None:
        detail = "may not set both a target raw value and a target utilization"
        errors.append(forbidden((*path, "target", "averageValue"), detail))
    return errors


def _source(kind: str, source: Mapping[str, Any], path: JsonPath) -> Errors:
    if kind in ("Resource", "ContainerResource"):
        return _resource(source, path, kind == "ContainerResource")
    errors: Errors = []
    if kind == "Object":
        errors += object_reference(source.get("describedObject"), (*path, "describedObject"))
    errors += _metric(source.get("metric"), (*path, "metric"))
    target = mapping(source.get("target"))
    errors += _target(target, (*path, "target"))
    value, average = target.get("value"), target.get("averageValue")
    averaged = (*path, "target", "averageValue")
    if kind == "Pods" and average is None:
        errors.append(required(averaged, "must specify a positive target averageValue"))
    elif kind == "Object" and value is None and average is None:
        errors.append(required(averaged, "must set either a target value or averageValue"))
    elif kind == "External":
        if value is None and average is None:
            detail = "must set either a target value for metric or a per-pod target"
            errors.append(required(averaged, detail))
        if value is not None and average is not None:
            detail = "may not set both a target value for metric and a per-pod target"
            errors.append(forbidden((*path, "target", "value"), detail))
    return errors


def _metric_spec(spec: Mapping[str, Any], path: JsonPath) -> Errors:
    """`validateMetricSpec`: a known type, its source given, and no other."""
    kind = spec.get("type")
    errors: Errors = []
    if not kind:
        errors.append(required((*path, "type"), "must specify a metric source type"))
    present = [field for field in _CHECK_ORDER if spec.get(field) is not None]
    if present:
        first = present[0]
        errors += _source(_kind_of(first), mapping(spec.get(first)), (*path, first))
    expected = SOURCES.get(kind) if isinstance(kind, str) else None
    if expected is None:
        errors.append(not_supported((*path, "type"), kind or "", tuple(SOURCES)))
    elif spec.get(expected) is None:
        detail = "must populate information for the given metric source"
        errors.append(required((*path, expected), detail))
    if len(present) != 1:
        for field in present:
            if field != expected:
                detail = "must populate the given metric source only"
                errors.append(forbidden((*path, field), detail))
    return errors


def _kind_of(field: str) -> str:
    return next(kind for kind, source in SOURCES.items() if source == field)


def _scaling_rules(rules: Any, path: JsonPath) -> Errors:
    if not is_mapping(rules):
        return []
    errors: Errors = []
    window = integer(rules.get("stabilizationWindowSeconds"))
    where = (*path, "stabilizationWindowSeconds")
    if window is not None and window < 0:
        errors.append(invalid(where, window, "must be greater than or equal to zero"))
    if window is not None and window > STABILIZATION_MAX:
        errors.append(invalid(where, window, f"must be less than or equal to {STABILIZATION_MAX}"))
    select = rules.get("selectPolicy")
    if select is not None and select not in SELECT_POLICIES:
        errors.append(not_supported((*path, "selectPolicy"), select, SELECT_POLICIES))
    policies = rules.get("policies")
    if isinstance(policies, list) and not policies:  # left out, they are defaulted
        errors.append(required((*path, "policies"), "must specify at least one Policy"))
    for i, policy in entries(policies):
        errors += _scaling_policy(policy, (*path, "policies", i))
    return errors


def _scaling_policy(policy: Mapping[str, Any], path: JsonPath) -> Errors:
    errors: Errors = []
    kind = policy.get("type")
    if kind not in POLICY_TYPES:
        errors.append(not_supported((*path, "type"), kind or "", POLICY_TYPES))
    value = integer(policy.get("value"))
    if value is not None and value <= 0:
        errors.append(invalid((*path, "value"), value, "must be greater than zero"))
    period = integer(policy.get("periodSeconds"))
    if period is not None and period <= 0:
        errors.append(invalid((*path, "periodSeconds"), period, "must be greater than zero"))
    if period is not None and period > PERIOD_MAX:
        detail = f"must be less than or equal to {PERIOD_MAX}"
        errors.append(invalid((*path, "periodSeconds"), period, detail))
    return errors


def horizontal_pod_autoscaler(data: Mapping[str, Any], options: Options) -> Errors:
    spec = data.get("spec")
    if not is_mapping(spec):
        return []
    path: JsonPath = ("spec",)
    errors: Errors = []
    low = integer(spec.get("minReplicas"))
    high = integer(spec.get("maxReplicas"))
    if low is not None and low < 1:
        errors.append(invalid((*path, "minReplicas"), low, "must be greater than or equal to 1"))
    if high is not None and high < 1:
        errors.append(invalid((*path, "maxReplicas"), high, "must be greater than 0"))
    if high is not None and high < (1 if low is None else low):
        detail = "must be greater than or equal to `minReplicas`"
        errors.append(invalid((*path, "maxReplicas"), high, detail))
    if "scaleTargetRef" in spec:
        errors += object_reference(spec.get("scaleTargetRef"), (*path, "scaleTargetRef"))
    if data.get("apiVersion") not in METRIC_TARGET_VERSIONS:
        return errors  # autoscaling/v1 has no metrics; v2beta1's are written another way
    for i, metric in entries(spec.get("metrics")):
        errors += _metric_spec(metric, (*path, "metrics", i))
    behavior = mapping(spec.get("behavior"))
    for field in ("scaleUp", "scaleDown"):
        errors += _scaling_rules(behavior.get(field), (*path, "behavior", field))
    return errors
