"""Resource names and quantities: `ValidateContainerResourceRequirements` and its helpers."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from kubelint.k8s import names
from kubelint.k8s.data import is_mapping
from kubelint.k8s.quantity import QuantityError, format_quantity, is_binary, parse_quantity
from kubelint.validation.common import NEGATIVE, key_path
from kubelint.validation.field import Errors, Typed, forbidden, invalid, invalid_all, required
from kubelint.yamlload import JsonPath

# `IsStandardResourceName`: the unprefixed names the server knows.
STANDARD_RESOURCES = frozenset(
    {
        "cpu", "memory", "ephemeral-storage", "requests.cpu", "requests.memory",
        "requests.ephemeral-storage", "limits.cpu", "limits.memory", "limits.ephemeral-storage",
        "pods", "services", "replicationcontrollers", "resourcequotas", "secrets", "configmaps",
        "persistentvolumeclaims", "storage", "requests.storage", "services.nodeports",
        "services.loadbalancers",
    }
)  # fmt: skip
CONTAINER_RESOURCES = frozenset({"cpu", "memory", "ephemeral-storage"})
INTEGER_RESOURCES = frozenset(
    {
        "pods", "services", "replicationcontrollers", "resourcequotas", "secrets", "configmaps",
        "persistentvolumeclaims", "services.nodeports", "services.loadbalancers",
    }
)  # fmt: skip


NameCheck = Callable[[str, JsonPath], Errors]


def is_hugepages(resource: str) -> bool:
    return resource.startswith("hugepages-")


def is_native(resource: str) -> bool:
    return "/" not in resource or "kubernetes.io/" in resource


def is_extended(resource: str) -> bool:
    if is_native(resource) or resource.startswith("requests."):
        return False
    return not names.qualified_name("requests." + resource)


def overcommit_allowed(resource: str) -> bool:
    return is_native(resource) and not is_hugepages(resource)


def quantity(value: Any) -> Decimal | None:
    try:
        return parse_quantity(value)
    except QuantityError:
        return None  # the schema rule reports a malformed quantity


# `ParseQuantity`'s fast path: a decimal amount of at most 18 digits, to the nano, is kept as an
# int64 and a scale; its text is kept too when it is already canonical.
_FAST = re.compile(r"([+-]?)0*([0-9]*)(?:\.([0-9]*))?([numkMGTPE]?)")
_SCALES = {"n": -9, "u": -6, "m": -3, "": 0, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18}
_EXPONENT = re.compile(r"[0-9.]+[eE]")


def _parsed(written: str) -> tuple[int, int, str] | None:
    """The int64 amount, scale and kept text of the fast path, or None off it."""
    match = _FAST.fullmatch(written)
    if match is None:
        return None
    sign, num, denom, suffix = match.groups()
    num, denom = num or "0", denom or ""
    scale = _SCALES[suffix] - len(denom)
    shifted = num + denom
    if len(shifted) > 18 or scale < -9:
        return None
    amount = -int(shifted) if sign == "-" else int(shifted)
    canonical = scale % 3 == 0 and not shifted.endswith("000") and shifted[0] != "0"
    return amount, scale, written if canonical else ""


def text(value: Any) -> str:
    """`Quantity.String()` of a quantity read from the manifest: its text when the server keeps
    it (already canonical), else the canonical text (`0.5` → `500m`)."""
    written = str(value).strip()
    amount = quantity(value)
    if amount is None:
        return written
    parsed = _parsed(written)
    if parsed is not None and parsed[2]:
        return parsed[2]
    if _EXPONENT.match(written):  # DecimalExponent keeps its form: 1.5e3 → 1500, 1e-3 → 1e-3
        for exponent in range(18, -12, -3):
            scaled = amount.scaleb(-exponent)
            if scaled == scaled.to_integral():
                return f"{int(scaled)}e{exponent}" if exponent else str(int(scaled))
    return format_quantity(amount, is_binary(written))


def whole(value: Any) -> Typed:
    """A `resource.Quantity` passed whole: up to 1.33 its struct (`%#v`, exact on the fast path
    of `ParseQuantity`), from 1.34 its JSON, the text `Quantity.String()` gives."""
    written = str(value).strip()
    parsed = _parsed(written)
    if parsed is None:
        return Typed("resource.Quantity{…}", text(value))
    amount, scale, kept = parsed
    go = (
        f"resource.Quantity{{i:resource.int64Amount{{value:{amount}, scale:{scale}}}, "
        f'd:resource.infDecAmount{{Dec:(*inf.Dec)(nil)}}, s:"{kept}", Format:"DecimalSI"}}'
    )
    return Typed(go, text(value))


def resource_name(resource: str, path: JsonPath) -> Errors:
    """`validateResourceName`."""
    errors = invalid_all(path, resource, names.qualified_name(resource))
    if errors:
        return errors
    hugepages = is_hugepages(resource.removeprefix("requests."))  # `IsQuotaHugePageResourceName`
    if "/" not in resource and not (resource in STANDARD_RESOURCES or hugepages):
        return [invalid(path, resource, "must be a standard resource type or fully qualified")]
    return []


def container_resource_name(resource: str, path: JsonPath) -> Errors:
    """`validateContainerResourceName`."""
    if resource in CONTAINER_RESOURCES:  # (nearly every name a container gives: all valid)
        return []
    errors = resource_name(resource, path)
    if "/" not in resource:
        if resource not in CONTAINER_RESOURCES and not is_hugepages(resource):
            errors.append(invalid(path, resource, "must be a standard resource for containers"))
    elif not is_native(resource) and not is_extended(resource):
        errors.append(invalid(path, resource, "doesn't follow extended resource name standard"))
    return errors


def quantity_value(resource: str, value: Any, path: JsonPath) -> Errors:
    """`ValidateResourceQuantityValue`: not negative, whole for integer resources."""
    amount = quantity(value)
    if amount is None:
        return []
    if amount < 0:
        return [invalid(path, text(value), NEGATIVE)]
    if (resource in INTEGER_RESOURCES or is_extended(resource)) and amount != amount.to_integral():
        return [invalid(path, whole(value), "must be an integer")]
    return []


def requirements(
    resources: Any, path: JsonPath, name_check: NameCheck = container_resource_name
) -> Errors:
    """A container's `resources` (`validateResourceRequirements`; a pod's with its own
    `name_check`)."""
    if not is_mapping(resources):
        return []
    errors: Errors = []
    limits_path, requests_path = (*path, "limits"), (*path, "requests")
    limits = resources.get("limits")
    limits = limits if is_mapping(limits) else {}
    requests = resources.get("requests")
    requests = requests if is_mapping(requests) else {}
    for resource, value in limits.items():
        where = key_path(limits_path, str(resource))
        errors += name_check(str(resource), where)
        errors += quantity_value(str(resource), value, where)
    for resource, value in requests.items():
        where = key_path(requests_path, str(resource))
        errors += name_check(str(resource), where)
        errors += quantity_value(str(resource), value, where)
        errors += _within_limit(str(resource), value, limits, requests_path)
    errors += _hugepages(limits, requests, path)
    return errors


def _within_limit(
    resource: str, value: Any, limits: Mapping[str, Any], requests_path: JsonPath
) -> Errors:
    at = (*requests_path, resource)
    if resource not in limits:
        if overcommit_allowed(resource):
            return []
        detail = "Limit must be set for non overcommitable resources"
        return [required((*requests_path[:-1], "limits"), detail, at=at)]
    request, limit = quantity(value), quantity(limits[resource])
    if request is None or limit is None:
        return []
    if request != limit and not overcommit_allowed(resource):
        detail = f"must be equal to {resource} limit of {text(limits[resource])}"
        return [invalid(requests_path, text(value), detail, at=at)]
    if request > limit:
        detail = f"must be less than or equal to {resource} limit of {text(limits[resource])}"
        return [invalid(requests_path, text(value), detail, at=at)]
    return []


def _hugepages(limits: Mapping[str, Any], requests: Mapping[str, Any], path: JsonPath) -> Errors:
    asked = [*limits, *requests]
    if any(is_hugepages(str(r)) for r in asked) and not any(r in ("cpu", "memory") for r in asked):
        return [forbidden(path, "HugePages require cpu or memory")]
    return []
