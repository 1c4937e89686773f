"""Services: `ValidateService` and `ValidateServiceClusterIPsRelatedFields`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kubelint.k8s import names
from kubelint.k8s.data import entries, integer, is_mapping
from kubelint.validation.common import (
    PROTOCOLS,
    cidr,
    hashable,
    ip,
    label_name,
    labels,
    listed,
    name,
    non_special_ip,
    one_of,
    parse_ip,
    port_number,
    port_number_or_name,
    repeated,
)
from kubelint.validation.field import (
    Errors,
    duplicate,
    forbidden,
    invalid,
    not_supported,
    placed,
    required,
)
from kubelint.yamlload import JsonPath

TYPES = ("ClusterIP", "ExternalName", "LoadBalancer", "NodePort")
LB_ONLY = "may only be used when `type` is 'LoadBalancer'"
MAX_AFFINITY_SECONDS = 86400


def _cluster_ips(spec: Mapping[str, Any]) -> tuple[list[Any], JsonPath]:
    """The clusterIPs the server sees (filled from `clusterIP` when not given) and where."""
    given = spec.get("clusterIPs")
    if isinstance(given, list) and given:
        return given, ("spec", "clusterIPs")
    single = spec.get("clusterIP")
    return ([single] if single else []), ("spec", "clusterIP")


def service(data: Mapping[str, Any]) -> Errors:
    spec = data.get("spec")
    if not is_mapping(spec):
        return []
    path: JsonPath = ("spec",)
    kind = spec.get("type") or "ClusterIP"
    ips, ips_at = _cluster_ips(spec)
    headless = len(ips) == 1 and ips[0] == "None"
    ports = list(entries(spec.get("ports")))
    errors: Errors = []
    if not ports and not headless and kind != "ExternalName":
        errors.append(required((*path, "ports")))
    if kind in ("LoadBalancer", "NodePort") and headless:
        detail = f"may not be set to 'None' for {kind} services"
        errors.append(invalid((*path, "clusterIPs", 0), "None", detail, at=ips_at))
    if kind == "ExternalName":
        errors += _external_name(spec, path, ips)
    seen_names: set[Any] = set()
    for i, port in ports:
        errors += _port(port, (*path, "ports", i), len(ports) > 1, seen_names)
    if spec.get("selector") is not None:
        errors += labels(spec.get("selector"), (*path, "selector"))
    errors += _session_affinity(spec, path)
    if kind != "ExternalName":
        errors += cluster_ips(spec, ips, headless, ips_at)
    for i, address in enumerate(listed(spec.get("externalIPs"))):
        where = (*path, "externalIPs", i)
        found = ip(address, where)
        errors += found or non_special_ip(address, where)
    errors += one_of(spec.get("type"), (*path, "type"), TYPES)
    errors += _node_ports(spec, ports, path, kind)
    ranges = spec.get("loadBalancerSourceRanges")
    if ranges:
        named = (*path, "LoadBalancerSourceRanges")
        if kind != "LoadBalancer":
            at = (*path, "loadBalancerSourceRanges")
            errors.append(forbidden(named, LB_ONLY, at=at))
        for i, value in enumerate(ranges if isinstance(ranges, list) else []):
            text = value.strip() if isinstance(value, str) else value
            errors += placed(cidr(text, (*named, i)), (*path, "loadBalancerSourceRanges", i))
    for field in ("allocateLoadBalancerNodePorts", "loadBalancerClass"):
        if spec.get(field) is not None and kind != "LoadBalancer":
            errors.append(forbidden((*path, field), LB_ONLY))
    if kind == "LoadBalancer" and isinstance(spec.get("loadBalancerClass"), str):
        errors += label_name(spec["loadBalancerClass"], (*path, "loadBalancerClass"))
    errors += _traffic_policies(spec, path, kind)
    return errors


def _external_name(spec: Mapping[str, Any], path: JsonPath, ips: list[Any]) -> Errors:
    errors: Errors = []
    if ips:
        errors.append(forbidden((*path, "clusterIPs"), "may not be set for ExternalName services"))
    for field in ("ipFamilies", "ipFamilyPolicy"):
        if spec.get(field):
            errors.append(forbidden((*path, field), "may not be set for ExternalName services"))
    external = spec.get("externalName")
    cname = external.removesuffix(".") if isinstance(external, str) else ""
    if cname:
        errors += name(cname, (*path, "externalName"))
    else:
        errors.append(required((*path, "externalName")))
    return errors


def _port(port: Mapping[str, Any], path: JsonPath, many: bool, seen: set[Any]) -> Errors:
    """`validateServicePort`."""
    errors: Errors = []
    port_name = hashable(port.get("name"))
    if many and not port_name:
        errors.append(required((*path, "name")))
    elif port_name:
        errors += name(port_name, (*path, "name"), names.dns1123_label)
        errors += repeated(port_name, seen, (*path, "name"))
    errors += port_number(port.get("port"), (*path, "port"))
    errors += one_of(port.get("protocol"), (*path, "protocol"), PROTOCOLS)
    target = port.get("targetPort")
    if target not in (None, 0, ""):
        errors += port_number_or_name(target, (*path, "targetPort"))
    if isinstance(port.get("appProtocol"), str):
        errors += label_name(port["appProtocol"], (*path, "appProtocol"))
    return errors


def _session_affinity(spec: Mapping[str, Any], path: JsonPath) -> Errors:
    affinity = spec.get("sessionAffinity")
    errors = one_of(affinity, (*path, "sessionAffinity"), ("ClientIP", "None"))
    config = spec.get("sessionAffinityConfig")
    if affinity == "ClientIP" and is_mapping(config) and is_mapping(config.get("clientIP")):
        timeout = integer(config["clientIP"].get("timeoutSeconds"))
        if timeout is not None and not 0 < timeout <= MAX_AFFINITY_SECONDS:
            where = (*path, "sessionAffinityConfig", "clientIP", "timeoutSeconds")
            detail = f"must be greater than 0 and less than {MAX_AFFINITY_SECONDS}"
            errors.append(invalid(where, timeout, detail))
    elif affinity in (None, "None") and config is not None:
        detail = "must not be set when session affinity is None"
        errors.append(forbidden((*path, "sessionAffinityConfig"), detail))
    return errors


def cluster_ips(spec: Mapping[str, Any], ips: list[Any], headless: bool, at: JsonPath) -> Errors:
    """`ValidateServiceClusterIPsRelatedFields`."""
    path: JsonPath = ("spec", "clusterIPs")
    errors: Errors = []
    single, given = spec.get("clusterIP"), spec.get("clusterIPs")
    if single and isinstance(given, list) and given and given[0] != single:
        errors.append(invalid(path, given, "first value must match `clusterIP`"))
    families = [hashable(family) for family in listed(spec.get("ipFamilies"))]
    seen: set[Any] = set()
    for i, family in enumerate(families):
        errors += one_of(family, ("spec", "ipFamilies", i), ("IPv4", "IPv6"))
        if family in seen:
            errors.append(duplicate(("spec", "ipFamilies", i), family))
        seen.add(family)
    errors += one_of(
        spec.get("ipFamilyPolicy"), ("spec", "ipFamilyPolicy"),
        ("PreferDualStack", "RequireDualStack", "SingleStack"),
    )  # fmt: skip
    bad = False
    for i, address in enumerate(ips):
        if i == 0 and address == "None":
            if len(ips) > 1:
                bad = True
                errors.append(invalid(path, ips, "'None' must be the first and only value"))
            continue
        found = ip(address, (*path, i))
        if at != path:
            found = placed(found, at)
        bad = bad or bool(found)
        errors += found
    if len(ips) > 2:
        errors.append(invalid(path, ips, "may only hold up to 2 values"))
    if bad:
        return errors
    parsed = [parse_ip(str(a)) for a in ips]
    if len(ips) > 1 and len({p.version for p in parsed if p is not None}) != len(ips):
        errors.append(invalid(path, ips, "may specify no more than one IP for each IP family"))
    if not headless:
        for i, (address, family) in enumerate(zip(parsed, families, strict=False)):
            expected = {"IPv4": 4, "IPv6": 6}.get(family)
            if address is not None and expected and address.version != expected:
                detail = f"expected an {family} value as indicated by `ipFamilies[{i}]`"
                errors.append(invalid((*path, i), str(ips[i]), detail))
    return errors


def _node_ports(
    spec: Mapping[str, Any], ports: list[tuple[int, Mapping[str, Any]]], path: JsonPath, kind: str
) -> Errors:
    errors: Errors = []
    node_ports: set[tuple[Any, Any]] = set()
    service_ports: set[tuple[Any, Any]] = set()
    for i, port in ports:
        where = (*path, "ports", i)
        node_port = hashable(port.get("nodePort"))
        protocol = hashable(port.get("protocol") or "TCP")
        if node_port not in (None, 0):
            if kind == "ClusterIP":
                errors.append(
                    forbidden((*where, "nodePort"), "may not be used when `type` is 'ClusterIP'")
                )
            if (protocol, node_port) in node_ports:
                errors.append(duplicate((*where, "nodePort"), node_port))
            node_ports.add((protocol, node_port))
        key = (hashable(protocol), hashable(port.get("port")))
        if key in service_ports:
            errors.append(duplicate(where, f"{protocol}/{port.get('port')}"))
        service_ports.add(key)
    return errors


def _traffic_policies(spec: Mapping[str, Any], path: JsonPath, kind: str) -> Errors:
    errors: Errors = []
    external = kind in ("LoadBalancer", "NodePort") or (
        kind == "ClusterIP" and bool(spec.get("externalIPs"))
    )
    policy = spec.get("externalTrafficPolicy")
    if not external:
        if policy:
            detail = "may only be set for externally-accessible services"
            errors.append(invalid((*path, "externalTrafficPolicy"), policy, detail))
    else:
        errors += one_of(policy, (*path, "externalTrafficPolicy"), ("Cluster", "Local"))
    health = spec.get("healthCheckNodePort")
    if health not in (None, 0):
        if kind == "LoadBalancer" and policy == "Local":
            errors += port_number(health, (*path, "healthCheckNodePort"))
        else:
            detail = (
                "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is "
                "'Local'"
            )
            errors.append(invalid((*path, "healthCheckNodePort"), health, detail))
    errors += one_of(
        spec.get("internalTrafficPolicy"), (*path, "internalTrafficPolicy"), ("Cluster", "Local")
    )
    return errors


TRAFFIC_DISTRIBUTION_SINCE = 31  # ServiceTrafficDistribution beta, on by default
PREFER_SAME_SINCE = 34  # PreferSameTrafficDistribution beta, on by default


def traffic_distribution(data: Mapping[str, Any], minor: int) -> Errors:
    """`validateServiceTrafficDistribution`: `PreferClose`, and from 1.34 `PreferSameZone` and
    `PreferSameNode` (before 1.31 the server drops the field)."""
    spec = data.get("spec")
    value = spec.get("trafficDistribution") if is_mapping(spec) else None
    if value is None or minor < TRAFFIC_DISTRIBUTION_SINCE:
        return []
    supported: tuple[str, ...] = ("PreferClose",)
    if minor >= PREFER_SAME_SINCE:
        supported += ("PreferSameZone", "PreferSameNode")
    if value in supported:
        return []
    return [not_supported(("spec", "trafficDistribution"), value, supported)]
