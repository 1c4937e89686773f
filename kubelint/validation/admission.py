"""The admissionregistration group: `pkg/apis/admissionregistration/validation`
(ValidatingWebhookConfiguration, MutatingWebhookConfiguration)."""

from __future__ import annotations

import urllib.parse
from collections.abc import Mapping
from typing import Any

from kubelint.k8s import names
from kubelint.k8s.data import entries, integer, is_mapping
from kubelint.validation.admission_rules import match_conditions, rule_with_operations
from kubelint.validation.common import (
    Options,
    hashable,
    label_selector,
    listed,
    one_of,
    repeated,
)
from kubelint.validation.field import Errors, invalid, invalid_all, required
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
    errors += _review_versions(versions, (*path, "admissionReviewVersions"))
    for i, rule in entries(hook.get("rules")):
        errors += rule_with_operations(rule, (*path, "rules", i))
    errors += _client_config(hook.get("clientConfig"), (*path, "clientConfig"))
    return errors + match_conditions(hook.get("matchConditions"), (*path, "matchConditions"))


def _review_versions(versions: list[Any], path: JsonPath) -> Errors:
    """`validateAdmissionReviewVersions`, a recognised version required (on create)."""
    if not versions:
        return []
    errors: Errors = []
    seen: set[Any] = set()
    for i, version in enumerate(versions):
        if hashable(version) in seen:
            errors.append(invalid((*path, i), version, "duplicate version"))
            continue
        seen.add(hashable(version))
        if isinstance(version, str):
            errors += invalid_all((*path, i), version, names.dns1035_label(version))
    if not any(v in REVIEW_VERSIONS for v in versions):
        detail = f"must include at least one of {', '.join(REVIEW_VERSIONS)}"
        errors.append(invalid(path, versions, detail))
    return errors


URL_FORM = "; desired format: https://host[/path]"


def webhook_url(value: Any, path: JsonPath) -> Errors:
    """`ValidateWebhookURL` with https required."""
    try:
        parsed = urllib.parse.urlsplit(str(value))
        parsed.port  # noqa: B018 - a bad port raises ValueError, as Go's url.Parse fails
    except ValueError as exc:
        return [required(path, f"url must be a valid URL: {exc}{URL_FORM}")]
    errors: Errors = []
    if parsed.scheme != "https":
        detail = "'https' is the only allowed URL scheme" + URL_FORM
        errors.append(invalid(path, parsed.scheme, detail))
    host = parsed.netloc.rpartition("@")[2]
    if not host:
        errors.append(invalid(path, host, "host must be specified" + URL_FORM))
    if "@" in parsed.netloc:
        user = parsed.netloc.rpartition("@")[0]
        errors.append(invalid(path, user, "user information is not permitted in the URL"))
    if parsed.fragment:
        errors.append(invalid(path, parsed.fragment, "fragments are not permitted in the URL"))
    if parsed.query:
        detail = "query parameters are not permitted in the URL"
        errors.append(invalid(path, parsed.query, detail))
    return errors


def webhook_service(service: Mapping[str, Any], path: JsonPath) -> Errors:
    """`ValidateWebhookService` (k8s.io/apiserver): name, namespace, port and a path of
    DNS-subdomain segments. Its callers pass the name and namespace the wrong way round
    (kubernetes/kubernetes#141353), so the server blames `name` for a missing namespace and
    `namespace` for a missing name; the finding points at the service."""
    errors: Errors = []
    for field, blamed in (("namespace", "name"), ("name", "namespace")):
        if not service.get(field):
            errors.append(required((*path, blamed), at=path))
    port = integer(service.get("port"))
    if port is not None and not 1 <= port <= 65535:
        detail = "port is not valid: must be between 1 and 65535, inclusive"
        errors.append(invalid((*path, "port"), port, detail))
    url_path = service.get("path")
    if not isinstance(url_path, str) or url_path in ("", "/"):
        return errors
    where = (*path, "path")
    if url_path == "//":
        return [*errors, invalid(where, url_path, "segment[0] may not be empty")]
    if not url_path.startswith("/"):
        errors.append(invalid(where, url_path, "must start with a '/'"))
    for i, step in enumerate(url_path[1:].removesuffix("/").split("/")):
        if not step:
            errors.append(invalid(where, url_path, f"segment[{i}] may not be empty"))
            continue
        for reason in names.dns1123_subdomain(step):
            errors.append(invalid(where, url_path, f"segment[{i}]: {reason}"))
    return errors


def _client_config(config: Any, path: JsonPath) -> Errors:
    config = config if is_mapping(config) else {}
    url, service = config.get("url"), config.get("service")
    if (url is None) == (service is None):
        return [required(path, "exactly one of url or service is required")]
    if url is not None:
        return webhook_url(url, (*path, "url"))
    return webhook_service(service, (*path, "service")) if is_mapping(service) else []


def _configuration(data: Mapping[str, Any], mutating: bool) -> Errors:
    errors: Errors = []
    seen: set[Any] = set()
    for i, hook in entries(data.get("webhooks")):
        where: JsonPath = ("webhooks", i)
        errors += _webhook(hook, where, mutating)
        errors += repeated(hashable(hook.get("name")), seen, (*where, "name"))
    return errors


def validating_webhooks(data: Mapping[str, Any], options: Options) -> Errors:
    return _configuration(data, mutating=False)


def mutating_webhooks(data: Mapping[str, Any], options: Options) -> Errors:
    return _configuration(data, mutating=True)
