"""The resource.k8s.io group (dynamic resource allocation): ResourceClaim, ResourceClaimTemplate
and DeviceClass, from `pkg/apis/resource/validation` (ResourceSlice is in `resource_slice`).

The versions whose shape is v1's (`v1`, `v1beta2`): a request is `exactly` one device class
request or a `firstAvailable` list of subrequests. A request's `allocationMode` defaults to
`ExactCount` and its `count` to 1, so only a negative count is wrong. Device selectors are CEL
expressions over `device`, compile-checked as `cel_compile` can.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Hashable, Mapping
from typing import Any

from kubelint.k8s import names
from kubelint.k8s.data import entries, integer, is_mapping, mapping
from kubelint.validation.cel_compile import compile_error
from kubelint.validation.common import NOT_POSITIVE, Options, annotation_map, labels, listed
from kubelint.validation.core.resources import is_extended
from kubelint.validation.core.volumes import csi_driver as driver_name
from kubelint.validation.field import (
    Errors,
    duplicate,
    invalid,
    invalid_all,
    not_supported,
    required,
    too_long,
    too_many,
)
from kubelint.yamlload import JsonPath

REQUESTS_MAX = 32  # DeviceRequestsMaxSize
CONSTRAINTS_MAX = 32
CONFIG_MAX = 32
SELECTORS_MAX = 32
FIRST_AVAILABLE_MAX = 8
TOLERATIONS_MAX = 16
EXPRESSION_MAX = 10 * 1024  # bytes of a CEL selector
PARAMETERS_MAX = 10 * 1024  # bytes of opaque parameters, as JSON
POOL_NAME_MAX = 253
ID_MAX = 32  # DeviceMaxIDLength
ALLOCATION_MODES = ("All", "ExactCount")
TOLERATION_OPERATORS = ("Equal", "Exists")
TAINT_EFFECTS = ("NoExecute", "NoSchedule", "None")
DECLARED = frozenset({"device"})
REQUEST_REF = (
    "must be the name of a request in the claim or the name of a request and a subrequest "
    "separated by '/'"
)
_C_IDENTIFIER = "[A-Za-z_][A-Za-z0-9_]*"
C_IDENTIFIER = (
    "a valid C identifier must start with alphabetic character or '_', followed by a string of "
    "alphanumeric characters or '_' (e.g. 'my_name', or 'MY_NAME', or 'MyName', regex used for "
    f"validation is '{_C_IDENTIFIER}')"
)
_IS_C_IDENTIFIER = re.compile(_C_IDENTIFIER).fullmatch

Check = Callable[[Any, JsonPath], Errors]


def bounded(items: Any, limit: int, path: JsonPath, check: Check) -> Errors:
    """`validateSlice`: at most `limit` items (else only that error), each checked."""
    values = listed(items)
    if limit >= 0 and len(values) > limit:
        return [too_many(path, len(values), limit)]
    errors: Errors = []
    for i, item in enumerate(values):
        errors += check(item, (*path, i))
    return errors


def unique(
    items: Any, limit: int, path: JsonPath, check: Check, key: Callable[[Any], Hashable]
) -> Errors:
    """`validateSet`: `bounded`, and no two items with the same key."""
    errors = bounded(items, limit, path, check)
    if errors and errors[0].path == path:
        return errors
    seen: set[Hashable] = set()
    for i, item in enumerate(listed(items)):
        value = key(item)
        if value in seen:
            errors.append(duplicate((*path, i), value))
        seen.add(value)
    return errors


def _name_of(item: Any) -> Hashable:
    value = item.get("name") if is_mapping(item) else None
    return value if isinstance(value, str) else ""


def _itself(item: Any) -> Hashable:
    return item if isinstance(item, str) else repr(item)


def dns_label(value: Any, path: JsonPath) -> Errors:
    """`ValidateDNS1123Label`: an empty name fails the pattern."""
    text = value if isinstance(value, str) else ""
    return invalid_all(path, text, names.dns1123_label(text))


def pool_name(value: Any, path: JsonPath) -> Errors:
    if not value or not isinstance(value, str):
        return [required(path)]
    errors = [too_long(path, POOL_NAME_MAX)] if len(value) > POOL_NAME_MAX else []
    for part in value.split("/"):
        errors += invalid_all(path, part, names.dns1123_subdomain(part))
    return errors


def c_identifier(value: str, path: JsonPath) -> Errors:
    errors = [too_long(path, ID_MAX)] if len(value) > ID_MAX else []
    return errors + ([] if _IS_C_IDENTIFIER(value) else [invalid(path, value, C_IDENTIFIER)])


def qualified_name(value: Any, path: JsonPath) -> Errors:
    """`validateQualifiedName`: an attribute or capacity name, `[domain/]identifier`."""
    if not isinstance(value, str):
        return []
    parts = value.split("/")
    if len(parts) == 1:
        return c_identifier(value, path)
    if len(parts) > 2:
        return [invalid(path, value, "must not contain more than one slash")]
    domain, name = parts
    errors = (
        driver_name(domain, path) if domain else [invalid(path, "", "the domain must not be empty")]
    )
    if not name:
        return [*errors, invalid(path, "", "the name must not be empty")]
    return errors + c_identifier(name, path)


def fully_qualified_name(value: Any, path: JsonPath) -> Errors:
    errors = qualified_name(value, path)
    if isinstance(value, str) and "/" not in value:
        detail = "a fully qualified name must be a domain and a name separated by a slash"
        errors.append(invalid(path, value, detail))
    return errors


def selector(item: Any, path: JsonPath) -> Errors:
    """A device selector: a `cel` expression over `device` that compiles, at most 10 KiB."""
    if not is_mapping(item) or not is_mapping(item.get("cel")):
        return [required((*path, "cel"))]
    expression = item["cel"].get("expression")
    where = (*path, "cel", "expression")
    text = expression if isinstance(expression, str) else ""
    if len(text) > EXPRESSION_MAX:
        return [too_long(where, EXPRESSION_MAX)]
    detail = compile_error(text, DECLARED)
    return [invalid(where, text, detail)] if detail else []


def selectors(items: Any, path: JsonPath) -> Errors:
    return bounded(items, SELECTORS_MAX, path, selector)


def _allocation(request: Mapping[str, Any], path: JsonPath) -> Errors:
    mode = request.get("allocationMode", "ExactCount")
    count = integer(request.get("count"))
    if mode == "All":
        if count:
            detail = "must not be specified when allocationMode is 'All'"
            return [invalid((*path, "count"), count, detail)]
        return []
    if mode == "ExactCount":  # a count of 0 is defaulted to 1
        return [invalid((*path, "count"), count, NOT_POSITIVE)] if count and count < 0 else []
    return [not_supported((*path, "allocationMode"), mode, ALLOCATION_MODES)]


def label_value(value: Any, path: JsonPath) -> Errors:
    text = value if isinstance(value, str) else ""
    return invalid_all(path, text, names.label_value(text))


def label_name(value: Any, path: JsonPath) -> Errors:
    text = value if isinstance(value, str) else ""
    return invalid_all(path, text, names.qualified_name(text))


def toleration(item: Any, path: JsonPath) -> Errors:
    tol = mapping(item)
    errors = label_name(tol["key"], (*path, "key")) if tol.get("key") else []
    operator, value = tol.get("operator", "Equal"), tol.get("value") or ""
    if operator == "Exists":
        if value:
            detail = "must be empty for operator `Exists`"
            errors.append(invalid((*path, "value"), value, detail))
    elif operator == "Equal":
        errors += label_value(value, (*path, "value"))
    else:
        errors.append(not_supported((*path, "operator"), operator, TOLERATION_OPERATORS))
    effect = tol.get("effect")
    if effect and effect not in TAINT_EFFECTS:
        errors.append(not_supported((*path, "effect"), effect, TAINT_EFFECTS))
    return errors


def _device_class_ref(value: Any, path: JsonPath) -> Errors:
    if not value or not isinstance(value, str):
        return [required(path)]
    return invalid_all(path, value, names.dns1123_subdomain(value))


def _class_request(request: Mapping[str, Any], path: JsonPath) -> Errors:
    """What an `exactly` request and a subrequest share."""
    errors = _device_class_ref(request.get("deviceClassName"), (*path, "deviceClassName"))
    errors += selectors(request.get("selectors"), (*path, "selectors"))
    errors += _allocation(request, path)
    for i, item in enumerate(listed(request.get("tolerations"))):
        errors += toleration(item, (*path, "tolerations", i))
    return errors


def _subrequest(item: Any, path: JsonPath) -> Errors:
    data = mapping(item)
    return dns_label(data.get("name"), (*path, "name")) + _class_request(data, path)


def _request(item: Any, path: JsonPath) -> Errors:
    data = mapping(item)
    errors = dns_label(data.get("name"), (*path, "name"))
    first, exactly = listed(data.get("firstAvailable")), data.get("exactly")
    if first and exactly is not None:
        detail = "exactly one of `exactly` or `firstAvailable` is required"
        return [*errors, invalid(path, None, f"{detail}, but multiple fields are set")]
    if first:
        where = (*path, "firstAvailable")
        return errors + unique(first, FIRST_AVAILABLE_MAX, where, _subrequest, _name_of)
    if exactly is not None:
        return errors + _class_request(mapping(exactly), (*path, "exactly"))
    detail = "exactly one of `exactly` or `firstAvailable` is required"
    return [*errors, required(path, detail)]


RequestNames = dict[str, frozenset[str]]


def request_names(requests: Any) -> RequestNames:
    found: RequestNames = {}
    for _, request in entries(requests):
        subrequests = {_name_of(s) for s in listed(request.get("firstAvailable"))}
        found[str(_name_of(request))] = frozenset(str(s) for s in subrequests)
    return found


def _has(known: RequestNames, reference: str) -> bool:
    request, slash, subrequest = reference.partition("/")
    if request not in known:
        return False
    return not slash or subrequest in known[request]


def request_refs(items: Any, path: JsonPath, known: RequestNames) -> Errors:
    """A constraint's or a config's `requests`: each a request or `request/subrequest`."""

    def check(reference: Any, where: JsonPath) -> Errors:
        text = reference if isinstance(reference, str) else ""
        segments = text.split("/")
        if len(segments) > 2:
            return [invalid(where, text, REQUEST_REF)]
        errors: Errors = []
        for segment in segments:
            errors += invalid_all(where, segment, names.dns1123_label(segment))
        return errors + ([] if _has(known, text) else [invalid(where, text, REQUEST_REF)])

    return unique(items, REQUESTS_MAX, path, check, _itself)


def _constraint(item: Any, path: JsonPath, known: RequestNames) -> Errors:
    data = mapping(item)
    errors = request_refs(data.get("requests"), (*path, "requests"), known)
    for field in ("matchAttribute", "distinctAttribute"):
        if field in data:
            return errors + fully_qualified_name(data[field], (*path, field))
    return [*errors, required((*path, "matchAttribute"))]


def raw_parameters(value: Any, path: JsonPath) -> Errors:
    """`validateRawExtension`: a JSON object, at most 10 KiB."""
    if value is None:
        return [required(path)]
    if len(json.dumps(value, separators=(",", ":"), default=str)) > PARAMETERS_MAX:
        return [too_long(path, PARAMETERS_MAX)]
    if not is_mapping(value):
        return [invalid(path, "<value omitted>", "must be a valid JSON object")]
    return []


def configuration(data: Mapping[str, Any], path: JsonPath) -> Errors:
    """`validateDeviceConfiguration`: an `opaque` driver and parameters."""
    opaque = data.get("opaque")
    if not is_mapping(opaque):
        return [required((*path, "opaque"))]
    where = (*path, "opaque")
    errors = driver_name(opaque.get("driver"), (*where, "driver"))
    return errors + raw_parameters(opaque.get("parameters"), (*where, "parameters"))


def device_claim(devices: Any, path: JsonPath) -> Errors:
    """`validateDeviceClaim`: requests, constraints, config."""
    data = mapping(devices)
    requests = data.get("requests")
    known = request_names(requests)
    errors = unique(requests, REQUESTS_MAX, (*path, "requests"), _request, _name_of)

    def constraint(item: Any, where: JsonPath) -> Errors:
        return _constraint(item, where, known)

    def config(item: Any, where: JsonPath) -> Errors:
        refs = request_refs(mapping(item).get("requests"), (*where, "requests"), known)
        return refs + configuration(mapping(item), where)

    errors += bounded(data.get("constraints"), CONSTRAINTS_MAX, (*path, "constraints"), constraint)
    return errors + bounded(data.get("config"), CONFIG_MAX, (*path, "config"), config)


def resource_claim(data: Mapping[str, Any], options: Options) -> Errors:
    return device_claim(mapping(data.get("spec")).get("devices"), ("spec", "devices"))


def resource_claim_template(data: Mapping[str, Any], options: Options) -> Errors:
    spec = mapping(data.get("spec"))
    meta = mapping(spec.get("metadata"))
    errors = labels(meta.get("labels"), ("spec", "metadata", "labels"))
    errors += annotation_map(meta.get("annotations"), ("spec", "metadata", "annotations"))
    devices = mapping(spec.get("spec")).get("devices")
    return errors + device_claim(devices, ("spec", "spec", "devices"))


def device_class(data: Mapping[str, Any], options: Options) -> Errors:
    spec = mapping(data.get("spec"))
    path: JsonPath = ("spec",)
    errors = selectors(spec.get("selectors"), (*path, "selectors"))

    def config(item: Any, where: JsonPath) -> Errors:
        return configuration(mapping(item), where)

    errors += bounded(spec.get("config"), CONFIG_MAX, (*path, "config"), config)
    extended = spec.get("extendedResourceName")
    if isinstance(extended, str) and not is_extended(extended):
        detail = "must be a valid extended resource name"
        errors.append(invalid((*path, "extendedResourceName"), extended, detail))
    return errors
