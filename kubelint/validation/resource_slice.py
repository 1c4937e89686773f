"""ResourceSlice (`pkg/apis/resource/validation`, `validateResourceSliceSpec`): the driver and
pool, exactly one node selection, and the devices a driver publishes: names, attributes and
capacities (their names, values and number), taints, counters, binding conditions.

Fields of alpha features the API server drops unless enabled (mixins, node allocatable
resources, skipped node operations, a partition type attribute) are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from kubelint.k8s import names
from kubelint.k8s.data import integer, mapping
from kubelint.validation.common import NOT_POSITIVE, Options, listed, repeated
from kubelint.validation.core.resources import quantity
from kubelint.validation.core.scheduling import node_selector
from kubelint.validation.core.volumes import csi_driver as driver_name
from kubelint.validation.field import (
    Errors,
    Key,
    forbidden,
    invalid,
    invalid_all,
    not_supported,
    placed,
    required,
    too_long,
    too_many,
)
from kubelint.validation.resource import (
    TAINT_EFFECTS,
    Check,
    bounded,
    dns_label,
    label_name,
    label_value,
    pool_name,
    qualified_name,
    unique,
)
from kubelint.yamlload import JsonPath

DEVICES_MAX = 128
DEVICES_MAX_ADVANCED = 64  # with taints, counter consumption or list attributes
ATTRIBUTES_AND_CAPACITIES_MAX = 32
ATTRIBUTE_VALUES_MAX = 48
VALUE_MAX = 64  # DeviceAttributeMaxValueLength
TAINTS_MAX = 16
COUNTER_SETS_MAX = 8
COUNTERS_MAX = 32
CONSUMPTIONS_MAX = 2
CONDITIONS_MAX = 4  # binding conditions, and binding failure conditions
SCALARS = ("bool", "int", "string", "version")
LISTS = ("bools", "ints", "strings", "versions")
NODE_SELECTION = "exactly one of `nodeName`, `nodeSelector`, `allNodes`, `perDeviceNodeSelection`"
DEVICE_SELECTION = (
    "exactly one of `nodeName`, `nodeSelector`, or `allNodes` is required when "
    "`perDeviceNodeSelection` is set to true in the ResourceSlice spec"
)
_NUMERIC = r"(0|[1-9]\d*)"
_PRERELEASE = r"(0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)"
_BUILD = r"[0-9a-zA-Z-]+"
_SEMVER = re.compile(
    rf"{_NUMERIC}\.{_NUMERIC}\.{_NUMERIC}(-{_PRERELEASE}(\.{_PRERELEASE})*)?"
    rf"(\+{_BUILD}(\.{_BUILD})*)?"
)


def _pool(pool: Any, path: JsonPath) -> Errors:
    data = mapping(pool)
    errors = pool_name(data.get("name"), (*path, "name"))
    count = integer(data.get("resourceSliceCount"))
    if count is None or count <= 0:
        errors.append(invalid((*path, "resourceSliceCount"), count or 0, NOT_POSITIVE))
    generation = integer(data.get("generation"))
    if generation is not None and generation < 0:
        detail = "must be greater than or equal to zero"
        errors.append(invalid((*path, "generation"), generation, detail))
    return errors


def _node_name(value: Any, path: JsonPath) -> Errors:
    text = value if isinstance(value, str) else ""
    return invalid_all(path, text, names.dns1123_subdomain(text))


def _set_true(spec: Mapping[str, Any], field: str, path: JsonPath) -> tuple[bool, Errors]:
    """A `true`-or-unset field: whether it is set, and the error when it is false."""
    value = spec.get(field)
    if value is None:
        return False, []
    if value is True:
        return True, []
    return False, [invalid((*path, field), value, "must be either unset or set to true")]


def _node_selection(spec: Mapping[str, Any], path: JsonPath) -> Errors:
    chosen: list[str] = []
    errors: Errors = []
    node = spec.get("nodeName")
    if node is not None:
        if node:
            chosen.append("`nodeName`")
            errors += _node_name(node, (*path, "nodeName"))
        else:
            detail = "must be either unset or set to a non-empty string"
            errors.append(invalid((*path, "nodeName"), node, detail))
    selector = spec.get("nodeSelector")
    if selector is not None:
        chosen.append("`nodeSelector`")
        where = (*path, "nodeSelector")
        errors += node_selector(selector, where)
        terms = listed(mapping(selector).get("nodeSelectorTerms"))
        if len(terms) != 1:
            detail = "must have exactly one node selector term"
            errors.append(invalid((*where, "nodeSelectorTerms"), terms or None, detail))
    for field in ("allNodes", "perDeviceNodeSelection"):
        is_set, wrong = _set_true(spec, field, path)
        errors += wrong
        if is_set:
            chosen.append(f"`{field}`")
    if not chosen:
        return [*errors, required(path, f"{NODE_SELECTION} is required")]
    if len(chosen) > 1:
        detail = f"{NODE_SELECTION} is required, but multiple fields are set"
        errors.append(invalid(path, "{" + ", ".join(chosen) + "}", detail))
    return errors


def _map_keys(items: Any, path: JsonPath, check: Check) -> Errors:
    """A map's keys checked against the map's path (as the server names them), pointing at
    each key."""
    errors: Errors = []
    for key in mapping(items):
        errors += placed(check(key, path), (*path, Key(key)))
    return errors


def _attribute(value: Any, path: JsonPath) -> Errors:
    data = mapping(value)
    present = [field for field in (*SCALARS, *LISTS) if field in data]
    errors: Errors = []
    for field in ("string", "version"):
        if field in data:
            errors += _text_value(data[field], (*path, field), field == "version")
    for field in LISTS:
        if field in data:
            items = listed(data[field])
            if not items:
                detail = "must not be empty if specified"
                errors.append(invalid((*path, field), items, detail))
            for i, item in enumerate(items):
                if field in ("strings", "versions"):
                    errors += _text_value(item, (*path, field, i), field == "versions")
    if not present:
        errors.append(invalid(path, "", "exactly one value must be specified"))
    elif len(present) > 1:
        errors.append(invalid(path, dict(data), "exactly one value must be specified"))
    return errors


def _text_value(value: Any, path: JsonPath, version: bool) -> Errors:
    text = value if isinstance(value, str) else str(value)
    errors: Errors = []
    if version and not _SEMVER.fullmatch(text):
        detail = "must be a string compatible with semver.org spec 2.0.0"
        errors.append(invalid(path, text, detail))
    if len(text) > VALUE_MAX:
        errors.append(too_long(path, VALUE_MAX))
    return errors


def _amount(value: Any) -> Decimal | None:
    return quantity(value) if value is not None else None


def _range(policy: Mapping[str, Any], capacity: Decimal, path: JsonPath) -> Errors:
    default = _amount(policy.get("default"))
    spec = mapping(policy.get("validRange"))
    where = (*path, "validRange")
    if default is None:
        return [required((*path, "default"), "required when validRange is defined")]
    low, high, step = (_amount(spec.get(f)) for f in ("min", "max", "step"))
    if low is None:
        return [required((*where, "min"), "required when validRange is defined")]
    errors: Errors = []
    shown = {f: str(spec.get(f)) for f in ("min", "max", "step")}
    if low > capacity:
        detail = f"min is larger than capacity value: {capacity}"
        errors.append(invalid((*where, "min"), shown["min"], detail))
    if default < low:
        detail = f"default is less than min: {shown['min']}"
        errors.append(invalid((*where, "default"), str(policy.get("default")), detail))
    if high is not None:
        if low > high:
            detail = f"min is larger than max: {shown['max']}"
            errors.append(invalid((*where, "max"), shown["min"], detail))
        if high > capacity:
            detail = f"max is larger than capacity value: {capacity}"
            errors.append(invalid((*where, "max"), shown["max"], detail))
        if default > high:
            detail = f"default is more than max: {shown['max']}"
            errors.append(invalid((*where, "default"), str(policy.get("default")), detail))
    if step is not None and step <= 0:
        errors.append(invalid((*where, "step"), shown["step"], NOT_POSITIVE))
    return errors


def _valid_values(policy: Mapping[str, Any], capacity: Decimal, path: JsonPath) -> Errors:
    default = _amount(policy.get("default"))
    if default is None:
        return [required((*path, "default"), "required when validValues is defined")]
    where = (*path, "validValues")
    written = listed(policy.get("validValues"))
    values = [_amount(v) for v in written]
    errors: Errors = []
    for i in range(1, len(values)):
        before, after = values[i - 1], values[i]
        if before is not None and after is not None and before > after:
            detail = "values must be sorted in ascending order"
            errors.append(invalid((*where, i), str(written[i]), detail))
    for i, value in enumerate(values):
        if value is not None and value > capacity:
            detail = f"option is larger than capacity value: {capacity}"
            errors.append(invalid((*where, i), str(written[i]), detail))
    if default not in values:
        detail = "default value is not valid according to the requestPolicy"
        errors.append(invalid(where, str(policy.get("default")), detail))
    return errors


def _capacity(value: Any, path: JsonPath, multiple: bool) -> Errors:
    data = mapping(value)
    policy = data.get("requestPolicy")
    if policy is None:
        return []
    where = (*path, "requestPolicy")
    if not multiple:
        return [forbidden(where, "allowMultipleAllocations must be true")]
    capacity = _amount(data.get("value"))
    policy = mapping(policy)
    if capacity is None:
        return []
    if policy.get("validValues") and policy.get("validRange") is not None:
        detail = (
            'exactly one policy can be specified, cannot specify "validValues" and '
            '"validRange" at the same time'
        )
        return [forbidden(where, detail)]
    if policy.get("validValues"):
        return _valid_values(policy, capacity, where)
    if policy.get("validRange") is not None:
        return _range(policy, capacity, where)
    return []


def _taint(item: Any, path: JsonPath) -> Errors:
    taint = mapping(item)
    errors = label_name(taint.get("key"), (*path, "key"))
    if taint.get("value"):
        errors += label_value(taint["value"], (*path, "value"))
    effect = taint.get("effect")
    if not effect:
        errors.append(required((*path, "effect")))
    elif effect not in TAINT_EFFECTS:
        errors.append(not_supported((*path, "effect"), effect, TAINT_EFFECTS))
    return errors


def _counters(counters: Any, path: JsonPath) -> Errors:
    if not mapping(counters):
        return [required(path)]
    if len(mapping(counters)) > COUNTERS_MAX:
        return [too_many(path, len(mapping(counters)), COUNTERS_MAX)]
    return _map_keys(counters, path, dns_label)


def _named_counters(item: Any, path: JsonPath, name_field: str) -> Errors:
    data = mapping(item)
    name = data.get(name_field)
    errors = dns_label(name, (*path, name_field)) if name else [required((*path, name_field))]
    return errors + _counters(data.get("counters"), (*path, "counters"))


def _counter_set(item: Any, path: JsonPath) -> Errors:
    return _named_counters(item, path, "name")


def _consumption(item: Any, path: JsonPath) -> Errors:
    return _named_counters(item, path, "counterSet")


def _binding_conditions(device: Mapping[str, Any], path: JsonPath) -> Errors:
    conditions = listed(device.get("bindingConditions"))
    failures = listed(device.get("bindingFailureConditions"))
    errors: Errors = []
    for field, items in (("bindingConditions", conditions), ("bindingFailureConditions", failures)):
        errors += bounded(items, CONDITIONS_MAX, (*path, field), label_name)
        seen: set[Any] = set()
        for i, item in enumerate(items):
            errors += repeated(item, seen, (*path, field, i))
    for i, item in enumerate(failures):
        if item in conditions:
            detail = "bindingFailureConditions must not overlap with bindingConditions"
            errors.append(invalid((*path, "bindingFailureConditions", i), item, detail))
    if failures and not conditions:
        detail = "bindingConditions are required to use bindingFailureConditions"
        errors.append(invalid((*path, "bindingConditions"), conditions, detail))
    if conditions and not failures:
        detail = "bindingFailureConditions are required to use bindingConditions"
        errors.append(invalid((*path, "bindingFailureConditions"), failures, detail))
    return errors


def _device_nodes(device: Mapping[str, Any], path: JsonPath, per_device: bool) -> Errors:
    fields = [f for f in ("nodeName", "nodeSelector", "allNodes") if device.get(f) is not None]
    if not per_device:
        if not fields:
            return []
        detail = (
            "`nodeName`, `nodeSelector` and `allNodes` can only be set if "
            "`perDeviceNodeSelection` is set to true in the ResourceSlice spec"
        )
        return [invalid(path, None, detail)]
    errors: Errors = []
    chosen: list[str] = []
    if "nodeName" in fields:
        if device["nodeName"]:
            chosen.append("`nodeName`")
            errors += _node_name(device["nodeName"], (*path, "nodeName"))
        else:
            errors.append(invalid((*path, "nodeName"), device["nodeName"], "must not be empty"))
    if "nodeSelector" in fields:
        chosen.append("`nodeSelector`")
        errors += node_selector(device["nodeSelector"], (*path, "nodeSelector"))
    is_set, wrong = _set_true(device, "allNodes", path)
    errors += wrong
    if is_set:
        chosen.append("`allNodes`")
    if not chosen:
        errors.append(required(path, DEVICE_SELECTION))
    elif len(chosen) > 1:
        errors.append(invalid(path, "{" + ", ".join(chosen) + "}", DEVICE_SELECTION))
    return errors


def _values_count(attributes: Mapping[str, Any]) -> int:
    total = 0
    for value in attributes.values():
        lists = [listed(mapping(value).get(f)) for f in LISTS]
        total += sum(len(items) for items in lists) or 1
    return total


def _device(item: Any, path: JsonPath, per_device: bool) -> Errors:
    device = mapping(item)
    errors = dns_label(device.get("name"), (*path, "name"))
    attributes, capacity = mapping(device.get("attributes")), mapping(device.get("capacity"))
    if len(attributes) + len(capacity) > ATTRIBUTES_AND_CAPACITIES_MAX:
        detail = (
            "the total number of attributes and capacities must not exceed "
            f"{ATTRIBUTES_AND_CAPACITIES_MAX}"
        )
        errors.append(invalid(path, len(attributes) + len(capacity), detail))
    if (values := _values_count(attributes)) > ATTRIBUTE_VALUES_MAX:
        detail = f"the total number of attribute values must not exceed {ATTRIBUTE_VALUES_MAX}"
        errors.append(invalid(path, values, detail))
    errors += _map_keys(attributes, (*path, "attributes"), qualified_name)
    for key, value in attributes.items():
        errors += _attribute(value, (*path, "attributes", Key(key)))
    errors += _map_keys(capacity, (*path, "capacity"), qualified_name)
    multiple = device.get("allowMultipleAllocations") is True
    for key, value in capacity.items():
        errors += _capacity(value, (*path, "capacity", Key(key)), multiple)
    errors += bounded(device.get("taints"), TAINTS_MAX, (*path, "taints"), _taint)
    consumes = device.get("consumesCounters")
    where = (*path, "consumesCounters")
    errors += unique(consumes, CONSUMPTIONS_MAX, where, _consumption, _counter_set_key)
    errors += _device_nodes(device, path, per_device)
    return errors + _binding_conditions(device, path)


def _counter_set_key(item: Any) -> str:
    return str(mapping(item).get("counterSet") or "")


def _set_name(item: Any) -> str:
    return str(mapping(item).get("name") or "")


def _advanced(devices: list[Any]) -> bool:
    for item in devices:
        device = mapping(item)
        if device.get("taints") or device.get("consumesCounters"):
            return True
        if any(f in mapping(v) for v in mapping(device.get("attributes")).values() for f in LISTS):
            return True
    return False


def resource_slice(data: Mapping[str, Any], options: Options) -> Errors:
    spec = mapping(data.get("spec"))
    path: JsonPath = ("spec",)
    errors = driver_name(spec.get("driver"), (*path, "driver"))
    errors += _pool(spec.get("pool"), (*path, "pool"))
    errors += _node_selection(spec, path)
    if spec.get("sharedCounters") is not None and spec.get("devices") is not None:
        detail = "only one of `sharedCounters` or `devices` is allowed"
        errors.append(invalid(path, "", detail))
    devices = listed(spec.get("devices"))
    limit = DEVICES_MAX_ADVANCED if _advanced(devices) else DEVICES_MAX
    per_device = spec.get("perDeviceNodeSelection") is True

    def device(item: Any, where: JsonPath) -> Errors:
        return _device(item, where, per_device)

    errors += unique(devices, limit, (*path, "devices"), device, _set_name)
    counter_sets = spec.get("sharedCounters")
    where = (*path, "sharedCounters")
    return errors + unique(counter_sets, COUNTER_SETS_MAX, where, _counter_set, _set_name)
