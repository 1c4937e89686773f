"""Node and Endpoints: `ValidateNode` (taints, pod CIDRs, status resources) and
`ValidateEndpoints` (subsets: addresses, ports)."""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from typing import Any

from kubelint.k8s import names
from kubelint.k8s.data import dig, entries, mapping
from kubelint.validation.common import (
    Options,
    cidr,
    hashable,
    ip,
    label_name,
    listed,
    name,
    non_special_ip,
    parse_ip,
    port_number,
    port_protocols,
    repeated,
)
from kubelint.validation.core.resources import quantity_value
from kubelint.validation.core.scheduling import TAINT_EFFECTS
from kubelint.validation.field import (
    Errors,
    ErrorType,
    FieldError,
    Typed,
    invalid,
    invalid_all,
    not_supported,
    required,
)
from kubelint.yamlload import JsonPath


def _taint_literal(taint: Mapping[str, Any]) -> Typed:
    """A taint as the server prints it (a `core.Taint`)."""
    data: dict[str, Any] = {
        go: taint.get(key) or "" for go, key in (("Key", "key"), ("Value", "value"),
                                                 ("Effect", "effect"))
    }  # fmt: skip
    fields = ", ".join(f'{go}:"{value}"' for go, value in data.items())
    return Typed(f"core.Taint{{{fields}, TimeAdded:(*v1.Time)(nil)}}", {**data, "TimeAdded": None})


def taints(items: Any, reported: JsonPath, at: JsonPath) -> Errors:
    """`validateNodeTaints`. The server names them under `metadata.taints` (its field path
    starts from the metadata's); the finding points at `spec.taints`."""
    errors: Errors = []
    seen: set[tuple[Any, Any]] = set()
    for i, taint in entries(items):
        where, point = (*reported, i), (*at, i)
        found = label_name(taint.get("key"), (*where, "key"))
        value = taint.get("value")
        if isinstance(value, str) and (reasons := names.label_value(value)):
            found.append(invalid((*where, "value"), value, ";".join(reasons)))
        effect = taint.get("effect")
        if not effect:
            found.append(required((*where, "effect")))
        elif effect not in TAINT_EFFECTS:
            found.append(not_supported((*where, "effect"), effect, TAINT_EFFECTS))
        pair = (hashable(taint.get("key")), hashable(effect))
        if pair in seen:
            detail = "taints must be unique by key and effect pair"
            found.append(FieldError(ErrorType.DUPLICATE, where, _taint_literal(taint), detail))
        seen.add(pair)
        errors += [_at(e, point, where) for e in found]
    return errors


def _at(error: FieldError, point: JsonPath, reported: JsonPath) -> FieldError:
    """An error under `reported` placed at the same field under `point` in the document."""
    return error._replace(at=(*point, *error.path[len(reported) :]))


def _pod_cidrs(values: Any) -> Errors:
    path: JsonPath = ("spec", "podCIDRs")
    errors: Errors = []
    items = listed(values)
    for i, value in enumerate(items):
        errors += cidr(value, (*path, i))
    if len(items) > 1:
        versions = [_version(v) for v in items]
        if len(items) > 2 or None in versions or len(set(versions)) != len(versions):
            detail = "may specify no more than one CIDR for each IP family"
            errors.append(invalid(path, items, detail))
        seen: set[Any] = set()
        for i, value in enumerate(items):
            errors += repeated(value, seen, (*path, i))
    return errors


def _version(value: Any) -> int | None:
    try:
        return ipaddress.ip_network(str(value), strict=False).version
    except ValueError:
        return None


def node(data: Mapping[str, Any], options: Options) -> Errors:
    spec = mapping(data.get("spec"))
    errors = taints(spec.get("taints"), ("metadata", "taints"), ("spec", "taints"))
    for field in ("capacity", "allocatable"):
        for resource, value in mapping(dig(data, "status", field)).items():
            errors += quantity_value(str(resource), value, ("status", field, str(resource)))
    return errors + _pod_cidrs(spec.get("podCIDRs"))


def _address(address: Mapping[str, Any], path: JsonPath) -> Errors:
    value = address.get("ip")
    errors = ip(value, (*path, "ip"))
    hostname = address.get("hostname")
    if hostname:
        errors += name(hostname, (*path, "hostname"), names.dns1123_label)
    node_name = address.get("nodeName")
    if isinstance(node_name, str):
        errors += invalid_all((*path, "nodeName"), node_name, names.dns1123_subdomain(node_name))
    if not isinstance(value, str) or parse_ip(value) is None:
        return [*errors, invalid((*path, "ip"), value, "must be a valid IP address")]
    return errors + non_special_ip(value, (*path, "ip"))


def endpoint_port(port: Mapping[str, Any], path: JsonPath, require_name: bool) -> Errors:
    """`validateEndpointPort`."""
    errors: Errors = []
    port_name = port.get("name")
    if require_name and not port_name:
        errors.append(required((*path, "name")))
    elif port_name:
        errors += name(port_name, (*path, "name"), names.dns1123_label)
    errors += port_number(port.get("port"), (*path, "port"))
    return errors + port_protocols(port, path)


def endpoints(data: Mapping[str, Any], options: Options) -> Errors:
    errors: Errors = []
    for i, subset in entries(data.get("subsets")):
        path: JsonPath = ("subsets", i)
        ready, not_ready = listed(subset.get("addresses")), listed(subset.get("notReadyAddresses"))
        if not ready and not not_ready:
            errors.append(required(path, "must specify `addresses` or `notReadyAddresses`"))
        for field in ("addresses", "notReadyAddresses"):
            for j, address in entries(subset.get(field)):
                errors += _address(address, (*path, field, j))
        ports = listed(subset.get("ports"))
        for j, port in entries(ports):
            errors += endpoint_port(port, (*path, "ports", j), len(ports) > 1)
    return errors
