"""ResourceQuota and LimitRange: `ValidateResourceQuota` (hard limits, scopes, scope selector)
and `ValidateLimitRange` (resource names per limit type, min ≤ default request ≤ default ≤ max,
limit/request ratios)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from kubelint.k8s import names
from kubelint.k8s.data import dig, entries, is_mapping, mapping
from kubelint.validation.common import Options, hashable, key_path, listed, repeated
from kubelint.validation.core.resources import (
    container_resource_name,
    is_hugepages,
    overcommit_allowed,
    quantity,
    quantity_value,
    resource_name,
)
from kubelint.validation.field import (
    OMIT,
    Errors,
    forbidden,
    invalid,
    invalid_all,
    required,
    typed_list,
)
from kubelint.yamlload import JsonPath

# `IsStandardQuotaResourceName` (and hugepages, `requests.hugepages-*`).
QUOTA_RESOURCES = frozenset(
    {
        "cpu", "memory", "ephemeral-storage", "requests.cpu", "requests.memory",
        "requests.storage", "requests.ephemeral-storage", "limits.cpu", "limits.memory",
        "limits.ephemeral-storage", "pods", "services", "replicationcontrollers",
        "resourcequotas", "secrets", "persistentvolumeclaims", "configmaps",
        "services.nodeports", "services.loadbalancers",
    }
)  # fmt: skip
POD_COMPUTE = frozenset(
    {"cpu", "memory", "limits.cpu", "limits.memory", "requests.cpu", "requests.memory"}
)
SCOPES = (
    "Terminating", "NotTerminating", "BestEffort", "NotBestEffort", "PriorityClass",
    "CrossNamespacePodAffinity", "VolumeAttributesClass",
)  # fmt: skip
POD_ONLY_SCOPES = ("Terminating", "NotTerminating", "BestEffort", "NotBestEffort",
                   "CrossNamespacePodAffinity")  # fmt: skip
CONFLICTING = (("BestEffort", "NotBestEffort"), ("Terminating", "NotTerminating"))
EXISTS_DETAIL = (
    "must be 'Exist' when scope is any of ResourceQuotaScopeTerminating, "
    "ResourceQuotaScopeNotTerminating, ResourceQuotaScopeBestEffort, "
    "ResourceQuotaScopeNotBestEffort or ResourceQuotaScopeCrossNamespacePodAffinity"
)
VALUES_NEEDED = "must be at least one value when `operator` is 'In' or 'NotIn' for scope selector"
NO_VALUES = "must be no value when `operator` is 'Exist' or 'DoesNotExist' for scope selector"
LIMIT_TYPES = ("Pod", "Container", "PersistentVolumeClaim")


def _is_quota_resource(resource: str) -> bool:
    return resource in QUOTA_RESOURCES or is_hugepages(resource.removeprefix("requests."))


def _scope_fits(scope: Any, resource: str) -> bool:
    """`IsResourceQuotaScopeValidForResource`."""
    if scope in ("Terminating", "NotTerminating", "NotBestEffort", "PriorityClass",
                 "CrossNamespacePodAffinity"):  # fmt: skip
        return resource == "pods" or resource in POD_COMPUTE
    if scope == "BestEffort":
        return resource == "pods"
    if scope == "VolumeAttributesClass":
        return resource in ("persistentvolumeclaims", "requests.storage")
    return True


def _misfits(scope: Any, hard: Mapping[str, Any]) -> int:
    """How many of the quota's standard resources the scope does not apply to."""
    return sum(1 for r in sorted(hard) if _is_quota_resource(r) and not _scope_fits(scope, r))


def _conflicts(scopes: set[Any]) -> int:
    return sum(1 for pair in CONFLICTING if all(s in scopes for s in pair))


def _scopes(spec: Mapping[str, Any], hard: Mapping[str, Any]) -> Errors:
    scopes = listed(spec.get("scopes"))
    if not scopes:
        return []
    path: JsonPath = ("spec", "scopes")
    details: list[str] = []
    for scope in scopes:
        if scope not in SCOPES:
            details.append("unsupported scope")
        details += ["unsupported scope applied to resource"] * _misfits(scope, hard)
    details += ["conflicting scopes"] * _conflicts({hashable(s) for s in scopes})
    if not details:
        return []
    shown = typed_list("core.ResourceQuotaScope", scopes)
    return [invalid(path, shown, detail) for detail in details]


def _scope_selector(spec: Mapping[str, Any], hard: Mapping[str, Any]) -> Errors:
    selector = spec.get("scopeSelector")
    if not is_mapping(selector):
        return []
    path: JsonPath = ("spec", "scopeSelector", "matchExpressions")
    errors: Errors = []
    names: set[Any] = set()
    for i, requirement in entries(selector.get("matchExpressions")):
        where = (*path, i)
        scope, operator = requirement.get("scopeName"), requirement.get("operator")
        values = listed(requirement.get("values"))
        if scope not in SCOPES:
            errors.append(invalid((*where, "scopeName"), scope, "unsupported scope"))
        detail = "unsupported scope applied to resource"
        errors += [invalid(path, OMIT, detail, at=where)] * _misfits(scope, hard)
        if scope in POD_ONLY_SCOPES and operator != "Exists":
            errors.append(invalid((*where, "operator"), operator, EXISTS_DETAIL))
        if operator in ("In", "NotIn"):
            if not values:
                errors.append(required((*where, "values"), VALUES_NEEDED))
        elif operator in ("Exists", "DoesNotExist"):
            if values:
                errors.append(invalid((*where, "values"), values, NO_VALUES))
        else:
            errors.append(invalid((*where, "operator"), operator, "not a valid selector operator"))
        names.add(hashable(scope))
    return errors + [invalid(path, OMIT, "conflicting scopes")] * _conflicts(names)


def resource_quota(data: Mapping[str, Any], options: Options) -> Errors:
    spec = data.get("spec")
    if not is_mapping(spec):
        return []
    errors: Errors = []
    hard = mapping(spec.get("hard"))
    for resource, value in hard.items():
        where = key_path(("spec", "hard"), str(resource))
        name_errors = resource_name(str(resource), where)
        if not name_errors and "/" not in str(resource) and not _is_quota_resource(str(resource)):
            name_errors.append(invalid(where, resource, "must be a standard resource for quota"))
        errors += name_errors + quantity_value(str(resource), value, where)
    return errors + _scopes(spec, hard) + _scope_selector(spec, hard)


def _limit_type(kind: Any, path: JsonPath) -> Errors:
    """`validateLimitRangeTypeName`."""
    if not isinstance(kind, str):
        return []
    errors = invalid_all(path, kind, names.qualified_name(kind))
    if not errors and "/" not in kind and kind not in LIMIT_TYPES:
        errors.append(invalid(path, kind, "must be a standard limit type or fully qualified"))
    return errors


def limit_range(data: Mapping[str, Any], options: Options) -> Errors:
    errors: Errors = []
    seen: set[Any] = set()
    for i, limit in entries(dig(data, "spec", "limits")):
        where: JsonPath = ("spec", "limits", i)
        kind = hashable(limit.get("type"))
        errors += _limit_type(kind, (*where, "type"))
        errors += repeated(kind, seen, (*where, "type"))
        errors += _limit(limit, kind, where)
    return errors


_BAGS = ("max", "min", "default", "defaultRequest", "maxLimitRequestRatio")


def _limit(limit: Mapping[str, Any], kind: Any, path: JsonPath) -> Errors:
    errors: Errors = []
    check = container_resource_name if kind in ("Pod", "Container") else resource_name
    bags: dict[str, Mapping[str, Any]] = {}
    for field in _BAGS:
        values = mapping(limit.get(field))
        if kind == "Pod" and field in ("default", "defaultRequest"):
            if values:
                detail = "may not be specified when `type` is 'Pod'"
                errors.append(forbidden((*path, field), detail))
            continue
        bags[field] = values
        for resource in values:
            errors += check(str(resource), key_path((*path, field), str(resource)))
    if kind == "PersistentVolumeClaim" and not (
        "storage" in bags["min"] or "storage" in bags["max"]
    ):
        detail = "either minimum or maximum storage value is required, but neither was provided"
        errors.append(required((*path, "limits"), detail, at=path))
    for resource in sorted({str(k) for bag in bags.values() for k in bag}):
        errors += _order(bags, resource, path)
    return errors


# (lower, higher, the field reported, the field whose value is shown, the detail): each pair
# of a resource's amounts that must be in order, in `ValidateLimitRange`'s order and words.
_ORDER = (
    ("min", "max", "min", "min", "min value {min} is greater than max value {max}"),
    ("min", "defaultRequest", "defaultRequest", "defaultRequest",
     "min value {min} is greater than default request value {defaultRequest}"),
    ("defaultRequest", "max", "defaultRequest", "defaultRequest",
     "default request value {defaultRequest} is greater than max value {max}"),
    ("defaultRequest", "default", "defaultRequest", "defaultRequest",
     "default request value {defaultRequest} is greater than default limit value {default}"),
    ("min", "default", "default", "min", "min value {min} is greater than default value {default}"),
    ("default", "max", "default", "max", "default value {default} is greater than max value {max}"),
)  # fmt: skip


def _order(bags: Mapping[str, Mapping[str, Any]], resource: str, path: JsonPath) -> Errors:
    """The comparisons of one resource's min, max, default, default request and ratio."""
    text = {f: str(bags[f][resource]) for f in bags if resource in bags[f]}
    known = {f: a for f, t in text.items() if (a := quantity(bags[f][resource])) is not None}

    def at(field: str) -> JsonPath:
        return key_path((*path, field), resource)

    errors: Errors = []
    for low, high, field, shown, detail in _ORDER:
        if low in known and high in known and known[low] > known[high]:
            errors.append(invalid(at(field), text[shown], detail.format(**text)))
    errors += _ratio(known, text, at("maxLimitRequestRatio"))
    default, request = known.get("default"), known.get("defaultRequest")
    if not overcommit_allowed(resource) and None not in (default, request) and default != request:
        detail = (
            f"default value {text['default']} must equal to defaultRequest value "
            f"{text['defaultRequest']} in {resource}"
        )
        errors.append(invalid(at("defaultRequest"), text["defaultRequest"], detail))
    return errors


def _ratio(known: Mapping[str, Decimal], text: Mapping[str, str], path: JsonPath) -> Errors:
    ratio = known.get("maxLimitRequestRatio")
    if ratio is None:
        return []
    shown = text["maxLimitRequestRatio"]
    if ratio < 1:
        return [invalid(path, shown, f"ratio {shown} is less than 1")]
    low, high = known.get("min"), known.get("max")
    if low is None or high is None or low == 0:
        return []
    limit = high / low
    if ratio > limit:
        return [invalid(path, shown, f"ratio {shown} is greater than max/min = {float(limit):.6f}")]
    return []
