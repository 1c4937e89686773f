"""The discovery group: `pkg/apis/discovery/validation` (EndpointSlice)."""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from typing import Any

from kubelint.k8s import names
from kubelint.k8s.data import entries, mapping
from kubelint.validation.common import (
    Options,
    labels,
    listed,
    name,
    non_special_ip,
    port_protocols,
    repeated,
)
from kubelint.validation.field import (
    Errors,
    invalid,
    invalid_all,
    not_supported,
    required,
    too_many,
)
from kubelint.yamlload import JsonPath

ADDRESS_TYPES = ("FQDN", "IPv4", "IPv6")
MAX_ADDRESSES = 100
MAX_ENDPOINTS = 1000
MAX_TOPOLOGY_LABELS = 16
MAX_ZONE_HINTS = 8


def _ip_of(value: Any, version: int) -> bool:
    try:
        return ipaddress.ip_address(str(value)).version == version
    except ValueError:
        return False


def fully_qualified(value: Any, path: JsonPath) -> Errors:
    """`IsFullyQualifiedDomainName`."""
    if not value:
        return [required(path)]
    text = str(value).removesuffix(".")
    if reasons := names.dns1123_subdomain(text):
        return [invalid(path, text, ",".join(reasons))]
    labels_ = text.split(".")
    if len(labels_) < 2:
        detail = "should be a domain with at least two segments separated by dots"
        return [invalid(path, text, detail)]
    for label in labels_:
        if reasons := names.dns1123_label(label):
            return [invalid(path, label, ",".join(reasons))]
    return []


def _address(value: Any, kind: Any, path: JsonPath) -> Errors:
    if kind in ("IPv4", "IPv6"):
        version = 4 if kind == "IPv4" else 6
        errors: Errors = []
        if not _ip_of(value, version):
            errors.append(invalid(path, value, f"must be a valid {kind} address"))
        if not isinstance(value, str) or (not _ip_of(value, 4) and not _ip_of(value, 6)):
            return [*errors, invalid(path, value, "must be a valid IP address")]
        return errors + non_special_ip(value, path)
    if kind == "FQDN":
        return fully_qualified(value, path)
    return []


def _hints(hints: Mapping[str, Any], path: JsonPath) -> Errors:
    zones = listed(hints.get("forZones"))
    zones_path = (*path, "forZones")
    if len(zones) > MAX_ZONE_HINTS:
        return [too_many(zones_path, len(zones), MAX_ZONE_HINTS)]
    errors: Errors = []
    seen: set[Any] = set()
    for i, zone in entries(zones):
        where = (*zones_path, i, "name")
        zone_name = zone.get("name")
        errors += repeated(zone_name, seen, where)
        if isinstance(zone_name, str):
            errors += invalid_all(where, zone_name, names.label_value(zone_name))
    return errors


def _endpoint(endpoint: Mapping[str, Any], kind: Any, path: JsonPath) -> Errors:
    addresses = listed(endpoint.get("addresses"))
    addresses_path = (*path, "addresses")
    errors: Errors = []
    if not addresses:
        errors.append(required(addresses_path, "must contain at least 1 address"))
    elif len(addresses) > MAX_ADDRESSES:
        errors.append(too_many(addresses_path, len(addresses), MAX_ADDRESSES))
    for i, address in enumerate(addresses):
        errors += _address(address, kind, (*addresses_path, i))
    node_name = endpoint.get("nodeName")
    if isinstance(node_name, str):
        reasons = names.dns1123_subdomain(node_name)
        errors += invalid_all((*path, "nodeName"), node_name, reasons)
    topology = mapping(endpoint.get("deprecatedTopology"))
    if len(topology) > MAX_TOPOLOGY_LABELS:
        where = (*path, "deprecatedTopology")
        errors.append(too_many(where, len(topology), MAX_TOPOLOGY_LABELS))
    errors += labels(endpoint.get("deprecatedTopology"), (*path, "deprecatedTopology"))
    if endpoint.get("hostname") is not None:
        errors += name(endpoint.get("hostname"), (*path, "hostname"), names.dns1123_label)
    return errors + _hints(mapping(endpoint.get("hints")), (*path, "hints"))


def _ports(ports: Any) -> Errors:
    errors: Errors = []
    seen: set[Any] = set()
    for i, port in entries(ports):
        path: JsonPath = ("ports", i)
        port_name = port.get("name") or ""
        if port_name:
            errors += name(port_name, (*path, "name"), names.dns1123_label)
        errors += repeated(port_name, seen, (*path, "name"))
        errors += port_protocols(port, path)
    return errors


def endpoint_slice(data: Mapping[str, Any], options: Options) -> Errors:
    errors: Errors = []
    kind = data.get("addressType")
    if not kind:
        errors.append(required(("addressType",)))
    elif kind not in ADDRESS_TYPES:
        errors.append(not_supported(("addressType",), kind, ADDRESS_TYPES))
    items = listed(data.get("endpoints"))
    if len(items) > MAX_ENDPOINTS:
        errors.append(too_many(("endpoints",), len(items), MAX_ENDPOINTS))
    else:
        for i, endpoint in entries(items):
            errors += _endpoint(endpoint, kind, ("endpoints", i))
    return errors + _ports(data.get("ports"))
