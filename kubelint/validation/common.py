"""Checks shared by every group: object metadata, labels, selectors, numbers, ports, addresses.

The apimachinery helpers (`ValidateObjectMeta`, `ValidateLabels`, `ValidateLabelSelector`,
`IsValidPortNum`, `IsValidIP`, …) with the server's wording. Every function takes the data as
written in the manifest (fields the server would default are simply absent) and returns errors.
"""

from __future__ import annotations

import functools
import ipaddress
import re
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from kubelint.k8s import names
from kubelint.k8s.data import entries, integer, is_mapping
from kubelint.k8s.data import percent as as_percent
from kubelint.validation.field import (
    Errors,
    Key,
    Typed,
    duplicate,
    forbidden,
    go_syntax,
    int_or_string,
    invalid,
    invalid_all,
    not_supported,
    required,
    too_long,
)
from kubelint.yamlload import JsonPath

NEGATIVE = "must be greater than or equal to 0"
NOT_POSITIVE = "must be greater than zero"
INT32_MAX = 2**31 - 1


class Options(NamedTuple):
    """What the target version changes in validation."""

    minor: int = 33  # the target Kubernetes minor version (1.<minor>)


def inclusive_range(low: int, high: int) -> str:
    return f"must be between {low} and {high}, inclusive"


def path_segment(value: str) -> names.Reasons:
    """`path.IsValidPathSegmentName`: RBAC object names."""
    if value in (".", ".."):
        return (f"may not be '{value}'",)
    return tuple(f"may not contain '{c}'" for c in "/%" if c in value)


def name(value: Any, path: JsonPath, check: names.Check = names.dns1123_subdomain) -> Errors:
    """A name field checked when set (a missing one is the schema's concern)."""
    if not isinstance(value, str) or not value:
        return []
    reasons = check(value)
    return invalid_all(path, value, reasons) if reasons else []


def metadata(meta: Any, check: names.Check | None, namespaced: bool = True) -> Errors:
    """`ValidateObjectMeta` on what a manifest can carry: name, namespace, labels,
    annotations."""
    if not is_mapping(meta):
        return []
    errors: Errors = []
    if check is not None:
        errors += name(meta.get("name"), _METADATA["name"], check)
        prefix = meta.get("generateName")
        if isinstance(prefix, str) and prefix:
            errors += invalid_all(_METADATA["generateName"], prefix, check(_mask_dash(prefix)))
    if namespaced:
        errors += name(meta.get("namespace"), _METADATA["namespace"], names.dns1123_label)
    errors += labels(meta.get("labels"), _METADATA["labels"])
    errors += annotation_map(meta.get("annotations"), _METADATA["annotations"])
    return errors + finalizers(meta.get("finalizers"), _METADATA["finalizers"])


# The paths of the metadata's fields, made once (every object's metadata is checked).
_METADATA: dict[str, JsonPath] = {
    field: ("metadata", field)
    for field in ("name", "generateName", "namespace", "labels", "annotations", "finalizers")
}


ORPHAN, FOREGROUND = "orphan", "foregroundDeletion"


def finalizers(values: Any, path: JsonPath, kube: bool = False) -> Errors:
    """`ValidateFinalizers`: qualified names, named by the list, not both `orphan` and
    `foregroundDeletion`; with `kube` (a Namespace's spec) an unprefixed name must be
    `kubernetes`."""
    items = values if isinstance(values, list) else []
    errors: Errors = []
    for i, item in enumerate(items):
        if not isinstance(item, str):
            continue
        at = (*path, i)
        errors += [invalid(path, item, r, at=at) for r in names.qualified_name(item)]
        if kube and "/" not in item and item != "kubernetes":
            detail = "name is neither a standard finalizer name nor is it fully qualified"
            errors.append(invalid(path, item, detail, at=at))
    if not kube and ORPHAN in items and FOREGROUND in items:
        detail = f"finalizer {ORPHAN} and {FOREGROUND} cannot be both set"
        errors.append(invalid(path, items, detail))
    return errors


def _mask_dash(prefix: str) -> str:
    """`maskTrailingDash`: a generateName may end with a dash (its last two characters give
    way to an `a`, as the server checks it)."""
    return prefix[:-2] + "a" if len(prefix) > 1 and prefix.endswith("-") else prefix


def labels(value: Any, path: JsonPath, parent: JsonPath | None = None) -> Errors:
    """`ValidateLabels`: each key a qualified name, each value a label value; the server names
    the whole map (`path`), the finding points at the entry (under `parent`, default `path`)."""
    if not is_mapping(value):
        return []
    parent = path if parent is None else parent
    errors: Errors = []
    for key, item in value.items():
        if isinstance(key, str) and (reasons := names.qualified_name(key)):
            errors += [invalid(path, key, r, at=(*parent, key), key=True) for r in reasons]
        if isinstance(item, str) and (reasons := names.label_value(item)):
            errors += [invalid(path, item, r, at=(*parent, key)) for r in reasons]
    return errors


def annotation_map(value: Any, path: JsonPath, parent: JsonPath | None = None) -> Errors:
    """`ValidateAnnotations`: keys are qualified names (case-insensitively), 256 KiB in all."""
    if not is_mapping(value):
        return []
    parent = path if parent is None else parent
    errors: Errors = []
    size = 0
    for key, item in value.items():
        if isinstance(key, str) and (reasons := names.qualified_name(key.lower())):
            errors += [invalid(path, key, r, at=(*parent, key), key=True) for r in reasons]
        size += len(str(key).encode()) + len(str(item).encode())
    if size > names.ANNOTATIONS_MAX:
        errors.append(too_long(path, names.ANNOTATIONS_MAX))
    return errors


def label_name(value: Any, path: JsonPath) -> Errors:
    """`ValidateLabelName`: a qualified name."""
    if not isinstance(value, str):
        return []
    return invalid_all(path, value, names.qualified_name(value))


SELECTOR_OPERATORS = ("In", "NotIn", "Exists", "DoesNotExist")


def label_selector(selector: Any, path: JsonPath) -> Errors:
    """`ValidateLabelSelector`."""
    if not is_mapping(selector):
        return []
    errors = labels(selector.get("matchLabels"), (*path, "matchLabels"))
    for i, expression in entries(selector.get("matchExpressions")):
        errors += selector_requirement(expression, (*path, "matchExpressions", i))
    return errors


def set_operator(operator: Any, values: Any, path: JsonPath) -> Errors | None:
    """The `values` errors of a set-based requirement's operator (`In`, `NotIn` need values;
    `Exists`, `DoesNotExist` take none), or None for another operator."""
    if operator in ("In", "NotIn"):
        detail = "must be specified when `operator` is 'In' or 'NotIn'"
        return [] if values else [required((*path, "values"), detail)]
    if operator in ("Exists", "DoesNotExist"):
        detail = "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"
        return [forbidden((*path, "values"), detail)] if values else []
    return None


def requirement_key_values(
    requirement: Mapping[str, Any], values: Any, path: JsonPath, check_values: bool = True
) -> Errors:
    """A requirement's `key` as a label name, and (`check_values`) its values as label values."""
    errors = label_name(requirement.get("key"), (*path, "key"))
    if check_values and isinstance(values, list):
        for i, item in enumerate(values):
            if isinstance(item, str):
                errors += invalid_all((*path, "values", i), item, names.label_value(item))
    return errors


def selector_requirement(expression: Mapping[str, Any], path: JsonPath) -> Errors:
    operator, values = expression.get("operator"), expression.get("values") or []
    errors = set_operator(operator, values, path)
    if errors is None:
        errors = []
        if operator is not None:
            detail = "not a valid selector operator"
            errors.append(invalid((*path, "operator"), operator, detail))
    return errors + requirement_key_values(expression, values, path)


def selector_is_empty(selector: Any) -> bool:
    return not is_mapping(selector) or (
        not selector.get("matchLabels") and not selector.get("matchExpressions")
    )


def selector_value(selector: Any) -> Typed:
    """A `metav1.LabelSelector` passed whole: `%#v` up to 1.33, JSON by its tags (empty fields
    left out) from 1.34; what the server decoded (keys it does not know are dropped)."""
    selector = selector if is_mapping(selector) else {}
    labels, expressions = selector.get("matchLabels"), selector.get("matchExpressions")
    labels = {str(k): v for k, v in sorted(labels.items(), key=str)} if is_mapping(labels) else None
    requirements = [item for item in expressions or () if is_mapping(item)]
    data: dict[str, Any] = {"matchLabels": labels} if labels else {}
    if requirements:
        data["matchExpressions"] = [
            {"key": r.get("key", ""), "operator": r.get("operator", "")}
            | ({"values": r["values"]} if r.get("values") else {})
            for r in requirements
        ]
    shown = [
        f"v1.LabelSelectorRequirement{{Key:{go_syntax(r.get('key', ''))}, "
        f"Operator:{go_syntax(r.get('operator', ''))}, "
        f"Values:{go_syntax(r['values']) if r.get('values') is not None else '[]string(nil)'}}}"
        for r in requirements
    ]
    go_labels = "map[string]string(nil)" if labels is None else go_syntax(labels)
    go_expressions = (
        "[]v1.LabelSelectorRequirement(nil)"
        if expressions is None
        else "[]v1.LabelSelectorRequirement{" + ", ".join(shown) + "}"
    )
    return Typed(
        f"v1.LabelSelector{{MatchLabels:{go_labels}, MatchExpressions:{go_expressions}}}", data
    )


def nonnegative(data: Mapping[str, Any], parent: JsonPath, *fields: str) -> Errors:
    """`ValidateNonnegativeField` on each of `fields` that is set."""
    errors: Errors = []
    for field in fields:
        value = integer(data.get(field))
        if value is not None and value < 0:
            errors.append(invalid((*parent, field), value, NEGATIVE))
    return errors


def positive(data: Mapping[str, Any], parent: JsonPath, field: str, detail: str) -> Errors:
    value = integer(data.get(field))
    if value is not None and value <= 0:
        return [invalid((*parent, field), value, detail)]
    return []


def port_number(value: Any, path: JsonPath) -> Errors:
    """`IsValidPortNum`."""
    number = integer(value)
    if number is not None and not 1 <= number <= 65535:
        return [invalid(path, number, inclusive_range(1, 65535))]
    return []


def port_number_or_name(value: Any, path: JsonPath) -> Errors:
    """`ValidatePortNumOrName`: an int-or-string port."""
    if isinstance(value, str):
        return invalid_all(path, value, names.port_name(value))
    return port_number(value, path)


_PERCENT = re.compile(r"[0-9]+%")
GO_MAX_INT = 2**63 - 1
PERCENT_FORMAT = (
    "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%', or "
    "'93%', regex used for validation is '[0-9]+%')"
)


def int_or_percent(
    value: Any, path: JsonPath, at_most_100: bool = True
) -> tuple[Errors, int | None]:
    """`ValidatePositiveIntOrPercent` (and `IsNotMoreThan100Percent` with `at_most_100`): the
    errors, and the value as a number (a percentage's number) when it is valid."""
    if isinstance(value, str):
        if not _PERCENT.fullmatch(value):
            return [invalid(path, int_or_string(value), PERCENT_FORMAT)], None
        # Too long to read (None): Go's Atoi clamps it to the largest int64, as here.
        percent = as_percent(value)
        if percent is None:
            percent = GO_MAX_INT
        if percent > 100 and at_most_100:
            return [invalid(path, int_or_string(value), "must not be greater than 100%")], percent
        return [], percent
    number = integer(value)
    if number is not None and number < 0:
        return [invalid(path, number, NEGATIVE)], number
    return [], number


IP_FORMAT = "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"
CIDR_FORMAT = "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"


@functools.lru_cache(maxsize=4096)  # a Service's addresses are read twice (valid, then family)
def parse_ip(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None


def ip(value: Any, path: JsonPath) -> Errors:
    """`IsValidIP`."""
    if isinstance(value, str) and parse_ip(value) is not None:
        return []
    return [invalid(path, value, IP_FORMAT)]


def cidr(value: Any, path: JsonPath) -> Errors:
    """`IsValidCIDR`."""
    if isinstance(value, str) and "/" in value:
        try:
            ipaddress.ip_network(value, strict=False)
            return []
        except ValueError:
            pass
    return [invalid(path, value, CIDR_FORMAT)]


_LINK_MULTICAST = (
    ipaddress.ip_network("224.0.0.0/24"),
    ipaddress.ip_network("ff02::/10", strict=False),
)


def non_special_ip(value: str, path: JsonPath) -> Errors:
    """`ValidateNonSpecialIP`: an address a Service may expose."""
    address = parse_ip(value)
    if address is None:
        return []
    if address.is_unspecified:
        return [invalid(path, value, f"may not be unspecified ({value})")]
    if address.is_loopback:
        return [invalid(path, value, "may not be in the loopback range (127.0.0.0/8, ::1/128)")]
    if address.is_link_local:
        detail = "may not be in the link-local range (169.254.0.0/16, fe80::/10)"
        return [invalid(path, value, detail)]
    if any(address.version == net.version and address in net for net in _LINK_MULTICAST):
        detail = "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)"
        return [invalid(path, value, detail)]
    return []


def hashable(value: Any) -> Any:
    """A value fit for a set of seen values (what is not, a list or a mapping, as its text)."""
    return value if value is None or isinstance(value, (str, int, float)) else repr(value)


def repeated(value: Any, seen: set[Any], path: JsonPath) -> Errors:
    """`Duplicate value` when value (as hashable gives it) is in seen; it is in seen from now on."""
    key = hashable(value)
    found = [duplicate(path, value)] if key in seen else []
    seen.add(key)
    return found


def listed(value: Any) -> list[Any]:
    """The items of a list field (anything else is the schema's to report)."""
    return value if isinstance(value, list) else []


def one_of(value: Any, path: JsonPath, supported: tuple[str, ...]) -> Errors:
    """An enum field, when set: `Unsupported value` with the supported values."""
    if value is None or value in supported:
        return []
    return [not_supported(path, value, supported)]


PROTOCOLS = ("SCTP", "TCP", "UDP")


def port_protocols(port: Mapping[str, Any], path: JsonPath) -> Errors:
    """A port's `protocol`, when set, one of PROTOCOLS, and its `appProtocol` a qualified name."""
    errors = one_of(port.get("protocol"), (*path, "protocol"), PROTOCOLS)
    return errors + label_name(port.get("appProtocol"), (*path, "appProtocol"))


def key_path(parent: JsonPath, key: str) -> JsonPath:
    return (*parent, Key(key))


Validator = Callable[[Mapping[str, Any], Options], Errors]
