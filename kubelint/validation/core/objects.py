"""The other core kinds: Pod, PodTemplate, ReplicationController, ConfigMap, Secret."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from typing import Any

from kubelint.k8s.data import dig, is_mapping
from kubelint.validation.common import (
    Options,
    finalizers,
    hashable,
    key_path,
    labels,
    nonnegative,
)
from kubelint.validation.core.env import config_key
from kubelint.validation.core.pod import pod_spec, pod_template
from kubelint.validation.core.podos import pod_annotations
from kubelint.validation.field import (
    Errors,
    forbidden,
    invalid,
    invalid_all,
    not_supported,
    required,
    too_long,
)
from kubelint.yamlload import JsonPath

MAX_SECRET_SIZE = 1024 * 1024
# Secret type → the data keys it needs (all of them unless noted).
SECRET_KEYS = {
    "kubernetes.io/dockercfg": (".dockercfg",),
    "kubernetes.io/dockerconfigjson": (".dockerconfigjson",),
    "kubernetes.io/ssh-auth": ("ssh-privatekey",),
    "kubernetes.io/tls": ("tls.crt", "tls.key"),
}
JSON_KEYS = (".dockercfg", ".dockerconfigjson")


def pod(data: Mapping[str, Any], options: Options) -> Errors:
    spec = data.get("spec")
    if not is_mapping(spec):
        return []
    pod_name = dig(data, "metadata", "name")
    errors = pod_spec(
        spec, ("spec",), options, True, pod_name if isinstance(pod_name, str) else None
    )
    if spec.get("nodeName") and spec.get("schedulingGates"):
        detail = "cannot be set until all schedulingGates have been cleared"
        errors.append(forbidden(("spec", "nodeName"), detail))
    annotations = dig(data, "metadata", "annotations")
    return errors + pod_annotations(annotations, spec, ("metadata", "annotations"))


def pod_template_object(data: Mapping[str, Any], options: Options) -> Errors:
    return pod_template(data.get("template"), ("template",), options)


def replication_controller(data: Mapping[str, Any], options: Options) -> Errors:
    spec = data.get("spec")
    if not is_mapping(spec):
        return []
    path: JsonPath = ("spec",)
    errors = nonnegative(spec, path, "minReadySeconds", "replicas")
    selector = spec.get("selector")
    template = spec.get("template")
    template_labels = dig(template, "metadata", "labels")
    defaulted = not selector
    if defaulted:  # from the template's labels, whose errors are reported where written
        selector = template_labels
    if not selector:
        errors.append(required((*path, "selector")))
    elif is_mapping(selector):
        errors += [] if defaulted else labels(selector, (*path, "selector"))
        have = template_labels if is_mapping(template_labels) else {}
        if any(have.get(k) != v for k, v in selector.items()):
            detail = "`selector` does not match template `labels`"
            errors.append(invalid((*path, "template", "metadata", "labels"), have, detail))
    if is_mapping(template):
        errors += pod_template(template, (*path, "template"), options)
        spec_data = template.get("spec")
        policy = spec_data.get("restartPolicy") if is_mapping(spec_data) else None
        if policy not in (None, "Always"):
            where = (*path, "template", "spec", "restartPolicy")
            errors.append(not_supported(where, policy, ("Always",)))
        if is_mapping(spec_data) and spec_data.get("activeDeadlineSeconds") is not None:
            detail = "activeDeadlineSeconds in ReplicationController is not Supported"
            errors.append(forbidden((*path, "template", "spec", "activeDeadlineSeconds"), detail))
    return errors


def _keys(data: Any, path: JsonPath) -> Errors:
    errors: Errors = []
    if is_mapping(data):
        for key in data:
            errors += invalid_all(key_path(path, str(key)), key, config_key(str(key)))
    return errors


def _size(*bags: Any) -> int:
    return sum(len(str(v)) for bag in bags if is_mapping(bag) for v in bag.values())


def config_map(data: Mapping[str, Any], options: Options) -> Errors:
    errors = _keys(data.get("data"), ("data",)) + _keys(data.get("binaryData"), ("binaryData",))
    text, binary = data.get("data"), data.get("binaryData")
    if is_mapping(text) and is_mapping(binary):
        for key in text:
            if key in binary:
                detail = "duplicate of key present in binaryData"
                errors.append(invalid(key_path(("data",), str(key)), key, detail))
    if _size(text, binary) > MAX_SECRET_SIZE:
        errors.append(too_long((), MAX_SECRET_SIZE))
    return errors


def _decoded(value: Any) -> bytes | None:
    try:
        return base64.b64decode(str(value), validate=True)
    except (binascii.Error, ValueError):
        return None  # the schema rule reports data that is not base64


def secret(data: Mapping[str, Any], options: Options) -> Errors:
    bag = data.get("data")
    plain = data.get("stringData")
    errors = _keys(bag, ("data",)) + _keys(plain, ("stringData",))
    keys: dict[str, bytes | None] = {}
    if is_mapping(bag):
        keys.update({str(k): _decoded(v) for k, v in bag.items()})
    if is_mapping(plain):
        keys.update({str(k): str(v).encode() for k, v in plain.items()})
    if sum(len(v or b"") for v in keys.values()) > MAX_SECRET_SIZE:
        errors.append(too_long(("data",), MAX_SECRET_SIZE))
    kind = hashable(data.get("type") or "Opaque")
    account = dig(data, "metadata", "annotations", "kubernetes.io/service-account.name")
    if kind == "kubernetes.io/service-account-token" and not account:
        where = key_path(("metadata", "annotations"), "kubernetes.io/service-account.name")
        errors.append(required(where))
    elif kind == "kubernetes.io/basic-auth" and "username" not in keys and "password" not in keys:
        errors += [required(key_path(("data",), k)) for k in ("username", "password")]
    for key in SECRET_KEYS.get(kind, ()):
        where = key_path(("data",), key)
        if key not in keys or (key == "ssh-privatekey" and not keys[key]):
            errors.append(required(where))
        elif key in JSON_KEYS and keys[key] is not None:
            try:
                json.loads(keys[key] or b"")
            except ValueError as exc:
                errors.append(invalid(where, "<secret contents redacted>", str(exc)))
    return errors


def namespace(data: Mapping[str, Any], options: Options) -> Errors:
    """`ValidateNamespace`: its spec's finalizers."""
    return finalizers(dig(data, "spec", "finalizers"), ("spec", "finalizers"), kube=True)
