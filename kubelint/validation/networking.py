"""The networking group: `pkg/apis/networking/validation` (NetworkPolicy, Ingress,
IngressClass)."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping
from typing import Any

from kubelint.k8s import names
from kubelint.k8s.data import entries, integer, is_mapping, mapping
from kubelint.validation.common import (
    Options,
    cidr,
    label_selector,
    listed,
    name,
    one_of,
    parse_ip,
    path_segment,
    port_number,
)
from kubelint.validation.field import (
    Errors,
    Typed,
    forbidden,
    invalid,
    invalid_all,
    not_supported,
    required,
    too_long,
)
from kubelint.yamlload import JsonPath

PATH_TYPES = ("Exact", "ImplementationSpecific", "Prefix")
_BAD_SEQUENCES = ("//", "/./", "/../", "%2f", "%2F")
_BAD_SUFFIXES = ("/..", "/.")


def _policy_port(port: Mapping[str, Any], path: JsonPath) -> Errors:
    errors = one_of(port.get("protocol"), (*path, "protocol"), ("TCP", "UDP", "SCTP"))
    number, end = port.get("port"), port.get("endPort")
    if number is None:
        if end is not None:
            detail = "may not be specified when `port` is not specified"
            errors.append(invalid((*path, "endPort"), end, detail))
    elif isinstance(number, str):
        if end is not None:
            detail = "may not be specified when `port` is non-numeric"
            errors.append(invalid((*path, "endPort"), end, detail))
        errors += invalid_all((*path, "port"), number, names.port_name(number))
    else:
        errors += port_number(number, (*path, "port"))
        if (end_number := integer(end)) is not None:
            if isinstance(number, int) and end_number < number:
                detail = "must be greater than or equal to `port`"
                errors.append(invalid((*path, "endPort"), number, detail))
            errors += port_number(end_number, (*path, "endPort"))
    return errors


def _peer(peer: Mapping[str, Any], path: JsonPath) -> Errors:
    errors: Errors = []
    count = 0
    for kind in ("podSelector", "namespaceSelector"):
        if peer.get(kind) is not None:
            count += 1
            errors += label_selector(peer[kind], (*path, kind))
    block = peer.get("ipBlock")
    if block is not None:
        count += 1
        errors += _ip_block(block if is_mapping(block) else {}, (*path, "ipBlock"))
    if not count:
        errors.append(required(path, "must specify a peer"))
    elif count > 1 and block is not None:
        errors.append(forbidden(path, "may not specify both ipBlock and another peer"))
    return errors


def _ip_block(block: Mapping[str, Any], path: JsonPath) -> Errors:
    value = block.get("cidr")
    if not value:
        return [required((*path, "cidr"))]
    errors = cidr(value, (*path, "cidr"))
    if errors:
        return errors
    network = ipaddress.ip_network(value, strict=False)
    for i, item in enumerate(listed(block.get("except"))):
        where = (*path, "except", i)
        found = cidr(item, where)
        if found:
            errors += found
            continue
        excepted = ipaddress.ip_network(item, strict=False)
        if (
            excepted.version != network.version
            or excepted.network_address not in network
            or network.prefixlen >= excepted.prefixlen
        ):
            errors.append(invalid(where, item, "must be a strict subset of `cidr`"))
    return errors


def network_policy(data: Mapping[str, Any], options: Options) -> Errors:
    spec = data.get("spec")
    if not is_mapping(spec):
        return []
    path: JsonPath = ("spec",)
    errors = label_selector(spec.get("podSelector"), (*path, "podSelector"))
    for direction, peers in (("ingress", "from"), ("egress", "to")):
        for i, rule in entries(spec.get(direction)):
            where = (*path, direction, i)
            for j, port in entries(rule.get("ports")):
                errors += _policy_port(port, (*where, "ports", j))
            for j, peer in entries(rule.get(peers)):
                errors += _peer(peer, (*where, peers, j))
    types = listed(spec.get("policyTypes"))
    if len(types) > 2:
        detail = "may not specify more than two policyTypes"
        return [*errors, invalid((*path, "policyTypes"), types, detail)]
    for i, kind in enumerate(types):
        if kind not in ("Ingress", "Egress"):
            errors.append(not_supported((*path, "policyTypes", i), kind, ("Ingress", "Egress")))
    return errors


WILDCARD_DETAIL = (
    "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS "
    "subdomain, which must consist of lower case alphanumeric characters, '-' or '.' "
    "and end with an alphanumeric character (e.g. '*.example.com', regex used for "
    r"validation is '\*\.[a-z0-9]([-a-z0-9]*[a-z0-9])?"
    r"(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
)


def _dns_name(host: str, path: JsonPath) -> Errors:
    """A host as a DNS subdomain, or (with a `*`) a wildcard one."""
    if "*" not in host:
        return invalid_all(path, host, names.dns1123_subdomain(host))
    errors = invalid_all(path, host, names.too_long(host, names.SUBDOMAIN_MAX))
    if not host.startswith("*.") or names.dns1123_subdomain(host[2:]):
        errors.append(invalid(path, host, WILDCARD_DETAIL))
    return errors


def _host(host: Any, path: JsonPath) -> Errors:
    """A rule's host: a DNS name (maybe wildcard), not an IP address."""
    if not isinstance(host, str) or not host:
        return []
    errors: Errors = []
    if parse_ip(host) is not None:
        errors.append(invalid(path, host, "must be a DNS name, not an IP address"))
    return errors + _dns_name(host, path)


def _backend(backend: Any, path: JsonPath) -> Errors:
    """`validateIngressBackend`: a service (name, port name or number) or a resource."""
    if not is_mapping(backend):
        return []
    service, resource = backend.get("service"), backend.get("resource")
    if service is not None and resource is not None:
        return [invalid(path, "", "cannot set both resource and service backends")]
    if is_mapping(resource):
        return typed_reference(resource, (*path, "resource"))
    if not is_mapping(service):
        return [invalid(path, "", "resource or service backend is required")]
    where = (*path, "service", "name")
    service_name = service.get("name")
    errors = (
        [required(where)] if not service_name else name(service_name, where, names.dns1035_label)
    )
    port = mapping(service.get("port"))
    where = (*path, "service", "port")
    has_name, has_number = bool(port.get("name")), bool(port.get("number"))
    if has_name and has_number:
        errors.append(invalid(path, "", "cannot set both port name & port number"))
    elif has_name:
        errors += invalid_all((*where, "name"), port["name"], names.port_name(str(port["name"])))
    elif has_number:
        errors += port_number(port["number"], (*where, "number"))
    else:
        errors.append(required(path, "port name or number is required"))
    return errors


def typed_reference(ref: Mapping[str, Any], path: JsonPath) -> Errors:
    """`validateIngressTypedLocalObjectReference`."""
    errors: Errors = []
    group = ref.get("apiGroup")
    if isinstance(group, str):
        errors += invalid_all((*path, "apiGroup"), group, names.dns1123_subdomain(group))
    for field in ("kind", "name"):
        value = ref.get(field)
        if not value:
            errors.append(required((*path, field), f"{field} is required"))
        elif isinstance(value, str):
            errors += invalid_all((*path, field), value, path_segment(value))
    return errors


def _http_path(item: Mapping[str, Any], path: JsonPath) -> Errors:
    kind, value = item.get("pathType"), item.get("path")
    errors = one_of(kind, (*path, "pathType"), PATH_TYPES)
    where = (*path, "path")
    if not isinstance(value, str):
        return errors
    if kind in ("Exact", "Prefix"):
        if not value.startswith("/"):
            errors.append(invalid(where, value, "must be an absolute path"))
        errors += [
            invalid(where, value, f"must not contain '{s}'") for s in _BAD_SEQUENCES if s in value
        ]
        errors += [
            invalid(where, value, f"cannot end with '{s}'")
            for s in _BAD_SUFFIXES
            if value.endswith(s)
        ]
    elif value and not value.startswith("/"):
        errors.append(invalid(where, value, "must be an absolute path"))
    return errors


def ingress(data: Mapping[str, Any], options: Options) -> Errors:
    spec = data.get("spec")
    if not is_mapping(spec):
        return []
    path: JsonPath = ("spec",)
    # networking.k8s.io/v1beta1 writes its backends another way (serviceName, servicePort).
    current = data.get("apiVersion") == "networking.k8s.io/v1"
    errors = _backend(spec.get("defaultBackend"), (*path, "defaultBackend")) if current else []
    rules = spec.get("rules")
    if current and not rules and spec.get("defaultBackend") is None:
        shown = (
            Typed("[]networking.IngressRule(nil)", None)
            if rules is None
            else Typed("[]networking.IngressRule{}", [])
        )
        errors.append(invalid(path, shown, "either `defaultBackend` or `rules` must be specified"))
    for i, rule in entries(rules):
        where = (*path, "rules", i)
        errors += _host(rule.get("host"), (*where, "host"))
        errors += _http(rule.get("http"), where, current)
    for i, tls in entries(spec.get("tls")):
        for j, host in enumerate(listed(tls.get("hosts"))):
            if isinstance(host, str):
                errors += _dns_name(host, (*path, "tls", i, "hosts", j))
        secret = tls.get("secretName")
        if secret and isinstance(secret, str):
            reasons = names.dns1123_subdomain(secret)
            errors += invalid_all((*path, "tls", i, "secretName"), secret, reasons)
    if spec.get("ingressClassName"):
        errors += name(spec["ingressClassName"], (*path, "ingressClassName"))
    return errors


def _http(http: Any, path: JsonPath, backends: bool) -> Errors:
    """`validateHTTPIngressRuleValue` (`backends`: in the v1 layout)."""
    if not is_mapping(http):
        return []
    paths = listed(http.get("paths"))
    errors: Errors = [] if paths else [required((*path, "http", "paths"))]
    for j, item in entries(paths):
        item_path = (*path, "http", "paths", j)
        errors += _http_path(item, item_path)
        if backends:
            errors += _backend(item.get("backend"), (*item_path, "backend"))
    return errors


CONTROLLER_MAX = 250
HTTP_PATH = r"[A-Za-z0-9/\-._~%!$&'()*+,;=:]+"
SCOPES = ("Cluster", "Namespace")


def domain_prefixed_path(value: Any, path: JsonPath) -> Errors:
    """`IsDomainPrefixedPath`: `acme.io/foo`."""
    if not value:
        return [required(path)]
    text = str(value)
    host, slash, rest = text.partition("/")
    if not slash or not host or not rest:
        detail = 'must be a domain-prefixed path (such as "acme.io/foo")'
        return [invalid(path, text, detail)]
    errors = invalid_all(path, host, names.dns1123_subdomain(host))
    if not re.fullmatch(HTTP_PATH, rest):
        detail = f"Invalid path (regex used for validation is '{HTTP_PATH}')"
        errors.append(invalid(path, rest, detail))
    return errors


def _class_parameters(params: Any, path: JsonPath) -> Errors:
    """`validateIngressClassParametersReference`."""
    if not is_mapping(params):
        return []
    errors = typed_reference(params, path)
    scope = params.get("scope")
    if scope is None:
        return [*errors, required((*path, "scope"))]
    if scope not in SCOPES:
        return [*errors, not_supported((*path, "scope"), scope, SCOPES)]
    namespace = params.get("namespace")
    if scope == "Namespace":
        if namespace is None:
            detail = "`parameters.scope` is set to 'Namespace'"
            errors.append(required((*path, "namespace"), detail))
        elif isinstance(namespace, str):
            reasons = names.dns1123_label(namespace)
            errors += invalid_all((*path, "namespace"), namespace, reasons)
    elif namespace is not None:
        errors.append(forbidden((*path, "namespace"), "`parameters.scope` is set to 'Cluster'"))
    return errors


def ingress_class(data: Mapping[str, Any], options: Options) -> Errors:
    spec = data.get("spec")
    if not is_mapping(spec):
        return []
    controller = spec.get("controller")
    path: JsonPath = ("spec", "controller")
    errors: Errors = []
    if isinstance(controller, str) and len(controller) > CONTROLLER_MAX:
        errors.append(too_long(path, CONTROLLER_MAX))
    errors += domain_prefixed_path(controller, path)
    return errors + _class_parameters(spec.get("parameters"), ("spec", "parameters"))
