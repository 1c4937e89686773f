"""A CustomResourceDefinition's validation rules (`x-kubernetes-validations`), evaluated on a
custom resource as the API server does on create, with CEL (the `cel-python` package).

Each rule of a schema node is evaluated with `self` bound to the value at that node, wherever
the resource has one. A rule that evaluates to false is reported as the server reports it:
`<field>: Invalid value: <value>: <message>` (the value left out for objects and arrays), or
`Forbidden` / `Required` / `Duplicate` by its `reason`, at its `fieldPath` when it names one;
without a `message`, the message is `failed rule: <rule>`.

Transition rules (those that read `oldSelf`) only run on updates and are skipped. So is a rule
that does not compile or that calls what cel-python lacks (Kubernetes' own CEL libraries:
quantities, URLs, `isSorted`, …): kubelint says nothing rather than guess.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from kubelint.k8s.data import entries, is_mapping
from kubelint.validation.field import (
    OMIT,
    Errors,
    FieldError,
    Key,
    duplicate,
    forbidden,
    invalid,
    required,
)
from kubelint.yamlload import JsonPath

_CACHED = 1024  # compiled rules kept


@functools.lru_cache(maxsize=1)
def _environment() -> Any:
    """cel-python's environment, imported on first use: it takes a good part of a second."""
    import celpy

    return celpy.Environment()


@functools.lru_cache(maxsize=_CACHED)
def _program(rule: str) -> Any:
    environment = _environment()
    try:
        return environment.program(environment.compile(rule))
    except Exception:  # any rule cel-python cannot take is skipped
        return None


def _holds(rule: str, value: Any) -> bool | None:
    """The rule's verdict on `value`, or None when it cannot be evaluated here."""
    program = _program(rule)
    if program is None:
        return None
    from celpy import celtypes
    from celpy.adapter import json_to_cel

    try:
        result = program.evaluate({"self": json_to_cel(value)})
    except Exception:  # an evaluation error is the server's to word
        return None
    return bool(result) if isinstance(result, celtypes.BoolType) else None


def _field_path(path: JsonPath, field_path: Any) -> JsonPath:
    """A rule's `fieldPath` (`.spec.replicas`, `.labels['a']`) below the rule's node."""
    if not isinstance(field_path, str) or not field_path:
        return path
    parts: list[str | int] = []
    for part in field_path.lstrip(".").replace("[", ".[").split("."):
        if part.startswith("['") and part.endswith("']"):
            parts.append(Key(part[2:-2]))
        elif part:
            parts.append(part)
    return (*path, *parts)


def _error(
    rule: Mapping[str, Any], schema: Mapping[str, Any], value: Any, path: JsonPath
) -> FieldError:
    text = str(rule.get("rule", "")).strip()
    message = rule.get("message")
    detail = message if isinstance(message, str) and message else f"failed rule: {text}"
    where = _field_path(path, rule.get("fieldPath"))
    shown = OMIT if schema.get("type") in ("object", "array") or is_mapping(value) else value
    reason = rule.get("reason")
    if reason == "FieldValueForbidden":
        return forbidden(where, detail, key=False)
    if reason == "FieldValueRequired":
        return required(where, detail)
    if reason == "FieldValueDuplicate":
        return duplicate(where, shown)
    return invalid(where, shown, detail)


def rules(schema: Any, value: Any, path: JsonPath = ()) -> Errors:
    """The failed rules of `schema` (an openAPIV3Schema) and of its nodes, on `value`."""
    if not is_mapping(schema) or value is None:
        return []
    errors: Errors = []
    for _, rule in entries(schema.get("x-kubernetes-validations")):
        text = rule.get("rule")
        if isinstance(text, str) and "oldSelf" not in text and _holds(text, value) is False:
            errors.append(_error(rule, schema, value, path))
    if is_mapping(value):
        properties = schema.get("properties")
        extra = schema.get("additionalProperties")
        for key, item in value.items():
            if is_mapping(properties) and key in properties:
                errors += rules(properties[key], item, (*path, str(key)))
            elif is_mapping(extra):
                errors += rules(extra, item, (*path, Key(str(key))))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            errors += rules(schema.get("items"), item, (*path, i))
    return errors
