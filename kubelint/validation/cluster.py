"""Cluster-wide kinds of the scheduling and node groups: PriorityClass (`pkg/apis/scheduling/
validation`), RuntimeClass (`pkg/apis/node/validation`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kubelint.k8s import names
from kubelint.k8s.data import dig, entries, integer, is_mapping
from kubelint.validation.common import Options, hashable, key_path, labels, one_of
from kubelint.validation.core.resources import container_resource_name, quantity_value
from kubelint.validation.core.scheduling import tolerations
from kubelint.validation.field import (
    Errors,
    Typed,
    duplicate,
    forbidden,
    invalid_all,
    placed,
)
from kubelint.yamlload import JsonPath

HIGHEST_USER_PRIORITY = 1_000_000_000
# The system priority classes and their values (their globalDefault is false).
SYSTEM_PRIORITY_CLASSES = {
    "system-node-critical": 2_000_001_000,
    "system-cluster-critical": 2_000_000_000,
}


def _system_class_error(class_name: str, data: Mapping[str, Any]) -> str | None:
    """`IsKnownSystemPriorityClass`: why a `system-` class is not one of the system's."""
    if class_name not in SYSTEM_PRIORITY_CLASSES:
        return f"{class_name} is not a known system priority class"
    value = SYSTEM_PRIORITY_CLASSES[class_name]
    if integer(data.get("value")) != value:
        return f"value of {class_name} PriorityClass must be {value}"
    if data.get("globalDefault") is True:
        return f"globalDefault of {class_name} PriorityClass must be false"
    return None


def priority_class(data: Mapping[str, Any], options: Options) -> Errors:
    errors: Errors = []
    class_name = dig(data, "metadata", "name")
    if isinstance(class_name, str) and class_name.startswith("system-"):
        if (reason := _system_class_error(class_name, data)) is not None:
            detail = (
                "priority class names with 'system-' prefix are reserved for system use only. "
                f"error: {reason}"
            )
            errors.append(forbidden(("metadata", "name"), detail, key=False))
    else:
        value = integer(data.get("value"))
        if value is not None and value > HIGHEST_USER_PRIORITY:
            detail = f"maximum allowed value of a user defined priority is {HIGHEST_USER_PRIORITY}"
            errors.append(forbidden(("value",), detail, key=False))
    errors += one_of(
        data.get("preemptionPolicy"), ("preemptionPolicy",), ("PreemptLowerPriority", "Never")
    )
    return errors


def _runtime_tolerations(items: Any, path: JsonPath) -> Errors:
    """`ValidateTolerations`, and each toleration once (by key, operator, value and effect)."""
    errors = tolerations(items, path)
    seen: set[tuple[Any, ...]] = set()
    for i, item in entries(items):
        key = tuple(hashable(item.get(f) or "") for f in ("key", "operator", "value", "effect"))
        if key in seen:
            errors.append(duplicate((*path, i), _toleration(item)))
        seen.add(key)
    return errors


def _toleration(item: Mapping[str, Any]) -> Typed:
    """A `core.Toleration`, as the server prints it."""
    seconds = item.get("tolerationSeconds")
    data: dict[str, Any] = {
        go: item.get(key) or ""
        for go, key in (("Key", "key"), ("Operator", "operator"), ("Value", "value"),
                        ("Effect", "effect"))
    }  # fmt: skip
    fields = ", ".join(f'{go}:"{value}"' for go, value in data.items())
    shown = "(*int64)(nil)" if seconds is None else f"(*int64)({seconds})"
    return Typed(f"core.Toleration{{{fields}, TolerationSeconds:{shown}}}",
                 {**data, "TolerationSeconds": seconds})  # fmt: skip


def runtime_class(data: Mapping[str, Any], options: Options) -> Errors:
    handler = data.get("handler")
    errors: Errors = []
    if isinstance(handler, str):
        errors += invalid_all(("handler",), handler, names.dns1123_label(handler))
    fixed = dig(data, "overhead", "podFixed")
    if is_mapping(fixed):
        limits: JsonPath = ("overhead", "limits")
        for resource, value in fixed.items():
            at = key_path(("overhead", "podFixed"), str(resource))
            where = key_path(limits, str(resource))
            found = container_resource_name(str(resource), where)
            found += quantity_value(str(resource), value, where)
            errors += placed(found, at)
    scheduling = data.get("scheduling")
    if is_mapping(scheduling):
        path: JsonPath = ("scheduling",)
        errors += labels(scheduling.get("nodeSelector"), (*path, "nodeSelector"))
        errors += _runtime_tolerations(scheduling.get("tolerations"), (*path, "tolerations"))
    return errors
