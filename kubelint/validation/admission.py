"""The admissionregistration group: `pkg/apis/admissionregistration/validation`
(ValidatingWebhookConfiguration, MutatingWebhookConfiguration)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kubelint.k8s import names
from kubelint.k8s.data import entries, integer, is_mapping
from kubelint.validation.common import (
    Options,
    hashable,
    label_selector,
    listed,
    one_of,
)
from kubelint.validation.field import Errors, duplicate, invalid, required
from kubelint.yamlload import JsonPath

SIDE_EFFECTS = ("None", "NoneOnDryRun")
REVIEW_VERSIONS = ("v1", "v1beta1")


def _qualified(name: Any, path: JsonPath) -> Errors:
    """`IsFullyQualifiedName`: a DNS subdomain of three segments or more."""
    if not name:
        return [required(path)]
    if not isinstance(name, str):
        return []
    if reasons := names.dns1123_subdomain(name):
        return [invalid(path, name, ",".join(reasons))]
    if len(name.split(".")) < 3:
        detail = "should be a domain with at least three segments separated by dots"
        return [invalid(path, name, detail)]
    return []


def _webhook(hook: Mapping[str, Any], path: JsonPath, mutating: bool) -> Errors:
    errors = _qualified(hook.get("name"), (*path, "name"))
    errors += one_of(hook.get("failurePolicy"), (*path, "failurePolicy"), ("Fail", "Ignore"))
    errors += one_of(hook.get("matchPolicy"), (*path, "matchPolicy"), ("Equivalent", "Exact"))
    if hook.get("sideEffects") is None:
        detail = f"must specify one of {', '.join(SIDE_EFFECTS)}"
        errors.append(required((*path, "sideEffects"), detail))
    else:
        errors += one_of(hook.get("sideEffects"), (*path, "sideEffects"), SIDE_EFFECTS)
    timeout = integer(hook.get("timeoutSeconds"))
    if timeout is not None and not 1 <= timeout <= 30:
        detail = "the timeout value must be between 1 and 30 seconds"
        errors.append(invalid((*path, "timeoutSeconds"), timeout, detail))
    for field in ("namespaceSelector", "objectSelector"):
        errors += label_selector(hook.get(field), (*path, field))
    versions = listed(hook.get("admissionReviewVersions"))
    if not versions:
        detail = f"must specify one of {', '.join(REVIEW_VERSIONS)}"
        errors.append(required((*path, "admissionReviewVersions"), detail))
    if mutating:
        errors += one_of(
            hook.get("reinvocationPolicy"), (*path, "reinvocationPolicy"), ("IfNeeded", "Never")
        )
    config = hook.get("clientConfig")
    config = config if is_mapping(config) else {}
    if (config.get("url") is None) == (config.get("service") is None):
        detail = "exactly one of url or service is required"
        errors.append(required((*path, "clientConfig"), detail))
    return errors


def _configuration(data: Mapping[str, Any], mutating: bool) -> Errors:
    errors: Errors = []
    seen: set[Any] = set()
    for i, hook in entries(data.get("webhooks")):
        where: JsonPath = ("webhooks", i)
        errors += _webhook(hook, where, mutating)
        hook_name = hashable(hook.get("name"))
        if hook_name in seen:
            errors.append(duplicate((*where, "name"), hook_name))
        seen.add(hook_name)
    return errors


def validating_webhooks(data: Mapping[str, Any], options: Options) -> Errors:
    return _configuration(data, mutating=False)


def mutating_webhooks(data: Mapping[str, Any], options: Options) -> Errors:
    return _configuration(data, mutating=True)
