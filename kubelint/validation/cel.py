"""A CustomResourceDefinition's validation rules (`x-kubernetes-validations`), evaluated on a
custom resource as the API server does on create
(`apiextensions-apiserver/pkg/apiserver/schema/cel/validation.go`).

The resource is read as the server decodes it before validating (`defaulted`): its nulls where
the schema admits none dropped (or defaulted), its schema's defaults filled in. Each rule of a
schema node (and of its `allOf`) is evaluated with `self` bound to the value at that node,
wherever the resource has a value there; at the resource's root (and at an embedded resource)
`self.metadata` holds only `name` and `generateName`, as on the server. A rule that evaluates
to false is reported as the server reports it: `<field>: Invalid value: "<schema type>":
<message>`, or `Forbidden` / `Required` / `Duplicate` by its `reason`, at its `fieldPath` when
it names one. The message is the `messageExpression`'s value when it evaluates to a non-empty
one-line string, else `message`, else `failed rule: <rule>`. A rule that fails with a missing
field is reported as the server does: `no such key: <field> evaluating rule: <rule>`.

Transition rules (those that read `oldSelf`) have no old object on a create and are skipped,
as the server skips them, except those marked `optionalOldSelf: true`, which the server runs
with `oldSelf` set to `optional.none()`, and so does kubelint.

Skipped, saying nothing rather than guessing: a rule cel-python cannot parse (the `?.`
optional syntax, two-variable comprehensions), one whose evaluation fails otherwise (the
server's wording of those errors is cel-go's), and what is left of an object's rules once its
evaluation budget is spent (`cel_eval.BUDGET`).
"""

from __future__ import annotations

import contextlib
import copy
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from kubelint.k8s.data import entries, is_mapping
from kubelint.validation.cel_eval import Failure, Meter, OutOfBudget, evaluate, to_cel
from kubelint.validation.cel_text import NONE
from kubelint.validation.field import (
    Errors,
    FieldError,
    Key,
    duplicate,
    forbidden,
    invalid,
    required,
)
from kubelint.yamlload import JsonPath

_OLD_SELF = re.compile(r"\boldSelf\b")
MESSAGE_MAX = 5000  # bytes of an evaluated messageExpression


def defaulted(schema: Any, value: Any) -> Any:
    """`value` as the server decodes it (a copy): a field null where the schema does not admit
    null is dropped, or given the schema's default (the apiextensions server's
    `PruneNonNullableNullsWithoutDefaults`, then `Default`), and an absent field with a default
    gets it. A null in a list stays."""
    if not is_mapping(schema):
        return value
    if is_mapping(value):
        properties = schema.get("properties")
        extra = schema.get("additionalProperties")
        out = {}
        for key, item in value.items():
            sub = properties.get(key) if is_mapping(properties) and key in properties else extra
            if item is None and is_mapping(sub) and sub.get("nullable") is not True:
                if "default" in sub:
                    out[key] = defaulted(sub, copy.deepcopy(sub["default"]))
                continue
            out[key] = defaulted(sub, item)
        if is_mapping(properties):
            for key, sub in properties.items():
                if key not in out and is_mapping(sub) and "default" in sub:
                    out[key] = defaulted(sub, copy.deepcopy(sub["default"]))
        return out
    if isinstance(value, list):
        return [defaulted(schema.get("items"), item) for item in value]
    return value


def _field_path(path: JsonPath, schema: Any, field_path: Any) -> JsonPath:
    """A rule's `fieldPath` (`.spec.replicas`, `.labels['a']`) below the rule's node: a name is
    a field where the schema has properties, else a map key."""
    if not isinstance(field_path, str) or not field_path:
        return path
    parts: list[str | int] = []
    for token in re.findall(r"\['((?:[^'\\]|\\.)*)'\]|\.?([^.\[\]]+)", field_path):
        name = token[0] or token[1]
        properties = schema.get("properties") if is_mapping(schema) else None
        if is_mapping(properties) and name in properties:
            parts.append(name)
            schema = properties[name]
        else:
            parts.append(Key(name))
            schema = schema.get("additionalProperties") if is_mapping(schema) else None
    return (*path, *parts)


def _resource_root(value: Any) -> Any:
    """What a rule at a resource's root sees: metadata reduced to name and generateName."""
    if not is_mapping(value) or not is_mapping(value.get("metadata")):
        return value
    meta = {k: v for k, v in value["metadata"].items() if k in ("name", "generateName")}
    return {**value, "metadata": meta}


def _message(rule: Mapping[str, Any], variables: Mapping[str, Any], meter: Meter) -> str:
    expression = rule.get("messageExpression")
    if isinstance(expression, str) and expression.strip():
        text = evaluate(expression, variables, meter)
        if isinstance(text, str):
            text = text.strip()
            if text and "\n" not in text and len(text.encode()) <= MESSAGE_MAX:
                return text
    message = rule.get("message")
    if isinstance(message, str) and message.strip():
        return message.strip()
    return f"failed rule: {str(rule.get('rule', '')).strip()}"


def _error(reason: Any, where: JsonPath, kind: str, detail: str) -> FieldError:
    if reason == "FieldValueForbidden":
        return forbidden(where, detail, key=False)
    if reason == "FieldValueRequired":
        return required(where, detail)
    if reason == "FieldValueDuplicate":
        return duplicate(where, kind)
    return invalid(where, kind, detail)


@dataclass
class _Walk:
    meter: Meter = field(default_factory=Meter)
    errors: Errors = field(default_factory=list)

    def node(self, schema: Any, value: Any, path: JsonPath, root: bool) -> None:
        if not is_mapping(schema) or value is None:
            return
        kind = str(schema.get("type") or "")  # an allOf's rules report the node's type
        for part in (schema, *(p for _, p in entries(schema.get("allOf")))):
            self.rules(part, kind, value, path, root)
        if is_mapping(value):
            properties = schema.get("properties")
            extra = schema.get("additionalProperties")
            for key, item in value.items():
                if is_mapping(properties) and key in properties:
                    sub = properties[key]
                    self.node(sub, item, (*path, str(key)), _embedded(sub))
                elif is_mapping(extra):
                    self.node(extra, item, (*path, Key(str(key))), _embedded(extra))
        elif isinstance(value, list):
            items = schema.get("items")
            for i, item in enumerate(value):
                self.node(items, item, (*path, i), _embedded(items))

    def rules(
        self, schema: Mapping[str, Any], kind: str, value: Any, path: JsonPath, root: bool
    ) -> None:
        current: Any = None
        for _, rule in entries(schema.get("x-kubernetes-validations")):
            text = rule.get("rule")
            if not isinstance(text, str) or not text.strip():
                continue
            old_self = bool(_OLD_SELF.search(text))
            if old_self and rule.get("optionalOldSelf") is not True:
                continue  # a transition rule: no old object on a create
            if current is None:
                current = to_cel(_resource_root(value) if root else value, schema)
            variables = {"self": current, **({"oldSelf": NONE} if old_self else {})}
            outcome = evaluate(text, variables, self.meter)
            if isinstance(outcome, Failure):
                shown = str(rule.get("message") or "").strip() or text.strip()
                detail = f"{outcome.message} evaluating rule: {shown}"
                self.errors.append(invalid(path, kind, detail))
            elif outcome is False:
                where = _field_path(path, schema, rule.get("fieldPath"))
                detail = _message(rule, {"self": current}, self.meter)
                self.errors.append(_error(rule.get("reason"), where, kind, detail))


def _embedded(schema: Any) -> bool:
    return is_mapping(schema) and bool(schema.get("x-kubernetes-embedded-resource"))


def has_rules(schema: Any) -> bool:
    """Whether the schema, anywhere, carries validation rules (the server then has a CEL
    validator for the kind)."""
    if isinstance(schema, list):
        return any(has_rules(item) for item in schema)
    if not is_mapping(schema):
        return False
    return bool(schema.get("x-kubernetes-validations")) or any(
        has_rules(v) for k, v in schema.items() if k not in ("default", "enum", "example")
    )


def rules(schema: Any, value: Any) -> Errors:
    """The failed rules of `schema` (an openAPIV3Schema) and of its nodes, on the resource
    `value` (defaulted), within the evaluation budget."""
    walk = _Walk()
    with contextlib.suppress(OutOfBudget):  # the rest is not evaluated: what was found stands
        walk.node(schema, value, (), True)
    return walk.errors
