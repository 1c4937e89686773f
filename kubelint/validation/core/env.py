"""Environment variables: `ValidateEnv`, `ValidateEnvFrom` and the downward API selectors."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any

from kubelint.k8s import names
from kubelint.k8s.data import entries, is_mapping
from kubelint.validation.common import Options, label_name
from kubelint.validation.field import (
    Errors,
    invalid,
    invalid_all,
    not_supported,
    required,
)
from kubelint.yamlload import JsonPath

_ENV_NAME = re.compile(r"[-._a-zA-Z][-._a-zA-Z0-9]*")
ENV_NAME_FORMAT = (
    "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', "
    "or '.', and must not start with a digit (e.g. 'my.env-name', or 'MY_ENV.NAME', or "
    "'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')"
)
RELAXED_ENV_NAME = (
    "a valid environment variable name must consist only of printable ASCII characters other "
    "than '='"
)
RELAXED_SINCE = 32  # RelaxedEnvironmentVariableValidation on by default
_CONFIG_KEY = re.compile(r"[-._a-zA-Z0-9]+")
CONFIG_KEY_FORMAT = (
    "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. "
    "'key.name', or 'KEY_NAME', or 'key-name', regex used for validation is "
    "'[-._a-zA-Z0-9]+')"
)
ENV_FIELD_PATHS = (
    "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName",
    "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs",
)  # fmt: skip
RESOURCE_FIELD_PATHS = (
    "limits.cpu", "limits.ephemeral-storage", "limits.memory", "requests.cpu",
    "requests.ephemeral-storage", "requests.memory",
)  # fmt: skip
_SUBSCRIPTED = re.compile(r"(metadata\.(?:annotations|labels))\['(.*)'\]")


def env_name(value: str, options: Options) -> names.Reasons:
    """`IsEnvVarName`, or `IsRelaxedEnvVarName` from the version that relaxed it."""
    if options.minor >= RELAXED_SINCE:
        printable = value.isascii() and value.isprintable() and "=" not in value  # " " to "~"
        return () if printable else (RELAXED_ENV_NAME,)
    reasons: list[str] = [] if _ENV_NAME.fullmatch(value) else [ENV_NAME_FORMAT]
    if value in (".", ".."):
        reasons.append(f"must not be '{value}'")
    elif value.startswith(".."):
        reasons.append("must not start with '..'")
    return tuple(reasons)


@functools.lru_cache(maxsize=4096)  # the same keys recur (password, config.yaml)
def config_key(value: str) -> names.Reasons:
    """`IsConfigMapKey`."""
    reasons = list(names.too_long(value, names.SUBDOMAIN_MAX))
    if not _CONFIG_KEY.fullmatch(value):
        reasons.append(CONFIG_KEY_FORMAT)
    if value in (".", ".."):
        reasons.append(f"must not be '{value}'")
    elif value.startswith(".."):
        reasons.append("must not start with '..'")
    return tuple(reasons)


def env(items: Any, path: JsonPath, options: Options) -> Errors:
    errors: Errors = []
    for i, var in entries(items):
        name = var.get("name")
        if not name:
            errors.append(required((*path, i, "name")))
        elif isinstance(name, str) and (reasons := env_name(name, options)):
            errors += invalid_all((*path, i, "name"), name, reasons)
        if "valueFrom" in var:
            errors += _value_from(var, (*path, i, "valueFrom"))
    return errors


def _value_from(var: Mapping[str, Any], path: JsonPath) -> Errors:
    source = var.get("valueFrom")
    if not is_mapping(source):
        return []
    errors: Errors = []
    found = 0
    for kind in ("fieldRef", "resourceFieldRef", "configMapKeyRef", "secretKeyRef"):
        selector = source.get(kind)
        if selector is None:
            continue
        found += 1
        selector = selector if is_mapping(selector) else {}
        if kind == "fieldRef":
            errors += object_field(selector, ENV_FIELD_PATHS, (*path, kind))
        elif kind == "resourceFieldRef":
            errors += resource_field(selector, (*path, kind), volume=False)
        else:
            errors += key_selector(selector, (*path, kind))
    if not found:
        detail = "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or "
        errors.append(invalid(path, "", detail + "`secretKeyRef`"))
    elif var.get("value"):
        errors.append(invalid(path, "", "may not be specified when `value` is not empty"))
    elif found > 1:
        errors.append(invalid(path, "", "may not have more than one field specified at a time"))
    return errors


def object_field(selector: Mapping[str, Any], allowed: tuple[str, ...], path: JsonPath) -> Errors:
    """`validateObjectFieldSelector` (apiVersion defaults to v1)."""
    field_path = selector.get("fieldPath")
    if not field_path or not isinstance(field_path, str):
        return [required((*path, "fieldPath"))]
    if (match := _SUBSCRIPTED.fullmatch(field_path)) is not None:
        prefix, subscript = match.groups()
        if prefix == "metadata.annotations":
            subscript = subscript.lower()
        return label_name(subscript, path)
    if field_path not in allowed:
        return [not_supported((*path, "fieldPath"), field_path, sorted(allowed))]
    return []


def resource_field(selector: Mapping[str, Any], path: JsonPath, volume: bool) -> Errors:
    """`validateContainerResourceFieldSelector`."""
    resource = selector.get("resource")
    if volume and not selector.get("containerName"):
        return [required((*path, "containerName"))]
    if not resource:
        return [required((*path, "resource"))]
    hugepages = str(resource).startswith(("requests.hugepages-", "limits.hugepages-"))
    if resource not in RESOURCE_FIELD_PATHS and not hugepages:
        return [not_supported((*path, "resource"), resource, RESOURCE_FIELD_PATHS)]
    return []


def key_selector(selector: Mapping[str, Any], path: JsonPath) -> Errors:
    """`validateConfigMapKeySelector` / `validateSecretKeySelector`."""
    errors: Errors = []
    name = selector.get("name")
    if isinstance(name, str) and name:
        errors += invalid_all((*path, "name"), name, names.dns1123_subdomain(name))
    key = selector.get("key")
    if not key:
        errors.append(required((*path, "key")))
    elif isinstance(key, str):
        errors += invalid_all((*path, "key"), key, config_key(key))
    return errors


def env_from(items: Any, path: JsonPath, options: Options) -> Errors:
    errors: Errors = []
    for i, source in entries(items):
        where = (*path, i)
        prefix = source.get("prefix")
        if isinstance(prefix, str) and prefix:
            errors += invalid_all((*where, "prefix"), prefix, env_name(prefix, options))
        found = [kind for kind in ("configMapRef", "secretRef") if source.get(kind) is not None]
        for kind in found:
            ref = source[kind]
            name = ref.get("name") if is_mapping(ref) else None
            if not name:
                errors.append(required((*where, kind, "name")))
            elif isinstance(name, str):
                errors += invalid_all((*where, kind, "name"), name, names.dns1123_subdomain(name))
        if not found:
            errors.append(invalid(path, "", "must specify one of: `configMapRef` or `secretRef`"))
        elif len(found) > 1:
            detail = "may not have more than one field specified at a time"
            errors.append(invalid(path, "", detail))
    return errors
