"""Schema errors as a person reads them: one Problem per error, at the offending field.

`spec.replicas: expected integer, got string "three"`; an unknown field is reported at its key
with the closest allowed name; a missing required field at the mapping that lacks it. The
`oneOf`/`anyOf` noise of JSON-schema libraries (int-or-string, quantities) becomes one message.
"""

from __future__ import annotations

import base64
import difflib
import json
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from kubelint.k8s.quantity import QuantityError, parse_quantity
from kubelint.printable import json_quote
from kubelint.rules.base import Problem
from kubelint.schema.store import QUANTITY, Schema
from kubelint.yamlload import JsonPath, format_path

if TYPE_CHECKING:  # loaded with the first schema (kubelint.schema.store)
    import jsonschema_rs

_TYPE_NAMES = {"object": "mapping", "array": "list"}
_MAX_SHOWN = 40  # characters of a string value quoted in a message
# keyword → (how the limit reads, the unit of what is counted)
_LIMITS = {
    "minimum": ("at least", ""),
    "maximum": ("at most", ""),
    "exclusiveMinimum": ("greater than", ""),
    "exclusiveMaximum": ("less than", ""),
    "minLength": ("at least", " characters long"),
    "maxLength": ("at most", " characters long"),
    "minItems": ("at least", " items long"),
    "maxItems": ("at most", " items long"),
    "minProperties": ("at least", " fields long"),
    "maxProperties": ("at most", " fields long"),
}


def json_type(value: object) -> str:
    """The JSON type of a plain value, in the words the messages use."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "list" if isinstance(value, list) else "mapping"


def shown(value: object) -> str:
    """`string "three"`, `integer 3`, `boolean true`, `null`, `mapping`, `list`."""
    kind = json_type(value)
    if isinstance(value, str):
        return f"{kind} {json_quote(value, _MAX_SHOWN, ascii=False)}"
    if kind in ("integer", "number", "boolean"):
        return f"{kind} {json_quote(value)}"
    return kind


def expected(types: Sequence[str]) -> str:
    names = sorted({_TYPE_NAMES.get(t, t) for t in types if t != "null"})
    return " or ".join(names) or "null"


def _label(path: JsonPath, message: str) -> str:
    where = format_path(path)
    return f"{where}: {message}" if where else message


def jsonable(value: Any) -> Any:
    """YAML data as the API server receives it after YAML-to-JSON conversion: keys become
    strings (`1` → "1", `true` → "true", `null` → "null"), `!!binary` its base64 text and a
    `!!set` a mapping of nulls."""
    if isinstance(value, Mapping):
        return {_key(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, set | frozenset):
        return {_key(k): None for k in value}
    return value


def _key(key: object) -> str:
    if isinstance(key, str):
        return key
    return json.dumps(key) if key is None or isinstance(key, bool) else str(key)


def problems(schema: Schema, instance: Any) -> Iterator[Problem]:
    """Every error of an invalid instance; nothing for a valid one (the fast check first)."""
    try:
        if schema.validator.is_valid(instance):
            return
    except ValueError:  # data JSON cannot hold: a key that is no string, binary, a set
        instance = jsonable(instance)
        if schema.validator.is_valid(instance):
            return
    for error in schema.validator.iter_errors(instance):
        yield from convert(schema, error)


def convert(schema: Schema, error: jsonschema_rs.ValidationError) -> Iterator[Problem]:
    path: JsonPath = tuple(error.instance_path)
    kind = error.kind
    name = kind.name
    value = error.instance
    if name == "type":
        types: list[str] = kind.as_dict()["types"]
        wanted = "a quantity (e.g. 500m, 1Gi, 2)" if QUANTITY in error.schema_path else None
        message = f"expected {wanted or expected(types)}, got {shown(value)}"
        yield Problem(_label(path, message), path)
    elif name == "additionalProperties":
        node = schema.node(error.absolute_keyword_location, error.schema_path)
        allowed = list(node.get("properties", {})) if isinstance(node, Mapping) else []
        for field in kind.as_dict()["unexpected"]:
            close = difflib.get_close_matches(field, allowed, n=1)
            hint = f' (did you mean "{close[0]}"?)' if close else ""
            message = _label(path, f"unknown field {json_quote(field)}{hint}")
            yield Problem(message, (*path, field), key=True)
    elif name == "required":
        field = kind.as_dict()["property"]
        yield Problem(_label(path, f"missing required field {json.dumps(field)}"), path, key=True)
    elif name == "enum":
        options = ", ".join(json.dumps(o) for o in kind.as_dict()["options"])
        message = f"unsupported value {json_quote(value)} (supported values: {options})"
        yield Problem(_label(path, message), path)
    elif name == "pattern":
        yield Problem(_label(path, _pattern(error)), path)
    elif name in _LIMITS:
        text, unit = _LIMITS[name]
        limit = kind.as_dict()["limit"]
        if unit and isinstance(value, str | list | dict):
            message = f"must be {text} {limit}{unit} (it is {len(value)})"
        else:
            message = f"must be {text} {limit}, got {shown(value)}"
        yield Problem(_label(path, message), path)
    elif isinstance(kind, _alternative_kinds()):
        yield from _alternatives(schema, error, path)
    else:
        yield Problem(_label(path, error.message), path)


def _alternative_kinds() -> tuple[type, ...]:
    """The kinds of error `_alternatives` words: no branch of an `anyOf` or a `oneOf` valid."""
    from jsonschema_rs import ValidationErrorKind

    return ValidationErrorKind.AnyOf, ValidationErrorKind.OneOfNotValid


def _pattern(error: jsonschema_rs.ValidationError) -> str:
    if QUANTITY in error.schema_path:
        try:
            parse_quantity(error.instance)
        except QuantityError as exc:
            return str(exc)
    pattern = error.kind.as_dict()["pattern"]
    return f"{json_quote(error.instance)} does not match the pattern {pattern}"


def _alternatives(
    schema: Schema, error: jsonschema_rs.ValidationError, path: JsonPath
) -> Iterator[Problem]:
    """One message for `oneOf`/`anyOf`: the types when every branch wants another type, else the
    errors of the branch that came closest."""
    branches: list[list[jsonschema_rs.ValidationError]] = error.kind.context  # type: ignore[attr-defined]
    if branches and all(
        len(b) == 1 and b[0].kind.name == "type" and tuple(b[0].instance_path) == path
        for b in branches
    ):
        types = [t for b in branches for t in b[0].kind.as_dict()["types"]]
        yield Problem(
            _label(path, f"expected {expected(types)}, got {shown(error.instance)}"), path
        )
        return
    closest = min(branches, key=len, default=[])
    if not closest:
        yield Problem(_label(path, error.message), path)
    for inner in closest:
        yield from convert(schema, inner)
