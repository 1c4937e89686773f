"""Probes and lifecycle handlers: `validateProbe`, `validateHandler`, `validateLifecycle`."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from kubelint.k8s.data import integer, is_mapping
from kubelint.validation.common import nonnegative, one_of, port_number, port_number_or_name
from kubelint.validation.field import Errors, forbidden, invalid, required
from kubelint.yamlload import JsonPath

PROBE_HANDLERS = ("exec", "httpGet", "tcpSocket", "grpc")
LIFECYCLE_HANDLERS = ("exec", "httpGet", "tcpSocket", "sleep")
PROBES = ("livenessProbe", "readinessProbe", "startupProbe")
_HEADER = re.compile(r"[-A-Za-z0-9]+")
HEADER_FORMAT = (
    "a valid HTTP header must consist of alphanumeric characters or '-' (e.g. 'X-Header-Name', "
    "regex used for validation is '[-A-Za-z0-9]+')"
)


def handler(
    data: Mapping[str, Any], kinds: tuple[str, ...], grace: int | None, path: JsonPath
) -> Errors:
    """`validateHandler`: exactly one action, each action well formed."""
    errors: Errors = []
    found = 0
    for kind in kinds:
        action = data.get(kind)
        if action is None:
            continue
        if found:
            errors.append(forbidden((*path, kind), "may not specify more than 1 handler type"))
            continue
        found += 1
        errors += _action(kind, action if is_mapping(action) else {}, grace, (*path, kind))
    if not found:
        errors.append(required(path, "must specify a handler type"))
    return errors


def _action(kind: str, action: Mapping[str, Any], grace: int | None, path: JsonPath) -> Errors:
    if kind == "exec":
        return [] if action.get("command") else [required((*path, "command"))]
    if kind == "httpGet":
        errors = port_number_or_name(action.get("port"), (*path, "port"))
        errors += one_of(action.get("scheme"), (*path, "scheme"), ("HTTP", "HTTPS"))
        headers = action.get("httpHeaders")
        for header in headers if isinstance(headers, list) else []:
            name = header.get("name") if is_mapping(header) else None
            if isinstance(name, str) and not _HEADER.fullmatch(name):
                errors.append(invalid((*path, "httpHeaders"), name, HEADER_FORMAT))
        return errors
    if kind == "tcpSocket":
        return port_number_or_name(action.get("port"), (*path, "port"))
    if kind == "grpc":
        return port_number(action.get("port"), (*path, "port"))
    seconds = integer(action.get("seconds"))  # sleep
    if grace is not None and seconds is not None and not 0 <= seconds <= grace:
        detail = f"must be non-negative and less than terminationGracePeriodSeconds ({grace})"
        return [invalid((*path, "seconds"), seconds, detail)]
    return []


def probe(kind: str, data: Any, grace: int | None, path: JsonPath) -> Errors:
    """One of a container's probes (`kind`: livenessProbe, readinessProbe, startupProbe)."""
    if not is_mapping(data):
        return []
    errors = handler(data, PROBE_HANDLERS, grace, path)
    errors += nonnegative(
        data, path, "initialDelaySeconds", "timeoutSeconds", "periodSeconds",
        "successThreshold", "failureThreshold",
    )  # fmt: skip
    termination = integer(data.get("terminationGracePeriodSeconds"))
    if termination is not None and termination <= 0:
        where = (*path, "terminationGracePeriodSeconds")
        errors.append(invalid(where, termination, "must be greater than 0"))
    success = integer(data.get("successThreshold"))
    if kind != "readinessProbe" and success not in (None, 0, 1):
        errors.append(invalid((*path, "successThreshold"), success, "must be 1"))
    if kind == "readinessProbe" and termination is not None:
        where = (*path, "terminationGracePeriodSeconds")
        errors.append(invalid(where, termination, "must not be set for readinessProbes"))
    return errors


def lifecycle(data: Any, grace: int | None, path: JsonPath) -> Errors:
    if not is_mapping(data):
        return []
    errors: Errors = []
    for hook in ("postStart", "preStop"):
        found = data.get(hook)
        if is_mapping(found):
            errors += handler(found, LIFECYCLE_HANDLERS, grace, (*path, hook))
    return errors
